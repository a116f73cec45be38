"""What every report figure shares: seaborn's look applied only while a figure is drawn, and saving.

Figures are :class:`matplotlib.figure.Figure` objects built with the object API (no pyplot, no backend switch, no
global theme), so importing or drawing leaves nothing changed for the caller (a notebook keeps its backend and
style). The style context sets ``rcParams`` while a figure is drawn and restores them after, so draw report
figures from one thread at a time (the web app's charts use no style context). Nothing is written until
:func:`save_figures` is called.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import seaborn as sns
from matplotlib.figure import Figure

from smartgov.model import metrics

STYLE, CONTEXT = "whitegrid", "paper"
DPI = 110


@contextmanager
def figure_style() -> Iterator[None]:
    """Seaborn's style and context for the figures drawn inside; the previous settings come back on exit."""
    with sns.axes_style(STYLE), sns.plotting_context(CONTEXT):
        yield


def outcome_label(name: str, direction: bool = False) -> str:
    """An outcome's English label from the registry (the name itself if it is not a registered outcome), with
    "(higher/lower is better)" if ``direction`` and the registry says which."""
    spec = metrics.OUTCOMES.get(name)
    if spec is None:
        return name
    if not direction or spec.higher_is_better is None:
        return spec.label_en
    return f"{spec.label_en} ({'higher' if spec.higher_is_better else 'lower'} is better)"


def save_figures(figures: dict[str, Figure], folder: Path | str, dpi: int = DPI) -> list[Path]:
    """Write each figure as ``folder/<name>`` (the name carries the format, e.g. ``timeseries.png``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, figure in figures.items():
        path = folder / name
        figure.savefig(path, dpi=dpi)
        paths.append(path)
    return paths

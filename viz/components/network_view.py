"""The social network, coloured by trust, group or need met; the layout is computed once per run."""

from __future__ import annotations

import solara

from smartgov.viz.components import state
from smartgov.viz.components.network_image import COLOUR_MODES, NetworkPicture
from smartgov.viz.components.run import Run
from smartgov.viz.i18n import t


def picture_for(run: Run) -> NetworkPicture:
    """The run's layout and tie background, made on first use and kept with the run (never per frame)."""
    with run.lock:
        if "picture" not in run.cache:
            run.cache["picture"] = NetworkPicture(run.model)
        return run.cache["picture"]


def network_png(run: Run, mode: str) -> bytes:
    """The network in colour ``mode``, drawn between steps (never from a half-finished one)."""
    picture = picture_for(run)
    with run.lock:
        return picture.png(run.model, mode)


@solara.component
def NetworkView(run: Run, version: int) -> None:
    lang = state.lang.value
    mode = state.colour_mode.value
    image = solara.use_memo(lambda: network_png(run, mode), dependencies=[id(run), version, mode])
    with solara.Column(gap="4px", classes=["sg-network"]):
        with solara.Row(style={"align-items": "center"}):
            solara.Text(t("network", lang), style={"font-weight": "600"})
            with solara.ToggleButtonsSingle(value=mode, on_value=state.colour_mode.set, dense=True,
                                            classes=["sg-colour-mode"]):
                for option in COLOUR_MODES:
                    solara.Button(t(f"colour_{option}", lang), value=option, text=True,
                                  classes=[f"sg-colour-{option}"])
        solara.Image(image, width="100%", classes=["sg-network-image"])
        legend = t(f"legend_{mode}", lang) + ("" if mode == "group" else "; " + t("legend_shape", lang))
        solara.Text(legend, style={"font-size": "0.8em", "color": "#555"})
        solara.Text(t("network_note", lang, n=run.params.n_citizens, e=run.model.network.n_edges),
                    style={"font-size": "0.75em", "color": "#888"})

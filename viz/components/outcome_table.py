"""A small table of outcomes as plain HTML (``<table>``): no row-number column, cells already formatted.

``solara.DataFrame`` always adds the pandas index as a first column and prints NaN as "NaN"; the tables of the
Compare and Lessons views are a handful of formatted rows, so they are drawn directly.
"""

from __future__ import annotations

import pandas as pd
import solara


@solara.component
def OutcomeTable(table: pd.DataFrame, class_: str = "sg-outcome-table") -> None:
    """``table`` as it is (every cell shown with ``str``), header from its columns."""
    with solara.v.SimpleTable(dense=True, class_=class_):
        with solara.v.Html(tag="thead"), solara.v.Html(tag="tr"):
            for column in table.columns:
                solara.v.Html(tag="th", children=[str(column)])
        with solara.v.Html(tag="tbody"):
            for row in table.itertuples(index=False):
                with solara.v.Html(tag="tr"):
                    for value in row:
                        solara.v.Html(tag="td", children=[str(value)])

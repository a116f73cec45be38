"""A user's own scenario: a dropped .yaml file or pasted text, size-checked and validated by the safe loader.

Nothing the user supplies is executed: YAML is read with ``yaml.safe_load`` and every parameter is validated
against the metadata before a model is built. Problems go to the message bar; the app keeps working.
"""

from __future__ import annotations

import solara

from smartgov.scenarios import MAX_FILE_BYTES
from smartgov.viz.components import state
from smartgov.viz.i18n import t


def on_file(info: dict) -> None:
    """FileDrop callback (lazy): check the size before reading a single byte."""
    size = int(info.get("size", 0))
    if size > MAX_FILE_BYTES:
        state.report("error", t("upload_too_big", state.lang.value, size=size, max=MAX_FILE_BYTES))
        return
    data = info["file_obj"].read(MAX_FILE_BYTES + 1)
    state.load_uploaded(str(info.get("name", "uploaded.yaml")), data)


@solara.component
def ScenarioUpload() -> None:
    lang = state.lang.value
    text, set_text = solara.use_state("")
    with solara.Details(t("upload_title", lang)):
        solara.FileDrop(label=t("upload_drop", lang, kb=MAX_FILE_BYTES // 1024), on_file=on_file, lazy=True)
        with solara.Column(classes=["sg-upload-text"]):
            solara.InputTextArea(t("upload_paste", lang), value=text, on_value=set_text, rows=4,
                                 continuous_update=True)
        solara.Button(t("upload_load", lang), on_click=lambda: state.load_uploaded("pasted.yaml", text.encode()),
                      classes=["sg-upload-load"], outlined=True)

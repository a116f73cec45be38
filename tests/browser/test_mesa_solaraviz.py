"""The model in Mesa's own SolaraViz, in a real headless Chromium: the page draws (not only the sidebar, Mesa
#3806), Step advances, and Reset rebuilds the model from the controls with the chosen seed.

The server is ``solara run`` on a small Mesa app written for the test (docs/model.md has the same shape); the
Chromium launch arguments come from tests/browser/conftest.py.
"""

from __future__ import annotations

import os
import sys

import pytest
from playwright.sync_api import Page, expect

from smartgov.viz.offline_assets import ensure_assets

pytest.importorskip("altair", reason="mesa.visualization imports altair; install it to run SolaraViz")

APP = '''
import solara
from mesa.visualization import SolaraViz, make_plot_component

from smartgov.model import GovernanceModel

model_params = {
    "rng": {"type": "SliderInt", "value": 42, "min": 0, "max": 1000, "step": 1, "label": "Seed"},
    "n_citizens": {"type": "SliderInt", "value": 300, "min": 100, "max": 2000, "step": 100, "label": "Citizens"},
    "data_sharing": {"type": "Select", "value": "siloed", "values": ["siloed", "fusion", "open"],
                     "label": "Data sharing"},
}


def state_card(model):
    return solara.Text(f"sharing={model.params.data_sharing} citizens={model.params.n_citizens} "
                       f"seed={model._seed} week={model.steps}", classes=["sg-mesa-state"])


page = SolaraViz(GovernanceModel(n_citizens=300, rng=42),
                 components=[make_plot_component("trust"), state_card],
                 model_params=model_params, name="smartgov in SolaraViz")
'''


@pytest.fixture(scope="module")
def mesa_server(tmp_path_factory: pytest.TempPathFactory, web_server: tuple):
    """``solara run`` on the Mesa app, on 127.0.0.1 and a free port; stopped by its own id afterwards."""
    folder = tmp_path_factory.mktemp("mesa_app")
    (folder / "mesa_app.py").write_text(APP, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SOLARA_ASSETS_PROXY_CACHE_DIR": str(ensure_assets(quiet=True)),
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_ASSETS_PROXY": "True"}
    serve, free_port = web_server
    port = free_port()
    log = folder / "server.log"
    argv = [sys.executable, "-m", "solara", "run", str(folder / "mesa_app.py"), "--host", "127.0.0.1", "--port",
            str(port), "--production", "--no-open"]
    with serve(argv, port, log, env, cwd=folder) as url:
        yield url, log


def test_mesa_solaraviz_draws_steps_and_resets_with_the_chosen_controls(page: Page, mesa_server, offsite_requests):
    url, log = mesa_server
    outside = offsite_requests
    page.set_default_timeout(30_000)
    page.goto(url)
    state = page.locator(".sg-mesa-state")
    expect(state).to_have_text("sharing=siloed citizens=300 seed=42 week=0")  # main area drawn, not only sidebar
    expect(page.locator(".v-window img").first).to_be_visible()  # make_plot_component("trust")

    page.get_by_role("button", name="Step").click()
    expect(state).to_contain_text("week=1")

    page.locator(".v-select", has_text="Data sharing").locator(".v-select__slot").click()
    page.locator(".menuable__content__active .v-list-item", has_text="fusion").click()
    page.get_by_role("button", name="Reset").click()
    expect(state).to_have_text("sharing=fusion citizens=300 seed=42 week=0")
    page.get_by_role("button", name="Step").click()
    expect(state).to_contain_text("week=1")
    assert "Could not load URL" not in log.read_text(errors="replace")
    assert not outside, f"the page requested files from outside this machine: {outside[:5]}"

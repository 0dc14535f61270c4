"""Every notebook in JupyterLab in a real browser, as a reader runs it (tools/lab_browser.py): opened
with the Java kernel, Run All Cells, idle within the bound; then what the page shows. Expected counts
come from the copies nbclient executed (build/notebooks), a separate run of the same notebooks."""

import re

import pytest

from conftest import BUILD, NOTEBOOKS
from ropelab_run import VERDICT

NAMES = [p.stem for p in NOTEBOOKS]


def bundles(executed_nb):
    return [o["data"] for c in executed_nb["cells"] for o in c.get("outputs", []) if "data" in o]


def html(bundle):
    value = bundle.get("text/html", "")
    return "".join(value) if isinstance(value, list) else value


def charts_in(executed_nb):
    return sum(1 for b in bundles(executed_nb) if "application/vnd.plotly.v1+json" in b)


@pytest.mark.parametrize("name", NAMES)
def test_runs_all_cells_with_the_java_kernel_without_asking(lab_browser, name):
    nb = lab_browser["byName"][name]
    assert not nb.get("failure"), nb.get("failure")
    assert nb["kernel"] == "java"
    assert not nb.get("kernelDialog") and nb["kernelDialogs"] == 0, "a kernel dialog asked"
    assert not nb["newsPrompt"], "the 'Jupyter news' prompt showed"
    assert nb["codeCells"] > 0 and all(re.fullmatch(r"\[\d+\]:", p) for p in nb["prompts"]), nb["prompts"]


@pytest.mark.parametrize("name", NAMES)
def test_no_error_output_in_the_page(lab_browser, name):
    assert lab_browser["byName"][name]["stderr"] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_declared_claim_shows_a_passing_verdict(lab_browser, path, executed):
    shown = {}
    for glyph, claim, _, _ in VERDICT.findall("\n".join(lab_browser["byName"][path.stem]["stdout"])):
        shown.setdefault(claim, []).append(glyph)
    for claim in executed[path.stem]["metadata"]["ropelab"]["claims"]:
        assert claim in shown, f"no verdict line for {claim} in the page"
        assert "✗" not in shown[claim], f"{claim} fails"


@pytest.mark.parametrize("name", NAMES)
def test_tables_show_as_html_tables(lab_browser, executed, name):
    expected = sum(1 for b in bundles(executed[name]) if '<table class="ropelab-table">' in html(b))
    assert expected > 0
    assert lab_browser["byName"][name]["htmlTables"] == expected


@pytest.mark.parametrize("name", NAMES)
def test_charts_are_drawn_by_jupyterlabs_plotly_renderer_as_svg(lab_browser, executed, name):
    nb = lab_browser["byName"][name]
    expected = charts_in(executed[name])
    assert expected > 0
    assert nb["plotlyOutputs"] == expected, f"{nb['plotlyOutputs']} of {expected} charts went to the Plotly renderer"
    assert nb["plotlySvg"] == expected, f"{nb['plotlySvg']} of {expected} charts drawn as SVG"
    assert nb["htmlFigureFallbacks"] == 0 and nb["textFigureFallbacks"] == 0, "a chart fell back to HTML or text"


@pytest.mark.parametrize("name", NAMES)
def test_no_request_left_127_0_0_1(lab_browser, name):
    assert lab_browser["byName"][name]["blocked"] == []


@pytest.mark.parametrize("name", NAMES)
def test_one_screenshot_per_notebook(lab_browser, name):
    shot = BUILD / "screenshots" / f"{name}.png"
    assert shot.is_file()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000, "not a real screenshot"


def test_jupyterlab_as_shipped_asks_nothing_of_the_network(lab_browser):
    """The settings come from the environment (tools/jupyter), with an empty user settings folder."""
    settings = lab_browser["settings"]
    assert settings["notification"]["fetchNews"] == "false"
    assert settings["notification"]["checkForUpdates"] is False
    assert settings["tracker"]["autoStartDefaultKernel"] is True
    assert settings["defaultKernel"] == "java"


def test_browser_and_jupyterlab_leave_no_process_behind(lab_browser):
    assert lab_browser["strayProcesses"] == []

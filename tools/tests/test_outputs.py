"""The executed notebooks (build/notebooks) and the exported site (build/site) that `make run` wrote."""

import re

import pytest

from conftest import BUILD, NOTEBOOKS, REMOTE_SCRIPT
from ropelab_run import VERDICT

NAMES = [p.stem for p in NOTEBOOKS]


def outputs(nb):
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def text(value):
    return "".join(value) if isinstance(value, list) else str(value)


@pytest.mark.parametrize("name", NAMES)
def test_no_error_outputs(executed, name):
    errors = [(o.get("ename"), o.get("evalue")) for o in outputs(executed[name]) if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("name", NAMES)
def test_every_declared_claim_has_a_passing_verdict(executed, name):
    nb = executed[name]
    printed = "".join(text(o.get("text", "")) for o in outputs(nb) if o["output_type"] == "stream")
    verdicts = {}
    for glyph, claim, _, _ in VERDICT.findall(printed):
        verdicts.setdefault(claim, []).append(glyph)
    for claim in nb["metadata"]["ropelab"]["claims"]:
        assert claim in verdicts, f"{name}: no verdict line for {claim}"
        assert "✗" not in verdicts[claim], f"{name}: {claim} fails"


@pytest.mark.parametrize("name", NAMES)
def test_expected_output_kinds(executed, name):
    bundles = [o["data"] for o in outputs(executed[name]) if "data" in o]
    assert any('<table class="ropelab-table">' in text(b.get("text/html", "")) for b in bundles), "no HTML table"
    figures = [b for b in bundles if "application/vnd.plotly.v1+json" in b]
    assert figures, "no Plotly chart"
    for b in figures:
        figure = b["application/vnd.plotly.v1+json"]
        assert figure["data"] and "layout" in figure
        assert "text/html" in b, "a chart needs its offline HTML too"


@pytest.mark.parametrize("name", NAMES)
def test_no_output_loads_a_remote_script(executed, name):
    for o in outputs(executed[name]):
        for mime, value in o.get("data", {}).items():
            if mime.startswith("text/"):
                assert not REMOTE_SCRIPT.search(text(value)), f"{name}: {mime} output loads a script from the network"


def test_site_pages_exist_and_load_nothing_remote():
    site = BUILD / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert f'href="{name}.html"' in index, f"index.html does not list {name}"
        page = (site / f"{name}.html").read_text(encoding="utf-8")
        assert not REMOTE_SCRIPT.search(page), f"{name}.html loads a script from the network"
    for asset in ("plotly.min.js", "mathjax/tex-chtml-full.js"):
        assert (site / asset).is_file(), f"site lacks {asset}"


UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


@pytest.mark.parametrize("name", NAMES)
def test_no_cell_shows_a_display_id(executed, name):
    # `display(x);` as a cell's last statement shows the kernel's random display id: reruns would differ
    for o in outputs(executed[name]):
        if o["output_type"] == "execute_result":
            assert not re.match(UUID, text(o["data"].get("text/plain", "")).strip()), f"{name}: a cell ends in display(...)"

"""The exported pages in a real browser (headless Chromium via playwright-core, from file://, every
network request blocked and recorded; tools/lab_browser.py): every chart is drawn by the local
plotly.js and the math is typeset by the local MathJax."""

import json

import pytest

from conftest import BUILD, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_page_draws_its_charts_and_math_with_the_network_blocked(lab_browser, path):
    executed = json.loads((BUILD / "notebooks" / path.name).read_text(encoding="utf-8"))
    charts = sum(
        1 for c in executed["cells"] for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})
    )
    page = lab_browser["sitePages"][f"{path.stem}.html"]
    assert not page.get("failure"), page.get("failure")
    assert page["blocked"] == [], "the page tried to reach the network"
    assert page["figures"] == charts and page["drawn"] == charts, f"{page['drawn']} of {charts} charts drawn"
    assert page["math"] > 0, "MathJax did not typeset the page"

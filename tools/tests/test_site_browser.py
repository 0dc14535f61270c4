"""The exported pages in a real browser (headless Chromium via playwright-core, from file://, every
network request blocked and recorded; tools/lab_browser.py): every chart is drawn by the local
plotly.js and the math is typeset by the local MathJax."""

import json
from pathlib import Path

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


def test_site_reads_as_a_book_and_every_link_resolves_offline(lab_browser):
    """Every page (and the index) from file:// with the network blocked: each file:// link reaches a page,
    and a #fragment an element of it (the browser opens every target); the download links reach files;
    the only other links are Binder's and the Plotly mode bar's logo, never requested. Every chapter
    has the contents sidebar with itself marked, previous/next links in order, its claims, the .ipynb
    and Binder; the index opens with the path through the chapters, a drawn picture each."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    pages = lab_browser["sitePages"]
    names = [p.stem for p in NOTEBOOKS]
    assert "index.html" in pages, "the browser test did not open the index"
    for name, page in pages.items():
        assert not page.get("failure"), f"{name}: {page.get('failure')}"
        assert page["blocked"] == [], f"{name} tried to reach the network: {page['blocked']}"
        assert page["unresolved"] == [], f"{name}: links that reach no page or element: {page['unresolved']}"
        for href in page["external"]:
            assert href.startswith(("https://mybinder.org/v2/gh/", "https://plotly.com/")), f"{name}: external link {href}"
        for href in page["files"]:
            assert Path(url2pathname(urlparse(href).path)).is_file(), f"{name}: {href} is missing"
    index = pages["index.html"]
    assert index["thumbnails"] == len(names) and index["thumbnailsDrawn"] == index["thumbnails"], "index pictures not drawn"
    first = [link["href"].rsplit("/", 1)[-1] for link in index["links"]][: 3 * len(names)]
    for name in names:
        assert f"{name}.html" in first, f"the index's path through the chapters lacks {name}"
    for i, name in enumerate(names):
        page = pages[f"{name}.html"]
        assert page["contents"] == [f"{n}.html" for n in names], f"{name}: the contents sidebar is not the book"
        assert page["current"] == [f"{name}.html"]
        assert set(page["previous"]) == ({f"{names[i - 1]}.html"} if i > 0 else set()), f"{name}: previous"
        assert set(page["next"]) == ({f"{names[i + 1]}.html"} if i + 1 < len(names) else set()), f"{name}: next"
        texts = {link["text"] for link in page["links"]}
        for wanted in ("this chapter's claims", "in the ledger", "download the .ipynb", "open in JupyterLab on Binder"):
            assert wanted in texts, f"{name} has no link '{wanted}'"

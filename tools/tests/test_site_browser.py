"""The exported pages in a real browser (headless Chromium, from disk, no network): every chart
is drawn by the local plotly.js and the math is typeset by the local MathJax."""

import json
import re
import shutil
import subprocess

import pytest

from conftest import BUILD, NOTEBOOKS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def rendered_dom(page, profile):
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_page_draws_its_charts_and_math_offline(path, tmp_path):
    executed = json.loads((BUILD / "notebooks" / path.name).read_text(encoding="utf-8"))
    charts = sum(
        1 for c in executed["cells"] for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})
    )
    dom = rendered_dom(BUILD / "site" / f"{path.stem}.html", tmp_path / "profile")
    divs = re.findall(r"<div\b[^>]*>", dom)
    drawn = sum(1 for d in divs if 'id="ropelab-fig-' in d and "js-plotly-plot" in d)
    assert drawn == charts, f"{drawn} of {charts} charts drawn"
    assert "<mjx-container" in dom, "MathJax did not typeset the page"

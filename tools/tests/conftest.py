"""Shared paths and helpers for the checks of ropelab's notebooks, build outputs and site."""

import json
import re
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BUILD = ROOT / "build"
STARTED = time.time()
# The first code cell of every notebook: a guard line that says to run make when the library is missing
# (JJava runs it before the %classpath magic below it), then the library and its imports.
SETUP_CELL = ('if (!new java.io.File("../lib/target/ropelab.jar").isFile()) throw new IllegalStateException(\n'
              '        "the ropelab library is not built: run `make` in the project folder, then restart the kernel");\n'
              "%classpath ../lib/target/ropelab.jar ../lib/target/dependency/*.jar\n"
              "// the library, one package per step of the derivation\n"
              "import org.ropelab.claims.*; import org.ropelab.geometry.*; import org.ropelab.attention.*;\n"
              "import org.ropelab.absolute.*; import org.ropelab.relative.*; import org.ropelab.rope.*;\n"
              "import org.ropelab.scaling.*; import org.ropelab.models.*; import org.ropelab.precision.*;\n"
              "import org.ropelab.train.*; import org.ropelab.display.*;")
# A script loaded from the network: <script src="http…"> or an ES module import from http(s).
REMOTE_SCRIPT = re.compile(r"""<script[^>]*\bsrc\s*=\s*["']?\s*(https?:)?//|\bimport\b[^;\n]*["']https?://""", re.IGNORECASE)


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def executed():
    """The executed copies `make run` wrote, by notebook name; fails if any is missing."""
    copies = {}
    for nb in NOTEBOOKS:
        copy = BUILD / "notebooks" / nb.name
        assert copy.is_file(), f"{copy} is missing: run `make run` (make test does) first"
        copies[nb.stem] = load(copy)
    return copies


@pytest.fixture(scope="session")
def lab_browser():
    """Runs every notebook in JupyterLab in headless Chromium, then the site pages with the network
    blocked (tools/lab_browser.py); returns the findings. Needs `make run`'s outputs (make test runs it)."""
    import lab_browser as driver

    for nb in NOTEBOOKS:
        assert (BUILD / "site" / f"{nb.stem}.html").is_file(), "run `make run` (make test does) first"
    findings = driver.run(NOTEBOOKS, BUILD, log=lambda line: None)
    findings["byName"] = {nb["name"]: nb for nb in findings["notebooks"]}
    findings["sitePages"] = {page["page"]: page for page in findings["site"]}
    return findings


def pytest_terminal_summary(terminalreporter):
    """Prints the browser test's time per notebook (from build/lab-browser.json) after a run that made it."""
    findings = BUILD / "lab-browser.json"
    if findings.is_file() and findings.stat().st_mtime >= STARTED:
        terminalreporter.section("JupyterLab in Chromium: seconds per notebook (kernel ready / idle after Run All)")
        for nb in load(findings)["notebooks"]:
            terminalreporter.write_line(
                f"{nb['name']}: {nb.get('kernelReadySeconds', '–')} / {nb.get('seconds', '–')}"
                + (f"  FAILED: {nb['failure']}" if nb.get("failure") else "")
            )

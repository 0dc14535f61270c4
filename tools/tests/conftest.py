"""Shared paths and helpers for the checks of ropelab's notebooks, build outputs and site."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BUILD = ROOT / "build"
SETUP_CELL = "%classpath ../lib/target/ropelab.jar ../lib/target/dependency/*.jar\nimport org.ropelab.*; import org.ropelab.display.*;"
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

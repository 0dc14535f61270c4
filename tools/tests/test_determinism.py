"""Reruns give the same outputs, byte for byte: fixed seeds, content-derived chart ids, figure JSON
independent of map iteration order, no timestamps, no dependence on locale or time zone. The first
run is the one `make test` already wrote to build/notebooks; each test executes once more into a
folder of its own. Cells tagged `timing` (wall-clock measurements) are the only outputs skipped."""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import BUILD, NOTEBOOKS, ROOT, load

RUNNER = [sys.executable, str(ROOT / "tools" / "ropelab_run.py")]
TIMING = "timing"
GERMAN_KIRITIMATI = {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "TZ": "Pacific/Kiritimati"}
# Numbers with decimals and charts: what a decimal comma or a time zone would change first.
LOCALE_NOTEBOOKS = [p for p in NOTEBOOKS if p.name.startswith(("04-", "06-"))]


def comparable(nb):
    """Returns, per code cell, the bytes that must match between two runs: its outputs and execution
    count, with execution-timing metadata (cell metadata `execution`) left out; a cell tagged
    `timing` contributes only the marker 'skipped'."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        if TIMING in cell.get("metadata", {}).get("tags", []):
            cells.append("skipped")
        else:
            cells.append(json.dumps([cell.get("execution_count"), cell.get("outputs")], sort_keys=True, ensure_ascii=False))
    return cells


def differences(first, second):
    a, b = comparable(first), comparable(second)
    if len(a) != len(b):
        return [f"{len(a)} code cells vs {len(b)}"]
    return [f"code cell {i}: {x[:300]} ≠ {y[:300]}" for i, (x, y) in enumerate(zip(a, b)) if x != y]


def execute_again(out, paths, env=None):
    done = subprocess.run(RUNNER + ["--out", str(out)] + [str(p) for p in paths],
                          capture_output=True, text=True, timeout=3600, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return {p.stem: load(out / "notebooks" / p.name) for p in paths}


@pytest.fixture(scope="module")
def second_run(tmp_path_factory):
    """Every notebook executed a second time."""
    return execute_again(tmp_path_factory.mktemp("rerun"), NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_second_run_reproduces_every_output(second_run, executed, path):
    assert not differences(executed[path.stem], second_run[path.stem])


def test_german_locale_and_kiritimati_time_give_the_same_outputs(tmp_path, executed):
    env = {**os.environ, **GERMAN_KIRITIMATI}
    seen = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True, env=env)
    assert re.search(r"user\.language = de\b", seen.stderr), (
        "the JVM does not see de_DE.UTF-8; generate it with `make locale` (make test does)")
    again = execute_again(tmp_path, LOCALE_NOTEBOOKS, env)
    assert LOCALE_NOTEBOOKS
    for path in LOCALE_NOTEBOOKS:
        assert not differences(executed[path.stem], again[path.stem]), path.stem


def test_the_comparison_sees_a_changed_output_and_skips_only_timing_cells():
    def nb(*cells):
        return {"cells": [{"cell_type": "code", "execution_count": i + 1, "metadata": m, "outputs": [o]}
                          for i, (m, o) in enumerate(cells)]}

    out = {"output_type": "stream", "name": "stdout", "text": "0.5\n"}
    other = {"output_type": "stream", "name": "stdout", "text": "0,5\n"}
    timed = {"tags": [TIMING]}
    assert differences(nb(({}, out)), nb(({}, other)))
    assert not differences(nb(({}, out)), nb(({"execution": {"iopub.status.idle": "now"}}, out)))
    assert not differences(nb((timed, out)), nb((timed, other)))
    assert differences(nb(({"tags": ["other"]}, out)), nb(({"tags": ["other"]}, other)))


def test_readme_names_every_notebook_with_timing_cells():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tested = readme[readme.index("## How it is tested"):]
    for path in NOTEBOOKS:
        timed = [i for i, c in enumerate(load(path)["cells"]) if TIMING in c.get("metadata", {}).get("tags", [])]
        if timed:
            assert path.stem in tested, f"README's 'How it is tested' must say why {path.stem}'s cells {timed} are skipped"

"""Reruns give the same outputs: fixed seeds, content-derived chart ids, no timestamps."""

import json
import subprocess
import sys

from conftest import BUILD, NOTEBOOKS, ROOT


def outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"]


def test_rerunning_the_first_notebook_reproduces_every_output(tmp_path):
    first = NOTEBOOKS[0]
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "ropelab_run.py"), "--out", str(tmp_path), str(first)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert outputs(tmp_path / "notebooks" / first.name) == outputs(BUILD / "notebooks" / first.name)

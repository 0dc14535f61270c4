"""The runner itself: a failed check, a missing verdict or a broken cell makes the run fail, the
other notebooks still run, and the sources are never rewritten."""

import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT


def notebook(path, claims, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jjava)", "language": "java"}
    nb.metadata["ropelab"] = {"claims": claims}
    lib = ROOT / "lib" / "target"
    setup = f"%classpath {lib}/ropelab.jar {lib}/dependency/*.jar\nimport org.ropelab.*;"
    nb.cells = [nbformat.v4.new_code_cell(setup)] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    src = tmp_path_factory.mktemp("notebooks")
    out = tmp_path_factory.mktemp("build")
    paths = [
        notebook(src / "a-fails.ipynb", ["C002-06"],
                 'var claims = Claims.start();\nclaims.holds("C002-06", "made to fail", 0.5, 1e-12);',
                 'System.out.println("after the failure");'),
        notebook(src / "b-missing.ipynb", ["C000-03", "C000-04"],
                 'var claims = Claims.start();\nclaims.holds("C000-03", "holds", 0.0, 1e-12);'),
        notebook(src / "c-broken.ipynb", ["C000-05"], "int x = \"not a number\";"),
        notebook(src / "d-good.ipynb", ["C000-03"],
                 'var claims = Claims.start();\nclaims.holds("C000-03", "holds", 1e-17, 1e-12);'),
    ]
    before = {p: p.read_bytes() for p in paths}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "ropelab_run.py"), "--out", str(out)] + [str(p) for p in paths],
        capture_output=True, text=True, timeout=600,
    )
    return done, out, before


def test_exit_code_is_nonzero(run):
    done, _, _ = run
    assert done.returncode == 1, done.stdout + done.stderr


def test_summary_counts_and_names_each_failure(run):
    done, _, _ = run
    summary = [l for l in done.stdout.splitlines() if l.startswith("summary:")]
    assert summary and "4 notebooks run, 3 failed" in summary[0], done.stdout
    assert "✓ 2" in summary[0] and "✗ 1" in summary[0], summary[0]
    assert "FAILED a-fails" in done.stdout
    assert "no verdict for C000-04" in done.stdout
    assert "FAILED c-broken" in done.stdout
    assert "FAILED d-good" not in done.stdout


def test_failed_check_stops_its_notebook_and_is_kept_in_the_copy(run):
    _, out, _ = run
    nb = nbformat.read(out / "notebooks" / "a-fails.ipynb", as_version=4)
    check = nb.cells[1].outputs
    assert any(o.output_type == "stream" and "✗ C002-06 made to fail" in o.text for o in check)
    assert any(o.output_type == "error" for o in check)
    assert nb.cells[2].outputs == [], "cells after a failure are not run"


def test_a_partial_rerun_keeps_the_other_notebooks_on_the_index(run):
    _, out, before = run
    good = [p for p in before if p.stem == "d-good"][0]
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "ropelab_run.py"), "--out", str(out), str(good)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("a-fails", "b-missing", "c-broken", "d-good"):
        assert f'href="{name}.html"' in index
    assert "FAILED: no verdict for C000-04" in index


def test_sources_are_not_rewritten_and_all_pages_written(run):
    _, out, before = run
    for path, content in before.items():
        assert path.read_bytes() == content
        assert (out / "site" / (path.stem + ".html")).is_file()
    assert "d-good.html" in (out / "site" / "index.html").read_text(encoding="utf-8")

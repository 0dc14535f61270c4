"""The runner itself: a failed check, a missing verdict, a broken cell, a kernel that dies and a
cell past the time limit each make the run fail with the notebook, cell and reason named; the other
notebooks still run, no kernel process outlives its notebook, the sources are never rewritten, and
an interrupted run leaves no half-written file."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, SETUP_CELL
from ropelab_run import write_atomically

RUNNER = [sys.executable, str(ROOT / "tools" / "ropelab_run.py")]
CELL_LIMIT = 45  # seconds; the setup cell (loading the library) stays well below this


def notebook(path, claims, *cells):
    """Writes a throw-away notebook; its setup cell also writes the kernel's pid to NAME.pid beside it."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jjava)", "language": "java"}
    nb.metadata["ropelab"] = {"claims": claims}
    lib = ROOT / "lib" / "target"
    pid_file = path.with_suffix(".pid")
    setup = (f"%classpath {lib}/ropelab.jar {lib}/dependency/*.jar\nimport org.ropelab.claims.*;\n"
             f'java.nio.file.Files.writeString(java.nio.file.Path.of("{pid_file}"), '
             "String.valueOf(ProcessHandle.current().pid()));")
    nb.cells = [nbformat.v4.new_code_cell(setup)] + [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


def alive(pid):
    """True if process pid exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def kernel_pid(path):
    pid_file = path.with_suffix(".pid")
    assert pid_file.is_file(), f"{path.stem}'s kernel never ran its setup cell"
    return int(pid_file.read_text())


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
        notebook(src / "e-dies.ipynb", ["C000-03"], 'System.out.println("exiting");', "System.exit(1);",
                 'var claims = Claims.start();\nclaims.holds("C000-03", "never reached", 0.0, 1e-12);'),
        notebook(src / "f-hangs.ipynb", ["C000-03"], "Thread.sleep(600_000);",
                 'var claims = Claims.start();\nclaims.holds("C000-03", "never reached", 0.0, 1e-12);'),
        notebook(src / "g-good.ipynb", ["C000-04"],
                 'var claims = Claims.start();\nclaims.holds("C000-04", "holds", 0.0, 1e-12);'),
    ]
    before = {p: p.read_bytes() for p in paths}
    done = subprocess.run(
        RUNNER + ["--out", str(out), "--cell-timeout", str(CELL_LIMIT)] + [str(p) for p in paths],
        capture_output=True, text=True, timeout=900,
    )
    return done, out, before


def test_exit_code_is_nonzero(run):
    done, _, _ = run
    assert done.returncode == 1, done.stdout + done.stderr


def test_summary_counts_and_names_each_failure(run):
    done, _, _ = run
    summary = [l for l in done.stdout.splitlines() if l.startswith("summary:")]
    assert summary and "7 notebooks run, 5 failed" in summary[0], done.stdout
    assert "✓ 3" in summary[0] and "✗ 1" in summary[0], summary[0]
    failed = {l.split()[1].rstrip(":"): l for l in done.stdout.splitlines() if l.startswith("  FAILED ")}
    assert set(failed) == {"a-fails", "b-missing", "c-broken", "e-dies", "f-hangs"}, done.stdout
    assert "cell 1: " in failed["a-fails"] and "ClaimFailedException, ✗ C002-06 made to fail" in failed["a-fails"]
    assert "no verdict for C000-04" in failed["b-missing"]
    assert "cell 1: CompilationException" in failed["c-broken"]
    assert "cell 2: the kernel died" in failed["e-dies"]
    assert f"cell 1: ran past the per-cell time limit of {CELL_LIMIT} s" in failed["f-hangs"]


def test_no_kernel_outlives_its_notebook(run):
    _, _, before = run
    for path in before:
        assert not alive(kernel_pid(path)), f"{path.stem}'s kernel (pid {kernel_pid(path)}) is still running"


def test_dead_and_stuck_notebooks_keep_what_ran(run):
    _, out, _ = run
    dies = nbformat.read(out / "notebooks" / "e-dies.ipynb", as_version=4)
    assert any("exiting" in o.get("text", "") for o in dies.cells[1].outputs)
    assert dies.cells[3].outputs == []
    assert (out / "site" / "f-hangs.html").is_file()
    assert "FAILED: cell 1: ran past" in (out / "site" / "index.html").read_text(encoding="utf-8")


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
    done = subprocess.run(RUNNER + ["--out", str(out), str(good)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("a-fails", "b-missing", "c-broken", "d-good", "e-dies", "f-hangs", "g-good"):
        assert f'href="{name}.html"' in index
    assert "FAILED: no verdict for C000-04" in index


def test_sources_are_not_rewritten_and_all_pages_written(run):
    _, out, before = run
    for path, content in before.items():
        assert path.read_bytes() == content
        assert (out / "site" / (path.stem + ".html")).is_file()
    assert "d-good.html" in (out / "site" / "index.html").read_text(encoding="utf-8")


def interrupt_run(out, how, jobs, *paths):
    """Starts the runner on paths, waits until the last notebook's kernel has run its setup cell,
    sends the signal; returns (exit status, stdout, stderr)."""
    runner = subprocess.Popen(RUNNER + ["--out", str(out), "--jobs", str(jobs)] + [str(p) for p in paths],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not all(p.with_suffix(".pid").is_file() for p in paths[-jobs:]):  # their setup cells have run
            assert runner.poll() is None and time.monotonic() < deadline, "the slow notebook never started"
            time.sleep(0.5)
        time.sleep(2)
        runner.send_signal(how)
        stdout, stderr = runner.communicate(timeout=120)
    finally:
        runner.kill()
    return runner.returncode, stdout, stderr


def assert_interrupted_cleanly(out, status, stdout, stderr, *slow):
    assert status == 130, stdout + stderr
    assert "interrupted" in stderr
    for path in slow:
        assert not alive(kernel_pid(path)), f"{path.stem}'s kernel is still running"
        assert not (out / "notebooks" / path.name).exists()
    assert not (out / "summary.json").exists(), "an interrupted run must not leave a summary"
    assert not [p for p in out.rglob(".*.tmp*")], "temporary files left behind"


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_an_interrupted_run_stops_its_kernel_and_leaves_no_half_written_file(tmp_path, how):
    src = tmp_path / "src"
    src.mkdir()
    out = tmp_path / "build"
    good = notebook(src / "a-good.ipynb", ["C000-03"],
                    'var claims = Claims.start();\nclaims.holds("C000-03", "holds", 0.0, 1e-12);')
    slow = notebook(src / "b-slow.ipynb", ["C000-03"], "Thread.sleep(600_000);")
    # one at a time, so the good notebook is complete when the slow one is interrupted
    assert_interrupted_cleanly(out, *interrupt_run(out, how, 1, good, slow), slow)
    assert nbformat.read(out / "notebooks" / "a-good.ipynb", as_version=4).cells[1].outputs
    assert (out / "site" / "a-good.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_an_interrupted_parallel_run_stops_every_kernel(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    out = tmp_path / "build"
    slow = [notebook(src / f"{name}-slow.ipynb", ["C000-03"], "Thread.sleep(600_000);") for name in ("a", "b")]
    assert_interrupted_cleanly(out, *interrupt_run(out, signal.SIGINT, 2, *slow), *slow)


def test_a_write_interrupted_halfway_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "page.html"
    target.write_text("old, complete")

    def half(tmp):
        tmp.write_text("new, half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, half)
    assert target.read_text() == "old, complete"
    assert list(tmp_path.iterdir()) == [target]
    write_atomically(target, lambda tmp: tmp.write_text("new, complete"))
    assert target.read_text() == "new, complete"
    assert list(tmp_path.iterdir()) == [target]


def test_a_notebook_before_the_library_is_built_fails_with_one_clear_line(tmp_path):
    project = tmp_path / "fresh-clone"
    (project / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jjava)", "language": "java"}
    nb.metadata["ropelab"] = {"claims": ["C000-03"]}
    nb.cells = [nbformat.v4.new_markdown_cell("# unbuilt"),
                nbformat.v4.new_code_cell(SETUP_CELL), nbformat.v4.new_code_cell("1 + 1")]
    path = project / "notebooks" / "unbuilt.ipynb"
    nbformat.write(nb, path)
    done = subprocess.run(RUNNER + ["--out", str(tmp_path / "build"), str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    failed = [l for l in done.stdout.splitlines() if l.startswith("  FAILED unbuilt")]
    assert failed == ["  FAILED unbuilt: cell 1: the library is not built (../lib/target/ropelab.jar is missing): "
                      "run `make` first; no verdict for C000-03"], done.stdout


def test_the_setup_cell_itself_says_to_run_make_when_the_library_is_missing(tmp_path):
    """Outside the runner (JupyterLab, nbclient): the shared setup cell in a folder with no ../lib/target
    fails with the one line of its guard, not JJava's class-path errors, and the kernel stays usable."""
    from nbclient import NotebookClient

    (tmp_path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP_CELL), nbformat.v4.new_code_cell("1 + 1")]
    NotebookClient(nb, kernel_name="java", timeout=CELL_LIMIT, allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()
    outputs = nb.cells[0].outputs
    assert [o["output_type"] for o in outputs] == ["error"], outputs
    assert "the ropelab library is not built: run `make` in the project folder" in outputs[0]["evalue"]
    shown = json.dumps(outputs)
    assert "glob" not in shown and "classpath" not in shown.lower(), shown
    assert nb.cells[1].outputs[0]["data"]["text/plain"] == "2"

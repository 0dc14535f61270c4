"""Binder / conda readiness and "use the library in your own notebook", each in a fresh place:
postBuild's steps in a new virtual environment (as repo2docker runs them after environment.yml), on
a copy of the committed files; then `mvn install` and the README's `%maven` line in a notebook that
sits nowhere near lib/."""

import json
import os
import re
import shutil
import subprocess
import sys
import venv

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, SETUP_CELL

TWO_PI = "6.283185307179586"  # λ_0 = 2π·10000^0, written out by hand


def committed_copy(target):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def execute(cells, folder, env_python):
    """Runs code cells with the Java kernel of env_python's environment; returns the executed notebook."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}})
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    prefix = subprocess.run([env_python, "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True, check=True).stdout.strip()
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    try:
        NotebookClient(nb, timeout=300, kernel_name="java", resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        os.environ["JUPYTER_PATH"] = os.path.join(sys.prefix, "share", "jupyter")
    return nb


def printed(nb):
    return "".join(o.get("text", "") for c in nb.cells for o in c.outputs if o.output_type == "stream")


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    """A copy of the committed files and a fresh venv with requirements.txt, after running postBuild."""
    tmp = tmp_path_factory.mktemp("binder")
    repo = committed_copy(tmp / "repo")
    env = tmp / "env"
    venv.create(env, with_pip=True)
    python = str(env / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", "-r", str(repo / "requirements.txt")], check=True)
    path = f"{env / 'bin'}{os.pathsep}{os.environ['PATH']}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    done = subprocess.run(["bash", str(repo / "postBuild")], cwd=repo, env={**clean, "PATH": path, "VIRTUAL_ENV": str(env)},
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return {"repo": repo, "env": env, "python": python, "path": path, "clean": clean}


def test_postbuild_builds_the_library_and_its_class_path(binder):
    target = binder["repo"] / "lib" / "target"
    assert (target / "ropelab.jar").is_file()
    assert any(p.name.startswith("tablesaw-core-") for p in (target / "dependency").iterdir())


def test_postbuild_puts_the_jupyterlab_settings_into_the_environment(binder):
    env, repo = binder["env"], binder["repo"]
    assert json.loads((env / "share/jupyter/lab/settings/overrides.json").read_text()) == json.loads((repo / "tools/jupyter/overrides.json").read_text())
    shown = subprocess.run([str(env / "bin" / "jupyter"), "server", "--show-config"], env={**binder["clean"], "PATH": binder["path"]},
                           capture_output=True, text=True, timeout=120).stdout
    assert re.search(r"MappingKernelManager\s+\.default_kernel_name = 'java'", shown), shown[-1500:]


def test_a_notebook_of_the_fresh_environment_runs_the_setup_cell(binder):
    nb = execute([SETUP_CELL, "System.out.println(Sinusoidal.of(4).wavelengths()[0]);"], binder["repo"] / "notebooks", binder["python"])
    assert printed(nb).strip() == TWO_PI


def test_readme_maven_line_uses_the_installed_library_in_any_notebook(binder, tmp_path):
    """`mvn install` (README), then the README's %maven line in a notebook in an empty folder."""
    repo = binder["repo"]
    line = re.search(r"^%maven \S+$", (ROOT / "README.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert line, "README has no %maven line"
    pom = (repo / "lib" / "pom.xml").read_text()
    version = re.search(r"<parent>.*?<version>(.+?)</version>", pom, re.S).group(1)
    assert line.group(0) == f"%maven org.ropelab:ropelab:{version}", "README's coordinates differ from the pom's"
    subprocess.run(["mvn", "-B", "-q", "install", "-DskipTests"], cwd=repo, check=True, timeout=900)
    nb = execute([line.group(0) + "\nimport org.ropelab.absolute.*;",
                  "System.out.println(Sinusoidal.of(4).wavelengths()[0]);",
                  "tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.DoubleColumn.create(\"x\", new double[] {0.5}))"],
                 tmp_path, sys.executable)
    assert printed(nb).strip() == TWO_PI
    shown = nb.cells[2].outputs[0]["data"]["text/html"]
    assert shown.startswith('<table class="ropelab-table">'), "the library's display extension did not load"

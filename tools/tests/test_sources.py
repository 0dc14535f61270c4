"""The committed sources: notebooks without outputs, one identical setup cell, declared claims,
and environment.yml agreeing with requirements.txt and the pom."""

import re

import pytest

from conftest import NOTEBOOKS, ROOT, SETUP_CELL, load


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no .ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_holds_no_outputs(path):
    nb = load(path)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {i} of {path.name} holds outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"cell {i} of {path.name} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_shared_setup_cell(path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == SETUP_CELL


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_declared_claims_exist_in_claims_md(path):
    claims = load(path)["metadata"]["ropelab"]["claims"]
    assert claims, f"{path.name} declares no claims in metadata.ropelab.claims"
    claims_md = ROOT.parent / "shared" / "CLAIMS.md"
    if not claims_md.is_file():
        pytest.skip(f"{claims_md} is not beside the checkout")
    known = set(re.findall(r"\b(?:C\d{3}-\d{2}b?|X\d{2}-\d{2})\b", claims_md.read_text(encoding="utf-8")))
    assert not set(claims) - known, f"{path.name} declares IDs that CLAIMS.md does not have"


def test_environment_yml_agrees_with_requirements_and_pom():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    deps = re.findall(r"^\s+- (.+?)\s*$", env, re.MULTILINE)
    # conda users get exactly the pip packages of requirements.txt ...
    assert "-r requirements.txt" in deps
    assert (ROOT / "requirements.txt").is_file()
    # ... the Java the pom compiles for ...
    release = re.search(r"<maven.compiler.release>(\d+)<", (ROOT / "pom.xml").read_text()).group(1)
    assert f"openjdk={release}" in deps, f"environment.yml must pin openjdk={release} (pom's release)"
    # ... and every other tool the Makefile calls.
    for tool in ("maven", "nodejs", "pip"):
        assert tool in deps, f"environment.yml lacks {tool}"
    assert any(d.startswith("python=3.") for d in deps)


def test_requirements_are_pinned():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [l for l in lines if l and not l.startswith("#")]
    assert reqs
    for r in reqs:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.]+", r), f"not pinned exactly: {r}"
    names = {r.split("==")[0].lower() for r in reqs}
    assert {"jjava", "jupyterlab", "nbclient", "plotly"} <= names

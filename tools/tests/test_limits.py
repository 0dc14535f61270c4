"""How the notebooks read (issue 22): no code cell over 30 lines, no verdict line over 250 characters,
no code line holding only punctuation (a closing brace aside). Figures: tools/notebook_figures.py."""

import pytest

from conftest import NOTEBOOKS, load
from notebook_figures import MAX_CELL_LINES, MAX_VERDICT, code_cells, punctuation_lines, verdicts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_code_cell_over_the_limit(path):
    long = [(i, len(lines)) for i, lines in code_cells(load(path)) if len(lines) > MAX_CELL_LINES]
    assert not long, f"{path.name}: code cells over {MAX_CELL_LINES} lines (cell index, lines): {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_line_of_only_punctuation(path):
    found = punctuation_lines(load(path))
    assert not found, f"{path.name}: lines holding only punctuation (cell index, line): {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_verdict_line_over_the_limit(path, executed):
    found = verdicts(executed[path.stem])
    assert found, f"{path.name} printed no verdict line"
    long = [(i, len(line), line[:60]) for i, line in found if len(line) > MAX_VERDICT]
    assert not long, f"{path.name}: verdict lines over {MAX_VERDICT} characters: {long}"

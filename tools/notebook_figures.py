"""Measures how the notebooks read: per notebook the cells, the lines of code, the longest code cell and
the longest verdict line (the `✓/⚠/◦/✗ ID …` lines the checks print, read from the executed copies in
build/notebooks when they exist). `python3 tools/notebook_figures.py [notebooks-dir [executed-dir]]`."""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_CELL_LINES = 30  # lines of a code cell, blank lines included
MAX_VERDICT = 250  # characters of a verdict line
VERDICT = re.compile(r"^[✓⚠◦✗] (?:C\d{3}-\d{2}b?|X\d{2}-\d{2}) ")


def source(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def code_cells(nb):
    """(index in the notebook, lines) of every code cell."""
    return [(i, source(c).splitlines()) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


def punctuation_lines(nb):
    """(cell index, line) of code lines holding only punctuation, other than a closing brace."""
    return [(i, l) for i, lines in code_cells(nb) for l in lines
            if l.strip() and not re.search(r"\w", l) and l.strip() not in ("}", "};", "});")]


def verdicts(executed_nb):
    """(cell index, line) of every verdict line printed in an executed notebook's stream outputs."""
    found = []
    for i, cell in enumerate(executed_nb["cells"]):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
                found += [(i, line) for line in text.splitlines() if VERDICT.match(line)]
    return found


def figures(path, executed=None):
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = code_cells(nb)
    longest = max(cells, key=lambda c: len(c[1]))
    row = {"notebook": Path(path).stem, "cells": len(nb["cells"]), "code cells": len(cells),
           "code lines": sum(len(lines) for _, lines in cells),
           "longest cell": f"{len(longest[1])} (cell {longest[0]})",
           f"cells > {MAX_CELL_LINES}": sum(len(lines) > MAX_CELL_LINES for _, lines in cells)}
    if executed and Path(executed).is_file():
        vs = verdicts(json.loads(Path(executed).read_text(encoding="utf-8")))
        if vs:
            cell, line = max(vs, key=lambda v: len(v[1]))
            row["longest verdict"] = f"{len(line)} (cell {cell})"
            row[f"verdicts > {MAX_VERDICT}"] = sum(len(l) > MAX_VERDICT for _, l in vs)
    return row


def main(argv):
    notebooks = Path(argv[1]) if len(argv) > 1 else ROOT / "notebooks"
    built = Path(argv[2]) if len(argv) > 2 else ROOT / "build" / "notebooks"
    rows = [figures(p, built / p.name) for p in sorted(notebooks.glob("*.ipynb"))]
    keys = list(dict.fromkeys(k for r in rows for k in r))
    print("| " + " | ".join(keys) + " |")
    print("|" + "|".join("---" for _ in keys) + "|")
    for r in rows:
        print("| " + " | ".join(str(r.get(k, "–")) for k in keys) + " |")
    print(f"| total | {sum(r['cells'] for r in rows)} | {sum(r['code cells'] for r in rows)} | "
          f"{sum(r['code lines'] for r in rows)} |")


if __name__ == "__main__":
    main(sys.argv)

"""Safe output: text a notebook puts in a table cell, a chart title or a legend name is shown as
text, never run as markup or script — in the kernel's outputs, the exported page and a real browser."""

import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MARK = "document.body.setAttribute('data-pwned', '{}')"
TABLE = (
    'Table.create("t <i>name</i>", StringColumn.create("<b>column</b>", "<script>' + MARK.format("cell") + '</script>", '
    '"<img src=x onerror=\\"' + MARK.format("img") + '\\">"))'
)
FIGURE = (
    'Figure.of(Layout.of("</script><script>' + MARK.format("title") + '</script>", "x", "y"), '
    'Trace.line(new double[] {0, 1}, new double[] {0, 1}).named("<img src=x onerror=\\"' + MARK.format("legend") + '\\">"))'
)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("build")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (jjava)", "language": "java"}
    nb.metadata["ropelab"] = {"claims": []}
    lib = ROOT / "lib" / "target"
    nb.cells = [
        nbformat.v4.new_markdown_cell("# escaping"),
        nbformat.v4.new_code_cell(f"%classpath {lib}/ropelab.jar {lib}/dependency/*.jar\nimport org.ropelab.display.*;\nimport tech.tablesaw.api.*;"),
        nbformat.v4.new_code_cell(TABLE),
        nbformat.v4.new_code_cell(FIGURE),
    ]
    path = src / "escaping.ipynb"
    nbformat.write(nb, path)
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "ropelab_run.py"), "--out", str(out), str(path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return nbformat.read(out / "notebooks" / path.name, as_version=4), out / "site" / "escaping.html"


def html_of(cell):
    return "".join(o.data["text/html"] for o in cell.outputs if "text/html" in o.get("data", {}))


def test_table_cells_and_names_are_escaped(executed):
    nb, _ = executed
    html = html_of(nb.cells[2])
    assert "&lt;script&gt;document.body" in html and "<script" not in html, html
    assert "&lt;img src=x" in html and "<img" not in html
    assert "<th>&lt;b&gt;column&lt;/b&gt;</th>" in html
    assert "t &lt;i&gt;name&lt;/i&gt;" in html


def test_a_chart_title_cannot_close_the_charts_script(executed):
    nb, _ = executed
    html = html_of(nb.cells[3])
    assert html.count("</script") == 1, "only the figure's own closing tag"
    assert "<\\/script><script>" in html


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make test installs it)")
def test_the_page_runs_none_of_it_in_a_browser(executed, tmp_path):
    _, page = executed
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "js-plotly-plot" in dom, "the chart was not drawn"
    assert not re.search(r"<body[^>]*data-pwned", dom), "text from a cell, title or legend ran as script"

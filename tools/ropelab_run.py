"""Execute ropelab's notebooks headless and export them.

Usage: python tools/ropelab_run.py [--out build] [--jobs 2] [--cell-timeout S] [NOTEBOOK ...]

Each notebook (default: every notebooks/*.ipynb, in name order, --jobs at a time, each in its own
kernel) is executed top to bottom with the Java kernel; its executed copy goes to OUT/notebooks/ (and, for
download, OUT/site/ipynb/), its HTML page to OUT/site/ — with the contents of the book, previous/next links,
its claims, the .ipynb and a Binder link — and OUT/site/index.html opens with the path through the
chapters (a sentence and the first chart each), then lists every notebook with its claims and verdicts. The sources in notebooks/
are only read. Progress is printed per cell; the run ends with a summary and exits 1 if any cell
failed, any check failed, a kernel died, a cell ran past the per-cell time limit (--cell-timeout),
or a claim a notebook declares got no verdict (after still running the other notebooks). Each
kernel is stopped, its whole process group, when its notebook ends. Every file is written under a
temporary name and then renamed, so an interrupted run (Ctrl-C, kill; exit status 130) leaves
earlier complete files or none, never half of one.
"""

import argparse
import html
import json
import os
import re
import shutil
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "java"
CELL_TIMEOUT_SECONDS = 900
VERDICT = re.compile(r"^([✓⚠◦✗]) (C\d{3}-\d{2}b?|X\d{2}-\d{2}) (.*?) — (.*)$", re.MULTILINE)
GLYPHS = ("✓", "⚠", "◦", "✗")
# The process groups of the kernels running now, so that an interrupt stops every one of them.
LIVE_GROUPS = set()
LIVE_LOCK = threading.Lock()
STOPPING = threading.Event()


def verdicts(nb):
    """Returns the verdict lines the notebook printed, as (glyph, id, text, measurement)."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                found.extend(VERDICT.findall(out.get("text", "")))
    return found


def declared_claims(nb):
    """Returns the claim IDs the notebook's metadata says it checks."""
    return list(nb.metadata.get("ropelab", {}).get("claims", []))


def error_outputs(nb):
    """Returns (cell index, ename, evalue) for every error output."""
    return [
        (i, out.get("ename", ""), out.get("evalue", ""))
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]


def problems_of(nb, found):
    """Returns what is wrong with an executed notebook: the run's failure (kept in its metadata by
    run_one: a cell error, a dead kernel, a cell past the time limit) or else its error outputs,
    claims it declares but printed no verdict for, and failed checks."""
    failure = nb.metadata.get("ropelab", {}).get("failure")
    problems = [failure] if failure else [f"cell {i}: {name}: {value}" for i, name, value in error_outputs(nb)]
    got = {i for _, i, _, _ in found}
    missing = [c for c in declared_claims(nb) if c not in got]
    if missing:
        problems.append("no verdict for " + ", ".join(missing))
    return problems + [f"{i} fails" for g, i, _, _ in found if g == "✗"]


def missing_library(nb, folder):
    """Returns one line naming what the first %classpath line of the notebook needs and does not
    find (relative to the notebook's folder), telling to run make; None if everything is there."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if line.startswith("%classpath"):
                    for entry in line.split()[1:]:
                        where = folder / entry
                        found = list(where.parent.glob(where.name)) if "*" in entry else where.is_file()
                        if not found:
                            return f"cell {index}: the library is not built ({entry} is missing): run `make` first"
            return None
    return None


def execute(path, log, kernel_log, cell_timeout=CELL_TIMEOUT_SECONDS):
    """Executes one notebook; returns (executed notebook, kernel start seconds, failure text or None).
    A failure names the cell (its index in the notebook) and the reason: the cell's error, a dead
    kernel, or a cell past cell_timeout seconds. The kernel's own output (its start-up and logging
    lines) goes to the file kernel_log; the kernel's process group is gone when this returns."""
    nb = nbformat.read(path, as_version=4)
    unbuilt = missing_library(nb, path.parent)
    if unbuilt:
        return nb, None, unbuilt
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    started = time.monotonic()
    done = {"code": 0}

    def on_cell_executed(cell, cell_index, execute_reply):
        if cell.cell_type == "code":
            done["code"] += 1
            log(f"  {path.stem}: cell {done['code']}/{code_cells} done, {time.monotonic() - started:.1f} s")

    client = NotebookClient(
        nb,
        timeout=cell_timeout,
        kernel_name=KERNEL,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_executed=on_cell_executed,
        # A graceful shutdown waited about 3 s per notebook for the JVM to exit; the kernel has nothing
        # left to write, and its process group is killed below in any case.
        shutdown_kernel="immediate",
    )
    failure = None
    kernel_seconds = None
    group = None
    index = None
    try:
        with open(kernel_log, "w", encoding="utf-8") as klog, client.setup_kernel(stdout=klog, stderr=klog):
            group = client.km.provisioner.pgid
            with LIVE_LOCK:
                LIVE_GROUPS.add(group)
            if STOPPING.is_set():
                raise KeyboardInterrupt("run interrupted")
            client.wait_for_reply(client.kc.kernel_info())
            kernel_seconds = time.monotonic() - started
            log(f"  {path.stem}: kernel ready in {kernel_seconds:.1f} s")
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
    except CellExecutionError as e:
        failure = f"cell {index}: {e.ename}: {first_line(e.evalue) or 'cell error'}"
    except CellTimeoutError:
        failure = f"cell {index}: ran past the per-cell time limit of {cell_timeout:g} s; kernel stopped"
    except DeadKernelError:
        failure = f"{where(index)}: the kernel died (kernel log: {kernel_log})"
    except Exception as e:  # the kernel would not start, or broke otherwise: report it, go on with the others
        failure = f"{where(index)}: {type(e).__name__}: {first_line(str(e))} (kernel log: {kernel_log})"
    finally:
        stop_process_group(group)
        with LIVE_LOCK:
            LIVE_GROUPS.discard(group)
    return nb, kernel_seconds, failure


def where(index):
    return "kernel start" if index is None else f"cell {index}"


def first_line(text):
    lines = str(text).strip().splitlines()
    return lines[0] if lines else ""


def stop_process_group(group):
    """Kills what is left of a kernel's process group. Jupyter starts each kernel in a session of
    its own, so the group holds the kernel and anything it started, never this runner."""
    if group is None or group == os.getpgrp():
        return
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def write_atomically(target, write):
    """Calls write(temporary path) beside target, then renames the result to target: a reader sees
    the old file or the new one, never a half-written one. A dot name, so no glob picks it up."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        raise


def remove_leftovers(out):
    """Removes temporary files a killed run (SIGKILL) could not remove itself."""
    for folder in (out, out / "notebooks", out / "site", out / "site" / "ipynb"):
        for tmp in folder.glob(".*.tmp*"):
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)


def plotly_js():
    """Returns the path of plotly.min.js shipped by the plotly package (the one JupyterLab uses)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found at {path}; is the 'plotly' package installed?")
    return path


def mathjax_dir():
    """Returns node_modules/mathjax/es5, installed by `make` from tools/package.json."""
    path = ROOT / "tools" / "node_modules" / "mathjax" / "es5"
    if not (path / "tex-chtml-full.js").is_file():
        raise FileNotFoundError(f"MathJax not found at {path}; run `make` (it runs npm ci in tools/)")
    return path


def copy_assets(out):
    """Puts the scripts the pages load (plotly.js, MathJax) beside the pages: no CDN."""
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    (out / "site").mkdir(parents=True, exist_ok=True)
    for folder in ("notebooks", "site"):
        write_atomically(out / folder / "plotly.min.js", lambda tmp: shutil.copyfile(plotly_js(), tmp))
    source = mathjax_dir()

    def copy_mathjax(tmp):
        tmp.mkdir(parents=True)
        shutil.copyfile(source / "tex-chtml-full.js", tmp / "tex-chtml-full.js")
        shutil.copytree(source / "output" / "chtml" / "fonts", tmp / "output" / "chtml" / "fonts")

    target = out / "site" / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    write_atomically(target, copy_mathjax)


def export_html(nb, target, nav=None):
    """Writes the notebook as an HTML page that works offline from disk; `nav` (see navigation) gives
    the template the contents, previous/next chapter and the page's links."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_template_basedirs=[str(ROOT / "tools" / "site-template")],
        template_name="ropelab",
    )
    body, _ = exporter.from_notebook_node(nb, resources={"ropelab": nav} if nav else None)
    write_atomically(target, lambda tmp: tmp.write_text(body, encoding="utf-8"))


# Binder builds the repository (environment.yml, postBuild) and opens a notebook in JupyterLab; the
# address assumes the repository is published on GitHub as ropelab/ropelab (as the README's badge).
BINDER = "https://mybinder.org/v2/gh/ropelab/ropelab/HEAD?urlpath=lab/tree/notebooks/{name}.ipynb"


def book_of(paths):
    """Returns the chapters of the site: every notebook beside the ones being run, in name order, as
    (name, title) — the contents of every page, so that a partial rerun keeps the whole book."""
    sources = sorted({q for p in paths for q in Path(p).parent.glob("*.ipynb")} | {Path(p) for p in paths})
    return [(q.stem, title_of(nbformat.read(q, as_version=4), q.stem)) for q in sources]


def claims_cell_anchor(nb):
    """Returns the element id nbconvert gives the cell that shows the claims table (the last code cell
    calling claims.table()), or None."""
    for cell in reversed(nb.cells):
        if cell.cell_type == "code" and "claims.table()" in cell.source and cell.get("id"):
            return f"cell-id={cell.id}"
    return None


def navigation(book, name, nb):
    """What a page's header and footer show: the contents with this chapter marked, the previous and
    next chapters, where its claims table is, the .ipynb download and the Binder link."""
    names = [n for n, _ in book]
    at = names.index(name) if name in names else None
    chapter = lambda i: {"name": book[i][0], "title": book[i][1], "href": f"{book[i][0]}.html"}
    return {
        "name": name,
        "chapters": [dict(chapter(i), current=(i == at)) for i in range(len(book))],
        "previous": chapter(at - 1) if at is not None and at > 0 else None,
        "next": chapter(at + 1) if at is not None and at + 1 < len(book) else None,
        "claims": claims_cell_anchor(nb),
        "ipynb": f"ipynb/{name}.ipynb",
        "binder": BINDER.format(name=name),
    }


def title_of(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def summary_of(nb):
    """Returns the chapter's one-sentence summary: metadata.ropelab.summary, else the first sentence of the
    first paragraph of the first markdown cell that is not a heading."""
    given = nb.metadata.get("ropelab", {}).get("summary")
    if given:
        return given
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for para in cell.source.split("\n\n"):
                text = " ".join(para.split())
                if text and not text.startswith(("#", "|")):
                    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return ""


THUMBNAIL_BYTES = 150_000  # a figure larger than this is skipped for the index's small picture


def first_figure(nb):
    """Returns the first Plotly figure (data and layout) the notebook shows that is small enough for the index."""
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            fig = o.get("data", {}).get("application/vnd.plotly.v1+json")
            if fig and len(json.dumps(fig)) <= THUMBNAIL_BYTES:
                return fig
    return None


def script_json(value):
    """JSON that can sit inside a <script> element: no '</' or '<!--' can end or open anything."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_index(out):
    """Writes OUT/site/index.html from every executed notebook in OUT/notebooks, including those of earlier
    runs that this run did not repeat: first the path through the chapters (a sentence and a small picture
    each), then the full ledger of claims, one table per chapter."""
    path_items, ledger, thumbs = [], [], []
    for number, path in enumerate(sorted((out / "notebooks").glob("*.ipynb")), 1):
        nb = nbformat.read(path, as_version=4)
        found = verdicts(nb)
        name, title = path.stem, title_of(nb, path.stem)
        problems = problems_of(nb, found)
        status = "ran" if not problems else "FAILED: " + "; ".join(problems)
        counts = " ".join(f"{g} {sum(1 for v in found if v[0] == g)}" for g in GLYPHS)
        figure = first_figure(nb)
        picture = f'<div class="thumb" id="thumb-{html.escape(name)}"></div>' if figure else '<div class="thumb none">no chart</div>'
        if figure:
            thumbs.append((f"thumb-{name}", figure))
        path_items.append(
            f'<li><a class="chapter" href="{html.escape(name)}.html">{html.escape(title)}</a>{picture}'
            f"<p>{html.escape(summary_of(nb))}</p>"
            f'<p class="small"><a href="#claims-{html.escape(name)}">claims</a> ({html.escape(counts)}) · '
            f'<a href="ipynb/{html.escape(name)}.ipynb" download>.ipynb</a></p></li>'
        )
        claims = "".join(
            f"<tr><td>{html.escape(g)}</td><td>{html.escape(i)}</td><td>{html.escape(t)}</td>"
            f"<td>{html.escape(m)}</td></tr>"
            for g, i, t, m in found
        )
        ledger.append(
            f'<section id="claims-{html.escape(name)}"><h3><a href="{html.escape(name)}.html">{html.escape(title)}</a></h3>'
            f"<p>{html.escape(name)}.ipynb — {html.escape(status)}</p>"
            f'<table class="claims"><thead><tr><th></th><th>claim</th><th>what was checked</th>'
            f"<th>measurement</th></tr></thead><tbody>{claims}</tbody></table></section>"
        )
    draw = "".join(
        f"Plotly.newPlot({script_json(div)}, {script_json(fig.get('data', []))}, "
        f"Object.assign({script_json(fig.get('layout', {}))}, small), {{staticPlot: true}});\n"
        for div, fig in thumbs
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>ropelab notebooks</title>'
        '<script src="plotly.min.js"></script>'
        "<style>body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em}"
        "ol.path{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(21em,1fr));gap:1em}"
        "ol.path li{border:1px solid #ddd;border-radius:6px;padding:.6em}ol.path a.chapter{font-weight:bold}"
        ".thumb{width:320px;height:200px;margin:.4em 0}.thumb.none{color:#888;display:flex;align-items:center}"
        ".small{font-size:90%}"
        "table.claims{border-collapse:collapse}table.claims td,table.claims th{border:1px solid #ccc;"
        "padding:.2em .5em;text-align:left;vertical-align:top}table.claims td:nth-child(-n+2){white-space:nowrap}</style></head><body>"
        "<h1>ropelab: the math of position encodings, checked</h1>"
        "<p>A tutorial in Java notebooks, from complex numbers to rotary position embedding (RoPE) and its length "
        "extrapolation. Read the chapters in order; each one derives a step, computes it with a small tested library "
        "and checks every claim of the source documents on the way. Each chapter can be downloaded as a notebook or "
        "opened in JupyterLab (<code>make lab</code> in the project folder, or Binder from the chapter's page).</p>"
        '<h2 id="path">The path through the chapters</h2><ol class="path">'
        + "\n".join(path_items)
        + '</ol><h2 id="claims">Every claim, with its verdict</h2>'
        "<p>✓ holds, ⚠ holds with a caveat or after correcting an erratum, ◦ cited, ✗ fails.</p>"
        + "\n".join(ledger)
        + "<script>const small = {width: 320, height: 200, margin: {l: 30, r: 10, t: 10, b: 25}, showlegend: false, "
        "title: {text: ''}, sliders: [], updatemenus: []};\n"
        + draw
        + "</script></body></html>\n"
    )
    write_atomically(out / "site" / "index.html", lambda tmp: tmp.write_text(page, encoding="utf-8"))


def run_one(path, out, log=print, cell_timeout=CELL_TIMEOUT_SECONDS, book=None):
    """Executes one notebook, writes its executed copy, its page and its download copy; returns its result."""
    t0 = time.monotonic()
    nb, kernel_seconds, failure = execute(path, log, out / "kernel-logs" / (path.stem + ".log"), cell_timeout)
    seconds = time.monotonic() - t0
    if STOPPING.is_set():  # interrupted: an unfinished notebook leaves no file
        raise KeyboardInterrupt("run interrupted")
    if failure:
        nb.metadata.setdefault("ropelab", {})["failure"] = failure
    found = verdicts(nb)
    problems = problems_of(nb, found)
    write_atomically(out / "notebooks" / path.name, lambda tmp: nbformat.write(nb, str(tmp)))
    (out / "site" / "ipynb").mkdir(parents=True, exist_ok=True)
    write_atomically(out / "site" / "ipynb" / path.name, lambda tmp: nbformat.write(nb, str(tmp)))
    export_html(nb, out / "site" / (path.stem + ".html"), navigation(book or book_of([path]), path.stem, nb))
    counts = {g: sum(1 for v in found if v[0] == g) for g in GLYPHS}
    log(
        f"  {path.stem}: {'ok' if not problems else 'FAILED'} in {seconds:.1f} s, claims "
        + " ".join(f"{g}{counts[g]}" for g in GLYPHS)
        + ("" if not problems else " — " + "; ".join(problems))
    )
    return {
        "name": path.stem,
        "title": title_of(nb, path.stem),
        "seconds": round(seconds, 1),
        "kernel_seconds": None if kernel_seconds is None else round(kernel_seconds, 1),
        "verdicts": found,
        "problems": problems,
    }


def run(paths, out, log=print, cell_timeout=CELL_TIMEOUT_SECONDS, jobs=2):
    """Runs the notebooks, `jobs` at a time; returns the per-notebook results in the order of `paths`
    (also written to OUT/summary.json, which exists only once the whole run has finished)."""
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(Path(sys.prefix) / "share" / "jupyter")] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    )
    # Kernels running side by side, each with ND4J's default of one OpenMP thread per core, spent their
    # time contending for the cores (notebook 07's timing cell: 8.6 s, 4.7 s with one thread each).
    if jobs > 1 and "OMP_NUM_THREADS" not in os.environ:
        os.environ["OMP_NUM_THREADS"] = str(max(1, (os.cpu_count() or 1) // jobs))
    order = longest_first(paths, out)
    book = book_of(paths)
    remove_leftovers(out)
    (out / "summary.json").unlink(missing_ok=True)
    copy_assets(out)
    (out / "kernel-logs").mkdir(parents=True, exist_ok=True)

    def numbered(item):
        number, path = item
        log(f"[{number}/{len(paths)}] {path.name}")
        return run_one(path, out, log, cell_timeout, book)

    # A kernel spends much of its time starting and compiling on one thread: two at a time keep both cores
    # busy, the longest first (by the last run's times) so that no long notebook runs alone at the end.
    STOPPING.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs))
    try:
        futures = {number: pool.submit(numbered, (number, path)) for number, path in order}
        results = [futures[number].result() for number in range(1, len(paths) + 1)]
    except BaseException:
        STOPPING.set()
        with LIVE_LOCK:
            for group in list(LIVE_GROUPS):
                stop_process_group(group)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    write_index(out)
    summary = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
    write_atomically(out / "summary.json", lambda tmp: tmp.write_text(summary, encoding="utf-8"))
    return results


def longest_first(paths, out):
    """Returns (number, path) in the order to start them: by the seconds OUT/summary.json recorded for
    each notebook, longest first, notebooks it does not know first of all; numbered as given."""
    try:
        seconds = {r["name"]: r["seconds"] for r in json.loads((out / "summary.json").read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError):
        seconds = {}
    numbered = list(enumerate(paths, 1))
    return sorted(numbered, key=lambda item: -seconds.get(item[1].stem, float("inf")))


def interrupt(signum, frame):
    """SIGTERM ends the run the way Ctrl-C does, so the kernel is stopped and no file is left half-written."""
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build"), help="output folder (default: build/)")
    parser.add_argument("--cell-timeout", type=float, default=CELL_TIMEOUT_SECONDS,
                        help=f"seconds one cell may run before its notebook fails (default: {CELL_TIMEOUT_SECONDS})")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default: 2)")
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    paths = [Path(p).resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks to run", file=sys.stderr)
        return 1
    for p in paths:
        if not p.is_file():
            print(f"no such notebook: {p}", file=sys.stderr)
            return 1
    out = Path(args.out).resolve()
    if not args.notebooks:  # a full run: drop pages of notebooks that no longer exist
        for stale in list(out.glob("notebooks/*.ipynb")) + list(out.glob("site/*.html")) + list(out.glob("site/ipynb/*.ipynb")):
            stale.unlink()
    t0 = time.monotonic()
    signal.signal(signal.SIGTERM, interrupt)
    try:
        results = run(paths, out, cell_timeout=args.cell_timeout, jobs=args.jobs)
    except KeyboardInterrupt:
        print(f"interrupted after {time.monotonic() - t0:.1f} s: kernel stopped, no summary written", file=sys.stderr)
        return 130
    failed = [r for r in results if r["problems"]]
    all_verdicts = [v for r in results for v in r["verdicts"]]
    print(
        f"summary: {len(results)} notebooks run, {len(failed)} failed, in {time.monotonic() - t0:.1f} s; claims "
        + " ".join(f"{g} {sum(1 for v in all_verdicts if v[0] == g)}" for g in GLYPHS)
    )
    for r in failed:
        print(f"  FAILED {r['name']}: " + "; ".join(r["problems"]))
    print(f"executed notebooks: {Path(args.out) / 'notebooks'}; site: {Path(args.out) / 'site' / 'index.html'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every notebook in JupyterLab in a real browser, the way a reader does, and report what the page shows.

Usage: python tools/lab_browser.py [--out build] [NOTEBOOK ...]

JupyterLab (from this Python environment) serves copies of the notebooks on 127.0.0.1, on a free port
with a random token; Debian's Chromium, driven by playwright-core (tools/lab_browser.mjs), opens each
copy, runs Run → Run All Cells, waits for the kernel to go idle and records the rendered outputs, the
requests the page made and a screenshot (OUT/screenshots/). Then it opens the exported site pages
(OUT/site/) from disk with every network request blocked. The findings go to OUT/lab-browser.json;
tools/tests/test_lab_browser.py asserts on them. JupyterLab, its kernels and the browser are stopped at
the end, also on failure and on Ctrl-C.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
NOTEBOOK_TIMEOUT_SECONDS = 240
SERVER_START_SECONDS = 90


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process, seconds=15):
    """Stops a process started in its own session, and everything in its process group."""
    if process is None or process.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(seconds)
            return
        except subprocess.TimeoutExpired:
            continue


def processes_mentioning(text):
    """Returns the pids of live processes whose command line contains text (our temp folder)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                    pids.append(int(proc.name))
            except OSError:
                pass
    return [p for p in pids if p != os.getpid()]


def workspace(tmp, notebooks):
    """Copies the notebooks to TMP/work/notebooks/ beside a link TMP/work/lib -> the real lib, so that
    the setup cell's %classpath ../lib/target/... resolves as it does in the repository."""
    work = tmp / "work"
    (work / "notebooks").mkdir(parents=True)
    (work / "lib").symlink_to(ROOT / "lib")
    for nb in notebooks:
        shutil.copyfile(nb, work / "notebooks" / nb.name)
    return work


def start_lab(tmp, work, port, token, log):
    env = dict(os.environ)
    env.update(
        JUPYTER_PATH=os.pathsep.join([str(Path(sys.prefix) / "share" / "jupyter")] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),  # kernels' connection files: also how stray kernels are found
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"),  # a fresh user: only the environment's settings apply
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    lab = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if lab.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {lab.returncode}; see {log.name}")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/status", headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return lab
        except OSError:
            time.sleep(0.5)
    stop(lab)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_SECONDS} s; see {log.name}")


def shutdown_lab(lab, port, token):
    """Asks the server to shut down (it stops its kernels), then makes sure its process group is gone."""
    if lab.poll() is None:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/api/shutdown", method="POST",
                                             headers={"Authorization": f"token {token}"})
            urllib.request.urlopen(request, timeout=5).close()
            lab.wait(20)
        except (OSError, subprocess.TimeoutExpired):
            pass
    stop(lab)


def interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def run(notebooks, out, log=print):
    """Runs the browser check; returns its findings (also written to OUT/lab-browser.json). A SIGTERM
    (as from a CI timeout) stops it like Ctrl-C: JupyterLab, kernels and browser are stopped."""
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        return checked(notebooks, out, log)
    finally:
        signal.signal(signal.SIGTERM, previous)


def checked(notebooks, out, log):
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not installed (the README lists Node.js/npm)")
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    if not (ROOT / "tools" / "node_modules" / "playwright-core").is_dir():
        raise RuntimeError("playwright-core is missing: `make assets` installs it into tools/node_modules")
    screenshots = out / "screenshots"
    if screenshots.exists():
        shutil.rmtree(screenshots)
    screenshots.mkdir(parents=True)
    tmp = Path(tempfile.mkdtemp(prefix="ropelab-lab-"))
    lab = driver = None
    port, token = free_port(), secrets.token_hex(24)
    findings_path = out / "lab-browser.json"
    findings_path.unlink(missing_ok=True)
    try:
        work = workspace(tmp, notebooks)
        with open(out / "lab-server.log", "w", encoding="utf-8") as server_log:
            t0 = time.monotonic()
            lab = start_lab(tmp, work, port, token, server_log)
            log(f"JupyterLab on 127.0.0.1:{port} (ready in {time.monotonic() - t0:.1f} s), serving {work}")
            plan = {
                "chromium": CHROMIUM,
                "base": f"http://127.0.0.1:{port}/",
                "token": token,
                "notebooks": [nb.name for nb in notebooks],
                "sitePages": [str(out / "site" / f"{nb.stem}.html") for nb in notebooks if (out / "site" / f"{nb.stem}.html").is_file()]
                + [str(out / "site" / "index.html")],
                "timeoutSeconds": NOTEBOOK_TIMEOUT_SECONDS,
                "screenshots": str(screenshots),
                "previewOf": notebooks[0].stem,  # a window-sized view of its first chart: OUT/lab-preview.png
                "preview": str(out / "lab-preview.png"),
                "result": str(findings_path),
            }
            (tmp / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
            # TMPDIR: playwright puts the browser's profile there, so its processes name our folder too
            (tmp / "browser").mkdir()
            driver = subprocess.Popen([node, str(ROOT / "tools" / "lab_browser.mjs"), str(tmp / "plan.json")],
                                      cwd=ROOT / "tools", start_new_session=True, env={**os.environ, "TMPDIR": str(tmp / "browser")})
            driver.wait(NOTEBOOK_TIMEOUT_SECONDS * (len(notebooks) + 2))
    finally:
        stop(driver)
        if lab is not None:
            shutdown_lab(lab, port, token)
        time.sleep(0.5)
        stray = processes_mentioning(str(tmp))
        for pid in stray:  # kernels or browser processes that outlived their parents
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)
    if not findings_path.is_file():
        raise RuntimeError(f"the browser driver wrote no findings (exit {driver.returncode}); see its output above")
    findings = json.loads(findings_path.read_text(encoding="utf-8"))
    findings["strayProcesses"] = stray
    findings_path.write_text(json.dumps(findings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for nb in findings["notebooks"]:
        log(f"  {nb['name']}: {nb.get('seconds', '?')} s in the browser" + (f" — {nb['failure']}" if nb.get("failure") else ""))
    return findings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build"), help="output folder (default: build/)")
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    notebooks = [Path(p).resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    findings = run(notebooks, Path(args.out).resolve())
    failed = [nb["name"] for nb in findings["notebooks"] if nb.get("failure")]
    return 1 if failed or findings.get("strayProcesses") else 0


if __name__ == "__main__":
    sys.exit(main())

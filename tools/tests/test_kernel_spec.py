"""The Java kernel spec that tools/kernel_setup.py writes: one JVM started directly, with the Vector API
module, C1 only, and a class-data archive of the kernel's own classes that the JVM really maps."""

import json
import subprocess
import sys
from pathlib import Path

import kernel_setup

KERNEL = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java"


def spec():
    return json.loads((KERNEL / "kernel.json").read_text(encoding="utf-8"))


def test_the_spec_starts_the_kernel_jvm_directly_with_the_archive():
    argv = spec()["argv"]
    assert argv[0] == "java" and argv[-3:] == ["-jar", "{resource_dir}/jjava.jar", "{connection_file}"]
    assert argv[1:1 + len(kernel_setup.JVM_OPTIONS)] == kernel_setup.JVM_OPTIONS
    assert f"-XX:SharedArchiveFile={{resource_dir}}/{kernel_setup.ARCHIVE}" in argv
    assert (KERNEL / kernel_setup.ARCHIVE).stat().st_size > 1 << 20


def test_a_kernel_loads_javac_and_jjava_from_its_archive(tmp_path, monkeypatch):
    """A kernel started from the spec, plus -Xshare:on (a JVM that cannot map the archive fails) and a
    class-loading log: after one cell, the JVM's log names the archive ("shared objects file (top)",
    the dynamic archive on top of the JDK's) as the source of javac's and JJava's classes."""
    import nbformat
    from nbclient import NotebookClient

    log = tmp_path / "classes.log"
    argv = [a.replace("{resource_dir}", str(KERNEL)) for a in spec()["argv"]]
    check = tmp_path / "kernels" / "java-check"
    check.mkdir(parents=True)
    (check / "kernel.json").write_text(json.dumps({**spec(), "argv": [argv[0], "-Xshare:on", f"-Xlog:class+load=info:file={log}"] + argv[1:]}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("record P(int a) {} new P(2).a() + 1")]
    NotebookClient(nb, kernel_name="java-check", timeout=60, resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "3"
    loads = [l for l in log.read_text().splitlines() if "[class,load]" in l]
    for prefix in ("com.sun.tools.javac.", "org.dflib.jjava."):
        ours = [l for l in loads if f"] {prefix}" in l]
        mapped = [l for l in ours if "source: shared objects file (top)" in l]
        assert len(ours) > 100 and len(mapped) > 0.9 * len(ours), f"{prefix}: {len(mapped)} of {len(ours)} classes from the archive"

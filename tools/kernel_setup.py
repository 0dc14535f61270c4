"""Writes ropelab's Java kernel spec into the venv (run by `make env` after pip installs JJava).

JJava's own spec starts `java -jar jjava-launcher.jar`, a JVM whose only job is to start the kernel's
JVM (`java [JJAVA_JVM_OPTS] --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED -jar jjava.jar CONNECTION`).
This spec starts that kernel JVM directly (one JVM start per notebook instead of two), compiles with
C1 only and collects with the serial collector (see JVM_OPTIONS), adds the incubating Vector API
module (RotaryTables uses it when C2 compiles, so under this spec the kernel runs its scalar loops;
JMH and the tests run with C2), and maps a class-data-sharing archive of the kernel's own classes
(javac, JShell, JJava), made here by one warm-up kernel: each later kernel maps them instead of
loading and verifying them again.

The archive (jjava.jsa beside jjava.jar) holds only classes of the JDK and of jjava.jar: the JVM
checks both when it maps it and ignores an archive that does not match (a missing one too), so a
stale archive costs start-up time, never a wrong class. Classes that notebooks load with %classpath
(ropelab, ND4J, Tablesaw) are always read from their jars.

Usage: python tools/kernel_setup.py [KERNEL_DIR]   (default: <venv>/share/jupyter/kernels/java)
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

# C1 only: a notebook's cells are short, and most of a kernel's CPU went to C2 compiling javac (JShell
# compiles every cell); measured on notebooks 03 and 05, C1 halves the kernel's CPU time.
# The serial collector: the default (G1) runs concurrent threads and commits and uncommits heap regions.
# Notebooks 01-11, two kernels on two cores, in alternating runs on 2026-12-02: serial 63.5 and 55.9 s
# (sys 10.3 and 9.4 s), G1 66.1 and 62.9 s (sys 20.1 and 18.2 s). The tensors live off-heap (ND4J), so
# the Java heap stays small and the serial collector's pauses short.
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector"]
ARCHIVE = "jjava.jsa"
# Cells that make the warm-up kernel load what notebooks' cells need: javac on declarations, methods,
# lambdas, generics, records and a failing cell, and JJava's display path.
WARM_UP = [
    "import java.util.*; import java.util.stream.*;",
    "record Point(double x, double y) { double norm() { return Math.hypot(x, y); } }\n"
    "double twice(double v) { return 2 * v; }\n"
    "var points = IntStream.range(0, 8).mapToObj(i -> new Point(i, twice(i))).collect(Collectors.toList());",
    "String.format(Locale.ROOT, \"%.3f\", points.stream().mapToDouble(Point::norm).sum())",
    "Map<String, List<Integer>> m = new TreeMap<>(); m.computeIfAbsent(\"a\", k -> new ArrayList<>()).add(1); m",
    "display(\"shown\"); System.out.println(\"printed\");",
    "throw new IllegalStateException(\"expected by the warm-up\");",
]


def spec_argv(extra):
    return ["java", *JVM_OPTIONS, *extra, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
            "-jar", "{resource_dir}/jjava.jar", "{connection_file}"]


def write_spec(spec_file, spec, extra):
    spec["argv"] = spec_argv(extra)
    spec_file.write_text(json.dumps(spec, indent=4) + "\n", encoding="utf-8")


def make_archive(folder, spec):
    """Runs the warm-up cells in a kernel that writes the archive when it exits; returns None or why it failed."""
    import nbformat
    from nbclient import NotebookClient

    archive = folder / ARCHIVE
    archive.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "kernels" / "java-warm-up"
        warm.mkdir(parents=True)
        argv = [a.replace("{resource_dir}", str(folder)) for a in spec_argv([f"-XX:ArchiveClassesAtExit={archive}"])]
        (warm / "kernel.json").write_text(json.dumps({**spec, "argv": argv}), encoding="utf-8")
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in WARM_UP]
        client = NotebookClient(nb, kernel_name="java-warm-up", timeout=120, allow_errors=True,
                                resources={"metadata": {"path": tmp}})
        path = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (tmp, path) if p)
        log = Path(tmp) / "warm-up.log"
        try:
            with open(log, "w", encoding="utf-8") as out:   # the JVM's notes on classes it cannot archive
                client.execute(stdout=out, stderr=out)
        except Exception as e:  # the kernel works without the archive: say so and go on
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            return f"the warm-up kernel failed: {type(e).__name__}: {e}; its last lines: {tail}"
        finally:
            if path is None:
                del os.environ["JUPYTER_PATH"]
            else:
                os.environ["JUPYTER_PATH"] = path
    for _ in range(100):        # the JVM writes the archive as it exits
        if archive.is_file() and archive.stat().st_size > 0:
            return None
        time.sleep(0.1)
    return f"the warm-up kernel wrote no {archive}"


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java"
    spec_file = folder / "kernel.json"
    if not (folder / "jjava.jar").is_file():
        raise SystemExit(f"no jjava.jar in {folder}: is the 'jjava' package installed in this venv?")
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    write_spec(spec_file, spec, [])
    started = time.monotonic()
    failure = make_archive(folder, spec)
    if failure:
        print(f"kernel class-data archive not made ({failure}); kernels start without it, about 0.4 s slower")
    else:
        write_spec(spec_file, spec, [f"-XX:SharedArchiveFile={{resource_dir}}/{ARCHIVE}"])
        size = (folder / ARCHIVE).stat().st_size / 2**20
        print(f"kernel class-data archive: {folder / ARCHIVE} ({size:.0f} MiB, {time.monotonic() - started:.1f} s)")
    print(f"kernel spec: {spec_file}: {' '.join(spec['argv'])}")


if __name__ == "__main__":
    main(sys.argv)

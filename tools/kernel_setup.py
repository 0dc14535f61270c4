"""Writes ropelab's Java kernel spec into the venv (run by `make env` after pip installs JJava).

JJava's own spec starts `java -jar jjava-launcher.jar`, a JVM whose only job is to start the kernel's
JVM (`java [JJAVA_JVM_OPTS] --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED -jar jjava.jar CONNECTION`).
This spec starts that kernel JVM directly (one JVM start per notebook instead of two), compiles with
C1 only (see JVM_OPTIONS) and adds the incubating Vector API module (RotaryTables uses it when C2
compiles, so under this spec the kernel runs its scalar loops; JMH and the tests run with C2).

Usage: python tools/kernel_setup.py [KERNEL_DIR]   (default: <venv>/share/jupyter/kernels/java)
"""

import json
import sys
from pathlib import Path

# C1 only: a notebook's cells are short, and most of a kernel's CPU went to C2 compiling javac (JShell
# compiles every cell); measured on notebooks 03 and 05, C1 halves the kernel's CPU time.
JVM_OPTIONS = ["-XX:TieredStopAtLevel=1", "--add-modules", "jdk.incubator.vector"]


def main(argv):
    folder = Path(argv[1]) if len(argv) > 1 else Path(sys.prefix) / "share" / "jupyter" / "kernels" / "java"
    spec_file = folder / "kernel.json"
    if not (folder / "jjava.jar").is_file():
        raise SystemExit(f"no jjava.jar in {folder}: is the 'jjava' package installed in this venv?")
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    spec["argv"] = ["java", *JVM_OPTIONS, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
                    "-jar", "{resource_dir}/jjava.jar", "{connection_file}"]
    spec_file.write_text(json.dumps(spec, indent=4) + "\n", encoding="utf-8")
    print(f"kernel spec: {spec_file}: {' '.join(spec['argv'])}")


if __name__ == "__main__":
    main(sys.argv)

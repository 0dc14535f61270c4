# ropelab: the README's commands.
#   make run   build the library, set up .venv and the kernel, execute every notebook -> build/
#   make test  library tests (mvn verify), every notebook, then checks of the outputs and the site
#   make lab   open the notebooks in JupyterLab with the Java kernel
#   make bench JMH benchmarks of RoPE's production path beside copy/triad, the dense path and PyTorch
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
MVN := mvn -B -q
# the test run keeps Surefire's per-class counts in the log
MVN_TEST := mvn -B -ntp
LIB_JAR := lib/target/ropelab.jar
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter

.PHONY: all run test lab lib env assets browser locale clean bench torch

all: lib env assets

# The library jar and, in lib/target/dependency/, the jars a notebook's setup cell loads.
lib: $(LIB_JAR)
$(LIB_JAR): pom.xml lib/pom.xml $(shell find lib/src/main -type f)
	@echo "== building the library (mvn package)"
	$(MVN) package -DskipTests
	@touch $@

# .venv with JupyterLab, nbclient, plotly and the JJava kernel (its kernelspec lands in .venv/share/jupyter),
# plus the project's JupyterLab settings (tools/jupyter/README.md), kept inside .venv, not in the home.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json $(VENV)/etc/jupyter/jupyter_server_config.json
env: $(VENV)/.installed $(LAB_SETTINGS)
$(VENV)/share/jupyter/lab/settings/overrides.json: tools/jupyter/overrides.json $(VENV)/.installed
	install -D -m 644 $< $@
$(VENV)/etc/jupyter/jupyter_server_config.json: tools/jupyter/jupyter_server_config.json $(VENV)/.installed
	install -D -m 644 $< $@
# tools/kernel_setup.py then rewrites the kernel spec: one JVM per kernel, the Vector API module on.
$(VENV)/.installed: requirements.txt tools/kernel_setup.py
	@echo "== creating $(VENV) from requirements.txt"
	$(PYTHON) -m venv $(VENV) || { echo "'$(PYTHON) -m venv' failed: install Python's venv module (Debian: apt-get install python3-venv)"; exit 1; }
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements.txt
	$(VPY) tools/kernel_setup.py
	$(VENV)/bin/jupyter kernelspec list
	@touch $@

# MathJax for the exported pages, from npm, so that pages need no CDN; playwright-core drives the
# browser test with Debian's chromium (it never downloads a browser).
assets: tools/node_modules/.installed
tools/node_modules/.installed: tools/package.json
	@echo "== installing MathJax and playwright-core (npm)"
	cd tools && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-package-lock --no-audit --no-fund --loglevel=error
	@touch $@

run: all
	$(VPY) tools/ropelab_run.py

test: all browser locale
	@echo "== library tests (mvn verify)"
	$(MVN_TEST) verify
	@echo "== executing every notebook"
	$(VPY) tools/ropelab_run.py
	@echo "== checking the executed notebooks and the site"
	$(VPY) -m pytest -q tools/tests

lab: all
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1

# Headless Chromium and a CJK font for the browser tests (Debian's packages; installed once).
BROWSER_PACKAGES := chromium fonts-noto-cjk
browser:
	@missing=$$(for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	[ -z "$$missing" ] || { \
	  echo "== installing $$missing (apt) for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq $$missing >/dev/null; }

# de_DE.UTF-8 for the locale test (tools/tests/test_determinism.py): generated once if missing.
locale:
	@locale -a 2>/dev/null | grep -qix 'de_DE.utf-\?8' || { \
	  echo "== generating the de_DE.UTF-8 locale for the locale test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); APT="$$SUDO apt-get -o DPkg::Lock::Timeout=900"; \
	  [ -f /usr/share/i18n/locales/de_DE ] || { $$APT update -qq && DEBIAN_FRONTEND=noninteractive $$APT install -y -qq locales >/dev/null; }; \
	  $$SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8; }

# `make bench`: JMH (module bench/, profile -Pbench, so not part of `make test`), each part followed at once
# by PyTorch's reference on the same shapes and thread count, then one set of tables in build/bench/table.md.
# PyTorch comes from PyPI into its own venv, bench/.venv (dev-only; never used by `make test`).
BENCH_DIR := build/bench
BENCH_VENV := bench/.venv
TORCH_VERSION := 2.15.0
TORCH_PY ?= $(BENCH_VENV)/bin/python
JMH := java -cp 'bench/target/ropelab-bench.jar:bench/target/dependency/*' org.openjdk.jmh.Main -rf json
BENCH_JAVA := java --add-modules jdk.incubator.vector -cp 'bench/target/ropelab-bench.jar:bench/target/dependency/*'
bench: lib torch
	@echo "== building the benchmarks (mvn -Pbench package)"
	$(MVN) -Pbench package -DskipTests
	@mkdir -p $(BENCH_DIR) && rm -f $(BENCH_DIR)/*.json $(BENCH_DIR)/*.log
	@echo "$$(date -u '+%F %H:%M UTC'), $$(nproc) cores ($$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
	$$(java -version 2>&1 | head -1), load average at start $$(cut -d' ' -f1-3 /proc/loadavg)" > $(BENCH_DIR)/conditions.txt
	@echo "== JMH: RoPE in every mode, copy/triad, ND4J chain, tables (log: $(BENCH_DIR)/jmh-rope.log)"
	$(JMH) -rff $(BENCH_DIR)/jmh-rope.json 'RopeBench|StreamBench|BaselineBench.(elementWise|tables)' > $(BENCH_DIR)/jmh-rope.log
	@echo "== PyTorch's RoPE right after, $$(nproc) threads"
	$(TORCH_PY) tools/reference/torch_rope.py $(BENCH_DIR)/torch.json --threads $$(nproc)
	@echo "== JMH: the dense block-matrix path at seq 512 (log: $(BENCH_DIR)/jmh-dense.log)"
	$(JMH) -rff $(BENCH_DIR)/jmh-dense.json -p seq=512 'BaselineBench.dense' > $(BENCH_DIR)/jmh-dense.log
	@echo "== JMH: causal RoPE attention, explicit (log: $(BENCH_DIR)/jmh-attention-explicit.log)"
	$(JMH) -rff $(BENCH_DIR)/jmh-attention-explicit.json -p seq=512,2048 'AttentionBench.explicit' > $(BENCH_DIR)/jmh-attention-explicit.log
	@echo "== JMH tiled attention and PyTorch's scaled_dot_product_attention, alternating twice (logs: $(BENCH_DIR)/jmh-attention-*.log)"
	for round in 1 2; do \
	  $(JMH) -rff $(BENCH_DIR)/jmh-attention-$$round.json 'AttentionBench.tiled' > $(BENCH_DIR)/jmh-attention-$$round.log && \
	  $(TORCH_PY) tools/reference/torch_rope.py $(BENCH_DIR)/torch-attention-$$round.json --threads $$(nproc) --part attention \
	    $$( [ $$round = 2 ] && echo --once 32768 ) || exit 1; done
	@echo "== the tiled forward once at seq 8192 and 32768: time and peak memory"
	$(BENCH_JAVA) org.ropelab.bench.AttentionMemory $(BENCH_DIR)/memory.json 8192 32768 2>/dev/null
	@sed -i "s/\$$/, load average at end $$(cut -d' ' -f1-3 \/proc\/loadavg)/" $(BENCH_DIR)/conditions.txt
	@echo "== results ($(BENCH_DIR)/table.md)"
	@$(TORCH_PY) tools/bench_table.py $(BENCH_DIR)

# PyTorch $(TORCH_VERSION) from PyPI in bench/.venv for the reference (installed once; several GB with its CUDA
# packages, which the CPU runs never load).
torch:
	@$(TORCH_PY) -c 'import torch, sys; sys.exit(torch.__version__.split("+")[0] != "$(TORCH_VERSION)")' 2>/dev/null || { \
	  echo "== installing torch $(TORCH_VERSION) from PyPI into $(BENCH_VENV) for the bench's PyTorch reference"; \
	  $(PYTHON) -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install --quiet torch==$(TORCH_VERSION) numpy; }

clean:
	rm -rf build lib/target target bench/target

# ropelab: the README's commands.
#   make run   build the library, set up .venv and the kernel, execute every notebook -> build/
#   make test  library tests (mvn verify), every notebook, then checks of the outputs and the site
#   make lab   open the notebooks in JupyterLab with the Java kernel
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
MVN := mvn -B -q
# the test run keeps Surefire's per-class counts in the log
MVN_TEST := mvn -B -ntp
LIB_JAR := lib/target/ropelab.jar
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter

.PHONY: all run test lab lib env assets browser clean

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
$(VENV)/.installed: requirements.txt
	@echo "== creating $(VENV) from requirements.txt"
	$(PYTHON) -m venv $(VENV) || { echo "'$(PYTHON) -m venv' failed: install Python's venv module (Debian: apt-get install python3-venv)"; exit 1; }
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements.txt
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

test: all browser
	@echo "== library tests (mvn verify)"
	$(MVN_TEST) verify
	@echo "== executing every notebook"
	$(VPY) tools/ropelab_run.py
	@echo "== checking the executed notebooks and the site"
	$(VPY) -m pytest -q tools/tests

lab: all
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

# Headless Chromium and a CJK font for the browser tests (Debian's packages; installed once).
BROWSER_PACKAGES := chromium fonts-noto-cjk
browser:
	@missing=$$(for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	[ -z "$$missing" ] || { \
	  echo "== installing $$missing (apt) for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq $$missing >/dev/null; }

clean:
	rm -rf build lib/target target

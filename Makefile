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

.PHONY: all run test lab lib env assets browser locale clean

all: lib env assets

# The library jar and, in lib/target/dependency/, the jars a notebook's setup cell loads.
lib: $(LIB_JAR)
$(LIB_JAR): pom.xml lib/pom.xml $(shell find lib/src/main -type f)
	@echo "== building the library (mvn package)"
	$(MVN) package -DskipTests
	@touch $@

# .venv with JupyterLab, nbclient, plotly and the JJava kernel (its kernelspec lands in .venv/share/jupyter).
env: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	@echo "== creating $(VENV) from requirements.txt"
	$(PYTHON) -m venv $(VENV) || { echo "'$(PYTHON) -m venv' failed: install Python's venv module (Debian: apt-get install python3-venv)"; exit 1; }
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements.txt
	$(VENV)/bin/jupyter kernelspec list
	@touch $@

# MathJax for the exported pages, from npm, so that pages need no CDN.
assets: tools/node_modules/mathjax/es5/tex-chtml-full.js
tools/node_modules/mathjax/es5/tex-chtml-full.js: tools/package.json
	@echo "== installing MathJax for the site (npm)"
	cd tools && npm install --no-package-lock --no-audit --no-fund --loglevel=error
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

# Headless Chromium for the site test (Debian's package; installed once).
browser:
	@command -v chromium >/dev/null || { \
	  echo "== installing chromium (apt) for the site test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# de_DE.UTF-8 for the locale test (tools/tests/test_determinism.py): generated once if missing.
locale:
	@locale -a 2>/dev/null | grep -qix 'de_DE.utf-\?8' || { \
	  echo "== generating the de_DE.UTF-8 locale for the locale test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); APT="$$SUDO apt-get -o DPkg::Lock::Timeout=900"; \
	  [ -f /usr/share/i18n/locales/de_DE ] || { $$APT update -qq && DEBIAN_FRONTEND=noninteractive $$APT install -y -qq locales >/dev/null; }; \
	  $$SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8; }

clean:
	rm -rf build lib/target target

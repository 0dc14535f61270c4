#!/usr/bin/env bash
# Regenerates lib/src/test/resources/hf-rope/*.json from Hugging Face transformers (dev-only; not part of
# `make test`). Builds tools/reference/.venv5 from /usr/bin/python3 (no system site packages) and installs the
# pinned transformers release and a PyTorch >= 2.1 from PyPI into it: several GB (PyPI's torch wheels pull
# their CUDA libraries), never needed by the build or the notebooks.
set -euo pipefail
cd "$(dirname "$0")"
TRANSFORMERS_VERSION=5.23.0
if [ ! -x .venv5/bin/python ]; then
    /usr/bin/python3 -m venv .venv5
fi
.venv5/bin/python -m pip install --quiet "transformers==${TRANSFORMERS_VERSION}" "torch>=2.1"
.venv5/bin/python rope_fixtures.py --expect-transformers "${TRANSFORMERS_VERSION}" \
    --out ../../lib/src/test/resources/hf-rope

#!/usr/bin/env bash
# Regenerates lib/src/test/resources/hf-rope/*.json from Hugging Face transformers (dev-only; not part of
# `make test`). Builds tools/reference/.venv from Debian's /usr/bin/python3 with --system-site-packages,
# so Debian's python3-torch is visible, and installs the pinned transformers release into it.
set -euo pipefail
cd "$(dirname "$0")"
TRANSFORMERS_VERSION=4.51.3
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
    echo "Debian's python3-torch is missing: apt-get install -y python3-torch" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    /usr/bin/python3 -m venv --system-site-packages .venv
fi
.venv/bin/python -m pip install --quiet "transformers==${TRANSFORMERS_VERSION}"
.venv/bin/python rope_fixtures.py --expect-transformers "${TRANSFORMERS_VERSION}" \
    --out ../../lib/src/test/resources/hf-rope

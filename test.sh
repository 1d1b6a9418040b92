#!/usr/bin/env bash
# Run the test suite (installing what it needs first, as setup.sh does), spread over the
# machine's cores by pytest-xdist (two here: about a minute instead of 1.5).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh
.venv/bin/python -m pytest -n auto "$@"

#!/usr/bin/env bash
# Run the test suite (installing what it needs first, as setup.sh does).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh
.venv/bin/python -m pytest "$@"

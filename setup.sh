#!/usr/bin/env bash
# One command on a fresh machine: install everything, then regenerate outputs/ from corpus/.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install.sh
.venv/bin/python -m pipeline build "$@"

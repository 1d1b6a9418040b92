#!/usr/bin/env bash
# Install the project and its dependencies into .venv (idempotent: a stamp file records
# what was installed, so a second run costs a second). Needs only python3 and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
stamp=.venv/.installed
want=$(cat pyproject.toml scripts/install.sh | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
pip() { .venv/bin/python -m pip --disable-pip-version-check -q "$@"; }
pip install --upgrade pip setuptools wheel
# pkuseg 0.0.25 is an sdist whose build imports numpy and cython: install those first and
# build it without isolation. Its sdist ships the default model, so it works offline.
pip install numpy cython
pip install --no-build-isolation 'pkuseg==0.0.25'
pip install -e '.[test,pkuseg,dask]'
echo "$want" > "$stamp"

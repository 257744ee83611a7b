#!/usr/bin/env bash
# Set up everything and run the whole test suite, lint and type checks included.
#   bash scripts/test.sh            (extra arguments go to pytest)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

# Tests also render exported reports with LibreOffice and read the PDFs back with poppler (the CJK
# and Latin fonts stand in for the 公文 fonts of office PCs), validate the .desktop entry and compile
# the Windows installer script, and open the window on a virtual display without GPU (Xvfb).
# binutils: objdump, for the bundle-pruning tests that read which libraries a library needs.
TEST_PACKAGES="$QT_RUNTIME_PACKAGES libreoffice-writer-nogui poppler-utils \
fonts-arphic-ukai fonts-arphic-uming fonts-liberation2 desktop-file-utils nsis xvfb binutils"
require_python
ensure_system_packages $VENV_PACKAGE $TEST_PACKAGES
ensure_venv test

PY="$VENV/bin/python"
echo "== ruff"
"$PY" -m ruff check .
"$PY" -m ruff format --check .
echo "== mypy"
"$PY" -m mypy gov_report_desktop
echo "== pytest"
QT_QPA_PLATFORM=offscreen "$PY" -m pytest "$@"

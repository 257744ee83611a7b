#!/usr/bin/env bash
# Set up everything and open the bundled example report.
#   bash scripts/start.sh [FILE]
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"

ensure_system_packages python3-venv $QT_RUNTIME_PACKAGES
ensure_venv test

FILE="${1:-$REPO_ROOT/resources/examples/putuo-minzheng-2020.govreport}"
exec "$VENV/bin/gov-report" check "$FILE"

#!/usr/bin/env bash
# Set up (first time) and start CCHC Desktop; on a machine with no database, the demo data is created.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh"
exec "$ROOT/.venv/bin/cchc-desktop" "$@"

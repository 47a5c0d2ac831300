#!/usr/bin/env bash
# Set up (first time) and start CCHC Desktop. With no database yet, the demo data
# (UBND thành phố Sa Đéc, quý III/2023) is created first, so every screen has content.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh"
DB="$("$ROOT/.venv/bin/python" -c 'from cchc_desktop.app.paths import default_db_path; print(default_db_path())')"
if [ ! -e "$DB" ]; then
    "$ROOT/.venv/bin/cchc" demo
fi
exec "$ROOT/.venv/bin/cchc-desktop" "$@"

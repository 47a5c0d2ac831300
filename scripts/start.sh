#!/usr/bin/env bash
# Set up (first time) and start CCHC Desktop. While no unit of one's own is declared, the window opens
# the sample data (UBND thành phố Sa Đéc, quý III/2023, in its own file, made the first time), so every
# screen has content; Tệp → Khai báo đơn vị mới… there makes the ward's own data file, which every later
# start opens. Arguments (e.g. --db FILE) go to cchc-desktop as they are.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh"
PY="$ROOT/.venv/bin/python"
if [ "$#" -gt 0 ] || [ -n "${CCHC_DB:-}" ]; then
    exec "$ROOT/.venv/bin/cchc-desktop" "$@"
fi
DB="$("$PY" -c 'from cchc_desktop.app.infra.paths import default_db_path; print(default_db_path())')"
if [ -e "$DB" ]; then
    exec "$ROOT/.venv/bin/cchc-desktop"
fi
SAMPLE="$("$PY" -c 'from cchc_desktop.app.infra.paths import sample_db_path; print(sample_db_path())')"
if [ ! -e "$SAMPLE" ]; then
    "$ROOT/.venv/bin/cchc" --db "$SAMPLE" demo
fi
exec "$ROOT/.venv/bin/cchc-desktop" --db "$SAMPLE"

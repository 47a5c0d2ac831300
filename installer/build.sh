#!/usr/bin/env bash
# Build the one-folder bundle (installer/cchc.spec) from the project's .venv into DIST/cchc
# (default: dist/cchc). Quiet when it works; the build log is printed when it fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "Thiếu PyInstaller trong $PY — hãy chạy: bash scripts/setup-env.sh test" >&2
    exit 2
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if ! "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/build" "$ROOT/installer/cchc.spec" >"$WORK/log" 2>&1; then
    cat "$WORK/log" >&2
    echo "Đóng gói thất bại (PyInstaller)." >&2
    exit 1
fi
for exe in cchc cchc-desktop; do
    if [ ! -x "$DIST/cchc/$exe" ] && [ ! -f "$DIST/cchc/$exe.exe" ]; then
        cat "$WORK/log" >&2
        echo "Đóng gói thất bại: thiếu $DIST/cchc/$exe" >&2
        exit 1
    fi
done
echo "$DIST/cchc"

#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: import contracts, type check, then pytest, on SQLite
# and on a throw-away PostgreSQL server (started here, stopped and deleted at exit); in CI (CI=true)
# or with CCHC_WINDOWS_CHECK=1, then the Wine lane (scripts/windows-check.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh" test
cd "$ROOT"
echo ">> Kiểm tra phân lớp (import-linter)"
.venv/bin/lint-imports --no-cache
# The type check (mypy on app, forms and tests/typing_conformance.py: the views against their Protocols;
# pyproject.toml [tool.mypy], its cache in .cache/mypy). A failure stops the run here (set -e).
echo ">> Kiểm tra kiểu (mypy)"
started=$(date +%s%N)
.venv/bin/python -m mypy
echo "   mypy: $(( ($(date +%s%N) - started) / 1000000 )) ms"
# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"
# The suite's temporary folders and its output, searched for the tests' passwords after the run.
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cchc-tests.XXXXXX")"
finish() {
    [ -n "${wine_pid:-}" ] && kill "$wine_pid" 2>/dev/null  # interrupted: the Wine lane cleans up on TERM
    pg_test_stop
    rm -rf "$RUN_DIR" 2>/dev/null || true  # a folder a failed test left locked stays for a look
}
trap finish EXIT
trap 'exit 130' INT TERM
if [ -z "${CCHC_TEST_PG_URL:-}" ]; then
    if ! PYTHON="$ROOT/.venv/bin/python" pg_test_start; then
        if [ "${CI:-}" = "true" ]; then
            echo "CI: không khởi động được PostgreSQL; các kiểm thử PostgreSQL sẽ báo lỗi." >&2
        else
            echo ">> Không khởi động được PostgreSQL: bỏ qua các kiểm thử PostgreSQL (chỉ chạy trên SQLite)."
        fi
    fi
fi
status=0
# The Wine lane (the program on Windows, from Linux): in CI, or when asked (CCHC_WINDOWS_CHECK=1); =0 skips it.
# It runs beside pytest, not after it: each is mostly one process on one core, and CI has two (35 min in a
# row, 16 together). Its output is kept in a file of its own and shown once pytest is done.
wine_pid=""
if [ "${CCHC_WINDOWS_CHECK:-}" = "1" ] || { [ "${CI:-}" = "true" ] && [ "${CCHC_WINDOWS_CHECK:-}" != "0" ]; }; then
    WINE_LOG="$(mktemp "${TMPDIR:-/tmp}/cchc-wine-log.XXXXXX")"
    echo ">> Windows (Wine): bash scripts/windows-check.sh, song song với pytest (nhật ký: $WINE_LOG)"
    bash "$ROOT/scripts/windows-check.sh" >"$WINE_LOG" 2>&1 </dev/null &
    wine_pid=$!
fi
echo ">> pytest"
mkdir -p "$RUN_DIR/tmp"
# TMPDIR too: a log that falls back to the temporary folder is searched with the rest.
TMPDIR="$RUN_DIR/tmp" PYTHONUNBUFFERED=1 .venv/bin/python -m pytest --basetemp="$RUN_DIR/pytest" "$@" 2>&1 \
    | tee "$RUN_DIR/output.txt" || status=$?  # pipefail: pytest's status
echo ">> Tìm mật khẩu kiểm thử trong đầu ra và nhật ký"
.venv/bin/python scripts/find_test_passwords.py "$RUN_DIR/output.txt" "$RUN_DIR" || status=1
if [ -n "$wine_pid" ]; then
    echo ">> Windows (Wine): chờ làn Wine xong"
    wine_status=0
    wait "$wine_pid" || wine_status=$?
    wine_pid=""
    cat "$WINE_LOG"
    rm -f "$WINE_LOG"
    [ "$wine_status" = "0" ] || { echo ">> Windows (Wine): THẤT BẠI (mã $wine_status)"; status=1; }
fi
exit "$status"

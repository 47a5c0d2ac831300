#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: import contracts, lint, then pytest, on SQLite
# and on a throw-away PostgreSQL server (started here, stopped and deleted at exit).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh" test
cd "$ROOT"
echo ">> Kiểm tra phân lớp (import-linter)"
.venv/bin/lint-imports --no-cache
# shellcheck source=scripts/pg-test-server.sh
source "$ROOT/scripts/pg-test-server.sh"
trap pg_test_stop EXIT
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
echo ">> pytest"
status=0
.venv/bin/python -m pytest "$@" || status=$?
exit "$status"

#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: import contracts, lint, then pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-env.sh" test
cd "$ROOT"
echo ">> Kiểm tra phân lớp (import-linter)"
.venv/bin/lint-imports --no-cache
echo ">> pytest"
exec .venv/bin/python -m pytest "$@"

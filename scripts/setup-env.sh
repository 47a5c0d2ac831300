#!/usr/bin/env bash
# Create .venv and install the program (and with "test", what the tests need). Sourced by start.sh/test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"

apt_install() {
    # Install Debian packages when missing (needs root; elsewhere say what to install).
    if [ "$#" -eq 0 ]; then return 0; fi
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo ">> Cài gói hệ thống: $*"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        echo "Thiếu gói hệ thống: $* — hãy cài (ví dụ: sudo apt-get install $*)." >&2
        exit 2
    fi
}

system_packages() {
    local need=()
    "$PY" -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)
    "$PY" -c "import tkinter" 2>/dev/null || need+=(python3-tk)
    if [ "${1:-}" = "test" ]; then
        command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
        command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
        { command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "Liberation Serif"; } || need+=(fonts-liberation2 fontconfig)
    fi
    apt_install "${need[@]}"
}

make_venv() {
    if [ ! -x "$ROOT/.venv/bin/python" ]; then
        echo ">> Tạo môi trường ảo .venv"
        "$PY" -m venv "$ROOT/.venv"
    fi
    local extra=""
    [ "${1:-}" = "test" ] && extra="[test]"
    local stamp="$ROOT/.venv/.installed${extra}"
    if [ ! -f "$stamp" ] || [ "$ROOT/setup.cfg" -nt "$stamp" ]; then
        echo ">> Cài đặt CCHC Desktop${extra:+ và công cụ kiểm thử}"
        "$ROOT/.venv/bin/python" -m pip install -q --upgrade pip
        "$ROOT/.venv/bin/python" -m pip install -q -e "$ROOT$extra"
        touch "$stamp"
    fi
}

system_packages "${1:-}"
make_venv "${1:-}"

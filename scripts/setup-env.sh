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
        # LibreOffice prints the annexes in a test (tests/test_annex_print.py), with Carlito as on its Windows
        # installs (Calibri's metrics: the column widths of an xlsx are counted in its "0"); its Writer lays out
        # the Word copy of the report (tests/test_docx_print.py).
        local office=/usr/lib/libreoffice/program
        [ -e "$office/libsclo.so" ] || need+=(libreoffice-calc-nogui)
        [ -e "$office/libswlo.so" ] || need+=(libreoffice-writer-nogui)
        { command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "Carlito"; } || need+=(fonts-crosextra-carlito)
        # SoftHSM2 emulates a signing token (PKCS#11) for the signing tests (tests/test_signing_token.py).
        command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
    fi
    apt_install "${need[@]}"
}

make_venv() {
    if [ ! -x "$ROOT/.venv/bin/python" ]; then
        echo ">> Tạo môi trường ảo .venv"
        "$PY" -m venv "$ROOT/.venv"
    fi
    # The dependencies at the exact versions of the lock (requirements/, hashes checked; test.lock holds
    # app.lock and build.lock too), then the program itself, editable, without dependencies of its own.
    local layer="app" what=""
    [ "${1:-}" = "test" ] && layer="test" what=" và công cụ kiểm thử"
    local stamp="$ROOT/.venv/.installed-lock-$layer" newer
    newer="$(find "$ROOT/setup.cfg" "$ROOT/requirements" -newer "$stamp" -print -quit 2>/dev/null || echo new)"
    if [ ! -f "$stamp" ] || [ -n "$newer" ]; then
        echo ">> Cài đặt CCHC Desktop$what (requirements/$layer.lock)"
        "$ROOT/.venv/bin/python" -m pip install -q --require-hashes -r "$ROOT/requirements/$layer.lock"
        "$ROOT/.venv/bin/python" -m pip install -q --no-deps -e "$ROOT"
        touch "$stamp"
    fi
}

system_packages "${1:-}"
make_venv "${1:-}"

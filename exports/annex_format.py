"""What identifies an annex workbook and lays out its hidden data sheet: shared by the writer
(openpyxl) and the reader (which reads the file without openpyxl, so importing costs no openpyxl)."""

from __future__ import annotations

SHEET_DATA = "_cchc"
FORMAT = "cchc-annex"
FORMAT_VERSION = "1"
VALUES_HEADER = ("code", "period", "unit_code", "value")
CELLS_HEADER = ("sheet", "cell", "label", "column", "code", "period", "unit_code", "value")
EXPLANATIONS_HEADER = ("rule", "period", "unit_code", "explanation")
SIGNATURE_HEADER = ("signature", "kind")  # a last section, added when the unit signs the annex
SIGNATURE_KIND = "cms-sha256-header-v1"  # a detached CMS over checksum.signed_content(header)

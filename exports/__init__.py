"""Exports: the PDF report, its Word copy and the Excel annexes; reading annexes back."""

import os

# python-docx (the Word copy) brings lxml, and openpyxl takes lxml whenever it is installed: it would then write
# every letter with a diacritic as a character reference (Ph&#7909; l&#7909;c) and parse with lxml instead of the
# parser the annex reader's bounds were measured with. The program keeps openpyxl as it was before lxml came.
# (Set before openpyxl is first imported: every module of exports that uses it is imported after this package.)
os.environ.setdefault("OPENPYXL_LXML", "False")

"""Tk's own dialogs in Vietnamese: the file dialog of Linux and its overwrite question (Tk ships no
Vietnamese message catalog; on Windows the system's own dialog is used and speaks the system's language)."""

from __future__ import annotations

import tkinter as tk

# Keys exactly as Tk 8.6 asks its message catalog (tkfbox.tcl, msgbox.tcl); "&" marks the access key.
MESSAGES = {
    "&Save": "&Lưu",
    "&Open": "&Mở",
    "&Cancel": "&Hủy",
    "Cancel": "Hủy",
    "&OK": "&Đồng ý",
    "OK": "Đồng ý",
    "&Yes": "&Có",
    "&No": "&Không",
    "Yes": "Có",
    "No": "Không",
    "Save As": "Lưu thành tệp",
    "Open": "Mở tệp",
    "File &name:": "&Tên tệp:",
    "File &names:": "&Tên các tệp:",
    "Files of &type:": "&Loại tệp:",
    "&Directory:": "&Thư mục:",
    "&Selection:": "Đã &chọn:",
    "Show &Hidden Directories": "Hiện thư mục &ẩn",
    "Show &Hidden Files and Directories": "Hiện tệp và thư mục &ẩn",
    "All Files": "Mọi tệp",
    'File "%1$s" already exists.\nDo you want to overwrite it?': "Đã có tệp “%1$s”.\nGhi đè lên tệp đó?",
    'File "%1$s" does not exist.': "Không có tệp “%1$s”.",
    'Directory "%1$s" does not exist.': "Không có thư mục “%1$s”.",
    'Invalid file name "%1$s".': "Tên tệp “%1$s” không hợp lệ.",
    'Cannot change to the directory "%1$s".\nPermission denied.': "Không mở được thư mục “%1$s”: không có quyền.",
}


def install(root: tk.Misc) -> None:
    """Make Tk's dialogs (file dialog, its questions) speak Vietnamese in this interpreter."""
    root.tk.eval("package require msgcat")
    for key, text in MESSAGES.items():
        root.tk.call("::msgcat::mcset", "vi", key, text)
    root.tk.call("::msgcat::mclocale", "vi")

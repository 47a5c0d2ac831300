"""Close an X11 window as a user's click on its ✕ would: send it the WM_DELETE_WINDOW message (the Wine lane,
scripts/windows-check.sh, closes the installed program's main window this way; under Xvfb there is no window manager
to do it, and Wine's taskkill cannot find a process by its name).

Usage: python scripts/x11_close.py DISPLAY WINDOW_ID   (the id as xwininfo prints it, e.g. 0xa00006)
Exit 0 when the message was sent; it does not wait for the program to close."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys


class ClientMessage(ctypes.Structure):  # XClientMessageEvent, padded to the size of an XEvent (24 longs)
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
        ("pad", ctypes.c_long * 12),
    ]


CLIENT_MESSAGE = 33  # X.h


def close_window(display_name: str, window: int) -> None:
    path = ctypes.util.find_library("X11")
    if path is None:
        raise SystemExit("libX11 not found")
    x11 = ctypes.CDLL(path)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(display_name.encode())
    if not display:
        raise SystemExit(f"cannot open display {display_name}")
    try:
        event = ClientMessage()
        event.type = CLIENT_MESSAGE
        event.send_event = 1
        event.display = display
        event.window = window
        event.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
        event.format = 32
        event.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
        event.data[1] = 0  # CurrentTime
        if not x11.XSendEvent(display, window, 0, 0, ctypes.byref(event)):
            raise SystemExit("XSendEvent failed")
        x11.XFlush(display)
    finally:
        x11.XCloseDisplay(display)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    close_window(sys.argv[1], int(sys.argv[2], 0))

"""Frozen entry point of `cchc-desktop` (the window), for installer/cchc.spec."""

import sys

from cchc_desktop.gui_main import main

sys.exit(main())

"""Frozen entry point of `cchc` (the command line), for installer/cchc.spec."""

import sys

from cchc_desktop.cli import main

sys.exit(main())

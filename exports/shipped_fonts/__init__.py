"""The report's fonts, shipped as package data: Liberation Serif 2.1.5 (SIL OFL 1.1, OFL.txt); see exports/fonts.py."""

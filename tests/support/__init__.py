"""Helpers shared by tests/, bench/ and scripts/ (importable from all three with the repository root on sys.path)."""

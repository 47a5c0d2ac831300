"""CCHC Desktop: monthly administrative-reform figures, checks and the quarterly report."""

__version__ = "0.1.0"
APP_NAME = "CCHC Desktop"

"""Exports: the PDF report and the Excel annexes; reading annexes back."""

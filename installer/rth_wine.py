"""Run-time hook of installer/cchc.spec: on Wine (Linux), two Windows functions Python 3.12+ calls are missing, and a
missing function there aborts the process without a word. Only when the program runs under Wine (ntdll exports
`wine_get_version`); on Windows nothing changes.

- platform reaches propsys.VariantToString through _wmi (tksheet asks `platform.system()` as it is imported): platform
  falls back to the registry without _wmi;
- shutil.copy2 calls CopyFile2 (a backup, a restore): shutil's own copy instead.
The Wine lane (scripts/windows-check.sh) runs the bundle under Wine; a clerk may run it under Wine too."""

import sys

if sys.platform == "win32":
    import ctypes

    try:
        ctypes.WinDLL("ntdll").wine_get_version  # noqa: B018 (the export is the test)
    except (AttributeError, OSError):
        pass
    else:
        sys.modules.setdefault("_wmi", None)
        import _winapi

        if hasattr(_winapi, "CopyFile2"):
            del _winapi.CopyFile2

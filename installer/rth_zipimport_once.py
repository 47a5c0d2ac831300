"""Run-time hook of installer/cchc.spec, run before any other: nearly all the Python code of the bundle is in the
shared base_library.zip, and zipimport (CPython 3.11 to 3.13) reads, decompresses and unmarshals each module there
twice — once for the file name of its spec (`get_filename`), once more for its code (`exec_module`). Here the
second read is served from the first: the module read last is kept until its code is asked for (one entry, dropped
when taken). Without zipimport's private `_get_module_code` (another Python) nothing changes."""

import zipimport

_read = getattr(zipimport, "_get_module_code", None)
if _read is not None:
    _last: dict = {}

    def _get_module_code_once(importer, fullname):
        key = (importer.archive, getattr(importer, "prefix", ""), fullname)
        found = _last.pop(key, None)
        if found is None:
            found = _read(importer, fullname)
            _last.clear()
            _last[key] = found
        return found

    zipimport._get_module_code = _get_module_code_once

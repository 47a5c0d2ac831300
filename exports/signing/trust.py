"""The trust roots the office installed (the root certificate of the Government's specialised CA, or of a
public CA): a folder of DER files named by their fingerprint. Adding a certificate already there changes
nothing; a file that is not a certificate changes nothing either."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from exports.atomic import atomic_write
from exports.signing.certificates import CertSummary, parse_certificates, read_certificates, summarize
from exports.signing.errors import SigningError

log = logging.getLogger(__name__)
SUFFIX = ".cer"


def _write(temp: Path, data: bytes) -> None:
    temp.write_bytes(data)


class TrustStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def add(self, path: Path) -> list[tuple[CertSummary, bool]]:
        """Install the certificates of a file; each with True when it was new."""
        certs = read_certificates(path)
        added = []
        for cert in certs:
            summary = summarize(cert)
            target = self.folder / f"{summary.sha256[:32].lower()}{SUFFIX}"
            new = not target.exists()
            if new:
                try:
                    self.folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise SigningError(f"Không tạo được thư mục {self.folder}: {exc.strerror or exc}.") from None
                data: bytes = cert.dump()
                atomic_write(target, partial(_write, data=data))
            added.append((summary, new))
        return added

    def certificates(self) -> list:
        """Every installed certificate (asn1crypto); a damaged file is skipped and logged."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                found.extend(parse_certificates(path.read_bytes(), path.name))
            except (OSError, SigningError) as exc:
                log.warning("trust root %s skipped: %s", path, exc)
        return found

    def summaries(self) -> list[CertSummary]:
        return sorted((summarize(cert) for cert in self.certificates()), key=lambda s: (s.name, s.not_after))

"""A real PKCS#11 token emulated by SoftHSM2 (Debian's `softhsm2`), initialised in a temporary folder: a
token holding the office's key and certificate from the test CA, reached through libsofthsm2.so as a
clerk's USB token is reached through its driver's library."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LIBRARIES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
TOKEN_LABEL = "CCHC-TOKEN"
SO_PIN = "97531864"


@dataclass
class Token:
    library: Path
    label: str
    conf: Path


def find_library() -> Path | None:
    found = next((Path(path) for path in LIBRARIES if Path(path).is_file()), None)
    return found if found is not None and shutil.which("softhsm2-util") else None


def make_token(folder: Path, issued, pin: str) -> Token:
    """A SoftHSM2 token in folder holding issued's key (imported) and certificate (written through PKCS#11).
    SOFTHSM2_CONF is set in this process: the library reads it when it is loaded."""
    library = find_library()
    assert library is not None, "SoftHSM2 is not installed (apt-get install softhsm2)"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def util(*args: str) -> None:
        subprocess.run(["softhsm2-util", *args], check=True, env=env, capture_output=True, timeout=60)

    util("--init-token", "--free", "--label", TOKEN_LABEL, "--pin", pin, "--so-pin", SO_PIN)
    key_file = folder / "khoa.pem"
    key_file.write_bytes(issued.key_pkcs8_pem())
    util("--import", str(key_file), "--token", TOKEN_LABEL, "--label", "chu-ky", "--id", "01", "--pin", pin)
    key_file.unlink()

    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    token = pkcs11.lib(str(library)).get_token(token_label=TOKEN_LABEL)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: b"\x01",
                Attribute.LABEL: "chu-ky",
                Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                Attribute.VALUE: issued.der(),
            }
        )
    return Token(library, TOKEN_LABEL, conf)

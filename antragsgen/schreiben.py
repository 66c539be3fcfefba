"""Output paths and atomic writes: a file is complete or not there at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def ausgabepfad(ordner: Path, kennung: str, endung: str) -> Path:
    """`ordner/kennung.endung`, refusing any name that would leave the folder."""
    ziel = (ordner / f"{kennung}.{endung}").resolve()
    if ziel.parent != ordner.resolve() or kennung in ("", ".", ".."):
        raise ValueError(f"unzulässiger Ausgabename: {kennung!r}")
    return ziel


def schreibe_atomar(ziel: Path, daten: bytes) -> None:
    """Write to a temporary file beside `ziel`, fsync, then rename over it."""
    ziel.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=ziel.parent, prefix=f".{ziel.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as datei:
            datei.write(daten)
            datei.flush()
            os.fsync(datei.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, ziel)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

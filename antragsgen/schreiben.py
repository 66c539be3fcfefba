"""Output paths, atomic writes and what a failed write means to a user.

A file is complete or not there at all: bytes go to a temporary file beside the target,
are synced, and replace the target in one rename. Renaming replaces a symlink at the
target, never the file it points to.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .fehler import anzeigepfad

_KENNUNG = re.compile(r"^[a-z0-9]+([.-][a-z0-9]+)*$")
# what schreibe_atomar() leaves behind when a run is killed mid-write
_HILFSDATEI = re.compile(r"^\..+\.[a-z0-9_]+\.tmp$")


def ausgabepfad(ordner: Path, kennung: str, endung: str) -> Path:
    """`ordner/kennung.endung`, refusing any name that would leave the folder."""
    if not _KENNUNG.fullmatch(kennung):
        raise ValueError(f"unzulässiger Ausgabename: {kennung!r}")
    return ordner / f"{kennung}.{endung}"


def schreibe_atomar(ziel: Path, daten: bytes, *, modus: int = 0o644) -> None:
    """Write to a temporary file beside `ziel`, fsync, then rename over it."""
    ziel.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=ziel.parent, prefix=f".{ziel.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as datei:
            datei.write(daten)
            datei.flush()
            os.fsync(datei.fileno())
        os.chmod(tmp, modus)
        os.replace(tmp, ziel)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schreibfehler(pfad: Path, e: OSError) -> str:
    """Why `pfad` could not be written, as a user can act on it."""
    datei = anzeigepfad(pfad)
    if isinstance(e, IsADirectoryError) or pfad.is_dir():
        grund = "dort steht ein Ordner gleichen Namens"
    elif isinstance(e, PermissionError):
        grund = "keine Schreibrechte, oder die Datei ist gesperrt – in Word geöffnet?"
    elif e.errno in (errno.ENOSPC, errno.EDQUOT):
        grund = "der Datenträger ist voll"
    elif e.errno == errno.EROFS:
        grund = "der Datenträger ist schreibgeschützt"
    else:
        grund = e.strerror or type(e).__name__
    return f"{datei} lässt sich nicht schreiben: {grund}."


def reste(ordner: Path | str) -> bool:
    """Are there temporary files in `ordner` (a killed run's, or a run's under way)?"""
    try:
        with os.scandir(ordner) as eintraege:
            return any(_HILFSDATEI.match(e.name) for e in eintraege)
    except OSError:
        return False


def raeume_auf(ordner: Path, aelter_als: float = 0.0) -> None:
    """Remove temporary files a killed run left in `ordner` (older than `aelter_als` seconds)."""
    try:
        eintraege = list(os.scandir(ordner))
    except OSError:
        return
    grenze = time.time() - aelter_als
    for eintrag in eintraege:
        if _HILFSDATEI.match(eintrag.name) and eintrag.is_file(follow_symlinks=False):
            try:
                if eintrag.stat(follow_symlinks=False).st_mtime <= grenze:
                    os.unlink(eintrag.path)
            except OSError:
                pass


@contextmanager
def gesperrt(datei: Path) -> Iterator[None]:
    """Hold an exclusive lock on `datei` (created if needed): runs on one folder queue up.

    Where locks are not available (no fcntl), runs proceed as before.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    datei.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(datei, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)

"""Limits for ZIP-based office files (XLSX now, DOCX and ODT later): SPEC §8.

A few hundred KB of ZIP can unpack to gigabytes ("zip bomb"); the readers behind it
(openpyxl, python-docx) hold what they unpack in memory. This check runs first.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..fehler import EingabeFehler, Fundstelle, fehler

MAX_ENTPACKT = 50 * 1024 * 1024
_STUECK = 1024 * 1024


def pruefe_archiv(pfad: Path, datei: str, art: str, kaputt: str, grenze: int = MAX_ENTPACKT) -> None:
    """Raise EingabeFehler naming `datei` if the ZIP unpacks to more than `grenze` bytes
    (text: "Die {art} ist entpackt größer …"), or with the text `kaputt` if it is damaged. The declared sizes are checked first (no unpacking); since a header
    may lie, every entry is then unpacked once, counting, and stopped at the limit."""
    ort = Fundstelle(datei)
    zu_gross = fehler(ort, f"Die {art} ist entpackt größer als {grenze // (1024 * 1024)} MB; "
                           "bitte auf mehrere Dateien aufteilen.")
    try:
        with zipfile.ZipFile(pfad) as archiv:
            eintraege = archiv.infolist()
            if sum(e.file_size for e in eintraege) > grenze:
                raise EingabeFehler(zu_gross)
            gezaehlt = 0
            for eintrag in eintraege:
                with archiv.open(eintrag) as inhalt:
                    while stueck := inhalt.read(_STUECK):
                        gezaehlt += len(stueck)
                        if gezaehlt > grenze:
                            raise EingabeFehler(zu_gross)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, OSError, EOFError,
            ValueError):
        # the CRC error of a header that lied about its size lands here too
        raise EingabeFehler(fehler(ort, kaputt)) from None

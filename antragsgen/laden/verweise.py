"""Symbolic links that lead out of the project are not followed (SPEC §8)."""

from __future__ import annotations

import os
from pathlib import Path

from ..fehler import Fundstelle, Meldung, warnung


def verlaesst_projekt(pfad: Path, projekt: Path) -> bool:
    """True if `pfad` stands inside `projekt` as written, but a symlink (the file or a
    folder on its way) leads outside it. A path written outside the project was named
    so on purpose (a source given on the command line, a configured folder) and counts
    as inside."""
    geschrieben = Path(os.path.abspath(pfad))
    if not geschrieben.is_relative_to(os.path.abspath(projekt)):
        return False
    return not pfad.resolve().is_relative_to(projekt.resolve())


def verweis_warnung(pfad: Path, datei: str) -> Meldung:
    return warnung(Fundstelle(datei), f"Die Datei ist ein symbolischer Verweis auf '{pfad.resolve()}' außerhalb "
                                      "des Projekts; sie wird nicht gelesen.")

"""Symbolic links that lead out of the project are not followed (SPEC §8)."""

from __future__ import annotations

import os
from pathlib import Path

from ..fehler import Fundstelle, Meldung, warnung


def verlaesst_projekt(pfad: Path, projekt: Path, ordner: dict[str, str] | None = None) -> bool:
    """True if `pfad` stands inside `projekt` as written, but a symlink (the file or a
    folder on its way) leads outside it. A path written outside the project was named
    so on purpose (a source given on the command line, a configured folder) and counts
    as inside. `ordner`: folders already resolved in this pass (see `echter_pfad`)."""
    if not unter(os.path.abspath(pfad), os.path.abspath(projekt)):
        return False
    return not unter(echter_pfad(pfad, ordner), echter_pfad(projekt, ordner))


def echter_pfad(pfad: Path | str, ordner: dict[str, str] | None = None) -> str:
    """os.path.realpath(pfad); a file that is no symlink itself through its folder, resolved once
    per folder in `ordner` (for one pass over many files: the answers are not kept beyond it)."""
    if ordner is None or os.path.islink(pfad):
        return os.path.realpath(pfad)
    kopf, name = os.path.split(os.path.abspath(pfad))
    if kopf not in ordner:
        ordner[kopf] = os.path.realpath(kopf)
    return os.path.join(ordner[kopf], name)


def unter(pfad: str, ordner: str) -> bool:
    """`pfad` is `ordner` or in it (whole names: /a/bc is not in /a/b)."""
    return pfad == ordner or pfad.startswith(ordner.rstrip(os.sep) + os.sep)


def verweis_warnung(pfad: Path, datei: str) -> Meldung:
    return warnung(Fundstelle(datei), f"Die Datei ist ein symbolischer Verweis auf '{pfad.resolve()}' außerhalb "
                                      "des Projekts; sie wird nicht gelesen.")

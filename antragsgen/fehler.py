"""Problems a user can cause, as values with a place.

Only the CLI turns them into printed lines and exit codes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Stufe = Literal["Fehler", "Warnung"]


@dataclass(frozen=True, order=True)
class Fundstelle:
    """Where something stands in a source file (1-based line and column)."""

    datei: str
    zeile: int | None = None
    spalte: int | None = None

    def __str__(self) -> str:
        teile = [self.datei]
        if self.zeile is not None:
            teile.append(str(self.zeile))
            if self.spalte is not None:
                teile.append(str(self.spalte))
        return ":".join(teile)


@dataclass(frozen=True)
class Meldung:
    """One problem or warning, printed as `datei:zeile:spalte: Fehler: text`."""

    ort: Fundstelle | None
    text: str
    stufe: Stufe = "Fehler"

    def __str__(self) -> str:
        kopf = f"{self.ort}: " if self.ort else ""
        return f"{kopf}{self.stufe}: {self.text}"

    @property
    def ist_fehler(self) -> bool:
        return self.stufe == "Fehler"


def fehler(ort: Fundstelle | None, text: str) -> Meldung:
    return Meldung(ort, text, "Fehler")


def warnung(ort: Fundstelle | None, text: str) -> Meldung:
    return Meldung(ort, text, "Warnung")


class AntragsFehler(Exception):
    """Base of every error antragsgen reports to a user; carries its Meldungen."""

    exit_code = 1

    def __init__(self, meldungen: list[Meldung] | Meldung | str):
        if isinstance(meldungen, str):
            meldungen = [fehler(None, meldungen)]
        elif isinstance(meldungen, Meldung):
            meldungen = [meldungen]
        self.meldungen = list(meldungen)
        super().__init__("\n".join(str(m) for m in self.meldungen))


class EingabeFehler(AntragsFehler):
    """Invalid motion input: the affected motions are not written (exit 1)."""


class EinstellungsFehler(AntragsFehler):
    """Bad settings or usage: nothing is written (exit 2)."""

    exit_code = 2


class VorlagenFehler(AntragsFehler):
    """A template that cannot be found or rendered."""

    exit_code = 2


def anzeigepfad(pfad: Path) -> str:
    """The path as a user typed it: relative to the current folder where possible."""
    return _anzeigepfad(os.fspath(pfad), os.getcwd())


@functools.lru_cache(maxsize=4096)  # asked for every motion of the project on every keystroke
def _anzeigepfad(pfad: str, hier: str) -> str:
    absolut = os.path.abspath(pfad)  # no symlink resolution: cheap enough for every message
    if absolut == hier or absolut.startswith(hier.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolut, hier)).as_posix()
    return Path(pfad).as_posix()

"""The Synopse of an amendment: old and new wording side by side, changed words marked (SPEC §3.9).

A word-level diff (difflib): in "Bisherige Fassung" deleted words are struck through, in
"Neue Fassung" inserted words underlined; every renderer draws the same pieces.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

GLEICH, GESTRICHEN, EINGEFUEGT = "gleich", "gestrichen", "eingefuegt"


@dataclass(frozen=True)
class Wortteil:
    """A run of words of one kind: unchanged, struck through or underlined."""

    text: str
    art: str  # GLEICH, GESTRICHEN or EINGEFUEGT

    @property
    def gestrichen(self) -> bool:
        return self.art == GESTRICHEN

    @property
    def eingefuegt(self) -> bool:
        return self.art == EINGEFUEGT


@dataclass(frozen=True)
class Synopsenzeile:
    """One operation: where, and the old and the new wording as marked pieces."""

    ort: str  # "Ziffer 2", "Zeile 12–14"
    bisher: list[Wortteil] = field(default_factory=list)  # empty: nothing stood there
    neu: list[Wortteil] = field(default_factory=list)  # empty: struck without replacement


def _teile(woerter: list[str], art: str) -> list[Wortteil]:
    return [Wortteil(" ".join(woerter), art)] if woerter else []


def vergleiche(alt: str | None, neu: str | None) -> tuple[list[Wortteil], list[Wortteil]]:
    """(old side, new side) of a word diff; a missing side stays empty."""
    a, b = (alt or "").split(), (neu or "").split()
    if not a or not b:
        return _teile(a, GESTRICHEN), _teile(b, EINGEFUEGT)
    bisher: list[Wortteil] = []
    danach: list[Wortteil] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            bisher += _teile(a[i1:i2], GLEICH)
            danach += _teile(b[j1:j2], GLEICH)
            continue
        bisher += _teile(a[i1:i2], GESTRICHEN)
        danach += _teile(b[j1:j2], EINGEFUEGT)
    return bisher, danach


def zeilen(antrag) -> list[Synopsenzeile]:
    """A row for every text operation of `antrag`, in reading order."""
    return [Synopsenzeile(a.stelle_text, *vergleiche(a.alt, a.neu)) for a in antrag.aenderungen]

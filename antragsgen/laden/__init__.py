"""Find source files and read them into raw documents, one reader per suffix."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..fehler import EingabeFehler, EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .markdowndatei import lies_markdown
from .rohdaten import Rohdokument, lies_text, yaml_dokumente
from .tabelle import lies_tabelle
from .verweise import echter_pfad, unter, verlaesst_projekt, verweis_warnung

Gelesen = tuple[list[Rohdokument], list[Meldung]]


def _yaml(text: str, datei: str, pfad: Path) -> Gelesen:
    dokumente = yaml_dokumente(text, datei, pfad)
    if not dokumente:
        return [], [warnung(Fundstelle(datei), "Die Datei enthält keinen Antrag und wird übersprungen.")]
    return dokumente, []


@dataclass(frozen=True)
class Leser:
    """How one kind of source is read: a text format from its text (as an editor holds it
    too), a table from its file."""

    text: Callable[[str, str, Path], Gelesen] | None = None
    datei: Callable[[Path, str], Gelesen] | None = None


# every kind of source, by suffix; adding one touches only this table
LESER: dict[str, Leser] = {
    ".yaml": Leser(text=_yaml),
    ".yml": Leser(text=_yaml),
    ".md": Leser(text=lies_markdown),
    ".csv": Leser(datei=lies_tabelle),
    ".xlsx": Leser(datei=lies_tabelle),
}


@dataclass
class Ladeergebnis:
    dokumente: list[Rohdokument] = field(default_factory=list)
    meldungen: list[Meldung] = field(default_factory=list)
    # sources that could not be read at all; their motions are "fehlerhaft"
    fehlerhaft: list[Fundstelle] = field(default_factory=list)


def _uebersprungen(name: str) -> bool:
    return name.startswith(("_", ".", "~$"))


def finde_dateien(quellen: list[Path], ausgenommen: list[Path] = ()) -> list[Path]:
    """Source files of files and folders (recursive, sorted by path)."""
    # by where a file stands and where it leads: a symlink in bausteine/ is still a Baustein.
    # Compared as strings: for 500 files, pathlib's resolve() cost more than reading them.
    aus = {os.path.realpath(p) for p in ausgenommen} | {os.path.abspath(p) for p in ausgenommen}
    einmal: dict[str, Path] = {}  # the same file named twice (a folder and a file in it) is read once
    echte_ordner: dict[str, str] = {}
    for quelle in quellen:
        if not quelle.exists():
            raise EinstellungsFehler(fehler(None, f"Die Quelle '{quelle}' gibt es nicht."))
        if quelle.is_file():
            if quelle.suffix.lower() not in LESER:
                raise EinstellungsFehler(fehler(
                    None, f"'{quelle}' ist keine Antragsdatei (erwartet: {', '.join(LESER)})."))
            einmal.setdefault(os.path.realpath(quelle), quelle)
            continue
        gefunden = []
        # as Path.rglob: into folders, not into symlinks to folders; skipped folders are not entered
        for ordner, unterordner, dateien in os.walk(quelle):
            unterordner[:] = [o for o in unterordner if not _uebersprungen(o)]
            gefunden += [Path(ordner, name) for name in dateien
                         if not _uebersprungen(name) and os.path.splitext(name)[1].lower() in LESER]
        for pfad in sorted(gefunden):
            wohin = echter_pfad(pfad, echte_ordner)
            if not os.path.isfile(wohin) or any(unter(w, a) for a in aus for w in (wohin, os.path.abspath(pfad))):
                continue
            einmal.setdefault(wohin, pfad)
    return list(einmal.values())


def lade_dateien(dateien: list[Path], projekt: Path = Path("."), speicher=None,
                 ersetzt: dict[Path, str] | None = None) -> Ladeergebnis:
    """Read the given source files (see `finde_dateien`); a broken file is reported, the
    others are still read. A symlink that leads out of `projekt` is refused with a Warnung.

    `speicher` (a zwischenspeicher.Zwischenspeicher) returns files whose bytes did not
    change since the last run without parsing them again. `ersetzt` gives the text of
    files as an editor holds them (read from there, not from disk).
    """
    ergebnis = Ladeergebnis()
    ersetzt = {os.path.realpath(p): t for p, t in (ersetzt or {}).items()}
    echte_ordner: dict[str, str] = {}  # 500 motions share one folder: resolved once per call
    for pfad in dateien:
        datei = anzeigepfad(pfad)
        if ersetzt and (text := ersetzt.get(echter_pfad(pfad, echte_ordner))) is not None:
            try:
                dokumente, hinweise = lies_text_als(text, pfad, datei)
            except EingabeFehler as e:
                ergebnis.meldungen.extend(e.meldungen)
                ergebnis.fehlerhaft.append(Fundstelle(datei))
                continue
            ergebnis.meldungen.extend(hinweise)
            ergebnis.dokumente.extend(dokumente)
            continue
        if verlaesst_projekt(pfad, projekt, echte_ordner):
            ergebnis.meldungen.append(verweis_warnung(pfad, datei))
            continue
        # the hash is taken of the bytes before parsing: a file saved meanwhile is read again next run
        try:
            inhalt = pfad.read_bytes() if speicher else b""
        except OSError:
            inhalt = b""
        gemerkt = speicher.lies(pfad, datei, inhalt) if speicher else None
        if gemerkt is not None:
            dokumente, hinweise = gemerkt
        else:
            try:
                dokumente, hinweise = lies_datei(pfad, datei)
            except EingabeFehler as e:
                ergebnis.meldungen.extend(e.meldungen)
                ergebnis.fehlerhaft.append(Fundstelle(datei))
                continue
            if speicher:
                speicher.merke(pfad, datei, inhalt, dokumente, hinweise)
        ergebnis.meldungen.extend(hinweise)
        ergebnis.dokumente.extend(dokumente)
    return ergebnis


def lies_datei(pfad: Path, datei: str) -> tuple[list[Rohdokument], list[Meldung]]:
    """One source file's motions and warnings; EingabeFehler if it cannot be read."""
    leser = LESER[pfad.suffix.lower()]
    if leser.datei is not None:
        return leser.datei(pfad, datei)
    text, hinweise = lies_text(pfad, datei)
    dokumente, weitere = lies_text_als(text, pfad, datei)
    return dokumente, hinweise + weitere


def lies_text_als(text: str, pfad: Path, datei: str) -> Gelesen:
    """The motions of a text source (by the suffix of `pfad`) from its text."""
    if not text.strip():
        return [], [warnung(Fundstelle(datei), "Die Datei ist leer und wird übersprungen.")]
    return LESER[pfad.suffix.lower()].text(text, datei, pfad)


__all__ = ["LESER", "Ladeergebnis", "Leser", "Rohdokument", "finde_dateien", "lade_dateien", "lies_datei", "lies_text_als",
           "verlaesst_projekt"]

"""Find source files and read them into raw documents, one reader per suffix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fehler import EingabeFehler, EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .markdowndatei import lies_markdown
from .rohdaten import Rohdokument, lies_text, yaml_dokumente
from .tabelle import lies_tabelle

LESER = {".yaml": "yaml", ".yml": "yaml", ".md": "markdown"}
TABELLEN = {".csv", ".xlsx"}


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
    ausgenommen = [p.resolve() for p in ausgenommen]
    dateien: list[Path] = []
    for quelle in quellen:
        if not quelle.exists():
            raise EinstellungsFehler(fehler(None, f"Die Quelle '{quelle}' gibt es nicht."))
        if quelle.is_file():
            if quelle.suffix.lower() not in LESER and quelle.suffix.lower() not in TABELLEN:
                raise EinstellungsFehler(fehler(
                    None, f"'{quelle}' ist keine Antragsdatei (erwartet: .yaml, .yml, .md, .csv, .xlsx)."))
            dateien.append(quelle)
            continue
        for pfad in sorted(quelle.rglob("*")):
            teile = pfad.relative_to(quelle).parts
            if any(_uebersprungen(t) for t in teile) or not pfad.is_file():
                continue
            if any(pfad.resolve().is_relative_to(a) for a in ausgenommen):
                continue
            if pfad.suffix.lower() in LESER or pfad.suffix.lower() in TABELLEN:
                dateien.append(pfad)
    # the same file named twice (a folder and a file in it) is read once
    einmal: dict[Path, Path] = {}
    for pfad in dateien:
        einmal.setdefault(pfad.resolve(), pfad)
    return list(einmal.values())


def lade(quellen: list[Path], ausgenommen: list[Path] = ()) -> Ladeergebnis:
    """Read every source; a broken file is reported, the others are still read."""
    return lade_dateien(finde_dateien(quellen, ausgenommen))


def lade_dateien(dateien: list[Path]) -> Ladeergebnis:
    """Read the given source files (see `finde_dateien`)."""
    ergebnis = Ladeergebnis()
    for pfad in dateien:
        datei = anzeigepfad(pfad)
        endung = pfad.suffix.lower()
        try:
            if endung in TABELLEN:
                dokumente, hinweise = lies_tabelle(pfad, datei)
                ergebnis.meldungen.extend(hinweise)
                ergebnis.dokumente.extend(dokumente)
                continue
            text, hinweise = lies_text(pfad, datei)
            ergebnis.meldungen.extend(hinweise)
            if not text.strip():
                ergebnis.meldungen.append(warnung(Fundstelle(datei), "Die Datei ist leer und wird übersprungen."))
                continue
            if LESER[endung] == "markdown":
                dokumente, hinweise = lies_markdown(text, datei, pfad)
                ergebnis.meldungen.extend(hinweise)
            else:
                dokumente = yaml_dokumente(text, datei, pfad)
                if not dokumente:
                    ergebnis.meldungen.append(warnung(Fundstelle(datei), "Die Datei enthält keinen Antrag und wird übersprungen."))
        except EingabeFehler as e:
            ergebnis.meldungen.extend(e.meldungen)
            ergebnis.fehlerhaft.append(Fundstelle(datei))
            continue
        ergebnis.dokumente.extend(dokumente)
    return ergebnis


__all__ = ["Ladeergebnis", "Rohdokument", "finde_dateien", "lade", "lade_dateien"]

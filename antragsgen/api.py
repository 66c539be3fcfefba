"""The pipeline: discover → load → validate → number → render → write.

Used by the CLI, the tests and any other program:

    ergebnis = erzeugen([Path("eingaben")], projekt=Path("."))
    for meldung in ergebnis.meldungen: print(meldung)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .einstellungen import FORMATE, Einstellungen, lade_einstellungen
from .fehler import AntragsFehler, EinstellungsFehler, Meldung, fehler, warnung
from .laden import lade
from .modell import Antrag
from .pruefen import Pruefergebnis, pruefe
from .schreiben import ausgabepfad, schreibe_atomar
from .vorlagen import Vorlage, finde_vorlage


@dataclass
class Ergebnis:
    """What a run did: messages, motions, written files; and its exit code."""

    meldungen: list[Meldung] = field(default_factory=list)
    antraege: list[Antrag] = field(default_factory=list)
    fehlerhaft: list[str] = field(default_factory=list)
    geschrieben: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.fehlerhaft or any(m.ist_fehler for m in self.meldungen) else 0


def _quellen(quellen: list[Path] | None, einstellungen: Einstellungen) -> list[Path]:
    return list(quellen) if quellen else [einstellungen.eingaben_ordner]


def pruefen(quellen: list[Path] | None = None, projekt: Path = Path(".")) -> Ergebnis:
    """Validate only: every problem of every file, nothing written."""
    einstellungen = lade_einstellungen(projekt)
    return _pruefe_alles(_quellen(quellen, einstellungen), einstellungen)[0]


def _pruefe_alles(quellen: list[Path], einstellungen: Einstellungen) -> tuple[Ergebnis, Pruefergebnis]:
    geladen = lade(quellen, ausgenommen=[einstellungen.bausteine_ordner])
    geprueft = pruefe(geladen.dokumente, einstellungen)
    ergebnis = Ergebnis(
        meldungen=geladen.meldungen + geprueft.meldungen,
        antraege=geprueft.antraege,
        fehlerhaft=geladen.fehlerhafte_dateien + geprueft.fehlerhaft,
    )
    return ergebnis, geprueft


def erzeugen(
    quellen: list[Path] | None = None,
    projekt: Path = Path("."),
    ausgabe: Path | None = None,
    formate: list[str] | None = None,
    vorlage: str | None = None,
) -> Ergebnis:
    """Render every valid motion into the output folder; broken ones are reported."""
    einstellungen = lade_einstellungen(projekt)
    formate = formate or einstellungen.ausgabe.formate
    unbekannt = [f for f in formate if f not in FORMATE]
    if unbekannt:
        raise EinstellungsFehler(fehler(None, f"Unbekanntes Format '{unbekannt[0]}' (möglich: {', '.join(FORMATE)})."))
    gewaehlt = finde_vorlage(vorlage or einstellungen.ausgabe.vorlage, einstellungen.projekt)
    ergebnis, _ = _pruefe_alles(_quellen(quellen, einstellungen), einstellungen)
    renderer = _renderer(formate, gewaehlt, einstellungen)
    ordner = Path(ausgabe) if ausgabe else einstellungen.projekt / "ausgabe"
    for antrag in ergebnis.antraege:
        _schreibe_antrag(antrag, renderer, ordner, ergebnis)
    return ergebnis


def _renderer(formate: list[str], vorlage: Vorlage, einstellungen: Einstellungen) -> dict:
    """One renderer per format, set up once for the whole run (heavy imports only here)."""
    renderer: dict = {}
    if "pdf" in formate:
        from .ausgabe.pdf import PdfRenderer

        renderer["pdf"] = PdfRenderer(vorlage, einstellungen.ausgabe.pdf_variante,
                                      erlaubte_ordner=[einstellungen.eingaben_ordner])
    if "docx" in formate:
        from .ausgabe.docx import DocxRenderer

        renderer["docx"] = DocxRenderer(vorlage.datei("antrag.docx"))
    if "html" in formate:
        from .ausgabe.html import HtmlRenderer

        renderer["html"] = HtmlRenderer(vorlage)
    return renderer


def _schreibe_antrag(antrag: Antrag, renderer: dict, ordner: Path, ergebnis: Ergebnis) -> None:
    """Render all formats first, then write: a motion that fails writes nothing."""
    fertig: dict[str, bytes] = {}
    try:
        for endung, r in renderer.items():
            fertig[endung] = r.render(antrag)
            for url in getattr(getattr(r, "fetcher", None), "abgelehnt", []):
                ergebnis.meldungen.append(warnung(
                    antrag.ort, f"Zugriff auf '{url}' abgelehnt: Anträge dürfen nur Dateien aus eingaben/ "
                    "und der Vorlage einbinden."))
    except AntragsFehler as e:
        ergebnis.meldungen.extend(e.meldungen)
        ergebnis.fehlerhaft.append(str(antrag.ort))
        return
    for endung, daten in fertig.items():
        ziel = ausgabepfad(ordner, antrag.id, endung)
        schreibe_atomar(ziel, daten)
        ergebnis.geschrieben.append(ziel)

"""The pipeline: discover → load → validate → number → render → write.

Used by the CLI, the tests and any other program:

    ergebnis = erzeugen([Path("eingaben")], projekt=Path("."))
    for meldung in ergebnis.meldungen: print(meldung)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import kosten, nummern, uebersicht
from .einstellungen import FORMATE, Einstellungen, lade_einstellungen
from .fehler import AntragsFehler, EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .laden import finde_dateien, lade_dateien
from .modell import Antrag
from .pruefen import pruefe
from .schreiben import ausgabepfad, schreibe_atomar
from .vorlagen import Vorlage, finde_vorlage


@dataclass
class Ergebnis:
    """What a run did: messages, good and failed motions, written files; its exit code."""

    meldungen: list[Meldung] = field(default_factory=list)
    antraege: list[Antrag] = field(default_factory=list)
    fehlerhaft: list[Fundstelle] = field(default_factory=list)
    geschrieben: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.fehlerhaft or any(m.ist_fehler for m in self.meldungen) else 0


def pruefen(quellen: list[Path] | None = None, projekt: Path = Path(".")) -> Ergebnis:
    """Validate and number (without writing the register): every problem of every file."""
    einstellungen = lade_einstellungen(projekt)
    return bereite_vor(quellen, einstellungen, register_schreiben=False)


def bereite_vor(quellen: list[Path] | None, einstellungen: Einstellungen, *,
                register_schreiben: bool) -> Ergebnis:
    """Load, validate and number the motions of `quellen` (default: the project's eingaben/).

    Numbering always sees every motion of the project's eingaben/ (so rendering one file
    never hands out a number another file holds); messages and motions are those of `quellen`.
    """
    ausgenommen = [einstellungen.bausteine_ordner]
    eigene = finde_dateien(list(quellen) if quellen else [einstellungen.eingaben_ordner], ausgenommen)
    projekt = finde_dateien([einstellungen.eingaben_ordner], ausgenommen) if einstellungen.eingaben_ordner.is_dir() else []
    # the project's reading order decides the numbers, whichever files are rendered
    im_projekt = {p.resolve() for p in projekt}
    alle = projekt + [p for p in eigene if p.resolve() not in im_projekt]

    geladen = lade_dateien(alle)
    geprueft = pruefe(geladen.dokumente, einstellungen)
    kaputt = {o.datei for o in geladen.fehlerhaft + geprueft.fehlerhaft}
    plan = nummern.vergeben(geprueft.antraege, einstellungen, schreiben=register_schreiben,
                            unlesbar=[p for p in alle if anzeigepfad(p) in kaputt])

    for antrag in geprueft.antraege:
        antrag._kosten, hinweise = kosten.berechne(antrag, einstellungen.personalkosten)
        geprueft.meldungen.extend(hinweise)

    angezeigt = {anzeigepfad(p) for p in eigene}
    meinem = lambda ort: ort is None or ort.datei in angezeigt  # noqa: E731
    return Ergebnis(
        meldungen=[m for m in geladen.meldungen + geprueft.meldungen + plan.meldungen if meinem(m.ort)],
        antraege=[a for a in geprueft.antraege if meinem(a.ort) and id(a) not in plan.gescheitert],
        fehlerhaft=[o for o in geladen.fehlerhaft + geprueft.fehlerhaft if meinem(o)]
        + [a.ort for a in geprueft.antraege if meinem(a.ort) and id(a) in plan.gescheitert],
    )


def erzeugen(
    quellen: list[Path] | None = None,
    projekt: Path = Path("."),
    ausgabe: Path | None = None,
    formate: list[str] | None = None,
    vorlage: str | None = None,
    sammelband: bool = False,
) -> Ergebnis:
    """Render every valid motion into the output folder; broken ones are reported.

    Also writes the overview and, with `sammelband`, one bound volume of the submitted motions.
    """
    einstellungen = lade_einstellungen(projekt)
    formate = formate or einstellungen.ausgabe.formate
    unbekannt = [f for f in formate if f not in FORMATE]
    if unbekannt:
        raise EinstellungsFehler(fehler(None, f"Unbekanntes Format '{unbekannt[0]}' (möglich: {', '.join(FORMATE)})."))
    if "oparl" in formate and not einstellungen.oparl.basis_url:
        raise EinstellungsFehler(fehler(None, (
            "Für -f oparl fehlt in antragsgen.toml [oparl] basis_url (die Adresse des "
            "Ratsinformationssystems, z. B. \"https://ris.example.de/oparl/v1.1\").")))
    gewaehlt = finde_vorlage(vorlage or einstellungen.ausgabe.vorlage, einstellungen.projekt)
    ergebnis = bereite_vor(quellen, einstellungen, register_schreiben=True)
    renderer = _renderer(formate, gewaehlt, einstellungen)
    gebraucht = {"antrag.html.j2", "antrag.css"} if {"pdf", "html"} & set(formate) else set()
    gebraucht |= {"antrag.docx"} if "docx" in formate else set()
    for datei in gewaehlt.fehlende():
        if datei in gebraucht:  # said once per run, not per motion
            ergebnis.meldungen.append(warnung(Fundstelle(anzeigepfad(gewaehlt.ordner)), (
                f"Die Vorlage '{gewaehlt.name}' hat keine {datei}; die der Standardvorlage wird verwendet.")))
    ordner = Path(ausgabe) if ausgabe else einstellungen.projekt / "ausgabe"
    oparl_basis = einstellungen.oparl.basis_url if "oparl" in formate else None
    gut = []
    for antrag in ergebnis.antraege:
        if _schreibe_antrag(antrag, renderer, ordner, ergebnis, oparl_basis):
            gut.append(antrag)
        else:
            ergebnis.fehlerhaft.append(antrag.ort)
    ergebnis.antraege = gut
    _schreibe_uebersicht(ergebnis, gewaehlt, einstellungen, ordner)
    if sammelband:
        _schreibe_sammelband(ergebnis, gewaehlt, einstellungen, ordner)
    return ergebnis


def _schreibe_sammelband(ergebnis: Ergebnis, vorlage: Vorlage, einstellungen: Einstellungen, ordner: Path) -> None:
    """sammelband.pdf: every submitted motion of the run; drafts and withdrawn ones are named."""
    from .ausgabe.sammelband import SammelbandRenderer

    eingereicht = []
    for antrag in ergebnis.antraege:
        if antrag.status == "eingereicht":
            eingereicht.append(antrag)
        else:
            ergebnis.meldungen.append(warnung(
                antrag.ort, f"Der Antrag '{antrag.id}' ist {antrag.status_name} und fehlt im Sammelband."))
    try:
        renderer = SammelbandRenderer(vorlage, einstellungen.ausgabe.pdf_variante,
                                      erlaubte_ordner=[einstellungen.eingaben_ordner])
        daten = renderer.render(eingereicht, dt.date.today())
    except AntragsFehler as e:
        ergebnis.meldungen.extend(e.meldungen)
        ergebnis.fehlerhaft.append(Fundstelle("sammelband.pdf"))
        return
    ziel = ausgabepfad(ordner, "sammelband", "pdf")
    schreibe_atomar(ziel, daten)
    ergebnis.geschrieben.append(ziel)


def _schreibe_uebersicht(ergebnis: Ergebnis, vorlage: Vorlage, einstellungen: Einstellungen, ordner: Path) -> None:
    """uebersicht.csv, .xlsx and .pdf of the run (failed motions listed as such)."""
    from .ausgabe import tabellen

    stand = dt.date.today()
    daten = uebersicht.erstelle(ergebnis.antraege, ergebnis.fehlerhaft)
    try:
        dateien = {
            "csv": tabellen.als_csv(daten),
            "xlsx": tabellen.als_xlsx(daten, stand),
            "pdf": tabellen.UebersichtPdf(vorlage, einstellungen.ausgabe.pdf_variante).render(daten, stand),
        }
    except AntragsFehler as e:
        ergebnis.meldungen.extend(e.meldungen)
        return
    for endung, inhalt in dateien.items():
        ziel = ausgabepfad(ordner, "uebersicht", endung)
        schreibe_atomar(ziel, inhalt)
        ergebnis.geschrieben.append(ziel)


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


def _schreibe_antrag(antrag: Antrag, renderer: dict, ordner: Path, ergebnis: Ergebnis,
                     oparl_basis: str | None = None) -> bool:
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
        return False
    if oparl_basis:
        from .ausgabe import oparl

        # the Paper describes the files as they are on disk: this run's, or an earlier run's
        dateien = {e: fertig[e] if e in fertig else ausgabepfad(ordner, antrag.id, e).read_bytes()
                   for e in ("pdf", "docx") if e in fertig or ausgabepfad(ordner, antrag.id, e).is_file()}
        fertig["oparl.json"] = oparl.als_json(oparl.paper(antrag, dateien, oparl_basis))
    for endung, daten in fertig.items():
        ziel = ausgabepfad(ordner, antrag.id, endung)
        schreibe_atomar(ziel, daten)
        ergebnis.geschrieben.append(ziel)
    return True


def nummern_festschreiben(projekt: Path = Path(".")) -> tuple[Ergebnis, int]:
    """Write every automatic lfd. Nr. of the project into its source as `lfd_nr:`.

    Returns the run's result and how many numbers were written.
    """
    from .festschreiben import festschreiben

    einstellungen = lade_einstellungen(projekt)
    ergebnis = bereite_vor(None, einstellungen, register_schreiben=True)
    je_datei: dict[tuple[Path, str], dict[tuple[int, int], int]] = {}
    for antrag in ergebnis.antraege:
        quelle = antrag._quelle
        for i, punkt in enumerate(antrag.antragspunkte):
            if punkt.automatisch:
                je_datei.setdefault((quelle.pfad, quelle.datei), {})[(quelle.nummer, i)] = punkt.lfd_nr
    geschrieben = 0
    for (pfad, anzeige), zuordnung in sorted(je_datei.items()):
        meldungen = festschreiben(pfad, zuordnung, anzeige)
        ergebnis.meldungen.extend(meldungen)
        geschrieben += len(zuordnung) - len(meldungen)
        if len(meldungen) < len(zuordnung):
            ergebnis.geschrieben.append(pfad)
    return ergebnis, geschrieben

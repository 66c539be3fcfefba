"""The pipeline: discover → load → validate → number → render → write.

Used by the CLI, the tests and any other program:

    ergebnis = erzeugen([Path("eingaben")], projekt=Path("."))
    for meldung in ergebnis.meldungen: print(meldung)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import kosten, nummern
from .ausgeben import Ausgabe
from .einstellungen import FORMATE, Einstellungen, lade_einstellungen
from .fehler import EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .laden import finde_dateien, lade_dateien
from .modell import Antrag
from .pruefen import pruefe
from .rendern import Arbeiter, Auftrag
from .vorlagen import Vorlage, finde_vorlage
from .zwischenspeicher import Zwischenspeicher


@dataclass
class Ergebnis:
    """What a run did: messages, good and failed motions, written files; its exit code."""

    meldungen: list[Meldung] = field(default_factory=list)
    antraege: list[Antrag] = field(default_factory=list)
    fehlerhaft: list[Fundstelle] = field(default_factory=list)
    geschrieben: list[Path] = field(default_factory=list)
    erzeugt: int = 0  # motions rendered in this run
    unveraendert: int = 0  # motions whose files were already up to date

    @property
    def exit_code(self) -> int:
        return 1 if self.fehlerhaft or any(m.ist_fehler for m in self.meldungen) else 0


def pruefen(quellen: list[Path] | None = None, projekt: Path = Path(".")) -> Ergebnis:
    """Validate and number (without writing the register): every problem of every file."""
    einstellungen = lade_einstellungen(projekt)
    speicher = Zwischenspeicher(einstellungen.projekt)
    ergebnis = bereite_vor(quellen, einstellungen, register_schreiben=False, speicher=speicher)
    speicher.speichern()
    return ergebnis


def bereite_vor(quellen: list[Path] | None, einstellungen: Einstellungen, *,
                register_schreiben: bool, speicher: Zwischenspeicher | None = None) -> Ergebnis:
    """Load, validate and number the motions of `quellen` (default: the project's eingaben/).

    Numbering always sees every motion of the project's eingaben/ (so rendering one file
    never hands out a number another file holds); messages and motions are those of `quellen`.
    """
    ausgenommen = [einstellungen.bausteine_ordner]
    eingaben = einstellungen.eingaben_ordner
    projekt = finde_dateien([eingaben], ausgenommen) if eingaben.is_dir() else []
    # the default source is eingaben/ itself: scanned once (a missing one is a usage error)
    eigene = finde_dateien(list(quellen) if quellen else [eingaben], ausgenommen) \
        if quellen or not eingaben.is_dir() else projekt
    # the project's reading order decides the numbers, whichever files are rendered
    im_projekt = {p.resolve() for p in projekt}
    alle = projekt + [p for p in eigene if p.resolve() not in im_projekt]

    geladen = lade_dateien(alle, speicher)
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
    jobs: int | None = None,
    alles_neu: bool = False,
    fortschritt: Callable[[int, int], None] | None = None,
) -> Ergebnis:
    """Render every valid motion whose files are not up to date; broken ones are reported.

    Also writes the overview and, with `sammelband`, one bound volume of the submitted
    motions. `jobs` worker processes (default: all cores); `alles_neu` ignores the cache.
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
    speicher = Zwischenspeicher(einstellungen.projekt, lesen=not alles_neu)
    with Arbeiter(Auftrag(tuple(f for f in formate if f != "oparl"), gewaehlt, einstellungen), jobs) as arbeiter:
        if alles_neu or speicher.leer:  # everything will be rendered: workers set up while we read
            arbeiter.vorheizen()
        ergebnis = bereite_vor(quellen, einstellungen, register_schreiben=True, speicher=speicher)
        ergebnis.meldungen += _fehlende_vorlagendateien(gewaehlt, formate)
        ausgabe_ = Ausgabe(Path(ausgabe) if ausgabe else einstellungen.projekt / "ausgabe", formate, gewaehlt,
                           einstellungen, speicher)
        erzeugt, unveraendert, gescheitert = ausgabe_.antraege(ergebnis.antraege, ergebnis.fehlerhaft, arbeiter,
                                                               fortschritt=fortschritt)
    ergebnis.antraege = [a for a in ergebnis.antraege if all(a is not g for g in gescheitert)]
    ergebnis.fehlerhaft += [a.ort for a in gescheitert]
    ergebnis.erzeugt, ergebnis.unveraendert = len(erzeugt), len(unveraendert)
    if sammelband and not ausgabe_.sammelband(ergebnis.antraege):
        ergebnis.fehlerhaft.append(Fundstelle("sammelband.pdf"))
    ergebnis.meldungen += ausgabe_.meldungen
    ergebnis.geschrieben = ausgabe_.geschrieben
    speicher.speichern()
    return ergebnis


def _fehlende_vorlagendateien(vorlage: Vorlage, formate: list[str]) -> list[Meldung]:
    """Files the template takes from the standard template: said once per run."""
    gebraucht = {"antrag.html.j2", "antrag.css"} if {"pdf", "html"} & set(formate) else set()
    gebraucht |= {"antrag.docx"} if "docx" in formate else set()
    return [warnung(Fundstelle(anzeigepfad(vorlage.ordner)),
                    f"Die Vorlage '{vorlage.name}' hat keine {datei}; die der Standardvorlage wird verwendet.")
            for datei in vorlage.fehlende() if datei in gebraucht]


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

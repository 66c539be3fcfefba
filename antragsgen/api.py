"""The pipeline: discover → load → validate → number → costs → what changed → render →
write → overview and Sammelband. Each step returns the value the next one takes.

Used by the CLI, the tests, the editor and any other program:

    ergebnis = erzeugen([Path("eingaben")], projekt=Path("."))
    for meldung in ergebnis.meldungen: print(meldung)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import kosten, nummern, uebersicht, zeilenbezug
from .ablage import Ablage, reservierte_namen
from .fassung import Fassung
from .fehler import Fundstelle, Meldung, anzeigepfad, fehler
from .laden import Rohdokument, finde_dateien, lade_dateien
from .laden.verweise import echter_pfad
from .projekt import Projekt
from .pruefen import Geprueft, pruefe
from .arbeiter import Arbeiter, uebersicht_pdf
from .renderer import baue_renderer, rendere


@dataclass
class Ergebnis:
    """What a run did: messages, good and failed motions, written files; its exit code."""

    meldungen: list[Meldung] = field(default_factory=list)
    antraege: list[Fassung] = field(default_factory=list)
    fehlerhaft: list[Fundstelle] = field(default_factory=list)
    geschrieben: list[Path] = field(default_factory=list)
    erzeugt: int = 0  # motions rendered in this run
    unveraendert: int = 0  # motions whose files were already up to date
    # what a run right after this one, with nothing changed, prints (None: it would do more)
    wiederholt: list[Meldung] | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.fehlerhaft or any(m.ist_fehler for m in self.meldungen) else 0

    def scheitert(self, fassungen: list[Fassung]) -> None:
        """These motions were not written: out of the good ones, into the failed ones."""
        ids = {f.id for f in fassungen}
        self.antraege = [f for f in self.antraege if f.id not in ids]
        self.fehlerhaft += [f.fundstelle for f in fassungen]


def _projekt(projekt: Projekt | Path | str, **optionen) -> Projekt:
    return projekt if isinstance(projekt, Projekt) else Projekt.oeffnen(projekt, **optionen)


def erzeugen(quellen: list[Path] | None = None, projekt: Projekt | Path | str = Path("."), *,
             ausgabe: Path | None = None, formate: list[str] | None = None, vorlage: str | None = None,
             sammelband: bool = False, jobs: int | None = None, alles_neu: bool = False,
             zeilennummern: bool = False, fortschritt: Callable[[int, int], None] | None = None,
             signatur=None) -> Ergebnis:
    """Render every valid motion whose files are not up to date; broken ones are reported.

    Also writes the overview and, with `sammelband`, one bound volume of the submitted
    motions. `jobs` worker processes (default: all cores); `alles_neu` ignores the cache;
    `zeilennummern` numbers the lines of every motion (as `[ausgabe] zeilennummern`).
    With `signatur` (signieren.lade_zertifikat) each PDF and the Sammelband get a signed copy.
    """
    projekt = _projekt(projekt, ausgabe=ausgabe, formate=formate, vorlage=vorlage, alles_neu=alles_neu,
                       zeilennummern=zeilennummern)
    heute = dt.date.today()
    ablage = Ablage(projekt, signatur)
    with Arbeiter(projekt.auftrag(), jobs) as arbeiter:
        if (projekt.alles_neu or not ablage.buch.eintraege) and not _ein_antrag(quellen):
            arbeiter.vorheizen()  # everything will be rendered: workers set up while we read
        # discover → load → validate → number → costs
        ergebnis = bereite_vor(projekt, quellen, register_schreiben=True)
        ergebnis.meldungen += projekt.fehlende_vorlagendateien()
        _weise_reservierte_ab(ergebnis, reservierte_namen(sammelband))  # two outputs never share a path
        vorab = list(ergebnis.meldungen)  # said again by every run on these inputs
        # what changed
        offen = [f for f in ergebnis.antraege if not ablage.aktuell(f)]
        arbeiter.bereit(len(offen))  # a broken template stops the run before anything is written
        with ablage:
            liste = _Uebersicht(ablage, arbeiter, ergebnis, heute, parallel=arbeiter.parallel(len(offen)))
            # render → write, each motion on its own: a failure is that motion's
            gescheitert = [f for f, gerendert in arbeiter.rendere_alle(offen, fortschritt=fortschritt)
                           if not ablage.schreibe_antrag(f, gerendert)]
            ergebnis.erzeugt, ergebnis.unveraendert = len(offen) - len(gescheitert), len(ergebnis.antraege) - len(offen)
            ergebnis.scheitert(gescheitert)
            # overview and Sammelband
            liste.schreiben(ergebnis)
            if sammelband and not ablage.sammelband(ergebnis.antraege, heute):
                ergebnis.fehlerhaft.append(Fundstelle("sammelband.pdf"))
            # a run right after this one: nothing to render, so only what is said before rendering
            gelungen = not ergebnis.fehlerhaft and not any(m.ist_fehler for m in ergebnis.meldungen + ablage.meldungen)
            if gelungen and (projekt.alles_neu or ablage.uebersicht_aktuell(
                    ablage.uebersicht_schluessel(ergebnis.antraege, ergebnis.fehlerhaft))):
                ergebnis.wiederholt = vorab + (ablage.nicht_im_sammelband(ergebnis.antraege) if sammelband else [])
    projekt.speicher.speichern()
    ergebnis.meldungen += ablage.meldungen
    ergebnis.geschrieben = ablage.geschrieben
    return ergebnis


def pruefen(quellen: list[Path] | None = None, projekt: Projekt | Path | str = Path(".")) -> Ergebnis:
    """Validate and number (without writing the register): every problem of every file."""
    projekt = _projekt(projekt)
    ergebnis = bereite_vor(projekt, quellen, register_schreiben=False)
    projekt.speicher.speichern()
    return ergebnis


def vorschau(projekt: Projekt, text: str, datei: Path, formate: tuple[str, ...] = ("html", "pdf"),
             renderer: dict | None = None) -> tuple[dict[str, bytes], list[Meldung]]:
    """One motion from `text` (the editor's unsaved content of `datei`), rendered in memory.

    Numbered like `erzeugen` would (read-only), nothing written. Returns its files by
    format (empty if it does not validate) and every message about it. Pass the same
    `renderer` (from `renderer.baue_renderer`) on every call to keep it warm.
    """
    ergebnis = bereite_vor(projekt, [Path(datei)], register_schreiben=False, ersetzt={Path(datei): text})
    if not ergebnis.antraege:
        return {}, ergebnis.meldungen
    renderer = renderer if renderer is not None else baue_renderer(projekt.auftrag(formate))
    gerendert = rendere(ergebnis.antraege[0], renderer, projekt.debug)
    return gerendert.dateien, ergebnis.meldungen + gerendert.meldungen


def bereite_vor(projekt: Projekt, quellen: list[Path] | None, *, register_schreiben: bool,
                ersetzt: dict[Path, str] | None = None) -> Ergebnis:
    """Discover, load, validate, number and cost the motions of `quellen` (default: eingaben/).

    Numbering always sees every motion of the project's eingaben/ (so rendering one file
    never hands out a number another file holds); messages and motions are those of
    `quellen`. `ersetzt` gives the text of files as an editor holds them.
    """
    alle, eigene = _finde_quellen(projekt, quellen)                      # discover
    geladen = lade_dateien(alle, projekt.ordner, projekt.speicher, ersetzt)  # load
    geprueft = pruefe(geladen.dokumente, projekt.einstellungen, projekt.speicher.geprueft)  # validate
    kaputt = {o.datei for o in geladen.fehlerhaft + geprueft.fehlerhaft}
    plan = nummern.vergeben(geprueft.geprueft, projekt.einstellungen, schreiben=register_schreiben,
                            unlesbar=[p for p in alle if anzeigepfad(p) in kaputt], warten=projekt.hinweis)  # number
    angezeigt = {anzeigepfad(p) for p in eigene}
    meinem = lambda ort: ort is None or ort.datei in angezeigt  # noqa: E731
    # costed only where asked for (the preview: one motion of 500); the others only for amendments' lines
    eigene_fassungen, kostenmeldungen = _fassungen([g for g in geprueft.geprueft if meinem(g.ort)], plan, projekt)
    andere = lambda: _fassungen([g for g in geprueft.geprueft if not meinem(g.ort)], plan, projekt)[0]  # noqa: E731
    zeilenmeldungen, falsche_zeilen = _pruefe_zeilen(eigene_fassungen, andere, projekt)  # lines of amendments
    gescheitert = plan.gescheitert | {f.id for f in falsche_zeilen}
    return Ergebnis(
        meldungen=[m for m in geladen.meldungen + geprueft.meldungen + kostenmeldungen + plan.meldungen
                   if meinem(m.ort)] + zeilenmeldungen,
        antraege=[f for f in eigene_fassungen if f.id not in gescheitert],
        fehlerhaft=[o for o in geladen.fehlerhaft + geprueft.fehlerhaft if meinem(o)]
        + [f.fundstelle for f in eigene_fassungen if f.id in gescheitert],
    )


def _pruefe_zeilen(fassungen: list[Fassung], andere: Callable[[], list[Fassung]],
                   projekt: Projekt) -> tuple[list[Meldung], list]:
    """Amendments naming `zeilen` against the lines of their target's PDF (SPEC §3.9); the
    targets among `fassungen` and `andere()` (the project's other motions)."""
    if not any(zeilenbezug.braucht_zeilen(f) for f in fassungen):
        return [], []
    from .renderer import FORMATE

    pdf = FORMATE["pdf"].renderer(projekt.auftrag(("pdf",)))
    return zeilenbezug.pruefe(fassungen, fassungen + andere(), pdf.zeilen)


def _finde_quellen(projekt: Projekt, quellen: list[Path] | None) -> tuple[list[Path], list[Path]]:
    """(every source the numbering sees, in the project's reading order; the sources asked for)."""
    einstellungen = projekt.einstellungen
    ausgenommen = [einstellungen.bausteine_ordner]
    eingaben = einstellungen.eingaben_ordner
    im_projekt = finde_dateien([eingaben], ausgenommen) if eingaben.is_dir() else []
    # the default source is eingaben/ itself: scanned once (a missing one is a usage error)
    eigene = finde_dateien(list(quellen) if quellen else [eingaben], ausgenommen) \
        if quellen or not eingaben.is_dir() else im_projekt
    if eigene is im_projekt:
        return im_projekt, eigene
    ordner: dict[str, str] = {}  # the editor's preview asks with one file among 500: resolved per folder
    bekannt = {echter_pfad(p, ordner) for p in im_projekt}
    return im_projekt + [p for p in eigene if echter_pfad(p, ordner) not in bekannt], eigene


def _fassungen(geprueft: list[Geprueft], plan: nummern.Plan, projekt: Projekt) -> tuple[list[Fassung], list[Meldung]]:
    """Each motion numbered and costed, as templates will see it."""
    fassungen, meldungen = [], []
    bildordner: dict[str, str] = {}
    je_antrag: dict[str, dict[int, int]] = {}  # grouped once: per motion a scan of all would be N²
    for (kennung, i), n in plan.nummern.items():
        je_antrag.setdefault(kennung, {})[i] = n
    for g in geprueft:
        automatisch = je_antrag.get(g.antrag.id, {})
        antrag = g.antrag.mit_nummern(automatisch)
        kosten_, hinweise = kosten.berechne(antrag, projekt.einstellungen.personalkosten,
                                            lambda i, g=g: (g.punkt_ort(i) if i is not None
                                                            else g.quelle.fundstelle(("kosten",), schluessel=True)) or g.ort)
        meldungen += hinweise
        fassungen.append(Fassung(antrag, g.begruendung_text, kosten_, g.ort, _bildbasis(g.quelle, bildordner),
                                 frozenset(automatisch), g.quelle.fundstelle(("id",)), g.quelle))
    return fassungen, meldungen


def _bildbasis(quelle: Rohdokument, ordner: dict[str, str]) -> str | None:
    """The folder a motion's images are relative to: its file's (a symlink's target's) folder.
    Resolved once per folder in `ordner`: 500 motions share one eingaben/."""
    if not quelle.pfad:
        return None
    return Path(echter_pfad(quelle.pfad, ordner)).parent.as_uri() + "/"


def _ein_antrag(quellen: list[Path] | None) -> bool:
    """A single YAML or Markdown file: most likely one motion, rendered in this process."""
    return bool(quellen) and len(quellen) == 1 and Path(quellen[0]).suffix.lower() in (".yaml", ".yml", ".md") \
        and Path(quellen[0]).is_file()


def _weise_reservierte_ab(ergebnis: Ergebnis, namen: set[str]) -> None:
    """A motion whose id is the name of the overview or the Sammelband is not written (SPEC §5.1)."""
    for f in [f for f in ergebnis.antraege if f.id in namen]:
        ergebnis.meldungen.append(fehler(f.id_ort or f.fundstelle, (
            f"Die Kennung '{f.id}' ist für {'die Übersicht' if f.id == 'uebersicht' else 'den Sammelband'} "
            f"({f.id}.pdf) reserviert; bitte eine andere 'id' vergeben.")))
        ergebnis.scheitert([f])


LANGE_UEBERSICHT = 500  # rows from which the overview PDF is set in a process of its own


class _Uebersicht:
    """The overview of a run: with workers, set beside them in a process of its own (not at
    the end on one core) from the motions as they are now; made again only if one fails."""

    def __init__(self, ablage: Ablage, arbeiter: Arbeiter, ergebnis: Ergebnis, heute: dt.date, parallel: bool):
        self.ablage, self.heute = ablage, heute
        self.vorher = ([f.id for f in ergebnis.antraege], list(ergebnis.fehlerhaft))
        self.schluessel = ablage.uebersicht_schluessel(ergebnis.antraege, ergebnis.fehlerhaft)
        self.neu = not ablage.uebersicht_aktuell(self.schluessel)
        self.daten = uebersicht.erstelle(ergebnis.antraege, ergebnis.fehlerhaft)
        # a long one even with -j 1: its layout (~450 MB at 2000 rows) stays out of this process
        beiseite = parallel or len(self.daten.zeilen) > LANGE_UEBERSICHT
        self.nebenbei = arbeiter.nebenbei(uebersicht_pdf, ablage.projekt.auftrag(()), self.daten, heute) \
            if self.neu and beiseite else None

    def schreiben(self, ergebnis: Ergebnis) -> None:
        pdf = self.nebenbei.result() if self.nebenbei else None
        if ([f.id for f in ergebnis.antraege], ergebnis.fehlerhaft) != self.vorher:
            schluessel = self.ablage.uebersicht_schluessel(ergebnis.antraege, ergebnis.fehlerhaft)
            if self.ablage.uebersicht_aktuell(schluessel):
                return
            self.ablage.uebersicht(uebersicht.erstelle(ergebnis.antraege, ergebnis.fehlerhaft), schluessel, self.heute)
        elif self.neu:
            self.ablage.uebersicht(self.daten, self.schluessel, self.heute, pdf)


def nummern_festschreiben(projekt: Projekt | Path | str = Path(".")) -> tuple[Ergebnis, int]:
    """Write every automatic lfd. Nr. of the project into its source as `lfd_nr:`.

    Returns the run's result and how many numbers were written.
    """
    from .festschreiben import festschreiben

    ergebnis = bereite_vor(_projekt(projekt), None, register_schreiben=True)
    je_datei: dict[tuple[Path, str], dict[tuple[int, tuple], int]] = {}
    for f in ergebnis.antraege:
        for i in sorted(f.automatisch):
            je_datei.setdefault((f.quelle.pfad, f.quelle.datei), {})[(f.quelle.nummer, f.antrag.punkt_pfad(i))] = \
                f.antrag.antragspunkte[i].lfd_nr
    geschrieben = 0
    for (pfad, anzeige), zuordnung in sorted(je_datei.items()):
        meldungen = festschreiben(pfad, zuordnung, anzeige)
        ergebnis.meldungen.extend(meldungen)
        geschrieben += len(zuordnung) - len(meldungen)
        if len(meldungen) < len(zuordnung):
            ergebnis.geschrieben.append(pfad)
    return ergebnis, geschrieben

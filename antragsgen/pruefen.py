"""Raw documents → validated motions. Collects every problem of every file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import markdown
from .einstellungen import Einstellungen
from .fehler import EingabeFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .laden import Rohdokument
from .laden.rohdaten import lies_text, saeubern
from .laden.verweise import verlaesst_projekt
from .modell import Antrag, Baustein, slug
from .fehlertexte import meldungen as pydantic_meldungen


@dataclass(frozen=True)
class Geprueft:
    """A validated motion, where it came from, and its Begründung with text blocks inserted."""

    antrag: Antrag
    quelle: Rohdokument
    begruendung_text: str | None
    # what the register keeps of each item (nummern.plan: content hash, text), kept with the
    # motion: the editor's process gets the same Geprueft for an unchanged file on every
    # keystroke. Not an init field, so dataclasses.replace() with another motion starts empty.
    registerdaten: dict[int, tuple[str, str]] = field(init=False, default_factory=dict, repr=False,
                                                      compare=False)

    @property
    def ort(self) -> Fundstelle | None:
        return self.quelle.ort

    def punkt_ort(self, index: int, *schluessel: str) -> Fundstelle | None:
        """Where item `index` (or one of its keys) stands in the source."""
        return self.quelle.fundstelle((*self.antrag.punkt_pfad(index), *schluessel))


@dataclass
class Pruefergebnis:
    geprueft: list[Geprueft] = field(default_factory=list)
    meldungen: list[Meldung] = field(default_factory=list)
    # motions that could not be validated, by their place
    fehlerhaft: list[Fundstelle] = field(default_factory=list)


def pruefe(dokumente: list[Rohdokument], einstellungen: Einstellungen,
           gemerkt: dict[int, _Gemerkt] | None = None) -> Pruefergebnis:
    """Validate every document; then check what spans motions (ids, lfd. Nr.).

    `gemerkt` (kept by a long-lived process between calls, see Zwischenspeicher.geprueft)
    answers a document seen before: the same object (the cache of read sources hands out the
    same one while its bytes stay), the same settings, and every text block it used still
    saying the same. Afterwards it holds this call's documents only.
    """
    ergebnis = Pruefergebnis()
    pro_datei = Counter(d.datei for d in dokumente)
    bausteine = _Bausteine(einstellungen.bausteine_ordner, einstellungen.projekt)
    diesmal: dict[int, _Gemerkt] = {}
    for dok in dokumente:
        mehrere = pro_datei[dok.datei] > 1
        frueher = gemerkt.get(id(dok)) if gemerkt is not None else None
        if frueher is None or not frueher.gilt(dok, einstellungen, mehrere, bausteine):
            mitschrift = _Mitschrift(bausteine)
            frueher = _Gemerkt(dok, einstellungen, mehrere, mitschrift.gefragt,
                               *_pruefe_dokument(dok, einstellungen, mehrere, mitschrift))
        diesmal[id(dok)] = frueher
        geprueft, meldungen = frueher.geprueft, frueher.meldungen
        ergebnis.meldungen.extend(meldungen)
        if geprueft is None:
            ergebnis.fehlerhaft.append(dok.ort)
        else:
            ergebnis.geprueft.append(geprueft)
    ergebnis.meldungen.extend(bausteine.meldungen)
    _pruefe_uebergreifend(ergebnis)
    if gemerkt is not None:
        gemerkt.clear()
        gemerkt.update(diesmal)
    return ergebnis


def _pruefe_dokument(dok: Rohdokument, einstellungen: Einstellungen, mehrere: bool,
                     bausteine: _Mitschrift) -> tuple[Geprueft | None, list[Meldung]]:
    if not isinstance(dok.daten, dict):
        return None, [fehler(dok.ort, "Ein Antrag besteht aus Schlüsseln wie 'titel:' und 'antragspunkte:'.")]
    daten = {**einstellungen.antrag.als_daten(), **dok.daten}
    if "id" not in daten and dok.pfad is not None and not mehrere:
        daten["id"] = slug(dok.pfad.stem)
    elif "id" not in daten and isinstance(daten.get("titel"), str):
        daten["id"] = slug(daten["titel"])
    if "abschnitte" in dok.daten and "antragspunkte" in dok.daten:
        andere = dok.fundstelle(("antragspunkte",), schluessel=True)
        return None, [fehler(dok.fundstelle(("abschnitte",), schluessel=True), (
            "Ein Antrag hat entweder 'abschnitte' oder 'antragspunkte', nicht beides"
            + (f" ('antragspunkte' steht in Zeile {andere.zeile})" if andere.zeile else "")
            + "; bitte die Punkte in die Abschnitte verschieben."))]
    try:
        antrag = Antrag.model_validate(daten)
    except ValidationError as e:
        return None, sorted((
            fehler(dok.fundstelle(pfad, schluessel=schluessel), _satz(text))
            for pfad, schluessel, text in pydantic_meldungen(e, Antrag, daten)
        ), key=lambda m: (m.ort.zeile or 0, m.ort.spalte or 0))
    meldungen: list[Meldung] = []
    for i, punkt in enumerate(antrag.antragspunkte):
        pfad = antrag.punkt_pfad(i)
        if punkt.mittel is not None:
            try:
                jahre = punkt.mittel.betraege_je_jahr()
            except ValueError as e:
                meldungen.append(fehler(dok.fundstelle((*pfad, "mittel")), _satz(f"Bei 'mittel': {e}")))
            else:
                if not jahre:
                    meldungen.append(fehler(
                        dok.fundstelle((*pfad, "mittel")),
                        "Für 'mittel' fehlen die Jahre: 'jahre' beim Punkt oder 'haushaltsjahre' beim Antrag angeben.",
                    ))
        if punkt.aenderung is not None and antrag.art != "aenderungsantrag":
            meldungen.append(fehler(dok.fundstelle((*pfad, "aenderung"), schluessel=True), (
                f"'aenderung' gibt es nur in Änderungsanträgen; bitte 'art: aenderungsantrag' angeben "
                f"(dieser Antrag ist ein {antrag.art_name}).")))
        if punkt.zweck is not None and punkt.text is not None and punkt.stelle is None and punkt.mittel is None:
            meldungen.append(fehler(
                dok.fundstelle((*pfad, "zweck"), schluessel=True),
                "'zweck' gehört zu 'stelle' oder 'mittel'; bei reinem Text bitte in den Text schreiben.",
            ))
    begruendung_text = None
    if antrag.begruendung is not None:
        teile = []
        for i, teil in enumerate(antrag.begruendung):
            if isinstance(teil, Baustein):
                text = bausteine.text(teil.baustein, dok.fundstelle(("begruendung", i, "baustein")))
                if text is None:
                    meldungen.append(fehler(
                        dok.fundstelle(("begruendung", i, "baustein")),
                        f"Textbaustein '{teil.baustein}' im Antrag '{antrag.id}' nicht gefunden "
                        f"(erwartet: {anzeigepfad(bausteine.pfad(teil.baustein))}).",
                    ))
                    continue
                teile.append(text)
            else:
                teile.append(teil)
        begruendung_text = "\n\n".join(teile)
    elif antrag.art in ("antrag", "haushaltsantrag"):
        meldungen.append(warnung(dok.ort, f"Der Antrag '{antrag.id}' hat keine Begründung."))
    if antrag.art == "haushaltsantrag" and "id" not in dok.daten:
        meldungen.append(warnung(
            dok.ort, f"Der Haushaltsantrag hat keine 'id'; er heißt nach seiner Datei '{antrag.id}'. "
            "Bitte 'id: " f"{antrag.id}' eintragen, damit Umbenennen die Nummern nicht verändert."))
    if antrag.synopse and not antrag.aenderungen:
        meldungen.append(warnung(dok.fundstelle(("synopse",), schluessel=True), (
            "'synopse: true' zeigt Textänderungen ('aenderung'); dieser Antrag hat keine, also keine Synopse.")))
    meldungen += _platzhalter(dok)
    meldungen += _zu_tief(dok, antrag)
    if any(m.ist_fehler for m in meldungen):
        return None, meldungen
    return Geprueft(antrag, dok, begruendung_text), meldungen


def _zu_tief(dok: Rohdokument, antrag: Antrag) -> list[Meldung]:
    """Markdown nested so deep that its inner part would be dropped: an error at its place."""
    texte = {("vorbemerkung",): antrag.vorbemerkung, ("deckung",): antrag.deckung}
    texte |= {(*antrag.punkt_pfad(i), "text"): p.text for i, p in enumerate(antrag.antragspunkte)}
    texte |= {("abschnitte", k, "begruendung"): a.begruendung for k, a in enumerate(antrag.abschnitte or [])}
    texte |= {("begruendung", i): t for i, t in enumerate(antrag.begruendung or []) if isinstance(t, str)}
    return [fehler(dok.fundstelle(pfad), (
        "Listen oder Zitate sind hier zu tief ineinander verschachtelt (mehr als 9 Ebenen); der innere Teil "
        "ginge beim Setzen verloren. Bitte flacher gliedern."))
        for pfad, text in texte.items() if text and markdown.zu_tief(text)]


def _platzhalter(dok: Rohdokument) -> list[Meldung]:
    """Texts of the `antragsgen neu` skeleton that were never filled in, at their lines."""
    from .neu import PLATZHALTER

    meldungen = []
    for schluessel, platzhalter in PLATZHALTER.items():
        wert = dok.daten.get(schluessel)
        stellen = {(schluessel,): wert}
        if isinstance(wert, list):  # requests: plain strings or mappings with `text`
            stellen = {(schluessel, i, "text") if isinstance(w, dict) else (schluessel, i):
                       w.get("text") if isinstance(w, dict) else w for i, w in enumerate(wert)}
        for pfad, text in stellen.items():
            if isinstance(text, str) and platzhalter in text:
                meldungen.append(warnung(dok.fundstelle(pfad), (
                    f"'{schluessel}' enthält noch den Platzhalter '{platzhalter}' aus 'antragsgen neu'.")))
    return meldungen


def _pruefe_uebergreifend(ergebnis: Pruefergebnis) -> None:
    """Ids and explicit lfd. Nr. are unique in a run; a clash fails both motions.

    Motions are told apart by their place in the list: two of them may share an id here.
    """
    gescheitert: set[int] = set()
    erste_id: dict[str, int] = {}
    for k, g in enumerate(ergebnis.geprueft):
        frueher = erste_id.setdefault(g.antrag.id, k)
        if frueher != k:
            ergebnis.meldungen.append(fehler(
                g.quelle.fundstelle(("id",)),
                f"Die Kennung '{g.antrag.id}' gibt es schon (in {ergebnis.geprueft[frueher].ort}); "
                "bitte eine eigene 'id' vergeben.",
            ))
            gescheitert.add(k)
    erste_nr: dict[int, tuple[int, Fundstelle]] = {}
    for k, g in enumerate(ergebnis.geprueft):
        for i, punkt in enumerate(g.antrag.antragspunkte):
            if punkt.lfd_nr is None:
                continue
            ort = g.punkt_ort(i, "lfd_nr")
            frueher = erste_nr.setdefault(punkt.lfd_nr, (k, ort))
            if frueher[1] != ort:
                # one message at each place, so rendering either file alone still explains it
                ergebnis.meldungen.append(fehler(
                    frueher[1], f"lfd. Nr. {punkt.lfd_nr} ist doppelt vergeben (auch in {ort})."))
                ergebnis.meldungen.append(fehler(
                    ort, f"lfd. Nr. {punkt.lfd_nr} ist doppelt vergeben (auch in {frueher[1]})."))
                gescheitert.update({k, frueher[0]})
    if gescheitert:
        ergebnis.fehlerhaft.extend(g.ort for k, g in enumerate(ergebnis.geprueft) if k in gescheitert)
        ergebnis.geprueft = [g for k, g in enumerate(ergebnis.geprueft) if k not in gescheitert]


def _satz(text: str) -> str:
    """A message as a sentence: capitalised, ending in a full stop or question mark."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class _Bausteine:
    """Text blocks read once per run."""

    def __init__(self, ordner: Path, projekt: Path = Path(".")):
        self.ordner = ordner
        self.projekt = projekt
        self._texte: dict[str, str | None] = {}
        # a block refused as a link out of the project: warned once, then "not found"
        self.meldungen: list[Meldung] = []

    def pfad(self, name: str) -> Path:
        return self.ordner / f"{name}.md"

    def text(self, name: str, ort: Fundstelle | None = None) -> str | None:
        """The block's text, or None if missing; `ort` is where it is first used."""
        if name not in self._texte:
            pfad = self.pfad(name)
            if verlaesst_projekt(pfad, self.projekt):
                self.meldungen.append(warnung(ort, (
                    f"Der Textbaustein {anzeigepfad(pfad)} ist ein symbolischer Verweis auf "
                    f"'{pfad.resolve()}' außerhalb des Projekts; er wird nicht gelesen.")))
                self._texte[name] = None
            elif pfad.is_file():
                try:
                    text, _ = lies_text(pfad, anzeigepfad(pfad))
                except EingabeFehler:
                    text = None
                self._texte[name] = saeubern(text).strip() if text is not None else None
            else:
                self._texte[name] = None
        return self._texte[name]


@dataclass(frozen=True)
class _Gemerkt:
    """One document's validation, and what it depended on besides the document."""

    dok: Rohdokument
    einstellungen: Einstellungen
    mehrere: bool  # one of several motions in its file (no id from the file name)
    bausteine: list[tuple[str, Fundstelle | None, str | None]]  # (name, where used, its text)
    geprueft: Geprueft | None
    meldungen: list[Meldung]

    def gilt(self, dok: Rohdokument, einstellungen: Einstellungen, mehrere: bool, bausteine: _Bausteine) -> bool:
        """Still the answer for `dok`? (Asks the blocks in order, as validating would.)"""
        return (self.dok is dok and self.einstellungen is einstellungen and self.mehrere == mehrere
                and all(bausteine.text(name, ort) == text for name, ort, text in self.bausteine))


class _Mitschrift:
    """The text blocks one document asked for, and what each said (None: not found)."""

    def __init__(self, bausteine: _Bausteine):
        self.bausteine = bausteine
        self.gefragt: list[tuple[str, Fundstelle | None, str | None]] = []

    def pfad(self, name: str) -> Path:
        return self.bausteine.pfad(name)

    def text(self, name: str, ort: Fundstelle | None = None) -> str | None:
        text = self.bausteine.text(name, ort)
        self.gefragt.append((name, ort, text))
        return text

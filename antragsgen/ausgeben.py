"""The last step of a run: render what changed, write it, and the overview and volume.

Every file is written atomically by this process; a DOCX someone edited after we wrote
it is kept (the new one goes to ID.neu.docx); unchanged motions are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from . import __version__, uebersicht
from .einstellungen import Einstellungen
from .fehler import AntragsFehler, Fundstelle, Meldung, anzeigepfad, warnung
from .modell import Antrag
from .rendern import Arbeiter, Auftrag, Gerendert, uebersicht_pdf
from .schreiben import ausgabepfad, schreibe_atomar
from .vorlagen import Vorlage
from .zwischenspeicher import Zwischenspeicher, hash_von, ordner_hash


class Ausgabe:
    """One run's output folder, with what the cache knows about it."""

    def __init__(self, ordner: Path, formate: list[str], vorlage: Vorlage, einstellungen: Einstellungen,
                 speicher: Zwischenspeicher):
        self.ordner = ordner
        self.formate = formate
        self.vorlage = vorlage
        self.einstellungen = einstellungen
        self.speicher = speicher
        self.meldungen: list[Meldung] = []
        self.geschrieben: list[Path] = []
        self._schluessel: dict[int, str] = {}
        # everything besides the motion itself that shapes its files
        self.lauf = hash_von(__version__, ",".join(sorted(formate)), ordner_hash(vorlage.suchpfad),
                             einstellungen.model_dump_json(), _bilder_hash(einstellungen.eingaben_ordner))

    def schluessel(self, antrag: Antrag) -> str:
        """What the motion's files depend on; once per motion and run (asked three times)."""
        if id(antrag) not in self._schluessel:
            kosten = antrag.kosten
            self._schluessel[id(antrag)] = hash_von(
                self.lauf, antrag.model_dump_json(), antrag.begruendung_text or "",
                repr([(z.bezeichnung, sorted(z.betraege.items())) for z in kosten.zeilen]) if kosten else "")
        return self._schluessel[id(antrag)]

    def _ziel(self, name: str) -> str:
        return f"{self.ordner.resolve()}/{name}"

    def antraege(self, antraege: list[Antrag], fehlerhaft: list[Fundstelle], arbeiter: Arbeiter,
                 fortschritt: Callable[[int, int], None] | None = None) -> tuple[list[Antrag], list[Antrag], list[Antrag]]:
        """Render and write the motions, then the overview; returns (rendered now, unchanged, failed)."""
        offen, unveraendert = [], []
        for antrag in antraege:
            if self.speicher.unveraendert(self._ziel(antrag.id), self.schluessel(antrag), self.ordner):
                unveraendert.append(antrag)
            else:
                offen.append(antrag)
        # With workers, the overview of the motions as they are now is set beside them in a
        # process of its own (not at the end on one core). Only if a motion fails is it made again.
        stand = dt.date.today()
        daten = uebersicht.erstelle(antraege, fehlerhaft)
        schluessel = self._uebersicht_schluessel(antraege, fehlerhaft)
        neu = not self.speicher.unveraendert(self._ziel("uebersicht"), schluessel, self.ordner)
        parallel = neu and arbeiter.parallel(len(offen))
        nebenbei = arbeiter.nebenbei(uebersicht_pdf, arbeiter.auftrag, daten, stand) if parallel else None
        erzeugt, gescheitert = [], []
        for antrag, gerendert in arbeiter.rendere_alle(offen, fortschritt=fortschritt):
            if self._schreibe(antrag, gerendert):
                erzeugt.append(antrag)
            else:
                gescheitert.append(antrag)
        pdf = nebenbei.result() if nebenbei else None
        if gescheitert:
            self.uebersicht([a for a in antraege if all(a is not g for g in gescheitert)],
                            fehlerhaft + [a.ort for a in gescheitert], stand)
        elif neu:
            self._schreibe_uebersicht(daten, schluessel, stand, pdf)
        return erzeugt, unveraendert, gescheitert

    def _uebersicht_schluessel(self, antraege: list[Antrag], fehlerhaft: list[Fundstelle]) -> str:
        return hash_von(self.lauf, *(self.schluessel(a) for a in antraege), repr(fehlerhaft))

    def _schreibe(self, antrag: Antrag, gerendert: Gerendert) -> bool:
        self.meldungen += gerendert.meldungen
        self.meldungen += [warnung(antrag.ort, f"Zugriff auf '{url}' abgelehnt: Anträge dürfen nur Dateien aus "
                                               "eingaben/ und der Vorlage einbinden.") for url in gerendert.abgelehnt]
        if not gerendert.ok:
            return False
        dateien = dict(gerendert.dateien)
        basis = self.einstellungen.oparl.basis_url
        if "oparl" in self.formate and basis:
            from .ausgabe import oparl

            # the Paper describes the files as they are on disk: this run's, or an earlier run's
            vorhanden = {e: dateien[e] if e in dateien else ausgabepfad(self.ordner, antrag.id, e).read_bytes()
                         for e in ("pdf", "docx") if e in dateien or ausgabepfad(self.ordner, antrag.id, e).is_file()}
            dateien["oparl.json"] = oparl.als_json(oparl.paper(antrag, vorhanden, basis))
        ziel = self._ziel(antrag.id)
        geschrieben: dict[Path, bytes] = {}
        geschuetzt = []
        for endung, daten in dateien.items():
            pfad = ausgabepfad(self.ordner, antrag.id, endung)
            if endung == "docx" and self.speicher.bearbeitet(ziel, pfad):
                # someone edited it in Word: it stays, now and in later runs
                neu = ausgabepfad(self.ordner, f"{antrag.id}.neu", endung)
                self.meldungen.append(warnung(antrag.ort, (
                    f"{anzeigepfad(pfad)} wurde nach dem Erzeugen bearbeitet und bleibt unverändert; "
                    f"die neue Fassung steht in {anzeigepfad(neu)}.")))
                geschuetzt.append(pfad.name)
                pfad = neu
            schreibe_atomar(pfad, daten)
            geschrieben[pfad] = daten
            self.geschrieben.append(pfad)
        self.speicher.merke_ausgabe(ziel, self.schluessel(antrag), geschrieben, geschuetzt)
        return True

    def uebersicht(self, antraege: list[Antrag], fehlerhaft: list[Fundstelle], stand: dt.date) -> None:
        """uebersicht.csv, .xlsx and .pdf (failed motions listed as such), if anything changed."""
        daten = uebersicht.erstelle(antraege, fehlerhaft)
        schluessel = self._uebersicht_schluessel(antraege, fehlerhaft)
        if not self.speicher.unveraendert(self._ziel("uebersicht"), schluessel, self.ordner):
            self._schreibe_uebersicht(daten, schluessel, stand)

    def _schreibe_uebersicht(self, daten: uebersicht.Uebersicht, schluessel: str, stand: dt.date,
                             pdf: bytes | list[Meldung] | None = None) -> None:
        from .ausgabe import tabellen

        if pdf is None:
            pdf = uebersicht_pdf(Auftrag((), self.vorlage, self.einstellungen), daten, stand)
        if not isinstance(pdf, bytes):  # the template's messages
            self.meldungen += pdf
            return
        self._schreibe_dateien("uebersicht", schluessel, {
            "csv": tabellen.als_csv(daten), "xlsx": tabellen.als_xlsx(daten, stand), "pdf": pdf})

    def sammelband(self, antraege: list[Antrag]) -> bool:
        """sammelband.pdf of the submitted motions; drafts and withdrawn ones are named."""
        from .ausgabe.sammelband import SammelbandRenderer

        eingereicht = [a for a in antraege if a.status == "eingereicht"]
        self.meldungen += [warnung(a.ort, f"Der Antrag '{a.id}' ist {a.status_name} und fehlt im Sammelband.")
                           for a in antraege if a.status != "eingereicht"]
        schluessel = hash_von(self.lauf, *(self.schluessel(a) for a in eingereicht))
        if self.speicher.unveraendert(self._ziel("sammelband"), schluessel, self.ordner):
            return True
        try:
            renderer = SammelbandRenderer(self.vorlage, self.einstellungen.ausgabe.pdf_variante,
                                          erlaubte_ordner=[self.einstellungen.eingaben_ordner])
            daten = renderer.render(eingereicht, dt.date.today())
        except AntragsFehler as e:
            self.meldungen += e.meldungen
            return False
        self._schreibe_dateien("sammelband", schluessel, {"pdf": daten})
        return True

    def _schreibe_dateien(self, name: str, schluessel: str, dateien: dict[str, bytes]) -> None:
        geschrieben = {}
        for endung, daten in dateien.items():
            pfad = ausgabepfad(self.ordner, name, endung)
            schreibe_atomar(pfad, daten)
            geschrieben[pfad] = daten
            self.geschrieben.append(pfad)
        self.speicher.merke_ausgabe(self._ziel(name), schluessel, geschrieben)


def _bilder_hash(ordner: Path) -> str:
    """Images a motion may show: changed by size or time, they re-render every motion."""
    if not ordner.is_dir():
        return ""
    bilder = sorted(p for p in ordner.rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".svg"))
    return json.dumps([[p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns] for p in bilder])

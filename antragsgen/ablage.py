"""The output folder of a run: what is up to date, and writing each file so nothing is lost.

Every file is written atomically by this process and logged in the record of written
files (ausgabebuch.py) as it lands. A DOCX someone edited, or one antragsgen never wrote,
is kept (the new one goes to ID.neu.docx). A file that cannot be written fails its motion
only. Runs on one output folder queue up; what a killed run left behind is cleared.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from pathlib import Path

from . import __version__, paket
from .ausgabebuch import Ausgabebuch
from .fassung import Fassung
from .fehler import AntragsFehler, EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .projekt import Projekt
from .arbeiter import uebersicht_pdf
from .renderer import FORMATE, Gerendert
from .schreiben import ausgabepfad, gesperrt, raeume_auf, schreibe_atomar, schreibfehler
from .uebersicht import Uebersicht
from .zwischenspeicher import hash_von, ordner_hash

# names of the run's own files: no motion may take them (SPEC §5.1)
UEBERSICHT, SAMMELBAND = "uebersicht", "sammelband"
UEBERSICHT_ENDUNGEN = ("csv", "xlsx", "pdf")
BILDER = (".png", ".jpg", ".jpeg", ".gif", ".svg")
SPERRE = ".antragsgen-sperre"


class Ablage:
    """Ask what is up to date at once; write inside `with ablage:` (the folder is then created
    and locked, and the record compacted at the end)."""

    def __init__(self, projekt: Projekt, signatur=None):
        """Reads the record (nothing is written until the `with` block). With `signatur`
        (a signieren.Zertifikat) every motion PDF and the Sammelband also get ID.signiert.pdf."""
        self.projekt = projekt
        self.signatur = signatur
        self.ordner = projekt.ausgabe
        self.meldungen: list[Meldung] = []
        self.geschrieben: list[Path] = []
        self._stapel = ExitStack()
        # everything besides the motion itself that shapes its files
        self.lauf = hash_von(__version__, ",".join(sorted(projekt.formate)), ordner_hash(projekt.vorlage.suchpfad),
                             projekt.einstellungen.model_dump_json(), _bilder_hash(projekt.einstellungen.eingaben_ordner),
                             *paket.umgebung())
        self.buch = Ausgabebuch(self.ordner)
        self.buch.uebernehme(self._alte_hashes())

    def __enter__(self) -> Ablage:
        try:
            self.ordner.mkdir(parents=True, exist_ok=True)
            self._stapel.enter_context(gesperrt(self.ordner / SPERRE))
        except OSError as e:
            self._stapel.close()
            raise EinstellungsFehler(fehler(None, (
                f"Der Ausgabeordner {anzeigepfad(self.ordner)} lässt sich nicht anlegen oder sperren "
                f"({e.strerror or e}).")))
        raeume_auf(self.ordner)  # the lock is ours: any temporary file is a killed run's
        self._stapel.callback(self.buch.schliessen)
        return self

    def __exit__(self, *exc) -> None:
        self._stapel.close()

    def _alte_hashes(self) -> dict[str, str]:
        """What version 1 kept about this folder in its cache (edited files stay protected)."""
        ordner = str(self.ordner.resolve())
        return {name: info["hash"] for ziel, eintrag in self.projekt.speicher.alte_ausgaben.items()
                if isinstance(eintrag, dict) and ziel.rsplit("/", 1)[0] == ordner
                for name, info in (eintrag.get("dateien") or {}).items()
                if isinstance(info, dict) and isinstance(info.get("hash"), str)}

    # what is up to date -----------------------------------------------------------
    def schluessel(self, fassung: Fassung) -> str:
        return hash_von(self.lauf, fassung.inhalt)

    def _name(self, kennung: str, endung: str) -> str:
        return ausgabepfad(self.ordner, kennung, endung).name

    def _docx_name(self, kennung: str) -> str:
        """ID.docx, or ID.neu.docx while ID.docx is someone's edited copy."""
        name = self._name(kennung, "docx")
        return self._name(f"{kennung}.neu", "docx") if self.buch.bearbeitet(name) else name

    def aktuell(self, fassung: Fassung) -> bool:
        """Were all of the motion's files written from exactly these inputs, and are they as
        written? Never with --alles-neu."""
        namen = [self._docx_name(fassung.id) if f == "docx" else self._name(fassung.id, FORMATE[f].endung)
                 for f in self.projekt.formate]
        schluessel = self.schluessel(fassung)
        return self._aktuell(namen, schluessel) and self._signiert_aktuell(fassung.id, schluessel)

    def uebersicht_aktuell(self, schluessel: str) -> bool:
        return self._aktuell([self._name(UEBERSICHT, e) for e in UEBERSICHT_ENDUNGEN], schluessel)

    def _aktuell(self, namen: list[str], schluessel: str) -> bool:
        return not self.projekt.alles_neu and all(self.buch.aktuell(n, schluessel) for n in namen)

    # signed copies: their key adds the certificate, so signing or not re-renders nothing else
    def _signiert_aktuell(self, kennung: str, schluessel: str) -> bool:
        if self.signatur is None or ("pdf" not in self.projekt.formate and kennung != SAMMELBAND):
            return True
        name = self._name(f"{kennung}.signiert", "pdf")
        return self._aktuell([name], hash_von(schluessel, self.signatur.fingerabdruck))

    def _signiere(self, kennung: str, schluessel: str, pdf: bytes, ort: Fundstelle | None) -> bool:
        """ID.signiert.pdf beside ID.pdf, recorded as antragsgen's own like every output."""
        from .signieren import SignierFehler, signiere

        name = self._name(f"{kennung}.signiert", "pdf")
        try:
            signiert = signiere(pdf, self.signatur, anzeigepfad(self.ordner / name))
        except SignierFehler as e:
            self.meldungen += e.meldungen
            return False
        return self.schreibe(kennung, hash_von(schluessel, self.signatur.fingerabdruck), {name: signiert}, ort)

    # writing ----------------------------------------------------------------------
    def schreibe_antrag(self, fassung: Fassung, gerendert: Gerendert) -> bool:
        """Write one motion's files; False if it failed (its messages are kept)."""
        self.meldungen += gerendert.meldungen
        self.meldungen += [warnung(fassung.fundstelle, f"Zugriff auf '{url}' abgelehnt: Anträge dürfen nur Dateien aus "
                                                "eingaben/ und der Vorlage einbinden.") for url in gerendert.abgelehnt]
        self.meldungen += [warnung(fassung.fundstelle, f"Das Bild '{url}' lässt sich nicht laden (zu groß oder beschädigt) "
                                                "und fehlt.") for url in gerendert.unladbar]
        if not gerendert.ok:
            return False
        dateien = {}
        for endung, daten in gerendert.dateien.items():
            name = self._name(fassung.id, FORMATE[endung].endung)
            if endung == "docx" and name != (neu := self._docx_name(fassung.id)):
                # someone edited it in Word (or it is not ours): it stays, now and in later runs
                wie = ("wurde nach dem Erzeugen bearbeitet" if name in self.buch.eintraege
                       else "steht nicht im Ausgabebuch von antragsgen (von Hand dorthin gelegt?)")
                self.meldungen.append(warnung(fassung.fundstelle, (
                    f"{anzeigepfad(self.ordner / name)} {wie} und bleibt unverändert; "
                    f"die neue Fassung steht in {anzeigepfad(self.ordner / neu)}.")))
                name = neu
            dateien[name] = daten
        if "oparl" in self.projekt.formate:
            dateien[self._name(fassung.id, FORMATE["oparl"].endung)] = self._oparl(fassung, gerendert.dateien)
        ok = self.schreibe(fassung.id, self.schluessel(fassung), dateien, fassung.fundstelle)
        if ok and self.signatur is not None and "pdf" in gerendert.dateien:
            ok = self._signiere(fassung.id, self.schluessel(fassung), gerendert.dateien["pdf"], fassung.fundstelle)
        elif ok and "pdf" in gerendert.dateien and (self.ordner / self._name(f"{fassung.id}.signiert", "pdf")).exists():
            signiert = anzeigepfad(self.ordner / self._name(f"{fassung.id}.signiert", "pdf"))
            self.meldungen.append(warnung(fassung.fundstelle, (
                f"{signiert} ist noch die signierte Fassung des vorigen Stands; neu signieren mit --signieren.")))
        return ok

    def _oparl(self, fassung: Fassung, dateien: dict[str, bytes]) -> bytes:
        from .renderer import oparl

        # the Paper describes the files as they are on disk: this run's, or an earlier run's
        vorhanden = {}
        for endung in ("pdf", "docx"):
            pfad = self.ordner / self._name(fassung.id, endung)
            if endung in dateien:
                vorhanden[endung] = dateien[endung]
            elif pfad.is_file():
                vorhanden[endung] = pfad.read_bytes()
        return oparl.als_json(oparl.paper(fassung, vorhanden, self.projekt.einstellungen.oparl.basis_url))

    def schreibe(self, herkunft: str, schluessel: str, dateien: dict[str, bytes], ort: Fundstelle | None) -> bool:
        """Write `dateien` (name → bytes) and log each in the record; a failed write is a Fehler at `ort`."""
        try:
            hashes = self.buch.geplant(dateien)
        except OSError as e:
            self.meldungen.append(fehler(ort, schreibfehler(self.buch.pfad, e)))
            return False
        ok = True
        for name, daten in dateien.items():
            pfad = self.ordner / name
            try:
                schreibe_atomar(pfad, daten)
                self.buch.geschrieben(name, hashes[name], herkunft, schluessel)
            except OSError as e:
                self.meldungen.append(fehler(ort, schreibfehler(pfad, e)))
                ok = False
                continue
            self.geschrieben.append(pfad)
        return ok


    # the run's own files -------------------------------------------------------------
    def uebersicht_schluessel(self, fassungen: list[Fassung], fehlerhaft: list[Fundstelle]) -> str:
        return hash_von(self.lauf, *(self.schluessel(f) for f in fassungen), repr(fehlerhaft))

    def uebersicht(self, daten: Uebersicht, schluessel: str, stand: dt.date,
                   pdf: bytes | list[Meldung] | None = None) -> None:
        """uebersicht.csv, .xlsx and .pdf; `pdf` if it was set beside the workers already."""
        from .renderer import tabellen

        if pdf is None:
            pdf = uebersicht_pdf(self.projekt.auftrag(()), daten, stand)
        if not isinstance(pdf, bytes):  # the template's messages
            self.meldungen += pdf
            return
        inhalt = {"csv": tabellen.als_csv(daten), "xlsx": tabellen.als_xlsx(daten, stand), "pdf": pdf}
        self.schreibe(UEBERSICHT, schluessel, {self._name(UEBERSICHT, e): inhalt[e] for e in UEBERSICHT_ENDUNGEN}, None)

    @staticmethod
    def nicht_im_sammelband(fassungen: list[Fassung]) -> list[Meldung]:
        """Drafts and withdrawn motions, named at every run with the Sammelband."""
        return [warnung(f.fundstelle, f"Der Antrag '{f.id}' ist {f.status_name} und fehlt im Sammelband.")
                for f in fassungen if f.status != "eingereicht"]

    def sammelband(self, fassungen: list[Fassung], stand: dt.date) -> bool:
        """sammelband.pdf of the submitted motions; drafts and withdrawn ones are named."""
        from .renderer.sammelband import SammelbandRenderer

        eingereicht = [f for f in fassungen if f.status == "eingereicht"]
        self.meldungen += self.nicht_im_sammelband(fassungen)
        schluessel = hash_von(self.lauf, *(self.schluessel(f) for f in eingereicht))
        if self._aktuell([self._name(SAMMELBAND, "pdf")], schluessel) and \
                self._signiert_aktuell(SAMMELBAND, schluessel):
            return True
        einstellungen = self.projekt.einstellungen
        try:
            renderer = SammelbandRenderer(self.projekt.vorlage, einstellungen.ausgabe.pdf_variante,
                                          erlaubte_ordner=[einstellungen.eingaben_ordner])
            daten = renderer.render(eingereicht, stand)
        except AntragsFehler as e:
            self.meldungen += e.meldungen
            return False
        ort = Fundstelle(f"{SAMMELBAND}.pdf")
        ok = self.schreibe(SAMMELBAND, schluessel, {f"{SAMMELBAND}.pdf": daten}, ort)
        if ok and self.signatur is not None:
            ok = self._signiere(SAMMELBAND, schluessel, daten, ort)
        return ok


def reservierte_namen(sammelband: bool) -> set[str]:
    """Output names of the run itself that a motion's id must not take."""
    return {UEBERSICHT, SAMMELBAND} if sammelband else {UEBERSICHT}


def _bilder_hash(ordner: Path) -> str:
    """Images a motion may show: a changed one re-renders every motion (by content, so a
    copied project is still up to date)."""
    if not ordner.is_dir():
        return ""
    bilder = sorted(p for p in ordner.rglob("*") if p.suffix.lower() in BILDER and p.is_file())
    return hash_von(*(f"{p.relative_to(ordner).as_posix()}:{hash_von(p.read_bytes())}" for p in bilder))

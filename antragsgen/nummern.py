"""The lfd. Nr. register: automatic numbers that, once given, belong to their item for good.

SQLite file in the project (default .antragsgen/nummern.sqlite). A run reads and writes it
in one `BEGIN IMMEDIATE` transaction, so two runs at once queue up and agree on every
number. Planning is pure Python (`plane`); only `vergeben(..., schreiben=True)` writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .einstellungen import Einstellungen
from .fehler import EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler
from .modell import Antrag, Antragspunkt

SCHEMA_VERSION = 1
WARTEZEIT = 60  # seconds a run waits for another run's transaction
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nummern (
    lfd_nr      INTEGER PRIMARY KEY,
    antrag      TEXT NOT NULL,      -- motion id
    punkt_id    TEXT,               -- the item's own id, if it has one
    position    INTEGER NOT NULL,   -- index of the item in its motion when last seen
    inhalt      TEXT NOT NULL,      -- hash of the item's content (for matching after reordering)
    text        TEXT NOT NULL,      -- the request sentence, for listings
    titel       TEXT NOT NULL,
    fraktion    TEXT NOT NULL,
    herkunft    TEXT NOT NULL,      -- automatisch | explizit
    status      TEXT NOT NULL,      -- aktiv | geloescht | zurueckgezogen
    vergeben_am TEXT NOT NULL,
    gesehen_am  TEXT NOT NULL
);
"""
STATUS_NAMEN = {"aktiv": "aktiv", "geloescht": "gelöscht", "zurueckgezogen": "zurückgezogen"}


@dataclass
class Eintrag:
    """One row of the register."""

    lfd_nr: int
    antrag: str
    punkt_id: str | None
    position: int
    inhalt: str
    text: str
    titel: str
    fraktion: str
    herkunft: str
    status: str
    vergeben_am: str
    gesehen_am: str


@dataclass
class Plan:
    """What a run changes in the register, and the problems it found."""

    eintraege: dict[int, Eintrag] = field(default_factory=dict)  # every row, changed or not
    geaendert: set[int] = field(default_factory=set)
    meldungen: list[Meldung] = field(default_factory=list)
    gescheitert: set[int] = field(default_factory=set)  # id() of motions that must not be written


def inhalt_hash(punkt: Antragspunkt) -> str:
    """The item's content without its number and id: unchanged text keeps its number."""
    daten = punkt.model_dump(mode="json", exclude={"lfd_nr", "id"}, exclude_none=True)
    return hashlib.sha256(json.dumps(daten, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def nummeriert_automatisch(antrag: Antrag, einstellungen: Einstellungen) -> bool:
    return antrag.art == "haushaltsantrag" and einstellungen.nummern.automatisch


def _ort_nr(antrag: Antrag, index: int) -> Fundstelle | None:
    quelle = antrag._quelle
    return quelle.fundstelle(("antragspunkte", index, "lfd_nr")) if quelle else antrag.ort


def _freie_nummern(start: int, schritt: int, ende: int | None, belegt: set[int]) -> Iterator[int]:
    nummer = start
    while ende is None or nummer <= ende:
        if nummer not in belegt:
            yield nummer
        nummer += schritt


def plane(antraege: list[Antrag], eintraege: list[Eintrag], einstellungen: Einstellungen,
          jetzt: str, *, vollstaendig: bool = True, vorbehalten: set[int] = frozenset()) -> Plan:
    """Match items to the register, give new numbers, mark vanished items as deleted.

    Sets `punkt.lfd_nr` of items that get an automatic number. Without `vollstaendig`
    (some source of the project could not be read) only items of motions that were read
    are marked deleted: a motion with a typo is not a deleted motion. `vorbehalten` are
    numbers written in sources that could not be read; they are never handed out.
    """
    plan = Plan(eintraege={e.lfd_nr: e for e in eintraege})
    explizit = {p.lfd_nr: (a, i) for a in antraege for i, p in enumerate(a.antragspunkte) if p.lfd_nr is not None}
    beansprucht: dict[int, tuple[Antrag, int]] = {}
    offen: list[tuple[Antrag, int]] = []

    je_antrag: dict[str, list[Eintrag]] = {}
    for e in eintraege:
        je_antrag.setdefault(e.antrag, []).append(e)

    # 1. automatic items take back their number: by item id, then content, then position
    for antrag in antraege:
        if not nummeriert_automatisch(antrag, einstellungen):
            continue
        punkte = [(i, p, inhalt_hash(p)) for i, p in enumerate(antrag.antragspunkte) if p.lfd_nr is None]
        frei = list(je_antrag.get(antrag.id, []))
        zugeordnet: dict[int, Eintrag] = {}
        # id and unchanged content also bring back a deleted item's number; a mere
        # position never takes a deleted or explicitly used number (that would be a new item)
        for passt in (
            lambda i, p, h, e: p.id is not None and e.punkt_id == p.id,
            lambda i, p, h, e: e.punkt_id in (None, p.id) and e.inhalt == h,
            lambda i, p, h, e: (e.punkt_id in (None, p.id) and e.position == i and e.status != "geloescht"
                                and e.lfd_nr not in explizit),
        ):
            for i, p, h in punkte:
                if i in zugeordnet:
                    continue
                treffer = next((e for e in frei if passt(i, p, h, e)), None)
                if treffer is not None:
                    zugeordnet[i] = treffer
                    frei.remove(treffer)
        for i, p, _ in punkte:
            e = zugeordnet.get(i)
            if e is None:
                offen.append((antrag, i))
                continue
            if e.lfd_nr in explizit:
                anderer, j = explizit[e.lfd_nr]
                plan.meldungen.append(fehler(
                    _ort_nr(anderer, j),
                    f"lfd. Nr. {e.lfd_nr} ist schon automatisch an Punkt {i + 1} des Antrags '{antrag.id}' "
                    "vergeben; bitte eine andere Nummer wählen."))
                plan.gescheitert.add(id(anderer))
            p.lfd_nr, p._automatisch = e.lfd_nr, True
            beansprucht[e.lfd_nr] = (antrag, i)

    # 2. explicit numbers: a row nobody claimed passes to the item that names it
    for nummer, (antrag, i) in explizit.items():
        if nummer in beansprucht or id(antrag) in plan.gescheitert:
            continue
        beansprucht[nummer] = (antrag, i)

    # 3. new numbers, in reading order, never one that was ever given
    belegt = set(plan.eintraege) | set(explizit) | set(vorbehalten)
    quellen: dict[tuple, Iterator[int]] = {}
    nummern = einstellungen.nummern
    for antrag, i in offen:
        if nummern.bloecke:
            fraktion = antrag.fraktion[0]
            if fraktion not in nummern.bloecke:
                plan.meldungen.append(fehler(antrag.ort, f"Für die Fraktion '{fraktion}' ist in antragsgen.toml "
                                             "unter [nummern.bloecke] kein Nummernblock festgelegt."))
                plan.gescheitert.add(id(antrag))
                continue
            anfang, ende = nummern.bloecke[fraktion]
            schluessel = (anfang, ende)
        else:
            anfang, ende, schluessel = nummern.start, None, (nummern.start, None)
        quelle = quellen.setdefault(schluessel, _freie_nummern(anfang, nummern.schritt, ende, belegt))
        nummer = next(quelle, None)
        if nummer is None:
            plan.meldungen.append(fehler(antrag.antragspunkte[i].ort or antrag.ort, (
                f"Der Nummernblock {anfang}–{ende} der Fraktion '{antrag.fraktion[0]}' ist voll; "
                "bitte den Block in antragsgen.toml erweitern.")))
            plan.gescheitert.add(id(antrag))
            continue
        belegt.add(nummer)
        antrag.antragspunkte[i].lfd_nr = nummer
        antrag.antragspunkte[i]._automatisch = True
        beansprucht[nummer] = (antrag, i)

    # 4. write down who holds which number; everything else is deleted (and stays taken)
    for nummer, (antrag, i) in beansprucht.items():
        if id(antrag) in plan.gescheitert and nummer not in plan.eintraege:
            continue
        punkt = antrag.antragspunkte[i]
        alt = plan.eintraege.get(nummer)
        neu = Eintrag(
            lfd_nr=nummer, antrag=antrag.id, punkt_id=punkt.id, position=i, inhalt=inhalt_hash(punkt),
            text=punkt.kernsatz[:200], titel=antrag.titel[:200], fraktion=antrag.fraktion[0],
            herkunft="explizit" if nummer in explizit else "automatisch",
            status="zurueckgezogen" if antrag.status == "zurueckgezogen" else "aktiv",
            vergeben_am=alt.vergeben_am if alt else jetzt, gesehen_am=jetzt,
        )
        if alt is None or _ohne_zeit(alt) != _ohne_zeit(neu):
            plan.eintraege[nummer] = neu
            plan.geaendert.add(nummer)
    gelesen = {a.id for a in antraege}
    for nummer, e in plan.eintraege.items():
        if nummer not in beansprucht and e.status != "geloescht" and (vollstaendig or e.antrag in gelesen):
            e.status, e.gesehen_am = "geloescht", jetzt
            plan.geaendert.add(nummer)
    return plan


def _ohne_zeit(e: Eintrag) -> tuple:
    return (e.antrag, e.punkt_id, e.position, e.inhalt, e.text, e.titel, e.fraktion, e.herkunft, e.status)


class Register:
    """The SQLite file; opened read-only unless a run may write."""

    def __init__(self, pfad: Path, *, schreiben: bool):
        self.pfad = pfad
        self.schreiben = schreiben
        self.anzeige = anzeigepfad(pfad)

    def _fehler(self, e: sqlite3.Error) -> EinstellungsFehler:
        text = str(e)
        if "locked" in text or "busy" in text:
            satz = "ist gesperrt: ein anderer Lauf schreibt gerade. Bitte gleich noch einmal versuchen."
        elif "not a database" in text or "malformed" in text or "no such" in text:
            satz = f"ist beschädigt ({text}). Bitte aus der Datensicherung wiederherstellen."
        else:
            satz = f"lässt sich nicht benutzen ({text})."
        return EinstellungsFehler(fehler(Fundstelle(self.anzeige), f"Das Nummernregister {satz}"))

    @contextmanager
    def transaktion(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all numbers of a run are written, or none."""
        try:
            if self.schreiben:
                self.pfad.parent.mkdir(parents=True, exist_ok=True)
                verbindung = sqlite3.connect(self.pfad, timeout=WARTEZEIT, isolation_level=None)
            elif self.pfad.is_file():
                verbindung = sqlite3.connect(f"{self.pfad.resolve().as_uri()}?mode=ro", uri=True,
                                             timeout=WARTEZEIT, isolation_level=None)
            else:
                verbindung = sqlite3.connect(":memory:", isolation_level=None)
        except sqlite3.Error as e:
            raise self._fehler(e) from None
        try:
            verbindung.execute("BEGIN IMMEDIATE" if self.schreiben else "BEGIN")
            self._schema(verbindung)
            yield verbindung
            verbindung.execute("COMMIT")
        except sqlite3.Error as e:
            if verbindung.in_transaction:
                verbindung.execute("ROLLBACK")
            raise self._fehler(e) from None
        except BaseException:
            if verbindung.in_transaction:
                verbindung.execute("ROLLBACK")
            raise
        finally:
            verbindung.close()

    def _schema(self, verbindung: sqlite3.Connection) -> None:
        tabellen = {r[0] for r in verbindung.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "schema_version" not in tabellen:
            if tabellen:  # some other SQLite file at this path
                raise sqlite3.DatabaseError("not a database of antragsgen: no schema_version")
            if self.schreiben:
                # one statement at a time: executescript() would commit the open transaction
                for anweisung in filter(str.strip, _SCHEMA.split(";")):
                    verbindung.execute(anweisung)
                verbindung.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            return
        version = verbindung.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version is None or version > SCHEMA_VERSION:
            raise EinstellungsFehler(fehler(Fundstelle(self.anzeige), (
                f"Das Nummernregister hat Version {version}; diese antragsgen-Version kennt nur "
                f"Version {SCHEMA_VERSION}. Bitte antragsgen aktualisieren.")))

    @staticmethod
    def lesen(verbindung: sqlite3.Connection) -> list[Eintrag]:
        if not verbindung.execute("SELECT 1 FROM sqlite_master WHERE name='nummern'").fetchone():
            return []
        spalten = ", ".join(Eintrag.__dataclass_fields__)
        return [Eintrag(*zeile) for zeile in verbindung.execute(f"SELECT {spalten} FROM nummern ORDER BY lfd_nr")]

    @staticmethod
    def schreiben_plan(verbindung: sqlite3.Connection, plan: Plan) -> None:
        spalten = list(Eintrag.__dataclass_fields__)
        sql = (f"INSERT OR REPLACE INTO nummern ({', '.join(spalten)}) "
               f"VALUES ({', '.join('?' for _ in spalten)})")
        verbindung.executemany(sql, [
            tuple(getattr(plan.eintraege[n], s) for s in spalten) for n in sorted(plan.geaendert)])


def registerpfad(einstellungen: Einstellungen) -> Path:
    return einstellungen.projekt / einstellungen.nummern.register_pfad


def vergeben(antraege: list[Antrag], einstellungen: Einstellungen, *, schreiben: bool,
             unlesbar: list[Path] = (), jetzt: str | None = None) -> Plan:
    """Number every motion of the project; with `schreiben`, record it in the register.

    `unlesbar` are sources that failed to load or validate in this run.
    """
    jetzt = jetzt or dt.datetime.now().isoformat(timespec="seconds")
    register = Register(registerpfad(einstellungen), schreiben=schreiben)
    with register.transaktion() as verbindung:
        plan = plane(antraege, Register.lesen(verbindung), einstellungen, jetzt,
                     vollstaendig=not unlesbar, vorbehalten=vorbehaltene_nummern(unlesbar))
        if schreiben:
            Register.schreiben_plan(verbindung, plan)
    return plan


_LFD_NR = re.compile(r"""lfd_nr["']?\s*[:=;,]\s*["']?(\d{1,9})""")


def vorbehaltene_nummern(pfade: list[Path]) -> set[int]:
    """Numbers written in sources that could not be read: a safety net, found by text search."""
    nummern: set[int] = set()
    for pfad in pfade:
        try:
            nummern.update(int(n) for n in _LFD_NR.findall(pfad.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return nummern


def eintraege(einstellungen: Einstellungen) -> list[Eintrag]:
    """The register as it is (for `antragsgen nummern`)."""
    register = Register(registerpfad(einstellungen), schreiben=False)
    with register.transaktion() as verbindung:
        return Register.lesen(verbindung)


CSV_SPALTEN = {
    "lfd_nr": "lfd. Nr.", "antrag": "Antrag", "punkt_id": "Punkt-ID", "position": "Punkt",
    "text": "Text", "titel": "Titel", "fraktion": "Fraktion", "herkunft": "Herkunft",
    "status": "Status", "vergeben_am": "vergeben am", "gesehen_am": "zuletzt gesehen",
}


def als_csv(eintraege: list[Eintrag], ziel: Path) -> None:
    """The register as CSV for Excel (semicolons, UTF-8 with BOM), written atomically."""
    import csv
    import io

    from .schreiben import schreibe_atomar

    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(CSV_SPALTEN.values())
    for e in eintraege:
        zeile = {**e.__dict__, "position": e.position + 1, "status": STATUS_NAMEN[e.status]}
        schreiber.writerow(zeile[s] if zeile[s] is not None else "" for s in CSV_SPALTEN)
    schreibe_atomar(Path(ziel), ("\ufeff" + puffer.getvalue()).encode("utf-8"))

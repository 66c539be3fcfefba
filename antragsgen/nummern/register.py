"""The lfd. Nr. register: the SQLite file that remembers every number ever given.

Default .antragsgen/nummern.sqlite. A run reads and writes it in one `BEGIN IMMEDIATE`
transaction, so two runs at once queue up and agree on every number. What the numbers
are is planned in plan.py; only `vergeben(..., schreiben=True)` writes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..einstellungen import Einstellungen
from ..fehler import EinstellungsFehler, Fundstelle, anzeigepfad, fehler
from ..pruefen import Geprueft
from .plan import Eintrag, Plan, plane

SCHEMA_VERSION = 1
WARTEZEIT = 60  # seconds a run waits for another run's transaction
HINWEIS_NACH = 1  # seconds of waiting after which the user is told why
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS nummern (
    lfd_nr      INTEGER PRIMARY KEY,
    antrag      TEXT NOT NULL,      -- motion id
    punkt_id    TEXT,               -- the item's own id, if it has one
    position    INTEGER NOT NULL,   -- index of the item in its motion when last seen (plan.position)
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


class Register:
    """The SQLite file; opened read-only unless a run may write."""

    def __init__(self, pfad: Path, *, schreiben: bool, warten: Callable[[str], None] | None = None):
        self.pfad = pfad
        self.schreiben = schreiben
        self.anzeige = anzeigepfad(pfad)
        self.warten = warten  # told once when another run holds the register

    def _fehler(self, e: sqlite3.Error) -> EinstellungsFehler:
        text = str(e)
        if "locked" in text or "busy" in text:
            satz = "ist gesperrt: ein anderer Lauf schreibt gerade. Bitte gleich noch einmal versuchen."
        elif "not a database" in text or "malformed" in text or "no such" in text:
            satz = f"ist beschädigt ({text}). Bitte aus der Datensicherung wiederherstellen."
        else:
            satz = f"lässt sich nicht benutzen ({text})."
        return EinstellungsFehler(fehler(Fundstelle(self.anzeige), f"Das Nummernregister {satz}"))

    def _verbinden(self) -> sqlite3.Connection:
        if self.pfad.is_file() and self.pfad.stat().st_size == 0:
            # SQLite would take an empty file for a new register and hand every number out again
            raise EinstellungsFehler(fehler(Fundstelle(self.anzeige), (
                "Das Nummernregister ist leer (0 Bytes), wahrscheinlich beschädigt; es wird nichts vergeben. "
                "Bitte aus der Datensicherung wiederherstellen. Nur wenn wirklich neu nummeriert werden soll: "
                "die Datei löschen.")))
        if self.schreiben:
            if not self.pfad.exists():
                self._anlegen()
            return sqlite3.connect(self.pfad, timeout=WARTEZEIT, isolation_level=None)
        if self.pfad.is_file():
            return sqlite3.connect(f"{self.pfad.resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=WARTEZEIT, isolation_level=None)
        return sqlite3.connect(":memory:", isolation_level=None)

    def _anlegen(self) -> None:
        """A new register appears complete, with its schema, in one step: so an empty file at
        its path is never one of ours being set up, always a damaged one."""
        self.pfad.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.pfad.parent, prefix=f".{self.pfad.name}.", suffix=".tmp")
        os.close(fd)
        try:
            neu = sqlite3.connect(tmp, isolation_level=None)
            try:
                neu.execute("BEGIN")
                self._schema(neu)
                neu.execute("COMMIT")
            finally:
                neu.close()
            try:
                os.link(tmp, self.pfad)  # fails if another run was quicker: then its register is used
            except FileExistsError:
                pass
            except OSError:  # no hard links on this drive
                if not self.pfad.exists():
                    os.rename(tmp, self.pfad)
        finally:
            Path(tmp).unlink(missing_ok=True)

    def _beginnen(self, verbindung: sqlite3.Connection) -> None:
        """BEGIN; if another run holds the register, say so once, then wait for it."""
        befehl = "BEGIN IMMEDIATE" if self.schreiben else "BEGIN"
        if self.warten is None or not self.schreiben:
            verbindung.execute(befehl)
            return
        zuerst = min(HINWEIS_NACH, WARTEZEIT)
        verbindung.execute(f"PRAGMA busy_timeout = {int(zuerst * 1000)}")
        try:
            verbindung.execute(befehl)
            return
        except sqlite3.OperationalError as e:
            if ("locked" not in str(e) and "busy" not in str(e)) or zuerst >= WARTEZEIT:
                raise
        self.warten(f"Das Nummernregister {self.anzeige} ist gesperrt: ein anderer Lauf vergibt gerade Nummern. "
                    f"Warte bis zu {WARTEZEIT:g} s …")
        verbindung.execute(f"PRAGMA busy_timeout = {int((WARTEZEIT - zuerst) * 1000)}")
        verbindung.execute(befehl)

    @contextmanager
    def transaktion(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all numbers of a run are written, or none."""
        try:
            verbindung = self._verbinden()
        except sqlite3.Error as e:
            raise self._fehler(e) from None
        try:
            self._beginnen(verbindung)
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


def vergeben(geprueft: list[Geprueft], einstellungen: Einstellungen, *, schreiben: bool,
             unlesbar: list[Path] = (), jetzt: str | None = None,
             warten: Callable[[str], None] | None = None) -> Plan:
    """Number every motion of the project; with `schreiben`, record it in the register.

    `unlesbar` are sources that failed to load or validate in this run; `warten` is told
    when another run holds the register.
    """
    jetzt = jetzt or dt.datetime.now().isoformat(timespec="seconds")
    register = Register(registerpfad(einstellungen), schreiben=schreiben, warten=warten)
    with register.transaktion() as verbindung:
        plan = plane(geprueft, Register.lesen(verbindung), einstellungen, jetzt,
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

    from ..schreibweise import csv_text
    from ..schreiben import schreibe_atomar

    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(CSV_SPALTEN.values())
    for e in eintraege:
        zeile = {**e.__dict__, "position": e.punkt_text, "status": STATUS_NAMEN[e.status]}
        schreiber.writerow(csv_text(zeile[s]) if zeile[s] is not None else "" for s in CSV_SPALTEN)
    schreibe_atomar(Path(ziel), ("\ufeff" + puffer.getvalue()).encode("utf-8"))

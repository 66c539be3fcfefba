"""An unchanged re-run of `erzeugen`, answered before anything is parsed (SPEC §9, issue 19).

A complete, successful run leaves in the cache folder a fingerprint of everything its files
and messages depend on: antragsgen's version and code, the options, the current folder, the
date, the bytes of every file under the sources, eingaben/ (Bausteine and images included),
antragsgen.toml and the templates, the installed libraries and the font folders. Beside it:
how the run left what it wrote (every file of the record of written files, the record itself,
the numbering register; size, time, inode) and the messages a run with nothing to do prints.
A run that finds all of it as it was prints those messages and is done, without pydantic,
Jinja, the YAML parser or WeasyPrint.

When in doubt, the full run: a symlink or a special file among the inputs, signing, a broken
or unknown fingerprint file. A full run removes the fingerprint first, so an interrupted one
leaves none, and stores a new one only if it succeeded and no other run overlapped it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from . import __version__, paket
from .fehler import AntragsFehler, Meldung
from .schreiben import reste, schreibe_atomar
from .zwischenspeicher import meldung_als_json, meldung_aus_json

DATEI = ".antragsgen/schnelllauf.json"
SPERRE = ".antragsgen/schnelllauf.sperre"  # shared by every full run while it lasts
FORMAT = 1
# what the run reads from the environment besides its options, and what it means when unset
UMGEBUNG = {"SOURCE_DATE_EPOCH": paket.SOURCE_DATE_EPOCH}  # the clock for fonts (renderer/weasy.py)


@dataclass(frozen=True)
class Aufruf:
    """What of an `erzeugen` call shapes its files and messages (the number of jobs does not)."""

    projekt: str
    quellen: tuple[str, ...] = ()
    ausgabe: str | None = None
    formate: str | None = None
    vorlage: str | None = None
    sammelband: bool = False
    zeilennummern: bool = False
    debug: bool = False

    @property
    def ausgabeordner(self) -> str:
        """As Projekt.oeffnen finds it: -o, or ausgabe/ in the project."""
        return os.path.abspath(self.ausgabe or os.path.join(self.projekt, "ausgabe"))


@dataclass(frozen=True)
class Frueher:
    """What the last run printed, for a run with nothing to do."""

    meldungen: list[Meldung]
    anzahl: int  # motions, all of them up to date


class _Unklar(Exception):
    """Something the fingerprint cannot vouch for: the full run decides."""


def heute() -> dt.date:
    """The date motions without `datum` and the overview are made with."""
    return dt.date.today()


class _Abdruck:
    def __init__(self):
        self._h = hashlib.blake2b(digest_size=32)

    def teil(self, *teile: str | bytes | int | None) -> None:
        for teil in teile:
            daten = teil if isinstance(teil, bytes) else repr(teil).encode("utf-8")
            self._h.update(len(daten).to_bytes(8, "little"))
            self._h.update(daten)

    def baum(self, wurzel: str, *, inhalt: bool = True) -> None:
        """A file, or a folder with everything in it: names and bytes (`inhalt`), or names,
        sizes and times (antragsgen's own code, where an edit always changes the time)."""
        self.teil("wurzel", wurzel, os.path.realpath(wurzel))
        try:
            s = os.stat(wurzel)
        except FileNotFoundError:
            self.teil("fehlt")
            return
        except OSError as e:
            raise _Unklar(wurzel) from e
        if stat.S_ISREG(s.st_mode):
            self._datei(wurzel, "", inhalt)
        elif stat.S_ISDIR(s.st_mode):
            self._ordner(wurzel, "", inhalt)
        else:
            raise _Unklar(wurzel)

    def _ordner(self, pfad: str, relativ: str, inhalt: bool) -> None:
        try:
            with os.scandir(pfad) as eintraege:
                alle = sorted(eintraege, key=lambda e: e.name)
        except OSError as e:
            raise _Unklar(pfad) from e
        for e in alle:
            name = f"{relativ}/{e.name}"
            if e.is_symlink():  # where it leads may change without a byte here changing
                raise _Unklar(e.path)
            if e.is_dir(follow_symlinks=False):
                if e.name != "__pycache__":
                    self.teil("ordner", name)
                    self._ordner(e.path, name, inhalt)
            elif e.is_file(follow_symlinks=False):
                self._datei(e.path, name, inhalt)
            else:  # a FIFO would block the read; a socket or device is nothing we render
                raise _Unklar(e.path)

    def _datei(self, pfad: str, name: str, inhalt: bool) -> None:
        if not inhalt:
            s = os.stat(pfad, follow_symlinks=False)
            self.teil("datei", name, s.st_size, s.st_mtime_ns)
            return
        try:
            fd = os.open(pfad, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError as e:
            raise _Unklar(pfad) from e
        with os.fdopen(fd, "rb") as datei:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _Unklar(pfad)
            self.teil("datei", name, datei.read())

    def hex(self) -> str:
        return self._h.hexdigest()


def fingerabdruck(aufruf: Aufruf) -> str | None:
    """Everything the run's files and messages depend on, before any of it is read; None
    where a fast answer cannot be trusted."""
    projekt = aufruf.projekt
    try:
        with open(os.path.join(projekt, "antragsgen.toml"), "rb") as datei:
            toml = datei.read()
    except FileNotFoundError:
        toml = None
    except OSError:
        return None
    try:
        einstellungen = tomllib.loads(toml.decode("utf-8-sig")) if toml is not None else {}
        bausteine = einstellungen.get("eingaben", {}).get("bausteine", "eingaben/bausteine")
        vorlage = aufruf.vorlage or einstellungen.get("ausgabe", {}).get("vorlage", "standard")
    except (ValueError, UnicodeDecodeError, AttributeError):  # the full run says what is wrong
        return None
    if "signatur" in einstellungen or not isinstance(bausteine, str) or not isinstance(vorlage, str):
        return None  # signing is never answered from here
    abdruck = _Abdruck()
    abdruck.teil(FORMAT, __version__, sys.version, os.getcwd(), repr(aufruf), heute().isoformat(),
                 *(os.environ.get(name, ohne) for name, ohne in UMGEBUNG.items()), toml, *paket.umgebung())
    try:
        wurzeln = [os.path.join(projekt, "eingaben"), os.path.join(projekt, bausteine), *aufruf.quellen,
                   os.path.join(projekt, "vorlagen"), str(paket.eingebaute_ordner())]
        if "/" in vorlage or "\\" in vorlage or vorlage.startswith("."):  # a template given as a folder
            wurzeln.append(vorlage)
        abdruck.baum(paket.ORDNER, inhalt=False)
        for wurzel in dict.fromkeys(wurzeln):
            abdruck.baum(wurzel)
    except (_Unklar, AntragsFehler):
        return None
    return abdruck.hex()


def _stand(pfad: str) -> list[int] | None:
    """How a file is now (None: not there); a file rewritten or touched differs."""
    try:
        s = os.lstat(pfad)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return [s.st_mode, s.st_size, s.st_mtime_ns, s.st_ino]


class Schnelllauf:
    """The fast answer for one `erzeugen` call, and the fingerprint its full run leaves."""

    def __init__(self, aufruf: Aufruf):
        self.aufruf = aufruf
        self.datei = os.path.join(aufruf.projekt, DATEI)
        self.abdruck = fingerabdruck(aufruf)
        self._marke: str | None = None  # this run's claim in the fingerprint file
        self._allein = False
        self._sperre: int | None = None  # the runs' shared lock, held while this one goes on
        self._vorher: dict[str, list[int] | None] = {}

    def frueher(self) -> Frueher | None:
        """What the last run printed, if nothing it depended on changed since; else None."""
        if self.abdruck is None or any(reste(o) for o in (self.aufruf.ausgabeordner, os.path.dirname(self.datei))):
            return None  # what a killed run left is cleared by the full run
        try:
            with open(self.datei, "rb") as datei:
                daten = json.loads(datei.read())
            if daten["format"] != FORMAT or daten["abdruck"] != self.abdruck:
                return None
            if any(_stand(pfad) != stand for pfad, stand in daten["zustand"]):
                return None
            return Frueher([meldung_aus_json(m) for m in daten["meldungen"]], int(daten["anzahl"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None  # missing, broken or from elsewhere: the full run

    @contextmanager
    def voller_lauf(self) -> Iterator[Schnelllauf]:
        """Around a full run: the old fingerprint is gone before anything happens; inside,
        `beginnen()` once the call is known to be good, and `merken()` at its end."""
        with suppress(OSError):
            os.unlink(self.datei)
        try:
            yield self
        finally:
            if self._sperre is not None:
                os.close(self._sperre)
                self._sperre = None

    def beginnen(self) -> None:
        """Claim the fingerprint file for this run and note how the output folder is now."""
        try:
            self._teilen()
            self._marke = os.urandom(16).hex()
            schreibe_atomar(Path(self.datei), json.dumps({"format": FORMAT, "lauf": self._marke}).encode())
            self._vorher = self._ausgaben_jetzt()
        except OSError:
            self._marke = None  # no cache folder: no fast answer next time either

    def _teilen(self) -> None:
        """Hold the runs' shared lock; were we alone when we started? (Without locks, as on
        Windows, the claim in the file is all there is.)"""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            self._allein = True
            return
        pfad = os.path.join(self.aufruf.projekt, SPERRE)
        os.makedirs(os.path.dirname(pfad), exist_ok=True)
        self._sperre = os.open(pfad, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._sperre, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._allein = True
        except BlockingIOError:
            self._allein = False  # another full run is under way: its files are not ours to vouch for
        fcntl.flock(self._sperre, fcntl.LOCK_SH)

    def _ausgaben_jetzt(self) -> dict[str, list[int] | None]:
        try:
            with os.scandir(self.aufruf.ausgabeordner) as eintraege:
                return {e.name: _stand(e.path) for e in eintraege}
        except OSError:
            return {}

    def merken(self, meldungen: list[Meldung], anzahl: int, ausgabe: Path, register: Path) -> None:
        """After a successful run: `meldungen` are what a run with nothing to do prints,
        `anzahl` its motions. Not stored where another run overlapped this one, or where
        someone changed a written file while it ran."""
        from .ausgabebuch import Ausgabebuch

        ordner = self.aufruf.ausgabeordner
        if self.abdruck is None or self._marke is None or not self._allein or os.path.abspath(ausgabe) != ordner:
            return
        try:
            buch = Ausgabebuch(Path(ordner))
            zustand = [[os.path.abspath(buch.pfad), _stand(str(buch.pfad))]]
            for name, eintrag in sorted(buch.eintraege.items()):
                if eintrag.bestaetigt is None:
                    continue  # a killed run's plan: no file of a motion of this run
                namen = [name]
                if ".neu." in name:  # ID.neu.docx is written while ID.docx is someone's: its going matters
                    namen.append(name.replace(".neu.", ".", 1))
                for n in namen:
                    pfad = os.path.join(ordner, n)
                    jetzt = _stand(pfad)
                    geschrieben = jetzt is not None and jetzt[1:3] == [eintrag.groesse, eintrag.mtime_ns]
                    if n == name and not geschrieben and jetzt != self._vorher.get(n):
                        return  # changed while the run went on: the next full run must look at it
                    zustand.append([pfad, jetzt])
            for endung in ("", "-journal", "-wal"):
                pfad = os.path.abspath(f"{register}{endung}")
                zustand.append([pfad, _stand(pfad)])
            with open(self.datei, "rb") as datei:
                if json.loads(datei.read()).get("lauf") != self._marke:
                    return  # another run started meanwhile
            schreibe_atomar(Path(self.datei), json.dumps({
                "format": FORMAT, "lauf": self._marke, "abdruck": self.abdruck, "anzahl": anzahl,
                "meldungen": [meldung_als_json(m) for m in meldungen], "zustand": zustand,
            }, ensure_ascii=False).encode("utf-8"))
        except (OSError, ValueError, AttributeError):
            pass  # no fingerprint only costs time next run

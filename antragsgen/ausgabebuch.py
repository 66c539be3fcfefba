"""The record of written files (SPEC §5.1): `ausgabe/.antragsgen-ausgaben.jsonl`.

It protects a user's work, so it is not a cache: it lives beside the outputs (and moves
with them), keys files by their name in the output folder, and is kept across versions,
`--alles-neu` and a deleted `.antragsgen/`. One JSON line per event, appended and synced
as each file is written:

    {"datei": "a.docx", "hash": …, "stand": "geplant"}                  before the rename
    {"datei": "a.docx", "hash": …, "stand": "geschrieben", "antrag": "a",
     "schluessel": …, "groesse": …, "mtime_ns": …}                       after it

A kill between the two leaves both hashes known as antragsgen's own, so whichever of the
two files is on disk never looks "edited by a user". The log is compacted (rewritten
atomically, one line per file) when a run ends.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .schreiben import schreibe_atomar

DATEI = ".antragsgen-ausgaben.jsonl"
FORMAT = 1


def datei_hash(daten: bytes) -> str:
    return hashlib.sha256(daten).hexdigest()


@dataclass
class Eintrag:
    """What antragsgen knows of one output file."""

    eigene: list[str] = field(default_factory=list)  # hashes antragsgen wrote or was about to write
    bestaetigt: str | None = None  # the hash of the last write known to have completed
    antrag: str | None = None
    schluessel: str | None = None  # the inputs that file came from
    groesse: int | None = None
    mtime_ns: int | None = None


class Ausgabebuch:
    """The record of one output folder; open it, check and log writes, `schliessen()` it."""

    def __init__(self, ordner: Path):
        self.ordner = ordner
        self.pfad = ordner / DATEI
        self.eintraege: dict[str, Eintrag] = {}
        self._log = None
        self._lies()

    def _lies(self) -> None:
        try:
            zeilen = self.pfad.read_bytes().splitlines()
        except OSError:
            return
        for zeile in zeilen:
            try:
                d = json.loads(zeile)
                self._anwenden(d)
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # a line cut off by a kill, or from a newer version we do not know

    def _anwenden(self, d: dict) -> None:
        if d.get("format", FORMAT) != FORMAT:
            return
        name, h = d["datei"], d["hash"]
        if not isinstance(name, str) or not isinstance(h, str):
            return
        eintrag = self.eintraege.setdefault(name, Eintrag())
        if d["stand"] == "geplant":
            if h not in eintrag.eigene:
                eintrag.eigene.append(h)
        elif d["stand"] == "geschrieben":
            eintrag.eigene, eintrag.bestaetigt = [h], h
            eintrag.antrag, eintrag.schluessel = d.get("antrag"), d.get("schluessel")
            eintrag.groesse, eintrag.mtime_ns = d.get("groesse"), d.get("mtime_ns")

    def uebernehme(self, alt: dict[str, str]) -> None:
        """Hashes of files an earlier version recorded in its cache: they stay protected."""
        if not self.eintraege:
            for name, h in alt.items():
                self.eintraege[name] = Eintrag(eigene=[h])

    # questions -------------------------------------------------------------------
    def bearbeitet(self, name: str) -> bool:
        """Is `name` a regular file whose bytes antragsgen did not write (edited in Word,
        or put there by someone)? A symlink is never ours and simply replaced."""
        pfad = self.ordner / name
        if pfad.is_symlink() or not pfad.is_file():
            return False
        eintrag = self.eintraege.get(name)
        if eintrag is None:
            return True
        stat = pfad.stat()
        if eintrag.bestaetigt and [stat.st_size, stat.st_mtime_ns] == [eintrag.groesse, eintrag.mtime_ns]:
            return False  # untouched since it was written: no need to read it
        return self._hash(pfad) not in eintrag.eigene

    def aktuell(self, name: str, schluessel: str) -> bool:
        """Was `name` written from these inputs, and is it still as written?"""
        eintrag = self.eintraege.get(name)
        if eintrag is None or eintrag.schluessel != schluessel or eintrag.bestaetigt is None:
            return False
        pfad = self.ordner / name
        try:
            stat = pfad.lstat()
        except OSError:
            return False
        if not pfad.is_file() or pfad.is_symlink():
            return False
        if [stat.st_size, stat.st_mtime_ns] == [eintrag.groesse, eintrag.mtime_ns]:
            return True
        # a copied or restored folder has new times: the bytes decide, and are remembered
        if stat.st_size == eintrag.groesse and self._hash(pfad) == eintrag.bestaetigt:
            eintrag.mtime_ns = stat.st_mtime_ns
            self._schreibe_zeile(self._zeile(name, eintrag), sync=False)
            return True
        return False

    @staticmethod
    def _hash(pfad: Path) -> str | None:
        try:
            return datei_hash(pfad.read_bytes())
        except OSError:
            return None

    # writes ----------------------------------------------------------------------
    def geplant(self, dateien: dict[str, bytes]) -> dict[str, str]:
        """Log the hashes about to be written (synced before any rename); returns them."""
        hashes = {name: datei_hash(daten) for name, daten in dateien.items()}
        for name, h in hashes.items():
            eintrag = self.eintraege.setdefault(name, Eintrag())
            if h not in eintrag.eigene:
                eintrag.eigene.append(h)
        self._schreibe_zeile(b"".join(
            self._json({"format": FORMAT, "datei": n, "hash": h, "stand": "geplant"}) for n, h in hashes.items()),
            sync=True)
        return hashes

    def geschrieben(self, name: str, h: str, antrag: str, schluessel: str) -> None:
        """Log a completed write of `name` (after its rename)."""
        stat = (self.ordner / name).lstat()
        eintrag = self.eintraege.setdefault(name, Eintrag())
        eintrag.eigene, eintrag.bestaetigt, eintrag.antrag, eintrag.schluessel = [h], h, antrag, schluessel
        eintrag.groesse, eintrag.mtime_ns = stat.st_size, stat.st_mtime_ns
        self._schreibe_zeile(self._zeile(name, eintrag), sync=False)

    def _zeile(self, name: str, e: Eintrag) -> bytes:
        """The entry as log lines: the confirmed write first, then every other own hash."""
        zeilen = [] if e.bestaetigt is None else [self._json({
            "format": FORMAT, "datei": name, "hash": e.bestaetigt, "stand": "geschrieben", "antrag": e.antrag,
            "schluessel": e.schluessel, "groesse": e.groesse, "mtime_ns": e.mtime_ns})]
        zeilen += [self._json({"format": FORMAT, "datei": name, "hash": h, "stand": "geplant"})
                   for h in e.eigene if h != e.bestaetigt]
        return b"".join(zeilen)

    @staticmethod
    def _json(d: dict) -> bytes:
        return json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"

    def _schreibe_zeile(self, zeile: bytes, *, sync: bool) -> None:
        if self._log is None:
            self.ordner.mkdir(parents=True, exist_ok=True)
            self._log = open(self.pfad, "ab")
        self._log.write(zeile)
        self._log.flush()
        if sync:
            os.fsync(self._log.fileno())

    def schliessen(self) -> None:
        """Compact the log: one line per file, written atomically."""
        if self._log is None:
            return
        self._log.close()
        self._log = None
        inhalt = b"".join(self._zeile(name, e) for name, e in sorted(self.eintraege.items()) if e.eigene)
        try:
            schreibe_atomar(self.pfad, inhalt)
        except OSError:
            pass  # the uncompacted log is just as valid

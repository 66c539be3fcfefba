"""What a run remembers to be faster next time (.antragsgen/zwischenspeicher.json).

A source file whose bytes did not change is not parsed again: its raw documents are
kept as JSON (never pickle: a project folder may come from other hands), keyed by the
file's path relative to the project, so a moved or copied project keeps its cache.

The cache is only an optimisation: a missing, foreign, broken or strangely shaped file
means "read everything again". What protects a user's work is the record of written
files (ausgabebuch.py), and the numbers live in their register (nummern); `--alles-neu`
touches neither.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .fehler import Fundstelle, Meldung
from .schreiben import gesperrt, raeume_auf, schreibe_atomar

if TYPE_CHECKING:
    from .laden.rohdaten import Rohdokument

DATEI = ".antragsgen/zwischenspeicher.json"
FORMAT = 2


def _ort(ort: Fundstelle | None):
    return None if ort is None else [ort.datei, ort.zeile, ort.spalte]


def _fundstelle(daten) -> Fundstelle | None:
    return None if daten is None else Fundstelle(*daten)


def meldung_als_json(m: Meldung) -> list:
    return [_ort(m.ort), m.text, m.stufe]


def meldung_aus_json(d: list) -> Meldung:
    return Meldung(_fundstelle(d[0]), d[1], d[2])


def _dokument_als_json(dok: Rohdokument) -> dict:
    return {
        "daten": dok.daten, "datei": dok.datei, "ort": _ort(dok.ort), "nummer": dok.nummer,
        "werte": [[list(k), _ort(v)] for k, v in dok.werte.items()],
        "schluessel": [[list(k), _ort(v)] for k, v in dok.schluessel.items()],
    }


def _dokument_aus_json(d: dict, pfad: Path) -> Rohdokument:
    from .laden.rohdaten import Rohdokument  # not at the top: the parser's imports are heavy

    return Rohdokument(
        daten=d["daten"], datei=d["datei"], ort=_fundstelle(d["ort"]), nummer=d["nummer"], pfad=pfad,
        werte={tuple(k): _fundstelle(v) for k, v in d["werte"]},
        schluessel={tuple(k): _fundstelle(v) for k, v in d["schluessel"]},
    )


def hash_von(*teile: bytes | str) -> str:
    h = hashlib.sha256()
    for teil in teile:
        h.update(teil.encode("utf-8") if isinstance(teil, str) else teil)
        h.update(b"\0")
    return h.hexdigest()


def nutzerordner() -> Path:
    """The user's cache folder for antragsgen (what every project shares: parsed hyphenation
    patterns, where the system libraries are). Nothing there is needed; it may be missing."""
    if sys.platform == "win32":  # pragma: no cover
        basis = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":  # pragma: no cover
        basis = Path.home() / "Library" / "Caches"
    else:
        basis = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(basis) / "antragsgen"


def ordner_hash(ordner: list[Path]) -> str:
    """All files of the template folders: any change re-renders every motion."""
    h = hashlib.sha256()
    for basis in ordner:
        for pfad in sorted(p for p in basis.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(pfad.relative_to(basis).as_posix().encode() + b"\0" + pfad.read_bytes() + b"\0")
    return h.hexdigest()


class Zwischenspeicher:
    """Load once at the start of a run, `speichern()` at its end."""

    def __init__(self, projekt: Path, *, lesen: bool = True):
        """With `lesen` false (--alles-neu) every source is parsed again; the run is remembered."""
        self.projekt = projekt
        self.pfad = projekt / DATEI
        self.wiederverwenden = lesen
        self._quellen: dict[str, dict] = {}
        self._gesehen: set[str] = set()  # sources of this run; the others are forgotten
        # what this process read already, as objects: a long-lived one (the editor's preview,
        # every motion of the project again on each keystroke) skips decoding them from JSON
        self._gelesen: dict[str, tuple[str, str, Path, list, list]] = {}
        self.geprueft: dict = {}  # and validated already (pruefen.pruefe)
        self._geaendert = False
        self.alte_ausgaben: dict = {}  # what version 1 knew of written files (see Ausgabebuch.uebernehme)
        try:
            daten = json.loads(self.pfad.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # a broken cache only costs time
        if not isinstance(daten, dict):
            return
        # kept until every output folder had its run: the hashes protect files edited back then
        alt = daten.get("ausgaben") if daten.get("format") == 1 else daten.get("ausgaben_v1")
        if isinstance(alt, dict):
            self.alte_ausgaben = alt
            self._geaendert = daten.get("format") == 1  # written once in the new format
        quellen = daten.get("quellen")
        if daten.get("format") == FORMAT and daten.get("version") == __version__ and isinstance(quellen, dict):
            self._quellen = {k: v for k, v in quellen.items() if isinstance(v, dict)}

    def _schluessel(self, pfad: Path) -> str:
        """The path relative to the project in / notation (strings: asked for every source of a run)."""
        absolut, projekt = os.path.abspath(pfad), os.path.abspath(self.projekt)
        innen = projekt.rstrip(os.sep) + os.sep
        if absolut.startswith(innen):
            return absolut[len(innen):].replace(os.sep, "/")
        return Path(absolut).as_posix()

    def lies(self, pfad: Path, datei: str, inhalt: bytes) -> tuple[list[Rohdokument], list[Meldung]] | None:
        """The raw documents of a source whose bytes are `inhalt`, if they were seen before."""
        schluessel = self._schluessel(pfad)
        self._gesehen.add(schluessel)
        eintrag = self._quellen.get(schluessel) if self.wiederverwenden else None
        try:
            if not eintrag or eintrag["datei"] != datei or eintrag["hash"] != (fingerabdruck := hash_von(inhalt)):
                return None
            schon = self._gelesen.get(schluessel)
            if schon is None or schon[:3] != (datei, fingerabdruck, pfad):
                schon = (datei, fingerabdruck, pfad, [_dokument_aus_json(d, pfad) for d in eintrag["dokumente"]],
                         [meldung_aus_json(m) for m in eintrag["meldungen"]])
                self._gelesen[schluessel] = schon
            return list(schon[3]), list(schon[4])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def merke(self, pfad: Path, datei: str, inhalt: bytes, dokumente: list[Rohdokument],
              meldungen: list[Meldung]) -> None:
        """Remember what the bytes `inhalt` (exactly those that were parsed) gave."""
        self._quellen[self._schluessel(pfad)] = {
            "datei": datei, "hash": hash_von(inhalt),
            "dokumente": [_dokument_als_json(d) for d in dokumente],
            "meldungen": [meldung_als_json(m) for m in meldungen],
        }
        self._geaendert = True

    def speichern(self) -> None:
        vergessen = set(self._quellen) - self._gesehen
        for schluessel in vergessen:
            del self._quellen[schluessel]
        neu = bool(self._geaendert or vergessen)
        if not neu and not self.pfad.parent.is_dir():
            return
        daten = {"format": FORMAT, "version": __version__, "quellen": self._quellen}
        if self.alte_ausgaben:
            daten["ausgaben_v1"] = self.alte_ausgaben
        try:
            with gesperrt(self.pfad.parent / "zwischenspeicher.sperre"):
                raeume_auf(self.pfad.parent)  # left by a killed run: nobody else writes here now
                if neu:
                    schreibe_atomar(self.pfad, json.dumps(daten, ensure_ascii=False,
                                                          separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time next run

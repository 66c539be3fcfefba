"""What a run remembers for the next one (.antragsgen/zwischenspeicher.json).

- Sources: a file whose bytes did not change is not parsed again (its raw documents
  are kept as JSON, never as pickle: a project folder may come from other hands).
- Outputs: a motion whose inputs (its data and numbers, the template, the settings,
  the program version) did not change and whose files are still there is not rendered
  again; a DOCX someone edited since antragsgen wrote it is never overwritten.

The cache is only an optimisation: a missing, foreign or broken file means "redo all".
It is kept apart from the numbering register, which `--alles-neu` never touches.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__
from .fehler import Fundstelle, Meldung
from .laden.rohdaten import Rohdokument
from .schreiben import schreibe_atomar

DATEI = ".antragsgen/zwischenspeicher.json"
FORMAT = 1


def _ort(ort: Fundstelle | None):
    return None if ort is None else [ort.datei, ort.zeile, ort.spalte]


def _fundstelle(daten) -> Fundstelle | None:
    return None if daten is None else Fundstelle(*daten)


def _dokument_als_json(dok: Rohdokument) -> dict:
    return {
        "daten": dok.daten, "datei": dok.datei, "ort": _ort(dok.ort), "nummer": dok.nummer,
        "pfad": str(dok.pfad) if dok.pfad else None,
        "werte": [[list(k), _ort(v)] for k, v in dok.werte.items()],
        "schluessel": [[list(k), _ort(v)] for k, v in dok.schluessel.items()],
    }


def _dokument_aus_json(d: dict) -> Rohdokument:
    return Rohdokument(
        daten=d["daten"], datei=d["datei"], ort=_fundstelle(d["ort"]), nummer=d["nummer"],
        pfad=Path(d["pfad"]) if d["pfad"] else None,
        werte={tuple(k): _fundstelle(v) for k, v in d["werte"]},
        schluessel={tuple(k): _fundstelle(v) for k, v in d["schluessel"]},
    )


def hash_von(*teile: bytes | str) -> str:
    h = hashlib.sha256()
    for teil in teile:
        h.update(teil.encode("utf-8") if isinstance(teil, str) else teil)
        h.update(b"\0")
    return h.hexdigest()


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
        """With `lesen` false (--alles-neu) nothing counts as unchanged; what it knows about
        edited files still protects them, and this run is remembered."""
        self.pfad = projekt / DATEI
        self.wiederverwenden = lesen
        self._quellen: dict[str, dict] = {}
        self._ausgaben: dict[str, dict] = {}
        self._gesehen: set[str] = set()  # sources of this run; the others are forgotten
        self._geaendert = False
        if self.pfad.is_file():
            try:
                daten = json.loads(self.pfad.read_text(encoding="utf-8"))
                if daten.get("format") == FORMAT and daten.get("version") == __version__:
                    self._quellen = dict(daten.get("quellen", {}))
                    self._ausgaben = dict(daten.get("ausgaben", {}))
            except (OSError, ValueError, TypeError, AttributeError):
                pass  # a broken cache only costs time

    @property
    def leer(self) -> bool:
        """Nothing known from earlier runs (a first run renders everything)."""
        return not self._ausgaben

    # sources -----------------------------------------------------------------
    def lies(self, pfad: Path, datei: str) -> tuple[list[Rohdokument], list[Meldung]] | None:
        """The raw documents of an unchanged source file, or None."""
        schluessel = str(pfad.resolve())
        self._gesehen.add(schluessel)
        eintrag = self._quellen.get(schluessel) if self.wiederverwenden else None
        if not eintrag or eintrag["datei"] != datei or eintrag["hash"] != self._datei_hash(pfad):
            return None
        try:
            return ([_dokument_aus_json(d) for d in eintrag["dokumente"]],
                    [Meldung(_fundstelle(m[0]), m[1], m[2]) for m in eintrag["meldungen"]])
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def merke(self, pfad: Path, datei: str, dokumente: list[Rohdokument], meldungen: list[Meldung]) -> None:
        self._quellen[str(pfad.resolve())] = {
            "datei": datei, "hash": self._datei_hash(pfad),
            "dokumente": [_dokument_als_json(d) for d in dokumente],
            "meldungen": [[_ort(m.ort), m.text, m.stufe] for m in meldungen],
        }
        self._geaendert = True

    def _datei_hash(self, pfad: Path) -> str:
        try:
            return hash_von(pfad.read_bytes())
        except OSError:
            return ""

    # outputs -----------------------------------------------------------------
    def unveraendert(self, ziel: str, schluessel: str, ordner: Path) -> bool:
        """Were the files of `ziel` written from the same inputs, and are they still as written?"""
        eintrag = self._ausgaben.get(ziel)
        return bool(self.wiederverwenden and eintrag and eintrag["schluessel"] == schluessel and eintrag["dateien"]
                    and all(self._wie_geschrieben(eintrag, ordner / name) for name in eintrag["dateien"]))

    def bearbeitet(self, ziel: str, datei: Path) -> bool:
        """A file antragsgen wrote that someone changed since (e.g. edited in Word)."""
        eintrag = self._ausgaben.get(ziel)
        if not eintrag or not datei.is_file():
            return False
        if datei.name in eintrag.get("geschuetzt", []):
            return True
        bekannt = eintrag["dateien"].get(datei.name)
        return bool(bekannt) and hash_von(datei.read_bytes()) != bekannt["hash"]

    def _wie_geschrieben(self, eintrag: dict, datei: Path) -> bool:
        bekannt = eintrag["dateien"].get(datei.name)
        try:
            stat = datei.stat()
        except OSError:
            return False
        return bool(bekannt) and [stat.st_size, stat.st_mtime_ns] == bekannt["stat"]

    def merke_ausgabe(self, ziel: str, schluessel: str, dateien: dict[Path, bytes],
                      geschuetzt: list[str] = ()) -> None:
        """Record written files; `geschuetzt` are edited files never to be overwritten."""
        self._ausgaben[ziel] = {
            "schluessel": schluessel, "geschuetzt": sorted(geschuetzt),
            "dateien": {p.name: {"hash": hash_von(daten), "stat": [p.stat().st_size, p.stat().st_mtime_ns]}
                        for p, daten in dateien.items()},
        }
        self._geaendert = True

    def vergiss(self, ziel: str) -> None:
        if self._ausgaben.pop(ziel, None) is not None:
            self._geaendert = True

    def speichern(self) -> None:
        vergessen = set(self._quellen) - self._gesehen
        for schluessel in vergessen:
            del self._quellen[schluessel]
        if not (self._geaendert or vergessen):
            return
        daten = {"format": FORMAT, "version": __version__, "quellen": self._quellen, "ausgaben": self._ausgaben}
        try:
            schreibe_atomar(self.pfad, json.dumps(daten, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time next run

"""Raw documents: plain data (dict/list/str/None) plus where each value stood.

Scalars stay the text the user wrote, so `betrag: 50.000` is not read as 50.0 and a
title like `2022` or `NO` stays a title; the model decides what a text means.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..fehler import EingabeFehler, Fundstelle, Meldung, fehler, warnung
from . import libyaml

Pfad = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024
MAX_KNOTEN = 100_000
# a motion nests five levels deep (antragspunkte → Punkt → mittel → betraege → Betrag);
# ruamel composes recursively, so hundreds of levels would overflow Python's stack
MAX_TIEFE = 50
# which parser read how many texts in this process ("libyaml", or "ruamel" when libyaml
# is missing or left a text to it): for tests and measurements
ZERLEGER: Counter[str] = Counter()
_NULL = {"", "~", "null", "Null", "NULL"}
# Control characters pasted from Word break YAML, XML and PDF text; tab and newline are fine.
# Bidi overrides would show text in another order than it is stored ("Trojan Source").
_STEUERZEICHEN = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


@dataclass
class Rohdokument:
    """One motion as read from a source, before validation."""

    daten: object
    datei: str
    ort: Fundstelle
    werte: dict[Pfad, Fundstelle] = field(default_factory=dict)
    schluessel: dict[Pfad, Fundstelle] = field(default_factory=dict)
    pfad: Path | None = None
    # index among the documents of its file (a YAML stream may hold several motions)
    nummer: int = 0

    def fundstelle(self, pfad: Pfad, *, schluessel: bool = False) -> Fundstelle:
        """The closest known place of `pfad` (its key if asked, else its value)."""
        pfad = tuple(pfad)
        if schluessel and pfad in self.schluessel:
            return self.schluessel[pfad]
        while pfad:
            if pfad in self.werte:
                return self.werte[pfad]
            pfad = pfad[:-1]
        return self.werte.get((), self.ort)


def saeubern(text: str) -> str:
    """Drop control characters from a text value; Word's vertical tab is a line break."""
    text = text.replace("\x0b", "\n").replace("\r\n", "\n").replace("\r", "\n")
    return _STEUERZEICHEN.sub("", text)


def yaml_vorbereiten(text: str) -> str:
    """Control characters as spaces before parsing: YAML refuses them, and spaces keep
    every line and column where the user sees it."""
    return _STEUERZEICHEN.sub(" ", text.replace("\x0b", " "))


def lies_text(pfad: Path, datei: str) -> tuple[str, list[Meldung]]:
    """A source's text: UTF-8 (BOM allowed), else Windows-1252 with a warning."""
    groesse = pfad.stat().st_size
    if groesse > MAX_BYTES:
        raise EingabeFehler(fehler(
            Fundstelle(datei),
            f"Die Datei ist mit {groesse // 1024} KiB zu groß (höchstens {MAX_BYTES // 1024} KiB).",
        ))
    roh = pfad.read_bytes()
    if kodierung := _utf16_oder_32(roh):
        wie = "in Excel als „CSV UTF-8“" if pfad.suffix.lower() == ".csv" else "im Editor mit der Kodierung UTF-8"
        raise EingabeFehler(fehler(Fundstelle(datei), f"Die Datei ist {kodierung}-kodiert; bitte {wie} speichern."))
    try:
        return roh.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        zeile = roh[: e.start].count(b"\n") + 1
        try:
            text = roh.decode("cp1252")
        except UnicodeDecodeError:
            raise EingabeFehler(fehler(
                Fundstelle(datei, zeile),
                "Die Datei ist nicht UTF-8-kodiert; bitte als UTF-8 speichern.",
            )) from None
        return text, [warnung(
            Fundstelle(datei, zeile),
            "Die Datei ist nicht UTF-8-kodiert; sie wurde als Windows-1252 gelesen. "
            "Bitte als UTF-8 speichern.",
        )]


def _utf16_oder_32(roh: bytes) -> str | None:
    """"UTF-16" or "UTF-32" if the bytes are that (by BOM, or by the NUL bytes every
    ASCII character gets); otherwise they would be misread as Windows-1252."""
    if roh.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if roh.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    probe = roh[:4000]
    if len(probe) >= 4 and probe.count(0) * 4 >= len(probe):  # text holds no NULs, UTF-16 half of them
        return "UTF-32" if probe.count(b"\x00\x00\x00") * 4 >= len(probe) // 4 else "UTF-16"
    return None


_YAML_PROBLEME = {
    "found character '\\t' that cannot start any token":
        "Tabulatorzeichen sind in YAML nicht erlaubt; bitte mit Leerzeichen einrücken",
    "mapping values are not allowed here":
        "hier darf kein Doppelpunkt mit Leerzeichen stehen; Text mit ': ' bitte in Anführungszeichen setzen",
    "could not find expected ':'": "hier fehlt ein ':' nach dem Schlüssel",
    "expected <block end>, but found '<block sequence start>'":
        "die Einrückung der Liste passt nicht zum Schlüssel darüber",
    "expected <block end>, but found '<block mapping start>'":
        "die Einrückung passt nicht zur Zeile darüber",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert (fehlt ein Anführungszeichen?)",
    "found undefined alias": "unbekannter Anker (Alias ohne '&'-Anker)",
    "maximum depth of data structure exceeded":
        f"die Werte sind zu tief verschachtelt (höchstens {MAX_TIEFE} Ebenen)",
}


def _yaml_meldung(e: MarkedYAMLError, datei: str, zeilen_versatz: int) -> Meldung:
    mark = e.problem_mark or e.context_mark
    ort = Fundstelle(datei, mark.line + 1 + zeilen_versatz, mark.column + 1) if mark else Fundstelle(datei)
    problem = (e.problem or str(e)).strip()
    for englisch, deutsch in _YAML_PROBLEME.items():
        if problem.startswith(englisch):
            return fehler(ort, f"Kein gültiges YAML: {deutsch}.")
    return fehler(ort, f"Kein gültiges YAML ({problem}).")


def yaml_dokumente(text: str, datei: str, pfad: Path | None = None,
                   zeilen_versatz: int = 0) -> list[Rohdokument]:
    """Every document of a YAML stream, each with its value positions."""
    text = yaml_vorbereiten(text)
    knoten = libyaml.wurzeln(text, MAX_TIEFE)
    ZERLEGER["libyaml" if knoten is not None else "ruamel"] += 1
    if knoten is None:
        knoten = ruamel_wurzeln(text, datei, zeilen_versatz)
    return rohdokumente(knoten, datei, pfad, zeilen_versatz)


def ruamel_wurzeln(text: str, datei: str, zeilen_versatz: int = 0) -> list[Node | None]:
    """The root nodes as ruamel.yaml composes them; its errors as German messages."""
    leser = YAML(typ="rt")
    leser.max_depth = MAX_TIEFE
    try:
        return list(leser.compose_all(text))
    except MarkedYAMLError as e:
        raise EingabeFehler(_yaml_meldung(e, datei, zeilen_versatz)) from None
    except YAMLError as e:
        raise EingabeFehler(fehler(Fundstelle(datei), f"Kein gültiges YAML ({e}).")) from None
    except (NotImplementedError, AssertionError, IndexError, TypeError) as e:
        # ruamel's own slips on odd input (e.g. "overlap in comment" with CR line ends): this
        # file's error, not the end of the run for every other motion
        raise EingabeFehler(fehler(Fundstelle(datei), (
            "Kein gültiges YAML: der YAML-Leser kommt mit dieser Datei nicht zurecht (vermutlich ein Kommentar "
            f"an ungewöhnlicher Stelle oder gemischte Zeilenenden; {type(e).__name__})."))) from None


def rohdokumente(knoten: list, datei: str, pfad: Path | None = None,
                 zeilen_versatz: int = 0) -> list[Rohdokument]:
    """Root nodes (ruamel's or libyaml's) as raw documents."""
    ergebnis = []
    for wurzel in knoten:
        # an empty document (a stream ending in "---", or only a comment) holds no motion
        if wurzel is None or (_art(wurzel) == "skalar" and wurzel.style is None and wurzel.value == ""):
            continue
        ort = _ort(wurzel, datei, zeilen_versatz)
        dok = Rohdokument(None, datei, ort, pfad=pfad, nummer=len(ergebnis))
        umwandler = _Umwandler(dok, zeilen_versatz)
        dok.daten = umwandler.wert(wurzel, ())
        if umwandler.meldungen:
            raise EingabeFehler(umwandler.meldungen)
        ergebnis.append(dok)
    return ergebnis


_ARTEN = {ScalarNode: "skalar", SequenceNode: "folge", MappingNode: "abbildung"}


def _art(node: Node | libyaml.Knoten) -> str | None:
    """ "skalar", "folge" or "abbildung", for ruamel's nodes (and their subclasses) and libyaml's."""
    if isinstance(node, libyaml.Knoten):
        return node.art
    return next((art for klasse, art in _ARTEN.items() if isinstance(node, klasse)), None)


def _ort(node: Node, datei: str, versatz: int) -> Fundstelle:
    return Fundstelle(datei, node.start_mark.line + 1 + versatz, node.start_mark.column + 1)


class _Umwandler:
    """Turns a composed YAML node tree into plain data, refusing aliases."""

    def __init__(self, dok: Rohdokument, versatz: int):
        self.dok = dok
        self.versatz = versatz
        self.gesehen: set[int] = set()
        self.meldungen: list[Meldung] = []

    def ort(self, node: Node) -> Fundstelle:
        return _ort(node, self.dok.datei, self.versatz)

    def wert(self, node: Node, pfad: Pfad) -> object:
        # An alias is the same node object seen twice: refusing it stops
        # "billion laughs" blow-ups and keeps every value at one place.
        if id(node) in self.gesehen:
            self.meldungen.append(fehler(self.ort(node), "YAML-Anker und -Aliase (&, *) werden nicht unterstützt; bitte den Text ausschreiben."))
            return None
        self.gesehen.add(id(node))
        if len(self.gesehen) > MAX_KNOTEN:
            raise EingabeFehler(fehler(self.ort(node), "Die Datei enthält zu viele Werte."))
        self.dok.werte[pfad] = self.ort(node)
        art = _art(node)
        if art == "skalar":
            if node.style is None and node.value in _NULL:
                return None
            return saeubern(node.value)
        if art == "folge":
            return [self.wert(kind, pfad + (i,)) for i, kind in enumerate(node.value)]
        if art == "abbildung":
            return self.abbildung(node, pfad)
        return None  # pragma: no cover - there are no other node kinds

    def abbildung(self, node: MappingNode | libyaml.Knoten, pfad: Pfad) -> dict:
        ergebnis: dict[str, object] = {}
        for k_node, v_node in node.value:
            if _art(k_node) != "skalar":
                self.meldungen.append(fehler(self.ort(k_node), "Ein Schlüssel muss ein einfaches Wort sein."))
                continue
            schluessel = k_node.value
            if node.flow_style and schluessel.isdigit() and _art(v_node) == "skalar" and v_node.value == "":
                # {anteil: 0,5}: in braces the comma separates entries, so "5" became a key
                self.meldungen.append(fehler(
                    self.ort(k_node),
                    "In { … } trennt das Komma Einträge; eine Zahl wie 0,5 bitte in Anführungszeichen "
                    "(\"0,5\") oder als 0.5 schreiben."))
                continue
            if schluessel in ergebnis:
                erst = self.dok.schluessel[pfad + (schluessel,)]
                self.meldungen.append(fehler(
                    self.ort(k_node),
                    f"Der Schlüssel '{schluessel}' steht doppelt (zuerst in Zeile {erst.zeile}).",
                ))
                continue
            self.dok.schluessel[pfad + (schluessel,)] = self.ort(k_node)
            ergebnis[schluessel] = self.wert(v_node, pfad + (schluessel,))
        return ergebnis

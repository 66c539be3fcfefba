"""Write automatic lfd. Nr. back into motion sources as explicit `lfd_nr:` lines.

A round-trip dump would reflow the whole file, so the new lines are inserted as text at
the places ruamel's composer reports, and the result is read again, the way the loader
reads it, before anything is written.
"""

from __future__ import annotations

import copy
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .fehler import EingabeFehler, Fundstelle, Meldung, fehler, warnung
from .laden import LESER
from .laden.markdowndatei import lies_markdown
from .laden.rohdaten import yaml_dokumente, yaml_vorbereiten
from .schreiben import schreibe_atomar, schreibfehler

_BOM = b"\xef\xbb\xbf"
_ZEILENENDE = re.compile(r"\r\n|\r|\n")
Einfuegung = tuple[int, str]  # (character offset in the original text, text inserted there)


@dataclass
class _Quelltext:
    """A source as bytes become text: BOM and encoding kept for writing it back."""

    text: str
    bom: bytes
    kodierung: str


class _Abbruch(Exception):
    """Nothing can be written to this file; carries the reasons."""

    def __init__(self, meldungen: list[Meldung]):
        self.meldungen = meldungen


Punktpfad = tuple  # ("antragspunkte", 2) or ("abschnitte", 1, "antragspunkte", 0)


def festschreiben(datei: Path, nummern: dict[tuple[int, Punktpfad], int], anzeige: str) -> list[Meldung]:
    """Write automatic lfd. Nr. into a motion source as explicit `lfd_nr:` lines.

    nummern maps (document index in the file, the item's path in the motion) -> number; a
    bare item index stands for ("antragspunkte", index).
    Returns messages for items that could not be written; writes the file atomically only
    if something changed, keeping every other byte (comments, order, blank lines, quoting,
    line endings, BOM) intact. If the changed text does not read back as exactly the old
    motions plus the new numbers, nothing is written.
    """
    if not nummern:
        return []
    nummern = {(d, ("antragspunkte", pfad) if isinstance(pfad, int) else tuple(pfad)): n
               for (d, pfad), n in nummern.items()}
    endung = datei.suffix.lower()
    if endung not in LESER or LESER[endung].text is None:
        wo, bitte = (("in Tabellen", "in die Spalte 'lfd_nr' eintragen") if endung in LESER
                     else (f"in '{endung}'-Dateien", "von Hand eintragen"))
        return [warnung(Fundstelle(anzeige), f"lfd. Nr. {n} kann nicht {wo} festgeschrieben werden; bitte {bitte}.")
                for _, n in sorted(nummern.items())]
    try:
        quelle = _lies_quelltext(datei, anzeige)
        vorher = _lies(quelle.text, endung, anzeige)
        einfuegungen, erwartet, meldungen = _einfuegungen(quelle.text, endung, vorher, nummern, anzeige)
    except _Abbruch as e:
        return e.meldungen
    except EingabeFehler as e:
        return e.meldungen
    if not einfuegungen:
        return meldungen
    neuer_text = _eingefuegt(quelle.text, einfuegungen)
    try:
        nachher = _lies(neuer_text, endung, anzeige)
    except EingabeFehler:
        nachher = None
    if nachher != erwartet:
        return meldungen + [fehler(Fundstelle(anzeige), (
            "Die lfd. Nr. lassen sich in dieser Datei nicht sicher eintragen; die Datei bleibt "
            "unverändert. Bitte die Nummern von Hand als 'lfd_nr:' ergänzen."))]
    try:
        # a symlinked source is changed where it really is, keeping its permissions
        ziel = datei.resolve()
        schreibe_atomar(ziel, quelle.bom + neuer_text.encode(quelle.kodierung),
                        modus=stat.S_IMODE(ziel.stat().st_mode))
    except OSError as e:
        return meldungen + [fehler(Fundstelle(anzeige), schreibfehler(datei, e))]
    return meldungen


def _lies_quelltext(datei: Path, anzeige: str) -> _Quelltext:
    try:
        roh = datei.read_bytes()
    except OSError as e:
        raise _Abbruch([fehler(Fundstelle(anzeige), (
            f"Die Datei kann nicht gelesen werden ({e.strerror}); nichts festgeschrieben."))]) from None
    bom = _BOM if roh.startswith(_BOM) else b""
    # decoding bytes (not text mode) keeps CRLF; Windows-1252 files are read like the loader does
    for kodierung in ("utf-8", "cp1252"):
        try:
            return _Quelltext(roh[len(bom):].decode(kodierung), bom, kodierung)
        except UnicodeDecodeError:
            continue
    raise _Abbruch([fehler(Fundstelle(anzeige), "Die Datei ist nicht UTF-8-kodiert; bitte als UTF-8 speichern.")])


def _einfuegungen(text: str, endung: str, vorher: list, nummern: dict[tuple[int, Punktpfad], int],
                  anzeige: str) -> tuple[list[Einfuegung], list, list[Meldung]]:
    """Where each `lfd_nr:` line goes, the data the file must then read as, and what cannot be written."""
    anfang, kopf, zeilen_versatz = 0, text, 0
    if not vorher:
        kopf = ""  # e.g. Markdown without front matter: nothing to number
    elif endung == ".md":
        # front matter starts after the first line `---`; messages count file lines
        anfang = len(text.split("\n", 1)[0]) + 1
        kopf, zeilen_versatz = text[anfang:_kopfende(text)], 1
    try:
        # control characters become spaces: YAML refuses them, and the offsets must stay
        wurzeln = [w for w in YAML(typ="rt").compose_all(yaml_vorbereiten(kopf)) if w is not None]
    except YAMLError:
        wurzeln = None
    if wurzeln is None or len(wurzeln) != len(vorher):
        raise _Abbruch([fehler(Fundstelle(anzeige), "Die Datei lässt sich nicht sicher auswerten; "
                               "bitte die lfd. Nr. von Hand eintragen.")])
    meldungen: list[Meldung] = []
    einfuegungen: list[Einfuegung] = []
    erwartet = copy.deepcopy(vorher)
    for (d, pfad), n in sorted(nummern.items()):
        *liste, i = pfad
        punkte = _liste(wurzeln[d] if 0 <= d < len(wurzeln) else None, liste)
        if punkte is None or not 0 <= i < len(punkte.value):
            antrag = f" des {d + 1}. Antrags" if d or len(wurzeln) > 1 else ""
            abschnitt = f" im {liste[1] + 1}. Abschnitt" if len(liste) > 1 else ""
            meldungen.append(fehler(Fundstelle(anzeige), (
                f"Den {i + 1}. Antragspunkt{abschnitt}{antrag} gibt es in der Datei nicht mehr; "
                f"lfd. Nr. {n} wurde nicht eingetragen.")))
            continue
        neu, problem = _plan(kopf, punkte.value[i], n, punkte.flow_style)
        if problem:
            stufe, knoten, satz = problem
            mark = knoten.start_mark
            meldungen.append(stufe(Fundstelle(anzeige, mark.line + 1 + zeilen_versatz, mark.column + 1), satz))
            continue
        if not neu:
            continue
        einfuegungen.extend((anfang + pos, einschub) for pos, einschub in neu)
        daten = erwartet[d]
        for schritt in liste:
            daten = daten[schritt]
        alt = daten[i]
        if isinstance(alt, dict):
            alt["lfd_nr"] = str(n)
        else:
            daten[i] = {"text": alt, "lfd_nr": str(n)}
    return einfuegungen, erwartet, meldungen


def _eingefuegt(text: str, einfuegungen: list[Einfuegung]) -> str:
    """Every offset refers to the original text, so the pieces are joined in one pass."""
    teile, zuletzt = [], 0
    for pos, einschub in sorted(einfuegungen):
        teile += [text[zuletzt:pos], einschub]
        zuletzt = pos
    return "".join(teile) + text[zuletzt:]


def _lies(text: str, endung: str, anzeige: str) -> list[object]:
    """The motions' plain data exactly as the loader sees them."""
    if endung == ".md":
        dokumente, _ = lies_markdown(text, anzeige)
    else:
        dokumente = yaml_dokumente(text, anzeige)
    return [dok.daten for dok in dokumente]


def _kopfende(text: str) -> int:
    """Offset of the line that closes the front matter (`---` or `...`), as the loader finds it."""
    zeilen = text.split("\n")
    pos = len(zeilen[0]) + 1
    for zeile in zeilen[1:]:
        if zeile.rstrip() in ("---", "..."):
            return pos
        pos += len(zeile) + 1
    return len(text)  # pragma: no cover - the loader already refused such a file


def _liste(knoten: Node | None, pfad: list) -> SequenceNode | None:
    """The list of items at `pfad` ("antragspunkte", or "abschnitte", 1, "antragspunkte")."""
    for schritt in pfad:
        if isinstance(schritt, int):
            knoten = knoten.value[schritt] if isinstance(knoten, SequenceNode) and 0 <= schritt < len(knoten.value) \
                else None
        elif isinstance(knoten, MappingNode):
            knoten = next((wert for schluessel, wert in knoten.value
                           if isinstance(schluessel, ScalarNode) and schluessel.value == schritt), None)
        else:
            knoten = None
    return knoten if isinstance(knoten, SequenceNode) else None


def _plan(text: str, punkt: Node, n: int, in_klammern: bool) -> tuple[list[Einfuegung], tuple | None]:
    """Insertions that give `punkt` the number n, or (stufe, node, sentence) saying why not."""
    if isinstance(punkt, MappingNode):
        for schluessel, wert in punkt.value:
            if isinstance(schluessel, ScalarNode) and schluessel.value == "lfd_nr":
                alt = wert.value.strip() if isinstance(wert, ScalarNode) else ""
                if alt.isdigit() and int(alt) == n:
                    return [], None
                return [], (fehler, wert, (
                    f"Der Punkt hat schon 'lfd_nr: {alt}'; die vergebene lfd. Nr. {n} wird nicht eingetragen. "
                    "Bitte prüfen, welche Nummer gilt."))
        if not punkt.flow_style and not in_klammern and punkt.value:
            einzug = punkt.value[0][0].start_mark.column
            return [_neue_zeile(text, _inhaltsende(text, punkt), einzug, n)], None
    elif (isinstance(punkt, ScalarNode) and punkt.style in (None, "'", '"') and punkt.value
          and not in_klammern and punkt.start_mark.line == punkt.end_mark.line):
        # `- Satz` becomes `- text: Satz`; a plain scalar means the same after `text: `,
        # and the read-back check catches anything that does not
        start = punkt.start_mark
        return [(start.index, "text: "), _neue_zeile(text, punkt.end_mark.index, start.column, n)], None
    return [], (warnung, punkt, (
        f"lfd. Nr. {n} kann hier nicht eingetragen werden (Kurzschreibweise); "
        f"bitte 'lfd_nr: {n}' von Hand ergänzen."))


def _inhaltsende(text: str, knoten: Node) -> int:
    """Offset just after the last character that belongs to `knoten`.

    A block mapping's end mark lies beyond trailing blank lines and comments, which
    belong to what follows, so this follows the last value down instead.
    """
    if isinstance(knoten, ScalarNode):
        ende = knoten.end_mark.index
        if knoten.style in ("|", ">"):
            # a block scalar's end mark includes the blank lines after it
            while ende > knoten.start_mark.index and text[ende - 1] in " \t\r\n":
                ende -= 1
        return ende
    if knoten.flow_style or not knoten.value:
        return knoten.end_mark.index
    letzter = knoten.value[-1]
    if isinstance(knoten, MappingNode):
        schluessel, wert = letzter
        # an empty value (`zweck:`) is marked where the next token starts: use its key
        leer = isinstance(wert, ScalarNode) and wert.style is None and wert.value == ""
        return _inhaltsende(text, schluessel if leer else wert)
    return _inhaltsende(text, letzter)


def _neue_zeile(text: str, pos: int, einzug: int, n: int) -> Einfuegung:
    """An `lfd_nr: n` line after the line holding `pos`, with that line's line ending."""
    treffer = _ZEILENENDE.search(text, pos)
    if treffer:
        return treffer.start(), f"{treffer.group()}{' ' * einzug}lfd_nr: {n}"
    erstes = _ZEILENENDE.search(text)
    return len(text), f"{erstes.group() if erstes else chr(10)}{' ' * einzug}lfd_nr: {n}"

"""The form's data into a motion file's text, keeping what the user did not change.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and layout; a value the
user did not change keeps its node (so `betrag: 50.000` stays as written), a changed one
gets a new node in the old one's style, a new key goes where the model's order puts it.
The text is read back the way the loader reads it before anyone writes it.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString, SingleQuotedScalarString,
)

from ..fehler import EingabeFehler
from ..laden.markdowndatei import lies_markdown
from ..laden.rohdaten import _NULL, yaml_dokumente, yaml_vorbereiten
from .formular import Feld, kanonisch, sorte_von


class NichtSicher(Exception):
    """The form's data cannot be written into this file without changing something else."""


class _Klartext(str):
    """A value written plain where YAML allows it: the loader reads every scalar as its
    text, so `2022`, `50.000` and `2021-11-12` need no quotes."""


def _einzug(text: str) -> tuple[int, int]:
    """(mapping indent, offset of a list's dash) as the file has them; else as `neu` writes."""
    einzug = listeneinzug = None
    zeilen = [z for z in text.split("\n") if z.strip() and not z.lstrip().startswith("#")]
    for davor, zeile in zip(zeilen, zeilen[1:]):
        tief_davor = len(davor) - len(davor.lstrip())
        tief = len(zeile) - len(zeile.lstrip())
        if not davor.rstrip().endswith(":") or davor.lstrip().startswith("- ") or tief < tief_davor:
            continue
        if zeile.lstrip().startswith("- "):
            listeneinzug = tief - tief_davor if listeneinzug is None else listeneinzug
        elif tief > tief_davor:
            einzug = tief - tief_davor if einzug is None else einzug
    return einzug or 2, 2 if listeneinzug is None else listeneinzug


def _konstruiere_als_text(konstrukteur, knoten):
    return _Klartext(knoten.value)


def _yaml(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user wrote on one line
    einzug, listeneinzug = _einzug(text)
    yaml.indent(mapping=einzug, sequence=listeneinzug + 2, offset=listeneinzug)
    # numbers, dates and yes/no stay the text the user wrote (as the loader reads them)
    for tag in ("int", "float", "bool", "timestamp"):
        yaml.constructor.add_constructor(f"tag:yaml.org,2002:{tag}", _konstruiere_als_text)

    def klartext(darsteller, wert):
        tag = yaml.resolver.resolve(ScalarNode, str(wert), (True, False))
        return darsteller.represent_scalar(tag, str(wert))

    yaml.representer.add_representer(_Klartext, klartext)
    return yaml


def als_yaml(wert) -> str:
    """A value as block YAML, scalars plain where YAML allows (for a field of unknown shape)."""
    yaml = _yaml("")
    puffer = io.StringIO()
    yaml.dump(_neu(wert), puffer)
    return puffer.getvalue().strip("\n").removesuffix("\n...")


def _neu(wert):
    if isinstance(wert, dict):
        return CommentedMap((_Klartext(k), _neu(v)) for k, v in wert.items())
    if isinstance(wert, list):
        return CommentedSeq(_neu(v) for v in wert)
    return _skalar(None, wert) if isinstance(wert, str) else wert


def neuer_text(alter_text: str, daten: dict, felder: list[Feld]) -> str:
    """`alter_text` (a one-motion YAML file, or "") with `daten` written in."""
    yaml = _yaml(alter_text)
    alt = {}
    wurzel = CommentedMap()
    if alter_text.strip():
        try:
            wurzel = yaml.load(yaml_vorbereiten(alter_text))
            dokumente = yaml_dokumente(alter_text, "datei")
        except (YAMLError, EingabeFehler):
            raise NichtSicher("Die Datei ist kein lesbares YAML; bitte dort von Hand berichtigen.") from None
        if len(dokumente) > 1 or not isinstance(wurzel, CommentedMap):
            raise NichtSicher("Die Datei enthält nicht genau einen Antrag.")
        alt = dokumente[0].daten if dokumente else {}
    _abbildung(wurzel, alt, daten, felder)
    puffer = io.StringIO()
    yaml.dump(wurzel, puffer)
    text = puffer.getvalue()
    if alter_text.startswith("---") and not text.startswith("---"):
        text = "---\n" + text
    _pruefe_zurueck(text, alt, daten, felder)
    return text


def _pruefe_zurueck(text: str, alt: dict, daten: dict, felder: list[Feld]) -> None:
    """Read as the loader reads: every form field as the form says, every other key as before."""
    try:
        dokumente = yaml_dokumente(text, "datei")
    except EingabeFehler:
        raise NichtSicher("Der geänderte Text wäre kein gültiges YAML.") from None
    gelesen = dokumente[0].daten if dokumente else {}
    bekannt = {f.name for f in felder}
    fremd_vorher = {k: v for k, v in alt.items() if k not in bekannt}
    fremd_nachher = {k: v for k, v in gelesen.items() if k not in bekannt}
    gleich = fremd_vorher == fremd_nachher and all(
        kanonisch(gelesen.get(f.name), f) == kanonisch(daten.get(f.name), f) for f in felder)
    if not gleich:
        raise NichtSicher("Der Text ließe sich nicht genau so zurücklesen, wie das Formular ihn meint.")


def _abbildung(knoten: CommentedMap, alt: dict, neu: dict, felder: list[Feld]) -> None:
    alt = alt if isinstance(alt, dict) else {}
    reihenfolge = [f.name for f in felder]
    for feld in felder:
        name = feld.name
        alt_wert, neu_wert = kanonisch(alt.get(name), feld), neu.get(name)
        if name in knoten and alt_wert == kanonisch(neu_wert, feld):
            continue  # unchanged: the node stays as written, comments and all
        if name not in knoten and neu_wert == kanonisch(feld.standard, feld):
            continue  # a default the file never said stays unsaid
        if neu_wert is None:
            if name in knoten:
                del knoten[name]
            continue
        if name in knoten:
            knoten[name] = _wert(knoten[name], alt.get(name), neu_wert, feld)
        else:
            davor = [k for k in reihenfolge[:reihenfolge.index(name)] if k in knoten]
            stelle = list(knoten).index(davor[-1]) + 1 if davor else 0
            knoten.insert(stelle, name, _wert(None, None, neu_wert, feld))


def _wert(alt_knoten, alt, neu, feld: Feld):
    """A node for `neu`, reusing what it can of the old node (style, comments)."""
    if feld.art == "yaml":
        return _neu(neu)
    if isinstance(neu, str) and feld.art == "gruppe":
        return _skalar(alt_knoten if not isinstance(alt_knoten, CommentedMap) else None, neu)
    if isinstance(neu, dict) and feld.art == "gruppe":
        ziel = alt_knoten if isinstance(alt_knoten, CommentedMap) else CommentedMap()
        _abbildung(ziel, alt if isinstance(alt, dict) else {}, neu, feld.kinder)
        return ziel
    if isinstance(neu, dict):  # a mapping of the user's (betraege: year → amount)
        ziel = CommentedMap()
        if isinstance(alt_knoten, CommentedMap):
            ziel.fa.set_flow_style() if alt_knoten.fa.flow_style() else None
        for k, v in neu.items():
            ziel[_Klartext(k)] = _neu(v)
        return ziel
    if isinstance(neu, list):
        return _liste(alt_knoten, alt, neu, feld)
    if isinstance(neu, bool):
        return neu
    return _skalar(alt_knoten, neu)


def _liste(alt_knoten, alt, neu: list, feld: Feld) -> CommentedSeq:
    alte_knoten = list(alt_knoten) if isinstance(alt_knoten, CommentedSeq) else []
    alte = alt if isinstance(alt, list) else []
    ziel = alt_knoten if isinstance(alt_knoten, CommentedSeq) else CommentedSeq()
    if not isinstance(alt_knoten, CommentedSeq) and feld.art == "zahlen":
        ziel.fa.set_flow_style()  # haushaltsjahre: [2022, 2023]
    if feld.art != "liste":
        ziel[:] = [_skalar(alte_knoten[i] if i < len(alte_knoten) else None, v) for i, v in enumerate(neu)]
        return ziel
    frei = list(range(min(len(alte_knoten), len(alte))))
    eintraege = []
    for i, eintrag in enumerate(neu):
        # an unchanged item keeps its node (and its comments) wherever it moved
        gleich = next((j for j in frei if _kanonischer_eintrag(alte[j], feld) == _kanonischer_eintrag(eintrag, feld)), None)
        if gleich is not None:
            frei.remove(gleich)
            eintraege.append(alte_knoten[gleich])
            continue
        j = i if i in frei else None
        if j is not None and isinstance(eintrag, dict) and isinstance(alte_knoten[j], CommentedMap) \
                and sorte_von(feld, alte[j]).name == sorte_von(feld, eintrag).name:
            frei.remove(j)
            sorte = sorte_von(feld, eintrag)
            _abbildung(alte_knoten[j], alte[j], eintrag, sorte.felder)
            eintraege.append(alte_knoten[j])
            continue
        eintraege.append(_neuer_eintrag(eintrag, feld))
    ziel[:] = eintraege
    return ziel


def _kanonischer_eintrag(eintrag, feld: Feld):
    return kanonisch([eintrag], feld)


def _neuer_eintrag(eintrag, feld: Feld):
    if isinstance(eintrag, dict):
        knoten = CommentedMap()
        _abbildung(knoten, {}, eintrag, sorte_von(feld, eintrag).felder)
        return knoten
    return _skalar(None, eintrag)


def _skalar(alt_knoten, text: str):
    text = str(text)
    if "\n" in text:
        if isinstance(alt_knoten, FoldedScalarString) and "\n\n" not in text:
            return FoldedScalarString(text + "\n")
        return LiteralScalarString(text + "\n")
    for stil in (DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(alt_knoten, stil):
            return stil(text)
    if text in _NULL or text != text.strip():
        return DoubleQuotedScalarString(text)  # the loader would read it as nothing
    return _Klartext(text)


# -- Markdown motions: the front matter is YAML, the body the Begründung -----------------------

def _teile_markdown(text: str) -> tuple[str, str] | None:
    """(front matter, body) of a Markdown motion, split where the loader splits it."""
    zeilen = text.split("\n")
    if zeilen[0].rstrip() != "---":
        return None
    ende = next((i for i in range(1, len(zeilen)) if zeilen[i].rstrip() in ("---", "...")), None)
    if ende is None:
        return None
    return "\n".join(zeilen[1:ende]) + "\n", "\n".join(zeilen[ende + 1:])


def neuer_quelltext(alter_text: str, endung: str, daten: dict, felder: list[Feld]) -> str:
    """The new text of a motion file: YAML as a whole, Markdown as front matter and body."""
    if endung != ".md":
        return neuer_text(alter_text, daten, felder)
    teile = _teile_markdown(alter_text)
    if teile is None:
        raise NichtSicher("Die Markdown-Datei hat keine Kopfdaten zwischen '---'-Zeilen.")
    kopf, koerper = teile
    kopfdaten = dict(daten)
    begruendung = kopfdaten.get("begruendung")
    im_kopf = re.search(r"^begruendung\s*:", kopf, re.MULTILINE) is not None
    # a Begründung of one text stays the body (or moves there); a list with Bausteine is a key
    if isinstance(begruendung, str) and not im_kopf:
        del kopfdaten["begruendung"]
        koerper = begruendung + "\n"
    elif not im_kopf:
        koerper = ""
        if begruendung is None:
            kopfdaten.pop("begruendung", None)
    text = "---\n" + neuer_text(kopf, kopfdaten, felder) + "---\n" + koerper
    gelesen, _ = lies_markdown(text, "datei")
    if not gelesen or any(kanonisch(gelesen[0].daten.get(f.name), f) != kanonisch(daten.get(f.name), f) for f in felder):
        raise NichtSicher("Der Text ließe sich nicht genau so zurücklesen, wie das Formular ihn meint.")
    return text


def lies_daten(text: str, endung: str) -> list[dict]:
    """The motions of a file's text, as the loader reads them."""
    if endung == ".md":
        return [d.daten for d in lies_markdown(text, "datei")[0]]
    return [d.daten for d in yaml_dokumente(text, "datei")]


# -- where a message stands ------------------------------------------------------------------

Pfad = tuple[str | int, ...]


def pfade_mit_zeilen(text: str, endung: str = ".yaml") -> list[tuple[int, int, int, Pfad]]:
    """(first line, last line, depth, path) of every value in a one-motion text (1-based)."""
    if endung == ".md":
        teile = _teile_markdown(text)
        if teile is None:
            return []
        kopf, koerper = teile
        zeilen = [(a + 1, e + 1, t, p) for a, e, t, p in pfade_mit_zeilen(kopf)]
        anfang = kopf.count("\n") + 3
        return zeilen + [(anfang, anfang + koerper.count("\n"), 1, ("begruendung",))]
    try:
        wurzeln = [w for w in YAML(typ="rt").compose_all(yaml_vorbereiten(text)) if w is not None]
    except YAMLError:
        return []
    if not wurzeln:
        return []
    ergebnis: list[tuple[int, int, int, Pfad]] = []

    def gehe(knoten, pfad: Pfad, anfang: int) -> None:
        ende = knoten.end_mark.line + (0 if knoten.end_mark.column else -1) + 1
        ergebnis.append((anfang, max(anfang, ende), len(pfad), pfad))
        if isinstance(knoten, MappingNode):
            for schluessel, wert in knoten.value:
                if isinstance(schluessel, ScalarNode):
                    gehe(wert, pfad + (schluessel.value,), schluessel.start_mark.line + 1)
        elif isinstance(knoten, SequenceNode):
            for i, kind in enumerate(knoten.value):
                gehe(kind, pfad + (i,), kind.start_mark.line + 1)

    gehe(wurzeln[0], (), 1)
    return ergebnis


def pfad_an(zeilen: list[tuple[int, int, int, Pfad]], zeile: int | None) -> Pfad:
    """The deepest value that spans `zeile`."""
    if zeile is None:
        return ()
    treffer = [(tiefe, pfad) for anfang, ende, tiefe, pfad in zeilen if anfang <= zeile <= ende]
    return max(treffer, key=lambda t: t[0])[1] if treffer else ()

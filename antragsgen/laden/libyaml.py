"""The fast way to a YAML node tree: libyaml's C parser (bundled with PyYAML's wheels).

ruamel.yaml parses in pure Python, about 8 ms for a motion; libyaml's events, composed
here into light nodes, take a fraction of that. This path only ever says "here is the
tree" or "ask ruamel": for anything it is unsure of (an error, an anchor or alias, a
tag, a directive, deep nesting) it returns None, and ruamel's verdict and messages stand.
"""

from __future__ import annotations

import re

try:
    from yaml import __with_libyaml__ as _MIT_LIBYAML
    from yaml.events import (DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                             ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
                             StreamStartEvent)
except ImportError:  # pragma: no cover - PyYAML is a dependency; without it ruamel reads alone
    _MIT_LIBYAML = False

if _MIT_LIBYAML:
    from yaml._yaml import CParser

VORHANDEN = bool(_MIT_LIBYAML)
# ruamel refuses a tab inside a plain value (libyaml reads it as text) and treats these
# line breaks its own way; libyaml counts no column for a BOM inside the text: such texts
# go to ruamel; so do texts with a document end "...", which ruamel and libyaml place
# differently among empty documents
_ANDERS_BEI_RUAMEL = re.compile(r"[\t\x85\u2028\u2029\ufeff]|(?:^|\r)\.\.\.(?:\s|\Z)", re.MULTILINE)
# the header of a block scalar as ruamel reads it (libyaml also takes "|#", ">-#"), and
# a first line of only spaces, which ruamel may refuse ("more indented follow up line
# than first") and libyaml reads
_BLOCKKOPF = re.compile(r"[|>](?:[1-9][+-]?|[+-][1-9]?)?(?: +#[^\r\n]*| *)(?:\r\n|\r|\n)")
_LEERE_ERSTE_ZEILE = re.compile(r" +(?:[\r\n]|\Z)")


class Knoten:
    """What the converter needs of a node: kind, value, style, flow style, start mark."""

    __slots__ = ("art", "value", "style", "flow_style", "start_mark")

    def __init__(self, art: str, value, style, flow_style, start_mark):
        self.art = art  # "skalar", "folge" or "abbildung"
        self.value = value
        self.style = style
        self.flow_style = flow_style
        self.start_mark = start_mark


class _Unsicher(Exception):
    """Something ruamel should judge."""


def wurzeln(text: str, max_tiefe: int) -> list[Knoten] | None:
    """The root node of every document of `text`, or None if ruamel should read it.

    Iterative, so a text of 100,000 "[" costs no stack; nesting from `max_tiefe` levels
    on is left to ruamel, which refuses it with its own message."""
    if not VORHANDEN or _ANDERS_BEI_RUAMEL.search(text):
        return None
    parser = CParser(text)
    try:
        return _zusammensetzen(parser, text, max_tiefe)
    except Exception:  # noqa: BLE001 - any doubt, a YAML error included, goes to ruamel
        return None
    finally:
        parser.dispose()


def _zusammensetzen(parser, text: str, max_tiefe: int) -> list[Knoten]:
    ergebnis: list[Knoten] = []
    # open collections, innermost last: (node, its children in order; keys and values alternate)
    offen: list[tuple[Knoten, list]] = []
    fertig: Knoten | None = None
    while True:
        ereignis = parser.get_event()
        art = type(ereignis)
        if art is ScalarEvent or art is SequenceStartEvent or art is MappingStartEvent:
            if ereignis.anchor is not None or ereignis.tag is not None or len(offen) + 1 >= max_tiefe:
                raise _Unsicher
            if art is ScalarEvent:
                if offen and not ereignis.value and not ereignis.style:
                    raise _Unsicher  # ruamel places an empty value by rules of its own (after ':', or at the next key)
                if ereignis.style == "|" or ereignis.style == ">":
                    _block_pruefen(text, ereignis.start_mark.index)
                knoten = Knoten("skalar", ereignis.value, ereignis.style or None, None, ereignis.start_mark)
            else:
                knoten = Knoten("folge" if art is SequenceStartEvent else "abbildung", None, None,
                                ereignis.flow_style, ereignis.start_mark)
                offen.append((knoten, []))
                continue
        elif art is SequenceEndEvent or art is MappingEndEvent:
            knoten, kinder = offen.pop()
            knoten.value = kinder if knoten.art == "folge" else list(zip(kinder[::2], kinder[1::2]))
        elif art is DocumentStartEvent:
            if ereignis.version is not None or ereignis.tags:
                raise _Unsicher  # %YAML and %TAG: ruamel reads by its own rules
            continue
        elif art is DocumentEndEvent:
            ergebnis.append(fertig)
            fertig = None
            continue
        elif art is StreamStartEvent:
            continue
        elif art is StreamEndEvent:
            return ergebnis
        else:
            raise _Unsicher  # an alias, or an event this code does not know
        if offen:
            offen[-1][1].append(knoten)
        else:
            fertig = knoten


def _block_pruefen(text: str, stelle: int) -> None:
    """Leaves a block scalar to ruamel unless its header is plain and its first line holds text."""
    kopf = _BLOCKKOPF.match(text, stelle)
    if kopf is None or _LEERE_ERSTE_ZEILE.match(text, kopf.end()):
        raise _Unsicher  # not where the mark says, no line after it, or a header ruamel may refuse

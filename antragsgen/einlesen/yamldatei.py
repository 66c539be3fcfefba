"""A read motion → the text of its YAML file (ruamel.yaml), with the schema line `neu`
writes and a `# prüfen: …` comment above every place that needs a person's eye."""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .erkennen import Entwurf

# the order of the keys in the file: as `neu` writes them, then the rest as SPEC §3 lists them
REIHENFOLGE = ["id", "oberzeile", "titel", "unterzeile", "art", "status", "fraktion", "antragsteller", "gremium",
               "datum", "ort", "nummer", "bezug", "haushaltsjahre", "nummerieren", "vorbemerkung", "einleitung",
               "aufzaehlung", "antragspunkte", "abschnitte", "begruendung", "kosten", "deckung", "unterzeichnende",
               "gezeichnet", "ansprechpartner", "synopse", "ueberschriften", "reihenfolge"]
PRUEFEN = "prüfen:"
# besides "\n", YAML ends a line at these: a literal block cannot hold them, a quoted scalar escapes them
_ZEILENENDEN = {"\r", "\x85", "\u2028", "\u2029"}


def _wert(wert):
    if isinstance(wert, dict):
        karte = CommentedMap()
        for k, v in wert.items():
            karte[k] = _wert(v)
        return karte
    if isinstance(wert, list):
        folge = CommentedSeq([_wert(v) for v in wert])
        if all(isinstance(v, (int, float)) for v in wert):
            folge.fa.set_flow_style()  # haushaltsjahre: [2022, 2023], as people write it
        return folge
    if isinstance(wert, str) and "\n" in wert and not _ZEILENENDEN & set(wert):
        # a literal block keeps Markdown as written; lines never end in spaces there
        return LiteralScalarString("\n".join(z.rstrip() for z in wert.split("\n")))
    return wert


def _kommentar(wurzel: CommentedMap, pfad: tuple, text: str) -> bool:
    behaelter, tiefe = wurzel, 0
    for schritt in pfad[:-1]:
        try:
            behaelter = behaelter[schritt]
        except (KeyError, IndexError, TypeError):
            return False
        tiefe += 1
    letzter = pfad[-1]
    if isinstance(behaelter, CommentedMap) and letzter in behaelter or \
            isinstance(behaelter, CommentedSeq) and isinstance(letzter, int) and letzter < len(behaelter):
        behaelter.yaml_set_comment_before_after_key(letzter, before=f"{PRUEFEN} {text}", indent=2 * tiefe)
        return True
    return False


def yaml_text(entwurf: Entwurf, kennung: str, schema: str, herkunft: str) -> str:
    """The motion file: schema line, origin, fields in a fixed order, notes as comments."""
    felder = {"id": kennung, **entwurf.felder}
    wurzel = CommentedMap()
    for name in sorted(felder, key=lambda n: REIHENFOLGE.index(n) if n in REIHENFOLGE else len(REIHENFOLGE)):
        wurzel[name] = _wert(felder[name])
    kopf = [f"yaml-language-server: $schema={schema}",
            f"Eingelesen aus {herkunft} mit antragsgen einlesen. Prüfen mit: antragsgen pruefen"]
    for pfad, text in entwurf.pruefen:
        if not _kommentar(wurzel, pfad, text):
            kopf.append(f"{PRUEFEN} {text}")
    wurzel.yaml_set_start_comment("\n".join(kopf))
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    puffer = io.StringIO()
    yaml.dump(wurzel, puffer)
    return puffer.getvalue()

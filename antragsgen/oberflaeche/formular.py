"""The form, generated from the motion's JSON Schema (the one `antragsgen schema` prints).

No field list is kept by hand: every property of the model becomes a field with its
German title and description, nested objects become groups, lists of objects become
lists whose items can be added, removed and moved. A key added to the model appears
in the form without a change here.

Three shapes of value travel through this module:
- *Daten*: plain data as the loader reads a file (dict/list/str, scalars as text);
- *Werte*: what the form shows (every scalar a string, list items dicts with `_sorte`);
- the request: flat names such as `antragspunkte.2.stelle.anteil`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..modell import ARTEN, STATUS
from ..schema import antrag_schema

SORTE = "_sorte"  # the hidden field that says which kind a list item is

# enum values a user reads with their German names (the model's own tables)
_ANZEIGE = {**ARTEN, **STATUS}
# Markdown fields whose description does not say so
_MARKDOWN = {"deckung"}
_JA = {"true", "ja", "on", "1"}


@dataclass
class Feld:
    """One field of the form, built from a schema property."""

    name: str
    titel: str
    hilfe: str
    art: str  # text | mehrzeilig | markdown | auswahl | ja_nein | zeilen | zahlen | zuordnung | gruppe | liste | yaml
    pflicht: bool = False
    standard: object = None
    auswahl: list[tuple[str, str]] = field(default_factory=list)
    kinder: list[Feld] = field(default_factory=list)  # gruppe
    sorten: list[Sorte] = field(default_factory=list)  # liste
    eintrag: str = ""  # liste: what one item is called ("Antragspunkt")
    einzeln: bool = False  # zeilen/liste/zuordnung: a single text entry is written as a plain string
    kurzform: str | None = None  # gruppe: a plain text value stands for {kurzform: text}

    @property
    def mehrteilig(self) -> bool:
        return self.art in ("gruppe", "liste")


@dataclass
class Sorte:
    """A kind of list item (Text, Stelle, Mittel; Text or Baustein; …).

    `merkmal` is the key whose presence marks the kind in the data (None: the default
    kind); `kurzform` is the key a plain string item stands for (`- Satz` = `{text: Satz}`),
    and an item holding only that key is written back as a plain string.
    """

    name: str
    titel: str
    felder: list[Feld]
    merkmal: str | None = None
    kurzform: str | None = None


def antrag_felder() -> list[Feld]:
    """The fields of one motion, in the model's order."""
    schema = antrag_schema()
    return _kinder(schema, schema.get("$defs", {}))


# -- schema → fields ---------------------------------------------------------------------

def _aufloesen(knoten: dict, defs: dict) -> dict:
    while "$ref" in knoten:
        ziel = defs[knoten["$ref"].rsplit("/", 1)[-1]]
        knoten = {**ziel, **{k: v for k, v in knoten.items() if k != "$ref"}}
    return knoten


def _ohne_null(knoten: dict, defs: dict) -> tuple[dict, list[dict]]:
    """The node with `null` alternatives removed; its remaining alternatives, resolved."""
    knoten = _aufloesen(knoten, defs)
    if "anyOf" not in knoten:
        return knoten, [knoten]
    alternativen = [_aufloesen(a, defs) for a in knoten["anyOf"] if a.get("type") != "null"]
    # nested anyOf (a number or its German text) counts as one scalar alternative
    if len(alternativen) == 1:
        rest = {k: v for k, v in knoten.items() if k != "anyOf"}
        return _ohne_null({**alternativen[0], **rest}, defs)
    return knoten, alternativen


def _skalar(knoten: dict) -> bool:
    if "anyOf" in knoten:
        return all(_skalar(a) for a in knoten["anyOf"])
    return knoten.get("type") in ("string", "number", "integer", "boolean") or "enum" in knoten or "const" in knoten


def _objekt(knoten: dict) -> bool:
    return knoten.get("type") == "object" and "properties" in knoten


def _kinder(knoten: dict, defs: dict) -> list[Feld]:
    pflicht = set(knoten.get("required", []))
    return [_feld(name, teil, defs, name in pflicht) for name, teil in knoten.get("properties", {}).items()]


def _hilfe(knoten: dict, art: str) -> str:
    if knoten.get("description"):
        return knoten["description"]
    # a field without description still says what it takes
    if art == "auswahl":
        return "eine von: " + ", ".join(_ANZEIGE.get(str(w), str(w)) for w in knoten.get("enum", []))
    if "format" in knoten or any(a.get("format") == "date" for a in knoten.get("anyOf", [])):
        return "Datum, z. B. 2021-11-05 oder 5.11.2021"
    if art == "markdown":
        return "Markdown: *kursiv*, **fett**, Listen mit „- “; Absätze durch eine Leerzeile trennen"
    if art == "gruppe":
        return ""
    if art == "yaml":
        return "als YAML, wie in der Datei"
    if knoten.get("type") in ("number", "integer"):
        return "Zahl"
    return "freier Text"


def _feld(name: str, roh: dict, defs: dict, pflicht: bool) -> Feld:
    knoten, alternativen = _ohne_null(roh, defs)
    titel = knoten.get("title") or roh.get("title") or name
    standard = roh.get("default", knoten.get("default"))

    def neu(art: str, **mehr) -> Feld:
        return Feld(name, titel, _hilfe({**knoten, **{k: roh[k] for k in ("description",) if k in roh}}, art),
                    art, pflicht, standard, **mehr)

    if len(alternativen) > 1:
        texte = [a for a in alternativen if _skalar(a)]
        listen = [a for a in alternativen if a.get("type") == "array"]
        if len(texte) == len(alternativen):
            return neu("text")
        objekte = [a for a in alternativen if a.get("type") == "object"]
        if texte and len(objekte) == 1 and not listen:
            if _objekt(objekte[0]):
                # a text or an object (ansprechpartner: "Name" or {name, telefon, email})
                kinder = _kinder(objekte[0], defs)
                kurz = next((k.name for k in kinder if k.pflicht and k.art == "text"),
                            next((k.name for k in kinder if k.art == "text"), None))
                return neu("gruppe", kinder=kinder, kurzform=kurz)
            # one amount, or one per year (bisher: 70.000 or {2021: 70.000})
            return neu("zuordnung", einzeln=True)
        if texte and len(listen) == 1 and not objekte:
            # "a text or a list of texts/parts": the list, and one text entry is written plain
            innen = _feld(name, {**listen[0], "title": titel, "description": roh.get("description", "")}, defs, pflicht)
            innen.einzeln, innen.standard = True, standard
            if not innen.hilfe and roh.get("description"):
                innen.hilfe = roh["description"]
            return innen
        return neu("yaml")  # a shape this form does not know: the value as YAML, nothing lost
    if "enum" in knoten:
        return neu("auswahl", auswahl=[(str(w), _ANZEIGE.get(str(w), str(w))) for w in knoten["enum"]])
    typ = knoten.get("type")
    if typ == "boolean":
        return neu("ja_nein")
    if _objekt(knoten):
        return neu("gruppe", kinder=_kinder(knoten, defs))
    if typ == "object":
        return neu("zuordnung")
    if typ == "array":
        eintrag, _ = _ohne_null(knoten.get("items", {}), defs)
        if _skalar(eintrag):
            return neu("zahlen" if eintrag.get("type") == "integer" else "zeilen")
        sorten, eintragsname = _sorten(eintrag, defs)
        return neu("liste", sorten=sorten, eintrag=eintragsname)
    beschreibung = (roh.get("description") or knoten.get("description") or "")
    if "Markdown" in beschreibung or name in _MARKDOWN:
        return neu("markdown")
    if name == "einleitung":  # may span lines (SPEC §3.7)
        return neu("mehrzeilig")
    return neu("text")


def _sorten(eintrag: dict, defs: dict) -> tuple[list[Sorte], str]:
    """The kinds of a list's items, and what one item is called."""
    alternativen = [_aufloesen(a, defs) for a in eintrag.get("anyOf", [eintrag])]
    mit_text = any(a.get("type") == "string" for a in alternativen)
    objekte = [a for a in alternativen if _objekt(a)]
    if len(objekte) == 1 and not (mit_text and len(objekte[0]["properties"]) == 1):
        objekt = objekte[0]
        felder = _kinder(objekt, defs)
        kurz = None
        if mit_text:
            namen = [f.name for f in felder]
            kurz = "text" if "text" in namen else next(
                (f.name for f in felder if f.pflicht and f.art in ("text", "markdown")), None)
        gruppen = [f for f in felder if f.art == "gruppe"]
        if not gruppen:
            return [Sorte("", objekt.get("title", ""), felder, kurzform=kurz)], objekt.get("title", "Eintrag")
        # a nested object per kind (stelle, mittel): the item is of that kind
        einfach = [f for f in felder if f.art != "gruppe"]
        sorten = [Sorte("text", "Text", einfach, kurzform=kurz)]
        sorten += [Sorte(g.name, g.titel, _mit_gruppe(felder, g, kurz), merkmal=g.name) for g in gruppen]
        return sorten, objekt.get("title", "Eintrag")
    # a text, or an object standing for something else (a Baustein): kinds side by side
    sorten = []
    if mit_text:
        sorten.append(Sorte("text", "Text", [Feld("text", "Text", _hilfe({}, "markdown"), "markdown")], kurzform="text"))
    for objekt in objekte:
        felder = _kinder(objekt, defs)
        merkmal = next(iter(objekt["properties"]))
        sorten.append(Sorte(merkmal, objekt.get("title", merkmal), felder, merkmal=merkmal))
    return sorten, "Teil"


def _mit_gruppe(felder: list[Feld], gruppe: Feld, kurz: str | None) -> list[Feld]:
    """The kind's own group first (Stelle's fields), then the item's common fields; beside
    a Stelle or Mittel the text replaces the generated sentence (SPEC §3.3), and says so."""
    gemeinsam = []
    for f in felder:
        if f.art == "gruppe":
            continue
        if f.name == kurz:
            f = Feld(**{**f.__dict__, "pflicht": False,
                        "hilfe": f"{f.hilfe}; leer lassen für den erzeugten Satz, sonst steht dieser Text an seiner Stelle"})
        gemeinsam.append(f)
    return [gruppe] + gemeinsam


# -- Daten ↔ Werte -----------------------------------------------------------------------

def sorte_von(feld: Feld, eintrag: object) -> Sorte:
    if isinstance(eintrag, dict):
        if SORTE in eintrag:
            return next((s for s in feld.sorten if s.name == eintrag[SORTE]), feld.sorten[0])
        for sorte in feld.sorten:
            if sorte.merkmal and sorte.merkmal in eintrag:
                return sorte
        return next((s for s in feld.sorten if s.merkmal is None), feld.sorten[0])
    return next((s for s in feld.sorten if s.kurzform), feld.sorten[0])


def ins_formular(daten: dict | None, felder: list[Feld]) -> dict:
    """What the form shows for `daten` (a motion as the loader reads it)."""
    daten = daten if isinstance(daten, dict) else {}
    return {f.name: _wert_ins_formular(daten.get(f.name), f) for f in felder}


def _text(wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, list):
        return ", ".join(_text(w) for w in wert)
    if isinstance(wert, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in wert.items())
    return str(wert)


def _wert_ins_formular(wert, feld: Feld):
    if feld.art == "gruppe":
        if isinstance(wert, str) and feld.kurzform:
            wert = {feld.kurzform: wert}
        return ins_formular(wert if isinstance(wert, dict) else {}, feld.kinder)
    if feld.art == "liste":
        eintraege = wert if isinstance(wert, list) else ([] if wert is None else [wert])
        werte = []
        for eintrag in eintraege:
            sorte = sorte_von(feld, eintrag)
            if not isinstance(eintrag, dict):
                eintrag = {sorte.kurzform or sorte.felder[0].name: eintrag}
            werte.append({SORTE: sorte.name, **ins_formular(eintrag, sorte.felder)})
        return werte
    if feld.art == "ja_nein":
        wert = feld.standard if wert is None else wert
        return "true" if str(wert).strip().lower() in _JA else ""
    if feld.art == "zeilen":
        eintraege = wert if isinstance(wert, list) else ([] if wert is None else [wert])
        return "\n".join(_text(e) for e in eintraege)
    if feld.art == "zuordnung":
        return "\n".join(f"{k}: {_text(v)}" for k, v in wert.items()) if isinstance(wert, dict) else _text(wert)
    if feld.art == "yaml":
        return _als_yaml(wert)
    if feld.art == "auswahl" and wert is None:
        return "" if feld.standard is None else str(feld.standard)
    return _text(wert)


def aus_anfrage(formular, felder: list[Feld], praefix: str = "") -> dict:
    """The form's values from the flat names of a request (a Starlette FormData)."""
    werte = {}
    for f in felder:
        name = f"{praefix}{f.name}"
        if f.art == "gruppe":
            werte[f.name] = aus_anfrage(formular, f.kinder, name + ".")
        elif f.art == "liste":
            indizes = sorted({int(k[len(name) + 1:].split(".", 1)[0]) for k in formular.keys()
                              if k.startswith(name + ".") and k[len(name) + 1:].split(".", 1)[0].isdigit()})
            eintraege = []
            for i in indizes:
                sorte = sorte_von(f, {SORTE: formular.get(f"{name}.{i}.{SORTE}", "")})
                eintraege.append({SORTE: sorte.name, **aus_anfrage(formular, sorte.felder, f"{name}.{i}.")})
            werte[f.name] = eintraege
        else:
            werte[f.name] = str(formular.get(name, "")).replace("\r\n", "\n")
    return werte


def als_daten(werte: dict, felder: list[Feld]) -> dict:
    """Plain data to write from the form's values: empty fields left out, every scalar
    the text the user typed (the model reads German numbers and dates itself)."""
    daten = {}
    for f in felder:
        wert = _wert_als_daten(werte.get(f.name), f)
        if wert is not None:
            daten[f.name] = wert
    return daten


def _wert_als_daten(wert, feld: Feld):
    if feld.art == "gruppe":
        daten = als_daten(wert or {}, feld.kinder)
        if feld.kurzform and list(daten) == [feld.kurzform]:
            return daten[feld.kurzform]
        return daten or ({} if feld.pflicht else None)
    if feld.art == "liste":
        eintraege = []
        for eintrag in wert or []:
            sorte = sorte_von(feld, eintrag)
            daten = als_daten(eintrag, sorte.felder)
            if sorte.merkmal and sorte.merkmal not in daten:
                daten[sorte.merkmal] = {}
            if not daten:
                continue  # an item left empty is no item
            if sorte.kurzform and list(daten) == [sorte.kurzform] and isinstance(daten[sorte.kurzform], str):
                daten = daten[sorte.kurzform]
            eintraege.append(daten)
        if feld.einzeln and len(eintraege) == 1 and isinstance(eintraege[0], str):
            return eintraege[0]
        return eintraege or None
    if feld.art == "ja_nein":
        return str(wert or "").strip().lower() in _JA
    text = str(wert or "")
    if feld.art == "zeilen":
        zeilen = [z.strip() for z in text.split("\n") if z.strip()]
        if feld.einzeln and len(zeilen) == 1:
            return zeilen[0]
        return zeilen or None
    if feld.art == "zahlen":
        zahlen = [z.strip() for z in text.replace(";", ",").replace("\n", ",").split(",") if z.strip()]
        return zahlen or None
    if feld.art == "zuordnung":
        if feld.einzeln and text.strip() and ":" not in text:
            return text.strip()
        paare = {}
        for zeile in text.split("\n"):
            schluessel, _, rest = zeile.partition(":")
            if schluessel.strip():
                paare[schluessel.strip()] = rest.strip()
        return paare or None
    if feld.art == "yaml":
        return _aus_yaml(text)
    if feld.art in ("markdown", "mehrzeilig"):
        text = "\n".join(z.rstrip() for z in text.strip("\n").split("\n"))
        return text if text.strip() else None
    text = text.strip()
    return text or None


def _als_yaml(wert) -> str:
    from .yamltext import als_yaml

    return "" if wert is None else als_yaml(wert)


def _aus_yaml(text: str):
    """The value as the loader would read it; text that is no YAML stays text (pruefen says why)."""
    from ..fehler import EingabeFehler
    from ..laden.rohdaten import yaml_dokumente

    if not text.strip():
        return None
    try:
        dokumente = yaml_dokumente(text, "feld")
    except EingabeFehler:
        return text
    return dokumente[0].daten if dokumente else None


def kanonisch(daten: object, feld: Feld) -> object:
    """A value as the form would write it back, to tell what a user changed."""
    return _wert_als_daten(_wert_ins_formular(daten, feld), feld)


# -- structural edits: add, remove, move list items -------------------------------------------

def finde(werte: dict, felder: list[Feld], pfad: str) -> tuple[object, Feld | None]:
    """The value and field at a dotted path ("antragspunkte.2.stelle")."""
    wert, feld, aktuelle = werte, None, felder
    for teil in pfad.split(".") if pfad else []:
        if isinstance(wert, list) and teil.isdigit() and feld is not None and int(teil) < len(wert):
            wert = wert[int(teil)]
            aktuelle = sorte_von(feld, wert).felder
            continue
        if not isinstance(wert, dict):
            return None, None
        feld = next((f for f in aktuelle if f.name == teil), None)
        if feld is None:
            return None, None
        wert = wert.get(teil)
        aktuelle = feld.kinder
    return wert, feld


def bearbeite(werte: dict, felder: list[Feld], aktion: str) -> str | None:
    """Apply `hinzufuegen|PFAD|SORTE`, `entfernen|PFAD.I`, `hoch|PFAD.I`, `runter|PFAD.I`.

    Returns the dotted path of the element that should have the focus afterwards.
    """
    teile = aktion.split("|")
    if len(teile) < 2:
        return None
    art, pfad = teile[0], teile[1]
    if art == "hinzufuegen":
        liste, feld = finde(werte, felder, pfad)
        if feld is None or feld.art != "liste" or not isinstance(liste, list):
            return None
        sorte = next((s for s in feld.sorten if len(teile) > 2 and s.name == teile[2]), feld.sorten[0])
        liste.append({SORTE: sorte.name, **ins_formular({}, sorte.felder)})
        return f"{pfad}.{len(liste) - 1}"
    listenpfad, _, index = pfad.rpartition(".")
    liste, feld = finde(werte, felder, listenpfad)
    if feld is None or feld.art != "liste" or not index.isdigit() or int(index) >= len(liste):
        return None
    i = int(index)
    if art == "entfernen":
        del liste[i]
        return f"{listenpfad}.{min(i, len(liste) - 1)}" if liste else listenpfad
    ziel = i - 1 if art == "hoch" else i + 1 if art == "runter" else None
    if ziel is None or not 0 <= ziel < len(liste):
        return pfad
    liste[i], liste[ziel] = liste[ziel], liste[i]
    return f"{listenpfad}.{ziel}"

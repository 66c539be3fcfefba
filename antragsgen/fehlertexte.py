"""pydantic's validation errors as German sentences, located in the user's data."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

_ART = {
    "string_type": "erwartet wird ein Text",
    "int_parsing": "erwartet wird eine ganze Zahl",
    "int_type": "erwartet wird eine ganze Zahl",
    "int_from_float": "erwartet wird eine ganze Zahl",
    "greater_than": "erwartet wird eine Zahl größer als {gt}",
    "list_type": "erwartet wird eine Liste (Zeilen mit '- ')",
    "dict_type": "erwartet werden Schlüssel mit Werten (schluessel: wert)",
    "model_type": "erwartet werden Schlüssel mit Werten (schluessel: wert)",
    "model_attributes_type": "erwartet werden Schlüssel mit Werten (schluessel: wert)",
    "bool_parsing": "erwartet wird true oder false",
    "bool_type": "erwartet wird true oder false",
    "decimal_parsing": "erwartet wird eine Zahl",
    "date_type": "erwartet wird ein Datum wie 2021-11-05",
    "url_parsing": "erwartet wird eine Adresse wie https://…",
}


def _pfad_in_daten(loc: tuple, daten: object) -> tuple:
    """pydantic's loc without its union and validator labels: the keys/indices of the data."""
    pfad: list = []
    knoten = daten
    for teil in loc:
        if isinstance(knoten, dict) and teil in knoten:
            pfad.append(teil)
            knoten = knoten[teil]
        elif isinstance(knoten, list) and isinstance(teil, int) and 0 <= teil < len(knoten):
            pfad.append(teil)
            knoten = knoten[teil]
        elif isinstance(knoten, dict) and isinstance(teil, str) and teil in loc[-1:]:
            pfad.append(teil)  # a missing or unknown key: the last element names it
            break
    return tuple(pfad)


def bekannte_schluessel(modell: type[BaseModel], loc: tuple) -> list[str]:
    """The field names valid at `loc` (for "meinten Sie …?")."""
    klasse = modell
    for teil in loc[:-1]:
        if isinstance(teil, int):
            continue
        feld = klasse.model_fields.get(teil)
        if feld is None:
            continue
        klasse = _modell_in(feld.annotation) or klasse
    return list(klasse.model_fields)


def _modell_in(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        gefunden = _modell_in(arg)
        if gefunden:
            return gefunden
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _modell_in(origin)
    return None


def meinten_sie(wort: str, moeglich: list[str]) -> str:
    treffer = difflib.get_close_matches(wort, moeglich, n=1, cutoff=0.6)
    return f"; meinten Sie '{treffer[0]}'?" if treffer else f"; erlaubt sind: {', '.join(moeglich)}"


def meldungen(fehler: ValidationError, modell: type[BaseModel], daten: object) -> Iterator[tuple[tuple, bool, str]]:
    """(path in data, points at a key, German text) for each error."""
    for e in fehler.errors(include_url=False):
        loc = tuple(e["loc"])
        pfad = _pfad_in_daten(loc, daten)
        art = e["type"]
        ctx = e.get("ctx") or {}
        feld = next((t for t in reversed(loc) if isinstance(t, str) and not t[:1].isupper() and "[" not in t), "")
        if art == "extra_forbidden":
            feld = str(loc[-1])
            if " " in feld or feld[:1].isupper():
                # "- Punkt 1: Text" is a mapping in YAML, not a text with a colon
                yield pfad, True, (f"Unbekannter Schlüssel '{feld}'; steht im Text ein Doppelpunkt mit Leerzeichen? "
                                   "Dann den ganzen Text in Anführungszeichen setzen")
            else:
                yield pfad, True, f"Unbekannter Schlüssel '{feld}'{meinten_sie(feld, bekannte_schluessel(modell, loc))}"
        elif art == "missing":
            feld = str(loc[-1])
            yield pfad[:-1] if pfad and pfad[-1] == feld else pfad, False, f"Pflichtangabe '{feld}' fehlt"
        elif art == "value_error":
            yield pfad, False, str(ctx.get("error", e["msg"])).removeprefix("Value error, ")
        elif art == "literal_error":
            erwartet = ctx.get("expected", "").replace(" or ", ", ")
            yield pfad, False, f"'{e.get('input')}' ist hier nicht erlaubt; erlaubt: {erwartet}"
        elif art in ("too_short",):
            yield pfad, False, f"'{feld}' darf nicht leer sein" if feld else "darf nicht leer sein"
        elif art == "string_too_short":
            yield pfad, False, f"'{feld}' darf nicht leer sein"
        elif art == "string_too_long":
            yield pfad, False, f"'{feld}' ist zu lang (höchstens {ctx.get('max_length')} Zeichen)"
        elif art == "string_pattern_mismatch":
            yield pfad, False, (f"'{e.get('input')}' ist keine gültige Kennung; erwartet werden "
                                "Kleinbuchstaben, Ziffern und '-' (z. B. 'mehr-personal')")
        elif art in _ART:
            gefunden = e.get("input")
            text = _ART[art].format(**ctx)
            if isinstance(gefunden, str):
                text += f", gefunden '{gefunden}'"
            yield pfad, False, text[:1].upper() + text[1:]
        else:
            yield pfad, False, e["msg"]

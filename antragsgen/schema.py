"""The JSON Schema of the motion format, generated from the model (never kept by hand).

Editors (VS Code with the YAML extension, …) use it to complete and check motion files.
The model validates the text the user wrote; the schema describes what YAML gives an
editor, so the places where we accept German notation or a short form say so here.
"""

from __future__ import annotations

import json

from .einstellungen import AntragVorgaben
from .modell import TEILE, Antrag

SCHEMA_DATEI = "antrag.schema.json"

_ZAHL = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[\d.]+(,\d+)?\s*(€|EUR)?\s*$"}]}
_JE_JAHR = {"type": "object", "propertyNames": {"pattern": r"^\d{4}$"}, "additionalProperties": _ZAHL}
_PUNKTE = {"type": "array", "minItems": 1, "items": {"anyOf": [
    {"type": "string", "minLength": 1}, {"$ref": "#/$defs/Antragspunkt"}]}}
_DATUM = {"anyOf": [{"type": "string", "format": "date"},
                    {"type": "string", "pattern": r"^\d{1,2}\.\s*\d{1,2}\.\s*\d{4}$"}]}


def _ersetzen(knoten: dict, felder: dict) -> None:
    for name, ersatz in felder.items():
        alt = knoten["properties"][name]
        knoten["properties"][name] = {**{k: alt[k] for k in ("title", "description", "default") if k in alt}, **ersatz}


def antrag_schema() -> dict:
    """JSON Schema (draft 2020-12) of one motion, German titles and descriptions."""
    schema = Antrag.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Antrag (antragsgen)"
    schema["description"] = "Ein Gemeinderatsantrag für antragsgen: Titel, Antragspunkte, Begründung."
    definitionen = schema["$defs"]
    # what antragsgen.toml [antrag] can give for every motion is not required in a file (SPEC §3.2):
    # one schema serves every project, so an editor never marks a valid motion red
    vorgebbar = [k for k in schema.get("required", []) if AntragVorgaben.vorgebbar(k)]
    schema["required"] = [k for k in schema.get("required", []) if k not in vorgebbar]
    for name in vorgebbar:
        feld = schema["properties"][name]
        feld["description"] = (feld.get("description", "") + "; Pflicht, wenn antragsgen.toml unter [antrag] "
                               "nichts vorgibt").lstrip("; ")
    _ersetzen(schema, {
        "datum": {"anyOf": [*_DATUM["anyOf"], {"const": "ohne"}]},
        "fraktion": {"anyOf": [{"type": "string", "minLength": 1},
                               {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]},
        "antragspunkte": _PUNKTE,
        "abschnitte": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Abschnitt"}},
        "kosten": _JE_JAHR,
        "reihenfolge": {"type": "array", "uniqueItems": True, "items": {"enum": list(TEILE)}},
        "ansprechpartner": {"anyOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/Ansprechpartner"}]},
        "gezeichnet": {"type": "boolean"},
        "nummerieren": {"type": "boolean"},
        "begruendung": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [
            {"type": "string"}, {"$ref": "#/$defs/Baustein"}]}}, {"type": "null"}]},
        "unterzeichnende": {"type": "array", "items": {"anyOf": [
            {"type": "string"}, {"$ref": "#/$defs/Unterzeichner"}]}},
        "haushaltsjahre": {"type": "array", "items": {"type": "integer", "minimum": 1990, "maximum": 2200}},
    })
    # a motion has its requests either directly or in sections (SPEC §3.8)
    schema["oneOf"] = [{"required": ["antragspunkte"], "not": {"required": ["abschnitte"]}},
                       {"required": ["abschnitte"], "not": {"required": ["antragspunkte"]}}]
    _ersetzen(definitionen["Abschnitt"], {"antragspunkte": _PUNKTE})
    _ersetzen(definitionen["Stelle"], {"anteil": _ZAHL})
    _ersetzen(definitionen["Mittel"], {
        "betrag": {"anyOf": [_ZAHL, {"type": "null"}]},
        "betraege": {"anyOf": [_JE_JAHR, {"type": "null"}]},
        "jahre": {"anyOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "null"}]},
        "einmalig": {"type": "boolean"},
        "dauerhaft": {"type": "boolean"},
        "bisher": {"anyOf": [_ZAHL, _JE_JAHR]},
        "neu": _ZAHL,
        "neu_je_jahr": _JE_JAHR,
    })
    for name, beschreibung in _BESCHREIBUNGEN.items():
        definitionen[name]["description"] = beschreibung
    return schema


_BESCHREIBUNGEN = {
    "Antragspunkt": "Ein Antragspunkt: freier Text, eine Stelle (stelle) oder Mittel (mittel).",
    "Stelle": "Eine beantragte Stelle; nur der Anteil ist Pflicht.",
    "Mittel": "Beantragte Mittel je Haushaltsjahr: betrag (jedes Jahr gleich) oder betraege (je Jahr).",
    "Baustein": "Ein Textbaustein aus eingaben/bausteine/NAME.md.",
    "Unterzeichner": "Eine unterzeichnende Person mit optionaler Funktion und Fraktion.",
    "Abschnitt": "Ein Abschnitt des Antrags (z. B. „I. Sachentscheidung“) mit eigenen Antragspunkten.",
    "Ansprechpartner": "Eine Ansprechperson, die nicht unterzeichnet: Name, Telefon, E-Mail.",
    "Ueberschriften": "Überschriften der Teile; \"\" lässt eine Überschrift weg.",
}


def als_text() -> str:
    return json.dumps(antrag_schema(), ensure_ascii=False, indent=2) + "\n"

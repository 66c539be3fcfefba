"""The JSON Schema of the motion format, generated from the model (never kept by hand).

Editors (VS Code with the YAML extension, …) use it to complete and check motion files.
The model validates the text the user wrote; the schema describes what YAML gives an
editor, so the places where we accept German notation or a short form say so here.
"""

from __future__ import annotations

import json

from .einstellungen import AntragVorgaben
from .modell import Antrag

SCHEMA_DATEI = "antrag.schema.json"

_ZAHL = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[+-]?[\d.]+(,\d+)?\s*(€|EUR)?\s*$"}]}
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
    vorgebbar = [k for k in schema.get("required", []) if k in AntragVorgaben.model_fields]
    schema["required"] = [k for k in schema.get("required", []) if k not in vorgebbar]
    for name in vorgebbar:
        feld = schema["properties"][name]
        feld["description"] = (feld.get("description", "") + "; Pflicht, wenn antragsgen.toml unter [antrag] "
                               "nichts vorgibt").lstrip("; ")
    _ersetzen(schema, {
        "datum": _DATUM,
        "fraktion": {"anyOf": [{"type": "string", "minLength": 1},
                               {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]},
        "antragspunkte": {"type": "array", "minItems": 1, "items": {"anyOf": [
            {"type": "string", "minLength": 1}, {"$ref": "#/$defs/Antragspunkt"}]}},
        "begruendung": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [
            {"type": "string"}, {"$ref": "#/$defs/Baustein"}]}}, {"type": "null"}]},
        "unterzeichnende": {"type": "array", "items": {"anyOf": [
            {"type": "string"}, {"$ref": "#/$defs/Unterzeichner"}]}},
        "haushaltsjahre": {"type": "array", "items": {"type": "integer", "minimum": 1990, "maximum": 2200}},
    })
    _ersetzen(definitionen["Stelle"], {"anteil": _ZAHL})
    _ersetzen(definitionen["Mittel"], {
        "betrag": {"anyOf": [_ZAHL, {"type": "null"}]},
        "betraege": {"anyOf": [{"type": "object", "propertyNames": {"pattern": r"^\d{4}$"},
                                "additionalProperties": _ZAHL}, {"type": "null"}]},
        "jahre": {"anyOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "null"}]},
        "einmalig": {"type": "boolean"},
    })
    for name, beschreibung in _BESCHREIBUNGEN.items():
        definitionen[name]["description"] = beschreibung
    return schema


_BESCHREIBUNGEN = {
    "Antragspunkt": "Ein Antragspunkt: freier Text, eine Stelle (stelle) oder Mittel (mittel).",
    "Stelle": "Eine beantragte Stelle; nur der Anteil ist Pflicht.",
    "Mittel": "Beantragte Mittel je Haushaltsjahr: betrag (jedes Jahr gleich) oder betraege (je Jahr).",
    "Baustein": "Ein Textbaustein aus eingaben/bausteine/NAME.md.",
    "Unterzeichner": "Eine unterzeichnende Person mit optionaler Funktion.",
}


def als_text() -> str:
    return json.dumps(antrag_schema(), ensure_ascii=False, indent=2) + "\n"

"""German texts for click's own words (usage, help, usage errors).

click translates through gettext's `_`; without a German catalogue we hand it ours.
"""

from __future__ import annotations

import importlib

DEUTSCH = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Positional arguments": "Argumente",
    "Show this message and exit.": "Diese Hilfe zeigen und beenden.",
    "Show the version and exit.": "Die Version zeigen und beenden.",
    "%(prog)s, version %(version)s": "%(prog)s, Version %(version)s",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe mit '{command} {option}'.",
    "No such option {name!r}.": "Unbekannte Option {name!r}.",
    "No such command {name!r}.": "Unbekannter Befehl {name!r}.",
    "Missing command.": "Es fehlt ein Befehl.",
    "Missing argument": "Es fehlt ein Argument",
    "Missing option": "Es fehlt eine Option",
    "Missing parameter": "Es fehlt eine Angabe",
    "Missing parameter: {param_name}": "Es fehlt die Angabe {param_name}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert.",
    "Option {name!r} requires an argument.": "Die Option {name!r} braucht einen Wert.",
    "Argument {name!r} takes {nargs} values.": "Das Argument {name!r} nimmt {nargs} Werte.",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige Zahl.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} gibt es nicht.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "Aborted!": "Abgebrochen.",
    "default: {default}": "Standard: {default}",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "Choose from:\n\t{choices}": "Möglich sind:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} ist nicht {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} ist nicht eines von {choices}.",
}
_MEHRZAHL = {
    "Got unexpected extra argument ({args})": ("Unerwartetes zusätzliches Argument ({args})",
                                               "Unerwartete zusätzliche Argumente ({args})"),
    "No such option: {name}": ("Unbekannte Option: {name}", "Unbekannte Option: {name}"),
    "Did you mean {possibility}?": ("Meinten Sie {possibility}?", "Meinten Sie eines von: {possibility}?"),
    "Option {name!r} requires an argument.": ("Die Option {name!r} braucht einen Wert.",
                                              "Die Option {name!r} braucht {nargs} Werte."),
}


def _(text: str) -> str:
    return DEUTSCH.get(text, text)


def ngettext(einzahl: str, mehrzahl: str, n: int) -> str:
    if einzahl in _MEHRZAHL:
        return _MEHRZAHL[einzahl][0 if n == 1 else 1]
    return einzahl if n == 1 else mehrzahl


def installieren() -> None:
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils"):
        modul = importlib.import_module(f"click.{name}")
        if hasattr(modul, "_"):
            modul._ = _
        if hasattr(modul, "ngettext"):
            modul.ngettext = ngettext

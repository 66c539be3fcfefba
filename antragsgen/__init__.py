"""antragsgen: druckfertige Gemeinderatsanträge aus YAML und Markdown."""

from __future__ import annotations

import importlib
import sys
import types

from .paket import version

__version__ = version()

# the public API, imported when first asked for: `antragsgen erzeugen` with nothing to do
# must not pay for pydantic, Jinja and the YAML parser (SPEC §9)
_OEFFENTLICH = {"Ergebnis": "api", "erzeugen": "api", "pruefen": "api", "Antrag": "modell", "AntragsFehler": "fehler"}

__all__ = ["Antrag", "AntragsFehler", "Ergebnis", "erzeugen", "pruefen", "__version__"]


def __getattr__(name: str):
    if name not in _OEFFENTLICH:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    wert = getattr(importlib.import_module(f".{_OEFFENTLICH[name]}", __name__), name)
    globals()[name] = wert
    return wert


class _Paket(types.ModuleType):
    def __setattr__(self, name: str, wert) -> None:
        # importing the submodule antragsgen.pruefen sets it as an attribute here; `antragsgen.pruefen`
        # stays the function api.pruefen, as when the API was imported eagerly
        if name in _OEFFENTLICH and isinstance(wert, types.ModuleType):
            return
        super().__setattr__(name, wert)


sys.modules[__name__].__class__ = _Paket

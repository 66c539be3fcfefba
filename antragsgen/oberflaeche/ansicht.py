"""What the form template draws: the fields with their names, ids, values and messages.

Built from the generated fields (formular.py) and the form's values, so the template
only lays out what it gets, and the server knows every message slot it must update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..fehler import Meldung
from .formular import SORTE, Feld, sorte_von


@dataclass
class Element:
    """One field, group, list or list item as the page shows it."""

    feld: Feld | None
    name: str  # the request name: antragspunkte.2.stelle.anteil
    wert: object = ""
    titel: str = ""
    kinder: list[Element] = field(default_factory=list)
    sorte: str = ""  # list items: their kind
    index: int = 0  # list items: their place
    anzahl: int = 0  # list items: how many there are
    meldungen: list[Meldung] = field(default_factory=list)
    fokus: bool = False
    kurz: str = ""  # list items: "Antragspunkt 2", for the names of their buttons

    @property
    def id(self) -> str:
        return "f-" + (re.sub(r"[^a-zA-Z0-9_-]", "-", self.name) if self.name else "antrag")

    @property
    def mid(self) -> str:
        return "m" + self.id[1:]

    @property
    def art(self) -> str:
        return "eintrag" if self.feld is None else self.feld.art


def baue(felder: list[Feld], werte: dict, praefix: str = "", fokus: str | None = None) -> list[Element]:
    elemente = []
    for f in felder:
        name = f"{praefix}{f.name}"
        wert = werte.get(f.name)
        element = Element(f, name, wert if not f.mehrteilig else "", f.titel, fokus=fokus == name)
        if f.art == "gruppe":
            element.kinder = baue(f.kinder, wert or {}, name + ".", fokus)
        elif f.art == "liste":
            eintraege = wert or []
            for i, eintrag in enumerate(eintraege):
                sorte = sorte_von(f, eintrag)
                teil = f"{name}.{i}"
                titel = f"{f.eintrag} {i + 1}" + (f": {sorte.titel}" if len(f.sorten) > 1 else "")
                kind = Element(None, teil, "", titel, sorte=sorte.name, index=i, anzahl=len(eintraege),
                               fokus=fokus == teil, kurz=f"{f.eintrag} {i + 1}")
                kind.kinder = baue(sorte.felder, eintrag, teil + ".", fokus)
                element.kinder.append(kind)
        elemente.append(element)
    return elemente


def alle(elemente: list[Element]):
    for e in elemente:
        yield e
        yield from alle(e.kinder)


def flach(elemente: list[Element]) -> dict[str, str]:
    """The request a browser would send for these elements (for tests and the benchmark)."""
    daten: dict[str, str] = {}
    for e in alle(elemente):
        if e.feld is None:
            daten[f"{e.name}.{SORTE}"] = e.sorte
        elif not e.feld.mehrteilig and not (e.feld.art == "ja_nein" and not e.wert):
            daten[e.name] = str(e.wert)
    return daten


def verteile(elemente: list[Element], meldungen: list[tuple[tuple, Meldung]]) -> list[Meldung]:
    """Put each message beside the element its YAML path names (or the closest one above).

    Returns the messages that belong to no element (about the whole file)."""
    nach_name = {e.name: e for e in alle(elemente)}
    uebrig = []
    for pfad, meldung in meldungen:
        teile = [str(t) for t in pfad]
        ziel = None
        while teile:
            ziel = _passend(nach_name, ".".join(teile))
            if ziel is not None:
                break
            teile.pop()
        if ziel is None:
            uebrig.append(meldung)
        else:
            ziel.meldungen.append(meldung)
    return uebrig


def _passend(nach_name: dict[str, Element], name: str) -> Element | None:
    if name in nach_name:
        return nach_name[name]
    # `- Satz` stands for {text: Satz}: a message about the item is about its text
    return nach_name.get(f"{name}.text")

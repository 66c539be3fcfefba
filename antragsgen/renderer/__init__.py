"""The renderers, one module per format, and the table that says which exist.

`FORMATE` lists every output format with the template files it needs and how its
renderer is set up; `rendere()` makes all files of one motion in memory. Worker
processes (arbeiter.py) and the editor's preview both call it.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..fehler import AntragsFehler, Meldung, fehler

if TYPE_CHECKING:  # not imported here: `erzeugen` with nothing to do asks bibliotheken only
    from ..einstellungen import Einstellungen
    from ..fassung import Fassung
    from ..vorlagen import Vorlage


@dataclass(frozen=True)
class Auftrag:
    """What a worker needs to set up its renderers."""

    formate: tuple[str, ...]
    vorlage: Vorlage
    einstellungen: Einstellungen
    debug: bool = False  # failures carry the Python traceback


@dataclass
class Gerendert:
    """One motion's files (by suffix), or the messages why it failed."""

    dateien: dict[str, bytes] = field(default_factory=dict)
    abgelehnt: list[str] = field(default_factory=list)  # refused: outside the allowed folders
    unladbar: list[str] = field(default_factory=list)  # allowed images that could not be loaded
    meldungen: list[Meldung] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.dateien) and not any(m.ist_fehler for m in self.meldungen)


def _pdf(auftrag: Auftrag):
    from .pdf import PdfRenderer

    return PdfRenderer(auftrag.vorlage, auftrag.einstellungen.ausgabe.pdf_variante,
                       erlaubte_ordner=[auftrag.einstellungen.eingaben_ordner],
                       zeilennummern=auftrag.einstellungen.ausgabe.zeilennummern)


def _docx(auftrag: Auftrag):
    from .docx import DocxRenderer

    return DocxRenderer(auftrag.vorlage.datei("antrag.docx"), zeilennummern=auftrag.einstellungen.ausgabe.zeilennummern)


def _html(auftrag: Auftrag):
    from .html import HtmlRenderer

    return HtmlRenderer(auftrag.vorlage, erlaubte_ordner=[auftrag.einstellungen.eingaben_ordner],
                        zeilennummern=auftrag.einstellungen.ausgabe.zeilennummern,
                        pdf_variante=auftrag.einstellungen.ausgabe.pdf_variante)


@dataclass(frozen=True)
class Format:
    """An output format: the template files it needs, and how its renderer is built
    (None: it is made from the motion's written files, after them)."""

    vorlagendateien: tuple[str, ...]
    renderer: Callable[[Auftrag], object] | None
    endung: str  # of the motion's file: ID.endung


# every output format, in the order a motion's files are made; adding one touches only this table
FORMATE: dict[str, Format] = {
    "pdf": Format(("antrag.html.j2", "antrag.css"), _pdf, "pdf"),
    "docx": Format(("antrag.docx",), _docx, "docx"),
    "html": Format(("antrag.html.j2", "antrag.css"), _html, "html"),
    "oparl": Format((), None, "oparl.json"),
}


def baue_renderer(auftrag: Auftrag) -> dict:
    """One renderer per format, set up once (fonts, CSS, templates); heavy imports only here."""
    return {name: FORMATE[name].renderer(auftrag) for name in auftrag.formate if FORMATE[name].renderer}


def rendere(fassung: Fassung, renderer: dict, debug: bool = False) -> Gerendert:
    """All formats of one motion; a template error or a bug of ours fails only this motion."""
    ergebnis = Gerendert()
    endung = ""
    try:
        for endung, r in renderer.items():
            ergebnis.dateien[endung] = r.render(fassung)
            fetcher = getattr(r, "fetcher", None)
            ergebnis.abgelehnt += [u for u in getattr(fetcher, "abgelehnt", []) if u not in ergebnis.abgelehnt]
            ergebnis.unladbar += [u for u in getattr(fetcher, "unladbar", []) if u not in ergebnis.unladbar]
    except AntragsFehler as e:
        return Gerendert(meldungen=e.meldungen)
    except Exception as e:  # noqa: BLE001 - one motion's bug must not take the run down
        details = "\n" + traceback.format_exc() if debug else " (Details mit --debug)"
        return Gerendert(meldungen=[fehler(fassung.fundstelle, (
            f"Interner Fehler beim Erzeugen von {fassung.id}.{endung}: {type(e).__name__}: {e}{details}"))])
    return ergebnis


def pruefe_vorlagen(auftrag: Auftrag) -> None:
    """Template syntax errors here, as VorlagenFehler, before any worker starts.

    Compiling the HTML and Word templates is cheap; WeasyPrint is not needed for it.
    """
    if {"pdf", "html"} & set(auftrag.formate):
        _html(auftrag)
    if "docx" in auftrag.formate:
        _docx(auftrag)

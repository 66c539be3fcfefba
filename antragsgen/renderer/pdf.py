"""Motion → PDF: the template's HTML, typeset by WeasyPrint (renderer/weasy.py)."""

from __future__ import annotations

from pathlib import Path

from ..fassung import Fassung
from ..modell import Antrag
from ..vorlagen import Vorlage
from .html import CSS_DATEI, HtmlRenderer
from .weasy import OrdnerFetcher, Satz

__all__ = ["OrdnerFetcher", "PdfRenderer"]


class PdfRenderer:
    """Set up once (fonts, CSS, template), render many motions."""

    def __init__(self, vorlage: Vorlage, pdf_variante: str = "pdf/a-2a",
                 erlaubte_ordner: list[Path] = (), zeilennummern: bool = False):
        self.html_renderer = HtmlRenderer(vorlage)
        self.zeilennummern = zeilennummern
        self.satz = Satz([*vorlage.suchpfad, *erlaubte_ordner], vorlage.ordner.as_uri() + "/", pdf_variante,
                         [vorlage.datei(CSS_DATEI)])
        self.fetcher = self.satz.fetcher  # its `abgelehnt`: what the last motion was refused

    def render(self, antrag: Antrag | Fassung) -> bytes:
        """The motion as PDF/A with tags; refused URLs are in `self.fetcher.abgelehnt`."""
        return self.satz.pdf(self.html_renderer.html(antrag), antrag.id.encode("utf-8"),
                             zeilennummern=self.zeilennummern)

    def zeilen(self, antrag: Antrag | Fassung) -> list:
        """The motion's counted lines as its PDF sets them, numbered from 1 (SPEC §3.9)."""
        return self.satz.zeilen(self.html_renderer.html(antrag))

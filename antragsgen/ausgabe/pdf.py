"""Motion → PDF with WeasyPrint: fonts and CSS set up once per renderer."""

from __future__ import annotations

import logging
import os
from pathlib import Path

# fontTools (used without libharfbuzz-subset0) stamps the current time into each
# subset font unless this is set; a fixed value keeps PDFs byte-identical.
os.environ.setdefault("SOURCE_DATE_EPOCH", "315532800")

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from ..modell import Antrag  # noqa: E402
from ..vorlagen import Vorlage  # noqa: E402
from .einbetten import erlaubte_datei  # noqa: E402
from .html import CSS_DATEI, HtmlRenderer  # noqa: E402

# WeasyPrint logs every refused URL and CSS quirk; we report refusals ourselves.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
_BILD_FEHLT = "Failed to load image at %r: %s"  # WeasyPrint's message for an image it leaves out


class _Bildfehler(logging.Handler):
    """While rendering: an image WeasyPrint cannot load (too large, broken) counts as refused."""

    def __init__(self, abgelehnt: list[str]):
        super().__init__(logging.ERROR)
        self.abgelehnt = abgelehnt

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _BILD_FEHLT and record.args and str(record.args[0]) not in self.abgelehnt:
            self.abgelehnt.append(str(record.args[0]))

    def __enter__(self):
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("weasyprint").removeHandler(self)


class OrdnerFetcher(URLFetcher):
    """Reads only files inside the allowed folders; no network, nothing else."""

    def __init__(self, erlaubt: list[Path]):
        super().__init__(allowed_protocols={"file"})
        self.erlaubt = [p.resolve() for p in erlaubt]
        self.abgelehnt: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        pfad = erlaubte_datei(url, self.erlaubt)
        if pfad is None:
            if url not in self.abgelehnt:
                self.abgelehnt.append(url)
            raise ValueError(f"nicht erlaubt: {url}")
        return super().fetch(url, headers)


class PdfRenderer:
    """Set up once (fonts, CSS, template), render many motions."""

    def __init__(self, vorlage: Vorlage, pdf_variante: str = "pdf/a-2a",
                 erlaubte_ordner: list[Path] = ()):
        self.html_renderer = HtmlRenderer(vorlage)
        self.basis = vorlage.ordner.as_uri() + "/"
        self.variante = pdf_variante
        self.fetcher = OrdnerFetcher([*vorlage.suchpfad, *erlaubte_ordner])
        self.fonts = FontConfiguration()
        css = vorlage.datei(CSS_DATEI)
        self.css = [CSS(filename=str(css), font_config=self.fonts, url_fetcher=self.fetcher)] if css.is_file() else []
        # @import and @font-face of the template's CSS are fetched once, here: report them with every motion
        self.abgelehnt_css = list(self.fetcher.abgelehnt)

    def render(self, antrag: Antrag) -> bytes:
        """The motion as PDF/A with tags; refused URLs are in `self.fetcher.abgelehnt`."""
        self.fetcher.abgelehnt[:] = self.abgelehnt_css
        quelle = self.html_renderer.html(antrag)
        dokument = HTML(string=quelle, base_url=self.basis, url_fetcher=self.fetcher)
        with _Bildfehler(self.fetcher.abgelehnt):
            return dokument.write_pdf(
                stylesheets=self.css,
                font_config=self.fonts,
                pdf_variant=self.variante,
                pdf_tags=True,
                pdf_identifier=antrag.id.encode("utf-8"),
                uncompressed_pdf=False,
            )

"""The one way to WeasyPrint for every PDF antragsgen makes (motion, overview, Sammelband):
a URL fetcher that reads only allowed folders, fonts and style sheets set up once, and the
same write_pdf options (PDF/A with tags, also claiming PDF/UA-1: barrierefrei.py). What it refuses is in `abgelehnt`, images it cannot
load (too large, broken) in `unladbar`.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from ..paket import SOURCE_DATE_EPOCH

os.environ.setdefault("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)

from . import bibliotheken, silben  # noqa: E402

try:
    with bibliotheken.gemerkt():
        import weasyprint  # noqa: F401
except OSError:  # a library moved since the cache saw it: WeasyPrint looks for them itself
    import weasyprint  # noqa: F401
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from .barrierefrei import Barrierefrei  # noqa: E402
from .einbetten import erlaubte_datei  # noqa: E402

# WeasyPrint logs every refused URL and CSS quirk; we report refusals ourselves.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
_BILD_FEHLT = "Failed to load image at %r: %s"  # WeasyPrint's message for an image it leaves out


class _Bildfehler(logging.Handler):
    """While rendering: an image WeasyPrint cannot load (too large, broken) counts as refused."""

    def __init__(self, unladbar: list[str]):
        super().__init__(logging.ERROR)
        self.unladbar = unladbar

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _BILD_FEHLT and record.args and str(record.args[0]) not in self.unladbar:
            self.unladbar.append(str(record.args[0]))

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
        self.unladbar: list[str] = []  # allowed, but WeasyPrint could not load them

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        pfad = erlaubte_datei(url, self.erlaubt)
        if pfad is None:
            if url not in self.abgelehnt:
                self.abgelehnt.append(url)
            raise ValueError(f"nicht erlaubt: {url}")
        return super().fetch(url, headers)


class Satz:
    """Set up once (fetcher, fonts, style sheets), typeset many HTML documents to PDF."""

    def __init__(self, erlaubt: list[Path], basis: str, pdf_variante: str = "pdf/a-2a",
                 stylesheets: list[Path] = ()):
        self.basis = basis  # URL relative references in the HTML are resolved against
        self.variante = pdf_variante
        self.fetcher = OrdnerFetcher(erlaubt)
        silben.vorbereiten()  # before the first document, not inside its layout
        self.fonts = FontConfiguration()
        self.css = [CSS(filename=str(c), font_config=self.fonts, url_fetcher=self.fetcher)
                    for c in stylesheets if c.is_file()]
        # @import and @font-face of the style sheets are fetched once, here: reported with every document
        self._abgelehnt_css = list(self.fetcher.abgelehnt)

    @property
    def abgelehnt(self) -> list[str]:
        """URLs the last document asked for and did not get."""
        return self.fetcher.abgelehnt

    def _optionen(self, kennung: bytes | None = None, stylesheets: list = ()) -> dict:
        return dict(stylesheets=[*self.css, *stylesheets], font_config=self.fonts, pdf_variant=self.variante,
                    pdf_tags=True, pdf_identifier=kennung, uncompressed_pdf=False)

    @contextmanager
    def _dokument(self, html: str):
        """`html` as a WeasyPrint document, with this document's refused and unloadable files collected."""
        self.fetcher.abgelehnt[:] = self._abgelehnt_css
        self.fetcher.unladbar.clear()
        with _Bildfehler(self.fetcher.unladbar):
            yield HTML(string=html, base_url=self.basis, url_fetcher=self.fetcher)

    def pdf(self, html: str, kennung: bytes | None = None, finisher=None, zeilennummern: bool = False) -> bytes:
        """The PDF of `html`; with `zeilennummern` the counted lines numbered in the margin."""
        with self._dokument(html) as dokument:
            if not zeilennummern:
                return dokument.write_pdf(finisher=Barrierefrei(self.variante, finisher), **self._optionen(kennung))
            from .zeilen import nummern_einsetzen, zeilen

            gesetzt = dokument.render(**self._optionen(kennung))
            vorher = zeilen(gesetzt)
            gesetzt = dokument.render(**self._optionen(kennung, [nummern_einsetzen(dokument, gesetzt, vorher)]))
            if zeilen(gesetzt) != vorher:  # pragma: no cover - the numbers stand outside the text
                raise RuntimeError("die Zeilennummern haben den Umbruch verändert")
            return gesetzt.write_pdf(finisher=Barrierefrei(self.variante, finisher), **self._optionen(kennung))

    def html_mit_nummern(self, html: str, seite: str) -> str:
        """The page `seite` (the HTML of `html` with its CSS inline) with the PDF's line numbers."""
        from .zeilen import html_mit_nummern

        with self._dokument(html) as dokument:
            return html_mit_nummern(dokument, dokument.render(**self._optionen()), seite)

    def zeilen(self, html: str) -> list:
        """The counted lines of `html` as the PDF sets them (renderer/zeilen.py), without a PDF."""
        from .zeilen import zeilen

        with self._dokument(html) as dokument:
            return zeilen(dokument.render(**self._optionen()))

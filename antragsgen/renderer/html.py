"""Motion → HTML from the template's antrag.html.j2 (also the input of the PDF)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..fehler import VorlagenFehler
from ..fassung import Fassung, als_fassung
from ..modell import Antrag
from ..vorlagen import Vorlage, jinja_umgebung, vorlagen_meldung
from .einbetten import Einbetter

HTML_DATEI = "antrag.html.j2"
CSS_DATEI = "antrag.css"


class HtmlRenderer:
    """Loads the template once and renders many motions.

    `render` gives a standalone page (SPEC §5): the CSS inline, every file it loads embedded,
    and what the PDF would refuse left out; those addresses are in `self.fetcher.abgelehnt`.
    """

    def __init__(self, vorlage: Vorlage, erlaubte_ordner: list[Path] = (), zeilennummern: bool = False,
                 pdf_variante: str = "pdf/a-2a"):
        self.vorlage = vorlage
        self.zeilennummern = zeilennummern
        self._satz = None  # laid out as the PDF, for its line numbers (only with zeilennummern)
        self._satz_von = ([*vorlage.suchpfad, *erlaubte_ordner], pdf_variante)
        self.datei = vorlage.datei(HTML_DATEI)
        self.css_datei = vorlage.datei(CSS_DATEI)
        self.css_text = self.css_datei.read_text(encoding="utf-8") if self.css_datei.is_file() else ""
        self.basis = vorlage.ordner.as_uri() + "/"  # as the PDF resolves the page's addresses
        self.fetcher = Einbetter([*vorlage.suchpfad, *erlaubte_ordner])
        try:
            self.template = jinja_umgebung(vorlage.suchpfad).get_template(HTML_DATEI)
        except Exception as e:  # a broken template is the user's, report it with its line
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def html(self, antrag: Antrag | Fassung, *, stil: str = "") -> str:
        """The motion as an HTML page; `stil` is put inline as the page's CSS."""
        try:
            return self.template.render(antrag=als_fassung(antrag), stil=stil)
        except Exception as e:
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def render(self, antrag: Antrag | Fassung) -> bytes:
        self.fetcher.abgelehnt.clear()
        self.fetcher.unladbar.clear()
        # trusted template text inside <style>: escaping it would break quotes and selectors
        stil = Markup(self.fetcher.css(self.css_text, self.css_datei.resolve().as_uri()))
        seite = self.html(antrag, stil=stil)
        if self.zeilennummern:
            seite = self._mit_zeilennummern(antrag, seite)
        return self.fetcher.html(seite, self.basis).encode("utf-8")

    def _mit_zeilennummern(self, antrag: Antrag | Fassung, seite: str) -> str:
        """The page with a mark where each of the PDF's numbered lines begins (SPEC §3.9)."""
        from .weasy import Satz

        if self._satz is None:
            erlaubt, variante = self._satz_von
            self._satz = Satz(erlaubt, self.basis, variante, [self.css_datei])
        return self._satz.html_mit_nummern(self.html(antrag), seite)

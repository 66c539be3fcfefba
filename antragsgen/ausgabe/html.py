"""Motion → HTML from the template's antrag.html.j2 (also the input of the PDF)."""

from __future__ import annotations

from ..fehler import VorlagenFehler
from ..fassung import Fassung, als_fassung
from ..modell import Antrag
from ..vorlagen import Vorlage, jinja_umgebung, vorlagen_meldung

HTML_DATEI = "antrag.html.j2"
CSS_DATEI = "antrag.css"


class HtmlRenderer:
    """Loads the template once and renders many motions."""

    def __init__(self, vorlage: Vorlage):
        self.vorlage = vorlage
        self.datei = vorlage.datei(HTML_DATEI)
        css = vorlage.datei(CSS_DATEI)
        self.css_text = css.read_text(encoding="utf-8") if css.is_file() else ""
        try:
            self.template = jinja_umgebung(vorlage.suchpfad).get_template(HTML_DATEI)
        except Exception as e:  # a broken template is the user's, report it with its line
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def html(self, antrag: Antrag | Fassung, *, stil_einbetten: bool = True) -> str:
        """The motion as an HTML page; with the CSS inlined for a standalone file."""
        try:
            return self.template.render(antrag=als_fassung(antrag), stil=self.css_text if stil_einbetten else "")
        except Exception as e:
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def render(self, antrag: Antrag | Fassung) -> bytes:
        return self.html(antrag).encode("utf-8")

"""DOCX output: a motion poured into a Word template with docxtpl.

The template (vorlagen/NAME/antrag.docx) is an ordinary Word file with Jinja tags. It sees

- ``antrag``: the validated motion (``antrag.titel``, ``antrag.datum_text``,
  ``antrag.fraktionen_text``, ``antrag.reihenfolge``, ``antrag.ueberschriften.begruendung``,
  ``antrag.unterschriften_gruppen``, …), as text, never as tags;
- ``antragspunkte``: the requests (of every section, in reading order), each with the model's
  fields (``punkt.lfd_nr``, ``punkt.stelle.entgeltgruppe``, …) plus ``punkt.inhalt`` (the
  formatted first paragraph, for ``{{r punkt.inhalt }}``) and ``punkt.fortsetzung`` (further
  paragraphs and nested lists, for ``{{p punkt.fortsetzung }}``; empty when there are none);
- ``antragsliste``: the requests as Word paragraphs in the motion's ``aufzaehlung`` (a real
  dash list, plain paragraphs, or a numbered list of its own), for ``{{p antragsliste }}``;
- ``abschnitte``: with sections (SPEC §3.8), each one's heading (Heading 2), own lead, own list
  starting at 1 and own Begründung (Heading 3), for ``{{p abschnitte }}``; empty without;
- ``vorbemerkung``, ``begruendung``, ``deckung``, ``kosten``: the Markdown texts and the cost
  table as Word paragraphs (for ``{{p … }}``); empty, and so false in ``{%p if … %}``, when the
  motion has none;
- ``unterschriften``: signatures of two or more Fraktionen side by side, a column each (a
  table without borders), for ``{{p unterschriften }}``; empty otherwise;
- ``synopse``: with ``synopse: true`` and text operations (SPEC §3.9), the table "Bisherige
  Fassung | Neue Fassung" (header row repeated on each page, per operation a row naming the
  place across both columns, then old and new wording with deleted words struck through and
  inserted words underlined), for ``{{p synopse }}`` under a heading "Synopse:"; empty otherwise;
- ``absatz(stil, text)``: one paragraph of ``text`` in the style named ``stil`` (for
  ``{{p absatz("Unterzeile", antrag.unterzeile) }}``); empty without text.

Formatted text uses the template's own styles (Body Text, List Bullet, List Number, Quote,
heading 2/3/4, Antragspunkt, Einleitung, Tabelleninhalt, …), so restyling the template
restyles every motion. The styles of the v2 keys (Unterzeile, Antragsteller, Unterschrift
Fraktion, Ansprechpartner) and the dash list's numbering are added to the rendered document
when the template has none, and only where a motion needs them: a template's own style of
that name wins, and a motion without these keys renders exactly as before.

With ``zeilennummern`` the document uses Word's own line numbering, restarting with each
motion, and leaves out the paragraphs the PDF does not count (see docx_zeilen.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import jinja2
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from .. import markdown
from ..fehler import Fundstelle, Meldung, VorlagenFehler, anzeigepfad, fehler
from ..fassung import Fassung, als_fassung
from ..modell import Antrag, Antragspunkt
from ..schreibweise import typografie
from ..vorlagen import jinja_umgebung, vorlagen_meldung
from .docx_zeilen import zeilennummern
from .wordsatz import Stile, Wordsatz, als_liste, xml_text

_ABSATZ = re.compile(r"<w:p([ >])")
_ZEILE_ABSATZ = re.compile(r"\n+(?=<w:(?:p|tbl|sectPr)[ >])")
_LEERER_RUN = re.compile(r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: [^>]*)?></w:t></w:r>")
_TEILE = {".header+xml": "in der Kopfzeile", ".footer+xml": "in der Fußzeile", ".footnotes+xml": "in den Fußnoten"}
ZIP_DATUM = (1980, 1, 1, 0, 0, 0)


def zip_festschreiben(daten: bytes) -> bytes:
    """The same ZIP with fixed entry dates and a fixed entry order (byte-identical output)."""
    with zipfile.ZipFile(io.BytesIO(daten)) as ein:
        eintraege = {info.filename: ein.read(info) for info in ein.infolist()}
    vorn = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in eintraege]
    aus = io.BytesIO()
    with zipfile.ZipFile(aus, "w") as zip_aus:
        for name in vorn + sorted(n for n in eintraege if n not in vorn):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATUM)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zip_aus.writestr(info, eintraege[name], compresslevel=6)
    return aus.getvalue()


class _Punkt:
    """A request as the template sees it: the model's fields, plus its formatted text."""

    def __init__(self, punkt: Antragspunkt, inhalt: Markup, fortsetzung: Markup):
        self._punkt, self.inhalt, self.fortsetzung = punkt, inhalt, fortsetzung

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._punkt, name)


class _Block:
    """Paragraphs made only when the template shows them: a list's numbering then exists
    only in documents that have the list."""

    def __init__(self, machen):
        self._machen, self._xml = machen, None

    def __html__(self) -> str:
        if self._xml is None:
            self._xml = self._machen()
        return self._xml

    def __bool__(self) -> bool:
        return bool(self.__html__())

    __str__ = __html__


class _Vorlage(DocxTemplate):
    """docxtpl with compiled templates shared between renders and line = paragraph number."""

    def __init__(self, daten: bytes, umgebung, datei: Path, kompiliert: dict):
        super().__init__(io.BytesIO(daten))
        self._umgebung, self._datei, self._kompiliert = umgebung, datei, kompiliert

    def patch_xml(self, src_xml: str) -> str:
        fertig = self._kompiliert.get(("xml", src_xml))
        if fertig is None:
            # one line per paragraph: a Jinja line number is then the paragraph's number
            zeilen = _ABSATZ.sub(r"\n<w:p\1", src_xml).replace("\n", "", 1)
            fertig = self._kompiliert[("xml", src_xml)] = super().patch_xml(zeilen)
        return fertig

    def kompiliere(self, quelle: str) -> jinja2.Template:
        vorlage = self._kompiliert.get(("jinja", quelle))
        if vorlage is None:
            u = self._umgebung
            code = u.compile(quelle, name=self._datei.name, filename=str(self._datei))
            vorlage = self._kompiliert[("jinja", quelle)] = u.template_class.from_code(u, code, u.make_globals(None))
        return vorlage

    def kompiliere_alle(self) -> None:
        """Compile body, headers and footers now, so syntax errors show up before rendering."""
        self.current_rendering_part = self.docx.part
        self.kompiliere(self.patch_xml(self.get_xml()))
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for _, teil in self.get_headers_footers(uri):
                self.current_rendering_part = teil
                self.kompiliere(self.patch_xml(self.get_part_xml(teil)))

    def meldung(self, e: Exception) -> Meldung:
        """The German message for a template error; a header's or footer's error says so."""
        meldung = vorlagen_meldung(e, self._datei)
        art = getattr(self.current_rendering_part, "content_type", "")
        for endung, stelle in _TEILE.items():
            if art.endswith(endung):
                return replace(meldung, text=f"{meldung.text} Die Stelle steht {stelle}.")
        return meldung

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        self.current_rendering_part = part
        xml = _ZEILE_ABSATZ.sub("", self.kompiliere(src_xml).render(context))
        xml = _LEERER_RUN.sub("", xml)  # runs that held only a tag
        xml = xml_text(xml)  # defensive: no control character reaches the XML
        for alt, neu in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            xml = xml.replace(alt, neu)
        return self.resolve_listing(xml)

    def render_properties(self, context, jinja_env=None) -> None:
        """Core properties come from the motion (DocxRenderer), never from tags."""


def _aus_vorlage(e: BaseException, datei: Path) -> bool:
    if isinstance(e, (jinja2.TemplateError, etree.XMLSyntaxError)):
        return True
    tb = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(datei):
            return True
        tb = tb.tb_next
    return False


def _kurz(text: str, laenge: int = 255) -> str:
    """Core properties hold at most 255 characters."""
    text = " ".join(xml_text(text).split())
    return text if len(text) <= laenge else text[: laenge - 1] + "…"


class DocxRenderer:
    """Renders motions into one Word template: set up once, render many.

    The template is read, checked and compiled here; `render` only fills it. With
    `zeilennummern` the lines are numbered as Word does it (SPEC §3.9).
    """

    def __init__(self, vorlage_datei: Path, zeilennummern: bool = False):
        self.vorlage_datei = Path(vorlage_datei)
        self.zeilennummern = zeilennummern
        self._umgebung = jinja_umgebung(None, autoescape=True)
        self._kompiliert: dict = {}
        try:
            self._daten = self.vorlage_datei.read_bytes()
            dok = Document(io.BytesIO(self._daten))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as e:
            ort = Fundstelle(anzeigepfad(self.vorlage_datei))
            raise VorlagenFehler(fehler(ort, f"Die Word-Vorlage lässt sich nicht öffnen ({e}).")) from e
        self._stile = Stile.lesen(dok)
        probe = self._vorlage()
        probe.init_docx()
        try:
            probe.kompiliere_alle()
        except jinja2.TemplateError as e:
            raise VorlagenFehler(probe.meldung(e)) from e

    def _vorlage(self) -> _Vorlage:
        return _Vorlage(self._daten, self._umgebung, self.vorlage_datei, self._kompiliert)

    def render(self, antrag: Antrag | Fassung) -> bytes:
        """The finished DOCX of `antrag`; the same motion always gives the same bytes."""
        antrag = als_fassung(antrag)
        vorlage = self._vorlage()
        vorlage.init_docx()
        kontext = self._kontext(antrag, Wordsatz(vorlage.docx, self._stile, zeilennummern=self.zeilennummern))
        try:
            vorlage.render(kontext, jinja_env=self._umgebung, autoescape=True)
        except Exception as e:
            if _aus_vorlage(e, self.vorlage_datei):
                raise VorlagenFehler(vorlage.meldung(e)) from e
            raise
        if self.zeilennummern:
            zeilennummern(vorlage.docx)
        _eigenschaften(vorlage.docx, antrag)
        puffer = io.BytesIO()
        vorlage.save(puffer)
        return zip_festschreiben(puffer.getvalue())

    @staticmethod
    def _kontext(antrag: Antrag, satz: Wordsatz) -> dict:
        def bloecke(text: str | None) -> Markup:
            return Markup(satz.bloecke(markdown.tokens(text))) if text else Markup("")

        # one list of requests, or one per section (SPEC §3.8); the flat list for the template's loop
        listen = [a.antragspunkte for a in antrag.gliederung]
        gruppen = [_punkte(liste, satz, als_liste(len(liste), antrag.aufzaehlung)) for liste in listen]
        return {
            "antrag": antrag,
            "antragspunkte": [p for gruppe in gruppen for p in gruppe],
            "antragsliste": _Block(lambda: _antragsliste(gruppen[0], antrag.aufzaehlung, satz)),
            "abschnitte": _Block(lambda: _abschnitte(antrag, gruppen, satz)),
            "vorbemerkung": bloecke(antrag.vorbemerkung),
            "begruendung": bloecke(antrag.begruendung_text),
            "deckung": bloecke(antrag.deckung),
            "kosten": Markup(satz.kostentabelle(antrag.kosten)) if antrag.kosten else Markup(""),
            "unterschriften": _Block(lambda: _unterschriften(antrag, satz)),
            "synopse": _Block(lambda: satz.synopse(antrag.synopse_zeilen) if antrag.synopse and antrag.synopse_zeilen
                              else ""),
            "absatz": lambda stil, text: Markup(satz.textabsatz(stil, text)),
        }


def _punkte(punkte: list[Antragspunkt], satz: Wordsatz, liste: bool) -> list[_Punkt]:
    """The requests with their formatted text; further paragraphs are indented under a list item."""
    ergebnis = []
    for punkt in punkte:
        tokens = markdown.tokens(punkt.satz_markdown)
        inhalt, rest = "", tokens
        if tokens and tokens[0].type == "paragraph_open":
            inhalt, rest = satz.runs(tokens[1]), tokens[3:]
        fortsetzung = satz.bloecke(rest, ebene=1 if liste else 0,
                                   textstil="Antragspunkt Fortsetzung" if liste else "Body Text")
        ergebnis.append(_Punkt(punkt, Markup(inhalt), Markup(fortsetzung)))
    return ergebnis


def _antragsliste(punkte: list[_Punkt], aufzaehlung: str, satz: Wordsatz) -> str:
    """The requests in the motion's `aufzaehlung`, the budget line after the sentence (as in the template)."""
    # plain XML strings: Markup would escape what is added to it
    return satz.antragsliste([
        (str(p.inhalt) + (satz.text(f" ({typografie(p.haushaltsstelle)})") if p.haushaltsstelle else ""),
         str(p.fortsetzung))
        for p in punkte], aufzaehlung)


def _abschnitte(antrag: Antrag, gruppen: list[list[_Punkt]], satz: Wordsatz) -> str:
    """Each section: its heading, its own lead, its own list (from 1), its own Begründung (SPEC §3.8)."""
    if not antrag.abschnitte:
        return ""
    teile = []
    for abschnitt, punkte in zip(antrag.abschnitte, gruppen):
        teile.append(satz.textabsatz("Heading 2", abschnitt.ueberschrift))
        teile.append(satz.textabsatz("Einleitung", "\n".join(abschnitt.einleitung_zeilen)))
        teile.append(_antragsliste(punkte, antrag.aufzaehlung, satz))
        if abschnitt.begruendung:
            teile.append(satz.textabsatz("Heading 3", antrag.ueberschriften.begruendung))
            teile.append(satz.bloecke(markdown.tokens(abschnitt.begruendung)))
    return "".join(teile)


def _unterschriften(antrag: Antrag, satz: Wordsatz) -> str:
    """Signatures of two or more Fraktionen side by side, a column each (SPEC §3.7); else ""
    (the template's own signature paragraphs)."""
    gruppen = antrag.unterschriften_gruppen
    if len([g for g in gruppen if g.fraktion]) < 2:
        return ""
    gez = "gez. " if antrag.gezeichnet else ""
    return satz.unterschriften([(g.fraktion or "", [(gez + p.name, p.funktion) for p in g.personen]) for g in gruppen])


def _eigenschaften(dok, antrag: Antrag) -> None:
    """Core properties from the motion; nothing of the template's own remains."""
    kern = dok.part.package.part_related_by(RT.CORE_PROPERTIES).element
    for kind in list(kern):
        kern.remove(kind)
    props = dok.core_properties
    autor = _kurz(antrag.fraktionen_text)
    props.title = _kurz(antrag.titel)
    props.author = props.last_modified_by = autor
    props.subject = _kurz(antrag.art_name + (f" Nr. {antrag.nummer}" if antrag.nummer else ""))
    props.keywords = antrag.id or ""
    props.language = "de-DE"
    props.revision = 1
    if antrag.datum is not None:  # datum: ohne sets no date anywhere (SPEC §3.7)
        props.created = props.modified = dt.datetime.combine(antrag.datum, dt.time())

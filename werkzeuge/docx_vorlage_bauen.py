"""Build the built-in Word templates (vorlagen/NAME/antrag.docx) from scratch.

    python werkzeuge/docx_vorlage_bauen.py [NAME …] [--ziel DATEI]

NAME is standard or briefkopf (default: both); --ziel writes one template elsewhere.
Each result is an ordinary Word document with docxtpl tags ({{ … }}, {%p … %}) that a
Fraktion can open in Word or LibreOffice and restyle: every paragraph uses a named
style (Gremium, Fraktion, Kopfangaben, Title, Einleitung, Antragspunkt, Heading 2,
Body Text, List Bullet/List Number, Unterschrift, …), the requests are a real Word
list, page numbers are fields. Running the script twice gives the same bytes.

The templates share their styles and tags; a `Gestaltung` says what differs (margins,
font, accent colour, and for briefkopf the letterhead with logo.png in the first-page
header). logo.png is logo.svg rendered once (WeasyPrint → PDF, then pdftocairo -png).

What the tags see is described in antragsgen/renderer/docx.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.coreprops import CT_CoreProperties
from docx.shared import Cm, RGBColor

from antragsgen.modell import Ueberschriften
from antragsgen.renderer.docx import zip_festschreiben

VORLAGEN = Path(__file__).resolve().parent.parent / "vorlagen"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SEITE_BREITE, SEITE_HOEHE = 11906, 16838  # A4 in twips
EINZUG = 425  # 0,75 cm: indent of one list level
MONO = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:eastAsia="Courier New" w:cs="Courier New"/>'


@dataclass(frozen=True)
class Gestaltung:
    """What one built-in Word template looks like; styles and tags are shared."""

    name: str
    titel: str  # the template file's own title (renders replace it)
    raender: tuple[int, int, int, int] = (1418, 1134, 1418, 1418)  # top, right, bottom, left (twips)
    kopfabstand: float = 1.25  # cm from the page edge to header and footer
    schrift: str = "Arial"
    panose: str = "020B0604020202020204"
    groesse: int = 22  # half-points
    akzent: str | None = None  # colour of title, headings, numbers and rules
    logo: str | None = None  # an image in the template folder: a letterhead on page 1

    @property
    def ziel(self) -> Path:
        return VORLAGEN / self.name / "antrag.docx"

    @property
    def textbreite(self) -> int:
        return SEITE_BREITE - self.raender[3] - self.raender[1]

    @property
    def rfonts(self) -> str:
        s = self.schrift
        return f'<w:rFonts w:ascii="{s}" w:hAnsi="{s}" w:eastAsia="{s}" w:cs="{s}"/>'


STANDARD = Gestaltung("standard", "Antrag (Standardvorlage von antragsgen)")
# DIN 5008: left 2,5 cm, right 2,0 cm; the letterhead sits in the first-page header,
# which Word and LibreOffice grow downwards, so page 1's text starts below it
BRIEFKOPF = Gestaltung(
    "briefkopf", "Antrag (Vorlage „briefkopf“ von antragsgen)", raender=(1361, 1134, 1247, 1418),
    kopfabstand=1.0, schrift="Verdana", panose="020B0604030504040204", groesse=20, akzent="00677F",
    logo="logo.png")
GESTALTUNGEN = {g.name: g for g in (STANDARD, BRIEFKOPF)}

# the sender column of the letterhead starts 11 cm right of the margin, 5,5 cm wide (as in antrag.css)
ABSENDER_EINZUG, LOGO_BREITE = 6237, Cm(5.5)
# Bezugszeichenzeile: Art at the margin, Nummer at 4 cm, Datum at 7,2 cm
ANGABEN_TABS = '<w:tabs><w:tab w:val="left" w:pos="2268"/><w:tab w:val="left" w:pos="4082"/></w:tabs>'


def _stil(art: str, sid: str, name: str, ppr: str = "", rpr: str = "", *, basis: str | None = "Normal",
          folgt: str | None = None, eigen: bool = True, galerie: bool = True, extra: str = "") -> str:
    eigen_attr = ' w:customStyle="1"' if eigen else ""
    kopf = f'<w:style w:type="{art}"{eigen_attr} w:styleId="{sid}">'
    teile = [kopf, f'<w:name w:val="{name}"/>']
    if basis:
        teile.append(f'<w:basedOn w:val="{basis}"/>')
    if folgt:
        teile.append(f'<w:next w:val="{folgt}"/>')
    teile.append(extra)  # uiPriority, semiHidden, … come before qFormat
    if galerie:
        teile.append("<w:qFormat/>")
    if ppr:
        teile.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        teile.append(f"<w:rPr>{rpr}</w:rPr>")
    teile.append("</w:style>")
    return "".join(teile)


def _absatzstile(g: Gestaltung) -> list[str]:
    p = "paragraph"
    rechts = f'<w:tabs><w:tab w:val="right" w:pos="{g.textbreite}"/></w:tabs>'
    a = g.akzent
    # the accent: a colour for title and headings, a bar left of "Begründung:", caps above the title
    farbe = f'<w:color w:val="{a}"/>' if a else ""
    balken = f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="{a}"/></w:pBdr>' if a else ""
    oberzeile = (f'<w:b/><w:bCs/><w:caps/>{farbe}<w:spacing w:val="8"/><w:sz w:val="17"/><w:szCs w:val="17"/>'
                 if a else "")
    linie = a or "808080"
    stile = [
        _stil(p, "Normal", "Normal", basis=None, eigen=False, extra='<w:uiPriority w:val="0"/>'),
        _stil(p, "BodyText", "Body Text", '<w:spacing w:after="160"/>', eigen=False),
        # paragraphs holding only a {%p … %} tag: removed when rendering, grey in Word
        _stil(p, "Vorlagensteuerung", "Vorlagensteuerung", rpr='<w:color w:val="7F7F7F"/><w:sz w:val="16"/>',
              galerie=False),
        # head of the motion
        _stil(p, "Vermerk", "Vermerk", '<w:spacing w:after="160"/>',
              '<w:b/><w:color w:val="C00000"/><w:sz w:val="28"/><w:szCs w:val="28"/>', folgt="Gremium"),
        _stil(p, "Gremium", "Gremium", '<w:spacing w:after="0"/>', folgt="Fraktion"),
        _stil(p, "Fraktion", "Fraktion", '<w:spacing w:after="0"/>',
              '<w:b/><w:sz w:val="24"/><w:szCs w:val="24"/>', folgt="Kopfangaben"),
        _stil(p, "Kopfangaben", "Kopfangaben",
              f'{ANGABEN_TABS if g.logo else rechts}<w:spacing w:before="60" w:after="480"/>',
              '<w:sz w:val="18"/><w:szCs w:val="18"/>' if g.logo else "", folgt="Oberzeile"),
        _stil(p, "Oberzeile", "Oberzeile", '<w:keepNext/><w:spacing w:after="60"/>', oberzeile, folgt="Title"),
        _stil(p, "Title", "Title",
              '<w:keepNext/><w:keepLines/><w:spacing w:after="240"/><w:outlineLvl w:val="0"/>',
              f'<w:b/><w:bCs/>{farbe}<w:sz w:val="32"/><w:szCs w:val="32"/>', folgt="BodyText", eigen=False),
        _stil(p, "Bezug", "Bezug", '<w:spacing w:after="160"/>', "<w:i/>", basis="BodyText"),
        _stil(p, "Einleitung", "Einleitung", '<w:keepNext/><w:spacing w:before="120" w:after="120"/>',
              basis="BodyText", folgt="Antragspunkt"),
        # the requests: one list paragraph each, numbered by Word (numId 1 → "1.")
        _stil(p, "Antragspunkt", "Antragspunkt",
              f'<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="120"/>'
              f'<w:ind w:left="{EINZUG}" w:hanging="{EINZUG}"/>', basis="BodyText", folgt="Antragspunkt"),
        _stil(p, "AntragspunktFortsetzung", "Antragspunkt Fortsetzung",
              f'<w:spacing w:after="120"/><w:ind w:left="{EINZUG}"/>', basis="BodyText"),
        # headings: the title is level 1 in the navigation pane, "Begründung:" level 2
        _stil(p, "Heading1", "heading 1",
              '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
              f'<w:b/><w:bCs/>{farbe}<w:sz w:val="28"/><w:szCs w:val="28"/>', folgt="BodyText", eigen=False),
        _stil(p, "Heading2", "heading 2",
              f'<w:keepNext/><w:keepLines/>{balken}<w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="1"/>',
              f"<w:b/><w:bCs/>{farbe}", folgt="BodyText", eigen=False),
        _stil(p, "Heading3", "heading 3",
              '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="2"/>',
              "<w:b/><w:bCs/>", folgt="BodyText", eigen=False),
        _stil(p, "Heading4", "heading 4",
              '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="3"/>',
              "<w:b/><w:bCs/><w:i/><w:iCs/>", folgt="BodyText", eigen=False),
        # lists in the Begründung (numId 2: bullets, numId 3: "1.", "a)", "i.")
        _stil(p, "ListBullet", "List Bullet", '<w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="60"/>',
              basis="BodyText", eigen=False),
        _stil(p, "ListNumber", "List Number", '<w:numPr><w:numId w:val="3"/></w:numPr><w:spacing w:after="60"/>',
              basis="BodyText", eigen=False),
        _stil(p, "ListContinue", "List Continue", f'<w:spacing w:after="60"/><w:ind w:left="{EINZUG}"/>',
              basis="BodyText", eigen=False),
        _stil(p, "Quote", "Quote", '<w:ind w:left="567" w:right="567"/>',
              '<w:i/><w:iCs/><w:color w:val="404040"/>', basis="BodyText", eigen=False),
        _stil(p, "HTMLPreformatted", "HTML Preformatted",
              '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/><w:spacing w:before="120" w:after="160"/>',
              f'{MONO}<w:sz w:val="20"/><w:szCs w:val="20"/>', eigen=False, galerie=False),
        _stil(p, "Tabelleninhalt", "Tabelleninhalt", '<w:spacing w:before="40" w:after="40"/>',
              '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
        # signatures
        _stil(p, "Unterschrift", "Unterschrift", _unterschrift(g), folgt="UnterschriftFunktion"),
        _stil(p, "UnterschriftFunktion", "Unterschrift Funktion", '<w:spacing w:after="0"/>',
              '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
        # page head and foot
        _stil(p, "Header", "header",
              f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{linie}"/></w:pBdr>{rechts}',
              '<w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/>', eigen=False, galerie=False),
        # with a letterhead the footer also names the Fraktion, left of the page number
        _stil(p, "Footer", "footer", rechts if g.logo else '<w:jc w:val="right"/>',
              ('<w:color w:val="555555"/><w:sz w:val="15"/><w:szCs w:val="15"/>' if g.logo
               else '<w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
              eigen=False, galerie=False),
    ]
    if g.logo:
        stile += _briefkopfstile(g)
    return stile


def _unterschrift(g: Gestaltung) -> str:
    if not g.logo:
        return '<w:keepNext/><w:keepLines/><w:spacing w:before="480"/>'
    # a signing line above the name, 6,5 cm long
    return ('<w:keepNext/><w:keepLines/><w:pBdr><w:top w:val="single" w:sz="4" w:space="3" w:color="555555"/>'
            f'</w:pBdr><w:spacing w:before="720"/><w:ind w:right="{g.textbreite - 3685}"/>')


def _briefkopfstile(g: Gestaltung) -> list[str]:
    """Styles of the letterhead (first-page header) and the Bezugszeichenzeile."""
    p, a = "paragraph", g.akzent
    spalte = f'<w:ind w:left="{ABSENDER_EINZUG}"/>'
    return [
        _stil(p, "Briefkopf", "Briefkopf", f'<w:spacing w:after="200"/>{spalte}', folgt="Absender", galerie=False),
        _stil(p, "Absender", "Absender", f'<w:spacing w:after="0"/>{spalte}',
              f'<w:b/><w:bCs/><w:color w:val="{a}"/><w:sz w:val="19"/><w:szCs w:val="19"/>', galerie=False),
        _stil(p, "AbsenderGremium", "Absender Gremium", f'<w:spacing w:before="40" w:after="0"/>{spalte}',
              '<w:color w:val="555555"/><w:sz w:val="17"/><w:szCs w:val="17"/>', galerie=False),
        # the coloured rule under the letterhead
        _stil(p, "Briefkopflinie", "Briefkopflinie",
              f'<w:pBdr><w:bottom w:val="single" w:sz="16" w:space="1" w:color="{a}"/></w:pBdr>'
              '<w:spacing w:after="400" w:line="120" w:lineRule="exact"/>', galerie=False),
        _stil(p, "KopfangabenEtikett", "Kopfangaben Etikett",
              f'<w:keepNext/>{ANGABEN_TABS}<w:spacing w:after="0"/>',
              '<w:caps/><w:color w:val="555555"/><w:spacing w:val="6"/><w:sz w:val="14"/><w:szCs w:val="14"/>',
              folgt="Kopfangaben"),
    ]


def _kopfzeile_der_tabelle(g: Gestaltung) -> str:
    """With an accent, a table's header row is white on the accent colour (as in antrag.css)."""
    if not g.akzent:
        return ""
    return ('<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{g.akzent}"/></w:tcPr></w:tblStylePr>')


def _styles_xml(g: Gestaltung) -> str:
    zeichen = [
        _stil("character", "DefaultParagraphFont", "Default Paragraph Font", basis=None, eigen=False,
              galerie=False, extra='<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'),
        _stil("character", "Hyperlink", "Hyperlink", rpr='<w:color w:val="0563C1"/><w:u w:val="single"/>',
              basis="DefaultParagraphFont", eigen=False, galerie=False),
        _stil("character", "HTMLCode", "HTML Code", rpr=f'{MONO}<w:sz w:val="20"/><w:szCs w:val="20"/>',
              basis="DefaultParagraphFont", eigen=False, galerie=False),
    ]
    tabellen = [
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders>'
        + "".join(f'<w:{k} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                  for k in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders></w:tblPr>" + _kopfzeile_der_tabelle(g) + "</w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
    ]
    stile = _absatzstile(g)
    # mark Normal as the default paragraph style
    stile[0] = stile[0].replace('w:type="paragraph"', 'w:type="paragraph" w:default="1"', 1)
    zeichen[0] = zeichen[0].replace('w:type="character"', 'w:type="character" w:default="1"', 1)
    return (
        f'<w:styles xmlns:w="{W}" xmlns:r="{R}">'
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{g.rfonts}<w:sz w:val="{g.groesse}"/><w:szCs w:val="{g.groesse}"/>'
        '<w:lang w:val="de-DE" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="0" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        + "".join(stile + zeichen + tabellen)
        + "</w:styles>"
    )


def _ebene(ilvl: int, fmt: str, text: str, *, pstyle: str = "", schrift: str = "") -> str:
    links = EINZUG * (ilvl + 1)
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{links}" w:hanging="{EINZUG}"/></w:pPr>'
        + (f"<w:rPr>{schrift}</w:rPr>" if schrift else "")
        + "</w:lvl>"
    )


def _numbering_xml(g: Gestaltung) -> str:
    # with an accent the request numbers are bold and in its colour
    ziffer = f'<w:b/><w:bCs/><w:color w:val="{g.akzent}"/>' if g.akzent else ""
    punkte = ('<w:abstractNum w:abstractNumId="0"><w:nsid w:val="4A6E7401"/>'
              '<w:multiLevelType w:val="singleLevel"/><w:name w:val="Antragspunkte"/>'
              + _ebene(0, "decimal", "%1.", pstyle='<w:pStyle w:val="Antragspunkt"/>', schrift=ziffer)
              + "</w:abstractNum>")
    zeichen = ["\u2022", "\u2013", "\u25e6"]
    punkte_liste = ('<w:abstractNum w:abstractNumId="1"><w:nsid w:val="4A6E7402"/>'
                    '<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="Aufzählung"/>'
                    + "".join(_ebene(i, "bullet", zeichen[i % 3], schrift=g.rfonts) for i in range(9))
                    + "</w:abstractNum>")
    formen = [("decimal", "%{n}."), ("lowerLetter", "%{n})"), ("lowerRoman", "%{n}.")]
    nummern = ('<w:abstractNum w:abstractNumId="2"><w:nsid w:val="4A6E7403"/>'
               '<w:multiLevelType w:val="multilevel"/><w:name w:val="Nummerierung"/>'
               + "".join(_ebene(i, formen[i % 3][0], formen[i % 3][1].format(n=i + 1)) for i in range(9))
               + "</w:abstractNum>")
    nums = "".join(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{i}"/></w:num>' for i in range(3))
    return f'<w:numbering xmlns:w="{W}">{punkte}{punkte_liste}{nummern}{nums}</w:numbering>'


def _settings_xml() -> str:
    return (
        f'<w:settings xmlns:w="{W}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/>'
        '<w:autoHyphenation/><w:hyphenationZone w:val="425"/><w:doNotHyphenateCaps/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="de-DE"/>'
        '<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>'
        "</w:settings>"
    )


def _feld(anweisung: str, anzeige: str) -> str:
    """A complex field (PAGE, NUMPAGES) as Word writes it; Word and LibreOffice update it."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {anweisung} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{anzeige}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _seitenzahl(absatz, vorn: str = "") -> None:
    """"Seite X von Y" as fields; `vorn` (text, then a tab) before it."""
    absatz.style = "Footer"
    vorn = f"<w:r><w:t>{vorn}</w:t></w:r><w:r><w:tab/></w:r>" if vorn else ""
    xml = (f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{vorn}'
           '<w:r><w:t xml:space="preserve">Seite </w:t></w:r>' + _feld("PAGE", "1")
           + '<w:r><w:t xml:space="preserve"> von </w:t></w:r>' + _feld("NUMPAGES", "1") + "</w:p>")
    absatz._p.getparent().replace(absatz._p, parse_xml(xml))


def _absatz(dok, text: str, stil: str = "Normal"):
    return dok.add_paragraph(text, style=stil)


def _steuerung(dok, tag: str):
    """A paragraph holding only a {%p … %} tag: docxtpl removes it entirely."""
    return _absatz(dok, "{%p " + tag + " %}", "Vorlagensteuerung")


def _kopf(dok) -> None:
    """Gremium, Fraktion, Art and Nummer left, the date right."""
    _steuerung(dok, "if antrag.gremium")
    _absatz(dok, "{{ antrag.gremium }}", "Gremium")
    _steuerung(dok, "endif")
    _absatz(dok, "{{ antrag.fraktionen_text }}", "Fraktion")
    # without date and place (datum: ohne) neither the tab nor a date
    kopf = _absatz(dok, "{{ antrag.art_name }}{% if antrag.nummer %} Nr. {{ antrag.nummer }}{% endif %}"
                   "{% if antrag.datum_text %}", "Kopfangaben")
    kopf.add_run().add_tab()
    kopf.add_run("{{ antrag.datum_text }}{% endif %}")


def _bezugszeichenzeile(dok) -> None:
    """Art, Nummer, Datum as small labels above their values (Gremium and Fraktion: letterhead)."""
    etiketten = _absatz(dok, "Art{% if antrag.nummer %}", "Kopfangaben Etikett")
    werte = _absatz(dok, "", "Kopfangaben")
    werte.add_run("{{ antrag.art_name }}").bold = True
    werte.add_run("{% if antrag.nummer %}")
    # the date column only with a date or a place ("Ort" above a place without date)
    for absatz, text in ((etiketten, "Nummer{% endif %}{% if antrag.datum_text %}"),
                         (werte, "{{ antrag.nummer }}{% endif %}{% if antrag.datum_text %}")):
        absatz.add_run().add_tab()
        absatz.add_run(text)
    werte.add_run().add_tab()
    werte.add_run("{{ antrag.datum_text }}{% endif %}")
    # the label "Datum" stays a run of its own without tags (the same paragraph as before)
    etiketten.add_run().add_tab()
    for text in ("{% if not antrag.datum %}Ort{% else %}", "Datum", "{% endif %}{% endif %}"):
        etiketten.add_run(text)


def _koerper(dok, g: Gestaltung) -> None:
    _steuerung(dok, 'if antrag.status != "eingereicht"')
    _absatz(dok, "{{ antrag.status_name|upper }}", "Vermerk")
    _steuerung(dok, "endif")
    if g.logo:
        _bezugszeichenzeile(dok)
    else:
        _kopf(dok)
    _steuerung(dok, "if antrag.oberzeile")
    _absatz(dok, "{{ antrag.oberzeile|typografie }}", "Oberzeile")
    _steuerung(dok, "endif")
    _absatz(dok, "{{ antrag.titel|typografie }}", "Title")
    _absatz(dok, '{{p absatz("Unterzeile", antrag.unterzeile) }}', "Vorlagensteuerung")
    # a joint motion's line ("Gemeinsamer Antrag der Fraktionen …"), besides the kind of motion
    _absatz(dok, '{{p absatz("Antragsteller", antrag.antragsteller_text) }}', "Vorlagensteuerung")
    _steuerung(dok, "if antrag.bezug")
    _absatz(dok, "Bezug: {{ antrag.bezug|typografie }}", "Bezug")
    _steuerung(dok, "endif")

    # the parts after the title, in the motion's order (SPEC §3.7 reihenfolge)
    _steuerung(dok, "for teil in antrag.reihenfolge")
    _steuerung(dok, 'if teil == "vorbemerkung"')
    _ueberschrift(dok, "vorbemerkung", "vorbemerkung")
    _absatz(dok, "{{p vorbemerkung }}", "Body Text")
    _steuerung(dok, 'elif teil == "antragspunkte"')
    _antragspunkte(dok)
    _steuerung(dok, 'elif teil == "unterzeichnende"')
    _unterschriften(dok)
    # the sections after the requests, each only where the motion has it
    for name in ("begruendung", "kosten", "deckung"):
        _steuerung(dok, f'elif teil == "{name}" and {name}')
        _ueberschrift(dok, name)
        _absatz(dok, f"{{{{p {name} }}}}", "Body Text")
    _steuerung(dok, "endif")
    _steuerung(dok, "endfor")


def _ueberschrift(dok, name: str, bedingung: str = "") -> None:
    """The heading of a part: the standard wording as plain text (so its paragraph is the same
    as before there were `ueberschriften`), else the motion's own wording; "" leaves it out."""
    wert = f"antrag.ueberschriften.{name}"
    vorn = f"{bedingung} and " if bedingung else ""
    standard = getattr(Ueberschriften(), name)
    if standard:
        _steuerung(dok, f'if {vorn}{wert} == "{standard}"')
        _absatz(dok, standard, "Heading 2")
        _steuerung(dok, f"elif {vorn}{wert}")
    else:
        _steuerung(dok, f"if {vorn}{wert}")
    _absatz(dok, f"{{{{ {wert}|typografie }}}}", "Heading 2")
    _steuerung(dok, "endif")


def _antragspunkte(dok) -> None:
    """The lead (each line its own line), then the requests: a single one is a plain paragraph
    (but a dash), several a numbered list; dash lists, paragraphs and sections come from the renderer."""
    _steuerung(dok, "if antrag.einleitung_zeilen")
    _absatz(dok, '{{ antrag.einleitung_zeilen|join("\\n")|typografie }}', "Einleitung")
    _steuerung(dok, "endif")

    def punkt(stil: str, fortsetzung: str) -> None:
        absatz = _absatz(dok, "", stil)
        absatz.add_run("{{r punkt.inhalt }}")
        # the budget line follows the sentence, as in the HTML template
        absatz.add_run("{% if punkt.haushaltsstelle %} ({{ punkt.haushaltsstelle|typografie }}){% endif %}")
        # replaced by the renderer's paragraphs (nested lists, further paragraphs) or by nothing
        _absatz(dok, "{{p punkt.fortsetzung }}", fortsetzung)

    _steuerung(dok, "if abschnitte")
    _absatz(dok, "{{p abschnitte }}", "Body Text")
    _steuerung(dok, 'elif antragspunkte|length == 1 and antrag.aufzaehlung != "spiegelstriche"')
    _steuerung(dok, "set punkt = antragspunkte[0]")
    punkt("Body Text", "Body Text")
    _steuerung(dok, 'elif antrag.aufzaehlung == "nummeriert"')
    _steuerung(dok, "for punkt in antragspunkte")
    punkt("Antragspunkt", "Antragspunkt Fortsetzung")
    _steuerung(dok, "endfor")
    _steuerung(dok, "else")
    _absatz(dok, "{{p antragsliste }}", "Antragspunkt")
    _steuerung(dok, "endif")


def _unterschriften(dok) -> None:
    """Signatures: of several Fraktionen side by side (from the renderer), else one below the
    other, under the name of its Fraktion where one is given; then the contact person."""
    _steuerung(dok, "if unterschriften")
    _absatz(dok, "{{p unterschriften }}", "Unterschrift")
    _steuerung(dok, "else")
    _steuerung(dok, "for gruppe in antrag.unterschriften_gruppen")
    _absatz(dok, '{{p absatz("Unterschrift Fraktion", gruppe.fraktion) }}', "Vorlagensteuerung")
    _steuerung(dok, "for person in gruppe.personen")
    _absatz(dok, "{% if antrag.gezeichnet %}gez. {% endif %}{{ person.name }}", "Unterschrift")
    _steuerung(dok, "if person.funktion")
    _absatz(dok, "{{ person.funktion }}", "Unterschrift Funktion")
    _steuerung(dok, "endif")
    _steuerung(dok, "endfor")
    _steuerung(dok, "endfor")
    _steuerung(dok, "endif")
    _steuerung(dok, "if antrag.ansprechpartner")
    _absatz(dok, '{{p absatz("Ansprechpartner", "Ansprechpartner: " ~ antrag.ansprechpartner.text) }}',
            "Vorlagensteuerung")
    _steuerung(dok, "endif")


def _seite(dok, g: Gestaltung) -> None:
    sektion = dok.sections[0]
    oben, rechts, unten, links = g.raender
    sektion.page_width, sektion.page_height = SEITE_BREITE * 635, SEITE_HOEHE * 635  # twips → EMU
    sektion.top_margin, sektion.bottom_margin = oben * 635, unten * 635
    sektion.left_margin, sektion.right_margin = links * 635, rechts * 635
    sektion.header_distance = sektion.footer_distance = Cm(g.kopfabstand)
    sektion.gutter = 0
    for name in list(sektion._sectPr.attrib):
        del sektion._sectPr.attrib[name]  # rsids of python-docx's own template

    # from page 2: short title and Nummer; page 1 has the full head instead
    sektion.different_first_page_header_footer = True
    kopf = sektion.header.paragraphs[0]
    kopf.style = "Header"
    # a draft or withdrawn motion says so on every page (page 1 has the Vermerk paragraph)
    vermerk = kopf.add_run('{% if antrag.status != "eingereicht" %}{{ antrag.status_name|upper }} · {% endif %}')
    vermerk.bold = True
    vermerk.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    kopf.add_run('{{ antrag.titel|typografie|truncate(70, false, "…") }}')
    kopf.add_run().add_tab()
    kopf.add_run("{% if antrag.nummer %}{{ antrag.art_name }} Nr. {{ antrag.nummer }}{% endif %}")
    if g.logo:
        _briefkopf(sektion.first_page_header, g)
    else:
        sektion.first_page_header.paragraphs[0].style = "Normal"
    fraktion = "{{ antrag.fraktionen_text }}" if g.logo else ""
    _seitenzahl(sektion.footer.paragraphs[0], fraktion)
    _seitenzahl(sektion.first_page_footer.paragraphs[0], fraktion)


def _briefkopf(kopf, g: Gestaltung) -> None:
    """Page 1's header: the logo, below it the Fraktion(en) and the Gremium, then the coloured rule."""
    logo = kopf.paragraphs[0]
    logo.style = "Briefkopf"
    logo.add_run().add_picture(str(VORLAGEN / g.name / g.logo), width=LOGO_BREITE)
    for text, stil in (("{%p for fraktion in antrag.fraktion %}", "Vorlagensteuerung"),
                       ("{{ fraktion }}", "Absender"),
                       ("{%p endfor %}", "Vorlagensteuerung"),
                       ("{%p if antrag.gremium %}", "Vorlagensteuerung"),
                       ("{{ antrag.gremium }}", "Absender Gremium"),
                       ("{%p endif %}", "Vorlagensteuerung"),
                       ("", "Briefkopflinie")):
        kopf.add_paragraph(text, style=stil)


def _aufraeumen(dok, g: Gestaltung) -> None:
    """Drop what python-docx's own template brings along and we do not want."""
    teil = dok.part
    for rid, rel in list(teil.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, RT.WEB_SETTINGS) or rel.reltype.endswith("/stylesWithEffects"):
            teil.rels.pop(rid)
    paket = teil.package
    for rid, rel in list(paket.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            paket.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>antragsgen</Application></Properties>"
            ).encode()
    for rel in teil.rels.values():
        if rel.reltype == RT.THEME:  # theme fonts: ours, so "+Textkörper" matches the styles
            rel.target_part._blob = re.sub(rb'<a:latin typeface="[^"]*"',
                                           f'<a:latin typeface="{g.schrift}"'.encode(), rel.target_part.blob)
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:fonts xmlns:w="{W}">'
                f'<w:font w:name="{g.schrift}"><w:panose1 w:val="{g.panose}"/><w:charset w:val="00"/>'
                '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
                '<w:font w:name="Courier New"><w:panose1 w:val="02070309020205020404"/><w:charset w:val="00"/>'
                '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
                "</w:fonts>"
            ).encode()


def _eigenschaften(dok, g: Gestaltung) -> None:
    kern = dok.part.package._core_properties_part
    kern._element = CT_CoreProperties.new()
    props = dok.core_properties
    props.title = g.titel
    props.author = props.last_modified_by = "antragsgen"
    props.language = "de-DE"
    props.revision = 1
    props.created = props.modified = dt.datetime(2024, 1, 1)


def bauen(g: Gestaltung = STANDARD) -> bytes:
    """The Word template of design `g`, the same bytes on every run."""
    dok = Document()
    dok.part._styles_part._element = parse_xml(_styles_xml(g))
    dok.part.numbering_part._element = parse_xml(_numbering_xml(g))
    dok.part._settings_part._element = parse_xml(_settings_xml())
    _aufraeumen(dok, g)
    _seite(dok, g)
    # python-docx's empty document has no paragraph; the body is built from scratch
    _koerper(dok, g)
    puffer = io.BytesIO()
    _eigenschaften(dok, g)
    dok.save(puffer)
    return zip_festschreiben(puffer.getvalue())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="docx_vorlage_bauen.py",
                                     description="Baut die Word-Vorlagen der eingebauten Vorlagen.")
    parser.add_argument("namen", nargs="*", metavar="NAME",
                        help=f"Vorlage(n): {', '.join(GESTALTUNGEN)} (Standard: alle)")
    parser.add_argument("--ziel", type=Path, help="eine Vorlage an diesen Pfad statt nach vorlagen/NAME/ schreiben")
    args = parser.parse_args(argv[1:])
    namen = args.namen or list(GESTALTUNGEN)
    if unbekannt := [n for n in namen if n not in GESTALTUNGEN]:
        parser.error(f"unbekannte Vorlage {', '.join(unbekannt)} (bekannt: {', '.join(GESTALTUNGEN)})")
    if args.ziel and len(namen) != 1:
        parser.error("--ziel geht nur mit genau einem NAME")
    for name in namen:
        ziel = args.ziel or GESTALTUNGEN[name].ziel
        ziel.parent.mkdir(parents=True, exist_ok=True)
        ziel.write_bytes(bauen(GESTALTUNGEN[name]))
        print(f"{ziel} geschrieben")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Markdown tokens → WordprocessingML paragraphs, runs and tables in a template's styles.

Used by the DOCX renderer for requests, Vorbemerkung, Begründung and Deckung.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..schreibweise import euro, typografie

# Characters XML 1.0 forbids (and C1 controls pasted from Word): dropped, never escaped.
_UNGUELTIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINKS_ERLAUBT = ("http://", "https://", "mailto:")
EINZUG = 425  # twips per list level (0,75 cm), as in the standard template


def xml_text(text: str) -> str:
    """Text that may go into XML: line ends normalised, forbidden characters dropped."""
    return _UNGUELTIG.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Stile:
    """Style ids and list numbering of a template, looked up once by style name."""

    ids: dict[tuple[str, str], str]
    aufzaehlung: str | None  # numId of "List Bullet"
    nummerierung: str | None  # abstractNumId of "List Number", for a fresh w:num per list
    textbreite: int

    @classmethod
    def lesen(cls, dok) -> Stile:
        ids, numpr = {}, {}
        for stil in dok.styles.element.findall(qn("w:style")):
            name = stil.find(qn("w:name"))
            if name is None:
                continue
            schluessel = (stil.get(qn("w:type")), (name.get(qn("w:val")) or "").lower())
            ids[schluessel] = stil.get(qn("w:styleId"))
            num_id = stil.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num_id is not None:
                numpr[schluessel[1]] = num_id.get(qn("w:val"))
        abstrakt = None
        if any(rel.reltype == RT.NUMBERING for rel in dok.part.rels.values()) and "list number" in numpr:
            for num in dok.part.numbering_part.element.findall(qn("w:num")):
                if num.get(qn("w:numId")) == numpr["list number"]:
                    abstrakt = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        sektion = dok.sections[-1]
        breite = (sektion.page_width or 0) - (sektion.left_margin or 0) - (sektion.right_margin or 0)
        return cls(ids, numpr.get("list bullet"), abstrakt, max(breite // 635, 2000))

    def absatz(self, *namen: str) -> str | None:
        """The id of the first of `namen` the template has (None: the default style)."""
        gefunden = (self.ids.get(("paragraph", name.lower())) for name in namen)
        return next((sid for sid in gefunden if sid), None)

    def zeichen(self, name: str) -> str | None:
        return self.ids.get(("character", name.lower()))


def _pstyle(sid: str | None) -> str:
    return f"<w:pStyle w:val={quoteattr(sid)}/>" if sid else ""


class Wordsatz:
    """Markdown tokens → WordprocessingML paragraphs and runs, for one document.

    Links become hyperlink relationships and every ordered list a new w:num (restarting
    at its first number) in that document, so one instance serves one render.
    """

    def __init__(self, dok, stile: Stile):
        self.dok, self.stile = dok, stile
        self._numbering = dok.part.numbering_part.element if stile.nummerierung else None
        nummern = self._numbering.findall(qn("w:num")) if self._numbering is not None else []
        self._naechste_num = max((int(n.get(qn("w:numId"))) for n in nummern), default=0) + 1

    # runs ------------------------------------------------------------------
    def _run(self, text: str, *, fett=False, kursiv=False, durch=False, code=False, link=False) -> str:
        text = xml_text(text)
        if not text:
            return ""
        rpr = ""
        stil = self.stile.zeichen("Hyperlink") if link else self.stile.zeichen("HTML Code") if code else None
        if stil:
            rpr += f"<w:rStyle w:val={quoteattr(stil)}/>"
        elif code:
            rpr += '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New"/>'
        rpr += "<w:b/><w:bCs/>" if fett else ""
        rpr += "<w:i/><w:iCs/>" if kursiv else ""
        rpr += "<w:strike/>" if durch else ""
        inhalt = []
        for i, zeile in enumerate(text.split("\n")):
            if i:
                inhalt.append("<w:br/>")
            for j, stueck in enumerate(zeile.split("\t")):
                if j:
                    inhalt.append("<w:tab/>")
                if stueck:
                    inhalt.append(f'<w:t xml:space="preserve">{escape(stueck)}</w:t>')
        return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{''.join(inhalt)}</w:r>"

    def runs(self, inline, *, fett: bool = False) -> str:
        """The runs of one inline token (a paragraph's text)."""
        aus: list[str] = []
        link: list[str] | None = None
        link_ziel = None
        zaehler = {"fett": int(fett), "kursiv": 0, "durch": 0}
        wechsel = {"strong": "fett", "em": "kursiv", "s": "durch"}
        for kind in inline.children or []:
            typ = kind.type
            art = dict(fett=zaehler["fett"] > 0, kursiv=zaehler["kursiv"] > 0, durch=zaehler["durch"] > 0,
                       link=link is not None and link_ziel is not None)
            ziel = aus if link is None else link
            if typ == "text":
                ziel.append(self._run(kind.content, **art))
            elif typ == "softbreak":
                ziel.append(self._run(" ", **art))
            elif typ == "hardbreak":
                ziel.append("<w:r><w:br/></w:r>")
            elif typ == "code_inline":
                ziel.append(self._run(kind.content, code=True, **{**art, "link": False}))
            elif typ == "image":  # no files or network while rendering: the alt text stands in
                ziel.append(self._run("".join(c.content for c in kind.children or []), **art))
            elif typ.endswith("_open") and typ[:-5] in wechsel:
                zaehler[wechsel[typ[:-5]]] += 1
            elif typ.endswith("_close") and typ[:-6] in wechsel:
                zaehler[wechsel[typ[:-6]]] -= 1
            elif typ == "link_open":
                href = xml_text(kind.attrs.get("href", ""))
                link, link_ziel = [], href if href.lower().startswith(_LINKS_ERLAUBT) else None
            elif typ == "link_close" and link is not None:
                if link_ziel:
                    rid = self.dok.part.relate_to(link_ziel, RT.HYPERLINK, is_external=True)
                    aus.append(f'<w:hyperlink r:id="{rid}" w:history="1">{"".join(link)}</w:hyperlink>')
                else:
                    aus.extend(link)
                link = link_ziel = None
        return "".join(aus)

    # paragraphs ---------------------------------------------------------------
    def absatz(self, stil: str | None, runs: str, *, num=None, einzug=None, linie=False, ausrichtung=None) -> str:
        ppr = _pstyle(stil)
        if num and num[0]:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        if linie:
            ppr += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
        if einzug:
            ppr += f'<w:ind w:left="{einzug}"/>'
        if ausrichtung:
            ppr += f'<w:jc w:val="{ausrichtung}"/>'
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"

    def _neue_liste(self, ebene: int, start: int) -> str | None:
        """A w:num of the template's ordered list that starts again at `start`."""
        if self._numbering is None:
            return None
        num_id = str(self._naechste_num)
        self._naechste_num += 1
        num = parse_xml(
            f'<w:num xmlns:w="{self._numbering.nsmap["w"]}" w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{self.stile.nummerierung}"/>'
            f'<w:lvlOverride w:ilvl="{ebene}"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
        ende = self._numbering.find(qn("w:numIdMacAtCleanup"))
        if ende is not None:
            ende.addprevious(num)
        else:
            self._numbering.append(num)
        return num_id

    def bloecke(self, tokens, *, ebene: int = 0, textstil: str = "Body Text") -> str:
        """Block tokens as paragraphs and tables; lists start at list level `ebene`."""
        teile: list[str] = []
        listen: list[tuple[str | None, int, bool]] = []  # numId, level, ordered
        erster: list[bool] = []  # per open list item: its first paragraph is still to come
        zitat = 0
        i = 0
        while i < len(tokens):
            t = tokens[i]
            typ = t.type
            if typ in ("bullet_list_open", "ordered_list_open"):
                stufe = min(ebene + len(listen), 8)
                geordnet = typ == "ordered_list_open"
                start = int(t.attrs.get("start", 1)) if geordnet else 1
                num = self._neue_liste(stufe, start) if geordnet else self.stile.aufzaehlung
                listen.append((num, stufe, geordnet))
            elif typ in ("bullet_list_close", "ordered_list_close"):
                listen.pop()
            elif typ == "list_item_open":
                erster.append(True)
            elif typ == "list_item_close":
                erster.pop()
            elif typ in ("blockquote_open", "blockquote_close"):
                zitat += 1 if typ == "blockquote_open" else -1
            elif typ == "paragraph_open":
                runs = self.runs(tokens[i + 1])
                if listen and erster[-1]:
                    erster[-1] = False
                    num, stufe, geordnet = listen[-1]
                    stil = self.stile.absatz("List Number" if geordnet else "List Bullet", textstil, "Body Text")
                    teile.append(self.absatz(stil, runs, num=(num, stufe)))
                elif listen:
                    stil = self.stile.absatz("List Continue", textstil, "Body Text")
                    teile.append(self.absatz(stil, runs, einzug=EINZUG * (listen[-1][1] + 1)))
                else:
                    stil = self.stile.absatz("Quote", textstil) if zitat else self.stile.absatz(textstil, "Body Text")
                    teile.append(self.absatz(stil, runs))
                i += 3
                continue
            elif typ == "heading_open":
                stil = self.stile.absatz("Heading 3" if t.tag == "h3" else "Heading 4", textstil)  # markdown.py shifts "#" to h3
                teile.append(self.absatz(stil, self.runs(tokens[i + 1])))
                i += 3
                continue
            elif typ in ("fence", "code_block"):
                einzug = EINZUG * (listen[-1][1] + 1) if listen else None
                stil = self.stile.absatz("HTML Preformatted", textstil)
                teile.append(self.absatz(stil, self._run(t.content.rstrip("\n")), einzug=einzug))
            elif typ == "hr":
                teile.append(self.absatz(self.stile.absatz(textstil, "Body Text"), "", linie=True))
            elif typ == "table_open":
                ende = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                if teile and teile[-1].startswith("<w:tbl>"):
                    teile.append("<w:p/>")  # Word would merge two adjacent tables
                teile.append(self._tabelle(tokens[i:ende + 1]))
                i = ende + 1
                continue
            i += 1
        return "".join(teile)

    def _tabelle(self, tokens) -> str:
        zeilen: list[tuple[bool, list[str]]] = []
        kopf = False
        stil = self.stile.absatz("Tabelleninhalt", "Normal")
        for i, t in enumerate(tokens):
            if t.type in ("thead_open", "thead_close"):
                kopf = t.type == "thead_open"
            elif t.type == "tr_open":
                zeilen.append((kopf, []))
            elif t.type in ("th_open", "td_open"):
                ausrichtung = str(t.attrs.get("style", "")).removeprefix("text-align:")
                runs = self.runs(tokens[i + 1], fett=t.type == "th_open")
                zeilen[-1][1].append(self.absatz(stil, runs, ausrichtung=ausrichtung if ausrichtung in
                                                 ("left", "center", "right") else None))
        return self.tabelle(zeilen)

    def tabelle(self, zeilen: list[tuple[bool, list[str]]], gewichte: list[float] | None = None) -> str:
        """A table of (is header row, cell paragraphs) rows, in the template's table style;
        column widths in proportion to `gewichte` (default: equal)."""
        spalten = max((len(z) for _, z in zeilen), default=1)
        gewichte = gewichte or [1] * spalten
        breiten = [int(self.stile.textbreite * g / sum(gewichte)) for g in gewichte]
        tabellenstil = self.stile.ids.get(("table", "table grid"))
        xml = ["<w:tbl><w:tblPr>", f"<w:tblStyle w:val={quoteattr(tabellenstil)}/>" if tabellenstil else "",
               '<w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
               'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
               "".join(f'<w:gridCol w:w="{b}"/>' for b in breiten), "</w:tblGrid>"]
        for ist_kopf, zellen in zeilen:
            xml.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if ist_kopf else "<w:tr>")
            for zelle, breite in zip(zellen + ["<w:p/>"] * (spalten - len(zellen)), breiten):
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{breite}" w:type="dxa"/></w:tcPr>{zelle}</w:tc>')
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        return "".join(xml)

    def kostentabelle(self, kosten) -> str:
        """The "Finanzielle Auswirkungen" (antragsgen.kosten.Kosten) as a Word table."""
        stil = self.stile.absatz("Tabelleninhalt", "Normal")

        def zelle(text: str, *, fett: bool = False, rechts: bool = False) -> str:
            return self.absatz(stil, self._run(typografie(text), fett=fett), ausrichtung="right" if rechts else None)

        zeilen = [(True, [zelle("lfd. Nr.", fett=True), zelle("Maßnahme", fett=True),
                          *(zelle(str(j), fett=True, rechts=True) for j in kosten.jahre)])]
        for z in kosten.zeilen:
            zeilen.append((False, [zelle(str(z.punkt.lfd_nr or "")), zelle(z.bezeichnung), *(
                zelle(z.betrag_text(j), rechts=True)
                for j in kosten.jahre)]))
        summe = kosten.summe_text
        zeilen.append((False, [zelle(""), zelle(summe, fett=True),
                               *(zelle(euro(kosten.summen[j]), fett=True, rechts=True) for j in kosten.jahre)]))
        return self.tabelle(zeilen, [1.2, 4] + [1.6] * len(kosten.jahre))

"""Markdown tokens → WordprocessingML paragraphs, runs and tables in a template's styles.

Used by the DOCX renderer for requests, Vorbemerkung, Begründung and Deckung, for the
lists of requests the template does not lay out itself (dash lists, plain paragraphs,
sections) and for the lines that need a style older templates lack (Unterzeile, …).
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..schreibweise import euro, typografie

# Characters XML 1.0 forbids (and C1 controls pasted from Word): dropped, never escaped.
_UNGUELTIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINKS_ERLAUBT = ("http://", "https://", "mailto:")
EINZUG = 425  # twips per list level (0,75 cm), as in the standard template
ABSTAND = 567  # twips between two columns of signatures (1 cm)
STRICH = "\u2013"  # the dash of a dash list (SPEC §3.7 aufzaehlung: spiegelstriche)

# paragraph styles of the v2 keys (SPEC §3.7): where a template has no style of that name, the
# rendered document gets this one (based on, paragraph and run properties); older templates,
# and the built-in ones, whose styles must not change, render as before
EIGENE_STILE = {
    "Unterzeile": ("Normal", '<w:keepNext/><w:spacing w:after="240"/>', '<w:sz w:val="26"/><w:szCs w:val="26"/>'),
    "Antragsteller": ("Normal", '<w:keepNext/><w:spacing w:after="240"/>', "<w:b/><w:bCs/>"),
    "Unterschrift Fraktion": ("Normal", '<w:keepNext/><w:spacing w:before="480"/>', "<w:b/><w:bCs/>"),
    "Ansprechpartner": ("Body Text", '<w:spacing w:before="360"/>', ""),
}


def als_liste(anzahl: int, aufzaehlung: str) -> bool:
    """Whether requests stand as list items: not as plain paragraphs, nor a single one (but a dash)."""
    return aufzaehlung == "spiegelstriche" or (aufzaehlung == "nummeriert" and anzahl > 1)


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
    punkte: str | None = None  # abstractNumId of "Antragspunkt": the requests' numbering

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
        abstrakt = {}
        if any(rel.reltype == RT.NUMBERING for rel in dok.part.rels.values()):
            for num in dok.part.numbering_part.element.findall(qn("w:num")):
                for name, num_id in numpr.items():
                    if num.get(qn("w:numId")) == num_id and num.find(qn("w:abstractNumId")) is not None:
                        abstrakt[name] = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        sektion = dok.sections[-1]
        breite = (sektion.page_width or 0) - (sektion.left_margin or 0) - (sektion.right_margin or 0)
        return cls(ids, numpr.get("list bullet"), abstrakt.get("list number"), max(breite // 635, 2000),
                   abstrakt.get("antragspunkt"))

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
        self._numbering = None  # the document's numbering, once a list needs it
        self._naechste_num = 1
        self._eigene: dict[str, str] = {}  # EIGENE_STILE added to this document: name → id
        self._strichliste: str | None = None  # abstractNumId of the dash list, once made

    # styles --------------------------------------------------------------------
    def stil(self, *namen: str) -> str | None:
        """The id of the first of `namen` the template has; one of EIGENE_STILE is added
        to the document when the template lacks it (None: the default style)."""
        for name in namen:
            sid = self.stile.absatz(name)
            if sid is None and name in EIGENE_STILE:
                sid = self._eigene.get(name) or self._stil_anlegen(name)
            if sid:
                return sid
        return None

    def _stil_anlegen(self, name: str) -> str:
        basis, ppr, rpr = EIGENE_STILE[name]
        vergeben = set(self.stile.ids.values()) | set(self._eigene.values())
        sid = basis_id = name.replace(" ", "")
        zaehler = 1
        while sid in vergeben:
            zaehler += 1
            sid = f"{basis_id}{zaehler}"
        basis_sid = self.stile.absatz(basis)
        self.dok.styles.element.append(parse_xml(
            f'<w:style xmlns:w="{self.dok.styles.element.nsmap["w"]}" w:type="paragraph" w:customStyle="1" '
            f"w:styleId={quoteattr(sid)}><w:name w:val={quoteattr(name)}/>"
            + (f"<w:basedOn w:val={quoteattr(basis_sid)}/>" if basis_sid else "")
            + f"<w:qFormat/><w:pPr>{ppr}</w:pPr>" + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "</w:style>"))
        self._eigene[name] = sid
        return sid

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
    def absatz(self, stil: str | None, runs: str, *, num=None, einzug=None, rechts=None, linie=False,
               ausrichtung=None) -> str:
        ppr = _pstyle(stil)
        if num and num[0]:
            ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        if linie:
            ppr += '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
        if einzug or rechts is not None:
            ppr += ("<w:ind" + (f' w:left="{einzug}"' if einzug else "")
                    + (f' w:right="{rechts}"' if rechts is not None else "") + "/>")
        if ausrichtung:
            ppr += f'<w:jc w:val="{ausrichtung}"/>'
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"

    def _neue_liste(self, ebene: int, start: int, abstrakt: str | None = None) -> str | None:
        """A w:num of the template's ordered list (or of `abstrakt`) that starts again at `start`."""
        abstrakt = abstrakt or self.stile.nummerierung
        if abstrakt is None:
            return None
        override = f'<w:lvlOverride w:ilvl="{ebene}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        return self._num(abstrakt, override)

    def _nummerierung(self):
        """The document's numbering part; one is added to a template that has none."""
        if self._numbering is None:
            self._numbering = self.dok.part.numbering_part.element
            nummern = self._numbering.findall(qn("w:num"))
            self._naechste_num = max((int(n.get(qn("w:numId"))) for n in nummern), default=0) + 1
        return self._numbering

    def _num(self, abstrakt: str, override: str = "") -> str:
        numbering = self._nummerierung()
        num_id = str(self._naechste_num)
        self._naechste_num += 1
        num = parse_xml(f'<w:num xmlns:w="{numbering.nsmap["w"]}" w:numId="{num_id}">'
                        f'<w:abstractNumId w:val="{abstrakt}"/>{override}</w:num>')
        ende = numbering.find(qn("w:numIdMacAtCleanup"))
        if ende is not None:
            ende.addprevious(num)
        else:
            numbering.append(num)
        return num_id

    def _abstrakt_anlegen(self, name: str, format_: str, text: str) -> str:
        """A new list definition: a copy of the requests' numbering (indents and colours of the
        template) with format `format_` and level text `text`, or a plain one."""
        numbering = self._nummerierung()
        vorhanden = numbering.findall(qn("w:abstractNum"))
        neu_id = str(max((int(a.get(qn("w:abstractNumId"))) for a in vorhanden), default=-1) + 1)
        vorlage = next((a for a in vorhanden if a.get(qn("w:abstractNumId")) == self.stile.punkte), None)
        w = numbering.nsmap["w"]
        if vorlage is not None:
            abstrakt = deepcopy(vorlage)
            for kind in abstrakt.findall(qn("w:nsid")) + abstrakt.findall(qn("w:styleLink")):
                abstrakt.remove(kind)
        else:
            abstrakt = parse_xml(
                f'<w:abstractNum xmlns:w="{w}"><w:multiLevelType w:val="singleLevel"/><w:name/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt/><w:lvlText/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{EINZUG}" w:hanging="{EINZUG}"/></w:pPr></w:lvl></w:abstractNum>')
        abstrakt.set(qn("w:abstractNumId"), neu_id)
        if abstrakt.find(qn("w:name")) is not None:
            abstrakt.find(qn("w:name")).set(qn("w:val"), name)
        for ebene in abstrakt.findall(qn("w:lvl")):
            ebene.find(qn("w:numFmt")).set(qn("w:val"), format_)
            ebene.find(qn("w:lvlText")).set(qn("w:val"), text.replace("%1", f"%{int(ebene.get(qn('w:ilvl'))) + 1}"))
            for stil in ebene.findall(qn("w:pStyle")):  # the style stays linked to the numbered list only
                ebene.remove(stil)
        if vorhanden:
            vorhanden[-1].addnext(abstrakt)
        else:
            numbering.insert(0, abstrakt)
        return neu_id

    def punkteliste(self, aufzaehlung: str) -> str | None:
        """A new numId for one list of requests (each list its own, as in a section): a dash
        list, or a numbered list starting again at 1; None for plain paragraphs."""
        if aufzaehlung == "spiegelstriche":
            if self._strichliste is None:  # the definition once, a w:num per list
                self._strichliste = self._abstrakt_anlegen("Spiegelstriche", "bullet", STRICH)
            return self._num(self._strichliste)
        if aufzaehlung == "absaetze":
            return None
        if self.stile.punkte is None:
            self.stile = replace(self.stile, punkte=self._abstrakt_anlegen("Antragspunkte", "decimal", "%1."))
        return self._neue_liste(0, 1, self.stile.punkte)

    def antragsliste(self, punkte: list[tuple[str, str]], aufzaehlung: str) -> str:
        """Requests, given as (runs of the first paragraph, further paragraphs), in the motion's
        `aufzaehlung` (SPEC §3.7): a list of its own, or plain paragraphs; a single request is
        a plain paragraph, as in the template, unless it is a dash."""
        if als_liste(len(punkte), aufzaehlung):
            stil, num = self.stil("Antragspunkt", "List Number", "Body Text"), self.punkteliste(aufzaehlung)
        else:
            stil, num = self.stil("Body Text"), None
        return "".join(self.absatz(stil, runs, num=(num, 0)) + weiter for runs, weiter in punkte)

    def textabsatz(self, stil: str, text: str | None) -> str:
        """`text` as one paragraph in style `stil` (see `stil`), each line its own line; "" without text."""
        return self.absatz(self.stil(stil), self.text(typografie(text))) if text else ""

    def text(self, text: str) -> str:
        """Plain text as a run (line breaks kept)."""
        return self._run(text)

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

    def unterschriften(self, gruppen: list[tuple[str, list[tuple[str, str | None]]]], je_zeile: int = 3) -> str:
        """Signatures side by side, one column per Fraktion (its name, then each name and role),
        as a table without borders that does not break across pages; `je_zeile` columns a row."""
        spalten = min(len(gruppen), je_zeile)
        breite = self.stile.textbreite // spalten
        name, funktion, fraktion = (self.stil(n) for n in ("Unterschrift", "Unterschrift Funktion",
                                                             "Unterschrift Fraktion"))
        xml = ['<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="{ABSTAND}" w:type="dxa"/></w:tblCellMar>'
               '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
               'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
               f'<w:gridCol w:w="{breite}"/>' * spalten, "</w:tblGrid>"]
        for anfang in range(0, len(gruppen), spalten):
            xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for gruppe, personen in gruppen[anfang:anfang + spalten] + [("", [])] * (
                    spalten - len(gruppen[anfang:anfang + spalten])):
                # a signing line as wide as the column: no right indent of a full-width style
                absaetze = [self.absatz(fraktion, self.text(typografie(gruppe)), rechts=0)] if gruppe else []
                for person, rolle in personen:
                    absaetze.append(self.absatz(name, self.text(person), rechts=0))
                    if rolle:
                        absaetze.append(self.absatz(funktion, self.text(rolle), rechts=0))
                xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{breite}" w:type="dxa"/></w:tcPr>'
                           f'{"".join(absaetze) or "<w:p/>"}</w:tc>')
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
            zeilen.append((False, [zelle(str(z.lfd_nr or "")), zelle(z.bezeichnung), *(
                zelle(z.betrag_text(j), rechts=True)
                for j in kosten.jahre)]))
        summe = kosten.summe_text
        zeilen.append((False, [zelle(""), zelle(summe, fett=True),
                               *(zelle(euro(kosten.summen[j]), fett=True, rechts=True) for j in kosten.jahre)]))
        # medium-term planning (four years and more): narrower labels, so each amount fits its column
        vorn = [1.2, 4] if len(kosten.jahre) < 4 else [0.9, 2]
        return self.tabelle(zeilen, vorn + [1.6] * len(kosten.jahre))

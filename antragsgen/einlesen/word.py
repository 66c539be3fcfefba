"""A checked DOCX → its blocks in reading order: paragraphs (style, list, bold, text as
Markdown) and tables, plus the core properties.

python-docx opens the package; the paragraphs are walked here, because its own run list
misses text inside tracked insertions, fields and content controls.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..markdown import markdown_escape

_LINKS = ("http://", "https://", "mailto:")
# what the renderer inserts for print (no-break and zero-width spaces) is not the user's text
_DRUCKZEICHEN = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u200b": None, "\u00ad": None,
                                # Unicode's own line breaks are line breaks (YAML reads them so, too)
                                "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_UEBERSCHRIFT = re.compile(r"^(?:heading|überschrift)\s*(\d)$")
_AUSLASSEN = {qn(t) for t in ("w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:instrText", "w:delText",
                              "w:commentReference", "w:endnoteReference")}
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


@dataclass(frozen=True)
class Liste:
    """Word's own numbering of a paragraph: which list, which level, numbers or bullets."""

    num_id: str
    ebene: int
    zahlen: bool


@dataclass
class Absatz:
    nr: int  # place in the document, counted over paragraphs and tables
    stil: str  # style name, lower case ("body text", "antragspunkt", "normal")
    text: str  # plain text
    markdown: str  # the text as inline Markdown (bold, italic, links)
    fett: bool  # every letter bold
    liste: Liste | None = None
    stufe: int | None = None  # heading level from the style (0: Title)


@dataclass
class Tabelle:
    nr: int
    zeilen: list[list[list[Absatz]]] = field(default_factory=list)  # rows → cells → paragraphs

    @property
    def absaetze(self) -> list[Absatz]:
        return [a for zeile in self.zeilen for zelle in zeile for a in zelle]

    @property
    def spaltenweise(self) -> list[Absatz]:
        """The paragraphs column by column: signatures side by side are one group per column."""
        breite = max((len(z) for z in self.zeilen), default=0)
        return [a for k in range(breite) for z in self.zeilen if k < len(z) for a in z[k]]


@dataclass
class Dokument:
    bloecke: list[Absatz | Tabelle]
    titel: str = ""
    autor: str = ""
    betreff: str = ""
    kennung: str = ""  # keywords: the motion id antragsgen wrote
    kopfzeilen: list[str] = field(default_factory=list)  # text of the page headers
    fussnoten: list[str] = field(default_factory=list)  # "[1] Quelle: …", in the order of their marks


def _ein(element, name: str) -> bool:
    """Is a run property (w:b, w:i, …) switched on?"""
    e = element.find(qn(name)) if element is not None else None
    return e is not None and e.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


class _Leser:
    def __init__(self, dok):
        self.dok = dok
        self.stile = {s.get(qn("w:styleId")): s for s in dok.styles.element.findall(qn("w:style"))}
        self.formate: dict[tuple[str, int], bool] = {}
        try:
            numbering = dok.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            abstrakt = {}
            for a in numbering.findall(qn("w:abstractNum")):
                abstrakt[a.get(qn("w:abstractNumId"))] = {
                    int(lvl.get(qn("w:ilvl"), "0")): (lvl.find(qn("w:numFmt")).get(qn("w:val"))
                                                       if lvl.find(qn("w:numFmt")) is not None else "decimal")
                    for lvl in a.findall(qn("w:lvl"))}
            for num in numbering.findall(qn("w:num")):
                ref = num.find(qn("w:abstractNumId"))
                for ebene, fmt in abstrakt.get(ref.get(qn("w:val")) if ref is not None else None, {}).items():
                    self.formate[(num.get(qn("w:numId")), ebene)] = fmt not in ("bullet", "none")
        self.nr = 0
        self.fussnoten: dict[str, int] = {}  # footnote id → its number in the text

    # styles ---------------------------------------------------------------------
    def _kette(self, stil_id: str | None):
        gesehen = set()
        while stil_id and stil_id in self.stile and stil_id not in gesehen:
            gesehen.add(stil_id)
            stil = self.stile[stil_id]
            yield stil
            basis = stil.find(qn("w:basedOn"))
            stil_id = basis.get(qn("w:val")) if basis is not None else None

    def _stilname(self, stil_id: str | None) -> str:
        for stil in self._kette(stil_id):
            name = stil.find(qn("w:name"))
            return (name.get(qn("w:val")) if name is not None else stil_id or "").lower()
        return "normal"

    def _stil_fett(self, stil_id: str | None) -> bool:
        for stil in self._kette(stil_id):
            rpr = stil.find(qn("w:rPr"))
            if rpr is not None and rpr.find(qn("w:b")) is not None:
                return _ein(rpr, "w:b")
        return False

    def _liste(self, ppr, stil_id: str | None) -> Liste | None:
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None:
            for stil in self._kette(stil_id):
                numpr = stil.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                if numpr is not None:
                    break
        if numpr is None:
            return None
        num = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        num_id = num.get(qn("w:val")) if num is not None else None
        if not num_id or num_id == "0":
            return None
        ebene = int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
        return Liste(num_id, ebene, self.formate.get((num_id, ebene), True))

    # paragraphs -----------------------------------------------------------------
    def _stuecke(self, element, fett_stil: bool, link: str | None, aus: list, kaesten: list) -> None:
        """(text, bold, italic, struck, link) pieces of a paragraph, in reading order."""
        for kind in element:
            tag = kind.tag
            if tag in _AUSLASSEN or not isinstance(tag, str):
                continue
            if tag == qn("w:r"):
                rpr = kind.find(qn("w:rPr"))
                zstil = rpr.find(qn("w:rStyle")) if rpr is not None else None
                fett = _ein(rpr, "w:b") if rpr is not None and rpr.find(qn("w:b")) is not None else (
                    self._stil_fett(zstil.get(qn("w:val"))) if zstil is not None else fett_stil)
                art = (fett, _ein(rpr, "w:i"), _ein(rpr, "w:strike"), link)
                for t in kind:
                    if t.tag == qn("w:t"):
                        aus.append((t.text or "", *art))
                    elif t.tag == qn("w:tab"):
                        aus.append(("\t", *art))
                    elif t.tag in (qn("w:br"), qn("w:cr")):
                        aus.append(("\n", *art))
                    elif t.tag == qn("w:noBreakHyphen"):
                        aus.append(("-", *art))
                    elif t.tag == qn("w:footnoteReference"):  # the mark, in print order: [1], [2], …
                        nummer = self.fussnoten.setdefault(t.get(qn("w:id")), len(self.fussnoten) + 1)
                        aus.append((f"[{nummer}]", *art))
                    elif t.tag in (qn("w:drawing"), qn("w:pict"), f"{_MC}AlternateContent"):
                        self._kaesten(t, kaesten)
            elif tag == qn("w:hyperlink"):
                ziel = None
                rid = kind.get(qn("r:id"))
                if rid and rid in self.dok.part.rels and self.dok.part.rels[rid].is_external:
                    ziel = self.dok.part.rels[rid].target_ref
                self._stuecke(kind, fett_stil, ziel if ziel and ziel.lower().startswith(_LINKS) else None,
                              aus, kaesten)
            elif tag == f"{_MC}AlternateContent":
                self._kaesten(kind, kaesten)
            else:  # w:ins, w:smartTag, w:fldSimple, w:sdt, w:sdtContent, …
                self._stuecke(kind, fett_stil, link, aus, kaesten)

    def _kaesten(self, element, kaesten: list) -> None:
        """Text boxes (letterheads use them) become paragraphs of their own; of Word's two
        copies of a drawing (mc:Choice, mc:Fallback) only the first counts."""
        if element.tag == f"{_MC}AlternateContent":
            wahl = element.find(f"{_MC}Choice")
            element = wahl if wahl is not None else element
        for inhalt in element.iter(qn("w:txbxContent")):
            kaesten.extend(inhalt.findall(qn("w:p")))
            break

    def absatz(self, p) -> list[Absatz]:
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        stil_id = ps.get(qn("w:val")) if ps is not None else None
        if stil_id is None:  # the document's default paragraph style
            stil_id = next((sid for sid, s in self.stile.items() if s.get(qn("w:type")) == "paragraph"
                            and s.get(qn("w:default")) in ("1", "true")), None)
        stilname = self._stilname(stil_id)
        stuecke: list = []
        kaesten: list = []
        # Markdown marks only what the run itself says: a bold style stays the style's
        self._stuecke(p, False, None, stuecke, kaesten)
        vorher = [a for k in kaesten for a in self.absatz(k)]
        self.nr += 1
        text = "".join(s[0] for s in stuecke).translate(_DRUCKZEICHEN)
        sichtbar = [s for s in stuecke if s[0].strip()]
        m = _UEBERSCHRIFT.match(stilname)
        stufe = 0 if stilname in ("title", "titel") else int(m.group(1)) if m else None
        absatz = Absatz(self.nr, stilname, text.strip(), _markdown(stuecke).strip(),
                        bool(sichtbar) and (self._stil_fett(stil_id) or all(s[1] for s in sichtbar)),
                        self._liste(ppr, stil_id), stufe)
        return [*vorher, absatz]

    def tabelle(self, tbl) -> Tabelle:
        self.nr += 1
        tabelle = Tabelle(self.nr)
        for tr in tbl.iter(qn("w:tr")):
            if tr.getparent() is not tbl:
                continue
            zeile = []
            for tc in tr.findall(qn("w:tc")):
                zelle = []
                for kind in tc:
                    if kind.tag == qn("w:p"):
                        zelle.extend(self.absatz(kind))
                    elif kind.tag == qn("w:tbl"):  # a table in a cell: its paragraphs in order
                        zelle.extend(self.tabelle(kind).absaetze)
                zeile.append(zelle)
            tabelle.zeilen.append(zeile)
        return tabelle

    def bloecke(self, element) -> list[Absatz | Tabelle]:
        aus: list[Absatz | Tabelle] = []
        for kind in element:
            if kind.tag == qn("w:p"):
                aus.extend(self.absatz(kind))
            elif kind.tag == qn("w:tbl"):
                aus.append(self.tabelle(kind))
            elif kind.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                aus.extend(self.bloecke(kind))
        return aus


def _markdown(stuecke: list) -> str:
    """Inline Markdown of (text, bold, italic, struck, link) pieces; whitespace stays outside
    the markers, so "**Wort** " is emphasis, never literal stars."""
    gruppen: list[list] = []
    for text, *art in stuecke:
        text = text.translate(_DRUCKZEICHEN)
        if gruppen and (gruppen[-1][1] == art or not text.strip()) and (gruppen[-1][1][3] == art[3]):
            gruppen[-1][0] += text
        else:
            gruppen.append([text, art])
    aus = []
    for text, (fett, kursiv, durch, link) in gruppen:
        kern = text.strip()
        if not kern:
            aus.append(_zeilen(text))
            continue
        links, rechts = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        md = _zeilen(markdown_escape(kern))
        if durch:
            md = f"~~{md}~~"
        if kursiv:
            md = f"*{md}*"
        if fett:
            md = f"**{md}**"
        if link:
            md = f"[{md}](<{link.replace('>', '%3E').replace(' ', '%20')}>)"
        aus.append(_zeilen(links) + md + _zeilen(rechts))
    return "".join(aus)


def _zeilen(text: str) -> str:
    """A line break inside a paragraph as Markdown's hard break."""
    return text.replace("\n", "\\\n")


def lies(daten: bytes) -> Dokument:
    """The blocks and properties of a DOCX (already checked by `quelle.pruefe_docx`)."""
    dok = Document(io.BytesIO(daten))
    leser = _Leser(dok)
    bloecke = leser.bloecke(dok.element.body)
    kp = dok.core_properties
    kopf = []
    for sektion in dok.sections[:1]:
        for p in sektion.header.paragraphs if not sektion.header.is_linked_to_previous else []:
            if p.text.strip():
                kopf.append(p.text.translate(_DRUCKZEICHEN).strip())
    return Dokument(bloecke, (kp.title or "").strip(), (kp.author or "").strip(), (kp.subject or "").strip(),
                    (kp.keywords or "").strip(), kopf, _fussnoten(dok, leser.fussnoten))


def _fussnoten(dok, nummern: dict[str, int]) -> list[str]:
    """The footnotes the text refers to, as "[N] text" (python-docx has no API for them)."""
    teil = next((r.target_part for r in dok.part.rels.values() if r.reltype == RT.FOOTNOTES and not r.is_external),
                None)
    if teil is None or not nummern:
        return []
    texte = {}
    for note in parse_xml(teil.blob).findall(qn("w:footnote")):
        text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in note.iter(qn("w:p")))
        texte[note.get(qn("w:id"))] = " ".join(text.translate(_DRUCKZEICHEN).split())
    return [f"[{n}] {texte.get(i, '')}".rstrip() for i, n in sorted(nummern.items(), key=lambda x: x[1])]

"""Word's own line numbering in a rendered DOCX (SPEC §3.9 zeilennummern).

The PDF counts the lines of Vorbemerkung, lead, requests, sections, Begründung and Deckung
(renderer/zeilen.py); Word numbers every paragraph of a section with `w:lnNumType` unless
the paragraph says `w:suppressLineNumbers`. So the rendered document gets the numbering in
every section of its body and the suppression on the paragraphs the PDF leaves out.

Which paragraphs those are is read from the finished document, not from tags: a user's
own template keeps working without new tags, and its own layout of the head counts as
long as it uses the built-in style names (Gremium, Fraktion, Title, Unterschrift, …). A
template that names its styles otherwise still gets line numbers, only more lines counted.
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# paragraph styles (lower case, as Stile looks them up) of head, title, signatures: never counted
NICHT_GEZAEHLT = frozenset({
    "vermerk", "gremium", "fraktion", "kopfangaben", "kopfangaben etikett", "oberzeile", "title", "unterzeile",
    "antragsteller", "bezug", "unterschrift", "unterschrift funktion", "unterschrift fraktion", "ansprechpartner",
    # the letterhead, where a template has it in the body rather than in the first-page header
    "briefkopf", "absender", "absender gremium", "briefkopflinie",
})
# what may follow w:suppressLineNumbers in w:pPr, and w:lnNumType in w:sectPr (ECMA-376 order)
_NACH_UNTERDRUECKEN = tuple(f"w:{n}" for n in (
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))
_NACH_ZEILENNUMMERN = tuple(f"w:{n}" for n in (
    "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
    "docGrid", "printerSettings", "sectPrChange"))


def zeilennummern(dok) -> None:
    """Number the lines of `dok` (a python-docx Document) as Word does, from 1 per document,
    leaving out the paragraphs that the PDF does not count."""
    namen = {}
    for stil in dok.styles.element.findall(qn("w:style")):
        name = stil.find(qn("w:name"))
        if stil.get(qn("w:type")) == "paragraph" and name is not None:
            namen[stil.get(qn("w:styleId"))] = (name.get(qn("w:val")) or "").lower()

    def stilname(absatz) -> str:
        sid = absatz.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return namen.get(sid.get(qn("w:val")), "") if sid is not None else ""

    koerper = dok.element.body
    for absatz in koerper.iter(qn("w:p")):
        if stilname(absatz) in NICHT_GEZAEHLT:
            _unterdruecken(absatz)
    # a table the renderer made outside the counted text (costs, Synopse: their paragraphs say so,
    # see Wordsatz.absatz) is left out whole, with the heading right above it
    for tabelle in koerper.iter(qn("w:tbl")):
        absaetze = list(tabelle.iter(qn("w:p")))
        mit_text = [a for a in absaetze if a.find(f".//{qn('w:t')}") is not None]
        if mit_text and all(_unterdrueckt(a) for a in mit_text):
            for absatz in absaetze:
                _unterdruecken(absatz)
            davor = tabelle.getprevious()
            if davor is not None and davor.tag == qn("w:p") and stilname(davor).startswith("heading"):
                _unterdruecken(davor)
    # Word never numbers headers and footers; LibreOffice numbers an empty first-page header
    for rel in dok.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            for absatz in rel.target_part.element.iter(qn("w:p")):
                _unterdruecken(absatz)
    for sektion in koerper.iter(qn("w:sectPr")):
        alt = sektion.find(qn("w:lnNumType"))
        if alt is not None:  # the template's own numbering gives way to ours
            sektion.remove(alt)
        neu = OxmlElement("w:lnNumType", {qn("w:countBy"): "1", qn("w:restart"): "continuous"})
        sektion.insert_element_before(neu, *_NACH_ZEILENNUMMERN)


def _unterdrueckt(absatz) -> bool:
    return absatz.find(f"{qn('w:pPr')}/{qn('w:suppressLineNumbers')}") is not None


def _unterdruecken(absatz) -> None:
    if not _unterdrueckt(absatz):
        absatz.get_or_add_pPr().insert_element_before(OxmlElement("w:suppressLineNumbers"), *_NACH_UNTERDRUECKEN)

"""Line numbers (SPEC §3.9): the lines of a motion's text as WeasyPrint set them, and their
numbers in the left page margin.

The first layout tells where every counted line stands. The numbers then go into the
left margin box of each page (`@page :nth(N)` shows the running element `zeilenN`, which
stands at the start of the body and so takes no room in the text): a second layout of
the same text, whose lines are checked to be where they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree import ElementTree

from weasyprint import CSS
from weasyprint.formatting_structure import boxes

# the parts whose lines count: Vorbemerkung, lead, requests, sections, Begründung, Deckung;
# head, title, cost table, signatures and Synopse are outside them
ZAEHLEN = frozenset({"vorbemerkung", "einleitung", "antragspunkte", "antragspunkt", "abschnitt", "begruendung",
                     "deckung"})
NICHT_ZAEHLEN = frozenset({"kosten", "kostentabelle", "unterschriften", "synopse"})
TRENNSTRICH = "\u2010"  # what WeasyPrint puts where it hyphenates a word


@dataclass(frozen=True)
class Zeile:
    """One counted line: its number, page (from 0), top and height (CSS px) and text."""

    nummer: int
    seite: int
    oben: float
    hoehe: float
    text: str


def _klassen(element) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


def _zeilentext(zeile: boxes.LineBox) -> str:
    return "".join(t.text for t in zeile.descendants()
                   if isinstance(t, boxes.TextBox) and not (t.element_tag or "").endswith("::marker"))


def _zeilenboxen(dokument) -> list[tuple[int, float, float, str, object]]:
    """(page, top, height, text, block element) of every counted line box, in reading order."""
    gefunden: list[tuple[int, float, float, str, object]] = []

    def laufe(box, seite: int, zaehlt: bool) -> None:
        if box.element is not None and not isinstance(box, boxes.InlineBox):
            klassen = _klassen(box.element)
            if klassen & NICHT_ZAEHLEN:
                return
            zaehlt = zaehlt or bool(klassen & ZAEHLEN)
        if isinstance(box, boxes.LineBox):
            text = _zeilentext(box)
            if zaehlt and text.strip():
                gefunden.append((seite, round(box.position_y, 2), box.height, text, box.element))
            return
        if isinstance(box, boxes.ParentBox):
            for kind in box.children:
                laufe(kind, seite, zaehlt)

    for seite, page in enumerate(dokument.pages):
        laufe(page._page_box, seite, False)
    return gefunden


def _gruppiert(gefunden) -> list[tuple[Zeile, list]]:
    """Lines side by side (cells of a table in a Begründung) are one line; with their boxes."""
    ergebnis: list[tuple[Zeile, list]] = []
    for seite, oben, hoehe, text, element in gefunden:
        if ergebnis and ergebnis[-1][0].seite == seite and abs(ergebnis[-1][0].oben - oben) < 0.5:
            letzte, teile = ergebnis[-1]
            ergebnis[-1] = (Zeile(letzte.nummer, seite, letzte.oben, max(letzte.hoehe, hoehe), f"{letzte.text} {text}"),
                            [*teile, (text, element)])
        else:
            ergebnis.append((Zeile(len(ergebnis) + 1, seite, oben, hoehe, text), [(text, element)]))
    return ergebnis


def zeilen(dokument) -> list[Zeile]:
    """The counted lines of a laid-out WeasyPrint document, numbered from 1 in reading order."""
    return [zeile for zeile, _ in _gruppiert(_zeilenboxen(dokument))]


def text_der_zeilen(alle: list[Zeile], von: int, bis: int) -> str:
    """What lines `von`–`bis` say, as one text: hyphenated words joined, whitespace normalised."""
    teile: list[str] = []
    for zeile in alle[von - 1:bis]:
        text = zeile.text.strip()
        if teile and teile[-1].endswith(TRENNSTRICH):
            teile[-1] = teile[-1][:-1] + text
        elif teile and teile[-1].endswith("-"):
            teile[-1] += text
        else:
            teile.append(text)
    return normalisiert(" ".join(teile))


def normalisiert(text: str) -> str:
    """Text as it is compared: no soft hyphens or zero-width spaces, one plain space between words."""
    text = re.sub("[\u00ad\u200b]", "", text).replace(TRENNSTRICH, "-")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def nummern_einsetzen(html, dokument, alle: list[Zeile]) -> CSS:
    """Put the numbers of `alle` into the document tree of `html` (a weasyprint.HTML) and
    return the style sheet that shows them in the left margin of each page."""
    body = html.etree_element.find("body")
    regeln = []
    for seite, page in enumerate(dokument.pages):
        name = f"zeilen{seite + 1}"
        oben_seite = page._page_box.margin_top
        block = ElementTree.Element("div", {"class": "zeilennummern", "aria-hidden": "true",
                                            "style": f"position: running({name})"})
        unten = 0.0  # where the last number ended, from the top of the page area
        for zeile in (z for z in alle if z.seite == seite):
            oben = zeile.oben - oben_seite
            nummer = ElementTree.SubElement(block, "div", {
                "class": "zeilennummer" + (" fuenfte" if zeile.nummer % 5 == 0 else ""),
                "style": f"margin-top: {oben - unten:.2f}px; height: {zeile.hoehe:.2f}px; "
                         f"line-height: {zeile.hoehe:.2f}px"})
            nummer.text = str(zeile.nummer)
            unten = oben + zeile.hoehe
        body.insert(0, block)
        regeln.append(f"@page :nth({seite + 1}) {{ @left-top {{ content: element({name}); }} }}")
    regeln.append("@page { @left-top { vertical-align: top; } }")
    return CSS(string="\n".join(regeln))




# --- the same numbers in the HTML page --------------------------------------------------------------

def _zeichen(element) -> list[tuple[str, object, str, int]]:
    """The text of `element` and everything in it, whitespace collapsed as WeasyPrint does:
    each kept character with its text node (element and "text" or "tail") and raw position."""
    aus: list[tuple[str, object, str, int]] = []

    def knoten(text: str | None, besitzer, art: str) -> None:
        for i, zeichen in enumerate(text or ""):
            if zeichen in "\u00ad\u200b":
                continue
            if zeichen.isspace():
                if aus and aus[-1][0] == " ":
                    continue
                zeichen = " "
            aus.append((zeichen, besitzer, art, i))

    def laufe(e) -> None:
        knoten(e.text, e, "text")
        for kind in e:
            laufe(kind)
            knoten(kind.tail, kind, "tail")

    laufe(element)
    return aus


def _pfade(wurzel) -> dict:
    pfade = {wurzel: ()}
    for vater in wurzel.iter():
        for i, kind in enumerate(vater):
            pfade[kind] = (*pfade[vater], i)
    return pfade


def html_mit_nummern(html, dokument, seite: str) -> str:
    """The HTML page `seite` with a mark at the start of each line the PDF numbers.

    `dokument` is the layout of `html` (a weasyprint.HTML of the same motion, the same body):
    each line is found in its block's text and a `<span class="zeilenmarke" data-zeile="N">`
    set where it begins.
    """
    import tinyhtml5

    pfade = _pfade(html.etree_element)
    marken = []  # (path of the text node's owner, "text"/"tail", raw position, number, break, hyphen)
    zeichen_von: dict = {}
    weiter: dict = {}
    vorige = (None, "")
    for zeile, teile in _gruppiert(_zeilenboxen(dokument)):
        text, block = teile[0]
        # a line that continues its block's text breaks where the PDF broke it, hyphen included
        umbruch = vorige[0] is block
        trennung = umbruch and vorige[1].rstrip().endswith(TRENNSTRICH)
        vorige = (block, teile[-1][0])
        if block not in zeichen_von:
            zeichen_von[block] = _zeichen(block)
        zeichen = zeichen_von[block]
        gesamt = "".join(z[0] for z in zeichen)
        suche = " ".join(re.sub("[\u00ad\u200b]", "", text).split()).rstrip(TRENNSTRICH)[:40]
        stelle = gesamt.find(suche, weiter.get(block, 0)) if suche else -1
        if stelle < 0:
            continue  # pragma: no cover - every line's text stands in its block
        weiter[block] = stelle + 1
        _, besitzer, art, roh = zeichen[stelle]
        marken.append((pfade[besitzer], art, roh, zeile.nummer, umbruch, trennung))
    wurzel = tinyhtml5.parse(seite, namespace_html_elements=False)
    elemente = {pfad: e for e, pfad in _pfade(wurzel).items()}
    # from the back, so earlier raw positions in the same text node stay valid
    for pfad, art, roh, nummer, umbruch, trennung in sorted(marken, key=lambda m: (m[0], m[1], m[2]), reverse=True):
        besitzer = elemente[pfad]
        marke = ElementTree.Element("span", {"class": "zeilenmarke umbruch" if umbruch else "zeilenmarke",
                                             "data-zeile": str(nummer), "aria-hidden": "true"})
        strich = TRENNSTRICH if trennung else ""
        if art == "text":
            marke.tail, besitzer.text = besitzer.text[roh:], besitzer.text[:roh] + strich
            besitzer.insert(0, marke)
        else:
            marke.tail, besitzer.tail = besitzer.tail[roh:], besitzer.tail[:roh] + strich
            vater = elemente[pfad[:-1]]
            vater.insert(list(vater).index(besitzer) + 1, marke)
    koerper = wurzel.find("body")
    koerper.set("class", (koerper.get("class", "") + " mit-zeilennummern").strip())
    return "<!DOCTYPE html>\n" + ElementTree.tostring(wurzel, encoding="unicode", method="html")

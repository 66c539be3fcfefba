"""A Word motion antragsgen did not write, read by its shape (SPEC §11).

Head (lines and letterhead tables) → title (first heading or bold line) → what stands before
the lead (Vorbemerkung) → lead → requests (Word's numbering or typed "1." "1)" "a)" "–")
→ Begründung and Deckungsvorschlag (by their heading, in any style) → signatures at the end.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..markdown import markdown_escape
from . import kopf
from .text import Punkt, listenart, zitat
from .word import Absatz, Tabelle

if TYPE_CHECKING:  # the reader calls these modules; they only fill it
    from .erkennen import Leser

_TYP_MARKE = re.compile(r"^(?:(?P<zahl>\d{1,2})\s?[.)]|(?P<buchstabe>[a-z])[.)]|(?P<strich>[–—\-•·▪●]))\s+")
_MD_MARKE = re.compile(r"^(?:\*\*)?(?:\d{1,2}\s?\\?[.)]|[a-z][.)]|\\?[–—\-•·▪●])(?:\*\*)?\s+")
_UNTERZEILE = re.compile(r"^(?:änderungs|ergänzungs)?antrag zu[mr]? "
                         r"|^zu[mr]? (?:drucksache|vorlage|tagesordnungspunkt)", re.I)
_GRUPPE = re.compile(r"^(?:für die |für |im namen der )(?P<g>.+?)(?::)?$", re.I)


def _marke(a: Absatz) -> tuple[str, int] | None:
    """(kind, level) of a request marker: Word's numbering or a typed one."""
    liste = listenart(a)
    if liste is not None:
        return ("wort-zahl" if liste[1] else "strich"), liste[0]
    m = _TYP_MARKE.match(a.text)
    if m:
        return next(k for k, v in m.groupdict().items() if v), 0
    return None


def _ohne_marke(a: Absatz) -> tuple[str, str]:
    if a.liste is not None:
        return a.markdown, a.text
    return _MD_MARKE.sub("", a.markdown, count=1), _TYP_MARKE.sub("", a.text, count=1)


def _ist_kopfzeile(a: Absatz) -> bool:
    t = a.text
    return bool(kopf.feld(t) or kopf.datumszeile(t) or kopf.art(t) or kopf.gremium(t)
                or (kopf.ist_fraktion(t) and a.stufe is None) or kopf.ist_oberzeile(t))


def _ist_ende(a: Absatz) -> bool:
    """Does this paragraph leave the requests (a heading of the next part)?"""
    return bool(kopf.begruendung(a.text) or kopf.deckung(a.text) or kopf.ist_kosten(a.text))


def _flach(t: Tabelle, spaltenweise: bool = False) -> list[Absatz]:
    """A letterhead table as lines: "Datum: 5.11.2021" from a label beside or above its value."""
    if spaltenweise:
        return t.spaltenweise
    zeilen = t.zeilen
    aus: list[Absatz] = []
    i = 0
    while i < len(zeilen):
        zellen = [" ".join(a.text for a in c).strip() for c in zeilen[i]]
        if len(zellen) == 2 and zellen[0].endswith(":") and zellen[1]:
            a = zeilen[i][1][0]
            aus.append(Absatz(a.nr, a.stil, f"{zellen[0]} {zellen[1]}", f"{zellen[0]} {zellen[1]}", a.fett))
        elif (i + 1 < len(zeilen) and len(zeilen[i + 1]) == len(zellen) > 1
              and all(z and len(z) <= 20 and not re.search(r"\d", z) for z in zellen)
              and all(kopf.feld(f"{z.rstrip(':')}: x") for z in zellen)):
            for etikett, zelle in zip(zellen, zeilen[i + 1]):
                wert = " ".join(a.text for a in zelle).strip()
                if wert and zelle:
                    aus.append(Absatz(zelle[0].nr, zelle[0].stil, f"{etikett.rstrip(':')}: {wert}",
                                      f"{etikett.rstrip(':')}: {wert}", False))
            i += 1
        else:
            for zelle in zeilen[i]:
                aus.extend(zelle)
        i += 1
    return aus


def _name_und_funktion(text: str) -> tuple[str, str] | None:
    """"Dr. Anna Beispiel, Fraktionsvorsitzende" → (name, function)."""
    name, _, funktion = text.partition(", ")
    return (name, funktion) if funktion and kopf.ist_name(name) and kopf.ist_funktion(funktion) else None


def _ist_unterschrift(text: str) -> bool:
    """A signatory's line: a name, "gez. Name", or "Name, Funktion"."""
    return bool(kopf.ist_name(text) or kopf.GEZ.match(text) or _name_und_funktion(text))


def _ist_unterschriftlich(b) -> bool:
    if isinstance(b, Tabelle):
        return bool(b.absaetze) and all(_ist_unterschriftlich(a) for a in b.absaetze)
    t = b.text
    return (not t or _ist_unterschrift(t) or kopf.ist_gruss(t) or kopf.ist_funktion(t)
            or bool(_GRUPPE.match(t) and len(t) <= 80) or (kopf.ist_fraktion(t))
            or bool(kopf.datumszeile(t)) or t.lower().startswith(("ansprechpartner", "kontakt:", "anlage")))


def _schluss(bloecke: list) -> int:
    """Where the signatures begin: the longest tail of signature-like lines with a name in it."""
    anfang = len(bloecke)
    while anfang > 0 and _ist_unterschriftlich(bloecke[anfang - 1]):
        anfang -= 1
    schwanz = [a for b in bloecke[anfang:] for a in (b.absaetze if isinstance(b, Tabelle) else [b])]
    if not any(a.text and _ist_unterschrift(a.text) for a in schwanz):
        return len(bloecke)
    # the lines before the first name, gez. or greeting belong to the text, not to the signatures
    while anfang < len(bloecke) and isinstance(bloecke[anfang], Absatz) and bloecke[anfang].text and not (
            kopf.ist_gruss(bloecke[anfang].text) or _ist_unterschrift(bloecke[anfang].text)
            or _GRUPPE.match(bloecke[anfang].text)
            or kopf.datumszeile(bloecke[anfang].text)):
        anfang += 1
    return anfang

def _kopfzeile(leser: Leser, a: Absatz) -> bool:
    """A foreign head line: a labelled field, a date, the Art, a Gremium or Fraktion."""
    text = a.text
    gefunden = kopf.feld(text)
    if gefunden:
        name, wert = gefunden
        if name == "datum" and leser.datumszeile(wert):
            return True
        if name == "art" and kopf.art(wert):
            leser.f["art"] = kopf.art(wert)[0]
            return True
        if name == "fraktion":
            leser.fraktionen(wert)
            return True
        if name == "ansprechpartner":
            leser.ansprechpartner(wert)
            return True
        if name in ("gremium", "nummer", "titel", "bezug", "oberzeile") and name not in leser.f:
            leser.f[name] = wert
            return True
    if leser.datumszeile(text):
        return True
    art = kopf.art(text)
    if art and leser.antragsteller(text):  # "Gemeinsamer Antrag der Fraktionen A, B und C"
        leser.f["art"] = art[0]
        return True
    if art and not a.stufe == 0:
        leser.f["art"] = art[0]
        if art[1]:
            leser.f["nummer"] = art[1]
        # "Antrag der SPD-Fraktion vom 5.11.2021"
        fraktion = re.search(r"\b(?:der|des)\s+(.*?fraktion.*?)(?:\s+vom\s+.*)?$", text, re.I)
        if fraktion and "fraktion" not in leser.f:
            leser.fraktionen(fraktion.group(1))
        if kopf.datum(text) and "datum" not in leser.f:
            leser.f["datum"] = kopf.datum(text)
        return True
    if "gremium" not in leser.f and kopf.gremium(text):
        leser.f["gremium"] = kopf.gremium(text)
        return True
    if "fraktion" not in leser.f and kopf.ist_fraktion(text) and not a.stufe == 0:
        leser.fraktionen(text)
        return True
    if "oberzeile" not in leser.f and kopf.ist_oberzeile(text):
        leser.f["oberzeile"] = text
        return True
    return False


def lies_fremd(leser: Leser, bloecke: list) -> None:
    """Fill `leser` (erkennen.Leser) from a foreign paper's blocks."""
    ende = _schluss(bloecke)
    # the title: the first heading or bold line that is not a head field, before any lead or request
    folge: list = []
    titelartig = False  # a heading or bold line came: tables from here on are content, not letterhead
    for b in bloecke[:ende]:
        if isinstance(b, Tabelle) and not titelartig:
            folge.extend(_flach(b))
        else:
            folge.append(b)
            titelartig = titelartig or (b.stufe is not None or b.fett) and bool(b.text)
    absaetze = [b for b in folge if isinstance(b, Absatz) and b.text]
    grenze = next((k for k, a in enumerate(absaetze) if kopf.ist_einleitung(a.text) or _ist_ende(a)
                   or (_marke(a) and k > 0)), len(absaetze))
    titel = next((a for a in absaetze[:grenze] if (a.stufe is not None or a.fett) and not _ist_kopfzeile(a)), None)
    if titel is None:
        titel = next((a for a in absaetze[:grenze] if not _ist_kopfzeile(a)), None)
    grenz_absatz = absaetze[grenze] if grenze < len(absaetze) else None
    punkte_art: tuple | None = None
    ohne_marke: list = []
    for b in folge:
        if isinstance(b, Tabelle):
            if leser.zone == "punkte" and leser.letzter_punkt is not None:
                leser.letzter_punkt.rest.dazu(b)
            elif leser.zone in ("kopf",):
                for a in _flach(b):
                    if not _kopfzeile(leser, a):
                        leser.unplatziert(a, "stand im Kopf und ließ sich keinem Feld zuordnen")
            else:
                leser.text(b, True)
            continue
        a = b
        if not a.text:
            continue
        if leser.zone == "kopf" and a is grenz_absatz:
            leser.zone = "vor"  # the lead or first request came before any title
        if leser.zone == "kopf":
            if a is titel and "titel" not in leser.f:
                leser.f["titel"] = a.text
                leser.zone = "vor"
            elif _kopfzeile(leser, a):
                if "titel" in leser.f:  # "Betreff: …" gave the title
                    leser.zone = "vor"
            else:
                leser.unplatziert(a, "stand im Kopf und ließ sich keinem Feld zuordnen")
            continue
        if leser.zone == "vor" and "unterzeile" not in leser.f and not leser.teile and not leser.einleitung and (
                a.stil in ("subtitle", "untertitel", "unterzeile") or _UNTERZEILE.match(a.text)):
            leser.f["unterzeile"] = a.text
            continue
        if leser.zone == "vor" and not leser.teile and not leser.einleitung and _ist_kopfzeile(a) \
                and _kopfzeile(leser, a):
            continue  # a head line under the title ("Stuttgart, 12.11.2021")
        if leser.zone in ("vor", "punkte") and not leser.punkte and kopf.ist_einleitung(a.text) and (
                leser.zone == "vor" or leser.einleitung):
            leser.einleitung.append(a.text)
            leser.zone = "punkte"
            continue
        if _teil_ueberschrift(leser, a):
            continue
        if leser.zone in ("vor", "punkte"):
            marke = _marke(a)
            if marke and (punkte_art is None or marke == punkte_art):
                if punkte_art is None:
                    punkte_art = marke
                    leser.punktebene = marke[1]
                if ohne_marke:  # lines between the lead and the first request lead on to them
                    leser.einleitung.extend(x.text for x in ohne_marke)
                    leser.e.merke(("einleitung",), f"{zitat(ohne_marke[0].text)} stand zwischen Einleitung und "
                                                   "erstem Antragspunkt und ist jetzt Teil der Einleitung")
                    ohne_marke.clear()
                leser.zone = "punkte"
                leser.marken.add(marke[0] if marke[0] != "buchstabe" else "zahl")
                markdown, text = _ohne_marke(a)
                leser.neuer_punkt(markdown, text)
                continue
            if leser.zone == "punkte":
                if leser.letzter_punkt is not None:
                    if marke and a.liste is None:  # a typed sub-list: "a)" under "1."
                        markdown, text = _ohne_marke(a)
                        leser.letzter_punkt.rest.absatz(f"- {markdown}" if marke[0] == "strich" else f"1. {markdown}")
                    else:
                        leser.letzter_punkt.rest.dazu(a)
                else:
                    ohne_marke.append(a)
                continue
            leser.teil("vorbemerkung").dazu(a)
            continue
        leser.text(a, True)
    if not leser.punkte and ohne_marke:
        for a in ohne_marke:
            leser.neuer_punkt(a.markdown, a.text)
        if len(ohne_marke) > 1:
            leser.f["aufzaehlung"] = "absaetze"
            leser.e.merke(("aufzaehlung",), "die Antragspunkte hatten keine Nummern; jeder Absatz ist ein Punkt")
    if not leser.punkte and "vorbemerkung" in leser.teile and not leser.einleitung:
        # no lead and no list: the text after the title is the request
        leser.zone = "punkte"
        text = leser.teile.pop("vorbemerkung")
        leser.reihenfolge.remove("vorbemerkung")
        erster = text.bloecke[0] if text.bloecke else ""
        leser.punkte.append(Punkt(erster, erster, text,
                              "kein Einleitungssatz und keine Aufzählung gefunden: der Text steht als ein Punkt"))
        text.bloecke = text.bloecke[1:]
        leser.folge("antragspunkte")
    _unterschriften(leser, bloecke[ende:])


def _teil_ueberschrift(leser: Leser, a: Absatz) -> bool:
    """"Begründung:", "Deckungsvorschlag: …", "Finanzielle Auswirkungen:" in any style start their part;
    text after the colon is the part's first paragraph."""
    begruendung, deckung = kopf.begruendung(a.markdown), kopf.deckung(a.markdown)
    if not (begruendung or deckung or kopf.ist_kosten(a.text)):
        return False
    treffer = begruendung or deckung
    teil = "begruendung" if begruendung or not deckung else "deckung"
    name = a.text.split(":")[0].strip() + ":" if treffer and ":" in a.text else a.text
    if not treffer or teil in leser.teile:
        # the costs the paper states (antragsgen computes its own), or a second heading of a part:
        # its words stay in the text, in bold
        if teil not in leser.teile:
            leser.ueberschriften[teil] = ""
            leser.e.merke((teil,), f"die Überschrift {zitat(a.text)} steht fett im Text der Begründung")
        leser.teil(teil).absatz(f"**{markdown_escape(name)}**")
    elif name not in ("Begründung:", "Deckungsvorschlag:"):
        leser.ueberschriften[teil] = name
    leser.zone = teil
    rest = a.markdown[treffer.end():].strip() if treffer else ""
    if rest:
        leser.teil(teil).absatz(rest)
    return True


def _unterschriften(leser: Leser, schwanz: list) -> None:
    gruesse = []
    for b in schwanz:
        absaetze = _flach(b, spaltenweise=True) if isinstance(b, Tabelle) else [b]
        for a in absaetze:
            t = a.text
            if not t:
                continue
            gruppe = _GRUPPE.match(t)
            if kopf.ist_gruss(t):
                gruesse.append(t)
            elif t.lower().startswith(("ansprechpartner", "kontakt:")):
                leser.ansprechpartner(re.sub(r"^[^:]*:\s*", "", t))
            elif kopf.datumszeile(t) and leser.datumszeile(t):
                pass
            elif kopf.GEZ.match(t) or (kopf.ist_name(t) and not kopf.ist_fraktion(t)):
                leser.unterschrift(t)
            elif paar := _name_und_funktion(t):
                leser.unterschrift(paar[0])
                leser.funktion(paar[1])
            elif kopf.ist_funktion(t) and leser.funktion(t):
                pass
            elif gruppe or kopf.ist_fraktion(t):
                leser.gruppe = gruppe["g"] if gruppe else t
            else:
                leser.zone = "unterschriften"
                leser.unplatziert(a, "stand bei den Unterschriften und ließ sich nicht zuordnen")
    if gruesse and leser.unterzeichnende:
        formel = ", ".join(f"„{g}“" for g in gruesse)
        leser.e.merke(("unterzeichnende",), f"Grußformel {formel} steht im Original vor den Unterschriften; "
                                        "antragsgen druckt keine")

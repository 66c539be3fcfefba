"""A Word motion antragsgen did not write, read by its shape (SPEC §11).

Head (lines and letterhead tables) → title (first heading or bold line) → what stands before
the lead (Vorbemerkung) → lead → requests (Word's numbering or typed "1." "1)" "a)" "–")
→ Begründung and Deckungsvorschlag (by their heading, in any style) → signatures at the end.
"""

from __future__ import annotations

import re

from . import kopf
from .text import Punkt, listenart
from .word import Absatz, Tabelle

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
    zeilen = t.zeilen
    aus: list[Absatz] = []
    if spaltenweise:
        for k in range(max((len(z) for z in zeilen), default=0)):
            for z in zeilen:
                if k < len(z):
                    aus.extend(z[k])
        return aus
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


def _ist_unterschriftlich(b) -> bool:
    if isinstance(b, Tabelle):
        return bool(b.absaetze) and all(_ist_unterschriftlich(a) for a in b.absaetze)
    t = b.text
    return (not t or kopf.ist_gruss(t) or bool(kopf.GEZ.match(t)) or kopf.ist_name(t) or kopf.ist_funktion(t)
            or bool(_GRUPPE.match(t) and len(t) <= 80) or (kopf.ist_fraktion(t))
            or bool(kopf.datumszeile(t)) or t.lower().startswith(("ansprechpartner", "kontakt:", "anlage")))


def _schluss(bloecke: list) -> int:
    """Where the signatures begin: the longest tail of signature-like lines with a name in it."""
    anfang = len(bloecke)
    while anfang > 0 and _ist_unterschriftlich(bloecke[anfang - 1]):
        anfang -= 1
    schwanz = [a for b in bloecke[anfang:] for a in (b.absaetze if isinstance(b, Tabelle) else [b])]
    if not any(a.text and (kopf.ist_name(a.text) or kopf.GEZ.match(a.text)) for a in schwanz):
        return len(bloecke)
    # the lines before the first name, gez. or greeting belong to the text, not to the signatures
    while anfang < len(bloecke) and isinstance(bloecke[anfang], Absatz) and bloecke[anfang].text and not (
            kopf.ist_gruss(bloecke[anfang].text) or kopf.ist_name(bloecke[anfang].text)
            or kopf.GEZ.match(bloecke[anfang].text) or _GRUPPE.match(bloecke[anfang].text)
            or kopf.datumszeile(bloecke[anfang].text)):
        anfang += 1
    return anfang

def _kopfzeile(l, a: Absatz) -> bool:
    """A foreign head line: a labelled field, a date, the Art, a Gremium or Fraktion."""
    text = a.text
    gefunden = kopf.feld(text)
    if gefunden:
        name, wert = gefunden
        if name == "datum" and l._datumszeile(wert):
            return True
        if name == "art" and kopf.art(wert):
            l.f["art"] = kopf.art(wert)[0]
            return True
        if name == "fraktion":
            l._fraktionen(wert)
            return True
        if name == "ansprechpartner":
            l._ansprechpartner(wert)
            return True
        if name in ("gremium", "nummer", "titel", "bezug", "oberzeile") and name not in l.f:
            l.f[name] = wert
            return True
    if l._datumszeile(text):
        return True
    art = kopf.art(text)
    if art and not a.stufe == 0:
        l.f["art"] = art[0]
        if art[1]:
            l.f["nummer"] = art[1]
        return True
    if "gremium" not in l.f and kopf.gremium(text):
        l.f["gremium"] = kopf.gremium(text)
        return True
    if "fraktion" not in l.f and kopf.ist_fraktion(text) and not a.stufe == 0:
        l._fraktionen(text)
        return True
    if "oberzeile" not in l.f and kopf.ist_oberzeile(text):
        l.f["oberzeile"] = text
        return True
    return False


def lies_fremd(l, bloecke: list) -> None:
    """Fill the reader `l` (erkennen._Leser) from a foreign paper's blocks."""
    ende = _schluss(bloecke)
    # the title: the first heading or bold line that is not a head field, before any lead or request
    folge: list = []
    for i, b in enumerate(bloecke[:ende]):
        if isinstance(b, Tabelle) and "titel" not in l.f and not any(
                isinstance(x, Absatz) and (x.stufe is not None or x.fett) and x.text for x in bloecke[:i]):
            folge.extend(_flach(b))
        else:
            folge.append(b)
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
            if l.zone == "punkte" and l._letzter_punkt is not None:
                l._letzter_punkt.rest.dazu(b)
            elif l.zone in ("kopf",):
                for a in _flach(b):
                    if not _kopfzeile(l, a):
                        l._unplatziert(a, "stand im Kopf und ließ sich keinem Feld zuordnen")
            else:
                l._text(b, True)
            continue
        a = b
        if not a.text:
            continue
        if l.zone == "kopf" and a is grenz_absatz:
            l.zone = "vor"  # the lead or first request came before any title
        if l.zone == "kopf":
            if a is titel and "titel" not in l.f:
                l.f["titel"] = a.text
                l.zone = "vor"
            elif _kopfzeile(l, a):
                if "titel" in l.f:  # "Betreff: …" gave the title
                    l.zone = "vor"
            else:
                l._unplatziert(a, "stand im Kopf und ließ sich keinem Feld zuordnen")
            continue
        if l.zone == "vor" and "unterzeile" not in l.f and not l.teile and not l.einleitung and (
                a.stil in ("subtitle", "untertitel", "unterzeile") or _UNTERZEILE.match(a.text)):
            l.f["unterzeile"] = a.text
            continue
        if l.zone in ("vor", "punkte") and not l.punkte and kopf.ist_einleitung(a.text) and (
                l.zone == "vor" or l.einleitung):
            l.einleitung.append(a.text)
            l.zone = "punkte"
            continue
        begruendung, deckung = kopf.begruendung(a.markdown), kopf.deckung(a.markdown)
        if begruendung or deckung or kopf.ist_kosten(a.text):
            teil = "begruendung" if begruendung else "deckung" if deckung else "kosten"
            treffer = begruendung or deckung
            name = a.text.split(":")[0].strip() + ":" if treffer and ":" in a.text else a.text
            if teil == "kosten":
                teil = "begruendung" if "begruendung" not in l.teile else teil
                l.ueberschriften.setdefault(teil, a.text) if teil == "begruendung" else None
            elif name not in ("Begründung:", "Deckungsvorschlag:"):
                l.ueberschriften[teil] = name
            l.zone = teil
            ziel = l._teil(teil)
            rest = a.markdown[treffer.end():].strip() if treffer else ""
            if rest:
                ziel.absatz(rest)
            continue
        if l.zone in ("vor", "punkte"):
            marke = _marke(a)
            if marke and (punkte_art is None or marke == punkte_art):
                if punkte_art is None:
                    punkte_art = marke
                    l._punktebene = marke[1]
                l.zone = "punkte"
                l.marken.add(marke[0] if marke[0] != "buchstabe" else "zahl")
                markdown, text = _ohne_marke(a)
                l._neuer_punkt(markdown, text)
                continue
            if l.zone == "punkte":
                if l._letzter_punkt is not None:
                    if marke and a.liste is None:  # a typed sub-list: "a)" under "1."
                        markdown, text = _ohne_marke(a)
                        l._letzter_punkt.rest.absatz(f"- {markdown}" if marke[0] == "strich" else f"1. {markdown}")
                    else:
                        l._letzter_punkt.rest.dazu(a)
                else:
                    ohne_marke.append(a)
                continue
            l._teil("vorbemerkung").dazu(a)
            continue
        l._text(a, True)
    if not l.punkte and ohne_marke:
        for a in ohne_marke:
            l._neuer_punkt(a.markdown, a.text)
        if len(ohne_marke) > 1:
            l.f["aufzaehlung"] = "absaetze"
            l.e.merke(("aufzaehlung",), "die Antragspunkte hatten keine Nummern; jeder Absatz ist ein Punkt")
    if not l.punkte and "vorbemerkung" in l.teile and not l.einleitung:
        # no lead and no list: the text after the title is the request
        l.zone = "punkte"
        text = l.teile.pop("vorbemerkung")
        l.reihenfolge.remove("vorbemerkung")
        erster = text.bloecke[0] if text.bloecke else ""
        l.punkte.append(Punkt(erster, erster, text,
                              "kein Einleitungssatz und keine Aufzählung gefunden: der Text steht als ein Punkt"))
        text.bloecke = text.bloecke[1:]
        l._folge("antragspunkte")
    _unterschriften(l, bloecke[ende:])


def _unterschriften(l, schwanz: list) -> None:
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
                l._ansprechpartner(re.sub(r"^[^:]*:\s*", "", t))
            elif kopf.datumszeile(t) and l._datumszeile(t):
                pass
            elif kopf.GEZ.match(t) or (kopf.ist_name(t) and not kopf.ist_fraktion(t)):
                l._unterschrift(t)
            elif kopf.ist_funktion(t) and l._funktion(t):
                pass
            elif gruppe or kopf.ist_fraktion(t):
                l.gruppe = gruppe["g"] if gruppe else t
            else:
                l.zone = "unterschriften"
                l._unplatziert(a, "stand bei den Unterschriften und ließ sich nicht zuordnen")
    if gruesse and l.unterzeichnende:
        formel = ", ".join(f"„{g}“" for g in gruesse)
        l.e.merke(("unterzeichnende",), f"Grußformel {formel} steht im Original vor den Unterschriften; "
                                        "antragsgen druckt keine")

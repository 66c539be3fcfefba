"""A DOCX antragsgen wrote: its paragraph styles say what each paragraph is (Title,
Einleitung, Antragspunkt, Heading 2 "Begründung:", Unterschrift, …), the template's
renderer (renderer/docx.py, wordsatz.py) read backwards."""

from __future__ import annotations

import re

from . import kopf
from .text import Markdowntext, zitat
from .word import Absatz, Tabelle

_UEBERSCHRIFT_TEIL = {"begründung": "begruendung", "deckungsvorschlag": "deckung", "finanzielle auswirkungen": "kosten"}
_STANDARD = {"begruendung": "Begründung:", "deckung": "Deckungsvorschlag:", "kosten": "Finanzielle Auswirkungen:"}


def _kopfangaben(l, text: str) -> None:
    werte = text.split("\t")
    etiketten = l.etiketten if len(l.etiketten) == len(werte) else [""] * len(werte)
    for etikett, wert in zip(etiketten, werte):
        wert, etikett = wert.strip(), etikett.strip().lower()
        if not wert:
            continue
        art = kopf.art(wert)
        if etikett == "nummer":
            l.f["nummer"] = wert
        elif art and etikett in ("", "art"):
            l.f["art"], nummer, _ = art
            if nummer:
                l.f["nummer"] = nummer
        elif l._datumszeile(wert):
            pass
        elif etikett in ("", "datum", "ort") and "datum" not in l.f and "," not in wert:
            l.f["ort"] = wert  # a place without a date (datum: ohne)
        else:
            l.e.merke(("titel",), f"Kopfangabe {zitat(wert)} nicht zugeordnet")
            l.kopf_unbekannt.append(wert)


def lies_eigen(l, bloecke: list) -> None:
    """Fill the reader `l` (erkennen._Leser) from the blocks of a DOCX antragsgen wrote."""
    stile = {b.stil for b in bloecke if isinstance(b, Absatz)}
    mehrere = "antragspunkt" in stile
    listen = [b.liste for b in bloecke if isinstance(b, Absatz) and b.stil == "antragspunkt"]
    for i, b in enumerate(bloecke):
        if isinstance(b, Tabelle):
            if l.zone == "kosten":
                _kostentabelle(l, b)
            elif l.zone == "unterschriften":
                for a in b.absaetze:
                    _eigen_absatz(l, a, bloecke, i, mehrere, stile)
            else:
                l._text(b, mehrere)
            continue
        _eigen_absatz(l, b, bloecke, i, mehrere, stile)
    # how the requests were listed: Word's numbering of the Antragspunkt paragraphs says it
    if len(listen) > 1 and all(x is None for x in listen):
        l.f["aufzaehlung"] = "absaetze"
    elif len(listen) > 1 and all(x is not None and not x.zahlen for x in listen):
        l.f["aufzaehlung"] = "spiegelstriche"


def _eigen_absatz(l, a: Absatz, bloecke, i: int, mehrere: bool, stile: set) -> None:
    s, text = a.stil, a.text
    if not text:
        return
    if s == "vermerk":
        l.f["status"] = "entwurf" if "entwurf" in text.lower() else "zurueckgezogen"
    elif s == "gremium":
        l.f["gremium"] = text
    elif s == "fraktion" and l.zone == "kopf":
        l._fraktionen(text)
    elif s == "fraktion":  # a group of signatures (joint motions)
        l.zone, l.gruppe = "unterschriften", text
    elif s == "kopfangaben etikett":
        l.etiketten = text.split("\t")
    elif s == "kopfangaben":
        _kopfangaben(l, a.text)
    elif s == "antragsteller":
        l.f["antragsteller"] = text
    elif s == "oberzeile":
        l.f["oberzeile"] = text
    elif s == "title":
        l.f["titel"] = f"{l.f['titel']} {text}" if "titel" in l.f else text
        l.zone = "vor" if {"einleitung", "antragspunkt"} & stile else "punkte"
    elif s in ("unterzeile", "subtitle"):
        l.f["unterzeile"] = text
    elif s == "bezug":
        l.f["bezug"] = re.sub(r"^Bezug:\s*", "", text)
    elif s == "einleitung":
        if l.abschnitte and not l.abschnitte[-1]["punkte"]:
            l.abschnitte[-1].setdefault("einleitung", []).append(text)
        else:
            l.einleitung.append(text)
        l.zone = "punkte"
    elif s == "antragspunkt":
        l.zone = "abschnitt" if l.abschnitte else "punkte"
        l._neuer_punkt(a.markdown, a.text)
    elif s == "antragspunkt fortsetzung" and l._letzter_punkt:
        l._letzter_punkt.rest.dazu(a)
    elif s == "heading 2":
        _ueberschrift(l, text, bloecke, i)
    elif s == "heading 3" and l.zone == "abschnitt" and l.abschnitte[-1]["punkte"] and "text" not in l.abschnitte[-1]:
        # a section's own Begründung (SPEC §3.8)
        l.abschnitte[-1]["text"] = Markdowntext()
        l.zone = "abschnitt-begruendung"
    elif s.startswith("unterschrift") and "funktion" in s:
        if not l._funktion(text):
            l._unplatziert(a, "steht als Funktion ohne Namen davor")
    elif s.startswith("unterschrift") and "fraktion" in s:
        l.zone, l.gruppe = "unterschriften", text
    elif s.startswith("unterschrift"):
        l.zone = "unterschriften"
        l._unterschrift(text)
    elif s == "ansprechpartner" or text.startswith(("Ansprechpartner:", "Ansprechpartnerin:")):
        l._ansprechpartner(re.sub(r"^Ansprechpartner(in)?:\s*", "", text))
    elif s in ("datum", "ort", "ort und datum") or (l.zone == "unterschriften" and kopf.datumszeile(text)):
        if not l._datumszeile(text):
            l._unplatziert(a, "sieht wie eine Datumszeile aus, passt aber nicht")
    else:
        l._text(a, mehrere)


def _ueberschrift(l, text: str, bloecke, i: int) -> None:
    name = text.rstrip(":").strip().lower()
    teil = _UEBERSCHRIFT_TEIL.get(name)
    folgt = []
    for b in bloecke[i + 1:]:
        if isinstance(b, Absatz) and b.stil == "heading 2":
            break
        folgt.append(b)
    abschnitt = any(isinstance(b, Absatz) and b.stil in ("antragspunkt", "einleitung") for b in folgt)
    if teil is None and abschnitt:
        l.zone = "abschnitt"
        l._folge("antragspunkte")
        l.abschnitte.append({"ueberschrift": text, "punkte": []})
        return
    if teil is None and l.zone == "vor" and not l.teile.get("vorbemerkung"):
        teil = "vorbemerkung"
    if teil is None:
        teil = next(t for t in ("begruendung", "deckung", "kosten") if t not in l.teile)
    standard = _STANDARD.get(teil)
    if text != standard:
        l.ueberschriften[teil] = text
    l.zone = teil
    if teil == "kosten":
        l._folge("kosten")
    else:
        l._teil(teil)


def _kostentabelle(l, t: Tabelle) -> None:
    """Our own cost table: the years are the budget years; a row "Kosten laut Antrag" is `kosten`."""
    kopfzeile = [" ".join(a.text for a in c) for c in t.zeilen[0]] if t.zeilen else []
    jahre = [int(x) for x in kopfzeile if re.fullmatch(r"\d{4}", x)]
    l.kostenjahre = jahre
    for zeile in t.zeilen[1:]:
        zellen = [" ".join(a.text for a in c) for c in zeile]
        if len(zellen) >= 2 and zellen[1] == "Kosten laut Antrag":
            betraege = [re.sub(r"[^\d-]", "", z) for z in zellen[2:]]
            l.f["kosten"] = {j: int(b) for j, b in zip(jahre, betraege) if b not in ("", "-")}


"""A DOCX antragsgen wrote: its paragraph styles say what each paragraph is (Title,
Einleitung, Antragspunkt, Heading 2 "Begründung:", Unterschrift, …), the template's
renderer (renderer/docx.py, wordsatz.py) read backwards."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import kopf
from .text import Markdowntext, zitat
from .word import Absatz, Tabelle

if TYPE_CHECKING:  # the reader calls these modules; they only fill it
    from .erkennen import Leser

_UEBERSCHRIFT_TEIL = {"begründung": "begruendung", "deckungsvorschlag": "deckung", "finanzielle auswirkungen": "kosten"}
_STANDARD = {"begruendung": "Begründung:", "deckung": "Deckungsvorschlag:", "kosten": "Finanzielle Auswirkungen:"}


def _kopfangaben(leser: Leser, text: str) -> None:
    werte = text.split("\t")
    etiketten = leser.etiketten if len(leser.etiketten) == len(werte) else [""] * len(werte)
    for etikett, wert in zip(etiketten, werte):
        wert, etikett = wert.strip(), etikett.strip().lower()
        if not wert:
            continue
        art = kopf.art(wert)
        if etikett == "nummer":
            leser.f["nummer"] = wert
        elif art and etikett in ("", "art"):
            leser.f["art"], nummer, _ = art
            if nummer:
                leser.f["nummer"] = nummer
        elif leser.datumszeile(wert):
            pass
        elif etikett in ("", "datum", "ort") and "datum" not in leser.f and "," not in wert:
            leser.f["ort"] = wert  # a place without a date (datum: ohne)
        else:
            leser.e.merke(("titel",), f"Kopfangabe {zitat(wert)} nicht zugeordnet")


def lies_eigen(leser: Leser, bloecke: list) -> None:
    """Fill `leser` (erkennen.Leser) from the blocks of a DOCX antragsgen wrote."""
    stile = {b.stil for b in bloecke if isinstance(b, Absatz)}
    mehrere = "antragspunkt" in stile
    listen = [b.liste for b in bloecke if isinstance(b, Absatz) and b.stil == "antragspunkt"]
    for i, b in enumerate(bloecke):
        if isinstance(b, Tabelle):
            if leser.zone == "unterschriften" or any(a.stil.startswith("unterschrift") for a in b.absaetze):
                for a in b.spaltenweise:  # signatures per Fraktion, side by side
                    _eigen_absatz(leser, a, bloecke, i, mehrere, stile)
            elif leser.zone == "kosten":
                _kostentabelle(leser, b)
            elif leser.zone == "synopse":
                pass
            else:
                leser.text(b, mehrere)
            continue
        _eigen_absatz(leser, b, bloecke, i, mehrere, stile)
    # how the requests were listed: Word's numbering of the Antragspunkt paragraphs says it
    if len(listen) > 1 and all(x is None for x in listen):
        leser.f["aufzaehlung"] = "absaetze"
    elif len(listen) > 1 and all(x is not None and not x.zahlen for x in listen):
        leser.f["aufzaehlung"] = "spiegelstriche"


def _eigen_absatz(leser: Leser, a: Absatz, bloecke, i: int, mehrere: bool, stile: set) -> None:
    s, text = a.stil, a.text
    if not text:
        return
    if leser.zone == "kopf" and s not in ("title", "kopfangaben") and leser.antragsteller(text):
        pass  # the line of a joint motion, in whichever style
    elif s == "vermerk":
        leser.f["status"] = "entwurf" if "entwurf" in text.lower() else "zurueckgezogen"
    elif s == "gremium":
        leser.f["gremium"] = text
    elif s == "fraktion" and leser.zone == "kopf":
        leser.fraktionen(text)
    elif s == "fraktion":  # a group of signatures (joint motions)
        leser.zone, leser.gruppe = "unterschriften", text
    elif s == "kopfangaben etikett":
        leser.etiketten = text.split("\t")
    elif s == "kopfangaben":
        _kopfangaben(leser, a.text)
    elif s == "antragsteller":
        leser.f["antragsteller"] = text
    elif s == "oberzeile":
        leser.f["oberzeile"] = text
    elif s == "title":
        leser.f["titel"] = f"{leser.f['titel']} {text}" if "titel" in leser.f else text
        leser.zone = "vor" if {"einleitung", "antragspunkt"} & stile else "punkte"
    elif s in ("unterzeile", "subtitle"):
        leser.f["unterzeile"] = text
    elif s == "bezug":
        leser.f["bezug"] = re.sub(r"^Bezug:\s*", "", text)
    elif s == "einleitung":
        if leser.abschnitte and not leser.abschnitte[-1]["punkte"]:
            leser.abschnitte[-1].setdefault("einleitung", []).append(text)
        else:
            leser.einleitung.append(text)
        leser.zone = "punkte"
    elif s == "antragspunkt":
        leser.zone = "abschnitt" if leser.abschnitte else "punkte"
        leser.neuer_punkt(a.markdown, a.text)
    elif s == "antragspunkt fortsetzung" and leser.letzter_punkt:
        leser.letzter_punkt.rest.dazu(a)
    elif s == "heading 2":
        _ueberschrift(leser, text, bloecke, i)
    elif s == "heading 3" and leser.zone == "abschnitt" and leser.abschnitte[-1]["punkte"] \
            and "text" not in leser.abschnitte[-1]:  # a section's own Begründung (SPEC §3.8)
        leser.abschnitte[-1]["text"] = Markdowntext()
        leser.zone = "abschnitt-begruendung"
    elif s.startswith("unterschrift") and "funktion" in s:
        if not leser.funktion(text):
            leser.unplatziert(a, "steht als Funktion ohne Namen davor")
    elif s.startswith("unterschrift") and "fraktion" in s:
        leser.zone, leser.gruppe = "unterschriften", text
    elif s.startswith("unterschrift"):
        leser.zone = "unterschriften"
        leser.unterschrift(text)
    elif s == "ansprechpartner" or text.startswith(("Ansprechpartner:", "Ansprechpartnerin:")):
        leser.ansprechpartner(re.sub(r"^Ansprechpartner(in)?:\s*", "", text))
    elif s in ("datum", "ort", "ort und datum") or (leser.zone == "unterschriften" and kopf.datumszeile(text)):
        if not leser.datumszeile(text):
            leser.unplatziert(a, "sieht wie eine Datumszeile aus, passt aber nicht")
    else:
        leser.text(a, mehrere)


def _ueberschrift(leser: Leser, text: str, bloecke, i: int) -> None:
    name = text.rstrip(":").strip().lower()
    if name == "synopse" and leser.f.get("art") == "aenderungsantrag":
        leser.f["synopse"] = True  # antragsgen builds the table from the amendments again
        leser.zone = "synopse"
        return
    teil = _UEBERSCHRIFT_TEIL.get(name)
    folgt = []
    for b in bloecke[i + 1:]:
        if isinstance(b, Absatz) and b.stil == "heading 2":
            break
        folgt.append(b)
    abschnitt = any(isinstance(b, Absatz) and b.stil in ("antragspunkt", "einleitung") for b in folgt)
    if teil is None and abschnitt:
        leser.zone = "abschnitt"
        leser.folge("antragspunkte")
        leser.abschnitte.append({"ueberschrift": text, "punkte": []})
        return
    if teil is None and leser.zone == "vor" and not leser.teile.get("vorbemerkung"):
        teil = "vorbemerkung"
    if teil is None:
        teil = next(t for t in ("begruendung", "deckung", "kosten") if t not in leser.teile)
    standard = _STANDARD.get(teil)
    if text != standard:
        leser.ueberschriften[teil] = text
    leser.zone = teil
    if teil == "kosten":
        leser.folge("kosten")
    else:
        leser.teil(teil)


def _kostentabelle(leser: Leser, t: Tabelle) -> None:
    """Our own cost table: the years are the budget years; a row "Kosten laut Antrag" is `kosten`."""
    kopfzeile = [" ".join(a.text for a in c) for c in t.zeilen[0]] if t.zeilen else []
    jahre = [int(x) for x in kopfzeile if re.fullmatch(r"\d{4}", x)]
    leser.kostenjahre = jahre
    for zeile in t.zeilen[1:]:
        zellen = [" ".join(a.text for a in c) for c in zeile]
        if len(zellen) >= 2 and zellen[1] == "Kosten laut Antrag":
            betraege = [re.sub(r"[^\d-]", "", z) for z in zellen[2:]]
            leser.f["kosten"] = {j: int(b) for j, b in zip(jahre, betraege) if b not in ("", "-")}


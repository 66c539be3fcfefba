"""The blocks of a Word motion → the fields of a motion file, in document order.

A DOCX antragsgen wrote says with its paragraph styles what each paragraph is
(Title, Einleitung, Antragspunkt, …). A foreign paper is read by its shape: head lines,
the first bold or heading line as title, a known lead sentence, numbered or dashed
requests, a "Begründung" heading in any style, signatures at the end. Whatever finds no
place is kept as text where it stood and noted for a person's eye (`pruefen`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..modell import EINLEITUNG, EINLEITUNG_STANDARD, GEMEINSAM, TEILE
from . import kopf
from .saetze import als_punkt, trenne_nummer
from .text import Markdowntext, listenart
from .word import Absatz, Dokument, Tabelle

EIGENE_STILE = {"einleitung", "antragspunkt", "kopfangaben", "antragspunkt fortsetzung", "unterschrift funktion"}
_TYP_MARKE = re.compile(r"^(?:(?P<zahl>\d{1,2})\s?[.)]|(?P<buchstabe>[a-z])\)|(?P<strich>[–—\-•·▪●]))\s+")
_MD_MARKE = re.compile(r"^(?:\*\*)?(?:\d{1,2}\s?\\?[.)]|[a-z]\)|\\?[–—\-•·▪●])(?:\*\*)?\s+")
_UEBERSCHRIFT_TEIL = {"begründung": "begruendung", "deckungsvorschlag": "deckung", "finanzielle auswirkungen": "kosten"}


@dataclass
class Entwurf:
    """A motion as read: its fields (model keys), notes for a person and what was recognised."""

    felder: dict = field(default_factory=dict)
    pruefen: list[tuple[tuple, str]] = field(default_factory=list)  # (key path, note)
    erkannt: list[str] = field(default_factory=list)
    kennung: str = ""  # the motion id antragsgen wrote into the document (keywords)

    def merke(self, pfad: tuple, text: str) -> None:
        self.pruefen.append((pfad, text))


def _schnitt(text: str, laenge: int = 60) -> str:
    text = " ".join(text.split())
    return f"„{text if len(text) <= laenge else text[:laenge - 1] + '…'}“"


@dataclass
class _Punkt:
    erster: str  # markdown of the first paragraph
    klartext: str  # its plain text
    rest: Markdowntext
    notiz: str | None = None


class _Leser:
    """One pass over the blocks; `zone` says where in the paper we are."""

    def __init__(self, dok: Dokument):
        self.dok = dok
        self.eigen = sum(1 for b in dok.bloecke if isinstance(b, Absatz) and b.stil in EIGENE_STILE) >= 1
        self.e = Entwurf()
        self.f = self.e.felder
        self.zone = "kopf"
        self.teile: dict[str, Markdowntext] = {}
        self.reihenfolge: list[str] = []
        self.ueberschriften: dict[str, str] = {}
        self.einleitung: list[str] = []
        self.punkte: list[_Punkt] = []
        self.abschnitte: list[dict] = []
        self.unterzeichnende: list[dict] = []
        self.gruppe: str | None = None
        self.marken: set[str] = set()
        self.kopf_unbekannt: list[str] = []
        self.etiketten: list[str] = []
        self.fraktion_text: str | None = None

    # helpers ---------------------------------------------------------------------
    def _teil(self, name: str) -> Markdowntext:
        if name not in self.teile:
            self.teile[name] = Markdowntext()
            self._folge(name)
        return self.teile[name]

    def _folge(self, name: str) -> None:
        if name not in self.reihenfolge:
            self.reihenfolge.append(name)

    def _neuer_punkt(self, markdown: str, text: str, notiz: str | None = None) -> None:
        self._folge("antragspunkte")
        punkt = _Punkt(markdown, text, Markdowntext(abzug=1 if self.eigen else self._punktebene + 1), notiz)
        (self.abschnitte[-1]["punkte"] if self.abschnitte else self.punkte).append(punkt)

    @property
    def _letzter_punkt(self) -> _Punkt | None:
        liste = self.abschnitte[-1]["punkte"] if self.abschnitte else self.punkte
        return liste[-1] if liste else None

    def _unplatziert(self, block: Absatz | Tabelle, grund: str) -> None:
        """Text that found no field: it stays, where it stood, for a person to look at."""
        ziel = "vorbemerkung" if self.zone in ("kopf", "vor") and not self.punkte else "begruendung"
        if self.zone in ("kopf", "vor") and not self.punkte:
            self._teil("vorbemerkung").dazu(block)
        elif self._letzter_punkt is not None and self.zone == "punkte":
            self._letzter_punkt.rest.dazu(block)
            ziel = "antragspunkte"
        else:
            self._teil("begruendung").dazu(block)
        text = block.text if isinstance(block, Absatz) else "Tabelle"
        self.e.merke((ziel,), f"{_schnitt(text)} {grund}")

    # head --------------------------------------------------------------------------
    def _fraktionen(self, text: str) -> None:
        self.fraktion_text = text
        teile = re.split(r",\s+|\s+und\s+", text)
        gemeinsam = any(a.text.startswith(tuple(GEMEINSAM.values())) for a in self.dok.bloecke if isinstance(a, Absatz))
        if len(teile) > 1 and (gemeinsam or all("fraktion" in t.lower() or t.isupper() for t in teile)):
            self.f["fraktion"] = teile
        else:
            self.f["fraktion"] = text

    def _datumszeile(self, text: str) -> bool:
        gefunden = kopf.datumszeile(text)
        if gefunden is None or "datum" in self.f:
            return False
        ort, tag = gefunden
        self.f["datum"] = tag
        if ort:
            self.f["ort"] = ort
        return True

    def _kopfangaben(self, text: str) -> None:
        werte = text.split("\t")
        etiketten = self.etiketten if len(self.etiketten) == len(werte) else [""] * len(werte)
        for etikett, wert in zip(etiketten, werte):
            wert, etikett = wert.strip(), etikett.strip().lower()
            if not wert:
                continue
            art = kopf.art(wert)
            if etikett == "nummer":
                self.f["nummer"] = wert
            elif art and etikett in ("", "art"):
                self.f["art"], nummer, _ = art
                if nummer:
                    self.f["nummer"] = nummer
            elif self._datumszeile(wert):
                pass
            elif etikett in ("", "datum", "ort") and "datum" not in self.f and "," not in wert:
                self.f["ort"] = wert  # a place without a date (datum: ohne)
            else:
                self.e.merke(("titel",), f"Kopfangabe {_schnitt(wert)} nicht zugeordnet")
                self.kopf_unbekannt.append(wert)

    def _kopfzeile_fremd(self, a: Absatz) -> bool:
        """A foreign head line: a labelled field, a date, the Art, a Gremium or Fraktion."""
        text = a.text
        gefunden = kopf.feld(text)
        if gefunden:
            name, wert = gefunden
            if name == "datum" and self._datumszeile(wert):
                return True
            if name == "art" and kopf.art(wert):
                self.f["art"] = kopf.art(wert)[0]
                return True
            if name == "fraktion":
                self._fraktionen(wert)
                return True
            if name == "ansprechpartner":
                self._ansprechpartner(wert)
                return True
            if name in ("gremium", "nummer", "titel", "bezug", "oberzeile") and name not in self.f:
                self.f[name] = wert
                return True
        if self._datumszeile(text):
            return True
        art = kopf.art(text)
        if art and not a.stufe == 0:
            self.f["art"] = art[0]
            if art[1]:
                self.f["nummer"] = art[1]
            return True
        if "gremium" not in self.f and kopf.gremium(text):
            self.f["gremium"] = kopf.gremium(text)
            return True
        if "fraktion" not in self.f and kopf.ist_fraktion(text) and not a.stufe == 0:
            self._fraktionen(text)
            return True
        if "oberzeile" not in self.f and kopf.ist_oberzeile(text):
            self.f["oberzeile"] = text
            return True
        return False

    def _ansprechpartner(self, wert: str) -> None:
        teile = [t.strip() for t in wert.split(",")]
        ap: dict = {"name": teile[0]}
        for t in teile[1:]:
            if t.startswith("Tel."):
                ap["telefon"] = t.removeprefix("Tel.").strip()
            elif "@" in t and "email" not in ap:
                ap["email"] = t
            else:
                ap["name"] += ", " + t
        self.f["ansprechpartner"] = ap if len(ap) > 1 else ap["name"]

    # signatures --------------------------------------------------------------------
    def _unterschrift(self, text: str) -> None:
        self._folge("unterzeichnende")
        if kopf.GEZ.match(text):
            self.f["gezeichnet"] = True
            text = kopf.GEZ.sub("", text)
        person: dict = {"name": text}
        if self.gruppe:
            person["fraktion"] = self.gruppe
        self.unterzeichnende.append(person)

    def _funktion(self, text: str) -> bool:
        if not self.unterzeichnende or "funktion" in self.unterzeichnende[-1]:
            return False
        self.unterzeichnende[-1]["funktion"] = text
        return True

    # the pass ------------------------------------------------------------------------
    def lesen(self) -> Entwurf:
        bloecke = self.dok.bloecke
        self._punktebene = 0
        if self.eigen:
            self._eigen(bloecke)
        else:
            from .fremd import lies_fremd

            lies_fremd(self, bloecke)
        self._abschliessen()
        if self.eigen:
            self.e.kennung = self.dok.kennung
        return self.e

    def _eigen(self, bloecke) -> None:
        stile = {b.stil for b in bloecke if isinstance(b, Absatz)}
        mehrere = "antragspunkt" in stile
        self.ein_punkt = not mehrere
        for i, b in enumerate(bloecke):
            if isinstance(b, Tabelle):
                if self.zone == "kosten":
                    self._kostentabelle(b)
                elif self.zone == "unterschriften":
                    for a in b.absaetze:
                        self._eigen_absatz(a, bloecke, i, mehrere, stile)
                else:
                    self._text(b, mehrere)
                continue
            self._eigen_absatz(b, bloecke, i, mehrere, stile)

    def _eigen_absatz(self, a: Absatz, bloecke, i: int, mehrere: bool, stile: set) -> None:
        s, text = a.stil, a.text
        if not text:
            return
        if s == "vermerk":
            self.f["status"] = "entwurf" if "entwurf" in text.lower() else "zurueckgezogen"
        elif s == "gremium":
            self.f["gremium"] = text
        elif s == "fraktion" and self.zone != "unterschriften":
            self._fraktionen(text)
        elif s == "kopfangaben etikett":
            self.etiketten = text.split("\t")
        elif s == "kopfangaben":
            self._kopfangaben(a.text)
        elif s == "antragsteller":
            self.f["antragsteller"] = text
        elif s == "oberzeile":
            self.f["oberzeile"] = text
        elif s == "title":
            self.f["titel"] = f"{self.f['titel']} {text}" if "titel" in self.f else text
            self.zone = "vor" if {"einleitung", "antragspunkt"} & stile else "punkte"
        elif s in ("unterzeile", "subtitle"):
            self.f["unterzeile"] = text
        elif s == "bezug":
            self.f["bezug"] = re.sub(r"^Bezug:\s*", "", text)
        elif s == "einleitung":
            if self.abschnitte and not self.abschnitte[-1]["punkte"]:
                self.abschnitte[-1].setdefault("einleitung", []).append(text)
            else:
                self.einleitung.append(text)
            self.zone = "punkte"
        elif s == "antragspunkt":
            self.zone = "punkte"
            self._neuer_punkt(a.markdown, a.text)
        elif s == "antragspunkt fortsetzung" and self._letzter_punkt:
            self._letzter_punkt.rest.dazu(a)
        elif s == "heading 2":
            self._ueberschrift(text, bloecke, i)
        elif s == "heading 3" and self.zone == "abschnitt" and self.abschnitte and not self.abschnitte[-1].get("text"):
            self.abschnitte[-1]["text"] = Markdowntext()
            self.zone = "abschnitt-begruendung"
        elif s.startswith("unterschrift") and "funktion" in s:
            if not self._funktion(text):
                self._unplatziert(a, "steht als Funktion ohne Namen davor")
        elif s.startswith("unterschrift") and "fraktion" in s:
            self.zone, self.gruppe = "unterschriften", text
        elif s.startswith("unterschrift"):
            self.zone = "unterschriften"
            self._unterschrift(text)
        elif s == "ansprechpartner" or text.startswith(("Ansprechpartner:", "Ansprechpartnerin:")):
            self._ansprechpartner(re.sub(r"^Ansprechpartner(in)?:\s*", "", text))
        elif s in ("datum", "ort", "ort und datum") or (self.zone == "unterschriften" and kopf.datumszeile(text)):
            if not self._datumszeile(text):
                self._unplatziert(a, "sieht wie eine Datumszeile aus, passt aber nicht")
        elif self.zone == "unterschriften" and s == "fraktion":
            self.gruppe = text
        else:
            self._text(a, mehrere)

    def _text(self, block, mehrere: bool) -> None:
        zone = self.zone
        if zone == "kopf":
            self._unplatziert(block, "stand vor dem Titel")
        elif zone == "vor":
            self._teil("vorbemerkung").dazu(block)
        elif zone in ("punkte", "abschnitt"):
            punkt = self._letzter_punkt
            if not mehrere and punkt is None and isinstance(block, Absatz) and listenart(block) is None:
                self._neuer_punkt(block.markdown, block.text)
                self._letzter_punkt.rest.abzug = 0
            elif not mehrere and punkt is not None:
                punkt.rest.dazu(block)
            elif punkt is not None and isinstance(block, Absatz) and block.liste and block.liste.ebene >= 1:
                punkt.rest.dazu(block)
            else:  # Body Text after the requests, without a heading ("" in ueberschriften)
                self.ueberschriften.setdefault("begruendung", "")
                self.zone = "begruendung"
                self._teil("begruendung").dazu(block)
        elif zone == "abschnitt-begruendung":
            self.abschnitte[-1]["text"].dazu(block)
        elif zone in ("begruendung", "deckung", "kosten", "vorbemerkung"):
            if zone == "kosten":
                self._unplatziert(block, "stand unter „Finanzielle Auswirkungen“; die Kosten rechnet antragsgen selbst")
            else:
                self._teil(zone).dazu(block)
        else:
            self._unplatziert(block, "stand nach den Unterschriften")

    def _ueberschrift(self, text: str, bloecke, i: int) -> None:
        name = text.rstrip(":").strip().lower()
        teil = _UEBERSCHRIFT_TEIL.get(name)
        folgt = []
        for b in bloecke[i + 1:]:
            if isinstance(b, Absatz) and b.stil == "heading 2":
                break
            folgt.append(b)
        abschnitt = any(isinstance(b, Absatz) and b.stil in ("antragspunkt", "einleitung") for b in folgt)
        if teil is None and abschnitt:
            self.zone = "abschnitt"
            self._folge("antragspunkte")
            self.abschnitte.append({"ueberschrift": text, "punkte": []})
            return
        if teil is None and self.zone == "vor" and not self.teile.get("vorbemerkung"):
            teil = "vorbemerkung"
        if teil is None:
            teil = next(t for t in ("begruendung", "deckung", "kosten") if t not in self.teile)
        standard = {"begruendung": "Begründung:", "deckung": "Deckungsvorschlag:",
                    "kosten": "Finanzielle Auswirkungen:"}.get(teil)
        if text != standard:
            self.ueberschriften[teil] = text
        self.zone = teil
        if teil == "kosten":
            self._folge("kosten")
        else:
            self._teil(teil)

    def _kostentabelle(self, t: Tabelle) -> None:
        """Our own cost table: the years are the budget years; a row "Kosten laut Antrag" is `kosten`."""
        kopfzeile = [" ".join(a.text for a in c) for c in t.zeilen[0]] if t.zeilen else []
        jahre = [int(x) for x in kopfzeile if re.fullmatch(r"\d{4}", x)]
        self.kostenjahre = jahre
        for zeile in t.zeilen[1:]:
            zellen = [" ".join(a.text for a in c) for c in zeile]
            if len(zellen) >= 2 and zellen[1] == "Kosten laut Antrag":
                betraege = [re.sub(r"[^\d-]", "", z) for z in zellen[2:]]
                self.f["kosten"] = {j: int(b) for j, b in zip(jahre, betraege) if b not in ("", "-")}

    # the fields --------------------------------------------------------------------------
    def _punkt(self, p: _Punkt, pfad: tuple) -> dict | str:
        klartext, lfd_nr, haushaltsstelle = trenne_nummer(p.klartext)
        erster = trenne_nummer(p.erster)[0] if lfd_nr is not None else p.erster
        rest = p.rest.text
        daten: dict = {}
        strukturiert = None if rest else als_punkt(klartext, locker=not self.eigen)
        if strukturiert:
            daten.update(strukturiert)
            self._strukturiert += 1
        else:
            daten["text"] = erster + (f"\n\n{rest}" if rest else "")
        if haushaltsstelle:
            daten["haushaltsstelle"] = haushaltsstelle
        if lfd_nr is not None:
            daten["lfd_nr"] = lfd_nr
        if p.notiz:
            self.e.merke(pfad, p.notiz)
        return daten["text"] if list(daten) == ["text"] else daten

    def _abschliessen(self) -> None:
        f = self.f
        self._strukturiert = 0
        if "titel" not in f:
            f["titel"] = self.dok.titel or "Antrag ohne Titel"
            self.e.merke(("titel",), "kein Titel erkannt" + (" (aus den Dokumenteigenschaften)" if self.dok.titel else ""))
        if "fraktion" not in f:
            if self.dok.autor:
                self._fraktionen(self.dok.autor)
            else:
                f["fraktion"] = "Fraktion"
                self.e.merke(("fraktion",), "keine Fraktion erkannt: bitte eintragen")
        if "datum" not in f:
            f["datum"] = "ohne"
        art = f.get("art", "antrag")
        if self.einleitung:
            lead = "\n".join(self.einleitung)
            if lead != EINLEITUNG.get(art, EINLEITUNG_STANDARD):
                f["einleitung"] = lead
        else:
            f["einleitung"] = ""
        if self.marken == {"strich"}:
            f["aufzaehlung"] = "spiegelstriche"
        punkte = [self._punkt(p, ("antragspunkte", i)) for i, p in enumerate(self.punkte)]
        if self.abschnitte:
            abschnitte = []
            for k, a in enumerate(self.abschnitte):
                eintrag: dict = {"ueberschrift": a["ueberschrift"]}
                if a.get("einleitung"):
                    eintrag["einleitung"] = "\n".join(a["einleitung"])
                eintrag["antragspunkte"] = [self._punkt(p, ("abschnitte", k, "antragspunkte", i))
                                            for i, p in enumerate(a["punkte"])]
                if a.get("text") and a["text"].text:
                    eintrag["begruendung"] = a["text"].text
                if not eintrag["antragspunkte"]:
                    eintrag["antragspunkte"] = ["(kein Antragspunkt erkannt)"]
                    self.e.merke(("abschnitte", k), "Abschnitt ohne Antragspunkt")
                abschnitte.append(eintrag)
            f["abschnitte"] = abschnitte
        else:
            if not punkte:
                punkte = ["(kein Antragspunkt erkannt)"]
                self.e.merke(("antragspunkte",), "kein Antragspunkt erkannt: bitte aus der Vorbemerkung übernehmen")
            f["antragspunkte"] = punkte
        alle = [p for p in punkte] + [p for a in f.get("abschnitte", []) for p in a["antragspunkte"]]
        if art == "haushaltsantrag" and any(isinstance(p, str) or "lfd_nr" not in p for p in alle) and self.eigen:
            f["nummerieren"] = False
            self.e.merke(("nummerieren",), "im Dokument stehen Punkte ohne lfd. Nr.; für neue Nummern diese Zeile löschen")
        self._jahre(alle)
        for name in ("vorbemerkung", "begruendung", "deckung"):
            if name in self.teile and self.teile[name].text:
                f[name] = self.teile[name].text
        if self.unterzeichnende:
            f["unterzeichnende"] = [p if set(p) != {"name"} else p["name"] for p in self.unterzeichnende]
        if self.ueberschriften:
            f["ueberschriften"] = self.ueberschriften
        gefunden = [t for t in self.reihenfolge if t in TEILE]
        if gefunden != [t for t in TEILE if t in gefunden]:
            f["reihenfolge"] = gefunden
        self._zusammenfassung(alle)

    def _jahre(self, punkte: list) -> None:
        """Budget years from our cost table, else from the funds sentences; items drop years that equal them."""
        jahre = list(getattr(self, "kostenjahre", []))
        if not jahre:
            jahre = sorted({j for p in punkte if isinstance(p, dict) and "mittel" in p
                            for j in p["mittel"].get("jahre", []) if not p["mittel"].get("einmalig")})
        if not jahre or "kosten" in self.f and not any(isinstance(p, dict) and "mittel" in p for p in punkte):
            return
        self.f["haushaltsjahre"] = jahre
        for p in punkte:
            if isinstance(p, dict) and "mittel" in p and p["mittel"].get("jahre") == jahre:
                del p["mittel"]["jahre"]

    def _zusammenfassung(self, punkte: list) -> None:
        f, erkannt = self.f, self.e.erkannt
        erkannt.append("von antragsgen geschrieben" if self.eigen else "fremdes Dokument")
        for name, wort in (("titel", "Titel"), ("gremium", "Gremium"), ("fraktion", "Fraktion"), ("nummer", "Nummer"),
                           ("oberzeile", "Oberzeile"), ("unterzeile", "Unterzeile")):
            if name in f and not any(p[0] == (name,) for p in self.e.pruefen):
                erkannt.append(wort)
        if f.get("datum") != "ohne":
            erkannt.append("Datum")
        if f.get("einleitung") != "":
            erkannt.append("Einleitung")
        erkannt.append(f"{len(punkte)} Antragspunkt{'e' if len(punkte) != 1 else ''}"
                       + (f" ({self._strukturiert} als Stelle/Mittel)" if self._strukturiert else ""))
        if f.get("abschnitte"):
            erkannt.append(f"{len(f['abschnitte'])} Abschnitte")
        for name, wort in (("vorbemerkung", "Vorbemerkung"), ("begruendung", "Begründung"), ("deckung", "Deckung")):
            if name in f:
                erkannt.append(f"{wort} ({self.teile[name].absaetze} Absätze)")
        if self.unterzeichnende:
            erkannt.append(f"{len(self.unterzeichnende)} Unterzeichnende")


def erkenne(dok: Dokument) -> Entwurf:
    """The motion fields of a read Word document; what needs a person's eye in `pruefen`."""
    return _Leser(dok).lesen()

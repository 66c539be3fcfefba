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

from pydantic import ValidationError

from ..modell import EINLEITUNG, EINLEITUNG_STANDARD, GEMEINSAM, TEILE, Antragspunkt
from ..markdown import markdown_escape
from ..schreibweise import aufzaehlung
from . import kopf
from .saetze import LFD_NR, als_aenderung, als_punkt, trenne_nummer
from .eigen import lies_eigen
from .fremd import lies_fremd
from .text import Markdowntext, Punkt, listenart, zitat
from .word import Absatz, Dokument, Tabelle

EIGENE_STILE = {"einleitung", "antragspunkt", "kopfangaben", "antragspunkt fortsetzung", "unterschrift funktion"}


@dataclass
class Entwurf:
    """A motion as read: its fields (model keys), notes for a person and what was recognised."""

    felder: dict = field(default_factory=dict)
    pruefen: list[tuple[tuple, str]] = field(default_factory=list)  # (key path, note)
    erkannt: list[str] = field(default_factory=list)
    kennung: str = ""  # the motion id antragsgen wrote into the document (keywords)

    def merke(self, pfad: tuple, text: str) -> None:
        self.pruefen.append((pfad, text))


class Leser:
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
        self.punkte: list[Punkt] = []
        self.abschnitte: list[dict] = []
        self.unterzeichnende: list[dict] = []
        self.gruppe: str | None = None
        self.marken: set[str] = set()
        self.etiketten: list[str] = []
        self.listenpunkte = False  # requests as a Word list (dash lists)
        self.kostenjahre: list[int] = []
        self.punktebene = 0
        self._strukturiert = 0  # requests read back as `stelle` or `mittel`

    # helpers ---------------------------------------------------------------------
    def teil(self, name: str) -> Markdowntext:
        if name not in self.teile:
            self.teile[name] = Markdowntext()
            self.folge(name)
        return self.teile[name]

    def folge(self, name: str) -> None:
        if name not in self.reihenfolge:
            self.reihenfolge.append(name)

    def neuer_punkt(self, markdown: str, text: str, notiz: str | None = None) -> None:
        self.folge("antragspunkte")
        punkt = Punkt(markdown, text, Markdowntext(abzug=1 if self.eigen else self.punktebene + 1), notiz)
        (self.abschnitte[-1]["punkte"] if self.abschnitte else self.punkte).append(punkt)

    @property
    def letzter_punkt(self) -> Punkt | None:
        liste = self.abschnitte[-1]["punkte"] if self.abschnitte else self.punkte
        return liste[-1] if liste else None

    def unplatziert(self, block: Absatz | Tabelle, grund: str) -> None:
        """Text that found no field: it stays, where it stood, for a person to look at."""
        ziel = "vorbemerkung" if self.zone in ("kopf", "vor") and not self.punkte else "begruendung"
        if self.zone in ("kopf", "vor") and not self.punkte:
            self.teil("vorbemerkung").dazu(block)
        elif self.letzter_punkt is not None and self.zone == "punkte":
            self.letzter_punkt.rest.dazu(block)
            ziel = "antragspunkte"
        else:
            self.teil("begruendung").dazu(block)
        text = block.text if isinstance(block, Absatz) else "Tabelle"
        self.e.merke((ziel,), f"{zitat(text)} {grund}")

    # head --------------------------------------------------------------------------
    def antragsteller(self, text: str) -> bool:
        """"Gemeinsamer Antrag der Fraktionen A, B und C": the groups, and the line as antragsgen shows it."""
        m = re.match(rf"^(?:{'|'.join(GEMEINSAM.values())})\b(?:.*?\bder Fraktionen\s+(?P<namen>.+))?$", text)
        if not m:
            return False
        self.f["antragsteller"] = text
        if m["namen"] and "fraktion" not in self.f:
            self.f["fraktion"] = re.split(r",\s+|\s+und\s+", m["namen"])
        return True

    def fraktionen(self, text: str) -> None:
        teile = re.split(r",\s+|\s+und\s+", text)
        gemeinsam = any(a.text.startswith(tuple(GEMEINSAM.values())) for a in self.dok.bloecke if isinstance(a, Absatz))
        if len(teile) > 1 and (gemeinsam or all("fraktion" in t.lower() or t.isupper() for t in teile)):
            self.f["fraktion"] = teile
        else:
            self.f["fraktion"] = text

    def datumszeile(self, text: str) -> bool:
        gefunden = kopf.datumszeile(text)
        if gefunden is None or "datum" in self.f:
            return False
        ort, tag = gefunden
        self.f["datum"] = tag
        if ort:
            self.f["ort"] = ort
        return True

    def ansprechpartner(self, wert: str) -> None:
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
    def unterschrift(self, text: str) -> None:
        self.folge("unterzeichnende")
        if text.lower() in ("gez.", "gez"):  # "gez." on a line of its own, the name below it
            self.f["gezeichnet"] = True
            return
        if kopf.GEZ.match(text):
            self.f["gezeichnet"] = True
            text = kopf.GEZ.sub("", text)
        person: dict = {"name": text}
        if self.gruppe:
            person["fraktion"] = self.gruppe
        self.unterzeichnende.append(person)

    def funktion(self, text: str) -> bool:
        if not self.unterzeichnende or "funktion" in self.unterzeichnende[-1]:
            return False
        self.unterzeichnende[-1]["funktion"] = text
        return True

    # the pass ------------------------------------------------------------------------
    def lesen(self) -> Entwurf:
        bloecke = self.dok.bloecke
        (lies_eigen if self.eigen else lies_fremd)(self, bloecke)
        if self.dok.fussnoten:  # they print nowhere else: at the end of the Begründung, marked
            begruendung = self.teil("begruendung")
            for note in self.dok.fussnoten:
                begruendung.absatz(markdown_escape(note))
            self.e.merke(("begruendung",), f"die {len(self.dok.fussnoten)} Fußnote(n) stehen als Absätze am Ende "
                                           "der Begründung; im Text stehen ihre Zeichen [1], [2], …")
        self._abschliessen()
        if self.eigen:
            self.e.kennung = self.dok.kennung
        return self.e

    def text(self, block, mehrere: bool) -> None:
        zone = self.zone
        if zone == "kopf":
            self.unplatziert(block, "stand vor dem Titel")
        elif zone == "vor":
            self.teil("vorbemerkung").dazu(block)
        elif zone in ("punkte", "abschnitt"):
            punkt = self.letzter_punkt
            liste = listenart(block) if isinstance(block, Absatz) else None
            if not mehrere and liste is not None and liste[0] == 0 and (punkt is None or self.listenpunkte):
                # requests as a Word list of their own (a dash list): one request per item
                self.listenpunkte = True
                self.marken.add("zahl" if liste[1] else "strich")
                self.neuer_punkt(block.markdown, block.text)
            elif not mehrere and isinstance(block, Absatz) and liste is None and (punkt is None or (
                    LFD_NR.search(block.text) and LFD_NR.search(punkt.klartext) and not punkt.rest.bloecke)):
                # the single request, or requests as plain paragraphs, each with its lfd. Nr.
                if punkt is not None:
                    self.f["aufzaehlung"] = "absaetze"
                self.neuer_punkt(block.markdown, block.text)
                self.letzter_punkt.rest.abzug = 0
            elif not mehrere and punkt is not None:
                punkt.rest.dazu(block)
            elif punkt is not None and (isinstance(block, Tabelle) or (
                    block.stil not in ("body text", "normal") and not (liste and liste[0] == 0))):
                punkt.rest.dazu(block)  # a request's own quote, code, table or nested list
            else:  # Body Text after the requests, without a heading ("" in ueberschriften)
                self.ueberschriften.setdefault("begruendung", "")
                self.zone = "begruendung"
                self.teil("begruendung").dazu(block)
        elif zone == "synopse":
            self.unplatziert(block, "stand unter der Synopse, die antragsgen aus den Änderungen selbst baut")
        elif zone == "abschnitt-begruendung":
            self.abschnitte[-1]["text"].dazu(block)
        elif zone in ("begruendung", "deckung", "kosten", "vorbemerkung"):
            if zone == "kosten":
                self.unplatziert(block, "stand unter „Finanzielle Auswirkungen“; die Kosten rechnet antragsgen selbst")
            else:
                self.teil(zone).dazu(block)
        else:
            self.unplatziert(block, "stand nach den Unterschriften")

    # the fields --------------------------------------------------------------------------
    def _punkt(self, p: Punkt, pfad: tuple) -> dict | str:
        klartext, lfd_nr, haushaltsstelle = trenne_nummer(p.klartext)
        erster = trenne_nummer(p.erster)[0] if lfd_nr is not None else p.erster
        rest = p.rest.text
        daten: dict = {}
        # an amendment's quotation: the one block below its sentence, "> …"
        zitat = re.sub(r"\\(.)", r"\1", rest[2:]) if rest.startswith("> ") and "\n\n" not in rest else None
        strukturiert = als_aenderung(klartext, zitat) if self.f.get("art") == "aenderungsantrag" else None
        if strukturiert is None and not rest:
            strukturiert = als_punkt(klartext, locker=not self.eigen)
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
        if "titel" not in f:
            f["titel"] = self.dok.titel or "Antrag ohne Titel"
            woher = " (aus den Dokumenteigenschaften)" if self.dok.titel else ""
            self.e.merke(("titel",), f"kein Titel erkannt{woher}")
        kopfzeile = next((z for z in self.dok.kopfzeilen if kopf.ist_fraktion(z)), None)
        if "fraktion" not in f:
            # a letterhead often names the Fraktion in the page header; else Word's author field
            if kopfzeile and not self.eigen:
                self.fraktionen(kopfzeile)
            elif self.dok.autor:  # antragsgen writes the Fraktion there; in other papers it is a guess
                self.fraktionen(self.dok.autor)
                if not self.eigen:
                    self.e.merke(("fraktion",), "die Fraktion stammt aus den Dokumenteigenschaften (Autor)")
            else:
                f["fraktion"] = "Fraktion"
                self.e.merke(("fraktion",), "keine Fraktion erkannt: bitte eintragen")
        if "datum" not in f:
            f["datum"] = "ohne"
        art = f.get("art", "antrag")
        if isinstance(f["fraktion"], list) and f.get("antragsteller") == \
                f"{GEMEINSAM[art]} der Fraktionen {aufzaehlung(f['fraktion'])}":
            del f["antragsteller"]  # the line antragsgen writes itself for a joint motion
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
            self.e.merke(("nummerieren",), "im Dokument stehen Punkte ohne lfd. Nr.; "
                                           "für neue Nummern diese Zeile löschen")
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
        self._einzeilig()
        self._zusammenfassung(alle)

    def _einzeilig(self) -> None:
        """A line break inside a title, a name or a head field (Shift+Enter in Word) is a space there."""
        def zeile(wert):
            if isinstance(wert, str):
                return " ".join(wert.split())
            if isinstance(wert, list):
                return [zeile(w) for w in wert]
            if isinstance(wert, dict):
                return {k: zeile(v) for k, v in wert.items()}
            return wert

        for name in ("titel", "oberzeile", "unterzeile", "fraktion", "gremium", "nummer", "ort", "antragsteller",
                     "bezug", "unterzeichnende", "ansprechpartner"):
            if name in self.f:
                self.f[name] = zeile(self.f[name])

    def _jahre(self, punkte: list) -> None:
        """Budget years from our cost table, else from the funds sentences; items drop years that equal them."""
        jahre = list(self.kostenjahre)
        if not jahre:
            jahre = sorted({j for p in punkte if isinstance(p, dict) and "mittel" in p
                            for j in p["mittel"].get("jahre", []) if not p["mittel"].get("einmalig")})
        if not jahre or "kosten" in self.f and not any(isinstance(p, dict) and "mittel" in p for p in punkte):
            return
        self.f["haushaltsjahre"] = jahre
        for p in punkte:
            if isinstance(p, dict) and "mittel" in p and "jahre" in p["mittel"]:
                # the motion's years suffice where they give the same sentence and the same costs
                ohne = {**p, "mittel": {k: v for k, v in p["mittel"].items() if k != "jahre"}}
                if _gleich(p, ohne, jahre):
                    p["mittel"] = ohne["mittel"]

    def _zusammenfassung(self, punkte: list) -> None:
        f, erkannt = self.f, self.e.erkannt
        erkannt.append("von antragsgen geschrieben" if self.eigen else "fremdes Dokument")
        for name, wort in (("titel", "Titel"), ("gremium", "Gremium"), ("fraktion", "Fraktion"), ("nummer", "Nummer"),
                           ("oberzeile", "Oberzeile"), ("unterzeile", "Unterzeile")):
            if name in f and not any(p[0] == (name,) for p in self.e.pruefen):
                erkannt.append(wort)
        if f.get("datum") != "ohne":
            erkannt.append("Ort und Datum" if "ort" in f else "Datum")
        if f.get("einleitung") != "":
            erkannt.append("Einleitung")
        erkannt.append(f"{len(punkte)} Antragspunkt{'e' if len(punkte) != 1 else ''}"
                       + (f" ({self._strukturiert} als Stelle/Mittel)" if self._strukturiert else ""))
        if f.get("abschnitte"):
            erkannt.append(f"{len(f['abschnitte'])} Abschnitte")
        for name, wort in (("vorbemerkung", "Vorbemerkung"), ("begruendung", "Begründung"), ("deckung", "Deckung")):
            if name in f:
                n = self.teile[name].absaetze
                erkannt.append(f"{wort} ({n} {'Absatz' if n == 1 else 'Absätze'})")
        if self.unterzeichnende:
            erkannt.append(f"{len(self.unterzeichnende)} Unterzeichnende")


def _gleich(punkt: dict, ohne_jahre: dict, jahre: list[int]) -> bool:
    """Do both items read and cost the same, the second taking the motion's budget years?
    (Recurring funds name only their first year: they run through every budget year.)"""
    try:
        a = Antragspunkt.model_validate(punkt)
        b = Antragspunkt.model_validate({**ohne_jahre, "mittel": {**ohne_jahre["mittel"], "jahre": jahre}})
        return a.kernsatz == b.kernsatz and (a.mittel.dauerhaft or
                                             a.mittel.betraege_je_jahr() == b.mittel.betraege_je_jahr())
    except (ValidationError, ValueError, ArithmeticError):
        return False


def erkenne(dok: Dokument) -> Entwurf:
    """The motion fields of a read Word document; what needs a person's eye in `pruefen`."""
    return Leser(dok).lesen()

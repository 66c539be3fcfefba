"""The motion model: Antrag, Antragspunkt, Stelle, Mittel (pydantic, German names).

Field names are the keys of the input format, so templates, data and code speak one
language. Scalars arrive as the text the user wrote; validators here read German
numbers and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt, model_validator,
)

from . import schreibweise, synopse
from .markdown import markdown_escape
from .synopse import Synopsenzeile

ARTEN = {
    "antrag": "Antrag",
    "haushaltsantrag": "Haushaltsantrag",
    "aenderungsantrag": "Änderungsantrag",
    "anfrage": "Anfrage",
}
STATUS = {"entwurf": "Entwurf", "eingereicht": "eingereicht", "zurueckgezogen": "zurückgezogen"}
EINLEITUNG = {"anfrage": "Wir fragen die Verwaltung:"}
EINLEITUNG_STANDARD = "Wir beantragen:"
# the lead of a joint motion, per art (SPEC §3.7)
GEMEINSAM = {
    "antrag": "Gemeinsamer Antrag",
    "haushaltsantrag": "Gemeinsamer Haushaltsantrag",
    "aenderungsantrag": "Gemeinsamer Änderungsantrag",
    "anfrage": "Gemeinsame Anfrage",
}
# the sections after the title, in their default order (SPEC §3.7 `reihenfolge`)
TEILE = ("vorbemerkung", "antragspunkte", "begruendung", "kosten", "deckung", "unterzeichnende")
OHNE_DATUM = "ohne"


def _als_liste(wert):
    return [wert] if isinstance(wert, (str, dict)) else wert


def _datum(wert):
    if isinstance(wert, dt.date):
        return wert
    if wert is None:
        raise ValueError(f"'datum' ist leer (erwartet z. B. 2021-11-05, 5.11.2021 oder '{OHNE_DATUM}')")
    text = str(wert).strip()
    if text.lower() == OHNE_DATUM:
        return None
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    deutsch = re.fullmatch(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", text)
    if iso:
        jahr, monat, tag = (int(x) for x in iso.groups())
    elif deutsch:
        tag, monat, jahr = (int(x) for x in deutsch.groups())
    else:
        raise ValueError(f"'{text}' ist kein Datum (erwartet z. B. 2021-11-05 oder 5.11.2021)")
    try:
        return dt.date(jahr, monat, tag)
    except ValueError:
        raise ValueError(f"das Datum {text} gibt es nicht im Kalender (erwartet z. B. 2021-11-05)") from None


def _anteil(wert):
    zahl = schreibweise.deutsche_zahl(wert)
    if not 0 < zahl <= 100:
        raise ValueError(f"Stellenanteil {wert} muss größer als 0 und höchstens 100 sein")
    return zahl


# SPEC §3.3; also keeps every sum within Decimal's 28 digits (quantize fails beyond)
MAX_BETRAG_STELLEN = 15


def _betrag_mit_vorzeichen(wert):
    zahl = schreibweise.deutsche_zahl(wert)
    if zahl and zahl.adjusted() >= MAX_BETRAG_STELLEN:
        raise ValueError(f"Betrag {wert} hat mehr als {MAX_BETRAG_STELLEN} Stellen vor dem Komma")
    return zahl


def _betrag(wert):
    zahl = _betrag_mit_vorzeichen(wert)
    if zahl < 0:
        raise ValueError(f"Betrag {wert} darf nicht negativ sein")
    return zahl


def _jahr(wert):
    jahr = int(str(wert).strip())
    if not 1990 <= jahr <= 2200:
        raise ValueError(f"{wert} ist kein Haushaltsjahr (erwartet z. B. 2022)")
    return jahr


def normalisiere_entgeltgruppe(wert):
    """"EG13", "eg 13" → "EG 13"; unknown shapes keep their text with single spaces."""
    if wert is None:
        return None
    text = " ".join(str(wert).split())
    m = re.fullmatch(r"([A-Za-z]{1,2})\s*(\d{1,2}\s*[a-zA-Z]?[Üü]?)", text)
    if m:
        return f"{m.group(1).upper()} {m.group(2).replace(' ', '')}"
    return text


def _ja_nein(wert):
    if isinstance(wert, bool) or wert is None:
        return wert
    text = str(wert).strip().lower()
    if text in ("true", "ja"):
        return True
    if text in ("false", "nein"):
        return False
    raise ValueError(f"'{wert}' ist weder true noch false")


Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120)]
Anteil = Annotated[Decimal, BeforeValidator(_anteil)]
Betrag = Annotated[Decimal, BeforeValidator(_betrag)]
BetragMitVorzeichen = Annotated[Decimal, BeforeValidator(_betrag_mit_vorzeichen)]  # a change: negative is a cut
Jahr = Annotated[int, BeforeValidator(_jahr)]
JaNein = Annotated[bool, BeforeValidator(_ja_nein)]


class Modell(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Stelle(Modell):
    """A position request: 1,0 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP."""

    anteil: Anteil = Field(title="Stellenanteil", description="Vollzeitäquivalent, z. B. 1,0 oder 0,5")
    bezeichnung: Text | None = Field(None, title="Bezeichnung", description="z. B. Sachbearbeiter:in")
    entgeltgruppe: Annotated[str | None, BeforeValidator(normalisiere_entgeltgruppe)] = Field(
        None, title="Entgeltgruppe", description="z. B. EG 13, E 13, A 13, S 12")
    bereich: Text | None = Field(None, title="Bereich", description="Amt oder Abteilung, z. B. SI-IP")


class Mittel(Modell):
    """Funds per budget year, or the change of an existing Ansatz (`bisher`)."""

    betrag: BetragMitVorzeichen | None = Field(
        None, title="Betrag", description="Euro je Haushaltsjahr, z. B. 50.000; mit 'bisher' die Änderung (negativ: Kürzung)")
    betraege: dict[Jahr, BetragMitVorzeichen] | None = Field(
        None, title="Beträge", description="Euro je Jahr, z. B. {2022: 50000}; mit 'bisher' die Änderung je Jahr")
    jahre: list[Jahr] | None = Field(None, title="Jahre", description="Standard: die Haushaltsjahre des Antrags")
    einmalig: JaNein = Field(False, title="einmalig", description="ein einmaliger Betrag im ersten Jahr")
    bisher: Betrag | dict[Jahr, Betrag] | None = Field(
        None, title="bisheriger Ansatz", description="der Ansatz im Haushaltsplan, für jedes Jahr gleich oder je Jahr")
    neu: Betrag | None = Field(None, title="neuer Ansatz", description="der neue Ansatz statt einer Änderung")
    neu_je_jahr: dict[Jahr, Betrag] | None = Field(None, title="neuer Ansatz je Jahr")
    dauerhaft: JaNein = Field(False, title="dauerhaft", description="wiederkehrend über die Haushaltsjahre hinaus")

    @model_validator(mode="after")
    def _angaben_pruefen(self):
        aenderung = self.betrag is not None or self.betraege is not None
        neu = self.neu is not None or self.neu_je_jahr is not None
        if self.betrag is not None and self.betraege is not None:
            raise ValueError("bei 'mittel' nur eines von 'betrag' oder 'betraege' angeben")
        if self.neu is not None and self.neu_je_jahr is not None:
            raise ValueError("bei 'mittel' nur eines von 'neu' oder 'neu_je_jahr' angeben")
        if self.einmalig and self.dauerhaft:
            raise ValueError("'mittel' ist entweder 'einmalig' oder 'dauerhaft', nicht beides")
        if self.bisher is None:
            if neu:
                raise ValueError("'neu' gibt den neuen Ansatz an und braucht den bisherigen: bitte 'bisher' angeben")
            if not aenderung:
                raise ValueError("bei 'mittel' genau eines von 'betrag' oder 'betraege' angeben")
            negativ = [b for b in ([self.betrag] if self.betrag is not None else self.betraege.values()) if b < 0]
            if negativ:
                raise ValueError(f"Betrag {schreibweise.zahl(negativ[0])} ist negativ: Kürzungen brauchen den "
                                 "bisherigen Ansatz ('bisher'), der gekürzt wird")
            return self
        if not aenderung and not neu:
            raise ValueError("zu 'bisher' gehört die Änderung ('betrag' oder 'betraege') oder der neue Ansatz ('neu')")
        if self.einmalig:
            raise ValueError("eine Änderung des Ansatzes ('bisher') kann nicht 'einmalig' sein")
        return self

    def _je_jahr(self, wert, jahre: list[int]) -> dict[int, Decimal]:
        if isinstance(wert, dict):
            return {j: schreibweise.ganze_euro(b) for j, b in sorted(wert.items())}
        return {j: schreibweise.ganze_euro(wert) for j in jahre}

    def _jahre(self) -> list[int]:
        """The years of the funds: those named per year, else `jahre` (the motion's by default)."""
        for wert in (self.betraege, self.neu_je_jahr, self.bisher):
            if isinstance(wert, dict):
                return sorted(wert)
        return sorted(self.jahre or [])

    def ansatz(self) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
        """With `bisher`: (bisher, change, new) per year; raises ValueError on figures that disagree."""
        jahre = self._jahre()
        bisher = self._je_jahr(self.bisher, jahre)
        aenderung = self._je_jahr(self.betraege if self.betraege is not None else self.betrag, jahre) \
            if self.betrag is not None or self.betraege is not None else None
        neu = self._je_jahr(self.neu_je_jahr if self.neu_je_jahr is not None else self.neu, jahre) \
            if self.neu is not None or self.neu_je_jahr is not None else None
        ergebnis = {}
        for j in jahre:
            if j not in bisher:
                raise ValueError(f"für {j} fehlt der bisherige Ansatz in 'bisher'")
            a = aenderung.get(j) if aenderung is not None else None
            n = neu.get(j) if neu is not None else None
            if a is None and n is None:
                raise ValueError(f"für {j} fehlt die Änderung oder der neue Ansatz")
            if a is not None and n is not None and bisher[j] + a != n:
                raise ValueError(
                    f"die Angaben für {j} passen nicht zusammen: bisher {schreibweise.euro(bisher[j])} "
                    f"und Änderung {schreibweise.euro(a)} ergeben {schreibweise.euro(bisher[j] + a)}, "
                    f"nicht {schreibweise.euro(n)}")
            if a is None:
                a = n - bisher[j]
            if bisher[j] + a < 0:
                raise ValueError(f"die Kürzung für {j} ist größer als der bisherige Ansatz "
                                 f"({schreibweise.euro(bisher[j])})")
            ergebnis[j] = (bisher[j], a, bisher[j] + a)
        return ergebnis

    def betraege_je_jahr(self) -> dict[int, Decimal]:
        """The cost per year, whole euros, in year order: with `bisher` the change."""
        if self.bisher is not None:
            return {j: a for j, (_, a, _) in self.ansatz().items()}
        jahre = sorted(self.jahre or [])
        if self.einmalig:
            jahre = jahre[:1]
        return self._je_jahr(self.betraege if self.betraege is not None else self.betrag, jahre)


_ZEILEN = re.compile(r"\s*(\d{1,5})\s*(?:[-–]\s*(\d{1,5}))?\s*")


def _zeilen_angabe(wert):
    if wert is None:
        return None
    text = str(wert)
    m = _ZEILEN.fullmatch(text)
    if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
        raise ValueError(f"'{text}' sind keine Zeilen (erwartet z. B. 12 oder 12-14)")
    return text.strip()


class Aenderung(Modell):
    """A text operation of an amendment: new wording, replace, delete, insert (SPEC §3.9)."""

    fundstelle: Text | None = Field(
        None, title="Fundstelle", description="was geändert wird, z. B. „§ 6 Satz 4“; „nach Ziffer 3“ fügt ein")
    zeilen: Annotated[str | None, BeforeValidator(_zeilen_angabe)] = Field(
        None, title="Zeilen", description="Zeilen eines Antrags dieses Laufs, z. B. 12-14")
    alt: Text | None = Field(None, title="bisheriger Text", description="der Text, der ersetzt oder gestrichen wird")
    neu: Text | None = Field(None, title="neuer Text", description="die neue Fassung oder der eingefügte Text")

    @model_validator(mode="after")
    def _angaben_pruefen(self):
        if (self.fundstelle is None) == (self.zeilen is None):
            raise ValueError("eine Änderung nennt genau eines von 'fundstelle' oder 'zeilen'")
        if self.alt is None and self.neu is None:
            raise ValueError("eine Änderung braucht 'alt' (was wegfällt), 'neu' (was kommt) oder beides")
        if self.einfuegen and self.alt is not None:
            raise ValueError(f"'{self.fundstelle}' fügt ein: dort nur 'neu' angeben, ohne 'alt'")
        return self

    @property
    def einfuegen(self) -> bool:
        """"nach Ziffer 3" (or lines without `alt`): the new text is inserted."""
        if self.zeilen is not None:
            return self.alt is None
        return self.fundstelle.lower().startswith("nach ")

    @property
    def von_bis(self) -> tuple[int, int] | None:
        """The first and last line of `zeilen`."""
        if self.zeilen is None:
            return None
        m = _ZEILEN.fullmatch(self.zeilen)
        return int(m.group(1)), int(m.group(2) or m.group(1))

    @property
    def ort_text(self) -> str:
        """"Ziffer 2", "Zeile 12", "Zeile 12–14" """
        if self.zeilen is None:
            return self.fundstelle
        von, bis = self.von_bis
        return f"Zeile {von}" if von == bis else f"Zeile {von}–{bis}"

    @property
    def stelle_text(self) -> str:
        """Where it acts: `ort_text`, or for an insertion "Nach Ziffer 3", "Nach Zeile 14"."""
        if not self.einfuegen:
            return self.ort_text
        return f"Nach Zeile {self.von_bis[1]}" if self.zeilen else f"Nach {self.fundstelle[5:].strip()}"

    @property
    def satz(self) -> str:
        """The operation as council papers write it (without the quoted new text)."""
        if self.einfuegen:
            return f"{self.stelle_text} wird eingefügt:"
        if self.alt is None:
            return f"{self.ort_text[:1].upper()}{self.ort_text[1:]} erhält folgende Fassung:"
        if self.neu is None:
            return f"In {self.ort_text} werden die Wörter „{self.alt}“ gestrichen"
        return f"In {self.ort_text} wird „{self.alt}“ ersetzt durch „{self.neu}“"

    @property
    def zitat(self) -> str | None:
        """The new text that follows the sentence as an indented quotation (None: in the sentence)."""
        return self.neu if self.alt is None else None


class Antragspunkt(Modell):
    """One request: free text, a position (`stelle`) or funds (`mittel`)."""

    text: Text | None = Field(None, title="Text", description="Antragstext (Markdown)")
    stelle: Stelle | None = Field(None, title="Stelle")
    mittel: Mittel | None = Field(None, title="Mittel")
    aenderung: Aenderung | None = Field(None, title="Änderung", description="eine Textänderung eines Änderungsantrags")
    zweck: Text | None = Field(None, title="Zweck", description="mit Präposition, z. B. „für die Weiterentwicklung …“")
    haushaltsstelle: Text | None = Field(None, title="Haushaltsstelle", description="z. B. THH 5103651")
    lfd_nr: PositiveInt | None = Field(None, title="lfd. Nr.", description="laufende Nummer für die Haushaltsberatungen")
    id: Slug | None = Field(None, title="Kennung", description="stabile Kennung für die Nummerierung")

    @model_validator(mode="before")
    @classmethod
    def _text_allein(cls, daten):
        return {"text": daten} if isinstance(daten, str) else daten

    @model_validator(mode="after")
    def _art_pruefen(self):
        if self.stelle is not None and self.mittel is not None:
            raise ValueError("ein Antragspunkt hat entweder 'stelle' oder 'mittel', nicht beides")
        if self.aenderung is not None and (self.stelle or self.mittel or self.text is not None):
            raise ValueError("eine 'aenderung' steht allein, ohne 'text', 'stelle' oder 'mittel'")
        if self.text is None and self.stelle is None and self.mittel is None and self.aenderung is None:
            raise ValueError("ein Antragspunkt braucht 'text', 'stelle' oder 'mittel'")
        return self

    @property
    def art(self) -> str:
        return "stelle" if self.stelle else "mittel" if self.mittel else "aenderung" if self.aenderung else "text"

    @property
    def nummernzusatz(self) -> str:
        return f" (lfd. Nr. {self.lfd_nr})" if self.lfd_nr is not None else ""

    def _satzkern(self) -> str:
        if self.stelle:
            s = self.stelle
            teile = [schreibweise.stellenangabe(s.anteil)]
            if s.bezeichnung:
                teile.append(s.bezeichnung)
            if s.entgeltgruppe:
                teile.append(f"({s.entgeltgruppe})")
            if s.bereich:
                teile.append(f"im Bereich {s.bereich}")
            if self.zweck:
                teile.append(self.zweck)
            return " ".join(teile)
        m = self.mittel
        if m.bisher is not None:
            return self._ansatzsatz()
        betraege = m.betraege_je_jahr()
        summen = set(betraege.values())
        zweck = self.zweck[:1].upper() + self.zweck[1:] if self.zweck else "Es"
        if m.dauerhaft and betraege and len(summen) == 1:
            return f"{zweck} werden ab {next(iter(betraege))} dauerhaft jährlich {schreibweise.euro(summen.pop())} bereitgestellt"
        if m.einmalig and betraege:
            jahr, betrag = next(iter(betraege.items()))
            angabe = f"{jahr} einmalig {schreibweise.euro(betrag)}"
        elif len(betraege) > 1 and len(summen) == 1:
            angabe = f"{schreibweise.aufzaehlung([str(j) for j in betraege])} jeweils {schreibweise.euro(summen.pop())}"
        else:
            angabe = schreibweise.aufzaehlung([f"{j} {schreibweise.euro(b)}" for j, b in betraege.items()])
        if m.dauerhaft and betraege:
            angabe += f", danach dauerhaft jährlich {schreibweise.euro(list(betraege.values())[-1])}"
        return f"{zweck} werden {angabe} bereitgestellt"

    def _ansatzsatz(self) -> str:
        """"Der Ansatz für … wird 2021 von 70.000 € um 50.000 € auf 120.000 € erhöht" (SPEC §3.7)."""
        euro = schreibweise.euro
        ansatz = self.mittel.ansatz()

        def verb(aenderung: Decimal) -> str:
            return "erhöht" if aenderung > 0 else "gesenkt" if aenderung < 0 else "belassen"

        def angabe(jahr: str, bisher: Decimal, aenderung: Decimal, neu: Decimal) -> str:
            if not aenderung:
                return f"{jahr} bei {euro(bisher)}"
            return f"{jahr} von {euro(bisher)} um {euro(abs(aenderung))} auf {euro(neu)}"

        verben = {verb(a) for _, a, _ in ansatz.values()}
        werte = set(ansatz.values())
        if self.mittel.dauerhaft and len(werte) == 1:
            teile = [angabe(f"ab {next(iter(ansatz))} dauerhaft", *werte.pop())]
        elif len(werte) == 1 and len(ansatz) > 1:  # every year alike: "2022 und 2023 jeweils von …"
            teile = [angabe(f"{schreibweise.aufzaehlung([str(j) for j in ansatz])} jeweils", *werte.pop())]
        elif len(verben) == 1:
            teile = [angabe(str(j), *w) for j, w in ansatz.items()]
        else:  # some years up, some down: each year says its own verb
            teile = [f"{angabe(str(j), *w)} {verb(w[1])}" for j, w in ansatz.items()]
            verben = set()
        gegenstand = f"Der Ansatz {self.zweck}" if self.zweck else "Der Ansatz"
        return f"{gegenstand} wird {schreibweise.aufzaehlung(teile)}{' ' + verben.pop() if verben else ''}"

    @property
    def kernsatz(self) -> str:
        """The request as plain text, without its lfd. Nr."""
        if self.aenderung is not None:
            a = self.aenderung
            return a.satz + (f" „{a.zitat}“" if a.zitat else "")
        return self.text if self.text is not None else self._satzkern()

    @property
    def satz(self) -> str:
        """The request as plain text, exactly as SPEC §3.3 gives it."""
        return self.kernsatz + self.nummernzusatz

    @property
    def satz_markdown(self) -> str:
        """The request as Markdown: user Markdown for `text`, escaped text otherwise.

        The lfd. Nr. follows the first paragraph, so a request with a nested list
        still reads "… (lfd. Nr. 5)" before its list.
        """
        if self.aenderung is not None:
            a = self.aenderung
            # the new wording is quoted as written: plain text, each line its own line
            zitat = "  \n".join("> " + markdown_escape(zeile) for zeile in a.zitat.splitlines()) if a.zitat else ""
            return markdown_escape(a.satz + self.nummernzusatz) + (f"\n\n{zitat}" if zitat else "")
        if self.text is None:
            return markdown_escape(self.satz)
        kopf, trenner, rest = self.text.partition("\n\n")
        return kopf + markdown_escape(self.nummernzusatz) + trenner + rest


class Baustein(Modell):
    """A reference to a text block in eingaben/bausteine/NAME.md."""

    baustein: Slug = Field(title="Baustein", description="Name eines Textbausteins")


class _Person(Modell):
    """A person; a plain text is their name."""

    @model_validator(mode="before")
    @classmethod
    def _nur_name(cls, daten):
        return {"name": daten} if isinstance(daten, str) else daten


class Unterzeichner(_Person):
    name: Text = Field(title="Name")
    funktion: Text | None = Field(None, title="Funktion", description="z. B. Fraktionsvorsitzende")
    fraktion: Text | None = Field(None, title="Fraktion", description="bei gemeinsamen Anträgen: die Fraktion der Person")


class Ansprechpartner(_Person):
    """A contact person who is not a signatory."""

    name: Text = Field(title="Name")
    telefon: Text | None = Field(None, title="Telefon")
    email: Text | None = Field(None, title="E-Mail")

    @property
    def text(self) -> str:
        """"Name, Tel. 0711 123, name@example.de" """
        teile = [self.name, f"Tel. {self.telefon}" if self.telefon else None, self.email]
        return ", ".join(t for t in teile if t)


class Ueberschriften(Modell):
    """Headings of the motion's sections; "" leaves a heading out."""

    vorbemerkung: str = Field("", title="Vorbemerkung", description="Standard: keine Überschrift")
    begruendung: str = Field("Begründung:", title="Begründung")
    deckung: str = Field("Deckungsvorschlag:", title="Deckungsvorschlag")
    kosten: str = Field("Finanzielle Auswirkungen:", title="Finanzielle Auswirkungen")


Punkte = Annotated[list[Antragspunkt], BeforeValidator(_als_liste), Field(min_length=1)]


@dataclass(frozen=True)
class Unterschriftengruppe:
    """The signatories of one Fraktion (None: signatories without a Fraktion)."""

    fraktion: str | None
    personen: list[Unterzeichner]


class Abschnitt(Modell):
    """A section of a motion: "I. Sachentscheidung" with its own requests (SPEC §3.8)."""

    ueberschrift: Text | None = Field(None, title="Überschrift", description="z. B. „I. Sachentscheidung“")
    einleitung: str | None = Field(None, title="Einleitung", description="eigener Einleitungssatz des Abschnitts")
    antragspunkte: Punkte = Field(title="Antragspunkte")
    begruendung: Text | None = Field(None, title="Begründung", description="Begründung dieses Abschnitts (Markdown)")

    @property
    def einleitung_zeilen(self) -> list[str]:
        return _zeilen(self.einleitung)


def _zeilen(text: str | None) -> list[str]:
    """A multi-line lead as its lines (each stays its own line in print)."""
    return [z.strip() for z in (text or "").splitlines() if z.strip()]


def _reihenfolge(wert):
    teile = _als_liste(wert)
    if not isinstance(teile, list):
        return teile
    for teil in teile:
        if teil not in TEILE:
            raise ValueError(f"'{teil}' ist kein Teil eines Antrags; erlaubt sind: {', '.join(TEILE)}")
    doppelt = [t for i, t in enumerate(teile) if t in teile[:i]]
    if doppelt:
        raise ValueError(f"'{doppelt[0]}' steht zweimal in 'reihenfolge'")
    # what is not named keeps its default order after the named ones: nothing is left out
    return list(teile) + [t for t in TEILE if t not in teile]


class Antrag(Modell):
    """One council motion."""

    id: Slug | None = Field(None, title="Kennung", description="stabile Kennung; Ausgabedateien heißen danach")
    titel: Text = Field(title="Titel")
    oberzeile: Text | None = Field(None, title="Oberzeile", description="Zeile über dem Titel, z. B. „Haushalt 2022/2023“")
    art: Literal["antrag", "haushaltsantrag", "aenderungsantrag", "anfrage"] = Field("antrag", title="Art")
    fraktion: Annotated[list[Text], BeforeValidator(_als_liste), Field(min_length=1)] = Field(
        title="Fraktion", description="einreichende Fraktion(en); eine Liste ergibt einen gemeinsamen Antrag")
    gremium: Text | None = Field(None, title="Gremium")
    datum: Annotated[dt.date | None, BeforeValidator(_datum)] = Field(
        default_factory=dt.date.today, title="Datum", description="Standard: heute; „ohne“ setzt kein Datum")
    ort: Text | None = Field(None, title="Ort", description="steht vor dem Datum: „Hamburg, 30. September 2009“")
    nummer: Text | None = Field(None, title="Nummer", description="eigene Antragsnummer, z. B. 123/2021")
    unterzeile: Text | None = Field(None, title="Unterzeile", description="Zeile unter dem Titel")
    antragsteller: Text | None = Field(
        None, title="Antragsteller", description="bei gemeinsamen Anträgen die Zeile, die die Fraktionen nennt")
    haushaltsjahre: list[Jahr] = Field(default_factory=list, title="Haushaltsjahre")
    vorbemerkung: Text | None = Field(None, title="Vorbemerkung", description="Markdown vor den Antragspunkten")
    einleitung: str | None = Field(
        None, title="Einleitung", description="Standard „Wir beantragen:“; mehrere Zeilen bleiben Zeilen; \"\" lässt sie weg")
    aufzaehlung: Literal["nummeriert", "spiegelstriche", "absaetze"] = Field(
        "nummeriert", title="Aufzählung", description="wie die Antragspunkte stehen: nummeriert, mit Spiegelstrichen "
        "oder als Absätze")
    nummerieren: JaNein = Field(True, title="lfd. Nr. vergeben", description="false: keine automatischen lfd. Nr.")
    antragspunkte: Punkte | None = Field(
        None, title="Antragspunkte", description="die Anträge; Pflicht, wenn es keine 'abschnitte' gibt")
    abschnitte: Annotated[list[Abschnitt] | None, Field(min_length=1)] = Field(
        None, title="Abschnitte", description="statt 'antragspunkte': Abschnitte mit Überschrift und eigenen Punkten")
    begruendung: Annotated[list[Text | Baustein] | None, BeforeValidator(_als_liste)] = Field(
        None, title="Begründung", description="Markdown, oder eine Liste aus Texten und {baustein: NAME}")
    kosten: dict[Jahr, BetragMitVorzeichen] | None = Field(
        None, title="Kosten", description="Kosten laut Antrag je Jahr, z. B. {2024: 599000}")
    unterzeichnende: Annotated[list[Unterzeichner], BeforeValidator(_als_liste)] = Field(
        default_factory=list, title="Unterzeichnende")
    gezeichnet: JaNein = Field(False, title="gez.", description="„gez.“ vor jedem Namen")
    ansprechpartner: Ansprechpartner | None = Field(None, title="Ansprechpartner")
    bezug: Text | None = Field(None, title="Bezug", description="was ein Änderungsantrag ändert")
    deckung: Text | None = Field(None, title="Deckungsvorschlag")
    ueberschriften: Ueberschriften = Field(default_factory=Ueberschriften, title="Überschriften")
    reihenfolge: Annotated[list[str], BeforeValidator(_reihenfolge)] = Field(
        default_factory=lambda: list(TEILE), title="Reihenfolge",
        description="Reihenfolge der Teile nach dem Titel: " + ", ".join(TEILE))
    status: Literal["entwurf", "eingereicht", "zurueckgezogen"] = Field("eingereicht", title="Status")
    synopse: JaNein = Field(False, title="Synopse", description="am Ende eine Tabelle „Bisherige Fassung | Neue Fassung“")

    @model_validator(mode="after")
    def _punkte_sammeln(self):
        # with sections, `antragspunkte` is every section's items in reading order: numbering,
        # costs and the overview see them like top-level items
        if self.abschnitte is not None:
            if self.antragspunkte is not None:
                raise ValueError("ein Antrag hat entweder 'antragspunkte' oder 'abschnitte', nicht beides")
            self.antragspunkte = [p for a in self.abschnitte for p in a.antragspunkte]
        elif self.antragspunkte is None:
            raise ValueError("Pflichtangabe 'antragspunkte' fehlt (oder 'abschnitte' mit eigenen Antragspunkten)")
        return self

    @model_validator(mode="after")
    def _jahre_erben(self):
        for punkt in self.antragspunkte:
            if punkt.mittel is not None and punkt.mittel.jahre is None and punkt.mittel.betraege is None:
                punkt.mittel.jahre = list(self.haushaltsjahre)
        return self

    def punkt_pfad(self, index: int) -> tuple:
        """Where item `index` (of `antragspunkte`) stands in the data: ("abschnitte", 1, "antragspunkte", 2)."""
        if self.abschnitte is None:
            return ("antragspunkte", index)
        for k, abschnitt in enumerate(self.abschnitte):
            if index < len(abschnitt.antragspunkte):
                return ("abschnitte", k, "antragspunkte", index)
            index -= len(abschnitt.antragspunkte)
        raise IndexError(index)

    def punkt_name(self, index: int) -> str:
        """"Punkt 3", or "Punkt 2 in Abschnitt 1" in a motion with sections (for messages)."""
        pfad = self.punkt_pfad(index)
        if pfad[0] == "abschnitte":
            return f"Punkt {pfad[3] + 1} in Abschnitt {pfad[1] + 1}"
        return f"Punkt {index + 1}"

    def abschnitt_von(self, index: int) -> int | None:
        """The section item `index` belongs to (None: the motion has none)."""
        pfad = self.punkt_pfad(index)
        return pfad[1] if pfad[0] == "abschnitte" else None

    @property
    def art_name(self) -> str:
        return ARTEN[self.art]

    @property
    def status_name(self) -> str:
        return STATUS[self.status]

    @property
    def einleitung_text(self) -> str:
        if self.einleitung is not None:
            return self.einleitung
        return EINLEITUNG.get(self.art, EINLEITUNG_STANDARD)

    @property
    def einleitung_zeilen(self) -> list[str]:
        return _zeilen(self.einleitung_text)

    @property
    def antragsteller_text(self) -> str | None:
        """"Gemeinsamer Antrag der Fraktionen A, B und C" for a joint motion, or `antragsteller`."""
        if self.antragsteller:
            return self.antragsteller
        if len(self.fraktion) > 1:
            return f"{GEMEINSAM[self.art]} der Fraktionen {self.fraktionen_text}"
        return None

    @property
    def datum_text(self) -> str:
        """"Hamburg, 30. September 2009"; without a date only the place, or ""."""
        datum = schreibweise.datum(self.datum) if self.datum else ""
        return ", ".join(t for t in (self.ort, datum) if t)

    @property
    def unterschriften_gruppen(self) -> list[Unterschriftengruppe]:
        """Signatories grouped per Fraktion, in the order of `fraktion` (SPEC §3.7).

        Without any `fraktion` on a signatory: one group without a name.
        """
        if not any(p.fraktion for p in self.unterzeichnende):
            return [Unterschriftengruppe(None, list(self.unterzeichnende))] if self.unterzeichnende else []
        namen = list(dict.fromkeys([*(f for f in self.fraktion), *(p.fraktion for p in self.unterzeichnende)]))
        gruppen = [Unterschriftengruppe(f, [p for p in self.unterzeichnende if p.fraktion == f]) for f in namen]
        return [g for g in gruppen if g.personen]

    @property
    def gliederung(self) -> list[Abschnitt]:
        """The sections, or for a motion without them one section without a heading holding every
        item: templates list requests in one loop either way."""
        if self.abschnitte is not None:
            return list(self.abschnitte)
        return [Abschnitt.model_construct(ueberschrift=None, einleitung=None, antragspunkte=self.antragspunkte,
                                          begruendung=None)]

    @property
    def synopse_zeilen(self) -> list[Synopsenzeile]:
        """The rows of the Synopse: one per text operation (SPEC §3.9)."""
        return synopse.zeilen(self)

    @property
    def aenderungen(self) -> list[Aenderung]:
        """The text operations among the requests."""
        return [p.aenderung for p in self.antragspunkte if p.aenderung is not None]

    def mit_nummern(self, nummern: dict[int, int]) -> Antrag:
        """A copy whose items at the given indices (of `antragspunkte`) carry these lfd. Nr."""
        if not nummern:
            return self
        punkte = [p.model_copy(update={"lfd_nr": nummern[i]}) if i in nummern else p
                  for i, p in enumerate(self.antragspunkte)]
        if self.abschnitte is None:
            return self.model_copy(update={"antragspunkte": punkte})
        abschnitte, rest = [], iter(punkte)
        for a in self.abschnitte:
            abschnitte.append(a.model_copy(update={"antragspunkte": [next(rest) for _ in a.antragspunkte]}))
        return self.model_copy(update={"antragspunkte": punkte, "abschnitte": abschnitte})

    @property
    def fraktionen_text(self) -> str:
        return schreibweise.aufzaehlung(self.fraktion)


def slug(text: str) -> str:
    """A motion id from a title or file name, German transliteration (ä → ae)."""
    from slugify import slugify

    return slugify(text, max_length=80, word_boundary=True, replacements=[
        ["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["ß", "ss"],
    ]) or "antrag"

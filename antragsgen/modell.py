"""The motion model: Antrag, Antragspunkt, Stelle, Mittel (pydantic, German names).

Field names are the keys of the input format, so templates, data and code speak one
language. Scalars arrive as the text the user wrote; validators here read German
numbers and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt, model_validator,
)

from . import schreibweise
from .markdown import markdown_escape

ARTEN = {
    "antrag": "Antrag",
    "haushaltsantrag": "Haushaltsantrag",
    "aenderungsantrag": "Änderungsantrag",
    "anfrage": "Anfrage",
}
STATUS = {"entwurf": "Entwurf", "eingereicht": "eingereicht", "zurueckgezogen": "zurückgezogen"}
EINLEITUNG = {"anfrage": "Wir fragen die Verwaltung:"}
EINLEITUNG_STANDARD = "Wir beantragen:"


def _als_liste(wert):
    return [wert] if isinstance(wert, (str, dict)) else wert


def _datum(wert):
    if wert is None or isinstance(wert, dt.date):
        return wert
    text = str(wert).strip()
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


def _betrag(wert):
    zahl = schreibweise.deutsche_zahl(wert)
    if zahl < 0:
        raise ValueError(f"Betrag {wert} darf nicht negativ sein")
    if zahl.adjusted() >= MAX_BETRAG_STELLEN:
        raise ValueError(f"Betrag {wert} hat mehr als {MAX_BETRAG_STELLEN} Stellen vor dem Komma")
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
    """Funds per budget year."""

    betrag: Betrag | None = Field(None, title="Betrag", description="Euro je Haushaltsjahr, z. B. 50.000")
    betraege: dict[Jahr, Betrag] | None = Field(None, title="Beträge", description="Euro je Jahr, z. B. {2022: 50000}")
    jahre: list[Jahr] | None = Field(None, title="Jahre", description="Standard: die Haushaltsjahre des Antrags")
    einmalig: JaNein = Field(False, title="einmalig", description="ein einmaliger Betrag im ersten Jahr")

    @model_validator(mode="after")
    def _betrag_oder_betraege(self):
        if (self.betrag is None) == (self.betraege is None):
            raise ValueError("bei 'mittel' genau eines von 'betrag' oder 'betraege' angeben")
        return self

    def betraege_je_jahr(self) -> dict[int, Decimal]:
        """Amount per year, whole euros, in year order."""
        if self.betraege is not None:
            return {j: schreibweise.ganze_euro(b) for j, b in sorted(self.betraege.items())}
        jahre = sorted(self.jahre or [])
        if self.einmalig:
            jahre = jahre[:1]
        return {j: schreibweise.ganze_euro(self.betrag) for j in jahre}


class Antragspunkt(Modell):
    """One request: free text, a position (`stelle`) or funds (`mittel`)."""

    text: Text | None = Field(None, title="Text", description="Antragstext (Markdown)")
    stelle: Stelle | None = Field(None, title="Stelle")
    mittel: Mittel | None = Field(None, title="Mittel")
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
        if self.text is None and self.stelle is None and self.mittel is None:
            raise ValueError("ein Antragspunkt braucht 'text', 'stelle' oder 'mittel'")
        return self

    @property
    def art(self) -> str:
        return "stelle" if self.stelle else "mittel" if self.mittel else "text"

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
        betraege = m.betraege_je_jahr()
        summen = set(betraege.values())
        if m.einmalig and betraege:
            jahr, betrag = next(iter(betraege.items()))
            angabe = f"{jahr} einmalig {schreibweise.euro(betrag)}"
        elif len(betraege) > 1 and len(summen) == 1:
            angabe = f"{schreibweise.aufzaehlung([str(j) for j in betraege])} jeweils {schreibweise.euro(summen.pop())}"
        else:
            angabe = schreibweise.aufzaehlung([f"{j} {schreibweise.euro(b)}" for j, b in betraege.items()])
        zweck = self.zweck[:1].upper() + self.zweck[1:] if self.zweck else "Es"
        return f"{zweck} werden {angabe} bereitgestellt"

    @property
    def kernsatz(self) -> str:
        """The request as plain text, without its lfd. Nr."""
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
        if self.text is None:
            return markdown_escape(self.satz)
        kopf, trenner, rest = self.text.partition("\n\n")
        return kopf + markdown_escape(self.nummernzusatz) + trenner + rest


class Baustein(Modell):
    """A reference to a text block in eingaben/bausteine/NAME.md."""

    baustein: Slug = Field(title="Baustein", description="Name eines Textbausteins")


class Unterzeichner(Modell):
    name: Text = Field(title="Name")
    funktion: Text | None = Field(None, title="Funktion", description="z. B. Fraktionsvorsitzende")

    @model_validator(mode="before")
    @classmethod
    def _nur_name(cls, daten):
        return {"name": daten} if isinstance(daten, str) else daten


class Antrag(Modell):
    """One council motion."""

    id: Slug | None = Field(None, title="Kennung", description="stabile Kennung; Ausgabedateien heißen danach")
    titel: Text = Field(title="Titel")
    oberzeile: Text | None = Field(None, title="Oberzeile", description="Zeile über dem Titel, z. B. „Haushalt 2022/2023“")
    art: Literal["antrag", "haushaltsantrag", "aenderungsantrag", "anfrage"] = Field("antrag", title="Art")
    fraktion: Annotated[list[Text], BeforeValidator(_als_liste), Field(min_length=1)] = Field(
        title="Fraktion", description="einreichende Fraktion(en); eine Liste ergibt einen gemeinsamen Antrag")
    gremium: Text | None = Field(None, title="Gremium")
    datum: Annotated[dt.date, BeforeValidator(_datum)] = Field(default_factory=dt.date.today, title="Datum")
    nummer: Text | None = Field(None, title="Nummer", description="eigene Antragsnummer, z. B. 123/2021")
    haushaltsjahre: list[Jahr] = Field(default_factory=list, title="Haushaltsjahre")
    vorbemerkung: Text | None = Field(None, title="Vorbemerkung", description="Markdown vor den Antragspunkten")
    einleitung: str | None = Field(None, title="Einleitung", description="Standard „Wir beantragen:“; \"\" lässt sie weg")
    antragspunkte: Annotated[list[Antragspunkt], BeforeValidator(_als_liste), Field(min_length=1)] = Field(
        title="Antragspunkte")
    begruendung: Annotated[list[Text | Baustein] | None, BeforeValidator(_als_liste)] = Field(
        None, title="Begründung", description="Markdown, oder eine Liste aus Texten und {baustein: NAME}")
    unterzeichnende: Annotated[list[Unterzeichner], BeforeValidator(_als_liste)] = Field(
        default_factory=list, title="Unterzeichnende")
    bezug: Text | None = Field(None, title="Bezug", description="was ein Änderungsantrag ändert")
    deckung: Text | None = Field(None, title="Deckungsvorschlag")
    status: Literal["entwurf", "eingereicht", "zurueckgezogen"] = Field("eingereicht", title="Status")

    @model_validator(mode="after")
    def _jahre_erben(self):
        for punkt in self.antragspunkte:
            if punkt.mittel is not None and punkt.mittel.jahre is None and punkt.mittel.betraege is None:
                punkt.mittel.jahre = list(self.haushaltsjahre)
        return self

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

    def mit_nummern(self, nummern: dict[int, int]) -> Antrag:
        """A copy whose items at the given indices carry these lfd. Nr."""
        if not nummern:
            return self
        punkte = [p.model_copy(update={"lfd_nr": nummern[i]}) if i in nummern else p
                  for i, p in enumerate(self.antragspunkte)]
        return self.model_copy(update={"antragspunkte": punkte})

    @property
    def fraktionen_text(self) -> str:
        return schreibweise.aufzaehlung(self.fraktion)


def slug(text: str) -> str:
    """A motion id from a title or file name, German transliteration (ä → ae)."""
    from slugify import slugify

    return slugify(text, max_length=80, word_boundary=True, replacements=[
        ["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["ß", "ss"],
    ]) or "antrag"

"""Costs of a motion per budget year: positions × personnel rate, funds as given.

Money is Decimal; each item and year is rounded half up to whole euros, and totals add
the rounded rows, so every table, overview and sum agree to the euro.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .fehler import Fundstelle, Meldung, warnung
from .schreibweise import euro, ganze_euro, stellenangabe
from .modell import Antrag, Antragspunkt, normalisiere_entgeltgruppe


# the words of every cost table (motion, Word, overview), in one place
OHNE_SATZ = "ohne Satz"
LAUT_ANTRAG = "Kosten laut Antrag"
DAUERHAFT = "dauerhaft"


def summe_text(name: str, vollstaendig: bool) -> str:
    """"Summe", or "Summe (ohne Stellen ohne Satz)" when some position has no rate."""
    return name if vollstaendig else f"{name} (ohne Stellen ohne Satz)"


@dataclass
class Kostenzeile:
    """One request's costs; `betraege[jahr]` is None where no rate is known."""

    index: int | None  # the request's place in its motion; None: the motion's own `kosten`
    punkt: Antragspunkt | None
    betraege: dict[int, Decimal | None]

    @property
    def lfd_nr(self) -> int | None:
        return self.punkt.lfd_nr if self.punkt else None

    @property
    def dauerhaft(self) -> bool:
        return bool(self.punkt and self.punkt.mittel and self.punkt.mittel.dauerhaft)

    @property
    def vollstaendig(self) -> bool:
        return all(b is not None for b in self.betraege.values())

    def betrag_text(self, jahr: int) -> str:
        """The amount of `jahr` as printed: "50.000 €", or "ohne Satz"."""
        betrag = self.betraege.get(jahr)
        return OHNE_SATZ if betrag is None else euro(betrag)

    @property
    def bezeichnung(self) -> str:
        """A short label: "0,5 Stelle Sekretär:in (EG 7)" or the purpose of the funds."""
        p = self.punkt
        if p is None:
            return LAUT_ANTRAG
        if p.stelle:
            s = p.stelle
            teile = [stellenangabe(s.anteil), s.bezeichnung,
                     f"({s.entgeltgruppe})" if s.entgeltgruppe else None]
            return " ".join(t for t in teile if t)
        name = (p.zweck[:1].upper() + p.zweck[1:]) if p.zweck else "Mittel"
        return f"{name} ({DAUERHAFT})" if self.dauerhaft else name


@dataclass
class Kosten:
    """The "Finanzielle Auswirkungen" of a motion."""

    jahre: list[int]
    zeilen: list[Kostenzeile] = field(default_factory=list)

    @property
    def summen(self) -> dict[int, Decimal]:
        """Total per year of the rows with a known amount."""
        return {j: sum((z.betraege[j] for z in self.zeilen if z.betraege.get(j) is not None), Decimal(0))
                for j in self.jahre}

    @property
    def vollstaendig(self) -> bool:
        """False when some position has no rate: the totals then lack its cost."""
        return all(z.vollstaendig for z in self.zeilen)

    @property
    def summe_text(self) -> str:
        return summe_text("Summe", self.vollstaendig)

    @property
    def stellen(self) -> Decimal:
        return sum((z.punkt.stelle.anteil for z in self.zeilen if z.punkt and z.punkt.stelle), Decimal(0))


def saetze(personalkosten: dict[str, Decimal]) -> dict[str, Decimal]:
    """Rates keyed by normalised grade ("EG13" and "EG 13" are one grade)."""
    return {normalisiere_entgeltgruppe(k): Decimal(v) for k, v in personalkosten.items()}


def berechne(antrag: Antrag, personalkosten: dict[str, Decimal],
             ort: Callable[[int], Fundstelle | None] = lambda i: None) -> tuple[Kosten | None, list[Meldung]]:
    """The motion's cost table (None when it has no position, funds or `kosten`) and warnings.

    `ort(i)` says where item i stands, for the warnings (None: the motion's `kosten`).
    """
    satz_je_gruppe = saetze(personalkosten)
    meldungen: list[Meldung] = []
    # without any [personalkosten] the group does not cost positions: no rows, no warnings
    posten = [(i, p) for i, p in enumerate(antrag.antragspunkte) if (p.stelle and satz_je_gruppe) or p.mittel]
    if antrag.kosten and posten:
        meldungen.append(warnung(ort(None), (
            "Die Antragspunkte nennen selbst Kosten; die Angabe 'kosten' des Antrags wird deshalb nicht verwendet.")))
    elif antrag.kosten:
        je_jahr = {j: ganze_euro(b) for j, b in sorted(antrag.kosten.items())}
        return Kosten(list(je_jahr), [Kostenzeile(None, None, je_jahr)]), []
    if not posten:
        return None, meldungen
    jahre = set(antrag.haushaltsjahre)
    for _, p in posten:
        if p.mittel:
            jahre.update(p.mittel.betraege_je_jahr())
    if not jahre:  # no budget year: nothing to put in a table
        return None, meldungen
    kosten = Kosten(sorted(jahre))
    for i, punkt in posten:
        if punkt.mittel:
            je_jahr = punkt.mittel.betraege_je_jahr()
            kosten.zeilen.append(Kostenzeile(i, punkt, {j: je_jahr.get(j, Decimal(0)) for j in kosten.jahre}))
            continue
        gruppe = punkt.stelle.entgeltgruppe
        satz = satz_je_gruppe.get(gruppe) if gruppe else None
        if satz is None and antrag.haushaltsjahre:
            grund = (f"für die Entgeltgruppe '{gruppe}' ist in antragsgen.toml unter [personalkosten] kein Satz "
                     "hinterlegt" if gruppe else "die Stelle hat keine Entgeltgruppe")
            meldungen.append(warnung(ort(i), (
                f"Keine Personalkosten für {antrag.punkt_name(i)}: {grund}; die Kosten fehlen in den Summen.")))
        jahre_stelle = set(antrag.haushaltsjahre)
        kosten.zeilen.append(Kostenzeile(i, punkt, {
            j: (ganze_euro(punkt.stelle.anteil * satz) if satz is not None else None) if j in jahre_stelle
            else Decimal(0) for j in kosten.jahre}))
    return kosten, meldungen

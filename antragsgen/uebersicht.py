"""The overview of a run: one row per request, sorted by lfd. Nr., with totals (SPEC §5).

Rows and totals are computed here once; renderer/tabellen.py writes them as CSV, XLSX
and PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

from .fassung import Fassung
from .fehler import Fundstelle
from .kosten import LAUT_ANTRAG

ARTEN = {"text": "Text", "stelle": "Stelle", "mittel": "Mittel", "aenderung": "Änderung"}


@dataclass
class Zeile:
    lfd_nr: int | None
    antrag: str
    titel: str
    fraktion: str
    art: str
    stellen: Decimal | None = None
    entgeltgruppe: str = ""
    bereich: str = ""
    haushaltsstelle: str = ""
    betraege: dict[int, Decimal | None] = field(default_factory=dict)
    status: str = "eingereicht"
    dauerhaft: bool = False  # recurring beyond the budget years (SPEC §3.7)
    bezug: str = ""  # what an amendment amends: "Titel (id)" for a motion of the run (SPEC §3.9)

    @property
    def zaehlt(self) -> bool:
        """Withdrawn and failed motions stay listed but are out of the totals."""
        return self.status not in ("zurückgezogen", "fehlerhaft")


@dataclass
class Summe:
    name: str
    stellen: Decimal | None  # None: the group requests no positions (not "0,0 Stellen")
    betraege: dict[int, Decimal]
    vollstaendig: bool


@dataclass
class Uebersicht:
    jahre: list[int]
    zeilen: list[Zeile]

    # cached: the templates and tables ask for every row, and each answer looks at all rows
    # (quadratic in the rows); `zeilen` is complete when erstelle() returns
    @cached_property
    def mit_dauerhaft(self) -> bool:
        """The column "dauerhaft" is shown only where some row is recurring."""
        return any(z.dauerhaft for z in self.zeilen)

    @cached_property
    def mit_bezug(self) -> bool:
        """The column "Bezug" is shown only where the run has amendments."""
        return any(z.bezug for z in self.zeilen)

    def summe(self, name: str = "Summe", fraktion: str | None = None) -> Summe:
        zeilen = [z for z in self.zeilen if z.zaehlt and (fraktion is None or z.fraktion == fraktion)]
        anteile = [z.stellen for z in zeilen if z.stellen is not None]
        return Summe(
            name=name,
            stellen=sum(anteile, Decimal(0)) if anteile else None,
            betraege={j: sum((z.betraege[j] for z in zeilen if z.betraege.get(j) is not None), Decimal(0))
                      for j in self.jahre},
            vollstaendig=all(b is not None for z in zeilen for b in z.betraege.values()),
        )

    @property
    def summen(self) -> list[Summe]:
        """The total, then one per Fraktion (in order of first appearance)."""
        fraktionen = list(dict.fromkeys(z.fraktion for z in self.zeilen if z.zaehlt))
        ergebnis = [self.summe("Summe")]
        if len(fraktionen) > 1:
            ergebnis += [self.summe(f"Summe {f}", f) for f in fraktionen]
        return ergebnis


def erstelle(antraege: list[Fassung], fehlerhaft: list[Fundstelle] = ()) -> Uebersicht:
    """Rows of every request of `antraege` (in reading order) plus one per failed motion."""
    jahre = sorted({j for a in antraege if a.kosten for j in a.kosten.jahre})
    zeilen: list[Zeile] = []
    titel = {a.id: a.titel for a in antraege}
    for antrag in antraege:
        kosten = {z.index: z for z in antrag.kosten.zeilen} if antrag.kosten else {}
        bezug = ""
        if antrag.art == "aenderungsantrag" and antrag.bezug:
            bezug = f"{titel[antrag.bezug]} ({antrag.bezug})" if antrag.bezug in titel else antrag.bezug
        for i, punkt in enumerate(antrag.antragspunkte):
            zeile = Zeile(
                lfd_nr=punkt.lfd_nr, antrag=antrag.id, titel=antrag.titel, fraktion=antrag.fraktionen_text,
                art=ARTEN[punkt.art], haushaltsstelle=punkt.haushaltsstelle or "",
                status=antrag.status_name if antrag.status != "eingereicht" else "eingereicht", bezug=bezug,
            )
            if punkt.stelle:
                zeile.stellen = punkt.stelle.anteil
                zeile.entgeltgruppe = punkt.stelle.entgeltgruppe or ""
                zeile.bereich = punkt.stelle.bereich or ""
            if i in kosten:
                zeile.betraege = dict(kosten[i].betraege)  # only the motion's own years
                zeile.dauerhaft = kosten[i].dauerhaft
            zeilen.append(zeile)
        if None in kosten:  # the motion's own `kosten`: one row of its own
            zeilen.append(Zeile(
                lfd_nr=None, antrag=antrag.id, titel=antrag.titel, fraktion=antrag.fraktionen_text, art=LAUT_ANTRAG,
                betraege=dict(kosten[None].betraege),
                status=antrag.status_name if antrag.status != "eingereicht" else "eingereicht"))
    for ort in fehlerhaft:
        zeilen.append(Zeile(lfd_nr=None, antrag=str(ort), titel="(siehe Meldungen)", fraktion="", art="",
                            status="fehlerhaft"))
    # by lfd. Nr.; rows without a number keep reading order at the end (sorted() is stable)
    zeilen.sort(key=lambda z: (z.lfd_nr is None, z.lfd_nr or 0))
    return Uebersicht(jahre, zeilen)

"""Planning the lfd. Nr. of a run: pure Python, no file, no clock.

Items take back the number the register holds for them (by item id, then unchanged
content, then position); new items get the next free number; vanished ones are marked
deleted and their numbers stay taken for good (SPEC §4).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..einstellungen import Einstellungen
from ..fehler import Meldung, fehler
from ..modell import Antragspunkt
from ..pruefen import Geprueft

Punkt = tuple[str, int]  # (motion id, item index)
# an item of section k (from 0) at place j is kept at position (k + 1) * ABSCHNITT + j: its
# place includes its section, and the register column stays one number
ABSCHNITT = 100_000


def position(antrag, index: int) -> int:
    """The item's place as the register keeps it (SPEC §3.8: its section is part of it)."""
    pfad = antrag.punkt_pfad(index)
    return (pfad[1] + 1) * ABSCHNITT + pfad[3] if pfad[0] == "abschnitte" else index


@dataclass
class Eintrag:
    """One row of the register."""

    lfd_nr: int
    antrag: str
    punkt_id: str | None
    position: int
    inhalt: str
    text: str
    titel: str
    fraktion: str
    herkunft: str
    status: str
    vergeben_am: str
    gesehen_am: str

    @property
    def punkt_text(self) -> str:
        """The item's place as a user counts: "3", or "2.1" for the first item of section 2."""
        abschnitt, stelle = divmod(self.position, ABSCHNITT)
        return f"{abschnitt}.{stelle + 1}" if abschnitt else str(stelle + 1)


@dataclass
class Plan:
    """What a run changes in the register: the numbers as data, and the problems found."""

    eintraege: dict[int, Eintrag] = field(default_factory=dict)  # every row, changed or not
    geaendert: set[int] = field(default_factory=set)
    nummern: dict[Punkt, int] = field(default_factory=dict)  # automatic numbers of this run
    meldungen: list[Meldung] = field(default_factory=list)
    gescheitert: set[str] = field(default_factory=set)  # ids of motions that must not be written


def inhalt_hash(punkt: Antragspunkt, abschnitt: int | None = None) -> str:
    """The item's content without its number and id: unchanged text keeps its number.

    An item of a section is that section's item (SPEC §3.8): moved to another section it
    is another request.
    """
    daten = punkt.model_dump(mode="json", exclude={"lfd_nr", "id"}, exclude_none=True)
    if abschnitt is not None:
        daten["abschnitt"] = abschnitt
    return hashlib.sha256(json.dumps(daten, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def nummeriert_automatisch(g: Geprueft, einstellungen: Einstellungen) -> bool:
    return g.antrag.art == "haushaltsantrag" and g.antrag.nummerieren and einstellungen.nummern.automatisch


def _freie_nummern(start: int, schritt: int, ende: int | None, belegt: set[int]) -> Iterator[int]:
    nummer = start
    while ende is None or nummer <= ende:
        if nummer not in belegt:
            yield nummer
        nummer += schritt


# how an item finds its row again, in this order; id and unchanged content also bring back a
# deleted item's number, a mere position never takes a deleted or explicitly used number
_PASST = (
    lambda i, p, h, e, explizit: p.id is not None and e.punkt_id == p.id,
    lambda i, p, h, e, explizit: e.punkt_id in (None, p.id) and e.inhalt == h,
    lambda i, p, h, e, explizit: (e.punkt_id in (None, p.id) and e.position == i and e.status != "geloescht"
                                  and e.lfd_nr not in explizit),
)


def _zuordnen(g: Geprueft, frei: list[Eintrag], explizit: dict[int, Punkt], hash_von) -> dict[int, Eintrag]:
    """The register rows the motion's unnumbered items take back, by their `position`."""
    punkte = [(position(g.antrag, i), p, hash_von(g, i))
              for i, p in enumerate(g.antrag.antragspunkte) if p.lfd_nr is None]
    frei = list(frei)
    zugeordnet: dict[int, Eintrag] = {}
    for passt in _PASST:
        for stelle, p, h in punkte:
            if stelle in zugeordnet:
                continue
            treffer = next((e for e in frei if passt(stelle, p, h, e, explizit)), None)
            if treffer is not None:
                zugeordnet[stelle] = treffer
                frei.remove(treffer)
    return zugeordnet


class _Planung:
    """One planning pass; `plane()` is its front."""

    def __init__(self, geprueft: list[Geprueft], eintraege: list[Eintrag], einstellungen: Einstellungen):
        self.einstellungen = einstellungen
        self.nach_id = {g.antrag.id: g for g in geprueft}
        self.plan = Plan(eintraege={e.lfd_nr: e for e in eintraege})
        self.explizit: dict[int, Punkt] = {p.lfd_nr: (g.antrag.id, i) for g in geprueft
                                           for i, p in enumerate(g.antrag.antragspunkte) if p.lfd_nr is not None}
        self.beansprucht: dict[int, Punkt] = {}
        self.offen: list[Punkt] = []

    @staticmethod
    def daten(g: Geprueft, i: int) -> tuple[str, str]:
        """inhalt_hash and text of item `i`, once per validated motion (matching and writing down ask)."""
        if i not in g.registerdaten:
            punkt = g.antrag.antragspunkte[i]
            g.registerdaten[i] = inhalt_hash(punkt, g.antrag.abschnitt_von(i)), punkt.kernsatz[:200]
        return g.registerdaten[i]

    def inhalt(self, g: Geprueft, i: int) -> str:
        return self.daten(g, i)[0]

    def wiederfinden(self, eintraege: list[Eintrag]) -> None:
        """1. automatic items take back their number."""
        je_antrag: dict[str, list[Eintrag]] = {}
        for e in eintraege:
            je_antrag.setdefault(e.antrag, []).append(e)
        for g in self.nach_id.values():
            if not nummeriert_automatisch(g, self.einstellungen):
                continue
            zugeordnet = _zuordnen(g, je_antrag.get(g.antrag.id, []), self.explizit, self.inhalt)
            for i, p in enumerate(g.antrag.antragspunkte):
                if p.lfd_nr is not None:
                    continue
                e = zugeordnet.get(position(g.antrag, i))
                if e is None:
                    self.offen.append((g.antrag.id, i))
                    continue
                if e.lfd_nr in self.explizit:
                    anderer, j = self.explizit[e.lfd_nr]
                    self.plan.meldungen.append(fehler(
                        self.nach_id[anderer].punkt_ort(j, "lfd_nr"),
                        f"lfd. Nr. {e.lfd_nr} ist schon automatisch an {g.antrag.punkt_name(i)} des Antrags '{g.antrag.id}' "
                        "vergeben; bitte eine andere Nummer wählen."))
                    self.plan.gescheitert.add(anderer)
                self.plan.nummern[(g.antrag.id, i)] = e.lfd_nr
                self.beansprucht[e.lfd_nr] = (g.antrag.id, i)

    def explizite(self) -> None:
        """2. explicit numbers: a row nobody claimed passes to the item that names it."""
        for nummer, punkt in self.explizit.items():
            if nummer not in self.beansprucht and punkt[0] not in self.plan.gescheitert:
                self.beansprucht[nummer] = punkt

    def neue(self, vorbehalten: set[int]) -> None:
        """3. new numbers, in reading order, never one that was ever given."""
        belegt = set(self.plan.eintraege) | set(self.explizit) | set(vorbehalten)
        quellen: dict[tuple, Iterator[int]] = {}
        nummern = self.einstellungen.nummern
        for antrag_id, i in self.offen:
            g = self.nach_id[antrag_id]
            fraktion = g.antrag.fraktion[0]
            if nummern.bloecke and fraktion not in nummern.bloecke:
                self.plan.meldungen.append(fehler(g.ort, f"Für die Fraktion '{fraktion}' ist in antragsgen.toml "
                                                  "unter [nummern.bloecke] kein Nummernblock festgelegt."))
                self.plan.gescheitert.add(antrag_id)
                continue
            anfang, ende = nummern.bloecke[fraktion] if nummern.bloecke else (nummern.start, None)
            quelle = quellen.setdefault((anfang, ende), _freie_nummern(anfang, nummern.schritt, ende, belegt))
            nummer = next(quelle, None)
            if nummer is None:
                self.plan.meldungen.append(fehler(g.punkt_ort(i) or g.ort, (
                    f"Der Nummernblock {anfang}–{ende} der Fraktion '{fraktion}' ist voll; "
                    "bitte den Block in antragsgen.toml erweitern.")))
                self.plan.gescheitert.add(antrag_id)
                continue
            belegt.add(nummer)
            self.plan.nummern[(antrag_id, i)] = nummer
            self.beansprucht[nummer] = (antrag_id, i)

    def aufschreiben(self, jetzt: str, vollstaendig: bool) -> None:
        """4. write down who holds which number; everything else is deleted (and stays taken)."""
        for nummer, (antrag_id, i) in self.beansprucht.items():
            if antrag_id in self.plan.gescheitert and nummer not in self.plan.eintraege:
                continue
            g = self.nach_id[antrag_id]
            antrag = g.antrag
            punkt = antrag.antragspunkte[i]
            alt = self.plan.eintraege.get(nummer)
            inhalt, text = self.daten(g, i)
            neu = Eintrag(
                lfd_nr=nummer, antrag=antrag.id, punkt_id=punkt.id, position=position(antrag, i),
                inhalt=inhalt, text=text, titel=antrag.titel[:200], fraktion=antrag.fraktion[0],
                herkunft="explizit" if nummer in self.explizit else "automatisch",
                status="zurueckgezogen" if antrag.status == "zurueckgezogen" else "aktiv",
                vergeben_am=alt.vergeben_am if alt else jetzt,
                gesehen_am=alt.gesehen_am if alt else jetzt,  # a row only seen again is no change
            )
            if alt is None or alt != neu:
                self.plan.eintraege[nummer] = replace(neu, gesehen_am=jetzt) if alt else neu
                self.plan.geaendert.add(nummer)
        for nummer, e in self.plan.eintraege.items():
            if (nummer not in self.beansprucht and e.status != "geloescht"
                    and (vollstaendig or e.antrag in self.nach_id)):
                self.plan.eintraege[nummer] = replace(e, status="geloescht", gesehen_am=jetzt)
                self.plan.geaendert.add(nummer)


def plane(geprueft: list[Geprueft], eintraege: list[Eintrag], einstellungen: Einstellungen,
          jetzt: str, *, vollstaendig: bool = True, vorbehalten: set[int] = frozenset()) -> Plan:
    """Match items to the register, give new numbers, mark vanished items as deleted.

    Without `vollstaendig` (some source of the project could not be read) only items of
    motions that were read are marked deleted: a motion with a typo is not a deleted
    motion. `vorbehalten` are numbers written in sources that could not be read; they are
    never handed out.
    """
    planung = _Planung(geprueft, eintraege, einstellungen)
    planung.wiederfinden(eintraege)
    planung.explizite()
    planung.neue(vorbehalten)
    planung.aufschreiben(jetzt, vollstaendig)
    return planung.plan

"""Amendments that name lines (`zeilen: "12-14"`): checked against the lines of the motion
they amend, as its PDF sets them (SPEC §3.9). The PDF is the reference copy.

The target's lines are those it has with line numbers on, whether or not it prints them:
the numbers stand in the margin and do not move the text.
"""

from __future__ import annotations

from .fassung import Fassung
from .fehler import Meldung, fehler
from .schreibweise import typografie


def braucht_zeilen(fassung: Fassung) -> bool:
    return any(a.zeilen is not None for a in fassung.aenderungen)


def pruefe(fassungen: list[Fassung], alle: list[Fassung], zeilen_von) -> tuple[list[Meldung], list[Fassung]]:
    """The amendments among `fassungen` checked against their targets among `alle`: messages
    and the amendments that fail. `zeilen_von(fassung)` lays out a target's lines."""
    nach_id = {f.id: f for f in alle}
    gesetzt: dict[str, list] = {}
    meldungen: list[Meldung] = []
    gescheitert: list[Fassung] = []
    for f in fassungen:
        for i, punkt in enumerate(f.antragspunkte):
            a = punkt.aenderung
            if a is None or a.zeilen is None:
                continue
            pfad = (*f.antrag.punkt_pfad(i), "aenderung")
            ort = f.quelle.fundstelle((*pfad, "zeilen")) if f.quelle else f.fundstelle
            ziel = nach_id.get(f.bezug or "")
            if ziel is None or ziel.id == f.id:
                meldungen.append(fehler(ort, (
                    f"Die Änderung nennt Zeilen; dafür muss 'bezug' die Kennung eines Antrags dieses Laufs sein"
                    + (f" (angegeben: '{f.bezug}')." if f.bezug else ", 'bezug' fehlt."))))
                gescheitert.append(f)
                continue
            if ziel.id not in gesetzt:
                gesetzt[ziel.id] = zeilen_von(ziel)
            meldung = _vergleiche(f, ziel, a, gesetzt[ziel.id], ort,
                                  f.quelle.fundstelle((*pfad, "alt")) if f.quelle else f.fundstelle)
            if meldung is not None:
                meldungen.append(meldung)
                gescheitert.append(f)
    return meldungen, list({id(f): f for f in gescheitert}.values())


def _vergleiche(f: Fassung, ziel: Fassung, a, alle: list, ort, alt_ort) -> Meldung | None:
    from .renderer.zeilen import normalisiert, text_der_zeilen

    von, bis = a.von_bis
    if bis > len(alle):
        return fehler(ort, (f"Der Antrag '{ziel.id}' hat {len(alle)} Zeilen; {a.ort_text} gibt es dort nicht "
                            f"(Änderungsantrag '{f.id}')."))
    if a.alt is None:
        return None
    gesucht = normalisiert(typografie(a.alt))
    tatsaechlich = text_der_zeilen(alle, von, bis)
    # `alt` stands in these lines and reaches from the first to the last of them
    passt = gesucht in tatsaechlich and (von == bis or (
        gesucht not in text_der_zeilen(alle, von + 1, bis) and gesucht not in text_der_zeilen(alle, von, bis - 1)))
    if passt:
        return None
    return fehler(alt_ort, (
        f"Im Änderungsantrag '{f.id}' passt 'alt' nicht zu {a.ort_text} des Antrags '{ziel.id}': "
        f"dort steht „{tatsaechlich}“, nicht „{gesucht}“. Bitte 'zeilen' oder 'alt' anpassen."))

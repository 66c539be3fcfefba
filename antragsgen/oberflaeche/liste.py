"""The list page's rows: every motion of the project with its problems, as `pruefen` sees them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import api
from ..fehler import anzeigepfad
from ..laden import finde_dateien, lade_dateien
from ..modell import ARTEN, STATUS
from ..projekt import Projekt
from .sicherheit import ENDUNGEN


@dataclass
class Zeile:
    datei: str  # relative to the project, as the URL names it
    titel: str
    art: str
    fraktion: str
    nummern: str
    status: str
    datum: str
    fehler: int
    warnungen: int
    bearbeitbar: bool

    def passt(self, suche: str, fraktion: str, art: str, status: str) -> bool:
        text = f"{self.titel} {self.datei} {self.fraktion} {self.nummern}".lower()
        return ((not suche or all(w in text for w in suche.lower().split()))
                and (not fraktion or fraktion in self.fraktion.split(", "))
                and (not art or self.art == art) and (not status or self.status == status))


def zeilen(projekt: Projekt) -> list[Zeile]:
    """One row per motion (a broken file is one row with its problems), in reading order."""
    eingaben = projekt.einstellungen.eingaben_ordner
    if not eingaben.is_dir():
        return []
    dateien = finde_dateien([eingaben], [projekt.einstellungen.bausteine_ordner])
    ergebnis = api.bereite_vor(projekt, None, register_schreiben=False)
    fehler = Counter(m.ort.datei for m in ergebnis.meldungen if m.ort and m.ist_fehler)
    warnungen = Counter(m.ort.datei for m in ergebnis.meldungen if m.ort and not m.ist_fehler)
    gute = {}
    for f in ergebnis.antraege:
        gute.setdefault(f.quelle.datei, []).append(f)
    je_datei = Counter(f.quelle.datei for f in ergebnis.antraege) + Counter(o.datei for o in ergebnis.fehlerhaft)
    rows = []
    for pfad in dateien:
        anzeige = anzeigepfad(pfad)
        relativ = _relativ(pfad, projekt.ordner)
        einzeln = je_datei[anzeige] <= 1 and pfad.suffix.lower() in ENDUNGEN
        for f in gute.get(anzeige, []):
            a = f.antrag
            rows.append(Zeile(relativ, a.titel, a.art, ", ".join(a.fraktion), nummern_text(a), a.status,
                              a.datum.strftime("%d.%m.%Y") if a.datum else "", fehler[anzeige], warnungen[anzeige], einzeln))
        if anzeige in {o.datei for o in ergebnis.fehlerhaft}:
            rows.append(Zeile(relativ, _roher_titel(pfad, projekt.ordner) or relativ, "", "", "", "fehlerhaft", "",
                              fehler[anzeige], warnungen[anzeige], einzeln))
    return rows


def nummern_text(antrag) -> str:
    """"3210–3225": as the Sammelband's contents write it (renderer.sammelband.nummern_text),
    here without importing WeasyPrint into the server, so its first page comes at once."""
    nummern = [p.lfd_nr for p in antrag.antragspunkte if p.lfd_nr is not None]
    if not nummern:
        return ""
    return str(min(nummern)) if min(nummern) == max(nummern) else f"{min(nummern)}\u2013{max(nummern)}"


def _relativ(pfad: Path, ordner: Path) -> str:
    try:
        return pfad.relative_to(ordner).as_posix()
    except ValueError:
        return pfad.as_posix()


def _roher_titel(pfad: Path, ordner: Path) -> str | None:
    """The title a broken motion file gives, if it can be read at all."""
    geladen = lade_dateien([pfad], ordner)
    for dok in geladen.dokumente:
        if isinstance(dok.daten, dict) and isinstance(dok.daten.get("titel"), str):
            return dok.daten["titel"]
    return None


def auswahl(zeilen_: list[Zeile]) -> dict[str, list[tuple[str, str]]]:
    """The filters' choices: the Fraktionen, Arten and states that occur."""
    fraktionen = sorted({f for z in zeilen_ for f in z.fraktion.split(", ") if f})
    return {
        "fraktion": [(f, f) for f in fraktionen],
        "art": [(k, v) for k, v in ARTEN.items() if any(z.art == k for z in zeilen_)],
        "status": [(k, v) for k, v in {**STATUS, "fehlerhaft": "fehlerhaft"}.items()
                   if any(z.status == k for z in zeilen_)],
    }


ANZEIGE = {**ARTEN, **STATUS, "fehlerhaft": "fehlerhaft"}

"""All submitted motions as one volume (Sammelband.pdf): cover, contents, motions.

The volume is one HTML document laid out in one pass, so the contents' page numbers,
the bookmarks and "Seite X von Y" come from the same layout; each motion is the
template's antrag_inhalt.html.j2, exactly as in its own PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pydyf

from .. import sammeln, schreibweise
from ..fehler import VorlagenFehler
from ..fassung import als_fassung
from ..modell import Antrag
from ..vorlagen import Vorlage, jinja_umgebung, vorlagen_meldung
from .html import CSS_DATEI
from .weasy import Satz

HTML_DATEI = "sammelband.html.j2"
BAND_CSS_DATEI = "sammelband.css"
INHALT_DATEI = "antrag_inhalt.html.j2"


def erste_nummer(antrag: Antrag) -> int | None:
    """The smallest lfd. Nr. of the motion's items, None without any."""
    return min((p.lfd_nr for p in antrag.antragspunkte if p.lfd_nr is not None), default=None)


def sortiere(antraege: list[Antrag]) -> list[Antrag]:
    """In lfd. Nr. order (by each motion's smallest); motions without one last, as given.

    An amendment of a motion in the volume follows right after that motion (SPEC §3.9).
    """
    ids = {a.id for a in antraege}
    folgt = lambda a: a.art == "aenderungsantrag" and a.bezug in ids and a.bezug != a.id  # noqa: E731
    reihe = sorted((a for a in antraege if not folgt(a)), key=lambda a: (erste_nummer(a) is None, erste_nummer(a) or 0))
    nachher: dict[str, list[Antrag]] = {}
    for a in antraege:
        if folgt(a):
            nachher.setdefault(a.bezug, []).append(a)
    ergebnis: list[Antrag] = []

    def mit_aenderungen(antrag: Antrag) -> None:
        ergebnis.append(antrag)
        for aenderung in nachher.pop(antrag.id, []):
            mit_aenderungen(aenderung)  # an amendment of an amendment follows it in turn

    for antrag in reihe:
        mit_aenderungen(antrag)
    for rest in nachher.values():  # amendments in a ring: kept, in reading order
        ergebnis.extend(a for a in rest if a not in ergebnis)
    return ergebnis


def nummern_text(antrag: Antrag) -> str:
    """The motion's lfd. Nr. for the contents: "3210–3225", "3210" or ""."""
    nummern = [p.lfd_nr for p in antrag.antragspunkte if p.lfd_nr is not None]
    if not nummern:
        return ""
    return str(min(nummern)) if min(nummern) == max(nummern) else f"{min(nummern)}\u2013{max(nummern)}"


@dataclass(frozen=True)
class Eintrag:
    """One motion in the volume; `anker` is the id its contents line links to."""

    antrag: Antrag
    nummern: str
    anker: str


@dataclass(frozen=True)
class Band:
    """What sammelband.html.j2 sees as `band`."""

    antraege: tuple[Antrag, ...]
    stand: dt.date

    @cached_property
    def eintraege(self) -> list[Eintrag]:
        return [Eintrag(a, nummern_text(a), f"band-{i}") for i, a in enumerate(self.antraege, 1)]

    @property
    def titel(self) -> str:
        if self.antraege and all(a.art == "haushaltsantrag" for a in self.antraege):
            return "Haushaltsanträge"
        return "Sammelband der Anträge"

    @property
    def haushalt(self) -> str:
        """The budget years of all motions, "2022/2023", or ""."""
        return "/".join(str(j) for j in sorted({j for a in self.antraege for j in a.haushaltsjahre}))

    @property
    def gremium(self) -> str | None:
        """The committee when every motion names the same one."""
        gremien = {a.gremium for a in self.antraege}
        return gremien.pop() if len(gremien) == 1 else None

    @property
    def fraktionen(self) -> list[str]:
        """Every submitting group once, in the order they first appear."""
        return list(dict.fromkeys(f for a in self.antraege for f in a.fraktion))

    @property
    def fraktionen_text(self) -> str:
        return schreibweise.aufzaehlung(self.fraktionen)

    @property
    def anzahl_text(self) -> str:
        return "1 Antrag" if len(self.antraege) == 1 else f"{len(self.antraege)} Anträge"

    @property
    def dokumenttitel(self) -> str:
        """The PDF title: "Sammelband der Haushaltsanträge · Haushalt 2022/2023"."""
        art = "Haushaltsanträge" if self.titel == "Haushaltsanträge" else "Anträge"
        return f"Sammelband der {art}" + (f" · Haushalt {self.haushalt}" if self.haushalt else "")


def _seitenzahlen(dokument, pdf: pydyf.PDF) -> None:
    """Page labels 1, 2, 3 … through the whole volume, as the footers count.

    WeasyPrint 70 writes no /PageLabels; its finisher hook adds them before the
    trailer, so the PDF/A structure stays WeasyPrint's and the bytes stay stable.
    """
    pdf.catalog["PageLabels"] = pydyf.Dictionary({
        "Nums": pydyf.Array([0, pydyf.Dictionary({"S": "/D", "St": 1})]),
    })


class SammelbandRenderer:
    """Set up once (fonts, both style sheets, template), render the volume."""

    def __init__(self, vorlage: Vorlage, pdf_variante: str = "pdf/a-2a",
                 erlaubte_ordner: list[Path] = ()):
        # a template folder without Sammelband files uses the built-in ones
        self.datei = vorlage.datei(HTML_DATEI)
        self.satz = Satz([*vorlage.suchpfad, *erlaubte_ordner], vorlage.ordner.as_uri() + "/", pdf_variante,
                         [vorlage.datei(CSS_DATEI), vorlage.datei(BAND_CSS_DATEI)])
        self.fetcher = self.satz.fetcher
        umgebung = jinja_umgebung(vorlage.suchpfad)
        try:
            self.template = umgebung.get_template(HTML_DATEI)
            umgebung.get_template(INHALT_DATEI)  # its syntax errors now, not mid-run
        except Exception as e:  # a broken template is the user's, report it with its line
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def html(self, antraege: list[Antrag], stand: dt.date) -> str:
        """The volume as one HTML document (the input of the PDF)."""
        try:
            return self.template.render(band=Band(tuple(sortiere([als_fassung(a) for a in antraege])), stand))
        except Exception as e:
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def render(self, antraege: list[Antrag], stand: dt.date) -> bytes:
        """The submitted motions as one PDF/A volume, sorted by lfd. Nr.

        `stand` is the date of the run, shown on the cover. Refused URLs are in
        `self.fetcher.abgelehnt`.
        """
        with sammeln.pausiert():
            return self.satz.pdf(self.html(antraege, stand), b"sammelband", finisher=_seitenzahlen)

"""The warm renderer behind the preview: one process of its own, set up once.

It renders with the same template, URL fetcher and sandbox as `erzeugen` (api.vorschau),
turns the PDF's pages into PNG images (pypdfium2), and makes the DOCX, the overview
and the Sammelband on request, in memory: the editor writes nothing but motion files.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from .. import api, uebersicht
from ..arbeiter import Arbeiter, uebersicht_pdf
from ..einstellungen import DATEINAME
from ..fehler import AntragsFehler, Meldung
from ..projekt import Projekt

BILDMASSSTAB = 1.5  # 1 PDF point = 1.5 px: an A4 page is 893 px wide


@dataclass
class Vorschaubild:
    """One preview: the PDF, its pages as PNG, every message about the motion."""

    pdf: bytes | None
    seiten: list[bytes] = field(default_factory=list)
    meldungen: list[Meldung] = field(default_factory=list)


# -- in the preview process ----------------------------------------------------------------

_OFFEN: dict[str, tuple[float, Projekt, dict]] = {}


def _projekt(ordner: str, formate: tuple[str, ...]) -> tuple[Projekt, dict]:
    """The project and its renderers, kept warm; opened again when antragsgen.toml changes."""
    from ..renderer import baue_renderer

    einstellungen = Path(ordner) / DATEINAME
    stand = einstellungen.stat().st_mtime if einstellungen.is_file() else 0.0
    schluessel = f"{ordner}|{','.join(formate)}"
    if schluessel not in _OFFEN or _OFFEN[schluessel][0] != stand:
        projekt = Projekt.oeffnen(ordner, formate=list(formate))
        _OFFEN[schluessel] = (stand, projekt, baue_renderer(projekt.auftrag(formate)))
    _, projekt, renderer = _OFFEN[schluessel]
    return projekt, renderer


def seitenbilder(pdf: bytes, massstab: float = BILDMASSSTAB) -> list[bytes]:
    import pypdfium2

    dokument = pypdfium2.PdfDocument(pdf)
    try:
        bilder = []
        for seite in dokument:
            puffer = io.BytesIO()
            seite.render(scale=massstab).to_pil().save(puffer, "PNG", compress_level=1)
            bilder.append(puffer.getvalue())
        return bilder
    finally:
        dokument.close()


def rendere_vorschau(ordner: str, text: str, datei: str) -> Vorschaubild:
    try:
        projekt, renderer = _projekt(ordner, ("pdf",))
        dateien, meldungen = api.vorschau(projekt, text, Path(datei), formate=("pdf",), renderer=renderer)
    except AntragsFehler as e:
        return Vorschaubild(None, [], e.meldungen)
    pdf = dateien.get("pdf")
    return Vorschaubild(pdf, seitenbilder(pdf) if pdf else [], meldungen)


def rendere_datei(ordner: str, text: str, datei: str, format_: str) -> tuple[bytes | None, list[Meldung]]:
    try:
        projekt, renderer = _projekt(ordner, (format_,))
        dateien, meldungen = api.vorschau(projekt, text, Path(datei), formate=(format_,), renderer=renderer)
    except AntragsFehler as e:
        return None, e.meldungen
    return dateien.get(format_), meldungen


def rendere_projekt(ordner: str, was: str) -> tuple[bytes | None, list[Meldung]]:
    """The project's overview ("uebersicht") or Sammelband ("sammelband") as the files say now."""
    from ..renderer.sammelband import SammelbandRenderer

    try:
        projekt = Projekt.oeffnen(ordner)
        ergebnis = api.bereite_vor(projekt, None, register_schreiben=False)
        heute = dt.date.today()
        if was == "uebersicht":
            pdf = uebersicht_pdf(projekt.auftrag(()), uebersicht.erstelle(ergebnis.antraege, ergebnis.fehlerhaft), heute)
            return (pdf, ergebnis.meldungen) if isinstance(pdf, bytes) else (None, ergebnis.meldungen + pdf)
        eingereicht = [f for f in ergebnis.antraege if f.status == "eingereicht"]
        einstellungen = projekt.einstellungen
        renderer = SammelbandRenderer(projekt.vorlage, einstellungen.ausgabe.pdf_variante,
                                      erlaubte_ordner=[einstellungen.eingaben_ordner])
        return renderer.render(eingereicht, heute), ergebnis.meldungen
    except AntragsFehler as e:
        return None, e.meldungen


def _vorheizen(ordner: str, datei: str | None, text: str | None) -> bool:
    _projekt(ordner, ("pdf",))
    if datei and text is not None:
        rendere_vorschau(ordner, text, datei)  # fonts and layout caches loaded once
    return True


# -- in the server ---------------------------------------------------------------------------

class Vorschau:
    """The preview process as the server sees it: one job at a time, in order."""

    def __init__(self, projekt: Projekt):
        self.ordner = str(projekt.ordner.resolve())
        # one process beside the server (arbeiter.Arbeiter: forkserver, ends with the server)
        self._arbeiter = Arbeiter(projekt.auftrag(("pdf",)), 1)

    def vorheizen(self, datei: Path | None = None, text: str | None = None):
        return self._arbeiter.nebenbei(_vorheizen, self.ordner, str(datei) if datei else None, text)

    def vorschau(self, text: str, datei: Path):
        return self._arbeiter.nebenbei(rendere_vorschau, self.ordner, text, str(datei))

    def datei(self, text: str, datei: Path, format_: str):
        return self._arbeiter.nebenbei(rendere_datei, self.ordner, text, str(datei), format_)

    def projekt(self, was: str):
        return self._arbeiter.nebenbei(rendere_projekt, self.ordner, was)

    def schliessen(self) -> None:
        self._arbeiter.__exit__(None, None, None)

"""Render many motions: one set of renderers per worker process, results back to the caller.

Workers only render (bytes in memory); the calling process writes every file, so a
crash or a kill never leaves a half-written output, and the cache sees every write.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from .einstellungen import Einstellungen
from .fehler import AntragsFehler, Meldung
from .modell import Antrag
from .vorlagen import Vorlage


@dataclass(frozen=True)
class Auftrag:
    """What a worker needs to set up its renderers."""

    formate: tuple[str, ...]
    vorlage: Vorlage
    einstellungen: Einstellungen


@dataclass
class Gerendert:
    """One motion's files (by suffix), or the messages why it failed."""

    dateien: dict[str, bytes] = field(default_factory=dict)
    abgelehnt: list[str] = field(default_factory=list)
    meldungen: list[Meldung] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.dateien) and not any(m.ist_fehler for m in self.meldungen)


def baue_renderer(auftrag: Auftrag) -> dict:
    """One renderer per format, set up once (fonts, CSS, templates); heavy imports only here."""
    renderer: dict = {}
    einstellungen = auftrag.einstellungen
    if "pdf" in auftrag.formate:
        from .ausgabe.pdf import PdfRenderer

        renderer["pdf"] = PdfRenderer(auftrag.vorlage, einstellungen.ausgabe.pdf_variante,
                                      erlaubte_ordner=[einstellungen.eingaben_ordner])
    if "docx" in auftrag.formate:
        from .ausgabe.docx import DocxRenderer

        renderer["docx"] = DocxRenderer(auftrag.vorlage.datei("antrag.docx"))
    if "html" in auftrag.formate:
        from .ausgabe.html import HtmlRenderer

        renderer["html"] = HtmlRenderer(auftrag.vorlage)
    return renderer


def rendere(antrag: Antrag, renderer: dict) -> Gerendert:
    """All formats of one motion; a template error fails only this motion."""
    ergebnis = Gerendert()
    try:
        for endung, r in renderer.items():
            ergebnis.dateien[endung] = r.render(antrag)
            ergebnis.abgelehnt += [u for u in getattr(getattr(r, "fetcher", None), "abgelehnt", [])
                                   if u not in ergebnis.abgelehnt]
    except AntragsFehler as e:
        return Gerendert(meldungen=e.meldungen)
    return ergebnis


_RENDERER: dict | None = None  # per worker process


def _starte_arbeiter(auftrag: Auftrag) -> None:
    global _RENDERER
    _RENDERER = baue_renderer(auftrag)


def _arbeite(nummer: int, antrag: Antrag) -> tuple[int, Gerendert]:
    return nummer, rendere(antrag, _RENDERER)


def rendere_alle(antraege: list[Antrag], auftrag: Auftrag, jobs: int | None = None,
                 renderer: dict | None = None,
                 fortschritt: Callable[[int, int], None] | None = None) -> Iterator[tuple[Antrag, Gerendert]]:
    """Render `antraege` with `jobs` processes (default: all cores), in completion order.

    With one job, or a single motion, everything happens in this process with
    `renderer` (built here if not given).
    """
    if not antraege:  # nothing changed: no renderer set-up, no heavy imports
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(antraege)))
    if jobs == 1:
        renderer = renderer if renderer is not None else baue_renderer(auftrag)
        for k, antrag in enumerate(antraege, 1):
            yield antrag, rendere(antrag, renderer)
            if fortschritt:
                fortschritt(k, len(antraege))
        return
    # forkserver: workers start clean (no threads or locks of ours inherited) but share
    # the imports preloaded into the server
    kontext = multiprocessing.get_context("forkserver")
    kontext.set_forkserver_preload(["antragsgen.rendern", "antragsgen.ausgabe.pdf", "antragsgen.ausgabe.docx"])
    with ProcessPoolExecutor(jobs, mp_context=kontext, initializer=_starte_arbeiter, initargs=(auftrag,)) as pool:
        auftraege = [pool.submit(_arbeite, k, a) for k, a in enumerate(antraege)]
        try:
            for k, fertig in enumerate(as_completed(auftraege), 1):
                nummer, gerendert = fertig.result()
                yield antraege[nummer], gerendert
                if fortschritt:
                    fortschritt(k, len(antraege))
        except BaseException:
            for f in auftraege:
                f.cancel()
            raise

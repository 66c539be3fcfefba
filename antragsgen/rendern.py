"""Render many motions: one set of renderers per worker process, results back to the caller.

Workers only render (bytes in memory); the calling process writes every file, so a
crash or a kill never leaves a half-written output, and the cache sees every write.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from .einstellungen import Einstellungen
from .fehler import AntragsFehler, Meldung, fehler
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


def pruefe_vorlagen(auftrag: Auftrag) -> None:
    """Template syntax errors here, as VorlagenFehler, before any worker starts.

    Compiling the HTML and Word templates is cheap; WeasyPrint is not needed for it.
    """
    if {"pdf", "html"} & set(auftrag.formate):
        from .ausgabe.html import HtmlRenderer

        HtmlRenderer(auftrag.vorlage)
    if "docx" in auftrag.formate:
        from .ausgabe.docx import DocxRenderer

        DocxRenderer(auftrag.vorlage.datei("antrag.docx"))


_RENDERER: dict | None = None  # per worker process


def _prozessname(name: bytes) -> None:
    """Name the process for `ps`/`top` (Linux), so an admin sees what it does."""
    try:
        ctypes.CDLL(None).prctl(15, name, 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def _starte_arbeiter(auftrag: Auftrag) -> None:
    global _RENDERER
    _prozessname(b"antragsgen-arb")
    _RENDERER = baue_renderer(auftrag)


def _arbeite(nummer: int, antrag: Antrag) -> tuple[int, Gerendert]:
    return nummer, rendere(antrag, _RENDERER)


def uebersicht_pdf(auftrag: Auftrag, daten, stand) -> bytes | list[Meldung]:
    """The overview PDF, or the messages why not."""
    from .ausgabe.tabellen import UebersichtPdf

    try:
        return UebersichtPdf(auftrag.vorlage, auftrag.einstellungen.ausgabe.pdf_variante).render(daten, stand)
    except AntragsFehler as e:
        return e.meldungen


class Arbeiter:
    """The worker processes of a run: `jobs` of them (default: all cores), started on
    demand, or early with `vorheizen()` so they set up while the sources are read."""

    def __init__(self, auftrag: Auftrag, jobs: int | None = None):
        self.auftrag = auftrag
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._neben: ProcessPoolExecutor | None = None

    @staticmethod
    def _kontext():
        # forkserver: workers start clean (no threads or locks of ours inherited) but
        # share the imports preloaded into the server
        kontext = multiprocessing.get_context("forkserver")
        kontext.set_forkserver_preload(["antragsgen.rendern", "antragsgen.ausgabe.pdf", "antragsgen.ausgabe.docx"])
        return kontext

    def _starten(self, anzahl: int) -> ProcessPoolExecutor:
        if self._pool is None:
            pruefe_vorlagen(self.auftrag)
            self._pool = ProcessPoolExecutor(min(self.jobs, anzahl), mp_context=self._kontext(),
                                             initializer=_starte_arbeiter, initargs=(self.auftrag,))
        return self._pool

    def nebenbei(self, funktion, *args) -> Future:
        """Run `funktion(*args)` in a process of its own beside the workers (the overview:
        it needs no renderers, and its memory for a long table stays out of the workers)."""
        if self._neben is None:
            self._neben = ProcessPoolExecutor(1, mp_context=self._kontext(), initializer=_prozessname,
                                              initargs=(b"antragsgen-neb",))
        return self._neben.submit(funktion, *args)

    def vorheizen(self) -> None:
        """Start every worker now (each sets up its renderers while we go on)."""
        if self.jobs > 1:
            pool = self._starten(self.jobs)
            for _ in range(self.jobs):
                pool.submit(int)

    def parallel(self, anzahl: int) -> bool:
        """Will `anzahl` motions be rendered by worker processes?"""
        return anzahl > 0 and (self._pool is not None or (self.jobs > 1 and anzahl > 1))

    def rendere_alle(self, antraege: list[Antrag],
                     fortschritt: Callable[[int, int], None] | None = None) -> Iterator[tuple[Antrag, Gerendert]]:
        """Render `antraege`, in completion order. With one job, or a single motion and no
        workers running, everything happens in this process."""
        if not antraege:  # nothing changed: no renderer set-up, no heavy imports
            return
        if not self.parallel(len(antraege)):
            renderer = baue_renderer(self.auftrag)
            for k, antrag in enumerate(antraege, 1):
                yield antrag, rendere(antrag, renderer)
                if fortschritt:
                    fortschritt(k, len(antraege))
            return
        pool = self._starten(len(antraege))
        auftraege = [pool.submit(_arbeite, k, a) for k, a in enumerate(antraege)]
        try:
            for k, fertig in enumerate(as_completed(auftraege), 1):
                try:
                    nummer, gerendert = fertig.result()
                except BrokenProcessPool:
                    raise AntragsFehler(fehler(None, (
                        "Ein Arbeitsprozess wurde unerwartet beendet (zu wenig Speicher?); die fertigen Anträge "
                        "sind geschrieben. Bitte mit -j 1 noch einmal erzeugen."))) from None
                yield antraege[nummer], gerendert
                if fortschritt:
                    fortschritt(k, len(antraege))
        except BaseException:
            for f in auftraege:
                f.cancel()
            raise

    def __enter__(self) -> Arbeiter:
        return self

    def __exit__(self, *exc) -> None:
        for pool in (self._pool, self._neben):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

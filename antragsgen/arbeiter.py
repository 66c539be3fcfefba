"""The worker processes of a run: one set of renderers per worker, results back to the caller.

Workers only render (bytes in memory); the calling process writes every file, so a
crash or a kill never leaves a half-written output, and the record sees every write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from . import sammeln
from .fassung import Fassung
from .fehler import AntragsFehler, Meldung, fehler
from .renderer import Auftrag, Gerendert, baue_renderer, pruefe_vorlagen, rendere

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# multiprocessing, ctypes & co. are imported where a process is started: a run with
# nothing to render needs none of them

_RENDERER: dict | None = None  # per worker process
_DEBUG = False


def _prozessname(name: bytes) -> None:
    """Name the process for `ps`/`top` (Linux), so an admin sees what it does."""
    import ctypes

    try:
        ctypes.CDLL(None).prctl(15, name, 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass


def _ueberwache(hauptprozess: int) -> None:
    """Exit as soon as the main process is gone, however it ended (SIGKILL too): no
    worker outlives its run, holds memory or keeps the terminal's pipe open."""
    import select
    import threading

    def warten() -> None:
        try:
            fd = os.pidfd_open(hauptprozess)  # readable once the process has ended
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])
        else:  # pragma: no cover - without pidfd (not Linux): ask every half second
            while True:
                try:
                    os.kill(hauptprozess, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    pass
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=warten, name="antragsgen-wache", daemon=True).start()


def _starte_nebenprozess(hauptprozess: int) -> None:
    _prozessname(b"antragsgen-neb")
    _ueberwache(hauptprozess)
    sammeln.fuer_immer()  # the overview, the editor's preview: a process of ours for one job


def _starte_arbeiter(auftrag: Auftrag, hauptprozess: int) -> None:
    global _RENDERER, _DEBUG
    _prozessname(b"antragsgen-arb")
    _ueberwache(hauptprozess)
    _RENDERER, _DEBUG = baue_renderer(auftrag), auftrag.debug
    sammeln.fuer_immer()  # renderers, fonts and styles stay: no collection walks them


def _arbeite(nummer: int, fassung: Fassung) -> tuple[int, Gerendert]:
    return nummer, rendere(fassung, _RENDERER, _DEBUG)


def uebersicht_pdf(auftrag: Auftrag, daten, stand) -> bytes | list[Meldung]:
    """The overview PDF, or the messages why not."""
    from .renderer.tabellen import UebersichtPdf

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
        self._renderer: dict | None = None  # in this process, with one job
        self._neben: ProcessPoolExecutor | None = None

    @staticmethod
    def _kontext():
        # forkserver: workers start clean (no threads or locks of ours inherited) but
        # share the imports preloaded into the server
        import multiprocessing

        kontext = multiprocessing.get_context("forkserver")
        kontext.set_forkserver_preload(["antragsgen.vorladen"])
        return kontext

    def _starten(self, anzahl: int) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            pruefe_vorlagen(self.auftrag)
            self._pool = ProcessPoolExecutor(min(self.jobs, anzahl), mp_context=self._kontext(),
                                             initializer=_starte_arbeiter, initargs=(self.auftrag, os.getpid()))
        return self._pool

    def nebenbei(self, funktion, *args) -> Future:
        """Run `funktion(*args)` in a process of its own beside the workers (the overview:
        it needs no renderers, and its memory for a long table stays out of the workers)."""
        from concurrent.futures import ProcessPoolExecutor

        if self._neben is None:
            self._neben = ProcessPoolExecutor(1, mp_context=self._kontext(), initializer=_starte_nebenprozess,
                                              initargs=(os.getpid(),))
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

    def bereit(self, anzahl: int) -> None:
        """Set up what rendering `anzahl` motions needs; a broken template raises its
        VorlagenFehler here, before anything is written."""
        if anzahl and self.parallel(anzahl):
            self._starten(anzahl)
        elif anzahl and self._renderer is None:
            self._renderer = baue_renderer(self.auftrag)

    def rendere_alle(self, antraege: list[Fassung],
                     fortschritt: Callable[[int, int], None] | None = None) -> Iterator[tuple[Fassung, Gerendert]]:
        """Render `antraege`, in completion order. With one job, or a single motion and no
        workers running, everything happens in this process."""
        if not antraege:  # nothing changed: no renderer set-up, no heavy imports
            return
        if not self.parallel(len(antraege)):
            self.bereit(len(antraege))
            renderer = self._renderer
            with sammeln.sparsam():
                for k, antrag in enumerate(antraege, 1):
                    yield antrag, rendere(antrag, renderer, self.auftrag.debug)
                    if fortschritt:
                        fortschritt(k, len(antraege))
            return
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

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

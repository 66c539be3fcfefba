"""What a long run shows on a terminal: a progress bar, and a hint when it could be faster."""

from __future__ import annotations

import ctypes.util
import sys


class Fortschritt:
    """A rich progress bar on a terminal (count, rate, time left); silent otherwise.

    Called as `fortschritt(fertig, gesamt)` by the renderer.
    """

    def __init__(self):
        self._balken = None
        self._aufgabe = None

    def __enter__(self) -> Fortschritt:
        return self

    def __call__(self, fertig: int, gesamt: int) -> None:
        if gesamt < 2 or not sys.stderr.isatty():
            return
        if self._balken is None:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeRemainingColumn)

            self._balken = Progress(TextColumn("Erzeuge"), BarColumn(), MofNCompleteColumn(),
                                    TextColumn("{task.fields[rate]}"), TextColumn("noch"), TimeRemainingColumn(),
                                    console=Console(stderr=True), transient=True)
            self._balken.start()
            self._aufgabe = self._balken.add_task("", total=gesamt, rate="")
        aufgabe = self._balken.tasks[0]
        rate = f"{aufgabe.speed:.1f} Anträge/s".replace(".", ",") if aufgabe.speed else ""
        self._balken.update(self._aufgabe, completed=fertig, rate=rate)

    def __exit__(self, *exc) -> None:
        if self._balken is not None:
            self._balken.stop()


def harfbuzz_hinweis() -> str | None:
    """One line when WeasyPrint has to subset fonts with fontTools (about 3× slower)."""
    if ctypes.util.find_library("harfbuzz-subset"):
        return None
    return ("Hinweis: libharfbuzz-subset0 fehlt, PDFs entstehen dadurch etwa dreimal langsamer; "
            "installieren mit: sudo bash werkzeuge/einrichten.sh")

#!/usr/bin/env python3
"""Benchmark: what line numbers cost per motion (SPEC §3.9), in one process, same run.

    python benchmarks/zeilennummern.py            # 40 synthetic motions, median of 3
    python benchmarks/zeilennummern.py --n 10 --laeufe 1

For the same motions it times the PDF renderer without and with `zeilennummern` (CPU
time of this process: fonts and CSS are set up once before), and the layout alone (one
pass of WeasyPrint without writing a PDF), so the figure "with" can be read as
"without" + one layout pass + the numbers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WURZEL))
sys.path.insert(0, str(WURZEL / "benchmarks"))

from messen import projekt_anlegen  # noqa: E402


def cpu(aufgabe) -> float:
    beginn = time.process_time()
    aufgabe()
    return time.process_time() - beginn


def main() -> None:
    teiler = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    teiler.add_argument("--n", type=int, default=40)
    teiler.add_argument("--laeufe", type=int, default=3)
    argumente = teiler.parse_args()
    random.seed(7)
    from antragsgen import api
    from antragsgen.projekt import Projekt
    from antragsgen.renderer.pdf import PdfRenderer

    with tempfile.TemporaryDirectory() as ordner:
        projekt_anlegen(Path(ordner), argumente.n)
        projekt = Projekt.oeffnen(Path(ordner))
        fassungen = api.bereite_vor(projekt, None, register_schreiben=False).antraege
        variante = projekt.einstellungen.ausgabe.pdf_variante
        ohne = PdfRenderer(projekt.vorlage, variante, zeilennummern=False)
        mit = PdfRenderer(projekt.vorlage, variante, zeilennummern=True)
        for renderer in (ohne, mit):  # warm: fonts, hyphenation, CSS
            renderer.render(fassungen[0])
        zeiten = {"ohne Zeilennummern": [], "mit Zeilennummern": [], "ein Satz ohne PDF (Zeilen finden)": []}
        for _ in range(argumente.laeufe):
            zeiten["ohne Zeilennummern"].append(cpu(lambda: [ohne.render(f) for f in fassungen]))
            zeiten["mit Zeilennummern"].append(cpu(lambda: [mit.render(f) for f in fassungen]))
            zeiten["ein Satz ohne PDF (Zeilen finden)"].append(cpu(lambda: [ohne.zeilen(f) for f in fassungen]))
    n = len(fassungen)
    basis = statistics.median(zeiten["ohne Zeilennummern"]) / n
    print(f"{n} Anträge, Median aus {argumente.laeufe} Läufen, CPU-Zeit je Antrag:")
    for name, werte in zeiten.items():
        je = statistics.median(werte) / n
        print(f"  {name:<36} {je * 1000:7.1f} ms   ({je / basis:4.2f}× ohne)")
    extra = statistics.median(zeiten["mit Zeilennummern"]) / n - basis
    satz = statistics.median(zeiten["ein Satz ohne PDF (Zeilen finden)"]) / n
    print(f"  Aufschlag der Zeilennummern: {extra * 1000:.1f} ms je Antrag = {extra / satz:.2f} Sätze")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark: the overview PDF (uebersicht.pdf), CPU milliseconds per row.

    python benchmarks/uebersicht.py             # N = 120 and 500 synthetic motions
    python benchmarks/uebersicht.py --n 50

`ms_je_zeile(ordner)` is what the main benchmark (messen.py) imports: the project in `ordner`
is read and numbered as `erzeugen` does (nothing written), its overview typeset once to warm
up (fonts, hyphenation), then three times; the median CPU time of the three, per row.
Each measurement runs in a process of its own, as the overview does beside the workers;
the peak memory of that process is printed by main().
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[1]

_MESSUNG = """
import datetime as dt, json, resource, statistics, sys, time
from pathlib import Path
sys.path.insert(0, {wurzel!r})
from antragsgen import uebersicht
from antragsgen.api import bereite_vor
from antragsgen.projekt import Projekt
from antragsgen.renderer.tabellen import UebersichtPdf
projekt = Projekt.oeffnen(Path({ordner!r}))
ergebnis = bereite_vor(projekt, None, register_schreiben=False)
daten = uebersicht.erstelle(ergebnis.antraege, ergebnis.fehlerhaft)
auftrag = projekt.auftrag(())
pdf = UebersichtPdf(auftrag.vorlage, auftrag.einstellungen.ausgabe.pdf_variante)
stand = dt.date(2024, 1, 1)
pdf.render(daten, stand)
zeiten = []
for _ in range(3):
    beginn = time.process_time()
    pdf.render(daten, stand)
    zeiten.append(time.process_time() - beginn)
print(json.dumps({{"sekunden": statistics.median(zeiten), "zeilen": len(daten.zeilen),
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}}))
"""


def _messe(ordner: Path) -> dict:
    code = _MESSUNG.format(wurzel=str(WURZEL), ordner=str(ordner))
    lauf = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ordner, check=True)
    return json.loads(lauf.stdout.strip().splitlines()[-1])


def ms_je_zeile(ordner: Path) -> tuple[float, int]:
    """CPU milliseconds per row of the overview PDF of the project in `ordner` (median of 3), and the rows."""
    messung = _messe(ordner)
    return messung["sekunden"] * 1000 / messung["zeilen"], messung["zeilen"]


def main() -> None:
    teil = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    teil.add_argument("--n", type=int, nargs="+", default=[120, 500])
    args = teil.parse_args()
    sys.path.insert(0, str(WURZEL / "benchmarks"))
    from messen import projekt_anlegen, zahl

    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            ordner = Path(tmp) / "projekt"
            projekt_anlegen(ordner, n)
            messung = _messe(ordner)
            print(f"N={n}: {messung['zeilen']} Zeilen, {zahl(messung['sekunden'] * 1000 / messung['zeilen'], 2)} ms "
                  f"CPU je Zeile ({zahl(messung['sekunden'], 2)} s), Spitze {messung['mb']} MB", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark: N synthetic budget motions, antragsgen against the WeasyPrint floor.

    python benchmarks/messen.py                 # N = 120 and 500, median of 3 runs
    python benchmarks/messen.py --n 50 --laeufe 1 --ohne-libreoffice

Measures in one run on this machine, side by side:
  - the floor: WeasyPrint alone writing the same HTML to PDF in one process, fonts and
    CSS shared, divided by the number of cores;
  - `antragsgen erzeugen -f pdf,docx --alles-neu` for the same motions;
  - the re-run with nothing changed;
  - peak memory per worker process;
  - LibreOffice converting the same DOCX files to PDF in one batch.
Prints a table and writes it to benchmarks/ergebnisse.md.
"""

from __future__ import annotations

import argparse
import ctypes.util
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[1]
WOERTER = ("Stadt Verwaltung Gemeinderat Haushalt Integration Bildung Teilhabe Quartier Förderung Maßnahme "
           "Konzept Beratung Stelle Mittel Zuschuss Träger Angebot Bürgerinnen Bürger Kinder Jugendliche "
           "Familien Sanierung Klimaschutz Mobilität Radwege Schulen Kitas Personal Ausstattung Planung "
           "Umsetzung Bedarf Erfahrung Ergebnis Verantwortung Zusammenarbeit Bezirke Öffentlichkeit").split()
GRUPPEN = ["EG 7", "EG 9", "EG 11", "EG 13"]


def satz(zufall: random.Random, laenge: int) -> str:
    worte = [zufall.choice(WOERTER) for _ in range(laenge)]
    return " ".join(worte).capitalize() + "."


def antrag(k: int, zufall: random.Random) -> str:
    zeilen = [f"id: antrag-{k:04}", f"titel: {satz(zufall, 5)[:-1]} {k}", "art: haushaltsantrag",
              f"fraktion: {zufall.choice(['Musterfraktion', 'Beispielfraktion', 'Dritte Fraktion'])}",
              "gremium: Gemeinderat der Landeshauptstadt Stuttgart", "datum: 2021-11-12",
              "haushaltsjahre: [2022, 2023]", "antragspunkte:"]
    for _ in range(zufall.randint(2, 6)):
        art = zufall.choice(["stelle", "mittel", "text"])
        if art == "stelle":
            zeilen += ["  - stelle:", f"      anteil: \"{zufall.choice(['0,5', '1,0', '0,25', '2,0'])}\"",
                       "      bezeichnung: Sachbearbeiter:in", f"      entgeltgruppe: {zufall.choice(GRUPPEN)}",
                       "      bereich: SI-IP", f"    zweck: für {satz(zufall, 6)[:-1]}"]
        elif art == "mittel":
            zeilen += ["  - mittel:", f"      betrag: {zufall.randint(1, 90)}.000", f"    zweck: für {satz(zufall, 5)[:-1]}"]
        else:
            zeilen += [f"  - \"{satz(zufall, 14)}\""]
    zeilen.append("begruendung: |")
    for _ in range(zufall.randint(3, 14)):  # 1–3 pages
        zeilen += ["  " + " ".join(satz(zufall, zufall.randint(8, 16)) for _ in range(zufall.randint(3, 7))), ""]
    return "\n".join(zeilen) + "\n"


def projekt_anlegen(ordner: Path, n: int) -> None:
    zufall = random.Random(4711)
    (ordner / "eingaben").mkdir(parents=True)
    (ordner / "antragsgen.toml").write_text('[nummern]\nstart = 1000\n[personalkosten]\n"EG 7" = 62000\n'
                                            '"EG 9" = 70000\n"EG 11" = 80000\n"EG 13" = 95000\n', encoding="utf-8")
    for k in range(n):
        (ordner / "eingaben" / f"antrag-{k:04}.yaml").write_text(antrag(k, zufall), encoding="utf-8")


def boden(ordner: Path) -> float:
    """WeasyPrint alone: same HTML, fonts and CSS shared, one process. Seconds (not divided)."""
    code = f"""
import sys, time
from pathlib import Path
sys.path.insert(0, {str(WURZEL)!r})
from antragsgen import api
from antragsgen.renderer.html import HtmlRenderer
from antragsgen.vorlagen import finde_vorlage
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
vorlage = finde_vorlage("standard")
antraege = api.pruefen(projekt=Path({str(ordner)!r})).antraege
html = HtmlRenderer(vorlage)
seiten = [html.html(a) for a in antraege]
fonts = FontConfiguration()
css = [CSS(filename=str(vorlage.datei("antrag.css")), font_config=fonts)]
basis = vorlage.ordner.as_uri() + "/"
beginn = time.perf_counter()
for quelle in seiten:
    HTML(string=quelle, base_url=basis).write_pdf(stylesheets=css, font_config=fonts, pdf_variant="pdf/a-2a",
                                                  pdf_tags=True)
print(time.perf_counter() - beginn)
"""
    lauf = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ordner, check=True)
    return float(lauf.stdout.strip().splitlines()[-1])


class Speicher:
    """Peak resident memory (VmHWM) of every descendant process while a command runs;
    also each process's name (antragsgen names its workers antragsgen-arb)."""

    def __init__(self, pid: int):
        self.pid, self.spitzen, self.namen, self._ende = pid, {}, {}, threading.Event()
        self._faden = threading.Thread(target=self._beobachte, daemon=True)
        self._faden.start()

    def _kinder(self) -> list[int]:
        alle, neu = [], [self.pid]
        while neu:
            pid = neu.pop()
            try:
                kinder = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                kinder = []
            for k in map(int, kinder):
                alle.append(k)
                neu.append(k)
        return alle

    def _beobachte(self) -> None:
        while not self._ende.is_set():
            for pid in [self.pid, *self._kinder()]:
                try:
                    for zeile in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if zeile.startswith("Name:"):
                            self.namen[pid] = zeile.split()[1]
                        if zeile.startswith("VmHWM:"):
                            self.spitzen[pid] = max(self.spitzen.get(pid, 0), int(zeile.split()[1]) // 1024)
                except OSError:
                    pass
            time.sleep(0.1)

    def stop(self) -> dict[int, int]:
        self._ende.set()
        self._faden.join()
        return self.spitzen


def antragsgen(ordner: Path, *args: str) -> tuple[float, int, int]:
    """Wall time of one CLI run, the peak memory (MB) of its largest worker and of the
    largest other process (main process, overview)."""
    befehl = [sys.executable, "-m", "antragsgen", "erzeugen", "-f", "pdf,docx", *args]
    beginn = time.perf_counter()
    prozess = subprocess.Popen(befehl, cwd=ordner, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    speicher = Speicher(prozess.pid)
    _, fehler = prozess.communicate()
    dauer = time.perf_counter() - beginn
    spitzen = speicher.stop()
    if prozess.returncode != 0:
        raise SystemExit(f"antragsgen ist gescheitert:\n{fehler}")
    arbeiter = [mb for pid, mb in spitzen.items() if speicher.namen.get(pid) == "antragsgen-arb"]
    andere = [mb for pid, mb in spitzen.items() if speicher.namen.get(pid) != "antragsgen-arb"]
    return dauer, max(arbeiter or [0]), max(andere or [0])


def libreoffice(ordner: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    ziel = ordner / "lo"
    dateien = sorted(str(p) for p in (ordner / "ausgabe").glob("antrag-*.docx"))
    beginn = time.perf_counter()
    subprocess.run([soffice, f"-env:UserInstallation={(ordner / 'lo-profil').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(ziel), *dateien], check=True, capture_output=True)
    return time.perf_counter() - beginn


def zahl(x: float, stellen: int = 1) -> str:
    return f"{x:.{stellen}f}".replace(".", ",")


def main() -> None:
    teil = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    teil.add_argument("--n", type=int, nargs="+", default=[120, 500])
    teil.add_argument("--laeufe", type=int, default=3)
    teil.add_argument("--ohne-libreoffice", action="store_true")
    teil.add_argument("--ergebnis", type=Path, default=WURZEL / "benchmarks" / "ergebnisse.md")
    args = teil.parse_args()
    kerne = os.cpu_count() or 1
    harfbuzz = bool(ctypes.util.find_library("harfbuzz-subset"))
    zeilen = []
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            ordner = Path(tmp) / "projekt"
            projekt_anlegen(ordner, n)
            b = statistics.median(boden(ordner) for _ in range(args.laeufe)) / kerne
            voll, speicher, haupt = zip(*(antragsgen(ordner, "--alles-neu") for _ in range(args.laeufe)))
            neu, _, _ = zip(*(antragsgen(ordner) for _ in range(args.laeufe)))
            v, r = statistics.median(voll), statistics.median(neu)
            lo = None if args.ohne_libreoffice else libreoffice(ordner)
            zeilen.append((n, b, v, r, max(speicher), max(haupt), lo))
            print(f"N={n}: Boden {zahl(b)} s, antragsgen {zahl(v)} s ({zahl(v / b, 2)}× Boden), "
                  f"ohne Änderung {zahl(r, 2)} s, Speicher je Arbeiter {max(speicher)} MB, "
                  f"Hauptprozess/Übersicht {max(haupt)} MB" + (f", LibreOffice {zahl(lo)} s" if lo else ""), flush=True)
    kopf = ["| N | Boden (WeasyPrint ÷ Kerne) | antragsgen -f pdf,docx | × Boden (Ziel ≤ 1,5) "
            "| ohne Änderung (Ziel bei 500: < 1 s) | % des vollen Laufs (Ziel ≤ 10 %) "
            "| Speicher je Arbeiter (Ziel < 300 MB) | Hauptprozess bzw. Übersicht "
            "| LibreOffice DOCX→PDF | antragsgen schneller je Antrag (Ziel ≥ 8×) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for n, b, v, r, mb, haupt, lo in zeilen:
        lo_text = f"{zahl(lo)} s" if lo else "nicht installiert"
        faktor = f"{zahl(lo / v)}×" if lo else "–"
        kopf.append(f"| {n} | {zahl(b)} s | {zahl(v)} s | {zahl(v / b, 2)}× | {zahl(r, 2)} s | {zahl(100 * r / v)} % "
                    f"| {mb} MB | {haupt} MB | {lo_text} | {faktor} |")
    text = "\n".join([
        "# Messergebnisse", "",
        f"Gemessen am {dt.date.today():%d.%m.%Y} mit `python benchmarks/messen.py`: {kerne} Kerne, "
        f"Python {sys.version.split()[0]}, libharfbuzz-subset0 {'vorhanden' if harfbuzz else 'fehlt'}, "
        f"Median aus {args.laeufe} Läufen. Synthetische Haushaltsanträge mit 2–6 Punkten und 1–3 Seiten Begründung.",
        "", *kopf, "",
        "„Boden“: WeasyPrint allein schreibt dieselben HTML-Seiten als PDF/A in einem Prozess (Schriften und CSS "
        "geteilt), geteilt durch die Zahl der Kerne. „antragsgen“: der ganze Lauf mit `--alles-neu` (Laden, "
        "Prüfen, Nummern, PDF, DOCX, Übersicht). „ohne Änderung“: derselbe Befehl noch einmal. LibreOffice wandelt "
        "die erzeugten DOCX-Dateien in einem Aufruf in PDF um; der Faktor vergleicht das mit dem ganzen "
        "antragsgen-Lauf (der zusätzlich auch die DOCX schreibt).", ""])
    print(text)
    args.ergebnis.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

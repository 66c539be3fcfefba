#!/usr/bin/env python3
"""Benchmark of what a user waits for besides a full run: one motion from a cold start,
a warm re-render (the editor's preview), the re-run with nothing changed, the main
process's memory; beside them WeasyPrint alone on the same motion's HTML (a new process; warm,
in turns with antragsgen in one process).

    python benchmarks/start.py                  # N = 120 and 500, median of 3 runs
    python benchmarks/start.py --n 120 --laeufe 5

CPU times are user + sys of the whole process tree (workers and the forkserver included:
the measuring process is their subreaper). The functions are used by messen.py too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import messen  # noqa: E402
from messen import zahl  # noqa: E402

LAEUFE = 3

def _lauf(ordner: Path, *argumente: str) -> tuple[float, float, int]:
    """(CPU s of the tree, wall s, peak MB of the main process) of one CLI run."""
    lauf = messen.Lauf(ordner, *argumente[1:], befehl=argumente[0])
    return lauf.cpu, lauf.wand, lauf.haupt


def kalter_start(ordner: Path, datei: str) -> float:
    """CPU s of `antragsgen erzeugen DATEI -f pdf` in a new process, the motion's PDF missing
    (as after an edit); the project's register and cache are warm. Median of LAEUFE."""
    ordner = ordner.resolve()
    _lauf(ordner, "erzeugen", datei, "-f", "pdf")
    pdf = ordner / "ausgabe" / (Path(datei).stem + ".pdf")
    zeiten = []
    for _ in range(LAEUFE):
        pdf.unlink(missing_ok=True)
        zeiten.append(_lauf(ordner, "erzeugen", datei, "-f", "pdf")[0])
    return statistics.median(zeiten)


# in a process of its own: warm renderers, then one motion again and again
_WARM = r"""
import statistics, sys, time
from pathlib import Path
from antragsgen import api
from antragsgen.projekt import Projekt
from antragsgen.renderer import baue_renderer, rendere
ordner, datei, laeufe = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
import antragsgen.renderer.pdf
try:  # as in the editor's preview process (arbeiter._starte_nebenprozess), where there is one
    from antragsgen import sammeln
    sammeln.fuer_immer()
except ImportError:
    pass
projekt = Projekt.oeffnen(ordner, formate=["pdf"])
renderer = baue_renderer(projekt.auftrag(("pdf",)))
text = (ordner / datei).read_text(encoding="utf-8")
fassung = api.bereite_vor(projekt, [ordner / datei], register_schreiben=False).antraege[0]
# WeasyPrint alone on the same HTML, in this process, taking turns with antragsgen: this
# machine's speed drifts by a third between minutes, so only turns compare fairly
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
pdf = renderer["pdf"]
html, fonts = pdf.html_renderer.html(fassung), FontConfiguration()
css = [CSS(filename=str(pdf.html_renderer.css_datei), font_config=fonts)]
def roh():
    HTML(string=html, base_url=pdf.satz.basis).write_pdf(stylesheets=css, font_config=fonts,
                                                         pdf_variant="pdf/a-2a", pdf_tags=True)
for _ in range(3):
    rendere(fassung, renderer)
    roh()
def cpu_ms(*aufrufe):
    zeiten = [[] for _ in aufrufe]
    for _ in range(laeufe):
        for aufruf, liste in zip(aufrufe, zeiten):
            beginn = time.process_time()
            aufruf()
            liste.append(1000 * (time.process_time() - beginn))
    return [statistics.median(liste) for liste in zeiten]
print(*cpu_ms(lambda: rendere(fassung, renderer), roh),
      *cpu_ms(lambda: api.vorschau(projekt, text, ordner / datei, formate=("pdf",), renderer=renderer)))
"""


def _warm(ordner: Path, datei: str, laeufe: int) -> tuple[float, float, float]:
    """(rendere, WeasyPrint alone on the same HTML in turns with it, api.vorschau): CPU ms, medians."""
    ordner = ordner.resolve()
    aus = subprocess.run([sys.executable, "-c", _WARM, str(ordner), datei, str(laeufe)], cwd=ordner,
                         capture_output=True, text=True)
    if aus.returncode:
        raise SystemExit(f"die warme Vorschau ist gescheitert:\n{aus.stderr}")
    rendern, roh, vorschau = aus.stdout.split()
    return float(rendern), float(roh), float(vorschau)


def warm(ordner: Path, datei: str = "eingaben/antrag-0005.yaml") -> tuple[float, float, float]:
    """CPU ms, medians: rendering one motion to PDF again with warm renderers (renderer.rendere);
    WeasyPrint alone on the same HTML, in turns with it in the same process; the editor's
    api.vorschau of that motion (the whole project validated and numbered, as on each keystroke)."""
    return _warm(ordner, datei, 3 * LAEUFE)


def unveraendert(ordner: Path) -> float:
    """Wall s of `erzeugen -f pdf,docx` when nothing changed since the last run, median of LAEUFE."""
    _lauf(ordner, "erzeugen", "-f", "pdf,docx")
    return statistics.median(_lauf(ordner, "erzeugen", "-f", "pdf,docx")[1] for _ in range(LAEUFE))


def hauptspeicher(ordner: Path) -> int:
    """Peak MB of the main process of `erzeugen -f pdf,docx -j 1 --alles-neu`."""
    return _lauf(ordner, "erzeugen", "-f", "pdf,docx", "-j", "1", "--alles-neu")[2]


def main() -> None:
    global LAEUFE
    teil = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    teil.add_argument("--n", type=int, nargs="+", default=[120, 500])
    teil.add_argument("--laeufe", type=int, default=LAEUFE)
    teil.add_argument("--projekt", type=Path, default=None, help="vorhandenes Projekt statt eines synthetischen")
    args = teil.parse_args()
    LAEUFE = args.laeufe
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            ordner = Path(tmp) / "projekt"
            if args.projekt:
                shutil.copytree(args.projekt, ordner, ignore=shutil.ignore_patterns("ausgabe", ".antragsgen"))
            else:
                messen.projekt_anlegen(ordner, n)
            kalt = kalter_start(ordner, "eingaben/antrag-0005.yaml")
            rendern, roh_warm, vorschau = warm(ordner)
            speicher = hauptspeicher(ordner)
            wieder = unveraendert(ordner)
            vorlage = messen.WURZEL / "vorlagen" / "standard"
            seite = next(s for s in messen.eigene_seiten(ordner, Path(tmp) / "seiten") if s.stem == "antrag-0005")
            roh_kalt = messen.weasyprint_kalt(vorlage / "antrag.css", vorlage, seite, LAEUFE)
            print(f"N={n}: kalter Start {zahl(kalt, 2)} s CPU (Ziel ≤ 1,0 s {messen.ZEICHEN[kalt <= 1.0]}), "
                  f"warm neu {zahl(rendern, 0)} ms CPU (Ziel ≤ 150 ms {messen.ZEICHEN[rendern <= 150]}; "
                  f"api.vorschau {zahl(vorschau, 0)} ms), "
                  f"ohne Änderung {zahl(wieder, 2)} s (Ziel ≤ 0,5 s {messen.ZEICHEN[wieder <= 0.5]}), "
                  f"Hauptprozess -j 1 {speicher} MB; WeasyPrint allein auf demselben HTML: neuer Prozess "
                  f"{zahl(roh_kalt, 2)} s, warm im Wechsel {zahl(roh_warm, 0)} ms", flush=True)


if __name__ == "__main__":
    main()

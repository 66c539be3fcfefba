#!/usr/bin/env python3
"""Benchmark: YAML read by libyaml against ruamel alone (issue 19), same process, same run.

    python benchmarks/yaml_lesen.py                 # 120 and 500 synthetic motions
    python benchmarks/yaml_lesen.py --n 120 --laeufe 1

Per file: CPU time of `yaml_dokumente`, median of 5 calls, old path (ruamel only) and new
path (libyaml, ruamel where unsure). Then the whole `bereite_vor` of N motions with
`alles_neu` (discover, load, validate, number: the serial phase before rendering).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

WURZEL = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WURZEL))
sys.path.insert(0, str(WURZEL / "benchmarks"))

from messen import projekt_anlegen, zahl  # noqa: E402

from antragsgen import api  # noqa: E402
from antragsgen.laden import libyaml, rohdaten  # noqa: E402
from antragsgen.projekt import Projekt  # noqa: E402

WEGE = {"ruamel allein": False, "libyaml": True}


def cpu(aufgabe) -> float:
    beginn = time.process_time()
    aufgabe()
    return time.process_time() - beginn


def je_datei(texte: list[str]) -> dict[str, float]:
    mediane: dict[str, list[float]] = {weg: [] for weg in WEGE}
    for text in texte:
        for weg, mit_libyaml in WEGE.items():
            libyaml.VORHANDEN = mit_libyaml
            mediane[weg].append(statistics.median(cpu(lambda: rohdaten.yaml_dokumente(text, "x")) for _ in range(5)))
    return {weg: statistics.median(werte) for weg, werte in mediane.items()}


def bereite_vor(ordner: Path, laeufe: int) -> dict[str, float]:
    zeiten: dict[str, list[float]] = {weg: [] for weg in WEGE}
    for _ in range(laeufe):
        for weg, mit_libyaml in WEGE.items():
            libyaml.VORHANDEN = mit_libyaml
            zeiten[weg].append(cpu(lambda: api.bereite_vor(Projekt.oeffnen(ordner, alles_neu=True), None,
                                                           register_schreiben=False)))
    return {weg: statistics.median(werte) for weg, werte in zeiten.items()}


def main() -> None:
    teiler = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    teiler.add_argument("--n", type=int, action="append", help="Anzahl Anträge (mehrfach: 120 und 500)")
    teiler.add_argument("--laeufe", type=int, default=3)
    argumente = teiler.parse_args()
    vorhanden = libyaml.VORHANDEN
    if not vorhanden:
        sys.exit("libyaml fehlt (PyYAML ohne C-Teil): nichts zu vergleichen.")
    for n in argumente.n or [120, 500]:
        with tempfile.TemporaryDirectory() as tmp:
            ordner = Path(tmp)
            projekt_anlegen(ordner, n)
            texte = [p.read_text(encoding="utf-8") for p in sorted((ordner / "eingaben").glob("*.yaml"))]
            datei = je_datei(texte)
            ganz = bereite_vor(ordner, argumente.laeufe)
        libyaml.VORHANDEN = vorhanden
        print(f"N = {n}: je Datei {zahl(datei['ruamel allein'] * 1000, 2)} ms → {zahl(datei['libyaml'] * 1000, 2)} ms "
              f"({zahl(datei['ruamel allein'] / datei['libyaml'])}×); bereite_vor mit alles_neu "
              f"{zahl(ganz['ruamel allein'], 2)} s → {zahl(ganz['libyaml'], 2)} s "
              f"({zahl(ganz['ruamel allein'] / ganz['libyaml'])}×), CPU, Median")
    print(f"gelesen: {dict(rohdaten.ZERLEGER)}")


if __name__ == "__main__":
    main()

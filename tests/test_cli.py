"""The command line as a user meets it: help, version, `neu`, the example motions."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import WURZEL, befehlsbaum, optionen, pdf_text

BEFEHLE = befehlsbaum()


@pytest.mark.parametrize(("worte", "befehl"), BEFEHLE, ids=[" ".join(w) or "antragsgen" for w, _ in BEFEHLE])
def test_jeder_befehl_hat_deutsche_hilfe(antragsgen, worte, befehl):
    lauf = antragsgen(*worte, "--help")
    assert lauf.code == 0
    assert lauf.out.startswith(" ".join(["Aufruf: antragsgen", *worte]))
    assert "Optionen:" in lauf.out and "Diese Hilfe zeigen und beenden." in lauf.out
    assert not re.search(r"\b(Usage|Options|Commands|Show|the|and|exit)\b", lauf.out), lauf.out
    # the command says what it does, and every option what it is for
    assert (befehl.help or "").strip(), "ohne Hilfetext"
    for option in optionen(befehl):
        assert (option.help or "").strip(), f"{option.opts} ohne Hilfetext"
        assert all(o in lauf.out for o in option.opts), option.opts
    if getattr(befehl, "commands", None):
        assert "Befehle:" in lauf.out
        assert all(name in lauf.out for name in befehl.commands)


def test_version(antragsgen):
    lauf = antragsgen("--version")
    assert lauf.code == 0 and re.match(r"antragsgen, Version \d+\.\d+", lauf.out)


def test_python_m_antragsgen():
    lauf = subprocess.run([sys.executable, "-m", "antragsgen", "--version"], capture_output=True, text=True)
    assert lauf.returncode == 0 and "antragsgen, Version" in lauf.stdout


def test_neu_schreibt_geruest_das_nach_dem_ausfuellen_die_pruefung_besteht(projekt, antragsgen):
    lauf = antragsgen("neu", "Mehr Grün für Möhringen")
    assert lauf.code == 0
    datei = projekt.ordner / "eingaben" / "mehr-gruen-fuer-moehringen.yaml"
    assert lauf.out.startswith("eingaben/mehr-gruen-fuer-moehringen.yaml angelegt.")
    text = datei.read_text(encoding="utf-8")
    assert text.startswith("# ") and 'titel: "Mehr Grün für Möhringen"' in text
    assert "id: mehr-gruen-fuer-moehringen" in text
    ausgefuellt = (text.replace("Name der Fraktion", "Musterfraktion")
                   .replace("Die Verwaltung wird beauftragt, … (bitte ausformulieren)",
                            "Die Verwaltung pflanzt 50 Bäume in Möhringen."))
    datei.write_text(ausgefuellt, encoding="utf-8")
    lauf = antragsgen("pruefen")
    assert (lauf.code, lauf.zeilen) == (0, [])
    # a second `neu` with the same title never overwrites the motion
    lauf = antragsgen("neu", "Mehr Grün für Möhringen")
    assert lauf.code == 2 and "gibt es schon" in lauf.err
    assert datei.read_text(encoding="utf-8") == ausgefuellt


def test_beispielantraege_werden_alle_erzeugt(beispielprojekt, antragsgen):
    lauf = antragsgen("erzeugen")
    assert lauf.code == 0, lauf.err
    namen = sorted(p.name for p in (beispielprojekt.ordner / "ausgabe").iterdir())
    ids = ["baumpflege-staerken", "integration-in-stuttgart-sicher-stellen", "laermaktionsplan",
           "spielplaetze-sanieren", "sprachcafes-foerdern", "stand-der-schulsanierungen", "trinkbrunnen-am-marktplatz"]
    assert namen == sorted([f"{i}.{e}" for i in ids for e in ("docx", "pdf")]
                           + ["uebersicht.csv", "uebersicht.pdf", "uebersicht.xlsx"])
    assert "7 Anträge erzeugt" in lauf.out
    # the text block was inserted, the single request of the fountain motion has no number
    sprachcafes = pdf_text(beispielprojekt.ausgabe("sprachcafes-foerdern.pdf"))
    assert "Stuttgarter Bündnis für Integration verbindet seit 2001" in sprachcafes.replace("\n", " ")
    brunnen = pdf_text(beispielprojekt.ausgabe("trinkbrunnen-am-marktplatz.pdf"))
    assert "1. Die Verwaltung" not in brunnen and "Wir beantragen" not in brunnen


def test_vorlage_gibt_es_nicht_ist_exit_2(beispielprojekt, antragsgen):
    lauf = antragsgen("erzeugen", "-t", "gibtsnicht")
    assert lauf.code == 2
    assert lauf.zeilen == ["Fehler: Die Vorlage 'gibtsnicht' gibt es nicht (bekannt: briefkopf, standard)."]


def test_readme_befehle_stehen_so_in_der_readme():
    readme = (WURZEL / "README.md").read_text(encoding="utf-8")
    assert "python3 start.py erzeugen" in readme
    assert "python3 start.py tests" in readme
    ci = (WURZEL / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 start.py tests" in ci

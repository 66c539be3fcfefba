"""The command line as a user meets it: help, version, `neu`, the example motions."""

from __future__ import annotations

import re
import shutil
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


def test_version_wie_sie_installiert_ist():
    """Read from the dist-info without importlib.metadata, the same version all the same."""
    from importlib.metadata import version

    import antragsgen

    assert antragsgen.__version__ == version("antragsgen")


def test_oeffentliche_api_ohne_schwere_importe_beim_paketimport():
    programm = ("import sys, antragsgen\nprint('pydantic' in sys.modules, 'jinja2' in sys.modules)\n"
                "from antragsgen import erzeugen, pruefen, Ergebnis, Antrag, AntragsFehler\n"
                "import antragsgen.pruefen\nprint(callable(antragsgen.pruefen), erzeugen.__module__, Antrag.__name__)\n")
    lauf = subprocess.run([sys.executable, "-c", programm], capture_output=True, text=True)
    assert lauf.returncode == 0, lauf.stderr
    assert lauf.stdout.splitlines() == ["False False", "True antragsgen.api Antrag"]


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
                            "Die Verwaltung pflanzt 50 Bäume in Möhringen.")
                   .replace("Warum der Antrag nötig ist", "Bäume kühlen die Stadt"))
    datei.write_text(ausgefuellt, encoding="utf-8")
    lauf = antragsgen("pruefen")
    assert (lauf.code, lauf.zeilen) == (0, [])
    # a second `neu` with the same title never overwrites the motion
    lauf = antragsgen("neu", "Mehr Grün für Möhringen")
    assert lauf.code == 2 and "gibt es schon" in lauf.err
    assert datei.read_text(encoding="utf-8") == ausgefuellt


def schnellstart_befehle() -> list[str]:
    """The commands of the README's quick start (its first sh block), without comments."""
    readme = (WURZEL / "README.md").read_text(encoding="utf-8")
    abschnitt = readme.split("## Schnellstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", abschnitt, re.S).group(1)
    return [z.split("#", 1)[0].strip() for z in block.splitlines() if z.split("#", 1)[0].strip()]


@pytest.fixture(scope="module")
def schnellstart(tmp_path_factory):
    """`python3 start.py erzeugen` in a fresh copy of the repository's tracked files.

    No new .venv is built: if the repository's .venv is set up for exactly these locks, the copy
    borrows it and start.py runs as a user's would; otherwise the command start.py runs,
    `python -m antragsgen erzeugen`, with this interpreter. Either way the copy's own package
    (its folder comes first on the path) makes the motions.
    """
    kopie = tmp_path_factory.mktemp("kopie")
    dateien = subprocess.run(["git", "ls-files", "-z"], cwd=WURZEL, capture_output=True, text=True, check=True)
    for name in filter(None, dateien.stdout.split("\0")):
        if (WURZEL / name).is_file():
            (kopie / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(WURZEL / name, kopie / name)
    venv = WURZEL / ".venv"
    sys.path.insert(0, str(kopie))
    try:
        import start
        bereit = (venv / ".antragsgen-stand").is_file() and (venv / ".antragsgen-stand").read_text() == start._stand()
    finally:
        sys.path.remove(str(kopie))
        sys.modules.pop("start", None)
    if bereit:
        (kopie / ".venv").symlink_to(venv)
        befehl = [sys.executable, "start.py", "erzeugen"]
    else:
        befehl = [sys.executable, "-m", "antragsgen", "erzeugen"]
    lauf = subprocess.run(befehl, cwd=kopie, capture_output=True, text=True, timeout=300)
    assert lauf.returncode == 0, lauf.stderr
    return kopie, lauf


def test_schnellstart_der_readme_ist_start_py_erzeugen_und_tests():
    assert schnellstart_befehle() == ["python3 start.py erzeugen", "python3 start.py tests"]
    # CI runs exactly the README's test command
    ci = (WURZEL / ".ci" / "run").read_text(encoding="utf-8")
    assert [z for z in ci.splitlines() if "start.py" in z] == ["python3 start.py tests"]


@pytest.mark.langsam
def test_beispielantraege_werden_alle_erzeugt(schnellstart):
    kopie, lauf = schnellstart
    namen = sorted(p.name for p in (kopie / "ausgabe").iterdir() if not p.name.startswith("."))
    ids = ["baumpflege-staerken", "integration-in-stuttgart-sicher-stellen", "laermaktionsplan",
           "spielplaetze-sanieren", "sprachcafes-foerdern", "stadtteilkultur-gemeinsam", "stand-der-schulsanierungen",
           "trinkbrunnen-am-marktplatz", "vereinssport-staerken", "verkehrssicherheit-aenderungsantrag",
           "verkehrssicherheit-auf-schulwegen"]
    assert namen == sorted([f"{i}.{e}" for i in ids for e in ("docx", "pdf")]
                           + ["uebersicht.csv", "uebersicht.pdf", "uebersicht.xlsx"])
    assert f"{len(ids)} Anträge erzeugt" in lauf.stdout
    # the text block was inserted, the single request of the fountain motion has no number
    sprachcafes = pdf_text(kopie / "ausgabe" / "sprachcafes-foerdern.pdf")
    assert "Stuttgarter Bündnis für Integration verbindet seit 2001" in sprachcafes.replace("\n", " ")
    brunnen = pdf_text(kopie / "ausgabe" / "trinkbrunnen-am-marktplatz.pdf")
    assert "1. Die Verwaltung" not in brunnen and "Wir beantragen" not in brunnen


def test_vorlage_gibt_es_nicht_ist_exit_2(beispielprojekt, antragsgen):
    lauf = antragsgen("erzeugen", "-t", "gibtsnicht")
    assert lauf.code == 2
    assert lauf.zeilen == ["Fehler: Die Vorlage 'gibtsnicht' gibt es nicht (bekannt: briefkopf, standard)."]


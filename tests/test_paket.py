"""The wheel carries the built-in templates: antragsgen works outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import WURZEL


@pytest.fixture(scope="module")
def rad(tmp_path_factory):
    ziel = tmp_path_factory.mktemp("rad")
    lauf = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(ziel), str(WURZEL)],
                          capture_output=True, text=True)
    assert lauf.returncode == 0, lauf.stderr
    return next(ziel.glob("antragsgen-*.whl"))


def test_rad_enthaelt_die_standardvorlage(rad):
    namen = zipfile.ZipFile(rad).namelist()
    for datei in ("antrag.html.j2", "antrag.css", "antrag.docx", "vorlage.toml"):
        assert f"antragsgen/vorlagen/standard/{datei}" in namen


def test_installiert_ausserhalb_des_repos_erzeugt_es_antraege(rad, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(rad)],
                   check=True, capture_output=True)
    projekt = tmp_path / "projekt"
    (projekt / "eingaben").mkdir(parents=True)
    (projekt / "eingaben" / "a.yaml").write_text(
        "titel: Mehr Bäume\nfraktion: F\nantragspunkte: [Pflanzen.]\nbegruendung: Kühl.\n", encoding="utf-8")
    umgebung = {**os.environ, "PYTHONPATH": str(site)}
    lauf = subprocess.run(
        [sys.executable, "-c", "import antragsgen, antragsgen.vorlagen as v; print(antragsgen.__file__); "
         "print(v.finde_vorlage('standard').ordner); from antragsgen.cli import main; main()",
         "erzeugen", "-f", "html,docx"],
        cwd=projekt, env=umgebung, capture_output=True, text=True)
    assert lauf.returncode == 0, lauf.stderr
    paket, vorlage = lauf.stdout.splitlines()[:2]
    assert paket.startswith(str(site)) and vorlage.startswith(str(site))
    assert "Mehr Bäume" in (projekt / "ausgabe" / "a.html").read_text(encoding="utf-8")
    assert (projekt / "ausgabe" / "a.docx").stat().st_size > 0


def test_rad_enthaelt_die_oberflaeche_mit_htmx(rad):
    namen = zipfile.ZipFile(rad).namelist()
    for datei in ("statisch/htmx.min.js", "statisch/oberflaeche.js", "statisch/oberflaeche.css",
                  "seiten/formular.html.j2", "seiten/liste.html.j2", "seiten/vorschau.html.j2"):
        assert f"antragsgen/oberflaeche/{datei}" in namen

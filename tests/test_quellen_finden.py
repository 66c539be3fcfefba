"""Which files a run reads, in which order (SPEC §3.1, §4, §8): the reading order decides the
automatic lfd. Nr., so finding them without pathlib's resolve() must not change it."""

from __future__ import annotations

import os
from pathlib import Path

from antragsgen.laden import finde_dateien
from antragsgen.laden.verweise import verlaesst_projekt


def _datei(pfad: Path, text: str = "titel: x\n") -> Path:
    pfad.parent.mkdir(parents=True, exist_ok=True)
    pfad.write_text(text, encoding="utf-8")
    return pfad


def test_reihenfolge_und_uebersprungenes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ["a/x.yaml", "a-b.yaml", "b.md", "a/c/y.yml", "Z.yaml", "tabelle.csv",
                 "_entwurf.yaml", ".versteckt/v.yaml", "_alt/w.yaml", "~$offen.yaml", "notiz.txt", "a/_n.yaml"]:
        _datei(Path("eingaben", name))
    gefunden = [p.as_posix() for p in finde_dateien([Path("eingaben")])]
    # sorted by path components (as pathlib sorts): a/… before a-b.yaml, capitals first
    assert gefunden == ["eingaben/Z.yaml", "eingaben/a/c/y.yml", "eingaben/a/x.yaml", "eingaben/a-b.yaml",
                        "eingaben/b.md", "eingaben/tabelle.csv"]


def test_bausteine_verweise_und_doppeltes(tmp_path, monkeypatch):
    (tmp_path / "projekt").mkdir()
    monkeypatch.chdir(tmp_path / "projekt")
    eingaben = Path("eingaben")
    _datei(eingaben / "a.yaml")
    _datei(eingaben / "bausteine" / "text.md")
    _datei(tmp_path / "draussen" / "fremd.yaml")
    _datei(tmp_path / "draussen" / "ordner" / "tief.yaml")
    os.symlink(tmp_path / "draussen" / "fremd.yaml", eingaben / "verweis.yaml")  # a file: read (and refused later)
    os.symlink(tmp_path / "draussen" / "ordner", eingaben / "ordnerverweis")  # a folder: not entered
    os.symlink((eingaben / "bausteine" / "text.md").resolve(), eingaben / "auch-baustein.md")  # leads into bausteine/
    gefunden = finde_dateien([eingaben, eingaben / "a.yaml"], [eingaben / "bausteine"])
    assert [p.as_posix() for p in gefunden] == ["eingaben/a.yaml", "eingaben/verweis.yaml"]
    assert verlaesst_projekt(gefunden[1], Path("."), {}) and verlaesst_projekt(gefunden[1], Path("."))
    assert not verlaesst_projekt(gefunden[0], Path("."), {})
    # named outside the project on purpose: counts as inside
    assert not verlaesst_projekt(tmp_path / "draussen" / "fremd.yaml", Path("."), {})


def test_ordnername_als_praefix_ist_nicht_darin(tmp_path, monkeypatch):
    """/p/eingaben-alt is not in /p/eingaben: whole names are compared."""
    monkeypatch.chdir(tmp_path)
    _datei(Path("eingaben/a.yaml"))
    _datei(Path("eingaben-alt/b.yaml"))
    os.symlink((tmp_path / "eingaben-alt" / "b.yaml"), Path("eingaben/b.yaml"))
    assert verlaesst_projekt(Path("eingaben/b.yaml"), Path("eingaben"), {})
    assert [p.name for p in finde_dateien([Path("eingaben")], [Path("eingaben-al")])] == ["a.yaml", "b.yaml"]

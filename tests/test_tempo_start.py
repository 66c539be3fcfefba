"""What makes a cold start and a run fast must never change what it makes: the parsed
hyphenation patterns and the library lookups kept in the user's cache folder, the GC
settings while rendering (issue 19). No timings here: benchmarks/start.py measures."""

from __future__ import annotations

import ctypes.util
import gc
import json
from pathlib import Path

import pyphen
import pytest

from antragsgen import api
from antragsgen.renderer import bibliotheken, silben
from antragsgen.zwischenspeicher import nutzerordner

WURZEL = Path(__file__).resolve().parents[1]
REFERENZ = "integration-in-stuttgart-sicher-stellen"
WOERTER = ["Haushaltsplanberatungen", "Integrationsbeauftragte", "Sachbearbeiterinnen", "Personalkostenansatz",
           "Gemeinderatsfraktion", "Oberbürgermeister", "Stellenschaffung", "Quartiersmanagement", "Schiff-fahrt"]


@pytest.fixture
def zwischenspeicher(tmp_path, monkeypatch) -> Path:
    """An empty user cache folder, and pyphen's German patterns not yet loaded in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pfad = pyphen.LANGUAGES[pyphen.language_fallback("de-DE")]
    alt = pyphen.hdcache.pop(pfad, None)
    yield nutzerordner()
    pyphen.hdcache.pop(pfad, None)
    if alt is not None:
        pyphen.hdcache[pfad] = alt


def _deutsch():
    return pyphen.hdcache[pyphen.LANGUAGES[pyphen.language_fallback("de-DE")]]


def _neu_laden():
    pyphen.hdcache.pop(pyphen.LANGUAGES[pyphen.language_fallback("de-DE")], None)
    silben.vorbereiten()
    return _deutsch()


def _silbendateien(ordner: Path) -> list[Path]:
    return sorted((ordner / "silben").glob("*.marshal"))


def test_silbentrennung_kommt_beim_zweiten_mal_aus_dem_zwischenspeicher(zwischenspeicher, monkeypatch):
    geparst = _neu_laden()
    assert len(_silbendateien(zwischenspeicher)) == 1
    def parsen(self, pfad):
        raise AssertionError("neu geparst")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", parsen)
    geladen = _neu_laden()
    assert geladen is not geparst and geladen.cache == {}
    assert geladen.patterns == geparst.patterns and geladen.maxlen == geparst.maxlen
    for wort in WOERTER:
        assert geladen.positions(wort) == geparst.positions(wort), wort


def test_kaputter_silbenspeicher_wird_uebergangen_und_neu_geschrieben(zwischenspeicher):
    referenz = _neu_laden()
    datei = _silbendateien(zwischenspeicher)[0]
    heil = datei.read_bytes()
    for kaputt in (b"", heil[:-1000], heil[:-1] + bytes([heil[-1] ^ 1]), b"kein Zwischenspeicher"):
        datei.write_bytes(kaputt)
        geladen = _neu_laden()
        assert [geladen.positions(w) for w in WOERTER] == [referenz.positions(w) for w in WOERTER]
        assert datei.read_bytes() == heil  # parsed again and written anew


def test_silbentrennung_ohne_beschreibbaren_zwischenspeicher(tmp_path, zwischenspeicher, monkeypatch):
    (tmp_path / "datei").write_text("kein Ordner")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "datei"))
    geladen = _neu_laden()
    assert geladen.positions("Haushaltsplanberatungen")


def test_pdf_mit_und_ohne_silbenspeicher_gleich(zwischenspeicher):
    from antragsgen.projekt import Projekt
    from antragsgen.renderer import baue_renderer, rendere

    projekt = Projekt.oeffnen(WURZEL, formate=["pdf"])
    fassung = next(f for f in api.pruefen(projekt=projekt).antraege if f.id == REFERENZ)
    pdfs = []
    for _ in range(2):  # parsed by pyphen, then read from the cache folder
        pyphen.hdcache.pop(pyphen.LANGUAGES[pyphen.language_fallback("de-DE")], None)
        pdfs.append(rendere(fassung, baue_renderer(projekt.auftrag(("pdf",)))).dateien["pdf"])
        assert _deutsch().cache, "der Antrag wurde mit diesen Mustern getrennt"
    assert _silbendateien(zwischenspeicher)
    assert pdfs[0] == pdfs[1]


# -- where the system libraries are ---------------------------------------------------------

@pytest.fixture
def suche(tmp_path, monkeypatch):
    """find_library counted, the user cache folder empty."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    gefragt = []
    echt = ctypes.util.find_library

    def zaehlend(name):
        gefragt.append(name)
        return echt(name)

    monkeypatch.setattr(ctypes.util, "find_library", zaehlend)
    return gefragt


def _importiere(*namen: str) -> list:
    with bibliotheken.gemerkt():
        return [ctypes.util.find_library(n) for n in namen]


@pytest.mark.skipif(bibliotheken._stand() is None, reason="nur unter Linux")
def test_bibliotheken_werden_einmal_gesucht(suche):
    zaehlend = ctypes.util.find_library
    erste = _importiere("c", "gibt-es-nicht-1")
    assert suche == ["c", "gibt-es-nicht-1"] and erste[1] is None
    assert ctypes.util.find_library is zaehlend  # restored after the import
    assert _importiere("c", "gibt-es-nicht-1") == erste
    assert suche == ["c", "gibt-es-nicht-1"]  # answered from the cache folder
    _importiere("m")
    assert suche[-1] == "m"


@pytest.mark.skipif(bibliotheken._stand() is None, reason="nur unter Linux")
def test_bibliotheken_neu_gesucht_wenn_sich_der_pfad_aendert(suche, monkeypatch, tmp_path):
    _importiere("c")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    _importiere("c")
    assert suche == ["c", "c"]


@pytest.mark.skipif(bibliotheken._stand() is None, reason="nur unter Linux")
def test_kaputte_bibliotheksliste_wird_uebergangen(suche):
    richtig = _importiere("c")
    datei = nutzerordner() / bibliotheken.DATEI
    for kaputt in ("{", "[]", json.dumps({"stand": bibliotheken._stand(), "antworten": {"c": 5}})):
        datei.write_text(kaputt)
        gefragt = len(suche)
        assert _importiere("c") == richtig
        assert len(suche) == gefragt + 1  # asked the system again
        assert json.loads(datei.read_text())["antworten"] == {"c": richtig[0]}


def test_fehlschlag_gemerkt_vergisst_die_liste(suche):
    if bibliotheken._stand() is None:
        pytest.skip("nur unter Linux")
    _importiere("c")
    datei = nutzerordner() / bibliotheken.DATEI
    assert datei.is_file()
    with pytest.raises(OSError), bibliotheken.gemerkt():
        raise OSError("Bibliothek fehlt")
    assert not datei.exists()


# -- GC while rendering -----------------------------------------------------------------------

def test_gc_nach_dem_lauf_wie_vorher(projekt):
    projekt.datei("eingaben/a.yaml", "titel: Ein Antrag\nart: antrag\nfraktion: F\nantragspunkte:\n  - Punkt eins.\n")
    vorher, eingefroren = gc.get_threshold(), gc.get_freeze_count()
    ergebnis = api.erzeugen(projekt=projekt.ordner, formate=["pdf"], jobs=1, alles_neu=True)
    assert ergebnis.exit_code == 0 and ergebnis.erzeugt == 1
    assert gc.get_threshold() == vorher and gc.get_freeze_count() == eingefroren


def test_gc_wie_vorher_wenn_das_schreiben_scheitert(projekt, monkeypatch):
    from antragsgen.ablage import Ablage

    projekt.datei("eingaben/a.yaml", "titel: Ein Antrag\nart: antrag\nfraktion: F\nantragspunkte:\n  - Punkt eins.\n")
    vorher, eingefroren = gc.get_threshold(), gc.get_freeze_count()

    def scheitert(self, fassung, gerendert):
        raise RuntimeError("Platte voll")

    monkeypatch.setattr(Ablage, "schreibe_antrag", scheitert)
    with pytest.raises(RuntimeError):
        api.erzeugen(projekt=projekt.ordner, formate=["pdf"], jobs=1, alles_neu=True)
    assert gc.get_threshold() == vorher and gc.get_freeze_count() == eingefroren


def test_ein_antrag_startet_keine_arbeitsprozesse(beispielprojekt, monkeypatch):
    from antragsgen.arbeiter import Arbeiter

    gestartet = []
    monkeypatch.setattr(Arbeiter, "_starten", lambda self, anzahl: gestartet.append(anzahl))
    datei = next(Path("eingaben").glob("*.yaml"))
    ergebnis = api.erzeugen([datei], projekt=Path("."), formate=["pdf"], jobs=2, ausgabe=Path("neu"))
    assert ergebnis.erzeugt == 1 and gestartet == []


def test_mehrere_quellen_heizen_vor(beispielprojekt, monkeypatch):
    from antragsgen.arbeiter import Arbeiter

    vorgeheizt = []
    monkeypatch.setattr(Arbeiter, "vorheizen", lambda self: vorgeheizt.append(True))
    monkeypatch.setattr(Arbeiter, "parallel", lambda self, anzahl: False)
    api.erzeugen(None, projekt=Path("."), formate=["html"], jobs=2, ausgabe=Path("neu"))
    assert vorgeheizt == [True]


def test_lange_uebersicht_auch_mit_einem_prozess_beiseite(projekt, monkeypatch):
    """-j 1: a long overview is laid out in a process of its own, so the caller's memory stays
    flat (~450 MB for 2000 rows otherwise); the file is the same overview."""
    from conftest import pdf_text

    from antragsgen import arbeiter

    beiseite = []
    nebenbei = arbeiter.Arbeiter.nebenbei
    monkeypatch.setattr(api, "LANGE_UEBERSICHT", 2)
    monkeypatch.setattr(arbeiter.Arbeiter, "nebenbei",
                        lambda self, funktion, *args: beiseite.append(funktion) or nebenbei(self, funktion, *args))
    for k in (1, 2):
        projekt.datei(f"eingaben/a{k}.yaml", f"titel: Antrag {k}\nart: antrag\nfraktion: F\n"
                      "antragspunkte:\n  - Punkt eins.\n  - Punkt zwei.\n")
    ergebnis = api.erzeugen(projekt=projekt.ordner, formate=["pdf"], jobs=1)
    assert ergebnis.erzeugt == 2 and beiseite == [arbeiter.uebersicht_pdf]
    text = pdf_text(projekt.ausgabe("uebersicht.pdf"))
    assert "4 Antragspunkte" in text and "Antrag 2" in text


@pytest.fixture
def startskript(tmp_path, monkeypatch):
    """start.py pointed at a copy: a package `antragsgen/` of two modules and a `.venv/pyvenv.cfg`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("start_kopie", WURZEL / "start.py")
    start = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(start)
    (tmp_path / "antragsgen" / "laden").mkdir(parents=True)
    (tmp_path / "antragsgen" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "antragsgen" / "laden" / "__init__.py").write_text("Y = 2\n")
    (tmp_path / ".venv").mkdir()
    monkeypatch.setattr(start, "WURZEL", tmp_path)
    monkeypatch.setattr(start, "VENV", tmp_path / ".venv")
    return start, tmp_path


def _pyc(ordner: Path) -> list[str]:
    return sorted(p.relative_to(ordner).as_posix() for p in ordner.rglob("*.pyc"))


def test_start_py_legt_den_bytecode_der_eigenen_module_an(startskript):
    # without it, PYTHONDONTWRITEBYTECODE (set in many containers) made every command compile
    # all of antragsgen again
    import sys

    start, ordner = startskript
    (ordner / ".venv" / "pyvenv.cfg").write_text(f"home = /x\nversion = {sys.version_info.major}."
                                                 f"{sys.version_info.minor}.{sys.version_info.micro}\n")
    start.bytecode()
    tag = sys.implementation.cache_tag
    assert _pyc(ordner) == [f"antragsgen/__pycache__/__init__.{tag}.pyc",
                            f"antragsgen/laden/__pycache__/__init__.{tag}.pyc"]


def test_start_py_kein_bytecode_fuer_einen_anderen_python_als_den_der_venv(startskript):
    start, ordner = startskript
    (ordner / ".venv" / "pyvenv.cfg").write_text("home = /x\nversion = 2.7.18\n")
    start.bytecode()
    assert _pyc(ordner) == []
    (ordner / ".venv" / "pyvenv.cfg").unlink()  # no .venv yet: nothing, and no error
    start.bytecode()
    assert _pyc(ordner) == []

"""The cyclic garbage collector around large documents and at the end of a command (sammeln.py)."""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys

import pytest

from antragsgen import sammeln
from antragsgen.renderer import weasy
from antragsgen.renderer.sammelband import SammelbandRenderer
from antragsgen.renderer.tabellen import UebersichtPdf
from antragsgen.uebersicht import erstelle
from antragsgen.vorlagen import finde_vorlage


@pytest.fixture
def beim_setzen(monkeypatch):
    """Whether the collector was on while WeasyPrint typeset each document."""
    gesehen = []
    echt = weasy.Satz.pdf

    def pdf(self, *args, **kwargs):
        gesehen.append(gc.isenabled())
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(weasy.Satz, "pdf", pdf)
    return gesehen


def test_die_uebersicht_wird_ohne_sammler_gesetzt_und_danach_ist_er_wieder_an(beim_setzen):
    pdf = UebersichtPdf(finde_vorlage("standard")).render(erstelle([], []), dt.date(2026, 12, 1))
    assert pdf.startswith(b"%PDF") and beim_setzen == [False]
    assert gc.isenabled()


def test_der_sammelband_ebenso(beim_setzen):
    pdf = SammelbandRenderer(finde_vorlage("standard")).render([], dt.date(2026, 12, 1))
    assert pdf.startswith(b"%PDF") and beim_setzen == [False]
    assert gc.isenabled()


def test_ein_programm_das_den_sammler_selbst_ausschaltet_behaelt_das():
    gc.disable()
    try:
        with sammeln.pausiert():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_auch_nach_einem_fehler_ist_der_sammler_wieder_an():
    with pytest.raises(ValueError), sammeln.pausiert():
        raise ValueError("kaputt")
    assert gc.isenabled()


def test_am_ende_eines_befehls_ist_alles_eingefroren_einmal_angemeldet():
    # the hook registered first runs last (atexit is LIFO): it sees what main left for the exit
    programm = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('eingefroren' if gc.get_freeze_count() else 'nicht eingefroren'))\n"
        "from antragsgen.cli import main\n"
        "vorher = atexit._ncallbacks()\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        main(['--version'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('angemeldet', atexit._ncallbacks() - vorher)\n"
    )
    lauf = subprocess.run([sys.executable, "-c", programm], capture_output=True, text=True, check=True)
    assert lauf.stdout.splitlines()[-2:] == ["angemeldet 1", "eingefroren"]

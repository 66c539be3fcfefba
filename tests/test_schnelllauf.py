"""An unchanged re-run is answered from the last run's fingerprint, before anything heavy is
imported; every change of what a run depends on means the full run (SPEC §9, issue 19)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from conftest import WURZEL

FINGERABDRUCK = ".antragsgen/schnelllauf.json"


def antrag(k: int, extra: str = "") -> str:
    return f"titel: Antrag {k}\nfraktion: F\nantragspunkte: [Tun {k}.]\nbegruendung: Weil {k}.{extra}\n"


@pytest.fixture
def voll(monkeypatch):
    """How often the full pipeline ran."""
    from antragsgen import api

    aufrufe = []
    echt = api.erzeugen

    def zaehlend(*args, **kwargs):
        aufrufe.append(args)
        return echt(*args, **kwargs)

    monkeypatch.setattr(api, "erzeugen", zaehlend)
    return aufrufe


@pytest.fixture
def drei(projekt, antragsgen):
    """Three motions: one from a Baustein, one without Begründung (a Warnung), one with an image."""
    projekt.datei("eingaben/bausteine/gruss.md", "Mit freundlichen Grüßen.\n")
    projekt.datei("eingaben/a0.yaml", "titel: Antrag 0\nfraktion: F\nantragspunkte: [Tun 0.]\n"
                  "begruendung:\n  - {baustein: gruss}\n")
    projekt.datei("eingaben/a1.yaml", "titel: Antrag 1\nfraktion: F\nart: haushaltsantrag\nantragspunkte: [Tun 1.]\n")
    Image.new("RGB", (40, 10), (200, 0, 0)).save(projekt.ordner / "eingaben" / "bild.png")
    projekt.datei("eingaben/a2.md", "---\ntitel: Antrag 2\nfraktion: F\nantragspunkte: [Tun 2.]\n---\n"
                  "Siehe ![Plan](bild.png)\n")
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0 and lauf.out.startswith("3 Anträge erzeugt"), lauf.err
    return projekt


def ohne_dauer(text: str) -> str:
    return re.sub(r", \d+,\d s\)\.", ", … s).", text)


def voller_lauf(projekt, antragsgen, *args):
    """What the full run prints, its fingerprint removed first."""
    (projekt.ordner / FINGERABDRUCK).unlink(missing_ok=True)
    return antragsgen("erzeugen", *args)


def test_unveraenderter_lauf_sagt_dasselbe_wie_der_volle(drei, antragsgen, voll):
    schnell = antragsgen("erzeugen", "-f", "pdf,docx")
    assert voll == []
    gruendlich = voller_lauf(drei, antragsgen, "-f", "pdf,docx")
    assert len(voll) == 1
    assert schnell.code == gruendlich.code == 0
    assert ohne_dauer(schnell.out) == ohne_dauer(gruendlich.out) == \
        "0 Anträge erzeugt, 3 unverändert übersprungen (0 Dateien geschrieben, … s).\n"
    assert schnell.err == gruendlich.err
    assert "eingaben/a1.yaml:1:1: Warnung:" in schnell.err  # a haushaltsantrag without Begründung
    assert antragsgen("erzeugen", "-f", "pdf,docx").err == gruendlich.err and len(voll) == 1


def test_unveraenderter_lauf_laedt_weder_weasyprint_noch_pydantic(drei):
    programm = ("import sys\nfrom antragsgen.cli import main\ntry:\n    main(['erzeugen', '-f', 'pdf,docx'])\n"
                "except SystemExit as e:\n    print('code', e.code)\n"
                "print(sorted(m for m in ('weasyprint', 'pydantic', 'jinja2', 'ruamel', 'markdown_it', 'docx', "
                "'openpyxl') if m in sys.modules))\n")
    lauf = subprocess.run([sys.executable, "-c", programm], cwd=drei.ordner, capture_output=True, text=True)
    assert lauf.returncode == 0, lauf.stderr
    assert "0 Anträge erzeugt, 3 unverändert übersprungen" in lauf.stdout
    assert lauf.stdout.splitlines()[-2:] == ["code 0", "[]"]
    assert "eingaben/a1.yaml:1:1: Warnung:" in lauf.stderr


def _vorlage(projekt):
    ordner = projekt.ordner / "vorlagen" / "eigen"
    if not ordner.exists():
        shutil.copytree(WURZEL / "vorlagen" / "standard", ordner)
    return ordner


def _anhaengen(pfad, text):
    pfad.write_text(pfad.read_text(encoding="utf-8") + text, encoding="utf-8")


# each: what changes, then what the full run that follows says
AENDERUNGEN = {
    "antrag-bearbeitet": (lambda p: p.datei("eingaben/a1.yaml", antrag(1, " Neu.")), "1 Antrag erzeugt, 2 unverändert"),
    "antrag-neu": (lambda p: p.datei("eingaben/a3.yaml", antrag(3)), "1 Antrag erzeugt, 3 unverändert"),
    "baustein": (lambda p: p.datei("eingaben/bausteine/gruss.md", "Viele Grüße.\n"), "1 Antrag erzeugt, 2 unverändert"),
    "bild": (lambda p: Image.new("RGB", (40, 10), (0, 0, 200)).save(p.ordner / "eingaben" / "bild.png"),
             "3 Anträge erzeugt"),
    "einstellungen": (lambda p: p.datei("antragsgen.toml", '[antrag]\ngremium = "Bezirksbeirat"\n'), "3 Anträge erzeugt"),
    "pdf-geloescht": (lambda p: p.ausgabe("a2.pdf").unlink(), "1 Antrag erzeugt, 2 unverändert"),
}


@pytest.mark.parametrize("aenderung", AENDERUNGEN)
def test_jede_aenderung_fuehrt_zum_vollen_lauf(drei, antragsgen, voll, aenderung):
    aendern, erwartet = AENDERUNGEN[aenderung]
    aendern(drei)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0, lauf.err
    assert len(voll) == 1 and lauf.out.startswith(erwartet), lauf.out
    # and the run after it is the fast one again, saying the same
    wieder = antragsgen("erzeugen", "-f", "pdf,docx")
    assert len(voll) == 1 and wieder.out.startswith("0 Anträge erzeugt, ")
    assert wieder.err == voller_lauf(drei, antragsgen, "-f", "pdf,docx").err


def test_eigene_vorlage_geaendert(drei, antragsgen, voll):
    _vorlage(drei)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-t", "eigen").out.startswith("3 Anträge erzeugt")
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-t", "eigen").out.startswith("0 Anträge erzeugt")
    assert len(voll) == 1
    _anhaengen(_vorlage(drei) / "antrag.css", "\nh1 { color: red; }\n")
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-t", "eigen").out.startswith("3 Anträge erzeugt")
    assert len(voll) == 2


def test_bearbeitetes_docx_wird_bemerkt_und_bleibt(drei, antragsgen, voll):
    docx = drei.ausgabe("a0.docx")
    bearbeitet = docx.read_bytes() + b"\0"  # stands for a save in Word
    docx.write_bytes(bearbeitet)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert len(voll) == 1 and lauf.out.startswith("1 Antrag erzeugt, 2 unverändert")
    assert "ausgabe/a0.docx wurde nach dem Erzeugen bearbeitet und bleibt unverändert" in lauf.err
    assert docx.read_bytes() == bearbeitet and drei.ausgabe("a0.neu.docx").is_file()
    # a run with nothing to do does not say it again, the fast one neither
    schnell = antragsgen("erzeugen", "-f", "pdf,docx")
    assert len(voll) == 1 and schnell.out.startswith("0 Anträge erzeugt, 3 unverändert")
    assert schnell.err == voller_lauf(drei, antragsgen, "-f", "pdf,docx").err and "bearbeitet" not in schnell.err
    assert len(voll) == 2 and docx.read_bytes() == bearbeitet
    # the user's copy goes away: ID.docx is written again, by the full run
    docx.unlink()
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("1 Antrag erzeugt")
    assert len(voll) == 3 and docx.is_file()


@pytest.mark.parametrize("optionen, erwartet", [
    (("-f", "pdf"), "3 Anträge erzeugt"),
    (("-f", "pdf,docx", "--zeilennummern"), "3 Anträge erzeugt"),
    (("-f", "pdf,docx", "--alles-neu"), "3 Anträge erzeugt"),
    (("-f", "pdf,docx", "--sammelband"), "0 Anträge erzeugt, 3 unverändert"),
    (("-f", "pdf,docx", "-o", "anderswo"), "3 Anträge erzeugt"),
    (("eingaben/a0.yaml", "-f", "pdf,docx"), "0 Anträge erzeugt, 1 unverändert"),
])
def test_andere_optionen_fuehren_zum_vollen_lauf(drei, antragsgen, voll, optionen, erwartet):
    lauf = antragsgen("erzeugen", *optionen)
    assert lauf.code == 0 and lauf.out.startswith(erwartet) and len(voll) == 1, lauf.out
    if "--alles-neu" not in optionen:
        assert antragsgen("erzeugen", *optionen).out.startswith("0 Anträge erzeugt") and len(voll) == 1


def test_alles_neu_ist_immer_der_volle_lauf(drei, antragsgen, voll):
    for _ in range(2):
        assert antragsgen("erzeugen", "-f", "pdf,docx", "--alles-neu").out.startswith("3 Anträge erzeugt")
    assert len(voll) == 2
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 2


def test_ein_anderer_tag_fuehrt_zum_vollen_lauf(drei, antragsgen, voll, monkeypatch):
    import datetime as dt

    from antragsgen import schnelllauf

    monkeypatch.setattr(schnelllauf, "heute", lambda: dt.date.today() + dt.timedelta(days=1))
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 1


def test_source_date_epoch_fuehrt_zum_vollen_lauf(drei, antragsgen, voll, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 1


def test_geaenderter_code_fuehrt_zum_vollen_lauf(drei, antragsgen, voll, monkeypatch, tmp_path):
    """A developer's edit in the source tree: the package's files are part of the fingerprint."""
    from antragsgen import paket

    code = tmp_path / "code" / "antragsgen"
    shutil.copytree(paket.ORDNER, code, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paket.eingebaute_ordner(), code.parent / "vorlagen")
    monkeypatch.setattr(paket, "ORDNER", str(code))
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 1  # another folder
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 1
    _anhaengen(code / "api.py", "\n# bearbeitet\n")
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 2


def test_andere_bibliothek_setzt_alles_neu(drei, antragsgen, voll, monkeypatch, tmp_path):
    """An updated library (pip, start.py after a new lock file) may set the pages differently:
    nothing is kept from the old one, neither by the fingerprint nor per motion."""
    (tmp_path / "weasyprint-99.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0 and len(voll) == 1 and lauf.out.startswith("3 Anträge erzeugt"), lauf.out
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 1


def test_neue_schrift_setzt_alles_neu(drei, antragsgen, voll, monkeypatch, tmp_path):
    """A font installed or removed (its folder's time changes) may change every page."""
    from antragsgen import paket

    schriften = tmp_path / "fonts"
    (schriften / "truetype").mkdir(parents=True)
    monkeypatch.setattr(paket, "SCHRIFTORDNER", [str(schriften)])
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("3 Anträge erzeugt") and len(voll) == 1
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 1
    (schriften / "truetype" / "liberation").mkdir()
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert len(voll) == 2 and lauf.out.startswith("3 Anträge erzeugt"), lauf.out


def test_geaendertes_register_fuehrt_zum_vollen_lauf(drei, antragsgen, voll):
    register = drei.ordner / ".antragsgen" / "nummern.sqlite"
    os.utime(register, ns=(register.stat().st_atime_ns, register.stat().st_mtime_ns + 10**9))
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 1


def test_ein_fehler_hinterlaesst_keinen_fingerabdruck(drei, antragsgen, voll):
    drei.datei("eingaben/a1.yaml", "titel: Antrag 1\nfraktion: F\nantragspunkte: [Tun 1.]\nbegruendng: x\n")
    for anzahl in (1, 2):
        lauf = antragsgen("erzeugen", "-f", "pdf,docx")
        assert lauf.code == 1 and len(voll) == anzahl
        assert "eingaben/a1.yaml:4:1: Fehler:" in lauf.err and "meinten Sie 'begruendung'?" in lauf.err
    drei.datei("eingaben/a1.yaml", antrag(1))
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("1 Antrag erzeugt, 2 unverändert")
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 3


def test_abgebrochener_lauf_hinterlaesst_keinen_fingerabdruck(drei, antragsgen, monkeypatch):
    from antragsgen import api

    drei.datei("eingaben/a1.yaml", antrag(1, " Neu."))

    def abbrechen(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(api, "erzeugen", abbrechen)
        assert antragsgen("erzeugen", "-f", "pdf,docx").code == 130
    assert "abdruck" not in json.loads((drei.ordner / FINGERABDRUCK).read_text())
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("1 Antrag erzeugt, 2 unverändert")


@pytest.mark.parametrize("inhalt", [b"", b"{", b"[]", b'{"format": 1, "abdruck": 5}', b"\xff\xfe",
                                    b'{"format": 99, "abdruck": "x", "zustand": [], "meldungen": [], "anzahl": 1}'])
def test_kaputter_fingerabdruck_heisst_voller_lauf(drei, antragsgen, voll, inhalt):
    (drei.ordner / FINGERABDRUCK).write_bytes(inhalt)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0 and lauf.out.startswith("0 Anträge erzeugt, 3 unverändert") and len(voll) == 1
    assert "Interner Fehler" not in lauf.err


def test_fremder_fingerabdruck_wird_nicht_geglaubt(drei, antragsgen, voll):
    """The messages come from the file: one that claims a state that is not ours is not read."""
    datei = drei.ordner / FINGERABDRUCK
    daten = json.loads(datei.read_text())
    daten["abdruck"] = "0" * 64
    datei.write_text(json.dumps(daten))
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == 1


def test_symlink_in_den_eingaben_heisst_immer_voller_lauf(drei, antragsgen, voll):
    (drei.ordner / "eingaben" / "bausteine" / "verweis.md").symlink_to(drei.ordner / "eingaben" / "bausteine" / "gruss.md")
    for anzahl in (1, 2):
        assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == anzahl


def test_signieren_ist_nie_der_schnelle_lauf(drei, antragsgen, voll):
    drei.datei("antragsgen.toml", '[signatur]\nzertifikat = "gibt-es-nicht.p12"\n')
    for anzahl in (1, 2):
        assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0 and len(voll) == anzahl
    assert antragsgen("erzeugen", "-f", "pdf,docx", "--signieren").code == 2  # no certificate: the full run says so


def test_sammelband_mit_entwurf_nennt_ihn_auch_im_schnellen_lauf(drei, antragsgen, voll):
    drei.datei("eingaben/a1.yaml", antrag(1) + "status: entwurf\n")
    erst = antragsgen("erzeugen", "-f", "pdf,docx", "--sammelband")
    assert erst.code == 0 and "Der Antrag 'a1' ist Entwurf und fehlt im Sammelband." in erst.err, erst.err
    schnell = antragsgen("erzeugen", "-f", "pdf,docx", "--sammelband")
    assert len(voll) == 1
    gruendlich = voller_lauf(drei, antragsgen, "-f", "pdf,docx", "--sammelband")
    assert schnell.err == gruendlich.err and "fehlt im Sammelband" in schnell.err
    assert ohne_dauer(schnell.out) == ohne_dauer(gruendlich.out)


def test_waehrend_eines_anderen_laufs_kein_fingerabdruck(drei, antragsgen, voll):
    """Another full run holds the runs' lock: what this one leaves is not vouched for."""
    import fcntl

    fd = os.open(drei.ordner / ".antragsgen" / "schnelllauf.sperre", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        drei.datei("eingaben/a1.yaml", antrag(1, " Neu."))
        assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("1 Antrag erzeugt")
        assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 2
    finally:
        os.close(fd)
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 3
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt") and len(voll) == 3


def test_einstellungsfehler_legt_keinen_ordner_an(tmp_path, antragsgen, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert antragsgen("erzeugen", "--projekt", "gibt-es-nicht").code == 2
    assert not (tmp_path / "gibt-es-nicht").exists()
    (tmp_path / "eingaben").mkdir()
    (tmp_path / "antragsgen.toml").write_text("[ausgabe]\nformate = [\"pdf\", \"gif\"]\n")
    assert antragsgen("erzeugen").code == 2
    assert not (tmp_path / ".antragsgen").exists() and not (tmp_path / "ausgabe").exists()

"""Nichts geht verloren (Issue 12, SPEC §5.1): abgebrochene Läufe, Upgrades, Kopien, kaputte
Zwischenspeicher, gesperrte Dateien und Symlinks kosten nie die Arbeit eines Menschen.

Kill- und Signaltests starten antragsgen als eigenen Prozess (wie ein Nutzer im Terminal);
alles andere läuft im Testprozess über die `antragsgen`-Fixture.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from conftest import Projekt, pdf_text

MARKE = "ANTRAGSGEN_TESTLAUF"  # in the environment of every process a run starts
ARBEITER_NAMEN = {"antragsgen-arb", "antragsgen-neb"}


# --- Anträge und Projekte ---------------------------------------------------------------------

def haushaltsantrag(k: int, runde: int = 0, extra: int = 0) -> str:
    """A budget motion `antrag-KK`: a Stelle, Mittel, a text item (+ `extra` text items)."""
    weitere = "".join(f"  - text: Zusatzpunkt {j} des Antrags {k}.\n" for j in range(1, extra + 1))
    return (
        f"# Antrag {k}\n"
        f"id: antrag-{k:02d}\n"
        f"titel: Haushaltsantrag Nummer {k}\n"
        "art: haushaltsantrag\n"
        "fraktion: Musterfraktion\n"
        "datum: 2021-11-12\n"
        "haushaltsjahre: [2022, 2023]\n"
        "antragspunkte:\n"
        "  - stelle:\n"
        "      anteil: 0,5\n"
        "      bezeichnung: Sachbearbeiter:in\n"
        "      entgeltgruppe: EG 9\n"
        f"      bereich: SI-{k}\n"
        f"    zweck: für die Aufgabe {k}\n"
        "  - mittel:\n"
        f"      betrag: {k + 1}.000\n"
        f"    zweck: für einen Zuschuss an den Träger {k}\n"
        f"  - text: Die Verwaltung berichtet über die Maßnahme {k}.\n"
        + weitere
        + "begruendung: |\n"
        f"  Die Begründung des Antrags {k} in Runde {runde}.\n"
    )


def kurzantrag(kennung: str, titel: str, satz: str = "Weil es nötig ist.") -> str:
    """A small motion with id `kennung`; its id stands on line 2."""
    return (f"# {titel}\nid: {kennung}\ntitel: {titel}\nart: haushaltsantrag\nfraktion: Musterfraktion\n"
            "datum: 2021-11-12\nhaushaltsjahre: [2022, 2023]\nantragspunkte:\n"
            f"  - mittel:\n      betrag: 5.000\n    zweck: für {titel}\n"
            f"  - text: Die Verwaltung berichtet über {titel}.\nbegruendung: {satz}\n")


def schreibe_antraege(ordner: Path, anzahl: int, runde: int = 0, extra=lambda k: 0) -> None:
    (ordner / "eingaben").mkdir(parents=True, exist_ok=True)
    for k in range(anzahl):
        (ordner / "eingaben" / f"antrag-{k:02d}.yaml").write_text(haushaltsantrag(k, runde, extra(k)),
                                                                   encoding="utf-8")


def abc_projekt(projekt: Projekt) -> Projekt:
    for kennung in "abc":
        projekt.datei(f"eingaben/{kennung}.yaml", kurzantrag(kennung, f"Antrag {kennung.upper()}"))
    return projekt


def bearbeite_docx(pfad: Path) -> bytes:
    """Open the DOCX as Word would, add a paragraph, save; returns the new bytes."""
    import docx

    dokument = docx.Document(str(pfad))
    dokument.add_paragraph("Von Hand ergänzt: bitte nicht überschreiben.")
    dokument.save(str(pfad))
    return pfad.read_bytes()


def docx_text(pfad: Path) -> str:
    import docx

    return "\n".join(a.text for a in docx.Document(str(pfad)).paragraphs)


def stand(ordner: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below `ordner` with its bytes and mtime."""
    return {p.relative_to(ordner).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(ordner.rglob("*")) if p.is_file()}


def neu_docx(ordner: Path) -> list[str]:
    return sorted(p.relative_to(ordner).as_posix() for p in ordner.rglob("*.neu.docx"))


@pytest.fixture
def unterordner(tmp_path, monkeypatch) -> Projekt:
    """A project one level below tmp_path (room for files 'elsewhere'), made the current folder."""
    ordner = tmp_path / "projekt"
    (ordner / "eingaben").mkdir(parents=True)
    monkeypatch.chdir(ordner)
    return Projekt(ordner)


# --- Prozesse -------------------------------------------------------------------------------

def starte(ordner: Path, marke: str, *args: str, **kwargs) -> subprocess.Popen:
    """`antragsgen ARGS…` as its own process in `ordner`, its processes marked with `marke`."""
    umgebung = dict(os.environ, **{MARKE: marke})
    kwargs.setdefault("stdout", subprocess.DEVNULL)
    kwargs.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen([sys.executable, "-m", "antragsgen", *args], cwd=ordner, env=umgebung, **kwargs)


def prozesse_des_laufs(marke: str, ordner: Path, *, nur_arbeiter: bool = False) -> list[str]:
    """Living processes a run started (its mark in the environment, or working in its project),
    described as 'PID comm cmdline'; zombies and this test process do not count. With
    `nur_arbeiter`, only its workers: named antragsgen-arb/-neb, or the multiprocessing
    forkserver and its children, or mentioning the project folder."""
    gefunden = []
    eigen = {os.getpid()}
    for eintrag in Path("/proc").iterdir():
        if not eintrag.name.isdigit() or int(eintrag.name) in eigen:
            continue
        try:
            status = (eintrag / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if status in ("Z", "X"):
                continue
            umgebung = (eintrag / "environ").read_bytes().split(b"\0")
            try:
                arbeitsordner = os.readlink(eintrag / "cwd")
            except OSError:
                arbeitsordner = ""
            if f"{MARKE}={marke}".encode() not in umgebung and not (
                    arbeitsordner == str(ordner) or arbeitsordner.startswith(str(ordner) + os.sep)):
                continue
            name = (eintrag / "comm").read_text().strip()
            befehl = (eintrag / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue  # gone meanwhile, or not ours to read
        if nur_arbeiter and not (name in ARBEITER_NAMEN or "forkserver" in befehl or str(ordner) in befehl):
            continue
        befehl = befehl[:120]
        gefunden.append(f"{eintrag.name} {name} {befehl}")
    return gefunden


def beende(beschreibungen: list[str]) -> None:
    for b in beschreibungen:
        try:
            os.kill(int(b.split()[0]), signal.SIGKILL)
        except OSError:
            pass


def ueberlebende(marke: str, ordner: Path, warten: float = 2.0) -> list[str]:
    """Wait `warten` s, then report the workers the run left running, and kill all it left."""
    time.sleep(warten)
    rest = prozesse_des_laufs(marke, ordner, nur_arbeiter=True)
    beende(prozesse_des_laufs(marke, ordner))
    return rest


def warte_auf(bedingung, prozess: subprocess.Popen, frist: float = 120.0) -> bool:
    """Poll `bedingung()` while the process runs; False if it ended first."""
    ende = time.monotonic() + frist
    while time.monotonic() < ende:
        if bedingung():
            return True
        if prozess.poll() is not None:
            return bedingung()
        time.sleep(0.02)
    raise AssertionError("Zeitüberschreitung beim Warten auf den Lauf")


def neu_geschrieben(ordner: Path, muster: str, vorher: dict[str, int]) -> int:
    """How many files matching `muster` in ordner/ausgabe were (re)written since `vorher`."""
    anzahl = 0
    for p in (ordner / "ausgabe").glob(muster):
        try:
            if p.stat().st_mtime_ns != vorher.get(p.name):
                anzahl += 1
        except OSError:
            pass
    return anzahl


def mtimes(ordner: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (ordner / "ausgabe").iterdir()} \
        if (ordner / "ausgabe").is_dir() else {}


# --- 1. Der Kill-Test -------------------------------------------------------------------------

def _register(ordner: Path) -> list[tuple[int, str, int, str]]:
    verbindung = sqlite3.connect(f"file:{ordner / '.antragsgen' / 'nummern.sqlite'}?mode=ro", uri=True)
    try:
        return verbindung.execute("SELECT lfd_nr, antrag, position, status FROM nummern").fetchall()
    finally:
        verbindung.close()


@pytest.mark.langsam
def test_sigkill_zu_zufaelligen_zeitpunkten_verliert_nichts_und_laesst_keinen_arbeiter_zurueck(tmp_path):
    """Issue 12 (Defekte 1, 11, 12): SIGKILL des Hauptprozesses zu beliebigen Zeitpunkten."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    import docx

    ordner = tmp_path / "projekt"
    anzahl, runden = 30, 5
    schreibe_antraege(ordner, anzahl)
    marke = f"kill-{uuid.uuid4().hex}"
    befehl = ("erzeugen", "-f", "pdf,docx", "-j", "2")
    zufall = random.Random(1212)

    # one full run: how long a run takes here
    beginn = time.monotonic()
    voll = starte(ordner, marke, *befehl)
    assert voll.wait(timeout=300) == 0
    dauer = time.monotonic() - beginn
    assert not ueberlebende(marke, ordner)  # after a normal end: the same 2 s as after SIGTERM

    geblieben: list[str] = []
    try:
        for runde in range(1, runden + 1):
            # every run has work: new texts, and new items (new numbers) in every third motion
            schreibe_antraege(ordner, anzahl, runde, extra=lambda k, r=runde: r if k % 3 == 0 else 0)
            unten, oben = (runde - 1) / runden, runde / runden  # delays spread over the whole run
            verzoegerung = dauer * (0.05 + 0.9 * zufall.uniform(unten, oben))
            lauf = starte(ordner, marke, *befehl)
            time.sleep(verzoegerung)
            lauf.send_signal(signal.SIGKILL)
            lauf.wait(timeout=60)
            geblieben += [f"Runde {runde} (nach {verzoegerung:.1f} s): {p}" for p in ueberlebende(marke, ordner)]
        assert not geblieben, "Arbeitsprozesse überleben den abgebrochenen Lauf:\n" + "\n".join(geblieben)

        # a normal run repairs everything
        lauf = starte(ordner, marke, *befehl, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = lauf.communicate(timeout=300)
        assert lauf.returncode == 0, out + err
        assert not ueberlebende(marke, ordner)  # after a normal end: the same 2 s as after SIGTERM
    finally:
        beende(prozesse_des_laufs(marke, ordner))

    ausgabe = ordner / "ausgabe"
    assert neu_docx(ordner) == []
    reste = [os.path.join(w, n) for basis in (ausgabe, ordner / ".antragsgen")
             for w, _, namen in os.walk(basis) for n in namen if n.endswith(".tmp")]
    assert reste == []
    for k in range(anzahl):
        assert (ausgabe / f"antrag-{k:02d}.pdf").is_file() and (ausgabe / f"antrag-{k:02d}.docx").is_file()
    texte = {pdf.stem: "\n".join(s.extract_text() for s in PdfReader(str(pdf)).pages).replace("\u00a0", " ")
             for pdf in ausgabe.glob("*.pdf")}  # every PDF opens
    for datei in ausgabe.glob("*.docx"):
        docx.Document(str(datei))
    assert load_workbook(ausgabe / "uebersicht.xlsx").active.max_row > anzahl

    zeilen = _register(ordner)
    assert len({z[0] for z in zeilen}) == len(zeilen), "eine Nummer steht zweimal im Register"
    aktiv: dict[tuple[str, int], list[int]] = {}
    for nummer, antrag, position, status in zeilen:
        if status == "aktiv":
            aktiv.setdefault((antrag, position), []).append(nummer)
    erwartet = {(f"antrag-{k:02d}", i) for k in range(anzahl) for i in range(3 + (runden if k % 3 == 0 else 0))}
    assert set(aktiv) == erwartet
    assert {schluessel: len(n) for schluessel, n in aktiv.items() if len(n) != 1} == {}
    for k in range(anzahl):
        kennung = f"antrag-{k:02d}"
        im_pdf = [int(n) for n in re.findall(r"lfd\. *Nr\. *(\d+)", texte[kennung])]
        assert im_pdf == [aktiv[(kennung, i)][0] for i in range(len(im_pdf))] and \
            len(im_pdf) == sum(1 for a, _ in aktiv if a == kennung), kennung


# --- 2. Defekt 1: ein abgebrochener Lauf macht nichts zu "bearbeitet" -----------------------

@pytest.mark.langsam
@pytest.mark.parametrize("signal_", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_abgebrochener_lauf_macht_keine_docx_zu_bearbeiteten(projekt, antragsgen, signal_):
    """Issue 12, Defekt 1: nach einem unterbrochenen Lauf entsteht kein ID.neu.docx."""
    anzahl = 6
    schreibe_antraege(projekt.ordner, anzahl)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    schreibe_antraege(projekt.ordner, anzahl, runde=1)  # every motion changes
    vorher = mtimes(projekt.ordner)
    marke = f"abbruch-{uuid.uuid4().hex}"
    lauf = starte(projekt.ordner, marke, "erzeugen", "-f", "pdf,docx", "-j", "1")
    try:
        mitten = warte_auf(lambda: neu_geschrieben(projekt.ordner, "*.docx", vorher) >= 2, lauf)
        lauf.send_signal(signal_)
        lauf.wait(timeout=60)
    finally:
        beende(prozesse_des_laufs(marke, projekt.ordner))
    assert mitten and neu_geschrieben(projekt.ordner, "antrag-*.docx", vorher) < anzahl, \
        "der Lauf war fertig, bevor er abgebrochen wurde"

    for befehl in (("erzeugen", "-f", "pdf,docx", "-j", "1"), ("erzeugen", "-f", "pdf,docx", "-j", "1", "--alles-neu")):
        lauf = antragsgen(*befehl)
        assert lauf.code == 0, lauf.err
        assert neu_docx(projekt.ordner) == []
        for k in range(anzahl):
            assert f"Antrags {k} in Runde 1." in docx_text(projekt.ausgabe(f"antrag-{k:02d}.docx"))


# --- 3. Defekt 2: das bearbeitete DOCX überlebt Upgrade, gelöschtes .antragsgen/, --alles-neu ---

@pytest.mark.parametrize("weg", ["neue-version", "ohne-antragsgen-ordner", "alles-neu"])
def test_bearbeitetes_docx_bleibt_auch_ohne_zwischenspeicher(projekt, antragsgen, weg):
    """Issue 12, Defekt 2: der Schutz bearbeiteter DOCX hängt nicht am Zwischenspeicher."""
    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    docx = projekt.ausgabe("b.docx")
    bearbeitet = bearbeite_docx(docx)
    projekt.datei("eingaben/b.yaml", kurzantrag("b", "Antrag B", "Eine neue Begründung."))
    zusatz = []
    speicher = projekt.ordner / ".antragsgen" / "zwischenspeicher.json"
    if weg == "neue-version":  # an upgrade: the cache of the old version is not used
        daten = json.loads(speicher.read_text(encoding="utf-8"))
        daten["version"] = "0.0.1-alt"
        speicher.write_text(json.dumps(daten), encoding="utf-8")
    elif weg == "ohne-antragsgen-ordner":
        shutil.rmtree(projekt.ordner / ".antragsgen")
    else:
        zusatz = ["--alles-neu"]
    lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1", *zusatz)
    assert lauf.code == 0, lauf.err
    assert [z for z in lauf.zeilen if "Warnung" in z and "ausgabe/b.docx" in z], lauf.err
    assert docx.read_bytes() == bearbeitet
    assert "Eine neue Begründung." in docx_text(projekt.ausgabe("b.neu.docx"))
    assert neu_docx(projekt.ordner) == ["ausgabe/b.neu.docx"]


# --- 4. Defekt 3: ein kopiertes Projekt ---------------------------------------------------

def kopiere_projekt(alt: Path, neu: Path, monkeypatch) -> Path:
    """Like a plain `cp -r`: every file copied, the modification times are new."""
    shutil.copytree(alt, neu, symlinks=True, copy_function=shutil.copy)
    monkeypatch.chdir(neu)
    return neu


def test_kopiertes_projekt_schuetzt_das_bearbeitete_docx(projekt, antragsgen, tmp_path, monkeypatch):
    """Issue 12, Defekt 3: nach dem Kopieren des Projekts bleibt ein bearbeitetes DOCX geschützt."""
    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    bearbeitet = bearbeite_docx(projekt.ausgabe("b.docx"))
    kopie = kopiere_projekt(projekt.ordner, tmp_path.parent / f"{tmp_path.name}-kopie", monkeypatch)
    try:
        (kopie / "eingaben" / "b.yaml").write_text(kurzantrag("b", "Antrag B", "Eine neue Begründung."),
                                                   encoding="utf-8")
        lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
        assert lauf.code == 0, lauf.err
        assert [z for z in lauf.zeilen if "Warnung" in z and "ausgabe/b.docx" in z], lauf.err
        assert (kopie / "ausgabe" / "b.docx").read_bytes() == bearbeitet
        assert "Eine neue Begründung." in docx_text(kopie / "ausgabe" / "b.neu.docx")
    finally:
        shutil.rmtree(kopie, ignore_errors=True)


def test_unveraendert_kopiertes_projekt_erzeugt_nichts_neu(projekt, antragsgen, tmp_path, monkeypatch):
    """Issue 12, Defekt 3: ein unverändert kopiertes Projekt wird nicht neu erzeugt."""
    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    kopie = kopiere_projekt(projekt.ordner, tmp_path.parent / f"{tmp_path.name}-kopie", monkeypatch)
    try:
        vorher = {n: (p.read_bytes(), p.stat().st_mtime_ns)
                  for n in ("a.pdf", "b.pdf", "c.pdf", "a.docx") for p in [kopie / "ausgabe" / n]}
        lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
        assert lauf.code == 0, lauf.err
        assert "0 Anträge erzeugt" in lauf.out and "unverändert übersprungen" in lauf.out, lauf.out
        assert {n: ((kopie / "ausgabe" / n).read_bytes(), (kopie / "ausgabe" / n).stat().st_mtime_ns)
                for n in vorher} == vorher
    finally:
        shutil.rmtree(kopie, ignore_errors=True)


# --- 5. Defekt 5: ein leeres Nummernregister ist kein neues -------------------------------------

def test_leeres_nummernregister_wird_nicht_neu_angelegt(projekt, antragsgen):
    """Issue 12, Defekt 5: ein 0-Byte-Register ist ein Fehler, kein frisches Register."""
    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    register = projekt.ordner / ".antragsgen" / "nummern.sqlite"
    register.write_bytes(b"")
    projekt.datei("eingaben/b.yaml", kurzantrag("b", "Antrag B", "Eine neue Begründung."))
    vorher = stand(projekt.ordner / "ausgabe")
    lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
    assert lauf.code == 2, lauf.out + lauf.err
    meldung = [z for z in (lauf.out + lauf.err).splitlines() if ".antragsgen/nummern.sqlite" in z]
    assert meldung and "Nummernregister" in meldung[0] and "leer" in meldung[0], lauf.out + lauf.err
    assert stand(projekt.ordner / "ausgabe") == vorher
    assert register.stat().st_size == 0


# --- 6. Defekt 6: reservierte Namen ---------------------------------------------------------

@pytest.mark.parametrize("kennung", ["uebersicht", "sammelband"])
def test_antrag_mit_reservierter_id_ist_ein_eingabefehler(projekt, antragsgen, kennung):
    """Issue 12, Defekt 6: ein Antrag namens uebersicht/sammelband überschreibt nichts."""
    projekt.datei("eingaben/a.yaml", kurzantrag("a", "Antrag A"))
    projekt.datei("eingaben/c.yaml", kurzantrag("c", "Antrag C"))
    projekt.datei(f"eingaben/{kennung}.yaml", kurzantrag(kennung, "Der Störenfried"))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1", *(["--sammelband"] if kennung == "sammelband" else []))
    assert lauf.code == 1, lauf.out + lauf.err
    assert [z for z in lauf.zeilen if re.match(rf"eingaben/{kennung}\.yaml:2:\d+: Fehler: .*reserviert", z)], lauf.err
    for name in ("a.pdf", "a.docx", "c.pdf", "c.docx", "uebersicht.csv", "uebersicht.xlsx"):
        assert projekt.ausgabe(name).is_file(), name
    uebersicht = pdf_text(projekt.ausgabe("uebersicht.pdf"))
    assert "Übersicht der Antragspunkte" in uebersicht and "Antrag A" in uebersicht
    assert "Störenfried" not in uebersicht
    assert "Störenfried" not in projekt.ausgabe("uebersicht.csv").read_text(encoding="utf-8-sig")
    if kennung == "sammelband":
        band = pdf_text(projekt.ausgabe("sammelband.pdf"))
        assert "Antrag A" in band and "Antrag C" in band and "Störenfried" not in band


# --- 7. Defekt 7: Ziele, die sich nicht schreiben lassen ------------------------------------

def _andere_geschrieben(projekt: Projekt) -> None:
    for name in ("a.pdf", "a.docx", "c.pdf", "c.docx", "uebersicht.csv", "uebersicht.xlsx", "uebersicht.pdf"):
        assert projekt.ausgabe(name).is_file(), name


def test_ordner_statt_pdf_ist_ein_fehler_des_einen_antrags(projekt, antragsgen):
    """Issue 12, Defekt 7: ein Ordner ausgabe/b.pdf ist ein deutscher Fehler, kein Absturz."""
    abc_projekt(projekt)
    projekt.ausgabe("b.pdf").mkdir(parents=True)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
    alles = lauf.out + lauf.err
    assert lauf.code == 1, alles
    assert [z for z in lauf.zeilen if "Fehler" in z and "ausgabe/b.pdf" in z and "lässt sich nicht schreiben" in z], alles
    assert "Interner Fehler" not in alles and "OSError" not in alles
    _andere_geschrieben(projekt)


def test_gesperrtes_docx_ist_ein_fehler_des_einen_antrags(projekt, antragsgen, monkeypatch):
    """Issue 12, Defekt 7: ein gesperrtes DOCX (in Word geöffnet) ist ein deutscher Fehler."""
    abc_projekt(projekt)
    echt_replace, echt_rename = os.replace, os.rename

    def gesperrt(echt):
        def ersatz(quelle, ziel, *args, **kwargs):
            if os.fspath(ziel).endswith("b.docx"):
                raise PermissionError(13, "Permission denied")
            return echt(quelle, ziel, *args, **kwargs)
        return ersatz

    with monkeypatch.context() as m:
        m.setattr(os, "replace", gesperrt(echt_replace))
        m.setattr(os, "rename", gesperrt(echt_rename))
        lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
    alles = lauf.out + lauf.err
    assert lauf.code == 1, alles
    treffer = [z for z in lauf.zeilen if "Fehler" in z and "ausgabe/b.docx" in z and "lässt sich nicht schreiben" in z]
    assert treffer and "gesperrt" in treffer[0] and "Word" in treffer[0], alles
    assert "Interner Fehler" not in alles and "OSError" not in alles
    _andere_geschrieben(projekt)


# --- 8. Defekt 9: Symlinks in ausgabe/ --------------------------------------------------------

@pytest.mark.parametrize("wohin", ["nach-aussen", "nach-innen"])
def test_symlink_in_der_ausgabe_wird_nie_durchschrieben(unterordner, antragsgen, wohin):
    """Issue 12, Defekt 9: ein Symlink in ausgabe/ bringt den Lauf nicht zu Fall und schreibt nie durch."""
    abc_projekt(unterordner)
    ausgabe = unterordner.ordner / "ausgabe"
    ausgabe.mkdir()
    if wohin == "nach-aussen":
        ziel = unterordner.ordner.parent / "elsewhere" / "x.pdf"
        ziel.parent.mkdir()
        (ausgabe / "a.pdf").symlink_to("../../elsewhere/x.pdf")
    else:
        ziel = ausgabe / "notiz.pdf"
        (ausgabe / "b.pdf").symlink_to("notiz.pdf")
    ziel.write_bytes(b"%PDF-1.4 eine fremde Datei, die niemand anfassen darf\n")
    lauf = antragsgen("erzeugen", "-f", "pdf", "-j", "1")
    assert lauf.code == 0, lauf.out + lauf.err
    assert "Interner Fehler" not in lauf.err
    assert ziel.read_bytes() == b"%PDF-1.4 eine fremde Datei, die niemand anfassen darf\n"


# --- 9. Defekt 10: ein falsch geformter Zwischenspeicher ------------------------------------

def _falsche_typen(wert):
    if isinstance(wert, dict):
        return {k: "x" if isinstance(v, (dict, list)) else 1 if isinstance(v, str) else "x" for k, v in wert.items()}
    return "x"


KAPUTT = {
    # the examples of the issue
    "ausgaben-als-text": lambda alt, f, v: {"format": f, "version": v, "quellen": [], "ausgaben": "x"},
    "eintraege-ohne-felder": lambda alt, f, v: {"format": f, "version": v, "quellen": {"a": {"datei": 1}},
                                                "ausgaben": {"x": {}}},
    # the real entries (whatever their keys), with wrongly shaped values
    "werte-als-text": lambda alt, f, v: {**alt, **{k: {s: "x" for s in w} for k, w in alt.items()
                                                   if isinstance(w, dict)}},
    "felder-mit-falschem-typ": lambda alt, f, v: {**alt, **{k: {s: _falsche_typen(e) for s, e in w.items()}
                                                            for k, w in alt.items() if isinstance(w, dict)}},
    "felder-fehlen": lambda alt, f, v: {**alt, **{k: {s: dict(list(e.items())[:1]) if isinstance(e, dict) else e
                                                      for s, e in w.items()}
                                                  for k, w in alt.items() if isinstance(w, dict)}},
}


@pytest.mark.parametrize("form", list(KAPUTT))
def test_falsch_geformter_zwischenspeicher_kostet_nur_zeit(projekt, antragsgen, form):
    """Issue 12, Defekt 10: gültiges JSON in falscher Form im Zwischenspeicher bricht keinen Lauf ab."""
    import antragsgen as paket
    from antragsgen import zwischenspeicher

    for kennung in "ab":
        projekt.datei(f"eingaben/{kennung}.yaml", kurzantrag(kennung, f"Antrag {kennung.upper()}"))
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    speicher = projekt.ordner / ".antragsgen" / "zwischenspeicher.json"
    alt = json.loads(speicher.read_text(encoding="utf-8"))
    format_ = getattr(zwischenspeicher, "FORMAT", alt.get("format", 1))
    speicher.write_text(json.dumps(KAPUTT[form](alt, format_, paket.__version__)), encoding="utf-8")
    for _ in range(2):
        lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
        assert lauf.code == 0, lauf.out + lauf.err
        assert "Interner Fehler" not in lauf.err
        for name in ("a.pdf", "a.docx", "b.pdf", "b.docx", "uebersicht.xlsx"):
            assert projekt.ausgabe(name).is_file(), name


# --- 10. Defekt 11: keine Arbeiter nach SIGTERM, keine offene Pipe nach SIGKILL -------------

def _arbeiter_laufen(marke: str, ordner: Path) -> bool:
    return any(b.split()[1] in ARBEITER_NAMEN for b in prozesse_des_laufs(marke, ordner, nur_arbeiter=True))


@pytest.mark.langsam
def test_sigterm_laesst_keinen_arbeiter_zurueck(projekt):
    """Issue 12, Defekt 11: nach SIGTERM des Hauptprozesses lebt nach 2 s kein Arbeiter mehr."""
    schreibe_antraege(projekt.ordner, 8)
    marke = f"sigterm-{uuid.uuid4().hex}"
    lauf = starte(projekt.ordner, marke, "erzeugen", "-f", "pdf,docx", "-j", "2")
    try:
        assert warte_auf(lambda: _arbeiter_laufen(marke, projekt.ordner) and
                         len(list((projekt.ordner / "ausgabe").glob("*.pdf"))) >= 2, lauf), \
            "der Lauf war fertig, bevor er abgebrochen wurde"
        lauf.send_signal(signal.SIGTERM)
        lauf.wait(timeout=60)
        rest = ueberlebende(marke, projekt.ordner)
    finally:
        beende(prozesse_des_laufs(marke, projekt.ordner))
    assert rest == [], "nach SIGTERM leben noch:\n" + "\n".join(rest)


@pytest.mark.langsam
def test_pipe_endet_nach_sigkill_des_hauptprozesses(projekt):
    """Issue 12, Defekt 11: `antragsgen erzeugen … | cat` endet nach SIGKILL, kein Arbeiter hält die Pipe."""
    schreibe_antraege(projekt.ordner, 8)
    marke = f"pipe-{uuid.uuid4().hex}"
    lauf = starte(projekt.ordner, marke, "erzeugen", "-f", "pdf,docx", "-j", "2", stdout=subprocess.PIPE)
    gelesen = threading.Event()

    def lesen():
        lauf.stdout.read()  # like `cat`: until EOF
        gelesen.set()

    leser = threading.Thread(target=lesen, daemon=True)
    try:
        assert warte_auf(lambda: _arbeiter_laufen(marke, projekt.ordner) and
                         len(list((projekt.ordner / "ausgabe").glob("*.pdf"))) >= 2, lauf), \
            "der Lauf war fertig, bevor er abgebrochen wurde"
        leser.start()
        lauf.send_signal(signal.SIGKILL)
        lauf.wait(timeout=60)
        eof = gelesen.wait(timeout=20)
        rest = prozesse_des_laufs(marke, projekt.ordner, nur_arbeiter=True)
    finally:
        beende(prozesse_des_laufs(marke, projekt.ordner))
        leser.join(timeout=10)
        lauf.stdout.close()
    assert eof, "die Pipe bleibt offen; es halten sie:\n" + "\n".join(rest)


# --- 11. Defekt 12: Reste abgebrochener Schreibvorgänge -------------------------------------

def test_alte_temporaere_dateien_raeumt_der_naechste_lauf_weg(projekt, antragsgen):
    """Issue 12, Defekt 12: alte *.tmp-Reste in ausgabe/ und .antragsgen/ entfernt der nächste Lauf."""
    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1").code == 0
    reste = [projekt.datei("ausgabe/.a.pdf.abc123.tmp", projekt.ausgabe("a.pdf").read_bytes()[:200]),
             projekt.datei(".antragsgen/.zwischenspeicher.json.abc123.tmp", b'{"format": 1, "vers')]
    vor_einer_stunde = time.time() - 3600
    for rest in reste:
        os.utime(rest, (vor_einer_stunde, vor_einer_stunde))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
    assert lauf.code == 0, lauf.err
    assert [r.name for r in reste if r.exists()] == []


# --- weitere Fälle, im Testprozess -----------------------------------------------------------

def test_waehrend_des_lesens_gespeicherte_quelle_wird_beim_naechsten_lauf_neu_gelesen(projekt, antragsgen,
                                                                                    monkeypatch):
    """Defect 4: the cache keeps the hash of the bytes that were parsed, not of a later save."""
    import antragsgen.laden as laden

    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-j", "1", "-f", "pdf").code == 0
    quelle = projekt.ordner / "eingaben" / "b.yaml"
    quelle.write_text(kurzantrag("b", "Antrag B", "Die erste Fassung."), encoding="utf-8")
    gelesen = laden.lies_datei

    def speichern_waehrend_des_lesens(pfad, datei):
        ergebnis = gelesen(pfad, datei)
        if pfad.name == "b.yaml":  # the user saves again while this run is parsing
            quelle.write_text(kurzantrag("b", "Antrag B", "Die zweite Fassung."), encoding="utf-8")
        return ergebnis

    with monkeypatch.context() as m:
        m.setattr(laden, "lies_datei", speichern_waehrend_des_lesens)
        assert antragsgen("erzeugen", "-j", "1", "-f", "pdf").code == 0
    assert "erste Fassung" in pdf_text(projekt.ausgabe("b.pdf"))
    lauf = antragsgen("erzeugen", "-j", "1", "-f", "pdf")
    assert lauf.code == 0
    assert "zweite Fassung" in pdf_text(projekt.ausgabe("b.pdf"))
    assert "1 Antrag erzeugt" in lauf.out


def test_fehler_in_einem_renderer_trifft_nur_seinen_antrag(projekt, antragsgen, monkeypatch):
    """SPEC §5.1: an exception inside one renderer fails that motion only."""
    from antragsgen.renderer.docx import DocxRenderer

    abc_projekt(projekt)
    echt = DocxRenderer.render

    def kaputt(self, antrag):
        if antrag.id == "b":
            raise RecursionError("maximum recursion depth exceeded")
        return echt(self, antrag)

    monkeypatch.setattr(DocxRenderer, "render", kaputt)
    lauf = antragsgen("erzeugen", "-j", "1")
    assert lauf.code == 1
    assert any(z.startswith("eingaben/b.yaml:") and "Interner Fehler beim Erzeugen von b.docx: RecursionError" in z
               and "Details mit --debug" in z for z in lauf.zeilen), lauf.err
    for kennung in "ac":
        assert projekt.ausgabe(f"{kennung}.pdf").is_file() and projekt.ausgabe(f"{kennung}.docx").is_file()
    assert not projekt.ausgabe("b.pdf").exists()
    assert "fehlerhaft" in projekt.ausgabe("uebersicht.csv").read_text(encoding="utf-8-sig")


def test_bearbeitetes_docx_bleibt_nach_upgrade_von_version_eins(projekt, antragsgen):
    """Defect 2: what version 1 kept in its cache still protects an edited DOCX."""
    from antragsgen.ausgabebuch import DATEI

    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-j", "1").code == 0
    buch = projekt.ordner / "ausgabe" / DATEI
    eintraege = [json.loads(z) for z in buch.read_text(encoding="utf-8").splitlines()]
    ordner = str((projekt.ordner / "ausgabe").resolve())
    alt = {"format": 1, "version": "0.1.0", "quellen": {}, "ausgaben": {
        f"{ordner}/b": {"schluessel": "x", "geschuetzt": [], "dateien": {
            e["datei"]: {"hash": e["hash"], "stat": [0, 0]} for e in eintraege if e["antrag"] == "b"}}}}
    buch.unlink()  # as version 1 left the folder: no record, only its cache
    (projekt.ordner / ".antragsgen" / "zwischenspeicher.json").write_text(json.dumps(alt), encoding="utf-8")
    bearbeitet = bearbeite_docx(projekt.ausgabe("b.docx"))
    projekt.datei("eingaben/b.yaml", kurzantrag("b", "Antrag B", "Neu begründet."))
    lauf = antragsgen("erzeugen", "-j", "1")
    assert lauf.code == 0, lauf.err
    assert projekt.ausgabe("b.docx").read_bytes() == bearbeitet
    assert "Neu begründet." in docx_text(projekt.ausgabe("b.neu.docx"))


def test_festschreiben_aendert_die_echte_datei_hinter_einem_symlink(projekt, antragsgen):
    """Defect 18: `nummern --festschreiben` keeps a symlinked source a symlink, and its mode."""
    # "_echt/" is not read as a source itself; the motion is the link
    ziel = projekt.datei("eingaben/_echt/a.yaml", "id: a\ntitel: A\nart: haushaltsantrag\nfraktion: F\n"
                                                  "antragspunkte:\n  - text: Erster Punkt.\n")
    ziel.chmod(0o600)
    (projekt.ordner / "eingaben" / "a.yaml").symlink_to("_echt/a.yaml")
    lauf = antragsgen("nummern", "--festschreiben")
    assert lauf.code == 0, lauf.err
    link = projekt.ordner / "eingaben" / "a.yaml"
    assert link.is_symlink()
    assert "lfd_nr: 1" in ziel.read_text(encoding="utf-8")
    assert ziel.stat().st_mode & 0o777 == 0o600


def test_gesperrtes_register_sagt_worauf_der_lauf_wartet(projekt, antragsgen, monkeypatch):
    """Defect 18: a locked register does not wait in silence."""
    import antragsgen.nummern.register as register

    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-j", "1", "-f", "html").code == 0
    sperre = sqlite3.connect(projekt.ordner / ".antragsgen" / "nummern.sqlite", isolation_level=None,
                             check_same_thread=False)
    sperre.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(register, "WARTEZEIT", 2)
    threading.Timer(1.5, lambda: sperre.execute("ROLLBACK")).start()
    lauf = antragsgen("erzeugen", "-j", "1", "-f", "html", "--alles-neu")  # unchanged, it would not ask the register
    sperre.close()
    assert lauf.code == 0, lauf.err
    assert "Das Nummernregister .antragsgen/nummern.sqlite ist gesperrt: ein anderer Lauf vergibt gerade Nummern." \
        in lauf.err


def test_fremdes_docx_im_ausgabeordner_bleibt_unangetastet(projekt, antragsgen):
    """An ID.docx antragsgen never wrote (no record of it) is someone's file: it is kept."""
    abc_projekt(projekt)
    fremd = projekt.datei("ausgabe/b.docx", b"von Hand hierher kopiert")
    lauf = antragsgen("erzeugen", "-j", "1")
    assert lauf.code == 0, lauf.err
    assert fremd.read_bytes() == b"von Hand hierher kopiert"
    assert ("eingaben/b.yaml:2:1: Warnung: ausgabe/b.docx steht nicht im Ausgabebuch von antragsgen (von Hand "
            "dorthin gelegt?) und bleibt unverändert; die neue Fassung steht in ausgabe/b.neu.docx.") in lauf.zeilen
    assert "Antrag B" in docx_text(projekt.ausgabe("b.neu.docx"))


def test_pruefen_nach_dem_upgrade_vergisst_den_schutz_von_version_eins_nicht(projekt, antragsgen):
    """Defect 2: a `pruefen` before the first `erzeugen` of the new version keeps version 1's hashes."""
    from antragsgen.ausgabebuch import DATEI

    abc_projekt(projekt)
    assert antragsgen("erzeugen", "-j", "1").code == 0
    buch = projekt.ordner / "ausgabe" / DATEI
    eintraege = [json.loads(z) for z in buch.read_text(encoding="utf-8").splitlines()]
    ordner = str((projekt.ordner / "ausgabe").resolve())
    alt = {"format": 1, "version": "0.1.0", "quellen": {}, "ausgaben": {
        f"{ordner}/{k}": {"schluessel": "x", "geschuetzt": [], "dateien": {
            e["datei"]: {"hash": e["hash"], "stat": [0, 0]} for e in eintraege if e["antrag"] == k}} for k in "abc"}}
    buch.unlink()
    (projekt.ordner / ".antragsgen" / "zwischenspeicher.json").write_text(json.dumps(alt), encoding="utf-8")
    assert antragsgen("pruefen").code == 0
    lauf = antragsgen("erzeugen", "-j", "1", "--alles-neu")
    assert lauf.code == 0, lauf.err
    assert neu_docx(projekt.ordner) == []  # antragsgen's own files are recognised, nothing was "edited"

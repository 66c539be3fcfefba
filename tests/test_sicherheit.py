"""Hostile input and foreign templates (SPEC §8): no file outside the template folder and
eingaben/ is read, no network request is made, nothing half-written is left."""

from __future__ import annotations

import http.server
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile

import pytest

from conftest import WURZEL, pdf_text

GEHEIM = "GEHEIMNIS-4711"
ANZAHL = 24  # motions of the killed run: enough that the kill lands midway on two cores


@pytest.fixture
def server():
    """A loopback HTTP server that counts every request it gets."""
    anfragen: list[str] = []

    class Zaehler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            anfragen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.end_headers()
            self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Zaehler)
    faden = threading.Thread(target=httpd.serve_forever, daemon=True)
    faden.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", anfragen
    httpd.shutdown()
    httpd.server_close()


def geheime_datei(tmp_path):
    ordner = tmp_path / "geheim"
    ordner.mkdir()
    pfad = ordner / "geheim.svg"
    pfad.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><text y="15">{GEHEIM}</text>'
                    "</svg>", encoding="utf-8")
    return pfad


def alle_bytes(projekt) -> dict[str, bytes]:
    """Every output, PDFs decompressed stream by stream, DOCX entry by entry."""
    import pikepdf

    ergebnis = {}
    for datei in (projekt.ordner / "ausgabe").iterdir():
        if datei.suffix == ".pdf":
            with pikepdf.open(datei) as pdf:
                teile = [obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
            ergebnis[datei.name] = b"".join(teile)
        elif datei.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(datei) as z:
                ergebnis[datei.name] = b"".join(z.read(n) for n in z.namelist())
        else:
            ergebnis[datei.name] = datei.read_bytes()
    return ergebnis


def test_motion_liest_keine_fremden_dateien_und_fragt_kein_netz(projekt, antragsgen, server, tmp_path):
    url, anfragen = server
    geheim = geheime_datei(tmp_path)
    from PIL import Image

    Image.new("RGB", (40, 10), (200, 0, 0)).save(projekt.ordner / "eingaben" / "bild.png")
    projekt.datei("eingaben/a.md", (
        "---\ntitel: Bilder\nfraktion: F\nantragspunkte:\n"
        f"  - 'Netz: ![n]({url}/netz.svg) und [Link]({url}/link)'\n---\n"
        f"Lokal erlaubt: ![bild](bild.png)\n\nGeheim absolut: ![g]({geheim.as_uri()})\n\n"
        f"Geheim relativ: ![g](../geheim/geheim.svg)\n\n<img src=\"{url}/roh.svg\">\n"))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx,html")
    assert lauf.code == 0, lauf.err
    assert anfragen == []
    assert f"eingaben/a.md:2:1: Warnung: Zugriff auf '{url}/netz.svg' abgelehnt: Anträge dürfen nur Dateien aus " \
           "eingaben/ und der Vorlage einbinden." in lauf.zeilen
    # the project's own folder outside eingaben/ is off limits too (file: URLs never become images)
    assert any(geheim.as_uri() in z and "abgelehnt" in z for z in lauf.zeilen), lauf.zeilen
    for name, inhalt in alle_bytes(projekt).items():
        assert GEHEIM.encode() not in inhalt, name
    import pikepdf

    with pikepdf.open(projekt.ausgabe("a.pdf")) as pdf:  # the allowed image is there
        assert any(str(obj.get("/Subtype")) == "/Image" for obj in pdf.objects if isinstance(obj, pikepdf.Stream))


def test_fremde_vorlage_liest_keine_dateien_und_fragt_kein_netz(projekt, antragsgen, server, tmp_path):
    url, anfragen = server
    geheim = geheime_datei(tmp_path)
    ordner = projekt.ordner / "vorlagen" / "fremd"
    shutil.copytree(WURZEL / "vorlagen" / "standard", ordner)
    css = (ordner / "antrag.css").read_text(encoding="utf-8")
    (ordner / "antrag.css").write_text(
        f'@import url("{url}/fremd.css");\nbody {{ background: url("{geheim.as_uri()}"); }}\n'
        f'h1::after {{ content: url("{url}/logo.svg"); }}\n' + css, encoding="utf-8")
    html = (ordner / "antrag.html.j2").read_text(encoding="utf-8")
    (ordner / "antrag.html.j2").write_text(
        html.replace("<body>", f'<body><img src="{geheim.as_uri()}"><img src="{url}/x.svg">'
                               f'<link rel="stylesheet" href="{url}/y.css">'), encoding="utf-8")
    projekt.datei("eingaben/a.yaml", "titel: T\nfraktion: F\nantragspunkte: [Tun.]\nbegruendung: Weil.\n")
    lauf = antragsgen("erzeugen", "-f", "pdf", "-t", "fremd")
    assert lauf.code == 0, lauf.err
    assert anfragen == []
    assert any("abgelehnt" in z for z in lauf.zeilen)
    for name, inhalt in alle_bytes(projekt).items():
        assert GEHEIM.encode() not in inhalt, name


@pytest.mark.langsam
def test_riesige_antraege_werden_gesetzt(projekt, antragsgen):
    punkte = "".join(f"  - Punkt {k} – die Verwaltung prüft Maßnahme {k}.\n" for k in range(300))
    absatz = "Ein sehr langer Absatz der Begründung mit vielen Wörtern, " * 40
    begruendung = "".join(f"  {absatz} ({k})\n\n" for k in range(120))
    projekt.datei("eingaben/gross.yaml", "titel: Groß\nfraktion: F\nantragspunkte:\n" + punkte
                  + "begruendung: |\n" + begruendung)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0, lauf.err
    from pypdf import PdfReader

    # pypdf needs half a minute for the text of all 80 pages: read up to the last item, and the end
    seiten = PdfReader(projekt.ausgabe("gross.pdf")).pages
    assert len(seiten) >= 50
    assert any("Punkt 299" in seite.extract_text() for seite in seiten)
    assert "(119)" in seiten[-1].extract_text()


def test_zu_grosse_datei_wird_abgelehnt(projekt, antragsgen):
    projekt.datei("eingaben/gross.yaml", "titel: T\nfraktion: F\nantragspunkte: [x]\nbegruendung: |\n"
                  + "  " + "x" * (3 * 1024 * 1024) + "\n")
    lauf = antragsgen("pruefen")
    assert lauf.code == 1
    assert lauf.zeilen == ["eingaben/gross.yaml: Fehler: Die Datei ist mit 3072 KiB zu groß (höchstens 2048 KiB)."]


@pytest.mark.langsam
def test_abgebrochener_lauf_hinterlaesst_keine_halbe_datei(projekt):
    """Kill a run while it writes: every output is the previous good file or a complete new one."""
    import docx
    import pikepdf

    for k in range(ANZAHL):
        projekt.datei(f"eingaben/a{k:02}.yaml", f"titel: Antrag {k}\nfraktion: F\nantragspunkte: [Tun {k}.]\n"
                      f"begruendung: {'Weil. ' * 200}\n")
    befehl = [sys.executable, "-m", "antragsgen", "erzeugen", "-f", "pdf,docx"]
    subprocess.run(befehl, cwd=projekt.ordner, check=True, capture_output=True)
    for k in range(ANZAHL):  # change every motion, then kill the re-run midway
        datei = projekt.ordner / "eingaben" / f"a{k:02}.yaml"
        datei.write_text(datei.read_text(encoding="utf-8").replace("Tun", "Neu tun"), encoding="utf-8")
    # its own process group: the kill takes the workers along, as the OOM killer or a closed
    # terminal does, instead of leaving them waiting forever for work
    lauf = subprocess.Popen(befehl, cwd=projekt.ordner, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    ausgabe = projekt.ordner / "ausgabe"
    # a replaced file has a new inode: cheap to watch, and leaves both cores to the run
    vorher = {p.name: p.stat().st_ino for p in ausgabe.glob("a*.pdf")}
    frist = time.monotonic() + 120
    while time.monotonic() < frist and lauf.poll() is None:
        if sum(p.stat().st_ino != vorher[p.name] for p in ausgabe.glob("a*.pdf") if p.name in vorher) >= 3:
            break
        time.sleep(0.02)
    os.killpg(lauf.pid, signal.SIGKILL)
    lauf.wait()
    neu = 0
    for pdf in sorted(ausgabe.glob("*.pdf")):
        with pikepdf.open(pdf) as dokument:  # opens: complete
            assert len(dokument.pages) >= 1
        neu += "Neu tun" in pdf_text(pdf)
    for datei in sorted(ausgabe.glob("*.docx")):
        docx.Document(io.BytesIO(datei.read_bytes()))
    assert 0 < neu < ANZAHL, "the run was killed in the middle"
    assert len(list(ausgabe.glob("*.pdf"))) == ANZAHL + 1  # the motions + overview: none lost

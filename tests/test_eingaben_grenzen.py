"""Inputs at the limits (issue 12, "Nichts geht verloren"): one extreme input fails or
renders on its own and never takes the run down; limits of SPEC §3.3 and §8."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from antragsgen.schreibweise import ZWSP, typografie
from conftest import docx_absaetze, normal, ohne_umbruch, pdf_fliesstext, pdf_text

GUT = "titel: Gut\nfraktion: F\nantragspunkte: [Ein Punkt]\nbegruendung: Weil.\n"


def _antrag(begruendung: str, punkt: str = "Ein Punkt") -> str:
    return (f"titel: Extrem\nfraktion: F\nantragspunkte:\n  - {json.dumps(punkt)}\n"
            f"begruendung: {json.dumps(begruendung)}\n")


# --- defect 8: deep nesting and huge amounts ------------------------------------------


def test_tief_verschachteltes_yaml_ist_fehler_dieser_datei(projekt, antragsgen):
    projekt.datei("eingaben/gut.yaml", GUT)
    projekt.datei("eingaben/tief.yaml", "titel: T\nfraktion: F\nantragspunkte: [a]\n"
                                        "begruendung: " + "[" * 800 + "]" * 800 + "\n")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 1
    assert ("eingaben/tief.yaml:4:63: Fehler: Kein gültiges YAML: die Werte sind zu tief "
            "verschachtelt (höchstens 50 Ebenen).") in lauf.zeilen
    assert "Interner Fehler" not in lauf.err
    assert "Weil." in pdf_text(projekt.ausgabe("gut.pdf"))


def test_betrag_mit_mehr_als_fuenfzehn_stellen_ist_fehler(projekt, antragsgen):
    projekt.datei("eingaben/gut.yaml", GUT)
    projekt.datei("eingaben/betrag.yaml", (
        "titel: B\nfraktion: F\nhaushaltsjahre: [2022]\nantragspunkte:\n"
        "  - mittel:\n      betrag: 12345678901234567890123456789\n"
        "  - mittel:\n      betraege: {2022: 1234567890123456}\n"))
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 1
    assert lauf.zeilen[:2] == [
        "eingaben/betrag.yaml:6:15: Fehler: Betrag 12345678901234567890123456789 hat mehr als 15 Stellen "
        "vor dem Komma.",
        "eingaben/betrag.yaml:8:24: Fehler: Betrag 1234567890123456 hat mehr als 15 Stellen vor dem Komma.",
    ]
    assert "Interner Fehler" not in lauf.err
    assert projekt.ausgabe("gut.pdf").exists()


def test_betrag_mit_fuenfzehn_stellen_wird_gesetzt(projekt, antragsgen):
    projekt.datei("eingaben/gross.yaml", (
        "titel: B\nfraktion: F\nhaushaltsjahre: [2022]\nbegruendung: Weil.\nantragspunkte:\n"
        "  - mittel:\n      betrag: 999999999999999\n    zweck: für alles\n"))
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 0, lauf.err
    assert "999.999.999.999.999" in ohne_umbruch(pdf_text(projekt.ausgabe("gross.pdf")))


def test_tief_verschachtelte_hervorhebung_wird_in_allen_formaten_gesetzt(projekt, antragsgen):
    tief = "**" * 2000 + "Kern" + "**" * 2000
    projekt.datei("eingaben/tief.yaml", _antrag(tief, punkt=tief))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx,html")
    assert lauf.code == 0, lauf.err
    assert pdf_text(projekt.ausgabe("tief.pdf")).count("Kern") == 2
    assert sum(a.text.count("Kern") for a in docx_absaetze(projekt.ausgabe("tief.docx"))) == 2
    html = projekt.ausgabe("tief.html").read_text(encoding="utf-8")
    assert html.count("Kern") == 2
    assert html.count("<strong>") < 20


# --- defect 14: a very long word ------------------------------------------------------


@pytest.mark.langsam
def test_sehr_langes_wort_wird_in_sekunden_gesetzt_und_bleibt_lesbar(projekt):
    # 10,000 characters took minutes (WeasyPrint tried every hyphenation point per line);
    # the timeout is generous, a regression would take far longer
    wort = "Haushaltsmittel" * 667
    projekt.datei("eingaben/lang.yaml", _antrag(f"Vorne {wort} hinten. Auch `{wort[:5000]}` als Code.",
                                                 punkt=wort[:5000]))
    lauf = subprocess.run([sys.executable, "-m", "antragsgen", "erzeugen", "-f", "pdf,docx,html"],
                          capture_output=True, text=True, timeout=120)
    assert lauf.returncode == 0, lauf.stderr
    text = ohne_umbruch(pdf_fliesstext(projekt.ausgabe("lang.pdf")))
    assert f"Vorne{wort}hinten." in text
    assert f"Auch{wort[:5000]}alsCode." in text
    docx_text = " ".join(a.text for a in docx_absaetze(projekt.ausgabe("lang.docx")))
    assert f"Vorne {wort} hinten." in docx_text.replace(ZWSP, "")


def test_normale_woerter_bleiben_unveraendert():
    satz = "Die Donaudampfschifffahrtsgesellschaftskapitänsmütze kostet 50 € (lfd. Nr. 3210)."
    assert typografie(satz) == satz.replace("50 €", "50\u00a0€").replace("lfd. Nr. 3210", "lfd.\u00a0Nr.\u00a03210")
    assert ZWSP not in typografie("x" * 80)
    lang = typografie("x" * 81)
    assert lang.replace(ZWSP, "") == "x" * 81 and typografie(lang) == lang


# --- defect 13: zip bombs and huge tables ---------------------------------------------


def _xlsx(pfad: Path, blatt: bytes | None = None, extra: dict[str, bytes] = {}) -> None:
    """A real XLSX (openpyxl), optionally with its sheet XML replaced and entries added."""
    import openpyxl

    mappe = openpyxl.Workbook()
    mappe.active.append(["antrag", "titel", "fraktion", "text"])
    mappe.active.append(["a", "T", "F", "Punkt"])
    puffer = io.BytesIO()
    mappe.save(puffer)
    with zipfile.ZipFile(puffer) as alt, zipfile.ZipFile(pfad, "w", zipfile.ZIP_DEFLATED) as neu:
        for eintrag in alt.infolist():
            daten = alt.read(eintrag)
            if blatt is not None and eintrag.filename == "xl/worksheets/sheet1.xml":
                daten = blatt
            neu.writestr(eintrag.filename, daten)
        for name, daten in extra.items():
            neu.writestr(name, daten)


def _pruefen_im_prozess(timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "antragsgen", "pruefen"], capture_output=True, text=True,
                          timeout=timeout)


def test_xlsx_zip_bombe_ist_fehler_mit_dateinamen(projekt):
    _xlsx(projekt.ordner / "eingaben" / "bombe.xlsx", extra={"xl/media/fuell.bin": b"\0" * (51 * 1024 * 1024)})
    projekt.datei("eingaben/gut.yaml", GUT)
    lauf = _pruefen_im_prozess()
    assert lauf.returncode == 1
    assert lauf.stderr.splitlines() == [
        "eingaben/bombe.xlsx: Fehler: Die XLSX-Tabelle ist entpackt größer als 50 MB; "
        "bitte auf mehrere Dateien aufteilen."]
    assert "1 Antrag in Ordnung, 1 fehlerhaft" in lauf.stdout


def test_xlsx_mit_gefaelschten_groessen_wird_nicht_ganz_entpackt(projekt):
    pfad = projekt.ordner / "eingaben" / "gelogen.xlsx"
    _xlsx(pfad, extra={"xl/media/fuell.bin": b"\0" * (200 * 1024 * 1024)})
    # the headers claim 1 KB for the 200 MB entry (local header and central directory)
    roh = bytearray(pfad.read_bytes())
    with zipfile.ZipFile(pfad) as archiv:
        eintrag = archiv.getinfo("xl/media/fuell.bin")
    zentral = roh.rfind(b"PK\x01\x02")  # the entry was written last
    assert roh[zentral + 46:].startswith(eintrag.filename.encode())
    roh[eintrag.header_offset + 22:eintrag.header_offset + 26] = (1024).to_bytes(4, "little")
    roh[zentral + 24:zentral + 28] = (1024).to_bytes(4, "little")
    pfad.write_bytes(bytes(roh))
    with zipfile.ZipFile(pfad) as archiv:
        assert sum(e.file_size for e in archiv.infolist()) < 50 * 1024 * 1024
    lauf = _pruefen_im_prozess()
    assert lauf.returncode == 1
    assert lauf.stderr.splitlines() == [
        "eingaben/gelogen.xlsx: Fehler: Die Datei ist keine gültige XLSX-Tabelle; bitte in Excel oder "
        "LibreOffice als .xlsx (Excel 2007 oder neuer) speichern."]


def test_archivgrenze_zaehlt_beim_entpacken_auch_bei_kleinen_kopfangaben(tmp_path):
    from antragsgen.fehler import EingabeFehler
    from antragsgen.laden.archiv import pruefe_archiv

    pfad = tmp_path / "a.docx"
    with zipfile.ZipFile(pfad, "w", zipfile.ZIP_DEFLATED) as archiv:
        archiv.writestr("a", b"\0" * 3000)
        archiv.writestr("b", b"\0" * 3000)
    pruefe_archiv(pfad, "a.docx", "Word-Datei", "kaputt", grenze=6000)
    with pytest.raises(EingabeFehler) as fehler:
        pruefe_archiv(pfad, "a.docx", "Word-Datei", "kaputt", grenze=5000)
    assert str(fehler.value) == ("a.docx: Fehler: Die Word-Datei ist entpackt größer als 0 MB; "
                                 "bitte auf mehrere Dateien aufteilen.")


def test_xlsx_mit_mehr_als_100000_zeilen_ist_fehler_auch_wenn_sie_leer_sind(projekt):
    kopf = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    zelle = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>'
    _xlsx(projekt.ordner / "eingaben" / "weit.xlsx", kopf + b"<sheetData>" + zelle % (1, 1, b"antrag")
          + zelle % (1048576, 1048576, b"a") + b"</sheetData></worksheet>")
    lauf = _pruefen_im_prozess()
    assert lauf.returncode == 1
    assert lauf.stderr.splitlines() == [
        "eingaben/weit.xlsx:100001: Fehler: Die Tabelle hat mehr als 100.000 Zeilen; "
        "bitte auf mehrere Dateien aufteilen."]


# --- defect 16: symlinks out of the project -------------------------------------------


def test_symlink_aus_dem_projekt_wird_nicht_gelesen(projekt, antragsgen, tmp_path_factory):
    draussen = tmp_path_factory.mktemp("draussen")
    (draussen / "geheim.md").write_text("GEHEIM-BAUSTEIN", encoding="utf-8")
    (draussen / "fremd.yaml").write_text(GUT.replace("Weil.", "GEHEIM-ANTRAG"), encoding="utf-8")
    (projekt.ordner / "eingaben" / "bausteine").mkdir()
    (projekt.ordner / "eingaben" / "bausteine" / "x.md").symlink_to(draussen / "geheim.md")
    (projekt.ordner / "eingaben" / "fremd.yaml").symlink_to(draussen / "fremd.yaml")
    projekt.datei("eingaben/a.yaml", "titel: A\nfraktion: F\nantragspunkte: [a]\nbegruendung:\n  - {baustein: x}\n")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 1
    assert lauf.zeilen == [
        f"eingaben/fremd.yaml: Warnung: Die Datei ist ein symbolischer Verweis auf '{draussen / 'fremd.yaml'}' "
        "außerhalb des Projekts; sie wird nicht gelesen.",
        "eingaben/a.yaml:5:16: Fehler: Textbaustein 'x' im Antrag 'a' nicht gefunden "
        "(erwartet: eingaben/bausteine/x.md).",
        f"eingaben/a.yaml:5:16: Warnung: Der Textbaustein eingaben/bausteine/x.md ist ein symbolischer Verweis "
        f"auf '{draussen / 'geheim.md'}' außerhalb des Projekts; er wird nicht gelesen.",
    ]
    assert not projekt.ausgabe("a.pdf").exists() and not projekt.ausgabe("fremd.pdf").exists()
    assert "GEHEIM" not in pdf_text(projekt.ausgabe("uebersicht.pdf"))


def test_symlink_innerhalb_des_projekts_ist_erlaubt(projekt, antragsgen):
    projekt.datei("texte/innen.md", "Text von innen.")
    projekt.datei("vorlagen-antraege/b.yaml", GUT.replace("Weil.", "Aus dem Projekt."))
    (projekt.ordner / "eingaben" / "bausteine").mkdir()
    (projekt.ordner / "eingaben" / "bausteine" / "y.md").symlink_to(Path("../../texte/innen.md"))
    (projekt.ordner / "eingaben" / "b.yaml").symlink_to(projekt.ordner / "vorlagen-antraege" / "b.yaml")
    projekt.datei("eingaben/a.yaml", "titel: A\nfraktion: F\nantragspunkte: [a]\nbegruendung:\n  - {baustein: y}\n")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 0, lauf.err
    assert lauf.zeilen == []
    assert "Text von innen." in pdf_text(projekt.ausgabe("a.pdf"))
    assert "Aus dem Projekt." in pdf_text(projekt.ausgabe("b.pdf"))


# --- defect 18: formulas, empty last documents, UTF-16 -------------------------------

_BLATT = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b"<sheetData>%s</sheetData></worksheet>")


def _zeile(nr: int, *zellen: bytes) -> bytes:
    return b'<row r="%d">%s</row>' % (nr, b"".join(zellen))


def _text(ref: bytes, text: bytes) -> bytes:
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def _kopf() -> bytes:
    namen = [b"antrag", b"titel", b"fraktion", b"haushaltsjahre", b"zweck", b"mittel_betrag", b"begruendung"]
    return _zeile(1, *(_text(b"%s1" % bytes([65 + i]), n) for i, n in enumerate(namen)))


def _mittelzeile(betrag: bytes) -> bytes:
    return _zeile(2, _text(b"A2", b"geld"), _text(b"B2", b"Geld"), _text(b"C2", b"F"),
                  b'<c r="D2"><v>2022</v></c>', _text(b"E2", "für den Bauhof".encode()), betrag,
                  _text(b"G2", b"Weil."))


def test_xlsx_formel_ohne_berechneten_wert_ist_fehler_mit_zeile_und_spalte(projekt, antragsgen):
    import openpyxl

    mappe = openpyxl.Workbook()
    mappe.active.append(["antrag", "titel", "fraktion", "haushaltsjahre", "zweck", "mittel_betrag", "begruendung"])
    mappe.active.append(["geld", "Geld", "F", 2022, "für den Bauhof", "=2500*2", "Weil."])
    mappe.save(projekt.ordner / "eingaben" / "formel.xlsx")
    lauf = antragsgen("pruefen")
    assert lauf.code == 1
    assert lauf.zeilen == [
        "eingaben/formel.xlsx:2:6: Fehler: Die Zelle F2 enthält eine Formel (=2500*2) ohne berechneten Wert; "
        "bitte die Datei in Excel oder LibreOffice öffnen und speichern, oder den Wert eintragen."]


def test_xlsx_formel_mit_berechnetem_wert_wird_gelesen(projekt, antragsgen):
    _xlsx(projekt.ordner / "eingaben" / "formel.xlsx",
          _BLATT % (_kopf() + _mittelzeile(b'<c r="F2"><f>2500*2</f><v>5000</v></c>')))
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.code == 0, lauf.err
    html = normal(projekt.ausgabe("geld.html").read_text(encoding="utf-8"))
    assert "Für den Bauhof werden 2022 5.000 € bereitgestellt" in html


def test_yaml_mit_leerem_letzten_dokument_ist_kein_fehler(projekt, antragsgen):
    projekt.datei("eingaben/ende.yaml", "---\n" + GUT + "---\n")
    projekt.datei("eingaben/kommentar.yaml", GUT.replace("Gut", "Zwei") + "---\n# nur ein Kommentar\n")
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.code == 0, lauf.err
    assert lauf.zeilen == []
    # one motion per file: the id still comes from the file name
    assert projekt.ausgabe("ende.html").exists() and projekt.ausgabe("kommentar.html").exists()


def test_utf16_und_utf32_werden_erkannt_und_benannt(projekt, antragsgen):
    projekt.datei("eingaben/bom.yaml", GUT.encode("utf-16"))
    projekt.datei("eingaben/ohne-bom.csv", "antrag;titel;fraktion;text\na;T;F;x\n".encode("utf-16-le"))
    projekt.datei("eingaben/breit.md", f"---\n{GUT}---\nText\n".encode("utf-32"))
    projekt.datei("eingaben/gut.yaml", GUT)
    lauf = antragsgen("pruefen")
    assert lauf.code == 1
    assert lauf.zeilen == [
        "eingaben/bom.yaml: Fehler: Die Datei ist UTF-16-kodiert; bitte im Editor mit der Kodierung UTF-8 speichern.",
        "eingaben/breit.md: Fehler: Die Datei ist UTF-32-kodiert; bitte im Editor mit der Kodierung UTF-8 speichern.",
        "eingaben/ohne-bom.csv: Fehler: Die Datei ist UTF-16-kodiert; bitte in Excel als „CSV UTF-8“ speichern.",
    ]


def test_zu_tief_verschachtelte_listen_sind_ein_fehler_statt_still_zu_fehlen(projekt, antragsgen):
    """markdown-it drops what nests deeper than its limit: that text must not vanish silently."""
    tief = "".join("  " * i + f"- Ebene {i}\n" for i in range(10))
    flach = "".join("  " * i + f"- Ebene {i}\n" for i in range(9))
    projekt.datei("eingaben/tief.yaml", "titel: Tief\nfraktion: F\nantragspunkte: [Tun]\nbegruendung: |\n"
                  + "".join("  " + z + "\n" for z in tief.splitlines()))
    projekt.datei("eingaben/flach.yaml", "titel: Flach\nfraktion: F\nantragspunkte: [Tun]\nbegruendung: |\n"
                  + "".join("  " + z + "\n" for z in flach.splitlines()))
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.code == 1
    assert ("eingaben/tief.yaml:4:14: Fehler: Listen oder Zitate sind hier zu tief ineinander verschachtelt "
            "(mehr als 9 Ebenen); der innere Teil ginge beim Setzen verloren. Bitte flacher gliedern.") in lauf.zeilen
    assert "Ebene 8" in projekt.ausgabe("flach.html").read_text(encoding="utf-8")
    assert not projekt.ausgabe("tief.html").exists()

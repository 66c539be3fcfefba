"""Bad input for `antragsgen einlesen` (SPEC §8, §11): a located German error, nothing written,
no traceback, no link followed; and the command as a user calls it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def word_datei(pfad: Path, *texte: str) -> Path:
    dok = docx.Document()
    dok.add_paragraph("SPD-Fraktion")
    dok.add_paragraph().add_run("Mehr Bänke").bold = True
    dok.add_paragraph("Wir beantragen:")
    for t in texte or ("1. Am Ufer stehen zehn Bänke.",):
        dok.add_paragraph(t)
    dok.save(pfad)
    return pfad


def umgebaut(quelle: Path, ziel: Path, **teile: bytes) -> Path:
    """The DOCX `quelle` with parts replaced or added."""
    with zipfile.ZipFile(quelle) as ein, zipfile.ZipFile(ziel, "w") as aus:
        for info in ein.infolist():
            if info.filename not in teile:
                aus.writestr(info, ein.read(info))
        for name, daten in teile.items():
            aus.writestr(name, daten)
    return ziel


def nichts_geschrieben(projekt) -> bool:
    return not list((projekt.ordner / "eingaben").glob("*.yaml"))


def test_einlesen_schreibt_antragsdatei_mit_schemazeile(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "baenke.docx")
    lauf = antragsgen("einlesen", quelle)
    assert lauf.code == 0, lauf.err
    ziel = projekt.ordner / "eingaben" / "mehr-baenke.yaml"
    text = ziel.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../antrag.schema.json\n")
    assert (projekt.ordner / "antrag.schema.json").is_file()
    assert "baenke.docx → eingaben/mehr-baenke.yaml: erkannt: fremdes Dokument, Titel, Fraktion" in lauf.out
    assert "id: mehr-baenke" in text and "- Am Ufer stehen zehn Bänke." in text
    geprueft = antragsgen("pruefen")
    assert geprueft.code == 0, geprueft.err


def test_vorhandene_datei_wird_nie_ueberschrieben(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "baenke.docx")
    vorhanden = projekt.datei("eingaben/mehr-baenke.yaml", "# meine Datei\n")
    lauf = antragsgen("einlesen", quelle, "-o", "eingaben")
    assert lauf.code == 0, lauf.err
    assert vorhanden.read_text(encoding="utf-8") == "# meine Datei\n"
    neu = projekt.ordner / "eingaben" / "mehr-baenke-2.yaml"
    assert "id: mehr-baenke-2" in neu.read_text(encoding="utf-8")
    assert "Die id 'mehr-baenke' ist in eingaben schon vergeben; geschrieben als mehr-baenke-2.yaml" in lauf.err


def test_eine_vergebene_id_wird_nicht_doppelt_vergeben(antragsgen, projekt):
    projekt.datei("eingaben/alt.yaml", "id: mehr-baenke\ntitel: Bänke\nfraktion: X\nantragspunkte: [Bänke]\n")
    lauf = antragsgen("einlesen", word_datei(projekt.ordner / "baenke.docx"))
    assert lauf.code == 0 and (projekt.ordner / "eingaben" / "mehr-baenke-2.yaml").is_file()
    assert antragsgen("pruefen").code == 0


def test_pruefvermerke_stehen_mit_zeile_in_der_ausgabe(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "baenke.docx", "1. Am Ufer stehen Bänke.", "Unser Zeichen ab-17",
                        "Erika Muster", "Anlage: Lageplan der Bänke am Ufer.")
    lauf = antragsgen("einlesen", quelle)
    assert lauf.code == 0
    zeilen = (projekt.ordner / "eingaben" / "mehr-baenke.yaml").read_text(encoding="utf-8").splitlines()
    meldung = next(z for z in lauf.zeilen if "Anlage: Lageplan" in z)
    ort, _, rest = meldung.partition(": Warnung: ")
    datei, nummer = ort.rsplit(":", 1)
    assert datei == "eingaben/mehr-baenke.yaml" and rest.startswith("prüfen:")
    assert zeilen[int(nummer) - 1].strip().startswith("# prüfen: „Anlage: Lageplan")


def test_ziel_ordner_mit_o(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "baenke.docx")
    lauf = antragsgen("einlesen", quelle, "-o", "neu/antraege")
    assert lauf.code == 0, lauf.err
    text = (projekt.ordner / "neu" / "antraege" / "mehr-baenke.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../antrag.schema.json\n")


@pytest.mark.parametrize(("name", "inhalt", "erwartet"), [
    ("notiz.docx", b"Das ist nur Text.", "kein Word-Dokument"),
    ("leer.docx", b"", "kein Word-Dokument"),
    ("tabelle.docx", None, "Excel- oder PowerPoint-Datei"),
    ("kennwort.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"),
     "mit einem Kennwort geschützt"),
    ("kaputt.docx", b"PK\x03\x04" + b"\0" * 200, "beschädigt"),
])
def test_kein_word_dokument(antragsgen, projekt, name, inhalt, erwartet):
    if inhalt is None:  # a workbook under a Word name
        puffer = io.BytesIO()
        with zipfile.ZipFile(puffer, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>")
        inhalt = puffer.getvalue()
    pfad = projekt.datei(name, inhalt)
    lauf = antragsgen("einlesen", pfad)
    assert lauf.code == 1
    assert lauf.zeilen == [f"{name}: Fehler: " + lauf.zeilen[0].split(": Fehler: ", 1)[1]]
    assert erwartet in lauf.err and "Traceback" not in lauf.err
    assert nichts_geschrieben(projekt)


def test_makros_werden_nicht_gelesen(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "q.docx")
    pfad = umgebaut(quelle, projekt.ordner / "makro.docx", **{"word/vbaProject.bin": b"\0" * 64})
    lauf = antragsgen("einlesen", pfad)
    assert lauf.code == 1 and "makro.docx: Fehler: Das Dokument enthält Makros" in lauf.err
    assert nichts_geschrieben(projekt)


def test_externe_inhalte_werden_nicht_geladen(antragsgen, projekt, monkeypatch):
    import socket

    def kein_netz(*a, **k):
        raise AssertionError("einlesen hat eine Verbindung geöffnet")

    monkeypatch.setattr(socket, "create_connection", kein_netz)
    monkeypatch.setattr(socket.socket, "connect", kein_netz)
    quelle = word_datei(projekt.ordner / "q.docx")
    with zipfile.ZipFile(quelle) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/attachedTemplate" Target="http://example.invalid/v.dotm" '
                        'TargetMode="External"/></Relationships>')
    pfad = umgebaut(quelle, projekt.ordner / "extern.docx", **{"word/_rels/document.xml.rels": rels.encode()})
    lauf = antragsgen("einlesen", pfad)
    assert lauf.code == 1
    assert "extern.docx: Fehler: Das Dokument lädt Inhalte von außerhalb (attachedTemplate: " \
           "http://example.invalid/v.dotm)" in lauf.err
    assert nichts_geschrieben(projekt)


def test_dtd_und_entitaeten_werden_abgewiesen(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "q.docx")
    with zipfile.ZipFile(quelle) as z:
        xml = z.read("word/document.xml").decode()
    boese = xml.replace("<w:document", '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                        "<w:document", 1)
    pfad = umgebaut(quelle, projekt.ordner / "dtd.docx", **{"word/document.xml": boese.encode()})
    lauf = antragsgen("einlesen", pfad)
    assert lauf.code == 1 and "dtd.docx: Fehler: Der Teil word/document.xml enthält eine DTD" in lauf.err
    assert nichts_geschrieben(projekt)


def test_riesiges_dokument_wird_abgewiesen_ohne_es_zu_entpacken(antragsgen, projekt):
    quelle = word_datei(projekt.ordner / "q.docx")
    with zipfile.ZipFile(quelle) as ein, zipfile.ZipFile(projekt.ordner / "riesig.docx", "w",
                                                            zipfile.ZIP_DEFLATED) as aus:
        for info in ein.infolist():
            aus.writestr(info, ein.read(info))
        aus.writestr("word/media/fuellung.bin", b"\0" * (60 * 1024 * 1024))
    lauf = antragsgen("einlesen", projekt.ordner / "riesig.docx")
    assert lauf.code == 1 and "riesig.docx: Fehler: Die Datei ist entpackt größer als 50 MB" in lauf.err
    assert nichts_geschrieben(projekt)


def test_ein_schlechtes_dokument_haelt_die_anderen_nicht_auf(antragsgen, projekt):
    gut = word_datei(projekt.ordner / "gut.docx")
    schlecht = projekt.datei("schlecht.docx", b"kein Word")
    lauf = antragsgen("einlesen", schlecht, gut)
    assert lauf.code == 1
    assert (projekt.ordner / "eingaben" / "mehr-baenke.yaml").is_file()
    assert "1 Dokument eingelesen, 1 fehlerhaft" in lauf.out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(daten=st.one_of(st.binary(max_size=2000), st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b)))
def test_beliebige_bytes_ergeben_fehler_oder_datei_nie_traceback(tmp_path_factory, daten):
    from conftest import rufe_auf  # the CLI as a user calls it: its error handling is what they see

    ordner = tmp_path_factory.mktemp("zufall")
    (ordner / "eingaben").mkdir()
    pfad = ordner / "zufall.docx"
    pfad.write_bytes(daten)
    lauf = rufe_auf("einlesen", str(pfad), "-o", str(ordner / "eingaben"), "--projekt", str(ordner))
    assert "Traceback" not in lauf.err and "Interner Fehler" not in lauf.err
    geschrieben = list((ordner / "eingaben").glob("*.yaml"))
    assert (lauf.code, bool(geschrieben)) in ((0, True), (1, False)), lauf.err
    if lauf.code == 1:
        assert "zufall.docx: Fehler: " in lauf.err


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texte=st.lists(st.text(min_size=1, max_size=80), min_size=1, max_size=8))
def test_beliebiger_text_im_dokument_ergibt_gueltige_antragsdatei(tmp_path_factory, texte):
    from antragsgen.einlesen import lies_antrag
    from antragsgen.einlesen.yamldatei import yaml_text
    from antragsgen.laden.rohdaten import yaml_dokumente
    from antragsgen.renderer.wordsatz import xml_text

    ordner = tmp_path_factory.mktemp("text")
    pfad = word_datei(ordner / "t.docx", *[xml_text(t) or "x" for t in texte])
    text = yaml_text(lies_antrag(pfad), "t", "../antrag.schema.json", "t.docx")
    assert yaml_dokumente(text, "t.yaml", ordner / "t.yaml")  # the file is YAML the loader reads


def test_ordner_mit_word_dateien_und_sperrdatei(antragsgen, projekt):
    alt = projekt.ordner / "alt"
    alt.mkdir()
    word_datei(alt / "a.docx")
    word_datei(alt / "b.docx", "1. Am Fluss stehen Bänke.")
    (alt / "~$a.docx").write_bytes(b"\x05Sperre")
    lauf = antragsgen("einlesen", "alt")
    assert lauf.code == 0, lauf.err
    assert sorted(p.name for p in (projekt.ordner / "eingaben").glob("*.yaml")) == [
        "mehr-baenke-2.yaml", "mehr-baenke.yaml"]
    assert "alt/~$a.docx: Warnung: Sperrdatei von Word, übersprungen." in lauf.err


def test_odt_mit_verknuepftem_bild_wird_nicht_umgewandelt(antragsgen, projekt, monkeypatch):
    from antragsgen.einlesen import quelle

    monkeypatch.setattr(quelle, "_umwandeln", lambda *a: pytest.fail("LibreOffice darf das nicht öffnen"))
    inhalt = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
              'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>'
              '<draw:frame><draw:image xlink:href="http://example.invalid/logo.png"/></draw:frame>'
              '</office:text></office:body></office:document-content>')
    pfad = projekt.ordner / "alt.odt"
    with zipfile.ZipFile(pfad, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", inhalt)
    lauf = antragsgen("einlesen", pfad)
    assert lauf.code == 1
    assert "alt.odt: Fehler: Das Dokument lädt Inhalte von außerhalb (http://example.invalid/logo.png)" in lauf.err
    assert nichts_geschrieben(projekt)

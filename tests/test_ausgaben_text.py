"""What the outputs say: no formula from user text, no "0,5 Stellen", no refused file in any format
(issue 12, "Nichts geht verloren")."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from conftest import normal, pdf_text

FORMEL_TITEL = '=HYPERLINK("http://x";"klick")'


def formel_antrag(projekt):
    projekt.datei("eingaben/formel.yaml", (
        "id: formel\n"
        "titel: '=HYPERLINK(\"http://x\";\"klick\")'\n"
        "art: haushaltsantrag\n"
        "fraktion: '@Fraktion'\n"
        "datum: 2021-11-12\n"
        "haushaltsjahre: [2022]\n"
        "begruendung: Weil.\n"
        "antragspunkte:\n"
        "  - stelle: {anteil: '0,5', entgeltgruppe: '+EG 7', bereich: '-SI'}\n"
        "    lfd_nr: 1\n"
        "  - text: \"-Minus am Anfang\"\n"
        "    lfd_nr: 2\n"))


# --- 15: text a spreadsheet would run as a formula stays text ---------------------------------

def test_formel_im_titel_bleibt_in_xlsx_text(projekt, antragsgen):
    from openpyxl import load_workbook

    formel_antrag(projekt)
    assert antragsgen("erzeugen", "-f", "html").code == 0
    blatt = load_workbook(projekt.ausgabe("uebersicht.xlsx")).active
    zeile = [zelle for zelle in blatt[2]]
    assert zeile[2].value == FORMEL_TITEL and zeile[2].data_type == "s"
    assert zeile[3].value == "@Fraktion" and zeile[3].data_type == "s"
    assert (zeile[6].value, zeile[7].value) == ("+EG 7", "-SI")
    assert not [z.coordinate for reihe in blatt.iter_rows() for z in reihe if z.data_type == "f"]
    assert zeile[5].value == 0.5 and zeile[5].data_type == "n"


def test_formel_im_titel_bekommt_in_uebersicht_csv_ein_hochkomma(projekt, antragsgen):
    formel_antrag(projekt)
    assert antragsgen("erzeugen", "-f", "html").code == 0
    zeilen = list(csv.reader(io.StringIO(projekt.ausgabe("uebersicht.csv").read_text(encoding="utf-8-sig")),
                             delimiter=";"))
    assert zeilen[1][:8] == ["1", "formel", "'" + FORMEL_TITEL, "'@Fraktion", "Stelle", "0,5", "'+EG 7", "'-SI"]


def test_formel_im_titel_bekommt_in_nummern_csv_ein_hochkomma(projekt, antragsgen):
    formel_antrag(projekt)
    assert antragsgen("erzeugen", "-f", "html").code == 0
    assert antragsgen("nummern", "--csv", "nummern.csv").code == 0
    zeilen = list(csv.DictReader(io.StringIO((projekt.ordner / "nummern.csv").read_text(encoding="utf-8-sig")),
                                 delimiter=";"))
    assert [(z["lfd. Nr."], z["Titel"], z["Fraktion"], z["Text"]) for z in zeilen] == [
        ("1", "'" + FORMEL_TITEL, "'@Fraktion", "0,5 Stelle (+EG 7) im Bereich -SI"),
        ("2", "'" + FORMEL_TITEL, "'@Fraktion", "'-Minus am Anfang"),
    ]


def test_negative_betraege_bleiben_zahlen_in_csv_und_xlsx():
    from openpyxl import load_workbook

    from antragsgen.renderer.tabellen import als_csv, als_xlsx
    from antragsgen.uebersicht import Uebersicht, Zeile

    import datetime as dt

    daten = Uebersicht([2022], [Zeile(lfd_nr=1, antrag="a", titel="-Kürzung", fraktion="SPD", art="Mittel",
                                      betraege={2022: Decimal(-5000)})])
    zeilen = list(csv.reader(io.StringIO(als_csv(daten).decode("utf-8-sig")), delimiter=";"))
    assert zeilen[1][2] == "'-Kürzung" and zeilen[1][9] == "-5000"
    blatt = load_workbook(io.BytesIO(als_xlsx(daten, dt.date(2022, 1, 1)))).active
    assert blatt["J2"].value == -5000 and blatt["J2"].data_type == "n"
    assert blatt["C2"].value == "-Kürzung" and blatt["C2"].data_type == "s"


# --- 22: one rule for "Stelle" and "Stellen" ---------------------------------------------------

@pytest.mark.parametrize("wert, erwartet", [
    ("0.25", "0,25 Stelle"), ("0.5", "0,5 Stelle"), ("1", "1,0 Stelle"), ("1.5", "1,5 Stellen"), ("2", "2,0 Stellen")])
def test_stellenangabe_stelle_bis_eins_stellen_darueber(wert, erwartet):
    from antragsgen.schreibweise import stellenangabe

    assert stellenangabe(Decimal(wert)) == erwartet


def test_uebersicht_summe_sagt_halbe_stelle_und_nichts_ohne_stellen(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[personalkosten]\n"EG 7" = 62000\n')
    projekt.datei("eingaben/a.yaml", (
        "id: a\ntitel: Halbe Stelle\nart: haushaltsantrag\nfraktion: Grüne\nhaushaltsjahre: [2022]\n"
        "begruendung: Weil.\nantragspunkte:\n  - stelle: {anteil: '0,5', bezeichnung: Sekretär:in, "
        "entgeltgruppe: EG 7}\n    lfd_nr: 1\n"))
    projekt.datei("eingaben/b.yaml", (
        "id: b\ntitel: Nur Text\nfraktion: SPD\nbegruendung: Weil.\nantragspunkte: [Ein Text]\n"))
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    zeilen = {z.split("  ")[0].strip(): normal(z) for z in pdf_text(projekt.ausgabe("uebersicht.pdf")).splitlines()
              if z.strip().startswith("Summe")}
    assert "0,5 Stelle " in zeilen["Summe"] + " " and "Stellen" not in zeilen["Summe"]
    assert "Stelle" not in zeilen["Summe SPD"] and "0,0" not in zeilen["Summe SPD"]
    summen = {z[1]: z for z in csv.reader(io.StringIO(projekt.ausgabe("uebersicht.csv").read_text(
        encoding="utf-8-sig")), delimiter=";") if z and z[1].startswith("Summe")}
    assert (summen["Summe Grüne"][5], summen["Summe SPD"][5]) == ("0,5", "")
    # the request sentence and the label in the cost table follow the same rule
    assert normal(pdf_text(projekt.ausgabe("a.pdf"))).count("0,5 Stelle Sekretär:in (EG 7)") == 2


# --- 17, 18, 21: ID.html stands alone; what the PDF refuses is left out and reported -------------

NETZ = "http://127.0.0.1:9"
ABGELEHNT = "Warnung: Zugriff auf '{}' abgelehnt: Anträge dürfen nur Dateien aus eingaben/ und der Vorlage einbinden."


def bild(pfad, groesse=(40, 10)):
    from PIL import Image

    Image.new("1" if groesse[0] > 1000 else "RGB", groesse).save(pfad)


def quellen(seite: str) -> list[str]:
    """Every address the page loads: src attributes and CSS url()s."""
    import re

    return re.findall(r'\ssrc="([^"]*)"', seite) + re.findall(r'url\(\s*"?([^")]*)', seite)


def test_html_bettet_bilder_ein_und_laesst_abgelehnte_weg(projekt, antragsgen, tmp_path):
    geheim = tmp_path / "geheim.svg"
    geheim.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>GEHEIM</text></svg>', encoding="utf-8")
    bild(projekt.ordner / "eingaben" / "bild.png")
    projekt.datei("eingaben/a.md", (
        "---\ntitel: Bilder\nfraktion: F\nantragspunkte:\n"
        f"  - 'Netz: ![netz]({NETZ}/netz.svg)'\n---\n"
        f"Erlaubt: ![bild](bild.png)\n\nAußerhalb: ![g](../{geheim.name})\n"))
    lauf = antragsgen("erzeugen", "-f", "pdf,html", "-t", "briefkopf")
    assert lauf.code == 0, lauf.err
    assert "eingaben/a.md:2:1: " + ABGELEHNT.format(f"{NETZ}/netz.svg") in lauf.zeilen
    assert "eingaben/a.md:2:1: " + ABGELEHNT.format(geheim.as_uri()) in lauf.zeilen
    seite = projekt.ausgabe("a.html").read_text(encoding="utf-8")
    adressen = quellen(seite)
    assert len(adressen) == 2 and all(a.startswith("data:image/") for a in adressen), adressen  # logo, bild.png
    assert str(tmp_path) not in seite and "file:" not in seite and NETZ not in seite
    assert '<img alt="netz" />' in seite and "GEHEIM" not in seite


def test_html_stil_ist_unmaskiert_mit_seitenzahlen_und_schrift(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "titel: T\nfraktion: F\nantragspunkte: [Tun]\nbegruendung: Weil.\n")
    assert antragsgen("erzeugen", "-f", "html").code == 0
    seite = projekt.ausgabe("a.html").read_text(encoding="utf-8")
    stil = seite[seite.index("<style>"):seite.index("</style>")]
    assert 'content: "Seite " counter(page) " von " counter(pages);' in stil
    assert 'font-family: "Liberation Sans", Arial' in stil
    assert "&#34;" not in stil and "&quot;" not in stil


@pytest.fixture
def vorlage_mit_fremden_css(projekt, tmp_path):
    import shutil

    from antragsgen.vorlagen import eingebaute_ordner

    geheim = tmp_path / "geheim.woff"
    geheim.write_bytes(b"GEHEIM")
    ordner = projekt.ordner / "vorlagen" / "fremd"
    shutil.copytree(eingebaute_ordner() / "standard", ordner)
    css = (ordner / "antrag.css").read_text(encoding="utf-8")
    (ordner / "antrag.css").write_text(
        f'@import url("{NETZ}/fremd.css");\n@import "teil.css";\n'
        f'@font-face {{ font-family: Geheim; src: url("{geheim.as_uri()}"); }}\n' + css, encoding="utf-8")
    (ordner / "teil.css").write_text("h1 { color: #123456; }\n", encoding="utf-8")
    projekt.datei("eingaben/a.yaml", "titel: T\nfraktion: F\nantragspunkte: [Tun]\nbegruendung: Weil.\n")
    return geheim


@pytest.mark.parametrize("format_", ["pdf", "html"])
def test_abgelehnte_css_adressen_der_vorlage_werden_gemeldet(vorlage_mit_fremden_css, antragsgen, format_):
    lauf = antragsgen("erzeugen", "-f", format_, "-t", "fremd")
    assert lauf.code == 0, lauf.err
    assert "eingaben/a.yaml:1:1: " + ABGELEHNT.format(f"{NETZ}/fremd.css") in lauf.zeilen
    assert "eingaben/a.yaml:1:1: " + ABGELEHNT.format(vorlage_mit_fremden_css.as_uri()) in lauf.zeilen


def test_html_bettet_erlaubtes_css_ein_und_laesst_abgelehntes_weg(vorlage_mit_fremden_css, antragsgen, projekt):
    import base64
    import re

    assert antragsgen("erzeugen", "-f", "html", "-t", "fremd").code == 0
    seite = projekt.ausgabe("a.html").read_text(encoding="utf-8")
    assert "@import none;" in seite and "src: none;" in seite
    eingebettet = re.search(r'@import url\("data:text/css;base64,([^"]+)"\)', seite).group(1)
    assert base64.b64decode(eingebettet).decode() == "h1 { color: #123456; }\n"
    assert NETZ not in seite and "file:" not in seite and "GEHEIM" not in seite


def test_zu_grosses_oder_kaputtes_bild_wird_gemeldet(projekt, antragsgen):
    import pikepdf

    bild(projekt.ordner / "eingaben" / "riesig.png", (14000, 14000))  # beyond Pillow's bomb limit
    projekt.datei("eingaben/kaputt.png", b"kein Bild")
    projekt.datei("eingaben/a.md", "---\ntitel: T\nfraktion: F\nantragspunkte: [Tun]\n---\n"
                  "Riesig: ![riesig](riesig.png)\n\nKaputt: ![kaputt](kaputt.png)\n")
    lauf = antragsgen("erzeugen", "-f", "pdf,html")
    assert lauf.code == 0, lauf.err
    for name in ("riesig.png", "kaputt.png"):
        url = (projekt.ordner / "eingaben" / name).as_uri()
        assert (f"eingaben/a.md:2:1: Warnung: Das Bild '{url}' lässt sich nicht laden (zu groß oder beschädigt) "
                "und fehlt.") in lauf.zeilen
        assert "eingaben/a.md:2:1: " + ABGELEHNT.format(url) not in lauf.zeilen
    with pikepdf.open(projekt.ausgabe("a.pdf")) as pdf:
        assert not any(str(o.get("/Subtype")) == "/Image" for o in pdf.objects if isinstance(o, pikepdf.Stream))
    assert quellen(projekt.ausgabe("a.html").read_text(encoding="utf-8")) == []


# --- 16: a template's symlink out of its folder is not followed ----------------------------------

@pytest.fixture
def kopierte_vorlage(projekt, antragsgen, tmp_path):
    geheim = tmp_path / "geheim.txt"
    geheim.write_text("GEHEIM-INHALT\n", encoding="utf-8")
    assert antragsgen("vorlage", "kopieren", "x").code == 0
    projekt.datei("eingaben/a.yaml", "titel: T\nfraktion: F\nantragspunkte: [Tun]\nbegruendung: Weil.\n")
    return projekt.ordner / "vorlagen" / "x", geheim


def alles_ausgegebene(projekt) -> bytes:
    ordner = projekt.ordner / "ausgabe"
    return b"".join(d.read_bytes() for d in ordner.iterdir()) if ordner.is_dir() else b""


def test_include_ueber_symlink_aus_der_vorlage_ist_ein_vorlagenfehler(kopierte_vorlage, antragsgen, projekt):
    ordner, geheim = kopierte_vorlage
    (ordner / "teil.html.j2").symlink_to(geheim)
    seite = (ordner / "antrag.html.j2").read_text(encoding="utf-8")
    (ordner / "antrag.html.j2").write_text(seite.replace("</body>", '{% include "teil.html.j2" %}\n</body>'),
                                           encoding="utf-8")
    zeile = seite[:seite.index("</body>")].count("\n") + 1
    lauf = antragsgen("erzeugen", "-t", "x", "-f", "pdf,html")
    assert lauf.code == 1
    assert (f"vorlagen/x/antrag.html.j2:{zeile}: Fehler: 'vorlagen/x/teil.html.j2' verweist (Symlink) aus dem "
            "Vorlagenordner hinaus und wird nicht gelesen.") in lauf.zeilen
    assert b"GEHEIM" not in alles_ausgegebene(projekt)


def test_vorlagen_css_als_symlink_nach_aussen_wird_nicht_gelesen(kopierte_vorlage, antragsgen, projekt):
    ordner, geheim = kopierte_vorlage
    (ordner / "antrag.css").unlink()
    (ordner / "antrag.css").symlink_to(geheim)
    lauf = antragsgen("erzeugen", "-t", "x", "-f", "pdf,html")
    assert lauf.code == 2
    assert lauf.zeilen == ["vorlagen/x/antrag.css: Fehler: Die Datei verweist (Symlink) aus dem Vorlagenordner "
                           "hinaus und wird nicht gelesen."]
    assert b"GEHEIM" not in alles_ausgegebene(projekt)


def test_bild_der_vorlage_als_symlink_nach_aussen_wird_abgelehnt(kopierte_vorlage, antragsgen, projekt, tmp_path):
    ordner, _ = kopierte_vorlage
    fremd = tmp_path / "fremd.svg"
    fremd.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>GEHEIM</text></svg>', encoding="utf-8")
    (ordner / "logo.svg").symlink_to(fremd)
    seite = (ordner / "antrag.html.j2").read_text(encoding="utf-8")
    (ordner / "antrag.html.j2").write_text(seite.replace("<body>", '<body><img src="logo.svg" alt="Logo">'),
                                           encoding="utf-8")
    lauf = antragsgen("erzeugen", "-t", "x", "-f", "pdf,html")
    assert lauf.code == 0, lauf.err
    assert "eingaben/a.yaml:1:1: " + ABGELEHNT.format((ordner / "logo.svg").as_uri()) in lauf.zeilen
    assert b"GEHEIM" not in alles_ausgegebene(projekt)


# --- 20: the schema does not require what antragsgen.toml may give ----------------------------

def test_schema_verlangt_keine_fraktion_die_antragsgen_toml_vorgeben_kann(projekt, antragsgen):
    import json

    import jsonschema
    from ruamel.yaml import YAML

    projekt.datei("antragsgen.toml", '[antrag]\nfraktion = "Musterfraktion"\n')
    projekt.datei("eingaben/a.yaml", "titel: T\nantragspunkte: [Tun]\nbegruendung: Weil.\n")
    lauf = antragsgen("schema")
    assert lauf.code == 0
    schema = json.loads(lauf.out)
    assert schema["required"] == ["titel"]
    assert {"required": ["antragspunkte"], "not": {"required": ["abschnitte"]}} in schema["oneOf"]
    daten = YAML(typ="safe").load((projekt.ordner / "eingaben" / "a.yaml").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(daten)) == []
    assert antragsgen("pruefen").code == 0
    # without [antrag] fraktion, pruefen still asks for it
    (projekt.ordner / "antragsgen.toml").unlink()
    assert antragsgen("pruefen").code == 1


# --- 19: the skeleton of `antragsgen neu` --------------------------------------------------------

def test_neu_geruest_hat_keine_kommentare_in_der_begruendung(projekt, antragsgen):
    assert antragsgen("neu", "Mehr Bäume").code == 0
    datei = projekt.ordner / "eingaben" / "mehr-baeume.yaml"
    datei.write_text(datei.read_text(encoding="utf-8").replace("Name der Fraktion", "Musterfraktion"),
                     encoding="utf-8")
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    text = normal(pdf_text(projekt.ausgabe("mehr-baeume.pdf")))
    assert "Warum der Antrag nötig ist (Markdown; Absätze durch eine Leerzeile trennen)." in text
    assert "Textbausteine" not in text and "baustein" not in text and "Eigener Text" not in text


def test_pruefen_warnt_vor_nicht_ausgefuellten_platzhaltern(projekt, antragsgen):
    assert antragsgen("neu", "Mehr Bäume").code == 0
    zeilen = (projekt.ordner / "eingaben" / "mehr-baeume.yaml").read_text(encoding="utf-8").splitlines()

    def stelle(anfang: str, wert: str) -> str:
        nummer, zeile = next((n, z) for n, z in enumerate(zeilen, 1) if z.startswith(anfang))
        return f"eingaben/mehr-baeume.yaml:{nummer}:{zeile.index(wert) + 1}"

    lauf = antragsgen("pruefen")
    assert lauf.code == 0
    assert lauf.zeilen == [
        f"{stelle('fraktion:', 'Name')}: Warnung: 'fraktion' enthält noch den Platzhalter 'Name der Fraktion' "
        "aus 'antragsgen neu'.",
        f"{stelle('  - Die Verwaltung', 'Die')}: Warnung: 'antragspunkte' enthält noch den Platzhalter "
        "'… (bitte ausformulieren)' aus 'antragsgen neu'.",
        f"{stelle('begruendung:', '|')}: Warnung: 'begruendung' enthält noch den Platzhalter "
        "'Warum der Antrag nötig ist' aus 'antragsgen neu'.",
    ]


def test_platzhalter_kommen_aus_einer_liste_fuer_neu_und_pruefen(projekt, antragsgen):
    from antragsgen.neu import PLATZHALTER

    assert antragsgen("neu", "Mehr Bäume").code == 0
    text = (projekt.ordner / "eingaben" / "mehr-baeume.yaml").read_text(encoding="utf-8")
    assert all(p in text for p in PLATZHALTER.values())
    projekt.datei("eingaben/b.yaml", "titel: B\nfraktion: F\nantragspunkte:\n  - text: Tun, "
                  f"{PLATZHALTER['antragspunkte']}\n    lfd_nr: 4\nbegruendung: Weil.\n")
    lauf = antragsgen("pruefen", "eingaben/b.yaml")
    assert lauf.zeilen == ["eingaben/b.yaml:4:11: Warnung: 'antragspunkte' enthält noch den Platzhalter "
                           "'… (bitte ausformulieren)' aus 'antragsgen neu'."]

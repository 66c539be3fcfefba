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

    from antragsgen.ausgabe.tabellen import als_csv, als_xlsx
    from antragsgen.uebersicht import Uebersicht, Zeile

    import datetime as dt

    daten = Uebersicht([2022], [Zeile(lfd_nr=1, antrag="a", titel="-Kürzung", fraktion="SPD", art="Mittel",
                                      betraege={2022: Decimal(-5000)})])
    zeilen = list(csv.reader(io.StringIO(als_csv(daten).decode("utf-8-sig")), delimiter=";"))
    assert zeilen[1][2] == "'-Kürzung" and zeilen[1][9] == "-5000"
    blatt = load_workbook(io.BytesIO(als_xlsx(daten, dt.date(2022, 1, 1)))).active
    assert blatt["J2"].value == -5000 and blatt["J2"].data_type == "n"
    assert blatt["C2"].value == "-Kürzung" and blatt["C2"].data_type == "s"

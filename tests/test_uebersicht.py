"""uebersicht.csv/.xlsx/.pdf: one row per request, sorted by lfd. Nr., totals checked (SPEC §5)."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import normal, pdf_seiten

TOML = '[personalkosten]\n"EG 13" = 95000\n"EG 11" = "80.000,50"\n'


def haushaltsantrag(id_, fraktion, punkte, status="eingereicht"):
    return (f"id: {id_}\ntitel: Antrag {id_}\nart: haushaltsantrag\nfraktion: {fraktion}\nstatus: {status}\n"
            f"haushaltsjahre: [2022, 2023]\nantragspunkte:\n{punkte}begruendung: Weil.\n")


def euro(x) -> Decimal:
    return Decimal(x).quantize(Decimal(1), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def lauf(modulprojekt):
    projekt = modulprojekt
    projekt.datei("antragsgen.toml", TOML)
    projekt.datei("eingaben/a.yaml", haushaltsantrag("a", "Grüne", (
        "  - stelle: {anteil: '0,5', entgeltgruppe: EG 13}\n    lfd_nr: 20\n"
        "  - stelle: {anteil: '0,25', entgeltgruppe: EG 11}\n    lfd_nr: 10\n"
        "  - mittel: {betrag: 50.000}\n    zweck: für Bäume\n    lfd_nr: 30\n")))
    projekt.datei("eingaben/b.yaml", haushaltsantrag("b", "SPD", (
        "  - stelle: {anteil: 1, entgeltgruppe: EG 9}\n    lfd_nr: 15\n"
        "  - mittel: {betraege: {2022: 1000, 2023: 2000}}\n    zweck: für Bänke\n    lfd_nr: 25\n"
        "  - text: Ohne Nummer? Nein, automatisch.\n")))
    projekt.datei("eingaben/c.yaml", haushaltsantrag("c", "SPD", (
        "  - mittel: {betrag: 99.999}\n    zweck: für Zurückgezogenes\n    lfd_nr: 5\n"), status="zurueckgezogen"))
    projekt.datei("eingaben/d.yaml", "titel: Kaputt\nfraktion: SPD\nantragspunkte: [\n")
    projekt.datei("eingaben/e.yaml", "id: e\ntitel: E\nart: antrag\nfraktion: Grüne\nantragspunkte: [Ohne Nummer.]\n"
                  "begruendung: Weil.\n")
    ergebnis = projekt.rufe_auf("erzeugen", "-f", "html")
    assert ergebnis.code == 1  # d.yaml is broken
    return projekt


def test_csv_zeilen_sortiert_und_summen_stimmen(lauf):
    text = (lauf.ausgabe("uebersicht.csv")).read_text(encoding="utf-8-sig")
    zeilen = list(csv.reader(text.splitlines(), delimiter=";"))
    kopf = zeilen[0]
    assert kopf == ["lfd. Nr.", "Antrag", "Titel", "Fraktion", "Art", "Stellen (VZÄ)", "Entgeltgruppe", "Bereich",
                    "Haushaltsstelle", "2022", "2023", "Status"]
    daten = zeilen[1:zeilen.index([])]
    assert [(z[0], z[1]) for z in daten] == [("1", "b"), ("5", "c"), ("10", "a"), ("15", "b"), ("20", "a"),
                                             ("25", "b"), ("30", "a"), ("", "e"), ("", "eingaben/d.yaml")]
    assert daten[1][-1] == "zurückgezogen" and daten[-1][-1] == "fehlerhaft"
    assert daten[3][9:11] == ["ohne Satz", "ohne Satz"]

    # totals from the inputs: rounded per item and year, withdrawn and rateless left out
    gesamt_2022 = euro(Decimal("0.5") * 95000) + euro(Decimal("0.25") * Decimal("80000.50")) + 50000 + 1000
    gesamt_2023 = euro(Decimal("0.5") * 95000) + euro(Decimal("0.25") * Decimal("80000.50")) + 50000 + 2000
    summen = {z[1]: z for z in zeilen[zeilen.index([]) + 1:]}
    assert summen["Summe (ohne Stellen ohne Satz)"][5] == "1,75"
    assert summen["Summe (ohne Stellen ohne Satz)"][9:11] == [str(gesamt_2022), str(gesamt_2023)]
    assert summen["Summe Grüne"][5] == "0,75"
    assert summen["Summe Grüne"][9:11] == [str(gesamt_2022 - 1000), str(gesamt_2023 - 2000)]
    assert summen["Summe SPD (ohne Stellen ohne Satz)"][9:11] == ["1000", "2000"]


def test_xlsx_hat_typen_fixierte_kopfzeile_filter_und_summen(lauf):
    from openpyxl import load_workbook

    blatt = load_workbook(lauf.ausgabe("uebersicht.xlsx")).active
    assert blatt.freeze_panes == "A2"
    assert blatt.auto_filter.ref == "A1:L10"
    assert [c.value for c in blatt[2][:2]] == [1, "b"]
    zeile_a = next(r for r in blatt.iter_rows(min_row=2) if r[0].value == 20)
    assert zeile_a[5].value == 0.5 and isinstance(zeile_a[9].value, int) and zeile_a[9].value == 47500
    summe = next(r for r in blatt.iter_rows() if r[1].value == "Summe (ohne Stellen ohne Satz)")
    assert summe[1].font.bold and summe[9].value == 47500 + 20000 + 50000 + 1000


def test_pdf_ist_quer_mit_kopfzeile_auf_jeder_seite(projekt, antragsgen):
    punkte = "".join(f"  - mittel: {{betrag: {k}000}}\n    zweck: für Posten {k}\n    lfd_nr: {k}\n" for k in range(1, 61))
    projekt.datei("eingaben/viel.yaml", haushaltsantrag("viel", "Grüne", punkte))
    assert antragsgen("erzeugen", "-f", "html").code == 0
    seiten = pdf_seiten(projekt.ausgabe("uebersicht.pdf"))
    assert len(seiten) >= 2
    for seite in seiten:
        assert "lfd. Nr." in seite and "2022" in seite
    import pikepdf

    with pikepdf.open(projekt.ausgabe("uebersicht.pdf")) as pdf:
        breite, hoehe = (float(x) for x in pdf.pages[0].MediaBox[2:])
        assert breite > hoehe
    letzte = normal(seiten[-1])
    summe = sum(k * 1000 for k in range(1, 61))
    assert f"{summe:,}".replace(",", ".") + " €" in letzte

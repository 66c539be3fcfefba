"""Tables as input (SPEC §3.1): CSV and XLSX, one row per Antragspunkt, grouped by `antrag`."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import FAELLE, normal

TABELLEN = FAELLE / "tabellen"
PERSONAL = [
    "0,5 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP für die Weiterentwicklung der "
    "Integrationspolitik (lfd. Nr. 3210)",
    "Für einen Zuschuss an den Verein Miteinander e. V. werden 2022 und 2023 jeweils 50.000\u00a0€ "
    "bereitgestellt (lfd. Nr. 3215)",
    "1,5 Stellen für Lärmminderungsplanung (lfd. Nr. 3220)",
]


def _tabelle(projekt, fall: str, name: str = "tabelle.csv", kodierung: str | None = None) -> None:
    text = (TABELLEN / fall).read_text(encoding="utf-8")
    if kodierung == "utf-8-sig":
        projekt.datei(f"eingaben/{name}", text.encode("utf-8-sig"))
    elif kodierung:
        projekt.datei(f"eingaben/{name}", text.encode(kodierung))
    else:
        projekt.datei(f"eingaben/{name}", text)


def _pruefen(projekt):
    from antragsgen import api

    return api.pruefen(projekt=projekt.ordner)


def _xlsx(pfad, zeilen: list[list]) -> None:
    import openpyxl

    mappe = openpyxl.Workbook()
    blatt = mappe.active
    for zeile in zeilen:
        blatt.append(zeile)
    pfad.parent.mkdir(parents=True, exist_ok=True)
    mappe.save(pfad)


@pytest.mark.parametrize("fall", ["semikolon.csv", "komma.csv"])
def test_csv_zeilen_werden_nach_spalte_antrag_zu_antraegen_gruppiert(projekt, fall):
    _tabelle(projekt, fall)
    ergebnis = _pruefen(projekt)
    assert [str(m) for m in ergebnis.meldungen] == []
    personal, spielplaetze = ergebnis.antraege
    # rows need not be adjacent; a blank `antrag` continues the motion above
    assert personal.id == "mehr-personal" and personal.art == "haushaltsantrag"
    assert [p.satz for p in personal.antragspunkte] == PERSONAL
    assert personal.datum == dt.date(2021, 11, 5)
    assert personal.haushaltsjahre == [2022, 2023]
    assert personal.begruendung_text == "Die Integrationsarbeit braucht Personal."
    assert spielplaetze.id == "spielplaetze" and spielplaetze.titel == "Spielplätze sanieren"
    assert spielplaetze.fraktion == ["Musterfraktion", "Beispielfraktion"]
    assert [p.satz for p in spielplaetze.antragspunkte] == ["Die Verwaltung legt ein Sanierungsprogramm vor"]


def test_csv_mit_bom_wird_ohne_warnung_gelesen(projekt):
    _tabelle(projekt, "semikolon.csv", kodierung="utf-8-sig")
    ergebnis = _pruefen(projekt)
    assert ergebnis.meldungen == []
    assert [p.satz for p in ergebnis.antraege[0].antragspunkte] == PERSONAL


def test_csv_in_windows_1252_wird_mit_warnung_gelesen(projekt, antragsgen):
    _tabelle(projekt, "semikolon.csv", kodierung="cp1252")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/tabelle.csv:1: Warnung: Die Datei ist nicht UTF-8-kodiert; sie wurde als Windows-1252 gelesen. "
        "Bitte als UTF-8 speichern."]
    assert lauf.code == 0
    ergebnis = _pruefen(projekt)
    assert ergebnis.antraege[1].titel == "Spielplätze sanieren"
    assert ergebnis.antraege[0].antragspunkte[2].satz == PERSONAL[2]


def test_ungueltiger_wert_nennt_zeile_und_spalte_der_zelle(projekt, antragsgen):
    _tabelle(projekt, "fehler.csv")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/tabelle.csv:6:2: Warnung: Die Spalte 'titel' hat für den Antrag 'geld' schon einen anderen Wert "
        "(Zeile 5); dieser hier wird nicht verwendet.",
        "eingaben/tabelle.csv:4:5: Fehler: 'eine halbe' ist keine Zahl (erwartet z. B. 0,5 oder 50.000).",
        "eingaben/tabelle.csv:5: Fehler: Ein Antragspunkt hat entweder 'stelle' oder 'mittel', nicht beides.",
    ]
    assert lauf.code == 1


def test_unbekannte_spalte_schlaegt_die_naechste_vor(projekt, antragsgen):
    _tabelle(projekt, "unbekannte-spalte.csv")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == ["eingaben/tabelle.csv:1:4: Fehler: Unbekannte Spalte 'Begrundung'; meinten Sie 'begruendung'?"]
    assert lauf.code == 1


def test_kopfzeile_fehler_werden_alle_gemeldet(projekt, antragsgen):
    projekt.datei("eingaben/tabelle.csv", "\n\nid;Titel;Titel;text\nx;T;T;P\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/tabelle.csv:3:1: Fehler: Die Spalte 'id' ist nicht eindeutig: die Kennung des Antrags gehört in die "
        "Spalte 'antrag', die eines Antragspunkts in 'punkt_id'.",
        "eingaben/tabelle.csv:3:3: Fehler: Die Spalte 'titel' steht doppelt (zuerst in Spalte 2).",
        "eingaben/tabelle.csv:3: Fehler: Die Spalte 'antrag' fehlt; sie nennt in jeder Zeile die Kennung des Antrags "
        "(z. B. 'mehr-personal'), zu dem der Antragspunkt gehört.",
    ]


def test_tabelle_ohne_kopfzeile_wird_erklaert(projekt, antragsgen):
    projekt.datei("eingaben/tabelle.csv", "personal;Mehr Personal;Musterfraktion\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/tabelle.csv:1: Fehler: Die erste Zeile der Tabelle muss die Spaltennamen enthalten, z. B. 'antrag', "
        "'titel', 'text' (gefunden: 'personal', 'Mehr Personal', 'Musterfraktion')."]


def test_erste_zeile_ohne_antrag_ist_ein_fehler(projekt, antragsgen):
    projekt.datei("eingaben/tabelle.csv", "titel;antrag;text\nMehr Personal;;Punkt\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/tabelle.csv:2:2: Fehler: In der Spalte 'antrag' fehlt die Kennung des Antrags, "
        "zu dem diese Zeile gehört."]


def test_offenes_anfuehrungszeichen_nennt_die_zeile(projekt, antragsgen):
    projekt.datei("eingaben/a.csv", 'antrag;titel;text\na;T;"Punkt eins\na;T;Punkt zwei\n')
    projekt.datei("eingaben/b.csv", 'antrag;titel;text\na;T;Punkt eins\nb;"Zitat" sagt er;Punkt\n')
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/a.csv:2: Fehler: Die CSV-Zeile kann nicht gelesen werden: ein Anführungszeichen wird nicht geschlossen.",
        "eingaben/b.csv:3: Fehler: Die CSV-Zeile kann nicht gelesen werden: nach dem schließenden Anführungszeichen "
        "muss ';' folgen; ein Anführungszeichen in einer Zelle bitte verdoppeln (\"\").",
    ]


def test_leere_tabellen_werden_mit_warnung_uebersprungen(projekt, antragsgen):
    projekt.datei("eingaben/leer.csv", ";;;\n\n")
    projekt.datei("eingaben/kopf.csv", "antrag;titel;text\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/kopf.csv:1: Warnung: Die Tabelle enthält nur die Kopfzeile und keinen Antrag; sie wird übersprungen.",
        "eingaben/leer.csv: Warnung: Die Tabelle ist leer und wird übersprungen.",
    ]


def test_zeile_nur_mit_antragsspalten_ergibt_keinen_punkt(projekt):
    projekt.datei("eingaben/tabelle.csv", (
        "antrag;titel;fraktion;begruendung;text\n"
        "a;Titel;Musterfraktion;\"Erster Absatz.\n\nZweiter Absatz.\";\n"
        ";;;;Punkt eins\n;;;;Punkt zwei\n"))
    antrag, = _pruefen(projekt).antraege
    assert [p.satz for p in antrag.antragspunkte] == ["Punkt eins", "Punkt zwei"]
    assert antrag.begruendung_text == "Erster Absatz.\n\nZweiter Absatz."


def test_antrag_ohne_punkte_nennt_seine_zeile(projekt, antragsgen):
    projekt.datei("eingaben/tabelle.csv", "antrag;titel;fraktion;art;text\na;T;F;anfrage;P\nb;Ohne Punkte;F;anfrage;\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == ["eingaben/tabelle.csv:3:1: Fehler: 'antragspunkte' darf nicht leer sein."]


def test_xlsx_mit_zahlen_datum_und_wahrheitswert(projekt):
    _xlsx(projekt.ordner / "eingaben" / "haushalt.xlsx", [
        ["Antrag", "Titel", "Art", "Fraktion", "Datum", "Haushaltsjahre", "Begründung", "Zweck", "lfd_nr",
         "Stelle Anteil", "Stelle Entgeltgruppe", "Mittel Betrag", "Mittel einmalig"],
        ["personal", "Mehr Personal", "haushaltsantrag", "Musterfraktion", dt.datetime(2021, 11, 5), 2022,
         "Weil es nötig ist.", "für die Bibliothek", 3210, 0.5, "E13", None, None],
        [None, None, None, None, None, None, None, "für das Archiv", 3215.0, 0.125, None, None, None],
        [None, None, None, None, None, None, None, "für neue Bücher", None, None, None, 50000.0, True],
        ["zuschuss", "Zuschuss", "antrag", "Musterfraktion", dt.date(2021, 11, 12), "2022, 2023",
         "Darum.", "für den Verein", None, None, None, 1234.5, None],
    ])
    personal, zuschuss = _pruefen(projekt).antraege
    assert personal.datum == dt.date(2021, 11, 5)
    assert [p.satz for p in personal.antragspunkte] == [
        "0,5 Stelle (E 13) für die Bibliothek (lfd. Nr. 3210)",
        "0,125 Stelle für das Archiv (lfd. Nr. 3215)",
        # an automatic number: a haushaltsantrag numbers every item
        "Für neue Bücher werden 2022 einmalig 50.000\u00a0€ bereitgestellt (lfd. Nr. 1)",
    ]
    assert zuschuss.datum == dt.date(2021, 11, 12)
    assert [p.satz for p in zuschuss.antragspunkte] == [
        "Für den Verein werden 2022 und 2023 jeweils 1.235\u00a0€ bereitgestellt"]


def test_xlsx_fehler_nennt_zeile_und_spalte(projekt, antragsgen):
    _xlsx(projekt.ordner / "eingaben" / "haushalt.xlsx", [
        [],
        ["antrag", "titel", "fraktion", "haushaltsjahre", "stelle_anteil"],
        ["personal", "Mehr Personal", "Musterfraktion", 2022, 1],
        [None, None, None, None, 250],
    ])
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/haushalt.xlsx:4:5: Fehler: Stellenanteil 250 muss größer als 0 und höchstens 100 sein."]


def test_excel_sperrdatei_wird_uebersprungen(projekt, antragsgen):
    _tabelle(projekt, "semikolon.csv")
    projekt.datei("eingaben/~$haushalt.xlsx", b"\x00gesperrt")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == []
    assert lauf.code == 0


def test_kaputte_xlsx_ist_ein_fehler_die_anderen_dateien_werden_gelesen(projekt, antragsgen):
    _tabelle(projekt, "semikolon.csv")
    projekt.datei("eingaben/kaputt.xlsx", b"kein zip")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/kaputt.xlsx: Fehler: Die Datei ist keine gültige XLSX-Tabelle; bitte in Excel oder "
        "LibreOffice als .xlsx (Excel 2007 oder neuer) speichern."]
    assert "2 Anträge in Ordnung, 1 fehlerhaft" in lauf.out
    assert lauf.code == 1


def test_zip_ohne_arbeitsmappe_ist_ein_fehler(projekt, antragsgen):
    import zipfile

    with zipfile.ZipFile(projekt.ordner / "eingaben" / "haushalt.xlsx", "w") as archiv:
        archiv.writestr("notiz.txt", "keine Tabelle")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/haushalt.xlsx: Fehler: Die XLSX-Tabelle kann nicht gelesen werden; ist sie beschädigt? "
        "Bitte in Excel oder LibreOffice öffnen und neu speichern."]


def test_xlsx_mit_zu_vielen_zeilen_wird_abgelehnt(projekt, antragsgen, monkeypatch):
    from antragsgen.laden import tabelle

    monkeypatch.setattr(tabelle, "MAX_ZEILEN", 3)
    _xlsx(projekt.ordner / "eingaben" / "lang.xlsx", [["antrag", "text"]] + [["a", f"Punkt {i}"] for i in range(5)])
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/lang.xlsx:4: Fehler: Die Tabelle hat mehr als 3 Zeilen; bitte auf mehrere Dateien aufteilen."]
    assert lauf.code == 1


def test_zu_grosse_xlsx_datei_wird_abgelehnt(projekt, antragsgen, monkeypatch):
    from antragsgen.laden import tabelle

    _xlsx(projekt.ordner / "eingaben" / "gross.xlsx", [["antrag", "text"], ["a", "Punkt"]])
    monkeypatch.setattr(tabelle, "MAX_XLSX_BYTES", 1024 * 1024 // 10)
    (projekt.ordner / "eingaben" / "gross.xlsx").write_bytes(b"\0" * (1024 * 1024 // 4))
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == ["eingaben/gross.xlsx: Fehler: Die Datei ist mit 0,2 MiB zu groß (höchstens 0,1 MiB)."]


def test_antraege_aus_tabellen_werden_erzeugt(projekt, antragsgen):
    _tabelle(projekt, "semikolon.csv")
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.code == 0, lauf.err
    html = projekt.ausgabe("mehr-personal.html").read_text(encoding="utf-8")
    assert "1,5 Stellen für Lärmminderungsplanung (lfd. Nr. 3220)" in normal(html)
    assert projekt.ausgabe("spielplaetze.html").is_file()

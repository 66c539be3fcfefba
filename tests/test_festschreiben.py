"""`nummern --festschreiben`: lfd. Nr. become `lfd_nr:` lines, the rest of the file stays as it was (SPEC §4)."""

from __future__ import annotations

from pathlib import Path

from antragsgen.festschreiben import festschreiben
from antragsgen.laden.markdowndatei import lies_markdown
from antragsgen.laden.rohdaten import yaml_dokumente

KOPF = "titel: Integration sicher stellen\nart: haushaltsantrag\n"


def schreibe(ordner: Path, name: str, text: str | bytes) -> Path:
    pfad = ordner / name
    pfad.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return pfad


def lfd_nrn(pfad: Path) -> list[list[str | None]]:
    """The lfd_nr of every item of every motion, as the loader reads the file."""
    text = pfad.read_bytes().decode("utf-8-sig")
    dokumente = lies_markdown(text, pfad.name)[0] if pfad.suffix == ".md" else yaml_dokumente(text, pfad.name)
    return [[p.get("lfd_nr") if isinstance(p, dict) else None for p in d.daten["antragspunkte"]] for d in dokumente]


def test_kommentare_und_leerzeilen_bleiben_byte_fuer_byte(tmp_path):
    vorher = (
        "# Haushalt 2022/2023\n"
        + KOPF
        + "\n"
        "antragspunkte:   # die Stellen\n"
        "  - stelle:\n"
        "      anteil: 1,0\n"
        "      entgeltgruppe: EG 13   # laut Stellenplan\n"
        "    zweck: für die Weiterentwicklung\n"
        "\n"
        "  # zweiter Punkt: nur Sekretariat\n"
        "  - stelle:\n"
        "      anteil: \"0,5\"\n"
        "      bezeichnung: Sekretär:in\n"
        "\n"
        "begruendung: |\n"
        "  Text.\n"
    )
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    assert festschreiben(pfad, {(0, 0): 3210, (0, 1): 3215}, "antrag.yaml") == []
    assert pfad.read_text(encoding="utf-8") == vorher.replace(
        "    zweck: für die Weiterentwicklung\n",
        "    zweck: für die Weiterentwicklung\n    lfd_nr: 3210\n",
    ).replace(
        "      bezeichnung: Sekretär:in\n",
        "      bezeichnung: Sekretär:in\n    lfd_nr: 3215\n",
    )
    assert lfd_nrn(pfad) == [["3210", "3215"]]


def test_mittel_mit_betraegen_bekommt_nummer_nach_der_abbildung(tmp_path):
    vorher = KOPF + (
        "antragspunkte:\n"
        "  - mittel:\n"
        "      betraege:\n"
        "        2022: 50.000\n"
        "        2023: 60.000\n"
        "    # Zweck folgt\n"
        "  - text: Die Verwaltung berichtet.\n"
    )
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    assert festschreiben(pfad, {(0, 0): 7}, "antrag.yaml") == []
    assert pfad.read_text(encoding="utf-8") == vorher.replace(
        "        2023: 60.000\n", "        2023: 60.000\n    lfd_nr: 7\n")
    assert lfd_nrn(pfad) == [["7", None]]


def test_blockskalar_text_mit_kommentar_danach(tmp_path):
    vorher = KOPF + (
        "antragspunkte:\n"
        "  - text: |\n"
        "      Die Verwaltung wird beauftragt,\n"
        "\n"
        "      zu berichten.\n"
        "\n"
        "  # der nächste Punkt\n"
        "  - text: Zweiter Punkt\n"
    )
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    assert festschreiben(pfad, {(0, 0): 1, (0, 1): 2}, "antrag.yaml") == []
    assert pfad.read_text(encoding="utf-8") == KOPF + (
        "antragspunkte:\n"
        "  - text: |\n"
        "      Die Verwaltung wird beauftragt,\n"
        "\n"
        "      zu berichten.\n"
        "    lfd_nr: 1\n"
        "\n"
        "  # der nächste Punkt\n"
        "  - text: Zweiter Punkt\n"
        "    lfd_nr: 2\n"
    )
    text = pfad.read_text(encoding="utf-8")
    assert yaml_dokumente(text, "x")[0].daten["antragspunkte"][0]["text"] == (
        "Die Verwaltung wird beauftragt,\n\nzu berichten.\n")


def test_einfache_und_gequotete_texte_werden_zu_text_schluesseln(tmp_path):
    vorher = KOPF + (
        "antragspunkte:\n"
        "  - Die Verwaltung berichtet.  # kurz\n"
        "  - 'Zitat: \"so\"'\n"
        "  - \"Mit # Raute\"\n"
        "  - 2022 ist das Jahr\n"
    )
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    assert festschreiben(pfad, {(0, 0): 10, (0, 1): 11, (0, 2): 12, (0, 3): 13}, "antrag.yaml") == []
    assert pfad.read_text(encoding="utf-8") == KOPF + (
        "antragspunkte:\n"
        "  - text: Die Verwaltung berichtet.  # kurz\n"
        "    lfd_nr: 10\n"
        "  - text: 'Zitat: \"so\"'\n"
        "    lfd_nr: 11\n"
        "  - text: \"Mit # Raute\"\n"
        "    lfd_nr: 12\n"
        "  - text: 2022 ist das Jahr\n"
        "    lfd_nr: 13\n"
    )
    daten = yaml_dokumente(pfad.read_text(encoding="utf-8"), "x")[0].daten
    assert [p["text"] for p in daten["antragspunkte"]] == [
        "Die Verwaltung berichtet.", 'Zitat: "so"', "Mit # Raute", "2022 ist das Jahr"]


def test_liste_ohne_einrueckung(tmp_path):
    pfad = schreibe(tmp_path, "antrag.yaml", KOPF + "antragspunkte:\n- Erster\n- text: Zweiter\n")
    assert festschreiben(pfad, {(0, 0): 1, (0, 1): 2}, "antrag.yaml") == []
    assert pfad.read_text(encoding="utf-8") == KOPF + (
        "antragspunkte:\n- text: Erster\n  lfd_nr: 1\n- text: Zweiter\n  lfd_nr: 2\n")


def test_zweites_dokument_eines_mehrfachstroms(tmp_path):
    vorher = (
        "titel: Erster\nantragspunkte:\n  - text: A\n"
        "---\n"
        "# zweiter Antrag\n"
        "titel: Zweiter\nantragspunkte:\n  - text: B\n  - text: C\n"
    )
    pfad = schreibe(tmp_path, "antraege.yaml", vorher)
    assert festschreiben(pfad, {(1, 1): 42}, "antraege.yaml") == []
    assert pfad.read_text(encoding="utf-8") == vorher + "    lfd_nr: 42\n"
    assert lfd_nrn(pfad) == [[None], [None, "42"]]


def test_markdown_kopfdaten_mit_text_darunter(tmp_path):
    vorher = (
        "---\n"
        + KOPF
        + "antragspunkte:\n"
        "  - Die Verwaltung berichtet.\n"
        "---\n"
        "\n"
        "- ein Markdown-Punkt in der Begründung\n"
        "Text: mit Doppelpunkt\n"
    )
    pfad = schreibe(tmp_path, "antrag.md", vorher)
    assert festschreiben(pfad, {(0, 0): 5}, "antrag.md") == []
    assert pfad.read_text(encoding="utf-8") == vorher.replace(
        "  - Die Verwaltung berichtet.\n", "  - text: Die Verwaltung berichtet.\n    lfd_nr: 5\n")
    assert lfd_nrn(pfad) == [["5"]]


def test_markdown_mit_crlf(tmp_path):
    vorher = "---\r\ntitel: T\r\nantragspunkte:\r\n  - A\r\n...\r\nBegründung\r\n"
    pfad = schreibe(tmp_path, "antrag.md", vorher)
    assert festschreiben(pfad, {(0, 0): 8}, "antrag.md") == []
    assert pfad.read_bytes() == vorher.replace("  - A\r\n", "  - text: A\r\n    lfd_nr: 8\r\n").encode("utf-8")


def test_markdown_meldung_nennt_zeile_der_datei(tmp_path):
    pfad = schreibe(tmp_path, "antrag.md", "---\n" + KOPF + "antragspunkte:\n  - {text: A}\n---\nBegründung\n")
    meldungen = festschreiben(pfad, {(0, 0): 5}, "antrag.md")
    assert [str(m) for m in meldungen] == [
        "antrag.md:5:5: Warnung: lfd. Nr. 5 kann hier nicht eingetragen werden (Kurzschreibweise); "
        "bitte 'lfd_nr: 5' von Hand ergänzen."]


def test_crlf_bleibt_crlf(tmp_path):
    vorher = (KOPF + "antragspunkte:\n  - stelle:\n      anteil: 1\n\n  - B\n").replace("\n", "\r\n")
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    assert festschreiben(pfad, {(0, 0): 1, (0, 1): 2}, "antrag.yaml") == []
    assert pfad.read_bytes() == (
        KOPF + "antragspunkte:\n  - stelle:\n      anteil: 1\n    lfd_nr: 1\n\n  - text: B\n    lfd_nr: 2\n"
    ).replace("\n", "\r\n").encode("utf-8")


def test_bom_bleibt_erhalten(tmp_path):
    vorher = "\ufeff" + KOPF + "antragspunkte:\n  - Ä\n"
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    assert festschreiben(pfad, {(0, 0): 3}, "antrag.yaml") == []
    assert pfad.read_bytes() == ("\ufeff" + KOPF + "antragspunkte:\n  - text: Ä\n    lfd_nr: 3\n").encode("utf-8")
    assert lfd_nrn(pfad) == [["3"]]


def test_kurzschreibweise_gibt_warnung_und_laesst_datei_unveraendert(tmp_path):
    vorher = KOPF + "antragspunkte: [Erster, Zweiter]\n"
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    meldungen = festschreiben(pfad, {(0, 0): 1, (0, 1): 2}, "antrag.yaml")
    assert [str(m) for m in meldungen] == [
        "antrag.yaml:3:17: Warnung: lfd. Nr. 1 kann hier nicht eingetragen werden (Kurzschreibweise); "
        "bitte 'lfd_nr: 1' von Hand ergänzen.",
        "antrag.yaml:3:25: Warnung: lfd. Nr. 2 kann hier nicht eingetragen werden (Kurzschreibweise); "
        "bitte 'lfd_nr: 2' von Hand ergänzen.",
    ]
    assert pfad.read_text(encoding="utf-8") == vorher


def test_blockskalar_als_punkt_gibt_warnung_andere_punkte_werden_geschrieben(tmp_path):
    vorher = KOPF + "antragspunkte:\n  - |\n    Langer Text\n  - {text: B}\n  - C\n"
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    meldungen = festschreiben(pfad, {(0, 0): 1, (0, 1): 2, (0, 2): 3}, "antrag.yaml")
    assert [(m.stufe, m.ort.zeile, m.ort.spalte) for m in meldungen] == [("Warnung", 4, 5), ("Warnung", 6, 5)]
    assert pfad.read_text(encoding="utf-8") == vorher.replace("  - C\n", "  - text: C\n    lfd_nr: 3\n")


def test_gleiche_lfd_nr_bleibt_unberuehrt_andere_ist_fehler(tmp_path):
    vorher = KOPF + "antragspunkte:\n  - text: A\n    lfd_nr: 3210\n  - {text: B, lfd_nr: 3215}\n  - text: C\n    lfd_nr: 99\n"
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    vorher_stat = pfad.stat().st_mtime_ns
    meldungen = festschreiben(pfad, {(0, 0): 3210, (0, 1): 3215, (0, 2): 3220}, "antrag.yaml")
    assert [str(m) for m in meldungen] == [
        "antrag.yaml:8:13: Fehler: Der Punkt hat schon 'lfd_nr: 99'; die vergebene lfd. Nr. 3220 wird nicht "
        "eingetragen. Bitte prüfen, welche Nummer gilt."]
    assert pfad.read_text(encoding="utf-8") == vorher
    assert pfad.stat().st_mtime_ns == vorher_stat


def test_fehlender_punkt_ist_fehler(tmp_path):
    pfad = schreibe(tmp_path, "antrag.yaml", KOPF + "antragspunkte:\n  - A\n")
    meldungen = festschreiben(pfad, {(0, 0): 1, (0, 4): 2}, "antrag.yaml")
    assert [str(m) for m in meldungen] == [
        "antrag.yaml: Fehler: Den 5. Antragspunkt gibt es in der Datei nicht mehr; lfd. Nr. 2 wurde nicht eingetragen."]
    assert lfd_nrn(pfad) == [["1"]]


def test_unsichere_aenderung_wird_nicht_geschrieben(tmp_path):
    # `|+` keeps its trailing blank lines: a line inserted after the text would change it
    vorher = KOPF + "antragspunkte:\n  - text: |+\n      Text\n\n  - B\n"
    pfad = schreibe(tmp_path, "antrag.yaml", vorher)
    meldungen = festschreiben(pfad, {(0, 0): 1, (0, 1): 2}, "antrag.yaml")
    assert [str(m) for m in meldungen] == [
        "antrag.yaml: Fehler: Die lfd. Nr. lassen sich in dieser Datei nicht sicher eintragen; die Datei bleibt "
        "unverändert. Bitte die Nummern von Hand als 'lfd_nr:' ergänzen."]
    assert pfad.read_text(encoding="utf-8") == vorher


def test_kaputtes_yaml_gibt_lade_fehler(tmp_path):
    pfad = schreibe(tmp_path, "antrag.yaml", "titel: a: b\n")
    meldungen = festschreiben(pfad, {(0, 0): 1}, "antrag.yaml")
    assert [m.stufe for m in meldungen] == ["Fehler"]
    assert pfad.read_text(encoding="utf-8") == "titel: a: b\n"


def test_tabelle_gibt_warnung_je_nummer(tmp_path):
    vorher = "antrag;titel;text\na;Titel;Punkt\n"
    pfad = schreibe(tmp_path, "tabelle.csv", vorher)
    meldungen = festschreiben(pfad, {(0, 1): 3215, (0, 0): 3210}, "tabelle.csv")
    assert [str(m) for m in meldungen] == [
        "tabelle.csv: Warnung: lfd. Nr. 3210 kann nicht in Tabellen festgeschrieben werden; "
        "bitte in die Spalte 'lfd_nr' eintragen.",
        "tabelle.csv: Warnung: lfd. Nr. 3215 kann nicht in Tabellen festgeschrieben werden; "
        "bitte in die Spalte 'lfd_nr' eintragen.",
    ]
    assert pfad.read_text(encoding="utf-8") == vorher


def test_markdown_ohne_kopfdaten_bleibt_unveraendert(tmp_path):
    vorher = "# Notizen\n\ntitel: x\nantragspunkte:\n  - A\n"
    pfad = schreibe(tmp_path, "notizen.md", vorher)
    meldungen = festschreiben(pfad, {(0, 0): 1}, "notizen.md")
    assert [m.stufe for m in meldungen] == ["Fehler"]
    assert pfad.read_text(encoding="utf-8") == vorher

"""Bad input: German message with file:line:column, what was expected; exit codes (SPEC §6, §8)."""

from __future__ import annotations

import pytest

FAELLE = [
    ("unbekannter-schluessel",
     ["eingaben/antrag.yaml:5:1: Fehler: Unbekannter Schlüssel 'begründung'; meinten Sie 'begruendung'?"]),
    ("titel-fehlt", ["eingaben/antrag.yaml:1:1: Fehler: Pflichtangabe 'titel' fehlt."]),
    ("doppelter-schluessel",
     ["eingaben/antrag.yaml:3:1: Fehler: Der Schlüssel 'titel' steht doppelt (zuerst in Zeile 1)."]),
    ("ungueltiges-datum",
     ["eingaben/antrag.yaml:3:8: Fehler: Das Datum 2024-02-30 gibt es nicht im Kalender (erwartet z. B. 2021-11-05)."]),
    ("tabulator",
     ["eingaben/antrag.yaml:4:1: Fehler: Kein gültiges YAML: Tabulatorzeichen sind in YAML nicht erlaubt; "
      "bitte mit Leerzeichen einrücken."]),
    ("kaputtes-yaml",
     ["eingaben/antrag.yaml:1:18: Fehler: Kein gültiges YAML: hier darf kein Doppelpunkt mit Leerzeichen stehen; "
      "Text mit ': ' bitte in Anführungszeichen setzen."]),
    ("stelle-falsch", [
        "eingaben/antrag.yaml:7:15: Fehler: Stellenanteil 0 muss größer als 0 und höchstens 100 sein.",
        "eingaben/antrag.yaml:11:15: Fehler: 'eine halbe' ist keine Zahl (erwartet z. B. 0,5 oder 50.000).",
        "eingaben/antrag.yaml:13:7: Fehler: Pflichtangabe 'anteil' fehlt.",
    ]),
    ("falsche-art",
     ["eingaben/antrag.yaml:2:6: Fehler: 'beschluss' ist hier nicht erlaubt; erlaubt: 'antrag', "
      "'haushaltsantrag', 'aenderungsantrag', 'anfrage'."]),
    ("baustein-fehlt",
     ["eingaben/antrag.yaml:7:15: Fehler: Textbaustein 'klimaschutz' im Antrag 'antrag' nicht gefunden "
      "(erwartet: eingaben/bausteine/klimaschutz.md)."]),
    ("mittel-ohne-jahre",
     ["eingaben/antrag.yaml:7:7: Fehler: Für 'mittel' fehlen die Jahre: 'jahre' beim Punkt oder "
      "'haushaltsjahre' beim Antrag angeben."]),
]


@pytest.mark.parametrize(("name", "erwartet"), FAELLE, ids=[f[0] for f in FAELLE])
def test_fehlerhafte_eingabe_gibt_deutsche_meldung_mit_ort(fall, antragsgen, name, erwartet):
    fall(name)
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == erwartet
    assert lauf.code == 1
    assert "Traceback" not in lauf.err + lauf.out


def test_pruefen_meldet_alle_probleme_aller_dateien_in_einem_lauf(fall, antragsgen):
    fall("viele-fehler")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == [
        "eingaben/README.md:1: Warnung: Markdown-Datei ohne Kopfdaten (--- … ---) wird übersprungen.",
        "eingaben/a.yaml:3:16: Fehler: 'antragspunkte' darf nicht leer sein.",
        "eingaben/a.yaml:4:1: Fehler: Unbekannter Schlüssel 'begruendng'; meinten Sie 'begruendung'?",
        "eingaben/b.md:4:8: Fehler: Das Datum 31.4.2022 gibt es nicht im Kalender (erwartet z. B. 2021-11-05).",
    ]
    assert "1 Antrag in Ordnung, 2 fehlerhaft" in lauf.out
    assert lauf.code == 1


def test_erzeugen_schreibt_die_guten_antraege_trotz_fehlerhafter(fall, antragsgen):
    projekt = fall("viele-fehler")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 1
    assert projekt.ausgabe("c.pdf").is_file()
    assert sorted(p.name for p in (projekt.ordner / "ausgabe").glob("*.pdf")) == ["c.pdf", "uebersicht.pdf"]
    assert "1 Antrag erzeugt, 2 fehlerhaft" in lauf.out


def test_doppelte_lfd_nr_nennt_beide_stellen_und_schreibt_keinen_der_beiden(fall, antragsgen):
    projekt = fall("doppelte-lfd-nr")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.zeilen == [
        "eingaben/a.yaml:8:13: Fehler: lfd. Nr. 7000 ist doppelt vergeben (auch in eingaben/b.yaml:7:13).",
        "eingaben/b.yaml:7:13: Fehler: lfd. Nr. 7000 ist doppelt vergeben (auch in eingaben/a.yaml:8:13).",
    ]
    assert lauf.code == 1
    assert not projekt.ausgabe("baeume.pdf").exists()
    assert not projekt.ausgabe("baenke.pdf").exists()
    assert projekt.ausgabe("brunnen.pdf").is_file()


def test_falsche_einstellung_ist_exit_2_und_schreibt_nichts(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[ausgabe]\npdf_variante = "pdf/a-1b"\n')
    projekt.datei("eingaben/a.yaml", "titel: A\nfraktion: F\nantragspunkte: [Tun.]\nbegruendung: Weil.\n")
    lauf = antragsgen("erzeugen")
    assert lauf.code == 2
    assert lauf.zeilen[0].startswith("antragsgen.toml: Fehler: [ausgabe] pdf_variante: 'pdf/a-1b' ist hier nicht erlaubt")
    assert not (projekt.ordner / "ausgabe").exists()


def test_kaputtes_toml_nennt_zeile(projekt, antragsgen):
    projekt.datei("antragsgen.toml", "[antrag]\ngremium = \n")
    lauf = antragsgen("pruefen")
    assert lauf.code == 2
    assert lauf.zeilen[0].startswith("antragsgen.toml:2:")
    assert "Kein gültiges TOML" in lauf.zeilen[0]


def test_unbekannte_quelle_und_option_sind_exit_2_auf_deutsch(projekt, antragsgen):
    lauf = antragsgen("erzeugen", "gibtsnicht.yaml")
    assert (lauf.code, lauf.zeilen) == (2, ["Fehler: Die Quelle 'gibtsnicht.yaml' gibt es nicht."])
    lauf = antragsgen("erzeugen", "--gibtsnicht")
    assert lauf.code == 2
    assert "Fehler: Unbekannte Option '--gibtsnicht'." in lauf.err
    assert "Error" not in lauf.err


def test_windows_1252_datei_wird_mit_warnung_gelesen(projekt, antragsgen):
    projekt.datei("eingaben/alt.yaml", "titel: Straßenbäume für Möhringen\nfraktion: F\n"
                  "antragspunkte: [Pflanzen.]\nbegruendung: Schön.\n".encode("cp1252"))
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.code == 0
    assert lauf.zeilen == ["eingaben/alt.yaml:1: Warnung: Die Datei ist nicht UTF-8-kodiert; sie wurde als "
                           "Windows-1252 gelesen. Bitte als UTF-8 speichern."]
    assert "Straßenbäume für Möhringen" in projekt.ausgabe("alt.html").read_text(encoding="utf-8")


def test_yaml_anker_werden_abgelehnt(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "titel: &t Hallo\nfraktion: *t\nantragspunkte: [Tun.]\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == ["eingaben/a.yaml:1:8: Fehler: YAML-Anker und -Aliase (&, *) werden nicht "
                           "unterstützt; bitte den Text ausschreiben."]


def test_yaml_11_fallen_bleiben_text(projekt, antragsgen):
    """`NO`, `on`, a year or a date as a title stay the user's text; `0,5` is a share."""
    projekt.datei("eingaben/a.yaml", "titel: NO\noberzeile: 2022\nfraktion: on\nnummer: 0123\n"
                  "antragspunkte:\n  - stelle:\n      anteil: 0,5\n    zweck: für Norwegen\nbegruendung: 2021-11-05\n")
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.code == 0, lauf.err
    html = projekt.ausgabe("a.html").read_text(encoding="utf-8")
    for text in (">NO<", ">2022<", ">on<", "Nr. 0123", "0,5\u00a0Stelle für Norwegen", "2021-11-05"):
        assert text in html


def test_kein_traceback_bei_internem_fehler_ohne_debug(projekt, antragsgen, monkeypatch):
    import antragsgen.api as api_modul

    def kaputt(*a, **k):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(api_modul, "pruefen", kaputt)
    lauf = antragsgen("pruefen")
    assert lauf.code == 1
    assert lauf.zeilen == ["Interner Fehler: RuntimeError: kaputt (Details mit --debug)"]
    with pytest.raises(RuntimeError):
        antragsgen("--debug", "pruefen")


def test_komma_in_geschweiften_klammern_wird_erklaert(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "titel: A\nfraktion: F\nantragspunkte:\n  - stelle: {anteil: 0,5}\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen[0] == (
        "eingaben/a.yaml:4:24: Fehler: In { … } trennt das Komma Einträge; eine Zahl wie 0,5 bitte in "
        "Anführungszeichen (\"0,5\") oder als 0.5 schreiben.")


def test_doppelpunkt_im_text_wird_erklaert(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "titel: A\nfraktion: F\nantragspunkte:\n  - Punkt 1: die Verwaltung prüft.\n")
    lauf = antragsgen("pruefen")
    assert lauf.zeilen == ["eingaben/a.yaml:4:5: Fehler: Unbekannter Schlüssel 'Punkt 1'; steht im Text ein "
                           "Doppelpunkt mit Leerzeichen? Dann den ganzen Text in Anführungszeichen setzen."]


def test_ein_ausrutscher_des_yaml_lesers_trifft_nur_seine_datei(projekt, antragsgen):
    """ruamel.yaml itself fails on some comments with CR line ends (NotImplementedError): that
    file's error, the other motions are still checked and written."""
    projekt.datei("eingaben/kaputt.yaml", b"\nt: #|\r\n \xc3\xa4 x\r\n   y\r\n\r\n\n#\t\n")
    projekt.datei("eingaben/gut.yaml", "titel: Bänke\nfraktion: SPD\nantragspunkte:\n  - Wir beantragen Bänke.\n")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 1 and "Traceback" not in lauf.err + lauf.out and "Interner Fehler" not in lauf.out + lauf.err
    assert ("eingaben/kaputt.yaml: Fehler: Kein gültiges YAML: der YAML-Leser kommt mit dieser Datei nicht zurecht "
            "(vermutlich ein Kommentar an ungewöhnlicher Stelle oder gemischte Zeilenenden; NotImplementedError).") \
        in lauf.zeilen
    assert projekt.ausgabe("gut.pdf").is_file()

"""Shapes of real papers (SPEC §3.7) and sections (§3.8): sentences, order, messages, costs,
numbering, the overview and the schema, read from what a user gets (PDF text, CSV, YAML)."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from antragsgen.modell import Antrag, Antragspunkt
from conftest import WURZEL, normal, ohne_umbruch, pdf_fliesstext


def satz(mittel: dict, zweck: str | None = "für Sport", jahre=(2021,)) -> str:
    daten = {"mittel": {"jahre": list(jahre), **mittel}}
    if zweck:
        daten["zweck"] = zweck
    return normal(Antragspunkt.model_validate(daten).satz)


# --- the sentences of SPEC §3.7 ------------------------------------------------------------------

@pytest.mark.parametrize("mittel, jahre, erwartet", [
    ({"bisher": "117.000", "neu": "200.000"}, (2013,),
     "Der Ansatz für Sport wird 2013 von 117.000 € um 83.000 € auf 200.000 € erhöht"),
    ({"bisher": 100000, "betrag": "-20.000"}, (2021,),
     "Der Ansatz für Sport wird 2021 von 100.000 € um 20.000 € auf 80.000 € gesenkt"),
    ({"bisher": {2021: "70.000", 2022: "71.400"}, "betrag": "50.000"}, (2021, 2022),
     "Der Ansatz für Sport wird 2021 von 70.000 € um 50.000 € auf 120.000 € und 2022 von 71.400 € um "
     "50.000 € auf 121.400 € erhöht"),
    ({"bisher": 117000, "neu": 200000}, (2022, 2023),
     "Der Ansatz für Sport wird 2022 und 2023 jeweils von 117.000 € um 83.000 € auf 200.000 € erhöht"),
    ({"bisher": {2021: 100, 2022: 100}, "betraege": {2021: 50, 2022: -50}}, (2021, 2022),
     "Der Ansatz für Sport wird 2021 von 100 € um 50 € auf 150 € erhöht und 2022 von 100 € um 50 € auf 50 € gesenkt"),
    ({"bisher": 117000, "betrag": 10000, "neu": 127000}, (2021,),
     "Der Ansatz für Sport wird 2021 von 117.000 € um 10.000 € auf 127.000 € erhöht"),
    ({"betrag": 500000, "dauerhaft": True}, (2024, 2025),
     "Für Sport werden ab 2024 dauerhaft jährlich 500.000 € bereitgestellt"),
    ({"betraege": {2024: 400000, 2025: 500000}, "dauerhaft": True}, (2024, 2025),
     "Für Sport werden 2024 400.000 € und 2025 500.000 €, danach dauerhaft jährlich 500.000 € bereitgestellt"),
    ({"bisher": 1000, "betrag": 500, "dauerhaft": True}, (2024, 2025),
     "Der Ansatz für Sport wird ab 2024 dauerhaft von 1.000 € um 500 € auf 1.500 € erhöht"),
])
def test_ansatzsaetze(mittel, jahre, erwartet):
    assert satz(mittel, jahre=jahre) == erwartet


def test_ansatz_ohne_zweck():
    assert satz({"bisher": 10, "betrag": 5}, zweck=None) == "Der Ansatz wird 2021 von 10 € um 5 € auf 15 € erhöht"


# --- wrong combinations: located German errors -----------------------------------------------------

KOPF = "titel: T\nfraktion: F\nart: haushaltsantrag\nhaushaltsjahre: [2022]\nbegruendung: Weil.\n"


@pytest.mark.parametrize("rumpf, erwartet", [
    ("antragspunkte:\n  - mittel:\n      bisher: 100\n",
     "8:7: Fehler: Zu 'bisher' gehört die Änderung ('betrag' oder 'betraege') oder der neue Ansatz ('neu')."),
    ("antragspunkte:\n  - mittel:\n      bisher: 100\n      betrag: 10\n      neu: 200\n",
     "8:7: Fehler: Bei 'mittel': die Angaben für 2022 passen nicht zusammen: bisher 100 € und Änderung 10 € "
     "ergeben 110 €, nicht 200 €."),
    ("antragspunkte:\n  - mittel:\n      betrag: -5.000\n",
     "8:7: Fehler: Betrag -5.000 ist negativ: Kürzungen brauchen den bisherigen Ansatz ('bisher'), der gekürzt wird."),
    ("antragspunkte:\n  - mittel:\n      neu: 5.000\n",
     "8:7: Fehler: 'neu' gibt den neuen Ansatz an und braucht den bisherigen: bitte 'bisher' angeben."),
    ("antragspunkte:\n  - mittel:\n      bisher: 100\n      betrag: -200\n",
     "8:7: Fehler: Bei 'mittel': die Kürzung für 2022 ist größer als der bisherige Ansatz (100 €)."),
    ("reihenfolge: [antragspunkte, deckungsvorschlag]\nantragspunkte: [a]\n",
     "6:14: Fehler: 'deckungsvorschlag' ist kein Teil eines Antrags; erlaubt sind: vorbemerkung, antragspunkte, "
     "begruendung, kosten, deckung, unterzeichnende."),
    ("reihenfolge: [deckung, deckung]\nantragspunkte: [a]\n",
     "6:14: Fehler: 'deckung' steht zweimal in 'reihenfolge'."),
    ("aufzaehlung: striche\nantragspunkte: [a]\n",
     "6:14: Fehler: 'striche' ist hier nicht erlaubt; erlaubt: 'nummeriert', 'spiegelstriche', 'absaetze'."),
    ("antragspunkte: [a]\nabschnitte:\n  - antragspunkte: [b]\n",
     "7:1: Fehler: Ein Antrag hat entweder 'abschnitte' oder 'antragspunkte', nicht beides ('antragspunkte' steht "
     "in Zeile 6); bitte die Punkte in die Abschnitte verschieben."),
    ("abschnitte:\n  - ueberschrift: I.\n    antragspunkte:\n      - mittel: {betrag: -1}\n",
     "9:17: Fehler: Betrag -1 ist negativ: Kürzungen brauchen den bisherigen Ansatz ('bisher'), der gekürzt wird."),
    ("abschnitte:\n  - ueberschrift: I.\n", "7:5: Fehler: Pflichtangabe 'antragspunkte' fehlt."),
    ("datum: ohn\nantragspunkte: [a]\n",
     "6:8: Fehler: 'ohn' ist kein Datum (erwartet z. B. 2021-11-05 oder 5.11.2021)."),
])
def test_falsche_angaben_sind_fehler_an_ihrer_stelle(projekt, antragsgen, rumpf, erwartet):
    projekt.datei("eingaben/a.yaml", KOPF + rumpf)
    lauf = antragsgen("pruefen")
    assert lauf.code == 1
    assert f"eingaben/a.yaml:{erwartet}" in [normal(z) for z in lauf.zeilen]


def test_abschnitt_punkt_wird_mit_seinem_pfad_geortet(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[personalkosten]\n"EG 13" = 95000\n')
    projekt.datei("eingaben/a.yaml", KOPF + (
        "abschnitte:\n  - ueberschrift: I.\n    antragspunkte: [x]\n"
        "  - ueberschrift: II.\n    antragspunkte:\n      - text: y\n      - stelle: {anteil: 1, entgeltgruppe: EG 9}\n"))
    lauf = antragsgen("erzeugen", "-f", "html")
    assert (
        "eingaben/a.yaml:12:9: Warnung: Keine Personalkosten für Punkt 2 in Abschnitt 2: für die Entgeltgruppe "
        "'EG 9' ist in antragsgen.toml unter [personalkosten] kein Satz hinterlegt; die Kosten fehlen in den Summen.") in lauf.zeilen


# --- what the PDF says, in which order ---------------------------------------------------------------

PAPIER = """\
id: papier
titel: Stadtteilkultur sichern
unterzeile: Änderungsantrag zum Haushaltsplanentwurf 2013
art: haushaltsantrag
gremium: Bezirksversammlung
fraktion: [Alpha, Beta, Gamma]
ort: Hamburg
datum: ohne
haushaltsjahre: [2013]
einleitung: |
  Der Ausschuss möge beschließen,
  die Versammlung möge beschließen:
aufzaehlung: spiegelstriche
abschnitte:
  - ueberschrift: I. Sachentscheidung
    antragspunkte:
      - Erster Punkt
      - Zweiter Punkt
    begruendung: Grund für den ersten Abschnitt.
  - ueberschrift: II. Finanzierung
    einleitung: "Dafür werden bereitgestellt:"
    antragspunkte:
      - zweck: für Kultur
        mittel: {bisher: 117.000, neu: 200.000}
      - zweck: für Gutachten
        mittel: {bisher: 50.000, betrag: -20.000}
reihenfolge: [antragspunkte, deckung, begruendung]
deckung: Aus Mehrerträgen.
ueberschriften: {begruendung: "Sachverhalt:", kosten: ""}
begruendung: Der Sachverhalt.
gezeichnet: true
unterzeichnende:
  - {name: Anna A, fraktion: Alpha}
  - {name: Gerd G, fraktion: Gamma}
  - {name: Bernd B, fraktion: Beta, funktion: Vorsitz}
ansprechpartner: {name: Jonas Muster, telefon: 040 123, email: jonas@example.org}
"""


@pytest.fixture(scope="module")
def papier(modulprojekt):
    modulprojekt.datei("antragsgen.toml", "[nummern]\nstart = 100\n")
    modulprojekt.datei("eingaben/papier.yaml", PAPIER)
    lauf = modulprojekt.rufe_auf("erzeugen", "-f", "pdf,html")
    assert lauf.code == 0, lauf.err
    return modulprojekt


def test_papier_liest_sich_in_der_richtigen_reihenfolge(papier):
    text = normal(pdf_fliesstext(papier.ausgabe("papier.pdf")))
    folge = ["Haushaltsantrag", "Ort Hamburg", "Stadtteilkultur sichern", "Änderungsantrag zum Haushaltsplanentwurf 2013",
             "Gemeinsamer Haushaltsantrag der Fraktionen Alpha, Beta und Gamma",
             "Der Ausschuss möge beschließen,", "die Versammlung möge beschließen:",
             "I. Sachentscheidung", "– Erster Punkt (lfd. Nr. 100)", "– Zweiter Punkt (lfd. Nr. 101)",
             "Sachverhalt:", "Grund für den ersten Abschnitt.",
             "II. Finanzierung", "Dafür werden bereitgestellt:",
             "Der Ansatz für Kultur wird 2013 von 117.000 € um 83.000 € auf 200.000 € erhöht (lfd. Nr. 102)",
             "Der Ansatz für Gutachten wird 2013 von 50.000 € um 20.000 € auf 30.000 € gesenkt (lfd. Nr. 103)",
             "Deckungsvorschlag:", "Aus Mehrerträgen.", "Sachverhalt:", "Der Sachverhalt.",
             "Summe", "gez. Anna A", "Gamma", "gez. Gerd G", "Ansprechpartner: Jonas Muster, Tel. 040 123, jonas@example.org"]
    flach = ohne_umbruch(text)
    stelle = 0
    for teil in folge:
        gefunden = flach.find(ohne_umbruch(teil), stelle)
        assert gefunden >= 0, f"{teil!r} fehlt nach Stelle {stelle}: {text}"
        stelle = gefunden + 1
    # the costs heading was left out, the date is nowhere
    assert "Finanzielle Auswirkungen" not in text and "Datum" not in text and "Begründung" not in text


def test_datum_ohne_setzt_kein_datum_in_pdf_und_xmp(papier):
    pdf = PdfReader(papier.ausgabe("papier.pdf"))
    assert "/CreationDate" not in pdf.metadata and "/ModDate" not in pdf.metadata
    xmp = pdf.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "CreateDate" not in xmp and "ModifyDate" not in xmp


def test_html_listet_spiegelstriche_und_abschnitte(papier):
    html = papier.ausgabe("papier.html").read_text(encoding="utf-8")
    assert html.count('<ul class="antragspunkte spiegelstriche">') == 2 and "<ol" not in html
    # signatures per group, in the order of `fraktion`
    gruppen = re.findall(r'<p class="gruppe">([^<]*)</p>|<span class="name">([^<]*)</span>', html)
    assert [g or n for g, n in gruppen] == ["Alpha", "gez. Anna A", "Beta", "gez. Bernd B", "Gamma", "gez. Gerd G"]
    assert re.findall(r"<h2>([^<]*)</h2>", html)[:2] == ["I. Sachentscheidung", "II. Finanzierung"]
    assert '<p class="einleitung">Der Ausschuss möge beschließen,<br>die Versammlung möge beschließen:</p>' in html


def test_kostentabelle_rechnet_mit_der_aenderung(papier):
    text = normal(pdf_fliesstext(papier.ausgabe("papier.pdf")))
    assert "102 Für Kultur 83.000 €" in " ".join(text.split())
    assert "103 Für Gutachten -20.000 €" in " ".join(text.split())
    assert "Summe 63.000 €" in " ".join(text.split())


@pytest.mark.parametrize("aufzaehlung, erwartet, nicht", [
    ("nummeriert", "<ol class=\"antragspunkte\">", "<ul"),
    ("absaetze", "<div class=\"antragspunkte absaetze\">", "<li"),
])
def test_aufzaehlung(projekt, antragsgen, aufzaehlung, erwartet, nicht):
    projekt.datei("eingaben/a.yaml", f"titel: T\nfraktion: F\naufzaehlung: {aufzaehlung}\nantragspunkte: [x, y]\n"
                  "begruendung: Weil.\n")
    assert antragsgen("erzeugen", "-f", "html,pdf").code == 0
    html = projekt.ausgabe("a.html").read_text(encoding="utf-8")
    assert erwartet in html and nicht not in html.split('class="rumpf"')[1]
    text = pdf_fliesstext(projekt.ausgabe("a.pdf"))
    assert bool(re.search(r"1\.\s+x", text)) == (aufzaehlung == "nummeriert")


def test_projektvorgaben_fuer_neue_schluessel(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[antrag]\nfraktion = "F"\ngezeichnet = true\nort = "Leipzig"\n'
                  'aufzaehlung = "spiegelstriche"\nueberschriften = { begruendung = "Erläuterung:" }\n')
    projekt.datei("eingaben/a.yaml", "titel: T\ndatum: 2013-01-05\nantragspunkte: [x]\nbegruendung: Weil.\n"
                  "unterzeichnende: [Anna A]\n")
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    text = normal(pdf_fliesstext(projekt.ausgabe("a.pdf")))
    assert "Leipzig, 5. Januar 2013" in text and re.search(r"–\s+x", text) and "Erläuterung:" in text and "gez. Anna A" in text


def test_unbekannter_schluessel_in_den_projektvorgaben(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[antrag]\nfraktion = "F"\nunterzeile2 = "x"\n')
    projekt.datei("eingaben/a.yaml", "titel: T\nantragspunkte: [x]\n")
    lauf = antragsgen("pruefen")
    assert lauf.code == 2
    assert lauf.zeilen == ["antragsgen.toml: Fehler: [antrag] 'unterzeile2' ist kein Schlüssel eines Antrags; "
                           "meinten Sie 'unterzeile'?"]


def test_kosten_laut_antrag_mit_eigenen_jahren_und_warnung_bei_punktkosten(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "titel: T\nfraktion: F\nantragspunkte: [x]\nbegruendung: Weil.\n"
                  "kosten: {2024: 599.000, 2028: 741.000}\n")
    projekt.datei("eingaben/b.yaml", "titel: B\nfraktion: F\nhaushaltsjahre: [2022]\nbegruendung: Weil.\n"
                  "antragspunkte:\n  - mittel: {betrag: 10}\nkosten: {2022: 5}\n")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.zeilen == ["eingaben/b.yaml:7:1: Warnung: Die Antragspunkte nennen selbst Kosten; die Angabe "
                           "'kosten' des Antrags wird deshalb nicht verwendet."]
    text = " ".join(normal(pdf_fliesstext(projekt.ausgabe("a.pdf"))).split())
    assert "Maßnahme 2024 2028 Kosten laut Antrag 599.000 € 741.000 € Summe 599.000 € 741.000 €" in text
    zeilen = list(csv.reader(io.StringIO(projekt.ausgabe("uebersicht.csv").read_text(encoding="utf-8-sig")),
                             delimiter=";"))
    laut_antrag = [z for z in zeilen if "Kosten laut Antrag" in z]
    assert len(laut_antrag) == 1 and laut_antrag[0][1] == "a"
    kopf = zeilen[0]
    assert {"2022", "2024", "2028"} <= set(kopf)
    assert laut_antrag[0][kopf.index("2024")] == "599000" and laut_antrag[0][kopf.index("2022")] == ""


# --- the overview: figures recomputed from the inputs -----------------------------------------------

def test_uebersicht_traegt_aenderung_kuerzung_und_dauerhaft(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", """\
titel: Sport
art: haushaltsantrag
fraktion: F
haushaltsjahre: [2022, 2023]
begruendung: Weil.
antragspunkte:
  - mittel: {bisher: {2022: 70.000, 2023: 71.400}, betrag: 50.000}
  - mittel: {bisher: 90.000, betrag: -20.000}
  - mittel: {bisher: 117.000, neu_je_jahr: {2022: 200.000, 2023: 210.000}}
  - mittel: {betrag: 150.000, dauerhaft: true}
""")
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    zeilen = list(csv.reader(io.StringIO(projekt.ausgabe("uebersicht.csv").read_text(encoding="utf-8-sig")),
                             delimiter=";"))
    kopf = zeilen[0]
    assert kopf[-2:] == ["dauerhaft", "Status"]
    j22, j23, dauer = kopf.index("2022"), kopf.index("2023"), kopf.index("dauerhaft")
    punkte = [z for z in zeilen[1:5]]
    assert [(z[j22], z[j23], z[dauer]) for z in punkte] == [
        ("50000", "50000", ""), ("-20000", "-20000", ""), ("83000", "93000", ""), ("150000", "150000", "dauerhaft")]
    summe = next(z for z in zeilen if z[1:2] == ["Summe"])
    # recomputed from the inputs: the change, not the Ansatz, is the cost; the cut lowers it
    erwartet = [Decimal(50000 - 20000 + (200000 - 117000) + 150000), Decimal(50000 - 20000 + (210000 - 117000) + 150000)]
    assert [Decimal(summe[j22]), Decimal(summe[j23])] == erwartet


# --- numbering with sections ---------------------------------------------------------------------

ABSCHNITTE = """\
id: s
titel: S
art: haushaltsantrag
fraktion: F
begruendung: Weil.
abschnitte:
  - ueberschrift: I.
    antragspunkte: [Eins, Zwei]
  - ueberschrift: II.
    antragspunkte: [Drei]
"""


def nummern(projekt) -> list[str]:
    return re.findall(r"\S+ \(lfd\. Nr\. \d+\)", normal(pdf_fliesstext(projekt.ausgabe("s.pdf"))))


def test_nummern_laufen_ueber_abschnitte_und_ein_verschobener_punkt_ist_ein_neuer(projekt, antragsgen):
    projekt.datei("eingaben/s.yaml", ABSCHNITTE)
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    assert nummern(projekt) == ["Eins (lfd. Nr. 1)", "Zwei (lfd. Nr. 2)", "Drei (lfd. Nr. 3)"]
    # "Zwei" moves to section II: same text, another section, another request
    projekt.datei("eingaben/s.yaml", ABSCHNITTE.replace("[Eins, Zwei]", "[Eins]").replace("[Drei]", "[Zwei, Drei]"))
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    assert nummern(projekt) == ["Eins (lfd. Nr. 1)", "Zwei (lfd. Nr. 4)", "Drei (lfd. Nr. 3)"]


def test_nummerieren_false(projekt, antragsgen):
    projekt.datei("eingaben/s.yaml", ABSCHNITTE + "nummerieren: false\n")
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    assert nummern(projekt) == []


def test_festschreiben_in_abschnitte(projekt, antragsgen):
    from ruamel.yaml import YAML

    projekt.datei("eingaben/s.yaml", ABSCHNITTE.replace("[Eins, Zwei]", "\n      - Eins\n      - Zwei")
                  .replace("[Drei]", "\n      - Drei"))
    lauf = antragsgen("nummern", "--festschreiben")
    assert lauf.code == 0, lauf.err
    daten = YAML(typ="safe").load(projekt.ordner.joinpath("eingaben/s.yaml").read_text(encoding="utf-8"))
    assert [[p["lfd_nr"] for p in a["antragspunkte"]] for a in daten["abschnitte"]] == [[1, 2], [3]]
    assert antragsgen("pruefen").code == 0


# --- schema, OParl, the examples ---------------------------------------------------------------------

def test_schema_beschreibt_die_neuen_beispiele():
    import jsonschema
    from ruamel.yaml import YAML

    from antragsgen.schema import antrag_schema

    pruefer = jsonschema.Draft202012Validator(antrag_schema())
    yaml = YAML(typ="safe")  # as an editor reads it: a date is text
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda c, knoten: c.construct_scalar(knoten))
    for name in ("vereinssport-staerken", "verkehrssicherheit-auf-schulwegen", "stadtteilkultur-gemeinsam"):
        daten = yaml.load((WURZEL / "eingaben" / f"{name}.yaml").read_text(encoding="utf-8"))
        assert list(pruefer.iter_errors(daten)) == [], name
    beides = {"titel": "T", "antragspunkte": ["a"], "abschnitte": [{"antragspunkte": ["b"]}]}
    assert not pruefer.is_valid(beides)


def test_oparl_ohne_datum(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[oparl]\nbasis_url = "https://ris.example.de/oparl"\n')
    projekt.datei("eingaben/a.yaml", "titel: T\nfraktion: F\ndatum: ohne\nantragspunkte: [x]\nbegruendung: W.\n")
    assert antragsgen("erzeugen", "-f", "pdf,oparl").code == 0
    paper = json.loads(projekt.ausgabe("a.oparl.json").read_text(encoding="utf-8"))
    assert not {"date", "created", "modified"} & set(paper)
    assert "date" not in paper["mainFile"]


def test_flache_liste_und_pfade_eines_antrags_mit_abschnitten():
    antrag = Antrag.model_validate({"titel": "T", "fraktion": "F", "abschnitte": [
        {"antragspunkte": ["a", "b"]}, {"antragspunkte": ["c"]}]})
    assert [p.text for p in antrag.antragspunkte] == ["a", "b", "c"]
    assert antrag.punkt_pfad(2) == ("abschnitte", 1, "antragspunkte", 0)
    nummeriert = antrag.mit_nummern({1: 7, 2: 8})
    assert [p.lfd_nr for p in nummeriert.abschnitte[0].antragspunkte] == [None, 7]
    assert [p.lfd_nr for p in nummeriert.antragspunkte] == [None, 7, 8]

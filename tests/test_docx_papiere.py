"""Real papers in Word (SPEC §3.7, §3.8): what someone who opens ID.docx sees of the v2 keys,
in both built-in templates."""

from __future__ import annotations

import io
import shutil
import subprocess
import textwrap
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from antragsgen.modell import Antrag
from antragsgen.renderer.docx import DocxRenderer
from conftest import WURZEL, normal, ohne_umbruch, pdf_text
from test_docx import VORBILD, num_id, oeffnen, stil_num_id, text, texte

VORLAGEN = ("standard", "briefkopf")
TITEL = VORBILD["titel"]


def antrag(**aenderungen) -> Antrag:
    daten = {**VORBILD, **aenderungen}
    return Antrag.model_validate({k: v for k, v in daten.items() if v is not None})


@pytest.fixture(scope="module", params=VORLAGEN)
def renderer(request) -> DocxRenderer:
    return DocxRenderer(WURZEL / "vorlagen" / request.param / "antrag.docx")


@pytest.fixture(scope="module")
def standard() -> DocxRenderer:
    return DocxRenderer(WURZEL / "vorlagen" / "standard" / "antrag.docx")


def absatz(dok, inhalt: str):
    return next(p for p in dok.paragraphs if text(p) == inhalt)


def abstrakt(dok, nid: str):
    """The list definition (w:abstractNum) behind numId `nid`."""
    numbering = dok.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == nid)
    aid = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    return next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == aid)


def ebene0(dok, nid: str) -> tuple[str, str]:
    """numFmt and lvlText of level 0 of list `nid`: ("bullet", "–"), ("decimal", "%1.")."""
    lvl = abstrakt(dok, nid).find(qn("w:lvl"))
    return lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val"))


def start_override(dok, nid: str) -> str | None:
    num = next(n for n in dok.part.numbering_part.element.findall(qn("w:num")) if n.get(qn("w:numId")) == nid)
    start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    return None if start is None else start.get(qn("w:val"))


def teil(daten: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(daten)) as z:
        return z.read(name).decode("utf-8")


PUNKTE = [{"text": "Erstens", "lfd_nr": 5}, {"text": "Zweitens", "lfd_nr": 6}, "Drittens"]
ABSCHNITTE = [
    {"ueberschrift": "I. Sachentscheidung",
     "antragspunkte": [{"text": "Eins", "lfd_nr": 1}, {"text": "Zwei", "lfd_nr": 2}],
     "begruendung": "Weil es **nötig** ist."},
    {"ueberschrift": "II. Finanzierung", "einleitung": "Zur Finanzierung:",
     "antragspunkte": [{"text": "Drei", "lfd_nr": 3}, {"text": "Vier", "lfd_nr": 4}]},
]


# head ---------------------------------------------------------------------------------------

def test_unterzeile_steht_unter_dem_titel_in_eigener_formatvorlage(renderer):
    dok = oeffnen(renderer.render(antrag(unterzeile="Änderungsantrag zum Haushaltsplanentwurf 2013")))
    alle = texte(dok)
    assert alle[alle.index(TITEL) + 1] == "Änderungsantrag zum Haushaltsplanentwurf 2013"
    assert absatz(dok, "Änderungsantrag zum Haushaltsplanentwurf 2013").style.name == "Unterzeile"


def test_ohne_unterzeile_kein_leerer_absatz_und_keine_neue_formatvorlage(renderer):
    dok = oeffnen(renderer.render(antrag()))
    alle = texte(dok)
    assert alle[alle.index(TITEL) + 1] == "Wir beantragen:"
    assert "Unterzeile" not in [s.name for s in dok.styles]


def test_eigene_formatvorlage_der_vorlage_wird_genommen(tmp_path):
    dok = Document(WURZEL / "vorlagen" / "standard" / "antrag.docx")
    eigene = dok.styles.add_style("Unterzeile", 1)  # a group's own style of that name
    eigene.font.italic = True
    dok.save(tmp_path / "antrag.docx")
    ergebnis = oeffnen(DocxRenderer(tmp_path / "antrag.docx").render(antrag(unterzeile="Zum Haushalt")))
    stil = absatz(ergebnis, "Zum Haushalt").style
    assert stil.name == "Unterzeile" and stil.font.italic
    assert [s.name for s in ergebnis.styles].count("Unterzeile") == 1


def test_gemeinsamer_antrag_nennt_die_fraktionen_neben_der_antragsart(renderer):
    dok = oeffnen(renderer.render(antrag(fraktion=["SPD", "Grüne", "FDP"], unterzeile="Zum Haushalt")))
    alle = texte(dok)
    zeile = "Gemeinsamer Haushaltsantrag der Fraktionen SPD, Grüne und FDP"
    assert absatz(dok, zeile).style.name == "Antragsteller"
    assert alle.index(TITEL) + 2 == alle.index(zeile)  # under title and Unterzeile, as in the PDF
    assert any(t.startswith("Haushaltsantrag") for t in alle)  # the kind of motion stays


def test_antragsteller_ersetzt_nur_die_zeile_der_fraktionen(renderer):
    zeile = "Gemeinsamer Antrag der Stadtratsfraktionen von CSU, SPD und BÜNDNIS 90/DIE GRÜNEN"
    dok = oeffnen(renderer.render(antrag(fraktion=["CSU", "SPD", "Grüne"], antragsteller=zeile)))
    alle = texte(dok)
    assert zeile in alle and not any(t.startswith("Gemeinsamer Haushaltsantrag") for t in alle)
    assert any(t.startswith("Haushaltsantrag") for t in alle)


def test_eine_fraktion_hat_keine_antragstellerzeile(renderer):
    dok = oeffnen(renderer.render(antrag()))
    assert not [p for p in dok.paragraphs if p.style.name == "Antragsteller"]


def test_datum_ohne_setzt_nirgends_ein_datum(renderer):
    daten = renderer.render(antrag(datum="ohne"))
    dok = oeffnen(daten)
    alle = "\n".join(texte(dok))
    assert "2021" not in alle and "Datum" not in alle
    assert "Haushaltsantrag" in texte(dok)  # the head line without a tab or date
    assert dok.core_properties.created is None and dok.core_properties.modified is None
    kern = teil(daten, "docProps/core.xml")
    assert "dcterms:created" not in kern and "dcterms:modified" not in kern


def test_ort_steht_vor_dem_datum(renderer):
    dok = oeffnen(renderer.render(antrag(ort="Hamburg", datum="2009-09-30")))
    assert any(t.endswith("\tHamburg, 30. September 2009") for t in texte(dok))
    assert dok.core_properties.created.date().isoformat() == "2009-09-30"


def test_ort_ohne_datum():
    dok = oeffnen(DocxRenderer(WURZEL / "vorlagen" / "briefkopf" / "antrag.docx").render(
        antrag(ort="Leipzig", datum="ohne")))
    alle = texte(dok)
    # the Bezugszeichenzeile labels the column "Ort", not "Datum"
    assert "Art\tOrt" in alle and "Haushaltsantrag\tLeipzig" in alle


# lead, headings, order -------------------------------------------------------------------------

def test_mehrzeilige_einleitung_bleibt_zeilen(renderer):
    zeilen = "Der Ausschuss für Umwelt möge beschließen:\nDie Stadtverordnetenversammlung möge beschließen:"
    dok = oeffnen(renderer.render(antrag(einleitung=zeilen)))
    einleitung = next(p for p in dok.paragraphs if p.style.name == "Einleitung")
    assert text(einleitung).split("\n") == ["Der Ausschuss für Umwelt möge beschließen:",
                                            "Die Stadtverordnetenversammlung möge beschließen:"]
    assert len(einleitung._p.findall(f".//{qn('w:br')}")) == 1  # a real line break, one paragraph


def test_eigene_und_weggelassene_ueberschriften(renderer):
    dok = oeffnen(renderer.render(antrag(
        vorbemerkung="Vorweg.", deckung="Aus der Rücklage.",
        ueberschriften={"vorbemerkung": "Begründung/Erläuterung:", "begruendung": "Erläuterung:", "deckung": ""})))
    alle = texte(dok)
    ueberschriften = [text(p) for p in dok.paragraphs if p.style.name == "Heading 2"]
    assert ueberschriften == ["Begründung/Erläuterung:", "Erläuterung:"]
    assert alle.index("Begründung/Erläuterung:") + 1 == alle.index("Vorweg.")
    assert "Deckungsvorschlag:" not in alle and "Aus der Rücklage." in alle
    assert "Begründung:" not in alle


def test_reihenfolge_deckungsvorschlag_vor_der_begruendung(renderer):
    dok = oeffnen(renderer.render(antrag(deckung="Aus der Rücklage.",
                                         reihenfolge=["antragspunkte", "deckung", "begruendung"])))
    alle = texte(dok)
    assert alle.index("Wir beantragen:") < alle.index("Deckungsvorschlag:") < alle.index("Begründung:")
    assert alle.index("Begründung:") < alle.index("Dr. Roswitha Blind")  # the rest keeps its order


def test_reihenfolge_unterschriften_vor_den_antragspunkten(renderer):
    dok = oeffnen(renderer.render(antrag(reihenfolge=["unterzeichnende", "antragspunkte"])))
    alle = texte(dok)
    assert alle.index("Max Muster") < alle.index("Wir beantragen:") < alle.index("Begründung:")


# lists -----------------------------------------------------------------------------------------

def test_spiegelstriche_sind_eine_echte_word_aufzaehlung(renderer):
    dok = oeffnen(renderer.render(antrag(aufzaehlung="spiegelstriche", antragspunkte=PUNKTE)))
    punkte = [p for p in dok.paragraphs if text(p).startswith(("Erstens", "Zweitens", "Drittens"))]
    assert [text(p) for p in punkte] == ["Erstens (lfd. Nr. 5)", "Zweitens (lfd. Nr. 6)", "Drittens"]
    ids = {num_id(p) for p in punkte}
    assert len(ids) == 1 and None not in ids
    assert ebene0(dok, ids.pop()) == ("bullet", "\u2013")
    assert all(p.style.name == "Antragspunkt" for p in punkte)


def test_ein_einzelner_spiegelstrich_bleibt_ein_spiegelstrich(renderer):
    dok = oeffnen(renderer.render(antrag(aufzaehlung="spiegelstriche", antragspunkte=["Nur dieser"])))
    punkt = absatz(dok, "Nur dieser")
    assert ebene0(dok, num_id(punkt)) == ("bullet", "\u2013")


def test_nummeriert_ist_eine_dezimale_liste(renderer):
    dok = oeffnen(renderer.render(antrag(antragspunkte=PUNKTE)))
    punkte = [p for p in dok.paragraphs if p.style.name == "Antragspunkt"]
    assert [text(p) for p in punkte] == ["Erstens (lfd. Nr. 5)", "Zweitens (lfd. Nr. 6)", "Drittens"]
    assert ebene0(dok, stil_num_id(punkte[0].style)) == ("decimal", "%1.")


def test_absaetze_ohne_nummerierung(renderer):
    dok = oeffnen(renderer.render(antrag(aufzaehlung="absaetze", antragspunkte=PUNKTE)))
    punkte = [p for p in dok.paragraphs if text(p).startswith(("Erstens", "Zweitens", "Drittens"))]
    assert [text(p) for p in punkte] == ["Erstens (lfd. Nr. 5)", "Zweitens (lfd. Nr. 6)", "Drittens"]
    for p in punkte:
        assert num_id(p) is None and stil_num_id(p.style) is None
        assert p.style.name == "Body Text"


def test_spiegelstrich_mit_haushaltsstelle_und_verschachtelter_liste(standard):
    punkte = [{"text": "Die Verwaltung prüft:\n\n- Flächen\n- Wege", "haushaltsstelle": "THH 12", "lfd_nr": 7},
              "Sie berichtet."]
    dok = oeffnen(standard.render(antrag(aufzaehlung="spiegelstriche", antragspunkte=punkte)))
    alle = texte(dok)
    assert "Die Verwaltung prüft: (lfd. Nr. 7) (THH 12)" in alle
    unter = [absatz(dok, t) for t in ("Flächen", "Wege")]
    assert [p.style.name for p in unter] == ["List Bullet", "List Bullet"]
    assert unter[0]._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}").get(qn("w:val")) == "1"


# sections --------------------------------------------------------------------------------------

def test_abschnitte_mit_ueberschrift_in_echter_formatvorlage(renderer):
    dok = oeffnen(renderer.render(antrag(antragspunkte=None, abschnitte=ABSCHNITTE)))
    alle = texte(dok)
    ueberschriften = [(text(p), p.style.name) for p in dok.paragraphs if p.style.name.startswith("Heading")]
    assert ueberschriften == [("I. Sachentscheidung", "Heading 2"), ("Begründung:", "Heading 3"),
                              ("II. Finanzierung", "Heading 2"), ("Begründung:", "Heading 2")]
    # the motion's lead once before the first section, each section's own lead in its place
    assert alle.index("Wir beantragen:") < alle.index("I. Sachentscheidung") < alle.index("Eins (lfd. Nr. 1)")
    assert alle.index("Zwei (lfd. Nr. 2)") < alle.index("Weil es nötig ist.") < alle.index("II. Finanzierung")
    assert alle.index("II. Finanzierung") < alle.index("Zur Finanzierung:") < alle.index("Drei (lfd. Nr. 3)")
    assert absatz(dok, "Zur Finanzierung:").style.name == "Einleitung"
    assert alle.index("Vier (lfd. Nr. 4)") < alle.index(VORBILD["begruendung"][0])


def test_jede_abschnittsliste_beginnt_bei_eins(renderer):
    dok = oeffnen(renderer.render(antrag(antragspunkte=None, abschnitte=ABSCHNITTE)))
    erste = [num_id(absatz(dok, t)) for t in ("Eins (lfd. Nr. 1)", "Zwei (lfd. Nr. 2)")]
    zweite = [num_id(absatz(dok, t)) for t in ("Drei (lfd. Nr. 3)", "Vier (lfd. Nr. 4)")]
    assert erste[0] == erste[1] and zweite[0] == zweite[1]
    assert len({erste[0], zweite[0], stil_num_id(dok.styles["Antragspunkt"])}) == 3
    for nid in (erste[0], zweite[0]):
        assert ebene0(dok, nid) == ("decimal", "%1.")
        assert start_override(dok, nid) == "1"


def test_abschnitte_mit_spiegelstrichen(renderer):
    dok = oeffnen(renderer.render(antrag(antragspunkte=None, abschnitte=ABSCHNITTE, aufzaehlung="spiegelstriche")))
    ids = [num_id(absatz(dok, t)) for t in ("Eins (lfd. Nr. 1)", "Drei (lfd. Nr. 3)")]
    assert ids[0] != ids[1]
    assert [ebene0(dok, nid) for nid in ids] == [("bullet", "\u2013")] * 2


def test_lfd_nr_laufen_ueber_die_abschnitte(projekt, antragsgen):
    projekt.datei("antragsgen.toml", "[nummern]\nstart = 10\n")
    projekt.datei("eingaben/haushalt.yaml", textwrap.dedent("""\
        titel: Zwei Abschnitte
        art: haushaltsantrag
        fraktion: Musterfraktion
        datum: 2022-01-03
        begruendung: Darum.
        abschnitte:
          - ueberschrift: I. Sachentscheidung
            antragspunkte: [Eins, Zwei]
          - ueberschrift: II. Finanzierung
            antragspunkte: [Drei]
        """))
    lauf = antragsgen("erzeugen", "-f", "docx")
    assert lauf.code == 0, lauf.err
    dok = Document(projekt.ausgabe("haushalt.docx"))
    alle = texte(dok)
    assert alle.index("I. Sachentscheidung") < alle.index("Eins (lfd. Nr. 10)") < alle.index("Zwei (lfd. Nr. 11)")
    assert alle.index("II. Finanzierung") < alle.index("Drei (lfd. Nr. 12)")
    # a section of one request: a plain paragraph, as a motion of one request
    assert absatz(dok, "Drei (lfd. Nr. 12)").style.name == "Body Text"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice fehlt (werkzeuge/einrichten.sh installiert es)")
def test_libreoffice_zaehlt_jeden_abschnitt_ab_eins_und_setzt_striche(standard, tmp_path):
    for name, aufzaehlung in (("nummern", "nummeriert"), ("striche", "spiegelstriche")):
        (tmp_path / f"{name}.docx").write_bytes(standard.render(antrag(
            antragspunkte=None, abschnitte=ABSCHNITTE, aufzaehlung=aufzaehlung)))
    lauf = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "lo"), str(tmp_path / "nummern.docx"), str(tmp_path / "striche.docx")],
        capture_output=True, text=True, timeout=180)
    assert lauf.returncode == 0, lauf.stderr
    nummern = ohne_umbruch(normal(pdf_text(tmp_path / "lo" / "nummern.pdf")))
    for zeile in ("1. Eins (lfd. Nr. 1)", "2. Zwei (lfd. Nr. 2)", "1. Drei (lfd. Nr. 3)", "2. Vier (lfd. Nr. 4)"):
        assert ohne_umbruch(zeile) in nummern
    striche = ohne_umbruch(normal(pdf_text(tmp_path / "lo" / "striche.pdf")))
    for zeile in ("Eins (lfd. Nr. 1)", "Zwei (lfd. Nr. 2)", "Drei (lfd. Nr. 3)", "Vier (lfd. Nr. 4)"):
        assert "\u2013" + ohne_umbruch(zeile) in striche


# signatures, contact, costs ----------------------------------------------------------------------

def test_unterschriften_je_fraktion_nebeneinander_mit_gez(renderer):
    dok = oeffnen(renderer.render(antrag(
        fraktion=["SPD", "Grüne"], gezeichnet=True,
        unterzeichnende=[{"name": "Bert B", "fraktion": "Grüne"},
                         {"name": "Anna A", "fraktion": "SPD", "funktion": "Vorsitzende"}])))
    # one column per Fraktion, in the order of `fraktion`: its name, then its people
    (tabelle,) = [t for t in dok.tables if "SPD" in t.rows[0].cells[0].text]
    spalten = [[(text(p), p.style.name) for p in zelle.paragraphs] for zelle in tabelle.rows[0].cells]
    assert spalten == [[("SPD", "Unterschrift Fraktion"), ("gez. Anna A", "Unterschrift"),
                        ("Vorsitzende", "Unterschrift Funktion")],
                       [("Grüne", "Unterschrift Fraktion"), ("gez. Bert B", "Unterschrift")]]
    assert tabelle._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") is None  # no grid: a layout
    assert tabelle.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    assert not [p for p in dok.paragraphs if p.style.name.startswith("Unterschrift")]  # only in the table


def test_unterschriften_einer_fraktion_mit_namen_untereinander(renderer):
    dok = oeffnen(renderer.render(antrag(
        gezeichnet=True, unterzeichnende=[{"name": "Anna A", "fraktion": "Musterfraktion"}, "Bert B"])))
    unterschriften = [(text(p), p.style.name) for p in dok.paragraphs if p.style.name.startswith("Unterschrift")]
    assert unterschriften == [("Musterfraktion", "Unterschrift Fraktion"), ("gez. Anna A", "Unterschrift"),
                              ("gez. Bert B", "Unterschrift")]


def test_unterschriften_ohne_fraktion_und_ohne_gez(renderer):
    dok = oeffnen(renderer.render(antrag()))
    namen = [text(p) for p in dok.paragraphs if p.style.name == "Unterschrift"]
    assert namen == ["Dr. Roswitha Blind", "Max Muster"]
    assert not [p for p in dok.paragraphs if p.style.name == "Unterschrift Fraktion"]


def test_ansprechpartner(renderer):
    dok = oeffnen(renderer.render(antrag(
        ansprechpartner={"name": "Carla Conrad", "telefon": "040 428", "email": "carla@example.de"})))
    alle = texte(dok)
    zeile = "Ansprechpartner: Carla Conrad, Tel. 040 428, carla@example.de"
    assert absatz(dok, zeile).style.name == "Ansprechpartner"
    assert alle.index("Max Muster") < alle.index(zeile)


def test_kosten_laut_antrag_als_tabelle(projekt, antragsgen):
    projekt.datei("eingaben/kosten.yaml", textwrap.dedent("""\
        titel: Mittelfristige Planung
        fraktion: Musterfraktion
        datum: 2022-01-03
        begruendung: Darum.
        antragspunkte: [Die Verwaltung plant.]
        kosten: {2024: 599.000, 2025: -20.000}
        """))
    lauf = antragsgen("erzeugen", "-f", "docx", "-t", "briefkopf")
    assert lauf.code == 0, lauf.err
    dok = Document(projekt.ausgabe("kosten.docx"))
    assert "Finanzielle Auswirkungen:" in texte(dok)
    zeilen = [[text(z) for z in zeile.cells] for zeile in dok.tables[0].rows]
    assert zeilen == [["lfd. Nr.", "Maßnahme", "2024", "2025"],
                      ["", "Kosten laut Antrag", "599.000 €", "-20.000 €"],
                      ["", "Summe", "599.000 €", "-20.000 €"]]


# old templates, sameness ----------------------------------------------------------------------------

def test_eigene_alte_vorlage_zeigt_die_neuen_antraege(tmp_path):
    """A group's template with the first release's tags still renders every new key's motion."""
    dok = Document()
    for zeile in ("{{ antrag.titel }}", "{{ antrag.datum|datum }}", "{%p for punkt in antragspunkte %}",
                  "{{r punkt.inhalt }}", "{%p endfor %}", "{{p begruendung }}", "{{p kosten }}",
                  "{%p for person in antrag.unterzeichnende %}", "{{ person.name }}", "{%p endfor %}"):
        dok.add_paragraph(zeile)
    dok.save(tmp_path / "antrag.docx")
    ergebnis = oeffnen(DocxRenderer(tmp_path / "antrag.docx").render(antrag(
        antragspunkte=None, abschnitte=ABSCHNITTE, aufzaehlung="spiegelstriche", unterzeile="Zum Haushalt",
        gezeichnet=True, unterzeichnende=[{"name": "Anna A", "fraktion": "Musterfraktion"}])))
    alle = texte(ergebnis)
    assert alle[:2] == [TITEL, "12. November 2021"]
    assert ["Eins (lfd. Nr. 1)", "Zwei (lfd. Nr. 2)", "Drei (lfd. Nr. 3)", "Vier (lfd. Nr. 4)"] == alle[2:6]
    assert "Anna A" in alle


@pytest.mark.parametrize("aufzaehlung, ebene", [("nummeriert", ("decimal", "%1.")),
                                                 ("spiegelstriche", ("bullet", "\u2013"))])
def test_eigene_vorlage_ohne_antragspunkt_liste_bekommt_eine(tmp_path, aufzaehlung, ebene):
    dok = Document()  # python-docx's own template: no "Antragspunkt" style, no list of ours
    for zeile in ("{{ antrag.titel }}", "{{p abschnitte }}"):
        dok.add_paragraph(zeile)
    dok.save(tmp_path / "antrag.docx")
    ergebnis = oeffnen(DocxRenderer(tmp_path / "antrag.docx").render(
        antrag(antragspunkte=None, abschnitte=ABSCHNITTE, aufzaehlung=aufzaehlung)))
    ids = [num_id(absatz(ergebnis, t)) for t in ("Eins (lfd. Nr. 1)", "Drei (lfd. Nr. 3)")]
    assert None not in ids and ids[0] != ids[1]
    assert [ebene0(ergebnis, nid) for nid in ids] == [ebene] * 2


def test_gleiche_papiere_gleiche_bytes(renderer):
    def papier():
        return antrag(antragspunkte=None, abschnitte=ABSCHNITTE, aufzaehlung="spiegelstriche", unterzeile="U",
                      fraktion=["A", "B"], ansprechpartner="C", datum="ohne")

    assert renderer.render(papier()) == renderer.render(papier())

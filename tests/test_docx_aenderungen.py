"""Amendments in Word (SPEC §3.9): the Synopse as a real Word table with struck and underlined
words, and Word's own line numbering that leaves out what the PDF does not count."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from antragsgen.modell import Antrag
from antragsgen.renderer.docx import DocxRenderer
from conftest import docx_absaetze, normal, ohne_umbruch, pdf_text

VORLAGEN = ["standard", "briefkopf"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

AENDERUNG = """\
id: go-aenderung
titel: Änderung der Geschäftsordnung
art: aenderungsantrag
gremium: Bezirksbeirat Mitte
fraktion: Fraktion F
datum: 2023-05-02
bezug: Geschäftsordnung der Bezirksversammlung
haushaltsjahre: [2024]
synopse: true
vorbemerkung: Die Geschäftsordnung ist veraltet.
antragspunkte:
  - aenderung: {fundstelle: "§ 6 Satz 4", neu: "Die Sitzungen beginnen um 18 Uhr."}
  - aenderung: {fundstelle: "Ziffer 2", alt: "Die Verwaltung berichtet bis 2026", neu: "Die Verwaltung berichtet bis 2025 schriftlich"}
  - aenderung: {fundstelle: "Ziffer 5", alt: "und die Stadtwerke"}
  - mittel: {betrag: 5000}
    zweck: für Sitzungsgelder
begruendung: Die Sitzungen sollen für Berufstätige erreichbar sein.
deckung: Aus der allgemeinen Rücklage.
unterzeichnende:
  - {name: Anna Amsel, funktion: Fraktionsvorsitzende}
"""

# (place, old wording, new wording) of each operation, as the Synopse shows them
SYNOPSE = [
    ("§ 6 Satz 4", "", "Die Sitzungen beginnen um 18 Uhr."),
    ("Ziffer 2", "Die Verwaltung berichtet bis 2026", "Die Verwaltung berichtet bis 2025 schriftlich"),
    ("Ziffer 5", "und die Stadtwerke", ""),
]


@pytest.fixture(scope="module")
def ausgabe(modulprojekt):
    """The amendment as DOCX in both templates, without and with line numbers."""
    modulprojekt.datei("eingaben/go-aenderung.yaml", AENDERUNG)
    modulprojekt.datei("eingaben/ohne-synopse.yaml", AENDERUNG.replace("synopse: true", "synopse: false")
                       .replace("id: go-aenderung", "id: ohne-synopse"))
    for vorlage in VORLAGEN:
        for art, schalter in (("ohne", ()), ("zeilen", ("--zeilennummern",))):
            lauf = modulprojekt.rufe_auf("erzeugen", "-f", "docx", "-t", vorlage, "-o", f"ausgabe/{vorlage}-{art}",
                                         *schalter)
            assert lauf.code == 0, lauf.err
    return lambda vorlage, art="ohne", name="go-aenderung": modulprojekt.ausgabe(f"{vorlage}-{art}/{name}.docx")


def _text(element) -> str:
    return normal("".join(t.text or "" for t in element.iter(qn("w:t"))))


def _synopse(pfad):
    """The paragraph "Synopse:" and the table right after it."""
    dok = Document(pfad)
    ueberschrift = next(p for p in dok.paragraphs if p.text == "Synopse:")
    tabelle = ueberschrift._p.getnext()
    assert tabelle.tag == qn("w:tbl")
    return dok, ueberschrift, tabelle


def _zellen(zeile) -> list:
    return zeile.findall(qn("w:tc"))


def _runs(zelle, eigenschaft: str) -> list[str]:
    """The text of every run of `zelle` that has run property `eigenschaft` (w:strike, w:u)."""
    return [_text(r) for r in zelle.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn(eigenschaft)}") is not None]


@pytest.mark.parametrize("vorlage", VORLAGEN)
def test_synopse_ist_eine_word_tabelle_nach_den_unterschriften(ausgabe, vorlage):
    dok, ueberschrift, tabelle = _synopse(ausgabe(vorlage))
    texte = [normal(p.text) for p in dok.paragraphs]
    begruendung = next(p for p in dok.paragraphs if p.text == "Begründung:")
    assert ueberschrift.style.name == begruendung.style.name
    assert texte.index("Synopse:") > texte.index("Anna Amsel")
    assert tabelle.getnext() is None or tabelle.getnext().tag == qn("w:sectPr")  # the motion ends with it
    zeilen = tabelle.findall(qn("w:tr"))
    kopf = zeilen[0]
    assert [_text(z) for z in _zellen(kopf)] == ["Bisherige Fassung", "Neue Fassung"]
    assert kopf.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on each page
    breiten = [int(s.get(qn("w:w"))) for s in tabelle.iter(qn("w:gridCol"))]
    assert len(breiten) == 2 and breiten[0] == breiten[1]
    assert len(zeilen) == 1 + 2 * len(SYNOPSE)
    for (ort, alt, neu), ortszeile, fassung in zip(SYNOPSE, zeilen[1::2], zeilen[2::2]):
        (zelle,) = _zellen(ortszeile)  # the place spans both columns
        assert zelle.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}").get(qn("w:val")) == "2"
        assert _text(zelle) == ort and _runs(zelle, "w:i") == [ort]
        assert zelle.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:keepNext')}") is not None  # stays with its wording
        assert [_text(z) for z in _zellen(fassung)] == [alt, neu]


@pytest.mark.parametrize("vorlage", VORLAGEN)
def test_gestrichene_und_eingefuegte_woerter_sind_echte_zeichenformate(ausgabe, vorlage):
    _, _, tabelle = _synopse(ausgabe(vorlage))
    fassungen = [_zellen(z) for z in tabelle.findall(qn("w:tr"))[2::2]]
    gestrichen = [_runs(alt, "w:strike") for alt, _ in fassungen]
    unterstrichen = [_runs(neu, "w:u") for _, neu in fassungen]
    assert gestrichen == [[], ["2026"], ["und die Stadtwerke"]]
    assert unterstrichen == [["Die Sitzungen beginnen um 18 Uhr."], ["2025 schriftlich"], []]
    for alt, neu in fassungen:  # struck only in the old wording, underlined only in the new
        assert not _runs(alt, "w:u") and not _runs(neu, "w:strike")
        assert all(u.get(qn("w:val")) == "single" for u in neu.iter(qn("w:u")))
    # an empty side is an empty cell
    assert _text(fassungen[0][0]) == "" and _text(fassungen[2][1]) == ""


@pytest.mark.parametrize("vorlage", VORLAGEN)
def test_ohne_synopse_weder_ueberschrift_noch_tabelle(ausgabe, vorlage):
    absaetze = docx_absaetze(ausgabe(vorlage, name="ohne-synopse"))
    assert "Synopse:" not in [p.text for p in absaetze]
    assert "Bisherige Fassung" not in [p.text for p in absaetze]


def test_synopse_ohne_textaenderungen_bleibt_weg():
    antrag = Antrag.model_validate({"titel": "T", "art": "aenderungsantrag", "fraktion": "F", "bezug": "GRDrs 1/2023",
                                    "synopse": True, "antragspunkte": ["Ein gewöhnlicher Punkt."]})
    daten = DocxRenderer(_vorlage("standard")).render(antrag)
    texte = [p.text for p in Document(io.BytesIO(daten)).paragraphs]
    assert "Ein gewöhnlicher Punkt." in texte and "Synopse:" not in texte


def _vorlage(name: str):
    from conftest import WURZEL

    return WURZEL / "vorlagen" / name / "antrag.docx"


def _zeilennummerierung(pfad):
    return Document(pfad).element.body.find(qn("w:sectPr")).find(qn("w:lnNumType"))


@pytest.mark.parametrize("vorlage", VORLAGEN)
def test_zeilennummern_mit_words_eigener_zaehlung(ausgabe, vorlage):
    nummerierung = _zeilennummerierung(ausgabe(vorlage, "zeilen"))
    assert nummerierung is not None
    assert nummerierung.get(qn("w:countBy")) == "1" and nummerierung.get(qn("w:restart")) == "continuous"
    assert _zeilennummerierung(ausgabe(vorlage)) is None
    # without line numbers no paragraph says anything about them
    assert b"suppressLineNumbers" not in _dokument_xml(ausgabe(vorlage))


def _dokument_xml(pfad) -> bytes:
    import zipfile

    with zipfile.ZipFile(pfad) as z:
        return z.read("word/document.xml")


def _gezaehlt(pfad) -> dict[str, bool]:
    """Each paragraph's text (table cells included): whether Word counts its lines (where a text
    stands twice, as a quotation and in the Synopse, its first place)."""
    gezaehlt: dict[str, bool] = {}
    for p in Document(pfad).element.body.iter(qn("w:p")):
        if _text(p):
            gezaehlt.setdefault(_text(p), p.find(f"{qn('w:pPr')}/{qn('w:suppressLineNumbers')}") is None)
    return gezaehlt


@pytest.mark.parametrize("vorlage", VORLAGEN)
def test_kopf_titel_kosten_unterschrift_und_synopse_zaehlen_nicht(ausgabe, vorlage):
    gezaehlt = _gezaehlt(ausgabe(vorlage, "zeilen"))
    nicht = ["Änderung der Geschäftsordnung", "Bezug: Geschäftsordnung der Bezirksversammlung",
             "Finanzielle Auswirkungen:", "Maßnahme", "Für Sitzungsgelder", "5.000 €", "Anna Amsel",
             "Fraktionsvorsitzende", "Synopse:", "Bisherige Fassung", "Ziffer 2", "und die Stadtwerke"]
    if vorlage == "standard":  # briefkopf: Gremium and Fraktion stand in the letterhead
        nicht += ["Bezirksbeirat Mitte", "Fraktion F"]
    for text in nicht:
        assert gezaehlt[text] is False, text
    # the head's line with kind, number and date
    assert not any(v for t, v in gezaehlt.items() if "2. Mai 2023" in t)


@pytest.mark.parametrize("vorlage", VORLAGEN)
def test_antragspunkte_und_begruendung_zaehlen(ausgabe, vorlage):
    gezaehlt = _gezaehlt(ausgabe(vorlage, "zeilen"))
    for text in ["Die Geschäftsordnung ist veraltet.", "Wir beantragen:", "§ 6 Satz 4 erhält folgende Fassung:",
                 "Die Sitzungen beginnen um 18 Uhr.", "Begründung:",
                 "Die Sitzungen sollen für Berufstätige erreichbar sein.", "Deckungsvorschlag:",
                 "Aus der allgemeinen Rücklage."]:
        assert gezaehlt[text] is True, text


def test_eigene_word_vorlage_bekommt_zeilennummern(tmp_path):
    """A user's template with its own tags and none of the new ones: numbered, its title left out."""
    dok = Document()
    dok.add_paragraph("{{ antrag.titel }}", style="Title")
    dok.add_paragraph("{{p begruendung }}", style="Body Text")
    dok.add_paragraph("{{ antragspunkte[0].text }}")
    pfad = tmp_path / "eigen.docx"
    dok.save(pfad)
    antrag = Antrag.model_validate({"titel": "Eigener Titel", "fraktion": "F", "antragspunkte": ["Punkt eins"],
                                    "begruendung": "Weil es gut ist."})
    daten = DocxRenderer(pfad, zeilennummern=True).render(antrag)
    gezaehlt = _gezaehlt(io.BytesIO(daten))
    assert gezaehlt == {"Eigener Titel": False, "Weil es gut ist.": True, "Punkt eins": True}
    assert _zeilennummerierung(io.BytesIO(daten)) is not None


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice fehlt (werkzeuge/einrichten.sh installiert es)")
def test_libreoffice_zeigt_synopse_und_zeilennummern(ausgabe, tmp_path):
    docx = ausgabe("standard", "zeilen")
    lauf = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)], capture_output=True, text=True, timeout=180)
    assert lauf.returncode == 0, lauf.stderr
    text = normal(pdf_text(tmp_path / "go-aenderung.pdf"))
    for wort in ("2026", "2025 schriftlich", "und die Stadtwerke", "Bisherige Fassung", "Neue Fassung"):
        assert ohne_umbruch(wort) in ohne_umbruch(text[text.index("Synopse:"):]), wort
    # numbers at the start of the counted lines, from 1; head, title and Synopse without
    nummern = {int(m[1]): m[2] for m in re.finditer(r"^\s*(\d+)\s{2,}(\S.*)$", text, re.M)}
    assert sorted(nummern) == list(range(1, len(nummern) + 1)) and len(nummern) >= 8
    assert nummern[1].startswith("Die Geschäftsordnung ist veraltet.")
    assert any(z.startswith("Wir beantragen:") for z in nummern.values())
    assert not any(re.match(r"\s*\d+\s+(Änderung der Geschäftsordnung|Synopse:|Anna Amsel)", z)
                   for z in text.splitlines())

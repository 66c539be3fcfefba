"""Issue 19 on the template side: the cheaper CSS keeps what a reader sees, and a template a
user copied before it (the CSS frozen in benchmarks/massstab/) still renders the same motion."""

from __future__ import annotations

import shutil

import pypdfium2
import pytest

from conftest import WURZEL, ohne_umbruch, pdf_fliesstext

ALTES_CSS = WURZEL / "benchmarks" / "massstab" / "antrag.css"
URL = "https://www.stuttgart.de/leben/gesundheit/gesundheitsfoerderung/praevention/seite-mit-sehr-langem-namen.php"
LANGE_WOERTER = f"""id: lang
titel: Lange Wörter {URL}
art: haushaltsantrag
fraktion: Fraktionsgemeinschaft Bündnis 90/Die Grünen und Unabhängige Wählervereinigung im Gemeinderat
gremium: Gemeinderat der Landeshauptstadt Stuttgart
datum: 2021-11-12
haushaltsjahre: [2022, 2023]
antragspunkte:
  - mittel:
      betrag: 12.000
    zweck: für {URL} und Donaudampfschifffahrtsgesellschaftskapitänsmützenhersteller
  - mittel:
      betrag: 3.000
    zweck: für Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung
begruendung: |
  Siehe {URL}-und-noch-viel-laenger-als-eine-zeile bitte.

  | Spalte | Wert |
  |---|---|
  | {URL} | 1 |
unterzeichnende:
  - name: Dr. Maria Mustermann-Schulze-Wiedemann
    funktion: Fraktionsvorsitzende
  - Hans Meier
"""


def zeichen_ausserhalb(pdf, rechts_mm: float = 190.5, links_mm: float = 24.5) -> list[str]:
    """Characters of any page whose box lies outside the text column (A4, 25 mm / 20 mm margins)."""
    punkte = 72 / 25.4
    draussen = []
    dokument = pypdfium2.PdfDocument(pdf)
    try:
        for seite in dokument:
            text = seite.get_textpage()
            for i in range(text.count_chars()):
                links, _, rechts, unten = text.get_charbox(i)
                zeichen = text.get_text_range(i, 1)
                # the page number stands in the margin box at the bottom right, by design
                if zeichen.strip() and unten > 25 * punkte and (rechts > rechts_mm * punkte or links < links_mm * punkte):
                    draussen.append(zeichen)
    finally:
        dokument.close()
    return draussen


@pytest.fixture
def lange_woerter(projekt):
    projekt.datei("antragsgen.toml", "[nummern]\nstart = 3210\n")
    projekt.datei("eingaben/lang.yaml", LANGE_WOERTER)
    return projekt


def test_lange_woerter_bleiben_im_satzspiegel(lange_woerter, antragsgen):
    """URLs and long compounds in the title, the head, the cost table and a Markdown table
    are broken inside the text column, never run off the page (overflow-wrap: break-word)."""
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 0, lauf.err
    pdf = lange_woerter.ausgabe("lang.pdf")
    assert zeichen_ausserhalb(pdf) == []
    text = ohne_umbruch(pdf_fliesstext(pdf))
    assert ohne_umbruch(URL) in text
    assert "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung" in text
    assert "12.November2021" in text  # the date beside a long Fraktion name stays whole


def test_kurze_woerter_werden_in_schmalen_spalten_nicht_zerhackt(lange_woerter, antragsgen):
    """With `anywhere` on every cell a column could shrink below its words: the lfd. Nr. „32|10“
    beside a long Maßnahme. Now only the Maßnahme breaks anywhere, and only with such a word."""
    assert antragsgen("erzeugen", "-f", "pdf").code == 0
    woerter = pdf_fliesstext(lange_woerter.ausgabe("lang.pdf")).split()
    assert {"3210", "3211"} <= set(woerter)
    assert antragsgen("erzeugen", "-f", "html").code == 0
    assert '<table class="kostentabelle lange-woerter">' in lange_woerter.ausgabe("lang.html").read_text(encoding="utf-8")


def test_kostentabelle_ohne_lange_woerter_bleibt_ohne_klasse(beispielprojekt, antragsgen):
    assert antragsgen("erzeugen", "eingaben/sprachcafes-foerdern.yaml", "-f", "html").code == 0
    seite = beispielprojekt.ausgabe("sprachcafes-foerdern.html").read_text(encoding="utf-8")
    assert '<table class="kostentabelle">' in seite


def test_vorher_kopierte_vorlage_setzt_denselben_antrag(beispielprojekt, antragsgen, tmp_path):
    """A template copied before issue 19 keeps its own CSS (with `overflow-wrap: anywhere`) and
    still renders: the same text and the same pages as the template of today."""
    assert antragsgen("vorlage", "kopieren", "alt").code == 0
    shutil.copyfile(ALTES_CSS, beispielprojekt.ordner / "vorlagen" / "alt" / "antrag.css")
    ziel = "eingaben/integration-in-stuttgart-sicher-stellen.yaml"
    assert antragsgen("erzeugen", ziel, "-f", "pdf", "-o", str(tmp_path / "neu")).code == 0
    lauf = antragsgen("erzeugen", ziel, "-f", "pdf", "--vorlage", "alt", "-o", str(tmp_path / "alt"))
    assert lauf.code == 0, lauf.err
    neu, alt = (tmp_path / d / "integration-in-stuttgart-sicher-stellen.pdf" for d in ("neu", "alt"))
    assert "overflow-wrap: anywhere" in ALTES_CSS.read_text(encoding="utf-8")
    assert pdf_fliesstext(alt) == pdf_fliesstext(neu)
    assert len(pypdfium2.PdfDocument(alt)) == len(pypdfium2.PdfDocument(neu))


def test_der_massstab_ist_eingefroren():
    """The yardstick of benchmarks/messen.py: 120 pages and the CSS they were made with."""
    import tarfile

    with tarfile.open(WURZEL / "benchmarks" / "massstab" / "seiten.tar.xz") as archiv:
        namen = archiv.getnames()
    assert len(namen) == 120 and all(n.endswith(".html") for n in namen)
    assert ALTES_CSS.read_text(encoding="utf-8").startswith("/* Standardvorlage")

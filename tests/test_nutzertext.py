"""User text is text: markup, quotes, control characters, emoji, long words (SPEC §8)."""

from __future__ import annotations

import pytest

from conftest import docx_absaetze, normal, ohne_umbruch, pdf_fliesstext

BOESE = {
    "titel": 'Skript <script>alert("x")</script> & Co. {{ 7*7 }}',
    "fraktion": "Liste <b>fett</b> & Partner",
    "antragspunkte": [
        "Roh <img src=x onerror=alert(1)> bleibt Text & {% raw %}",
        "Steuerzeichen aus Word:\x0bZeile\x0c Seite\x00 Null\x1b Escape",
        "Emoji 🌳 und Rechts-nach-links \u202eabc\u202c und Nullbreite a\u200bb",
        "Langes Wort " + "Donaudampfschifffahrtsgesellschaft" * 6,
    ],
    "begruendung": "| Spalte | Wert |\n|---|---|\n" + "".join(f"| Zeile {i} | {i * 1000} € |\n" for i in range(80))
    + "\n\n[Datei](file:///etc/passwd) und <iframe src='https://example.org'></iframe>",
}


def yaml_von(daten: dict) -> str:
    import json

    # JSON is YAML: every text arrives exactly as written
    return json.dumps(daten, ensure_ascii=False)


@pytest.fixture(scope="module")
def gerendert(modulprojekt):
    modulprojekt.datei("eingaben/boese.yaml", yaml_von(BOESE))
    lauf = modulprojekt.rufe_auf("erzeugen", "-f", "pdf,docx,html")
    assert lauf.code == 0, lauf.err
    return modulprojekt


def test_html_zeigt_markup_als_text(gerendert):
    html = gerendert.ausgabe("boese.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and "<iframe" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html and "& Co. 49" not in html  # user text is never a template
    assert 'href="file:' not in html


def test_pdf_zeigt_den_text_wie_geschrieben(gerendert):
    text = normal(pdf_fliesstext(gerendert.ausgabe("boese.pdf")))
    flach = ohne_umbruch(text)
    assert ohne_umbruch('Skript <script>alert(„x“)</script> & Co. {{ 7*7 }}') in flach
    assert ohne_umbruch("Roh <img src=x onerror=alert(1)> bleibt Text & {% raw %}") in flach
    assert "Zeile 79" in text  # a table over several pages is complete
    assert "Donaudampfschifffahrtsgesellschaft" in text
    assert "Rechts-nach-links abc und" in text  # a bidi override cannot reorder what is shown


def test_docx_zeigt_den_text_wie_geschrieben(gerendert):
    texte = [normal(p.text) for p in docx_absaetze(gerendert.ausgabe("boese.docx"))]
    alles = "\n".join(texte)
    assert 'Skript <script>alert(„x“)</script> & Co. {{ 7*7 }}' in alles
    assert "Roh <img src=x onerror=alert(1)> bleibt Text & {% raw %}" in alles
    assert "\x00" not in alles and "\x1b" not in alles

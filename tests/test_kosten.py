"""Finanzielle Auswirkungen: positions × rate, funds per year, Decimal, whole euros (SPEC §5)."""

from __future__ import annotations

from decimal import Decimal

from antragsgen import api
from conftest import docx_absaetze, normal, pdf_fliesstext

TOML = '[personalkosten]\n"EG 13" = 95000\n"EG 7" = "62.000,50"\n'
ANTRAG = """\
id: kosten
titel: Kosten
art: haushaltsantrag
fraktion: F
haushaltsjahre: [2022, 2023]
antragspunkte:
  - stelle: {anteil: "0,5", entgeltgruppe: EG13}
    lfd_nr: 1
  - stelle: {anteil: "0,25", entgeltgruppe: EG 7}
    lfd_nr: 2
  - stelle: {anteil: 1, entgeltgruppe: EG 9}
    lfd_nr: 3
  - mittel: {betraege: {2022: "10.000,50", 2023: 20000}}
    zweck: für Material
    lfd_nr: 4
  - mittel: {betrag: 5000, einmalig: true}
    zweck: für Möbel
    lfd_nr: 5
begruendung: Weil.
"""


def test_kosten_je_jahr_mit_fehlendem_satz(projekt, antragsgen):
    projekt.datei("antragsgen.toml", TOML)
    projekt.datei("eingaben/kosten.yaml", ANTRAG)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0
    assert lauf.zeilen == ["eingaben/kosten.yaml:11:5: Warnung: Keine Personalkosten für Punkt 3: für die "
                           "Entgeltgruppe 'EG 9' ist in antragsgen.toml unter [personalkosten] kein Satz hinterlegt; "
                           "die Kosten fehlen in den Summen."]
    kosten = api.pruefen(projekt=projekt.ordner).antraege[0].kosten
    assert kosten.jahre == [2022, 2023]
    assert [z.betraege for z in kosten.zeilen] == [
        {2022: Decimal(47500), 2023: Decimal(47500)},
        {2022: Decimal(15500), 2023: Decimal(15500)},  # 15.500,125 rounded half up
        {2022: None, 2023: None},
        {2022: Decimal(10001), 2023: Decimal(20000)},  # 10.000,50 rounded half up
        {2022: Decimal(5000), 2023: Decimal(0)},
    ]
    assert kosten.summen == {2022: Decimal(47500 + 15500 + 10001 + 5000), 2023: Decimal(47500 + 15500 + 20000)}
    assert not kosten.vollstaendig

    text = normal(pdf_fliesstext(projekt.ausgabe("kosten.pdf")))
    assert "Finanzielle Auswirkungen:" in text
    assert "Summe (ohne Stellen ohne Satz)" in text and "78.001 €" in text and "83.000 €" in text
    assert "ohne Satz" in text
    docx = "\n".join(normal(p.text) for p in docx_absaetze(projekt.ausgabe("kosten.docx")))
    assert "Finanzielle Auswirkungen:" in docx
    import docx as python_docx

    tabelle = python_docx.Document(str(projekt.ausgabe("kosten.docx"))).tables[0]
    assert [normal(c.text) for c in tabelle.rows[-1].cells] == ["", "Summe (ohne Stellen ohne Satz)", "78.001 €", "83.000 €"]
    assert [normal(c.text) for c in tabelle.rows[1].cells] == ["1", "0,5 Stelle (EG 13)", "47.500 €", "47.500 €"]


def test_ohne_personalkosten_keine_stellenkosten_und_keine_warnung(projekt, antragsgen):
    projekt.datei("eingaben/kosten.yaml", ANTRAG)
    lauf = antragsgen("pruefen")
    assert (lauf.code, lauf.zeilen) == (0, [])
    kosten = api.pruefen(projekt=projekt.ordner).antraege[0].kosten
    assert [z.bezeichnung for z in kosten.zeilen] == ["Für Material", "Für Möbel"]


def test_antrag_ohne_stellen_und_mittel_hat_keine_kostentabelle(projekt):
    projekt.datei("antragsgen.toml", TOML)
    projekt.datei("eingaben/a.yaml", "titel: A\nfraktion: F\nhaushaltsjahre: [2022]\nantragspunkte: [Tun.]\n"
                  "begruendung: Weil.\n")
    assert api.pruefen(projekt=projekt.ordner).antraege[0].kosten is None

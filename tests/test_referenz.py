"""The reference motion reads, word for word, like the Stuttgart paper (SPEC §3.6)."""

from __future__ import annotations

import re

from conftest import FAELLE, docx_absaetze, erzeuge_referenz, normal, ohne_umbruch, pdf_fliesstext, pdf_text

VORBILD = FAELLE / "referenz" / "integration-in-stuttgart-sicher-stellen.txt"  # the Stuttgart paper, as published

SAETZE = [
    "1,0 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP für die Weiterentwicklung Stuttgarter "
    "Bündnis für Integration (lfd. Nr. 3210)",
    "0,25 Stelle Sachbearbeiter:in (EG 11) im Bereich SI-IP für Maßnahmen zur politischen "
    "Jugendpartizipation und Demokratieförderung (lfd. Nr. 3215)",
    "0,5 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP für Partizipative Handlungsstrategien zur "
    "Internationalen Stadt (lfd. Nr. 3220)",
    "0,5 Stelle Sekretär:in (EG 7) im Bereich SI-IP als Assistenz der Leitung des Welcome Center (lfd. Nr. 3225)",
]


def begruendung_absaetze() -> list[str]:
    """The six paragraphs of the paper's Begründung."""
    teil = VORBILD.read_text(encoding="utf-8").split("Begründung:", 1)[1]
    return [re.sub(r"\s+", " ", a).strip() for a in teil.split("\n\n") if a.strip()]


def test_vorbild_hat_sechs_absaetze():
    assert len(begruendung_absaetze()) == 6


def test_pdf_liest_sich_wie_das_vorbild(referenz):
    text = normal(pdf_text(referenz.with_suffix(".pdf")))
    flach = ohne_umbruch(normal(pdf_fliesstext(referenz.with_suffix(".pdf"))))
    teile = ["Integration in Stuttgart sicher stellen", "Wir beantragen:", *SAETZE, "Begründung:",
             *begruendung_absaetze()]
    positionen = [flach.find(ohne_umbruch(t)) for t in teile]
    assert all(p >= 0 for p in positionen), [t for t, p in zip(teile, positionen) if p < 0]
    assert positionen == sorted(positionen), "Reihenfolge wie im Vorbild"
    assert "12. November 2021" in text
    assert "Haushaltsantrag" in text and "Musterfraktion" in text
    assert "Seite 1 von 2" in text and "Seite 2 von 2" in text


def test_pdf_zeigt_vier_nummerierte_antragspunkte(referenz):
    flach = ohne_umbruch(normal(pdf_fliesstext(referenz.with_suffix(".pdf"))))
    for nummer, satz in enumerate(SAETZE, 1):
        assert ohne_umbruch(f"{nummer}. {satz}") in flach


def test_docx_liest_sich_wie_das_vorbild(referenz):
    absaetze = [normal(p.text).strip() for p in docx_absaetze(referenz.with_suffix(".docx"))]
    absaetze = [a for a in absaetze if a]
    assert "Integration in Stuttgart sicher stellen" in absaetze
    erwartet = ["Wir beantragen:", *SAETZE, "Begründung:", *begruendung_absaetze()]
    start = absaetze.index("Wir beantragen:")
    assert absaetze[start:start + len(erwartet)] == erwartet


def test_pdf_metadaten_sprache_und_pdfa(referenz):
    import pikepdf

    with pikepdf.open(referenz.with_suffix(".pdf")) as pdf:
        assert str(pdf.Root.Lang) == "de-DE"
        assert str(pdf.docinfo.Title) == "Integration in Stuttgart sicher stellen"
        assert str(pdf.docinfo.Author) == "Musterfraktion"
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root
        xmp = pdf.open_metadata()
        assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("2", "A")
        for seite in pdf.pages:
            for schrift in seite.Resources.Font.values():
                beschreibung = schrift.DescendantFonts[0].FontDescriptor
                assert any(k in beschreibung for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_gleiche_eingabe_gibt_gleiche_bytes(referenz, tmp_path):
    zweiter = erzeuge_referenz(tmp_path)
    for endung in (".pdf", ".docx"):
        assert zweiter.with_suffix(endung).read_bytes() == referenz.with_suffix(endung).read_bytes(), endung


def test_pdf_tags_ueberschriften_und_liste_in_lesereihenfolge(referenz):
    import pikepdf

    def struktur(knoten, ergebnis):
        if isinstance(knoten, pikepdf.Array):
            for kind in knoten:
                struktur(kind, ergebnis)
        elif isinstance(knoten, pikepdf.Dictionary) and "/S" in knoten:
            eintrag = (str(knoten.S), [])
            ergebnis.append(eintrag)
            if "/K" in knoten:
                struktur(knoten.K, eintrag[1])
        return ergebnis

    def alle(baum):
        for typ, kinder in baum:
            yield typ, kinder
            yield from alle(kinder)

    with pikepdf.open(referenz.with_suffix(".pdf")) as pdf:
        baum = struktur(pdf.Root.StructTreeRoot.K, [])
        assert pdf.Root.ViewerPreferences.DisplayDocTitle  # the title, not the file name, in the window
        assert str(pdf.docinfo.Subject) == "Haushaltsantrag"
        assert "Musterfraktion" in str(pdf.docinfo.Keywords)
    typen = [t for t, _ in alle(baum)]
    assert typen.index("/H1") < typen.index("/L") < typen.index("/H2")
    liste = next(k for t, k in alle(baum) if t == "/L")
    assert [t for t, _ in liste] == ["/LI"] * 4
    assert all([t for t, _ in li] == ["/Lbl", "/LBody"] for _, li in liste)

"""status: entwurf is marked on every page; zurueckgezogen keeps its numbers and is marked."""

from __future__ import annotations

from conftest import pdf_seiten


def test_entwurf_steht_auf_jeder_seite_in_pdf_und_docx(projekt, antragsgen):
    lang = "\n\n".join(f"Absatz {k}: " + "Lange Begründung mit vielen Worten. " * 20 for k in range(12))
    projekt.datei("eingaben/e.yaml", "titel: Entwurf\nfraktion: F\nstatus: entwurf\nantragspunkte: [Tun.]\n"
                  "begruendung: |\n" + "".join(f"  {z}\n" for z in lang.splitlines()))
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0
    seiten = pdf_seiten(projekt.ausgabe("e.pdf"))
    assert len(seiten) >= 2
    assert all("ENTWURF" in s for s in seiten)
    import docx

    dokument = docx.Document(str(projekt.ausgabe("e.docx")))
    assert "ENTWURF" in dokument.paragraphs[0].text  # page 1
    assert dokument.sections[0].header.paragraphs[0].text.startswith("ENTWURF · Entwurf")  # pages 2 and on


def test_eingereichter_antrag_hat_keine_markierung(projekt, antragsgen):
    projekt.datei("eingaben/e.yaml", "titel: Fertig\nfraktion: F\nantragspunkte: [Tun.]\nbegruendung: Weil.\n")
    assert antragsgen("erzeugen", "-f", "pdf,docx").code == 0
    assert "ENTWURF" not in "".join(pdf_seiten(projekt.ausgabe("e.pdf")))
    import docx

    dokument = docx.Document(str(projekt.ausgabe("e.docx")))
    assert dokument.sections[0].header.paragraphs[0].text == "Fertig\t"

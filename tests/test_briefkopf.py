"""The second built-in template "briefkopf": a letter after DIN 5008 with logo and accent colour (SPEC §7)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys

import pytest

from conftest import WURZEL, normal, ohne_umbruch, pdf_fliesstext, pdf_seiten, pdf_text
from conftest import erzeuge_referenz
from test_referenz import SAETZE

ORDNER = WURZEL / "vorlagen" / "briefkopf"
TITEL = "Integration in Stuttgart sicher stellen"


def erzeuge(ordner):
    """Render the reference motion with -t briefkopf, as a user would."""
    return erzeuge_referenz(ordner, "-t", "briefkopf")


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    return erzeuge(tmp_path_factory.mktemp("briefkopf"))


def farbe(hexwert: str) -> tuple[float, float, float]:
    return tuple(round(int(hexwert[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


def akzent() -> tuple[float, float, float]:
    """The accent colour, defined once in antrag.css."""
    css = (ORDNER / "antrag.css").read_text(encoding="utf-8")
    return farbe(re.search(r"--akzent:\s*(#[0-9a-fA-F]{6})", css).group(1))


def fuellfarben(seite) -> set[tuple[float, float, float]]:
    """Every RGB fill and stroke colour a page's content sets."""
    import pikepdf

    return {tuple(round(float(z), 3) for z in operanden)
            for operanden, operator in pikepdf.parse_content_stream(seite)
            if str(operator) in ("rg", "RG")}


def struktur(knoten, ergebnis):
    """The tag tree as (type, alt text, children)."""
    import pikepdf

    if isinstance(knoten, pikepdf.Array):
        for kind in knoten:
            struktur(kind, ergebnis)
    elif isinstance(knoten, pikepdf.Dictionary) and "/S" in knoten:
        eintrag = (str(knoten.S), str(knoten.get("/Alt", "")), [])
        ergebnis.append(eintrag)
        if "/K" in knoten:
            struktur(knoten.K, eintrag[2])
    return ergebnis


def alle(baum):
    for typ, alt, kinder in baum:
        yield typ, alt, kinder
        yield from alle(kinder)


def test_vorlage_ist_vollstaendig_und_eigenstaendig():
    for datei in ("antrag.html.j2", "antrag_inhalt.html.j2", "antrag.css", "antrag.docx", "vorlage.toml",
                  "logo.svg", "logo.png"):
        assert (ORDNER / datei).is_file(), datei
    assert 'name = "briefkopf"' in (ORDNER / "vorlage.toml").read_text(encoding="utf-8")


def test_pdf_enthaelt_titel_antragspunkte_und_begruendung(brief):
    flach = ohne_umbruch(normal(pdf_fliesstext(brief.with_suffix(".pdf"))))
    teile = [TITEL, "Wir beantragen:", *(f"{n}. {satz}" for n, satz in enumerate(SAETZE, 1)), "Begründung:"]
    positionen = [flach.find(ohne_umbruch(t)) for t in teile]
    assert all(p >= 0 for p in positionen), [t for t, p in zip(teile, positionen) if p < 0]
    assert positionen == sorted(positionen)
    seiten = [normal(s) for s in pdf_seiten(brief.with_suffix(".pdf"))]
    assert "Haushaltsantrag" in seiten[0] and "12. November 2021" in seiten[0]
    assert ohne_umbruch("Gemeinderat der Landeshauptstadt Stuttgart") in ohne_umbruch(seiten[0])
    # the footer: the Fraktion and the page number on every page
    fuss = [s.strip().splitlines()[-1] for s in seiten]
    assert [re.sub(r"\s+", " ", z) for z in fuss] == ["Musterfraktion Seite 1 von 2", "Musterfraktion Seite 2 von 2"]


def test_pdf_zeigt_das_logo_als_abbildung_mit_alternativtext(brief):
    import pikepdf

    with pikepdf.open(brief.with_suffix(".pdf")) as pdf:
        baum = struktur(pdf.Root.StructTreeRoot.K, [])
        seite = pdf.pages[0]
        bilder = [x for x in seite.Resources.get("/XObject", {}).values() if x.get("/Subtype") in ("/Image", "/Form")]
        farben = fuellfarben(seite)
    assert ("/Figure", "Logo Musterfraktion") in [(t, a) for t, a, _ in alle(baum)]
    # WeasyPrint draws an SVG either as an XObject or straight into the page: then its colours are there
    svg = (ORDNER / "logo.svg").read_text(encoding="utf-8")
    logofarben = {farbe(f) for f in re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg)}
    assert bilder or logofarben <= farben


def test_pdf_zeigt_die_akzentfarbe(brief):
    import pikepdf

    with pikepdf.open(brief.with_suffix(".pdf")) as pdf:
        assert akzent() in fuellfarben(pdf.pages[0])
        assert akzent() in fuellfarben(pdf.pages[1])  # the running head's rule


def test_pdf_bleibt_barrierearm(brief):
    import pikepdf

    with pikepdf.open(brief.with_suffix(".pdf")) as pdf:
        assert str(pdf.Root.Lang) == "de-DE"
        assert str(pdf.docinfo.Title) == TITEL and str(pdf.docinfo.Author) == "Musterfraktion"
        assert str(pdf.docinfo.CreationDate).startswith("D:20211112")
        with pdf.open_outline() as gliederung:
            assert [e.title for e in gliederung.root] == [TITEL]
        typen = [t for t, _, _ in alle(struktur(pdf.Root.StructTreeRoot.K, []))]
    assert typen.count("/H1") == 1
    assert typen.index("/H1") < typen.index("/L") < typen.index("/H2")


def test_docx_hat_briefkopf_mit_logo_und_nummerierte_antragspunkte(brief):
    import docx
    from docx.oxml.ns import qn

    dok = docx.Document(str(brief.with_suffix(".docx")))
    punkte = [p for p in dok.paragraphs if p.style.name == "Antragspunkt"]
    assert [normal(p.text) for p in punkte] == SAETZE
    assert punkte[0].style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None  # numbered by Word
    kopf = dok.sections[0].first_page_header
    assert dok.sections[0].different_first_page_header_footer
    assert kopf._element.findall(".//" + qn("a:blip")), "kein Logo im Briefkopf"
    assert any(rel.reltype.endswith("/image") for rel in kopf.part.rels.values())
    texte = [normal(p.text) for p in kopf.paragraphs]
    assert "Musterfraktion" in texte and "Gemeinderat der Landeshauptstadt Stuttgart" in texte
    titel = next(p for p in dok.paragraphs if p.text == TITEL)
    assert titel.style.name == "Title"
    assert "Begründung:" in [p.text for p in dok.paragraphs]


def test_gleiche_eingabe_gibt_gleiche_bytes(brief, tmp_path):
    zweiter = erzeuge(tmp_path)
    for endung in (".pdf", ".docx"):
        assert zweiter.with_suffix(endung).read_bytes() == brief.with_suffix(endung).read_bytes(), endung


def test_kopierte_vorlage_funktioniert_im_projekt(projekt, antragsgen):
    """A group copies the folder, replaces the logo and gets its own letterhead, without warnings."""
    shutil.copytree(ORDNER, projekt.ordner / "vorlagen" / "fraktion")
    projekt.datei("eingaben/a.yaml",
                  "titel: Bäume\nfraktion: F & G\nantragspunkte: [Pflanzen.]\nbegruendung: Kühl.\n")
    lauf = antragsgen("erzeugen", "-t", "fraktion", "-f", "pdf,docx")
    assert lauf.code == 0 and "Warnung" not in lauf.err, lauf.err
    assert "F & G" in pdf_text(projekt.ausgabe("a.pdf"))


def test_word_vorlagen_kommen_unveraendert_aus_dem_skript():
    spec = importlib.util.spec_from_file_location("docx_vorlage_bauen", WURZEL / "werkzeuge" / "docx_vorlage_bauen.py")
    skript = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = skript  # its dataclass looks itself up there
    try:
        spec.loader.exec_module(skript)
    finally:
        del sys.modules[spec.name]
    for gestaltung in skript.GESTALTUNGEN.values():
        assert skript.bauen(gestaltung) == gestaltung.ziel.read_bytes(), gestaltung.name

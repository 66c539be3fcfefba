"""Amendments, the Synopse and line numbers (SPEC §3.9), read from the PDF, the HTML, the DOCX,
the overview and the messages a user gets."""

from __future__ import annotations

import csv
import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import docx_absaetze, normal, ohne_umbruch, pdf_fliesstext

AENDERUNGEN = """\
id: go-aenderung
titel: Änderung der Geschäftsordnung
art: aenderungsantrag
fraktion: F
datum: 2023-05-02
bezug: Geschäftsordnung der Bezirksversammlung
synopse: true
antragspunkte:
  - aenderung: {fundstelle: "§ 6 Satz 4", neu: "Die Sitzungen beginnen um 18 Uhr."}
  - aenderung: {fundstelle: "Ziffer 2", alt: "Die Verwaltung berichtet bis 2026", neu: "Die Verwaltung berichtet bis 2025 schriftlich"}
  - aenderung: {fundstelle: "Ziffer 5", alt: "und die Stadtwerke"}
  - aenderung: {fundstelle: "nach Ziffer 3", neu: "3. Die Verwaltung berichtet jährlich."}
begruendung: Weil.
"""

SAETZE = [
    "§ 6 Satz 4 erhält folgende Fassung:", "Die Sitzungen beginnen um 18 Uhr.",
    "In Ziffer 2 wird „Die Verwaltung berichtet bis 2026“ ersetzt durch „Die Verwaltung berichtet bis 2025 schriftlich“",
    "In Ziffer 5 werden die Wörter „und die Stadtwerke“ gestrichen",
    "Nach Ziffer 3 wird eingefügt:", "3. Die Verwaltung berichtet jährlich.",
]

ZIEL = """\
id: ziel
titel: Schulwege
fraktion: F
datum: 2023-05-01
antragspunkte:
  - Die Verwaltung erstellt bis Ende 2022 für jede Grundschule einen Schulwegplan gemeinsam mit Eltern,
    Schulleitung und Polizei, und zwar so, dass auch Eltern mitreden können, die in anderen Sprachen zuhause sind.
  - Zweiter Punkt.
begruendung: Weil es nötig ist.
unterzeichnende: [Anna A]
"""


@pytest.fixture(scope="module")
def aenderungen(modulprojekt):
    modulprojekt.datei("eingaben/go-aenderung.yaml", AENDERUNGEN)
    lauf = modulprojekt.rufe_auf("erzeugen", "-f", "pdf,docx,html")
    assert lauf.code == 0, lauf.err
    return modulprojekt


def test_jede_operation_im_wortlaut_des_rats_im_pdf(aenderungen):
    text = ohne_umbruch(normal(pdf_fliesstext(aenderungen.ausgabe("go-aenderung.pdf"))))
    stelle = 0
    for satz in SAETZE:
        gefunden = text.find(ohne_umbruch(satz), stelle)
        assert gefunden >= 0, satz
        stelle = gefunden


def test_jede_operation_im_docx_mit_zitat(aenderungen):
    absaetze = [(normal(a.text), a.style.name) for a in docx_absaetze(aenderungen.ausgabe("go-aenderung.docx"))]
    texte = [t for t, _ in absaetze]
    for satz in SAETZE:
        assert any(satz in t for t in texte), satz
    # the new wording is a quotation of its own, in the template's Quote style
    assert ("Die Sitzungen beginnen um 18 Uhr.", "Quote") in absaetze
    assert ("3. Die Verwaltung berichtet jährlich.", "Quote") in absaetze


def test_synopse_markiert_gestrichene_und_eingefuegte_woerter(aenderungen):
    html = aenderungen.ausgabe("go-aenderung.html").read_text(encoding="utf-8")
    tabelle = html[html.index('<table class="synopse">'):html.index("</table>", html.index('<table class="synopse">'))]
    assert "<th scope=\"col\">Bisherige Fassung</th><th scope=\"col\">Neue Fassung</th>" in tabelle
    assert "<td>Die Verwaltung berichtet bis <del>2026</del></td><td>Die Verwaltung berichtet bis <ins>2025 schriftlich</ins></td>" in tabelle
    assert "<td><del>und die Stadtwerke</del></td><td></td>" in tabelle
    assert "<td></td><td><ins>Die Sitzungen beginnen um 18 Uhr.</ins></td>" in tabelle


def _struktur(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """(tag, depth) of every element of the structure tree."""
    aus = []

    def laufe(knoten, tiefe):
        if isinstance(knoten, pikepdf.Dictionary) and "/S" in knoten:
            aus.append((str(knoten.S), tiefe))
        kinder = knoten.get("/K") if isinstance(knoten, pikepdf.Dictionary) else None
        for kind in (kinder if isinstance(kinder, pikepdf.Array) else [kinder] if kinder is not None else []):
            if isinstance(kind, pikepdf.Dictionary):
                laufe(kind, tiefe + 1)

    laufe(pdf.Root.StructTreeRoot, 0)
    return aus


def test_synopse_ist_im_pdf_als_tabelle_ausgezeichnet(aenderungen):
    with pikepdf.open(aenderungen.ausgabe("go-aenderung.pdf")) as pdf:
        tags = [t for t, _ in _struktur(pdf)]
    # the head's table of details, and the Synopse with its two header cells and a row per operation
    assert tags.count("/Table") == 2 and tags.count("/TD") >= 8
    assert tags.count("/TH") >= 2 + 4 + 3  # head rows, column heads, one place per operation


def test_uebersicht_nennt_den_bezug(aenderungen):
    zeilen = list(csv.reader(io.StringIO(aenderungen.ausgabe("uebersicht.csv").read_text(encoding="utf-8-sig")),
                             delimiter=";"))
    spalte = zeilen[0].index("Bezug")
    assert {z[spalte] for z in zeilen[1:5]} == {"Geschäftsordnung der Bezirksversammlung"}
    assert {z[4] for z in zeilen[1:5]} == {"Änderung"}


# --- wrong operations: located errors --------------------------------------------------------------

KOPF = "titel: T\nfraktion: F\nart: aenderungsantrag\nbegruendung: Weil.\nantragspunkte:\n"


@pytest.mark.parametrize("punkt, erwartet", [
    ("  - aenderung: {fundstelle: Ziffer 1, zeilen: '3', neu: x}\n",
     "6:16: Fehler: Eine Änderung nennt genau eines von 'fundstelle' oder 'zeilen'."),
    ("  - aenderung: {fundstelle: Ziffer 1}\n",
     "6:16: Fehler: Eine Änderung braucht 'alt' (was wegfällt), 'neu' (was kommt) oder beides."),
    ("  - aenderung: {zeilen: '14-12', alt: x}\n",
     "6:25: Fehler: '14-12' sind keine Zeilen (erwartet z. B. 12 oder 12-14)."),
    ("  - aenderung: {fundstelle: nach Ziffer 3, alt: x, neu: y}\n",
     "6:16: Fehler: 'nach Ziffer 3' fügt ein: dort nur 'neu' angeben, ohne 'alt'."),
    ("  - aenderung: {zeilen: '3', alt: x}\n",
     "6:25: Fehler: Die Änderung nennt Zeilen; dafür muss 'bezug' die Kennung eines Antrags dieses Laufs sein, "
     "'bezug' fehlt."),
])
def test_falsche_aenderungen(projekt, antragsgen, punkt, erwartet):
    projekt.datei("eingaben/a.yaml", KOPF + punkt)
    lauf = antragsgen("pruefen")
    assert lauf.code == 1
    assert f"eingaben/a.yaml:{erwartet}" in [normal(z) for z in lauf.zeilen], lauf.zeilen


def test_aenderung_nur_in_aenderungsantraegen(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", KOPF.replace("aenderungsantrag", "antrag")
                  + "  - aenderung: {fundstelle: Ziffer 1, neu: x}\n")
    lauf = antragsgen("pruefen")
    assert "eingaben/a.yaml:6:5: Fehler: 'aenderung' gibt es nur in Änderungsanträgen; bitte 'art: aenderungsantrag' " \
           "angeben (dieser Antrag ist ein Antrag)." in lauf.zeilen


# --- line numbers and amendments that name lines -----------------------------------------------------

def _woerter_mit_lage(pfad) -> list[tuple[str, float, str]]:
    """(text, x, font) of each text run pypdf sees on the first page."""
    aus = []

    def sammle(text, cm, tm, schrift, groesse):
        if text.strip():
            name = str(schrift.get("/BaseFont", "")) if schrift else ""
            aus.append((text.strip(), tm[4] * cm[0] + cm[4], name))

    PdfReader(pfad).pages[0].extract_text(visitor_text=sammle)
    return aus


@pytest.fixture(scope="module")
def nummeriert(tmp_path_factory):
    from conftest import Projekt

    projekt = Projekt(tmp_path_factory.mktemp("zeilen"))
    projekt.datei("eingaben/ziel.yaml", ZIEL)
    projekt.datei("eingaben/z-aenderung.yaml", """\
id: z-aenderung
titel: Alle Schulen
art: aenderungsantrag
fraktion: G
bezug: ziel
synopse: true
antragspunkte:
  - aenderung: {zeilen: "2", alt: "für jede Grundschule", neu: "für jede Schule"}
  - aenderung: {zeilen: "2-3", alt: "einen Schulwegplan gemeinsam mit Eltern"}
  - aenderung: {zeilen: "5", neu: "Ein neuer Punkt."}
begruendung: Weil.
""")
    lauf = projekt.rufe_auf("erzeugen", "-f", "pdf,html", "--zeilennummern", "--sammelband")
    assert lauf.code == 0, lauf.err
    return projekt


def test_zeilennummern_am_rand_jede_fuenfte_fett(nummeriert):
    woerter = _woerter_mit_lage(nummeriert.ausgabe("ziel.pdf"))
    rand = [(t, f) for t, x, f in woerter if x < 25 / 25.4 * 72 - 5 and t.isdigit()]
    assert [t for t, _ in rand] == [str(n) for n in range(1, len(rand) + 1)] and len(rand) >= 7
    assert [t for t, f in rand if "Bold" in f] == ["5"]
    # head, title and signature are not counted: the first number stands beside the lead
    text = pdf_fliesstext(nummeriert.ausgabe("ziel.pdf"))
    assert re.search(r"^\s*1\s+Wir beantragen:", text, re.M)
    assert re.search(r"^\s*Anna A\s*$", text, re.M)


def test_zeilennummern_sind_nicht_im_ausgezeichneten_text(nummeriert):
    with pikepdf.open(nummeriert.ausgabe("ziel.pdf")) as pdf:
        erreichbar = set()

        def laufe(knoten):
            kinder = knoten.get("/K") if isinstance(knoten, pikepdf.Dictionary) else None
            for kind in (kinder if isinstance(kinder, pikepdf.Array) else [kinder] if kinder is not None else []):
                if isinstance(kind, int):
                    erreichbar.add(int(kind))
                elif isinstance(kind, pikepdf.Dictionary):
                    if "/MCID" in kind:
                        erreichbar.add(int(kind.MCID))
                    laufe(kind)

        laufe(pdf.Root.StructTreeRoot)
        ausgezeichnet, offen = [], []
        mcid: list[int | None] = []
        for operanden, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            name = str(operator)
            if name == "BDC":
                eigen = operanden[1] if len(operanden) > 1 else None
                mcid.append(int(eigen.MCID) if isinstance(eigen, pikepdf.Dictionary) and "/MCID" in eigen else None)
            elif name == "BMC":
                mcid.append(None)
            elif name == "EMC" and mcid:
                mcid.pop()
            elif name in ("Tj", "TJ"):
                innen = any(m in erreichbar for m in mcid if m is not None)
                (ausgezeichnet if innen else offen).append(operator)
    assert ausgezeichnet, "the text itself is tagged"
    # what pypdf shows in the margin is drawn outside every tagged element
    woerter = _woerter_mit_lage(nummeriert.ausgabe("ziel.pdf"))
    assert sum(1 for t, x, _ in woerter if x < 60 and t.isdigit()) <= len(offen)


def test_html_markiert_die_zeilen_des_pdf(nummeriert):
    html = nummeriert.ausgabe("ziel.html").read_text(encoding="utf-8")
    marken = re.findall(r'<span class="zeilenmarke[^"]*" data-zeile="(\d+)" aria-hidden="true"></span>', html)
    woerter = _woerter_mit_lage(nummeriert.ausgabe("ziel.pdf"))
    im_pdf = [t for t, x, _ in woerter if x < 60 and t.isdigit()]
    assert marken == im_pdf
    assert '<body class="mit-zeilennummern">' in html


def test_aenderung_mit_zeilen_passt_zum_ziel_und_ist_stabil(nummeriert):
    from antragsgen import api
    from antragsgen.projekt import Projekt
    from antragsgen.renderer import FORMATE

    text = normal(pdf_fliesstext(nummeriert.ausgabe("z-aenderung.pdf")))
    assert "In Zeile 2 wird „für jede Grundschule“ ersetzt durch „für jede Schule“" in " ".join(text.split())
    assert "In Zeile 2–3 werden die Wörter „einen Schulwegplan gemeinsam mit Eltern“ gestrichen" in " ".join(text.split())
    assert "Nach Zeile 5 wird eingefügt:" in text
    # the same input gives the same lines (and the same bytes)
    projekt = Projekt.oeffnen(nummeriert.ordner)
    ziel = next(f for f in api.bereite_vor(projekt, None, register_schreiben=False).antraege if f.id == "ziel")
    pdf = FORMATE["pdf"].renderer(projekt.auftrag(("pdf",)))
    assert pdf.zeilen(ziel) == pdf.zeilen(ziel)
    assert pdf.render(ziel) == pdf.render(ziel)


def test_sammelband_stellt_die_aenderung_hinter_ihr_ziel(nummeriert):
    text = ohne_umbruch(pdf_fliesstext(nummeriert.ausgabe("sammelband.pdf")))
    assert text.index(ohne_umbruch("Alle Schulen")) > text.index(ohne_umbruch("Schulwege"))


def test_falsches_alt_nennt_was_die_zeilen_sagen(projekt, antragsgen):
    projekt.datei("eingaben/ziel.yaml", ZIEL)
    projekt.datei("eingaben/aenderung.yaml", """\
titel: Falsch
art: aenderungsantrag
fraktion: G
bezug: ziel
antragspunkte:
  - aenderung:
      zeilen: "2"
      alt: für jede Kita
      neu: für jede Schule
begruendung: Weil.
""")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert lauf.code == 1
    (meldung,) = [normal(z) for z in lauf.zeilen if "Fehler" in z]
    assert meldung.startswith("eingaben/aenderung.yaml:8:12: Fehler: Im Änderungsantrag 'aenderung' passt 'alt' "
                              "nicht zu Zeile 2 des Antrags 'ziel': dort steht „Die Verwaltung erstellt bis Ende 2022 "
                              "für jede Grundschule")
    assert meldung.endswith("nicht „für jede Kita“. Bitte 'zeilen' oder 'alt' anpassen.")
    # the target is written, the amendment is not
    assert projekt.ausgabe("ziel.pdf").is_file() and not projekt.ausgabe("aenderung.pdf").exists()


def test_zeilen_ueber_das_ende_des_ziels(projekt, antragsgen):
    projekt.datei("eingaben/ziel.yaml", ZIEL)
    projekt.datei("eingaben/aenderung.yaml", KOPF + "  - aenderung: {zeilen: '90-91', alt: x}\nbezug: ziel\n")
    lauf = antragsgen("pruefen")
    assert any(re.fullmatch(r"eingaben/aenderung\.yaml:6:25: Fehler: Der Antrag 'ziel' hat \d+ Zeilen; Zeile 90–91 "
                            r"gibt es dort nicht \(Änderungsantrag 'aenderung'\)\.", z) for z in lauf.zeilen), lauf.zeilen

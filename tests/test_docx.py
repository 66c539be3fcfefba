"""The Word output: what someone who opens ID.docx in Word sees (SPEC §5 "ID.docx", §7)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from antragsgen.renderer.docx import DocxRenderer
from antragsgen.fehler import VorlagenFehler
from antragsgen.modell import Antrag

VORLAGE = Path(__file__).resolve().parent.parent / "vorlagen" / "standard" / "antrag.docx"

VORBILD = {
    "id": "integration-in-stuttgart-sicher-stellen",
    "titel": "Integration in Stuttgart sicher stellen",
    "art": "haushaltsantrag",
    "gremium": "Gemeinderat der Landeshauptstadt Stuttgart",
    "fraktion": "Musterfraktion",
    "datum": "2021-11-12",
    "haushaltsjahre": [2022, 2023],
    "antragspunkte": [
        {"stelle": {"anteil": "1,0", "bezeichnung": "Sachbearbeiter:in", "entgeltgruppe": "EG 13", "bereich": "SI-IP"},
         "zweck": "für die Weiterentwicklung Stuttgarter Bündnis für Integration", "lfd_nr": 3210},
        {"stelle": {"anteil": "0,25", "bezeichnung": "Sachbearbeiter:in", "entgeltgruppe": "EG 11", "bereich": "SI-IP"},
         "zweck": "für Maßnahmen zur politischen Jugendpartizipation und Demokratieförderung", "lfd_nr": 3215},
        {"stelle": {"anteil": "0,5", "bezeichnung": "Sachbearbeiter:in", "entgeltgruppe": "EG 13", "bereich": "SI-IP"},
         "zweck": "für Partizipative Handlungsstrategien zur Internationalen Stadt", "lfd_nr": 3220},
        {"stelle": {"anteil": "0,5", "bezeichnung": "Sekretär:in", "entgeltgruppe": "EG 7", "bereich": "SI-IP"},
         "zweck": "als Assistenz der Leitung des Welcome Center", "lfd_nr": 3225},
    ],
    "begruendung": [
        "Schwerpunkt der Abteilung Integrationspolitik ist, dass die interkulturelle Orientierung "
        "in der Stadtverwaltung als kohärente Gesamtstrategie implementiert und verstetigt werden.",
        'Die Grundlage dafür ist das gesamtstädtische Integrationskonzept "Stuttgarter Bündnis für Integration".',
    ],
    "unterzeichnende": [{"name": "Dr. Roswitha Blind", "funktion": "Fraktionsvorsitzende"}, "Max Muster"],
}

SAETZE = [
    "1,0 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP für die Weiterentwicklung Stuttgarter "
    "Bündnis für Integration (lfd. Nr. 3210)",
    "0,25 Stelle Sachbearbeiter:in (EG 11) im Bereich SI-IP für Maßnahmen zur politischen "
    "Jugendpartizipation und Demokratieförderung (lfd. Nr. 3215)",
    "0,5 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP für Partizipative Handlungsstrategien "
    "zur Internationalen Stadt (lfd. Nr. 3220)",
    "0,5 Stelle Sekretär:in (EG 7) im Bereich SI-IP als Assistenz der Leitung des Welcome Center (lfd. Nr. 3225)",
]


def antrag(**aenderungen) -> Antrag:
    daten = {**VORBILD, **aenderungen}
    return Antrag.model_validate({k: v for k, v in daten.items() if v is not None})


@pytest.fixture(scope="module")
def renderer() -> DocxRenderer:
    return DocxRenderer(VORLAGE)


def oeffnen(daten: bytes):
    return Document(io.BytesIO(daten))


def text(absatz) -> str:
    return absatz.text.replace("\u00a0", " ")


def texte(dok) -> list[str]:
    return [text(p) for p in dok.paragraphs]


def teil(daten: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(daten)) as z:
        return z.read(name).decode("utf-8")


def num_id(absatz) -> str | None:
    knoten = absatz._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if knoten is None else knoten.get(qn("w:val"))


def stil_num_id(stil) -> str | None:
    knoten = stil.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if knoten is None else knoten.get(qn("w:val"))


@pytest.fixture(scope="module")
def vorbild(renderer):
    return oeffnen(renderer.render(antrag()))


def test_titel_und_einleitung_stehen_im_dokument(vorbild):
    alle = texte(vorbild)
    assert "Integration in Stuttgart sicher stellen" in alle
    assert "Wir beantragen:" in alle
    assert alle.index("Integration in Stuttgart sicher stellen") < alle.index("Wir beantragen:")
    assert "Haushaltsantrag\t12. November 2021" in alle
    assert {"Gemeinderat der Landeshauptstadt Stuttgart", "Musterfraktion"} <= set(alle)


def test_titel_erscheint_im_navigationsbereich(vorbild):
    titel = next(p for p in vorbild.paragraphs if text(p) == "Integration in Stuttgart sicher stellen")
    assert titel.style.name == "Title"
    assert titel.style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "0"


def test_antragspunkte_sind_eine_echte_nummerierte_liste(vorbild):
    punkte = [p for p in vorbild.paragraphs if p.style.name == "Antragspunkt"]
    assert [text(p) for p in punkte] == SAETZE
    # numbered by Word through the style, not by typed numbers
    stil_num = stil_num_id(punkte[0].style)
    assert stil_num is not None
    assert all(num_id(p) is None for p in punkte)
    numbering = vorbild.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == stil_num)
    abstrakt_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstrakt = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstrakt_id)
    ebene = abstrakt.find(qn("w:lvl"))
    assert ebene.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert ebene.find(qn("w:lvlText")).get(qn("w:val")) == "%1."


def test_begruendung_unter_ueberschrift(vorbild):
    ueberschrift = next(p for p in vorbild.paragraphs if text(p) == "Begründung:")
    assert ueberschrift.style.name == "Heading 2"
    absaetze = vorbild.paragraphs
    danach = absaetze[absaetze.index(next(p for p in absaetze if p._p is ueberschrift._p)) + 1]
    assert text(danach).startswith("Schwerpunkt der Abteilung Integrationspolitik")
    assert danach.style.name == "Body Text"
    assert any("„Stuttgarter Bündnis für Integration“" in t for t in texte(vorbild))


def test_unterzeichnende_mit_funktion(vorbild):
    namen = [(text(p), p.style.name) for p in vorbild.paragraphs if p.style.name.startswith("Unterschrift")]
    assert namen == [("Dr. Roswitha Blind", "Unterschrift"), ("Fraktionsvorsitzende", "Unterschrift Funktion"),
                     ("Max Muster", "Unterschrift")]


def test_liste_in_der_begruendung_beginnt_bei_eins(renderer):
    daten = renderer.render(antrag(begruendung=["Erstens:\n\n1. eins\n2. zwei", "Zweitens:\n\n1. drei\n2. vier"]))
    dok = oeffnen(daten)
    punkte_num = stil_num_id(dok.styles["Antragspunkt"])
    listen = [p for p in dok.paragraphs if p.style.name == "List Number"]
    assert [text(p) for p in listen] == ["eins", "zwei", "drei", "vier"]
    ids = [num_id(p) for p in listen]
    assert ids[0] == ids[1] and ids[2] == ids[3]
    assert len({ids[0], ids[2], punkte_num}) == 3  # neither continues the requests nor each other
    numbering = dok.part.numbering_part.element
    for nid in (ids[0], ids[2]):
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == nid)
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"


def test_aufzaehlung_in_der_begruendung(renderer):
    dok = oeffnen(renderer.render(antrag(begruendung="Gründe:\n\n- schnell\n- *günstig*\n  - nebenbei")))
    listen = [(text(p), p.style.name) for p in dok.paragraphs if p.style.name == "List Bullet"]
    assert listen == [("schnell", "List Bullet"), ("günstig", "List Bullet"), ("nebenbei", "List Bullet")]
    verschachtelt = next(p for p in dok.paragraphs if text(p) == "nebenbei")
    assert verschachtelt._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}").get(qn("w:val")) == "1"


def test_markdown_im_antragspunkt(renderer):
    punkte = [*VORBILD["antragspunkte"][:1], {
        "text": "Die Verwaltung prüft **dringend** und *sorgfältig* den [Bericht](https://example.org/b?x=1&y=2):"
                "\n\n- erstens\n- zweitens",
        "lfd_nr": 7,
    }]
    daten = renderer.render(antrag(antragspunkte=punkte))
    dok = oeffnen(daten)
    punkt = next(p for p in dok.paragraphs if text(p).startswith("Die Verwaltung"))
    assert punkt.style.name == "Antragspunkt"
    assert text(punkt) == "Die Verwaltung prüft dringend und sorgfältig den Bericht: (lfd. Nr. 7)"
    assert any(r.bold and r.text == "dringend" for r in punkt.runs)
    assert any(r.italic and r.text == "sorgfältig" for r in punkt.runs)
    link = punkt.hyperlinks[0]
    assert link.text == "Bericht" and link.address == "https://example.org/b?x=1&y=2"
    unterpunkte = [p for p in dok.paragraphs if text(p) in ("erstens", "zweitens")]
    assert [p.style.name for p in unterpunkte] == ["List Bullet", "List Bullet"]


def test_einzelner_antragspunkt_ist_ein_schlichter_absatz(renderer):
    dok = oeffnen(renderer.render(antrag(antragspunkte=[VORBILD["antragspunkte"][3]])))
    absatz = next(p for p in dok.paragraphs if text(p) == SAETZE[3])
    assert absatz.style.name == "Body Text"
    assert num_id(absatz) is None and stil_num_id(absatz.style) is None
    assert not [p for p in dok.paragraphs if p.style.name == "Antragspunkt"]


def test_fusszeile_mit_seitenfeldern_und_kopfzeile_ab_seite_zwei(renderer):
    daten = renderer.render(antrag(nummer="123/2021"))
    dok = oeffnen(daten)
    sektion = dok.sections[0]
    assert sektion.different_first_page_header_footer
    for fuss in (sektion.footer, sektion.first_page_footer):
        xml = fuss._element.xml
        assert "Seite " in xml and " von " in xml
        anweisungen = [t.text.strip() for t in fuss._element.iter(qn("w:instrText"))]
        assert anweisungen == ["PAGE", "NUMPAGES"]
    kopf = text(sektion.header.paragraphs[0])
    assert kopf == "Integration in Stuttgart sicher stellen\tHaushaltsantrag Nr. 123/2021"
    assert not "".join(texte(sektion.first_page_header)).strip()


def test_dokumentsprache_ist_deutsch(vorbild):
    sprache = vorbild.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert sprache.get(qn("w:val")) == "de-DE"
    assert vorbild.core_properties.language == "de-DE"


def test_kerneigenschaften_kommen_aus_dem_antrag(renderer):
    daten = renderer.render(antrag(fraktion=["Musterfraktion", "Beispielgruppe"], nummer="123/2021"))
    props = oeffnen(daten).core_properties
    assert props.title == "Integration in Stuttgart sicher stellen"
    assert props.author == props.last_modified_by == "Musterfraktion und Beispielgruppe"
    assert props.subject == "Haushaltsantrag Nr. 123/2021"
    assert props.created == props.modified == dt.datetime(2021, 11, 12, tzinfo=dt.timezone.utc)
    assert props.revision == 1
    assert props.keywords == "integration-in-stuttgart-sicher-stellen"
    kern = teil(daten, "docProps/core.xml")
    assert "antragsgen" not in kern.replace("integration-in-stuttgart", "") and "python-docx" not in kern
    assert "2024" not in kern and "lastPrinted" not in kern


def test_sonderzeichen_bleiben_text(renderer):
    titel = '<script>alert(1)</script> & "Zitat"'
    daten = renderer.render(antrag(titel=titel, fraktion="A & B <C>", antragspunkte=["Prüfen, ob 1 < 2 & 3 > 2"],
                                   begruendung="<b>kein HTML</b> &amp; kein Tag"))
    dok = oeffnen(daten)
    assert "<b>kein HTML</b> & kein Tag" in texte(dok)  # raw HTML in Markdown is shown as text
    assert "<script>alert(1)</script> & „Zitat“" in texte(dok)  # German quotes, SPEC §5
    assert "A & B <C>" in texte(dok)
    assert "Prüfen, ob 1 < 2 & 3 > 2" in texte(dok)
    assert dok.core_properties.title == titel
    assert "<script>" not in teil(daten, "word/document.xml")


def test_nutzertext_ist_nie_jinja(renderer):
    titel = "{{ antrag.fraktion }} {% if true %}x{% endif %} {#"
    dok = oeffnen(renderer.render(antrag(titel=titel, begruendung="{{p begruendung }}")))
    assert titel in texte(dok)
    assert "{{p begruendung }}" in texte(dok)


def test_steuerzeichen_ergeben_gueltiges_word(renderer):
    daten = renderer.render(antrag(titel="Titel\x01 mit\x0b Steuerzeichen\x7f", begruendung="Text\x07 hier\x1b.",
                                   antragspunkte=["Punkt\x0c eins"]))
    dok = oeffnen(daten)
    assert "Titel mit Steuerzeichen" in texte(dok)
    assert "Text hier." in texte(dok)
    assert "Punkt eins" in texte(dok)


def test_keine_vorlagen_tags_im_ergebnis(renderer):
    daten = renderer.render(antrag(nummer="1/2021", oberzeile="Haushalt 2022/2023", deckung="Aus Rücklagen."))
    with zipfile.ZipFile(io.BytesIO(daten)) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                inhalt = z.read(name).decode()
                assert "{{" not in inhalt and "{%" not in inhalt and "%}" not in inhalt, name


def test_leere_teile_hinterlassen_keine_leeren_absaetze(renderer):
    dok = oeffnen(renderer.render(antrag(einleitung="", begruendung=None, unterzeichnende=[])))
    assert all(text(p).strip() for p in dok.paragraphs)
    assert "Begründung:" not in texte(dok)
    assert "Wir beantragen:" not in texte(dok)


def test_optionale_teile_erscheinen_wenn_gegeben(renderer):
    dok = oeffnen(renderer.render(antrag(
        nummer="123/2021", oberzeile="Haushalt 2022/2023", vorbemerkung="Vorweg ein **Hinweis**.",
        deckung="Aus der *Rücklage*.", status="entwurf")))
    alle = texte(dok)
    assert "Haushaltsantrag Nr. 123/2021\t12. November 2021" in alle
    titel = alle.index("Integration in Stuttgart sicher stellen")
    assert alle.index("ENTWURF") < alle.index("Haushalt 2022/2023") < titel
    assert alle.index("Vorweg ein Hinweis.") < alle.index("Wir beantragen:")
    deckung = next(p for p in dok.paragraphs if text(p) == "Deckungsvorschlag:")
    assert deckung.style.name == "Heading 2"
    assert alle.index("Deckungsvorschlag:") + 1 == alle.index("Aus der Rücklage.")
    assert alle.index("Begründung:") < alle.index("Deckungsvorschlag:")


def test_tabelle_in_der_begruendung(renderer):
    dok = oeffnen(renderer.render(antrag(begruendung="| Jahr | Betrag |\n|---|---:|\n| 2022 | 50.000 € |")))
    tabelle = dok.tables[0]
    assert [[text(z) for z in zeile.cells] for zeile in tabelle.rows] == [["Jahr", "Betrag"], ["2022", "50.000 €"]]
    assert tabelle.style.name == "Table Grid"


def test_gleiche_eingabe_gleiche_bytes(renderer):
    einmal = renderer.render(antrag())
    assert renderer.render(antrag()) == einmal
    assert DocxRenderer(VORLAGE).render(antrag()) == einmal
    with zipfile.ZipFile(io.BytesIO(einmal)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


SKRIPT = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from test_docx import VORLAGE, antrag
from antragsgen.renderer.docx import DocxRenderer
print(hashlib.sha256(DocxRenderer(VORLAGE).render(antrag(begruendung="1. a\\n2. [b](https://b.de)"))).hexdigest())
"""


def test_gleiche_bytes_in_zwei_prozessen():
    skript = SKRIPT.format(tests=str(Path(__file__).parent))
    hashes = set()
    for seed in ("1", "2"):
        umgebung = {**os.environ, "PYTHONHASHSEED": seed}
        ergebnis = subprocess.run([sys.executable, "-c", skript], capture_output=True, text=True, env=umgebung,
                                  check=True)
        hashes.add(ergebnis.stdout.strip())
    hier = DocxRenderer(VORLAGE).render(antrag(begruendung="1. a\n2. [b](https://b.de)"))
    assert hashes == {hashlib.sha256(hier).hexdigest()}


def test_vorlagenfehler_nennen_datei_und_absatz(tmp_path):
    dok = Document(VORLAGE)
    dok.add_paragraph("{{ antrag.gibt_es_nicht }}")
    nummer = len(dok.paragraphs)
    datei = tmp_path / "antrag.docx"
    dok.save(datei)
    with pytest.raises(VorlagenFehler) as fehler:
        DocxRenderer(datei).render(antrag())
    assert f"antrag.docx:{nummer}: Fehler: Die Vorlage verwendet einen unbekannten Namen" in str(fehler.value)


def test_syntaxfehler_in_der_vorlage_schon_beim_laden(tmp_path):
    dok = Document(VORLAGE)
    dok.sections[0].header.add_paragraph("{{ antrag.titel ")
    datei = tmp_path / "antrag.docx"
    dok.save(datei)
    with pytest.raises(VorlagenFehler) as fehler:
        DocxRenderer(datei)
    assert "antrag.docx:2: Fehler: Syntaxfehler in der Vorlage" in str(fehler.value)
    assert "Kopfzeile" in str(fehler.value)


def test_vorlage_im_sandkasten(tmp_path):
    dok = Document(VORLAGE)
    dok.add_paragraph("{{ antrag.__class__.__init__.__globals__ }}")
    datei = tmp_path / "antrag.docx"
    dok.save(datei)
    with pytest.raises(VorlagenFehler, match="Unerlaubtes"):
        DocxRenderer(datei).render(antrag())


def test_fehlende_vorlage(tmp_path):
    with pytest.raises(VorlagenFehler, match="lässt sich nicht öffnen"):
        DocxRenderer(tmp_path / "fehlt.docx")

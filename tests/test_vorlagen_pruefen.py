"""`antragsgen vorlage pruefen NAME`: a template checked before a batch run (SPEC §7).

Each test copies the standard template to vorlagen/x in a temporary project, breaks
one thing and looks for the message a user would read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from antragsgen.vorlagen import Vorlage, finde_vorlage
from antragsgen.vorlagen_pruefen import pruefe_vorlage

STANDARD = Path(__file__).resolve().parents[1] / "vorlagen" / "standard"


@pytest.fixture
def vorlage(tmp_path, monkeypatch) -> Vorlage:
    """A copy of the standard template as vorlagen/x of a project (the current folder)."""
    monkeypatch.chdir(tmp_path)
    ordner = tmp_path / "vorlagen" / "x"
    shutil.copytree(STANDARD, ordner)
    return Vorlage("x", ordner.resolve())


def meldungen(vorlage: Vorlage) -> list[str]:
    return [str(m) for m in pruefe_vorlage(vorlage)]


def ersetze(vorlage: Vorlage, name: str, alt: str, neu: str) -> None:
    pfad = vorlage.ordner / name
    text = pfad.read_text(encoding="utf-8")
    assert alt in text
    pfad.write_text(text.replace(alt, neu, 1), encoding="utf-8")


def haenge_an(vorlage: Vorlage, name: str, text: str) -> int:
    """Append `text` as the file's last line; its line number."""
    pfad = vorlage.ordner / name
    alt = pfad.read_text(encoding="utf-8")
    pfad.write_text(alt + text + "\n", encoding="utf-8")
    return alt.count("\n") + 1


def word_absatz(vorlage: Vorlage, nummer: int, *runs: str, kopfzeile: bool = False) -> None:
    """Replace paragraph `nummer` (1-based) of antrag.docx by the given runs, as Word would store them."""
    pfad = vorlage.ordner / "antrag.docx"
    dok = Document(pfad)
    absaetze = dok.sections[0].header.paragraphs if kopfzeile else dok.paragraphs
    absatz = absaetze[nummer - 1]
    for run in absatz.runs:
        run._r.getparent().remove(run._r)
    for text in runs:
        absatz.add_run(text)
    dok.save(pfad)


def test_die_standardvorlage_ist_sauber(vorlage):
    assert pruefe_vorlage(finde_vorlage("standard")) == []
    assert meldungen(vorlage) == []


def test_syntaxfehler_im_html_nennt_datei_und_zeile(vorlage):
    ersetze(vorlage, "antrag.html.j2", '<meta name="generator" content="antragsgen">', "{% endfor %}")
    (meldung,) = meldungen(vorlage)
    assert meldung.startswith("vorlagen/x/antrag.html.j2:11: Fehler: Syntaxfehler in der Vorlage (")


def test_unbekanntes_attribut_nennt_den_naechsten_namen(vorlage):
    ersetze(vorlage, "antrag.html.j2", "<title>{{ antrag.titel }}", "<title>{{ antrag.tittel }}")
    assert meldungen(vorlage) == [
        "vorlagen/x/antrag.html.j2:7: Fehler: 'antrag.tittel' gibt es nicht; meinten Sie 'antrag.titel'?"]


@pytest.mark.parametrize("alt, neu, zeile, meldung", [
    ("punkt.satz_markdown | markdown_inline", "punkt.satzz | markdown_inline", 52,
     "'punkt.satzz' gibt es nicht; meinten Sie 'punkt.satz'?"),
    ("{{ punkt.satz_markdown | markdown }}", "{{ punkt.stelle.antei }}", 41,
     "'punkt.stelle.antei' gibt es nicht; meinten Sie 'punkt.stelle.anteil'?"),
    ("zeile.lfd_nr", "zeile.lfd_nummer", 87, "'zeile.lfd_nummer' gibt es nicht; meinten Sie 'zeile.lfd_nr'?"),
    ("kosten.summen[jahr]", "kosten.summe[jahr]", 91, "'kosten.summe' gibt es nicht; meinten Sie 'kosten.summen'?"),
    ("{{ person.name }}", "{{ person.nam }}", 111, "'person.nam' gibt es nicht; meinten Sie 'person.name'?"),
])
def test_unbekanntes_attribut_eines_schleifen_elements(vorlage, alt, neu, zeile, meldung):
    ersetze(vorlage, "antrag_rumpf.html.j2", alt, neu)
    assert meldungen(vorlage) == [f"vorlagen/x/antrag_rumpf.html.j2:{zeile}: Fehler: {meldung}"]


def test_unbekannter_filter_und_name(vorlage):
    ersetze(vorlage, "antrag_inhalt.html.j2", "<td>{{ antrag.datum_text }}", "<td>{{ antrag.datum | datumm }}")
    ersetze(vorlage, "sammelband.html.j2", "<title>{{ band.dokumenttitel }}", "<title>{{ bnad.dokumenttitel }}")
    ersetze(vorlage, "sammelband.html.j2", "{{ eintrag.antrag.titel", "{{ eintrag.antrag.titl")
    assert meldungen(vorlage) == [
        "vorlagen/x/antrag_inhalt.html.j2:22: Fehler: Den Filter 'datumm' gibt es nicht; meinten Sie 'datum'?",
        ("vorlagen/x/sammelband.html.j2:10: Fehler: Den Namen 'bnad' gibt es in dieser Vorlage nicht; "
         "meinten Sie 'band'?"),
        "vorlagen/x/sammelband.html.j2:40: Fehler: 'eintrag.antrag.titl' gibt es nicht; meinten Sie 'eintrag.antrag.titel'?",
    ]


def test_namen_aus_der_vorlage_selbst_sind_bekannt(vorlage):
    haenge_an(vorlage, "antrag_inhalt.html.j2", (
        "{% macro zeile(text) %}{{ text }} {{ caller() }}{% endmacro %}"
        "{% set ns = namespace(n=0) %}{% for p in antrag.antragspunkte | sort(attribute='lfd_nr') %}"
        "{% set ns.n = ns.n + loop.index %}{% call zeile(p.satz) %}{{ p.art }}{% endcall %}{% endfor %}"
        "{% with erster = antrag.antragspunkte | first %}{{ erster.kernsatz }}{% endwith %}"
        "{% block fuss %}{{ self.fuss is defined }}{% endblock %}"))
    assert meldungen(vorlage) == []


def test_fehlende_eingebundene_vorlage(vorlage):
    ersetze(vorlage, "antrag.html.j2", '{% include "antrag_inhalt.html.j2" %}', '{% include "kopf.html.j2" %}')
    assert meldungen(vorlage) == [
        "vorlagen/x/antrag.html.j2:21: Fehler: Die eingebundene Vorlage 'kopf.html.j2' gibt es nicht."]


def test_fehlendes_logo_aus_dem_css(vorlage):
    zeile = haenge_an(vorlage, "antrag.css", '.kopf { background: url("logo.svg") no-repeat; }')
    assert meldungen(vorlage) == [
        f"vorlagen/x/antrag.css:{zeile}: Fehler: Die Datei 'logo.svg' gibt es im Vorlagenordner nicht."]
    (vorlage.ordner / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert meldungen(vorlage) == []


def test_datei_ausserhalb_des_vorlagenordners(vorlage):
    zeile = haenge_an(vorlage, "sammelband.css", "@import '../../geheim.css';")
    (meldung,) = meldungen(vorlage)
    assert meldung.startswith(f"vorlagen/x/sammelband.css:{zeile}: Fehler: '../../geheim.css' liegt außerhalb")


def test_absolute_adresse_ist_eine_warnung(vorlage):
    ersetze(vorlage, "antrag_inhalt.html.j2", '<div class="absender">',
            '<div class="absender"><img src="https://example.org/logo.png" alt="">')
    zeile = haenge_an(vorlage, "uebersicht.css", "/* url(nicht-geprueft.png) */ @import url(file:///etc/x.css);")
    assert meldungen(vorlage) == [
        ("vorlagen/x/antrag_inhalt.html.j2:10: Warnung: Die Adresse 'https://example.org/logo.png' ist absolut; "
         "beim Erzeugen wird sie abgelehnt (erlaubt sind nur Dateien im Vorlagenordner)."),
        (f"vorlagen/x/uebersicht.css:{zeile}: Warnung: Die Adresse 'file:///etc/x.css' ist absolut; "
         "beim Erzeugen wird sie abgelehnt (erlaubt sind nur Dateien im Vorlagenordner)."),
    ]


def test_word_tag_ueber_zwei_runs_ist_gueltig(vorlage):
    word_absatz(vorlage, 7, "{{ antrag.tit", "el }}")
    assert meldungen(vorlage) == []


def test_word_syntaxfehler_nennt_den_absatz(vorlage):
    word_absatz(vorlage, 7, "{{ antrag.fraktionen_text | }}")
    (meldung,) = meldungen(vorlage)
    assert meldung.startswith("vorlagen/x/antrag.docx:7: Fehler: Syntaxfehler in der Vorlage (")


def test_word_tag_ueber_zwei_runs_kaputt(vorlage):
    word_absatz(vorlage, 7, "{{ antrag.titel ", "}")
    (meldung,) = meldungen(vorlage)
    assert meldung.startswith("vorlagen/x/antrag.docx:")
    assert "Fehler: Syntaxfehler in der Vorlage" in meldung


def test_word_syntaxfehler_in_der_kopfzeile(vorlage):
    word_absatz(vorlage, 1, "{% if antrag.nummer %}{{ antrag.nummer }", kopfzeile=True)
    (meldung,) = meldungen(vorlage)
    assert meldung.startswith("vorlagen/x/antrag.docx:1: Fehler: Syntaxfehler in der Vorlage (")
    assert meldung.endswith("Die Stelle steht in der Kopfzeile.")


def test_word_unbekanntes_attribut_nennt_den_absatz(vorlage):
    word_absatz(vorlage, 7, "{{ antrag.fraktionen_txt }}")
    word_absatz(vorlage, 13, "{% for punkt in antragspunkte %}{{ punkt.inhallt }}{% endfor %}")
    word_absatz(vorlage, 1, "{{ antrag.titl }}", kopfzeile=True)
    assert meldungen(vorlage) == [
        ("vorlagen/x/antrag.docx:1: Fehler: 'antrag.titl' gibt es nicht; meinten Sie 'antrag.titel'? "
         "Die Stelle steht in der Kopfzeile."),
        ("vorlagen/x/antrag.docx:7: Fehler: 'antrag.fraktionen_txt' gibt es nicht; "
         "meinten Sie 'antrag.fraktionen_text'?"),
        "vorlagen/x/antrag.docx:13: Fehler: 'punkt.inhallt' gibt es nicht; meinten Sie 'punkt.inhalt'?",
    ]


def test_fehlende_word_vorlage_ist_eine_warnung(vorlage):
    (vorlage.ordner / "antrag.docx").unlink()
    assert meldungen(vorlage) == [
        "vorlagen/x: Warnung: Die Vorlage 'x' hat keine antrag.docx; die der Standardvorlage wird verwendet."]


def test_vorlage_toml(vorlage):
    (vorlage.ordner / "vorlage.toml").write_text('name = "x"\n', encoding="utf-8")
    assert meldungen(vorlage) == [
        "vorlagen/x/vorlage.toml: Warnung: Die Angabe 'beschreibung' fehlt (erwartet: beschreibung = \"…\")."]
    (vorlage.ordner / "vorlage.toml").write_text('name = "x"\nbeschreibung = \n', encoding="utf-8")
    (meldung,) = meldungen(vorlage)
    assert meldung.startswith("vorlagen/x/vorlage.toml:2:")
    assert "Fehler: vorlage.toml lässt sich nicht lesen (" in meldung


def test_alle_meldungen_nach_datei_und_zeile(vorlage):
    ersetze(vorlage, "antrag_rumpf.html.j2", "{{ person.name }}", "{{ person.nam }}")
    ersetze(vorlage, "antrag_inhalt.html.j2", "{{ antrag.art_name }}", "{{ antrag.artname }}")
    ersetze(vorlage, "antrag.html.j2", "<title>{{ antrag.titel }}", "<title>{{ antrag.titel }")
    letzte = haenge_an(vorlage, "antrag.css", "@import 'fehlt.css';")
    word_absatz(vorlage, 5, "{{ antrag.gremiun }}")
    orte = [m.split(": ")[0] for m in meldungen(vorlage)]
    assert orte == [f"vorlagen/x/antrag.css:{letzte}", "vorlagen/x/antrag.docx:5", orte[2],
                    "vorlagen/x/antrag_inhalt.html.j2:17", "vorlagen/x/antrag_rumpf.html.j2:111"]
    assert orte[2].startswith("vorlagen/x/antrag.html.j2:")

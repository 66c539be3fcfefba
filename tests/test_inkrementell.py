"""Only what changed is rendered again; parallel runs isolate failures (SPEC §9)."""

from __future__ import annotations

import shutil

import pytest

from conftest import WURZEL


def antrag(k: int, extra: str = "") -> str:
    return f"titel: Antrag {k}\nfraktion: F\nantragspunkte: [Tun {k}.]\nbegruendung: Weil {k}.{extra}\n"


@pytest.fixture
def fuenf(projekt, antragsgen):
    for k in range(5):
        projekt.datei(f"eingaben/a{k}.yaml", antrag(k))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx", "-j", "1")
    assert lauf.code == 0 and "5 Anträge erzeugt" in lauf.out
    return projekt


def zeiten(projekt) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (projekt.ordner / "ausgabe").iterdir() if not p.name.startswith(".")}


def test_unveraenderter_lauf_schreibt_nichts(fuenf, antragsgen):
    vorher = zeiten(fuenf)
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0
    assert lauf.out.startswith("0 Anträge erzeugt, 5 unverändert übersprungen (0 Dateien geschrieben")
    assert zeiten(fuenf) == vorher


def test_ein_geaenderter_antrag_wird_allein_neu_erzeugt(fuenf, antragsgen):
    vorher = zeiten(fuenf)
    fuenf.datei("eingaben/a2.yaml", antrag(2, " Neu."))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.out.startswith("1 Antrag erzeugt, 4 unverändert übersprungen")
    nachher = zeiten(fuenf)
    geaendert = sorted(n for n in nachher if nachher[n] != vorher.get(n))
    assert geaendert == ["a2.docx", "a2.pdf", "uebersicht.csv", "uebersicht.pdf", "uebersicht.xlsx"]


def test_geaenderte_vorlage_erzeugt_alles_neu(fuenf, antragsgen):
    ordner = fuenf.ordner / "vorlagen" / "eigen"
    shutil.copytree(WURZEL / "vorlagen" / "standard", ordner)
    assert antragsgen("erzeugen", "-f", "pdf", "-t", "eigen").out.startswith("5 Anträge erzeugt")
    assert antragsgen("erzeugen", "-f", "pdf", "-t", "eigen").out.startswith("0 Anträge erzeugt, 5 unverändert")
    (ordner / "antrag.css").write_text((ordner / "antrag.css").read_text() + "\nh1 { color: red; }\n")
    assert antragsgen("erzeugen", "-f", "pdf", "-t", "eigen").out.startswith("5 Anträge erzeugt")


def test_geloeschte_ausgabe_kommt_wieder_und_alles_neu_erzwingt_alles(fuenf, antragsgen):
    (fuenf.ordner / "ausgabe" / "a3.pdf").unlink()
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.out.startswith("1 Antrag erzeugt, 4 unverändert")
    assert (fuenf.ordner / "ausgabe" / "a3.pdf").is_file()
    assert antragsgen("erzeugen", "-f", "pdf,docx", "--alles-neu").out.startswith("5 Anträge erzeugt")


def test_andere_nummer_erzeugt_neu(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "id: a\ntitel: A\nart: haushaltsantrag\nfraktion: F\n"
                  "antragspunkte: [Eins.]\nbegruendung: Weil.\n")
    projekt.datei("eingaben/b.yaml", "id: b\ntitel: B\nart: haushaltsantrag\nfraktion: F\n"
                  "antragspunkte: [Zwei.]\nbegruendung: Weil.\n")
    assert antragsgen("erzeugen", "-f", "html").code == 0
    # a's item now carries the number explicitly, another one: a changes, b does not
    projekt.datei("eingaben/a.yaml", "id: a\ntitel: A\nart: haushaltsantrag\nfraktion: F\n"
                  "antragspunkte:\n  - text: Eins.\n    lfd_nr: 99\nbegruendung: Weil.\n")
    lauf = antragsgen("erzeugen", "-f", "html")
    assert lauf.out.startswith("1 Antrag erzeugt, 1 unverändert")
    assert "(lfd.\u00a0Nr.\u00a099)" in projekt.ausgabe("a.html").read_text(encoding="utf-8")


def test_bearbeitetes_docx_wird_nie_ueberschrieben(fuenf, antragsgen):
    docx = fuenf.ordner / "ausgabe" / "a1.docx"
    bearbeitet = docx.read_bytes() + b"\0"  # stands for a save in Word
    docx.write_bytes(bearbeitet)
    fuenf.datei("eingaben/a1.yaml", antrag(1, " Neu."))
    lauf = antragsgen("erzeugen", "-f", "pdf,docx")
    assert lauf.code == 0
    assert lauf.zeilen == ["eingaben/a1.yaml:1:1: Warnung: ausgabe/a1.docx wurde nach dem Erzeugen bearbeitet und "
                           "bleibt unverändert; die neue Fassung steht in ausgabe/a1.neu.docx."]
    assert docx.read_bytes() == bearbeitet
    assert (fuenf.ordner / "ausgabe" / "a1.neu.docx").is_file()
    # and later runs leave both alone, --alles-neu too
    assert antragsgen("erzeugen", "-f", "pdf,docx").out.startswith("0 Anträge erzeugt, 5 unverändert")
    assert antragsgen("erzeugen", "-f", "pdf,docx", "--alles-neu").out.startswith("5 Anträge erzeugt")
    assert docx.read_bytes() == bearbeitet


def test_fehler_im_parallelen_lauf_trifft_nur_den_einen_antrag(projekt, antragsgen):
    ordner = projekt.ordner / "vorlagen" / "heikel"
    shutil.copytree(WURZEL / "vorlagen" / "standard", ordner)
    inhalt = ordner / "antrag_rumpf.html.j2"
    # a template that fails for one motion only (its title makes a missing attribute reachable)
    inhalt.write_text(inhalt.read_text(encoding="utf-8").replace(
        "<h1 ", '{% if antrag.titel == "Antrag 3" %}{{ antrag.gibtsnicht }}{% endif %}<h1 ', 1), encoding="utf-8")
    for k in range(6):
        projekt.datei(f"eingaben/a{k}.yaml", antrag(k))
    lauf = antragsgen("erzeugen", "-f", "pdf", "-t", "heikel", "-j", "2")
    assert lauf.code == 1
    assert len(lauf.zeilen) == 1 and lauf.zeilen[0].startswith("vorlagen/heikel/antrag_rumpf.html.j2:")
    assert "gibtsnicht" in lauf.zeilen[0]
    assert sorted(p.name for p in (projekt.ordner / "ausgabe").glob("a*.pdf")) == [
        f"a{k}.pdf" for k in range(6) if k != 3]
    assert "5 Anträge erzeugt, 1 fehlerhaft" in lauf.out


def test_unveraenderter_lauf_mit_html_und_oparl_schreibt_nichts(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[oparl]\nbasis_url = "https://ris.example.de/oparl/v1.1"\n')
    for k in range(2):
        projekt.datei(f"eingaben/a{k}.yaml", antrag(k))
    assert antragsgen("erzeugen", "-f", "pdf,html,oparl").code == 0
    assert projekt.ausgabe("a0.oparl.json").is_file()
    vorher = zeiten(projekt)
    lauf = antragsgen("erzeugen", "-f", "pdf,html,oparl")
    assert lauf.out.startswith("0 Anträge erzeugt, 2 unverändert übersprungen (0 Dateien geschrieben"), lauf.out
    assert zeiten(projekt) == vorher

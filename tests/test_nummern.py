"""lfd. Nr.: automatic numbers from a register that never renumbers (SPEC §4)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

import pytest

from antragsgen import api

TOML = "[nummern]\nstart = 3210\nschritt = 5\n"


def antrag(id_: str, punkte: list[str], *, fraktion="Musterfraktion", art="haushaltsantrag", extra="") -> str:
    zeilen = "".join(f"  - {p}\n" for p in punkte)
    return (f"id: {id_}\ntitel: Antrag {id_}\nart: {art}\nfraktion: {fraktion}\n{extra}"
            f"antragspunkte:\n{zeilen}begruendung: Weil.\n")


def nummern(ergebnis) -> dict[str, dict[str, int | None]]:
    """{motion id: {request text: lfd. Nr.}} of a run."""
    return {a.id: {p.kernsatz: p.lfd_nr for p in a.antragspunkte} for a in ergebnis.antraege}


def lauf(projekt, **kwargs):
    ergebnis = api.erzeugen(projekt=projekt.ordner, formate=["html"], jobs=1, **kwargs)
    assert ergebnis.exit_code == 0, [str(m) for m in ergebnis.meldungen]
    return nummern(ergebnis)


@pytest.fixture
def haushalt(projekt):
    projekt.datei("antragsgen.toml", TOML)
    projekt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen.", "Brunnen bauen."]))
    projekt.datei("eingaben/b.yaml", antrag("b", ["Radwege bauen.", "text: Ampeln schalten.\n    lfd_nr: 3215"]))
    return projekt


def test_automatische_nummern_ab_start_mit_schritt_ohne_explizite(haushalt):
    assert lauf(haushalt) == {
        "a": {"Bäume pflanzen.": 3210, "Bänke aufstellen.": 3220, "Brunnen bauen.": 3225},
        "b": {"Radwege bauen.": 3230, "Ampeln schalten.": 3215},
    }
    html = haushalt.ausgabe("a.html").read_text(encoding="utf-8")
    assert "Bäume pflanzen. (lfd.\u00a0Nr.\u00a03210)" in html


def test_nur_haushaltsantraege_bekommen_automatische_nummern(projekt):
    projekt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen."], art="antrag"))
    assert lauf(projekt) == {"a": {"Bäume pflanzen.": None}}


def test_automatisch_false_vergibt_nichts(projekt):
    projekt.datei("antragsgen.toml", "[nummern]\nautomatisch = false\n")
    projekt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "text: Bänke.\n    lfd_nr: 7"]))
    assert lauf(projekt) == {"a": {"Bäume pflanzen.": None, "Bänke.": 7}}


def test_text_aendern_behaelt_die_nummer(haushalt):
    lauf(haushalt)
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen, 50 Stück.", "Brunnen bauen."]))
    assert lauf(haushalt)["a"] == {"Bäume pflanzen.": 3210, "Bänke aufstellen, 50 Stück.": 3220, "Brunnen bauen.": 3225}


def test_punkt_oben_einfuegen_und_umsortieren_behaelt_alle_nummern(haushalt):
    lauf(haushalt)
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Neu – Teich anlegen.", "Brunnen bauen.", "Bäume pflanzen.",
                                                 "Bänke aufstellen."]))
    assert lauf(haushalt)["a"] == {"Neu – Teich anlegen.": 3235, "Brunnen bauen.": 3225, "Bäume pflanzen.": 3210,
                                   "Bänke aufstellen.": 3220}


def test_neuer_antrag_vorne_und_umbenannter_ordner_aendern_nichts(haushalt):
    vorher = lauf(haushalt)
    (haushalt.ordner / "eingaben" / "b.yaml").rename(haushalt.ordner / "eingaben" / "z.yaml")
    (haushalt.ordner / "eingaben" / "alt").mkdir()
    (haushalt.ordner / "eingaben" / "a.yaml").rename(haushalt.ordner / "eingaben" / "alt" / "a.yaml")
    haushalt.datei("eingaben/0-neu.yaml", antrag("neu", ["Kita bauen."]))
    nachher = lauf(haushalt)
    assert nachher["a"] == vorher["a"] and nachher["b"] == vorher["b"]
    assert nachher["neu"] == {"Kita bauen.": 3235}


def test_geloeschter_antrag_behaelt_seine_nummern_fuer_immer(haushalt, antragsgen):
    lauf(haushalt)
    (haushalt.ordner / "eingaben" / "a.yaml").unlink()
    haushalt.datei("eingaben/c.yaml", antrag("c", ["Kita bauen.", "Schule sanieren."]))
    assert lauf(haushalt)["c"] == {"Kita bauen.": 3235, "Schule sanieren.": 3240}
    liste = antragsgen("nummern").out
    assert re.search(r"3210\s+a\s+1\s+\S+\s+gelöscht\s+Bäume pflanzen\.", liste)
    assert re.search(r"3235\s+c\s+1\s+\S+\s+aktiv\s+Kita bauen\.", liste)
    # restored from the backup: the motion gets its old numbers back
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen.", "Brunnen bauen."]))
    assert lauf(haushalt)["a"] == {"Bäume pflanzen.": 3210, "Bänke aufstellen.": 3220, "Brunnen bauen.": 3225}


def test_geloeschter_punkt_gibt_seine_nummer_nicht_weiter(haushalt):
    lauf(haushalt)
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen."]))
    lauf(haushalt)
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen.", "Teich anlegen."]))
    assert lauf(haushalt)["a"]["Teich anlegen."] == 3235


def test_zurueckgezogener_antrag_behaelt_nummern_und_ist_markiert(haushalt, antragsgen):
    vorher = lauf(haushalt)
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen.", "Brunnen bauen."],
                                           extra="status: zurueckgezogen\n"))
    assert lauf(haushalt)["a"] == vorher["a"]
    assert re.search(r"3210\s+a\s+1\s+\S+\s+zurückgezogen", antragsgen("nummern").out)


def test_kaputter_antrag_verliert_keine_nummern_und_seine_nummern_bleiben_belegt(haushalt):
    lauf(haushalt)
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen, 50 Stück.", "Brunnen bauen."])
                   + "tippfehler: ja\n")
    haushalt.datei("eingaben/d.yaml", antrag("d", ["text: Explizit.\n    lfd_nr: 3235"]) + "kaputt: [\n")
    haushalt.datei("eingaben/c.yaml", antrag("c", ["Kita bauen."]))
    ergebnis = api.erzeugen(projekt=haushalt.ordner, formate=["html"], jobs=1)
    assert ergebnis.exit_code == 1
    assert nummern(ergebnis)["c"] == {"Kita bauen.": 3240}  # 3235 stands in the broken d.yaml
    haushalt.datei("eingaben/a.yaml", antrag("a", ["Bäume pflanzen.", "Bänke aufstellen, 50 Stück.", "Brunnen bauen."]))
    (haushalt.ordner / "eingaben" / "d.yaml").unlink()
    assert lauf(haushalt)["a"] == {"Bäume pflanzen.": 3210, "Bänke aufstellen, 50 Stück.": 3220, "Brunnen bauen.": 3225}


def test_explizite_nummer_auf_fremder_automatischer_ist_ein_fehler(haushalt, antragsgen):
    lauf(haushalt)
    haushalt.datei("eingaben/c.yaml", antrag("c", ["text: Kita bauen.\n    lfd_nr: 3210"]))
    lauf_ = antragsgen("erzeugen", "-f", "html")
    assert lauf_.code == 1
    assert lauf_.zeilen == ["eingaben/c.yaml:7:13: Fehler: lfd. Nr. 3210 ist schon automatisch an Punkt 1 des "
                            "Antrags 'a' vergeben; bitte eine andere Nummer wählen."]


def test_nummernbloecke_je_fraktion_und_voller_block(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[nummern]\nschritt = 10\n[nummern.bloecke]\n"Grüne" = [1000, 1020]\n'
                  '"SPD" = [3000, 3999]\n')
    projekt.datei("eingaben/g.yaml", antrag("g", ["Eins.", "Zwei."], fraktion="Grüne"))
    projekt.datei("eingaben/s.yaml", antrag("s", ["Drei."], fraktion="[SPD, Grüne]"))
    assert lauf(projekt) == {"g": {"Eins.": 1000, "Zwei.": 1010}, "s": {"Drei.": 3000}}
    projekt.datei("eingaben/h.yaml", antrag("h", ["Vier.", "Fünf."], fraktion="Grüne"))
    lauf_ = antragsgen("erzeugen", "-f", "html")
    assert lauf_.code == 1
    assert lauf_.zeilen == ["eingaben/h.yaml:7:5: Fehler: Der Nummernblock 1000–1020 der Fraktion 'Grüne' ist voll; "
                            "bitte den Block in antragsgen.toml erweitern."]
    assert not projekt.ausgabe("h.html").exists()
    assert "lfd.\u00a0Nr.\u00a01020" not in "".join(
        p.read_text(encoding="utf-8") for p in (projekt.ordner / "ausgabe").glob("*.html"))


def test_ueberlappende_bloecke_sind_ein_einstellungsfehler(projekt, antragsgen):
    projekt.datei("antragsgen.toml", '[nummern.bloecke]\n"A" = [1000, 1999]\n"B" = [1500, 2500]\n')
    lauf_ = antragsgen("pruefen")
    assert (lauf_.code, lauf_.zeilen) == (2, ["antragsgen.toml: Fehler: [nummern] Die Nummernblöcke von 'A' "
                                             "(1000–1999) und 'B' (1500–2500) überschneiden sich."])


def test_pruefen_schreibt_das_register_nie(haushalt, antragsgen):
    assert antragsgen("pruefen").code == 0
    assert not (haushalt.ordner / ".antragsgen" / "nummern.sqlite").exists()


def test_nur_eine_datei_erzeugen_beachtet_das_ganze_projekt(haushalt, antragsgen):
    assert antragsgen("erzeugen", "-f", "html", "eingaben/b.yaml").code == 0
    assert "Radwege bauen. (lfd.\u00a0Nr.\u00a03230)" in haushalt.ausgabe("b.html").read_text(encoding="utf-8")
    assert not haushalt.ausgabe("a.html").exists()


def test_register_ist_sqlite_mit_schemaversion_und_csv_export(haushalt, antragsgen):
    lauf(haushalt)
    with sqlite3.connect(haushalt.ordner / ".antragsgen" / "nummern.sqlite") as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
        assert db.execute("SELECT count(*) FROM nummern").fetchone() == (5,)
    assert antragsgen("nummern", "--csv", "nummern.csv").code == 0
    zeilen = (haushalt.ordner / "nummern.csv").read_text(encoding="utf-8-sig").splitlines()
    assert zeilen[0].startswith("lfd. Nr.;Antrag;")
    assert zeilen[1].startswith("3210;a;;1;Bäume pflanzen.;Antrag a;Musterfraktion;automatisch;aktiv;")
    assert len(zeilen) == 6


def test_kaputtes_register_gibt_klare_meldung(haushalt, antragsgen):
    (haushalt.ordner / ".antragsgen").mkdir()
    (haushalt.ordner / ".antragsgen" / "nummern.sqlite").write_bytes(b"kein SQLite" * 200)
    lauf_ = antragsgen("erzeugen", "-f", "html")
    assert lauf_.code == 2
    assert lauf_.zeilen == [".antragsgen/nummern.sqlite: Fehler: Das Nummernregister ist beschädigt (file is not a "
                            "database). Bitte aus der Datensicherung wiederherstellen."]
    assert not (haushalt.ordner / "ausgabe").exists()


def test_gesperrtes_register_gibt_klare_meldung(haushalt, antragsgen, monkeypatch):
    import antragsgen.nummern.register as register

    lauf(haushalt)
    monkeypatch.setattr(register, "WARTEZEIT", 0.2)
    sperre = sqlite3.connect(haushalt.ordner / ".antragsgen" / "nummern.sqlite", isolation_level=None)
    sperre.execute("BEGIN EXCLUSIVE")
    try:
        lauf_ = antragsgen("erzeugen", "-f", "html")
    finally:
        sperre.execute("ROLLBACK")
        sperre.close()
    assert lauf_.code == 2
    assert "Das Nummernregister ist gesperrt" in lauf_.err


def test_zwei_gleichzeitige_laeufe_vergeben_keine_nummer_doppelt(projekt):
    projekt.datei("antragsgen.toml", TOML)
    for k in range(40):
        projekt.datei(f"eingaben/antrag-{k:02}.yaml", antrag(f"antrag-{k:02}", [f"Punkt {k}.{j}." for j in range(3)]))
    laeufe = [subprocess.Popen([sys.executable, "-m", "antragsgen", "erzeugen", "-f", "html", "-j", "1", "-o", f"aus{n}"],
                               cwd=projekt.ordner, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for n in (1, 2)]
    for p in laeufe:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    ergebnisse = []
    for n in (1, 2):
        gefunden = {}
        for datei in sorted((projekt.ordner / f"aus{n}").glob("*.html")):
            for text, nr in re.findall(r"(Punkt [\d.]+\.) \(lfd.\u00a0Nr.\u00a0(\d+)\)", datei.read_text(encoding="utf-8")):
                gefunden[text] = int(nr)
        ergebnisse.append(gefunden)
    assert len(ergebnisse[0]) == 120
    assert ergebnisse[0] == ergebnisse[1]
    assert sorted(ergebnisse[0].values()) == list(range(3210, 3210 + 5 * 120, 5))


def test_festschreiben_traegt_nummern_ein_und_behaelt_kommentare(haushalt, antragsgen):
    haushalt.datei("eingaben/a.yaml", "# Kommentar bleibt\n" + antrag("a", [
        "Bäume pflanzen.   # wichtig", "stelle:\n      anteil: 0,5\n    zweck: für die Pflege"]))
    haushalt.datei("eingaben/m.md", "---\nid: m\ntitel: M\nart: haushaltsantrag\nfraktion: F\n"
                   "antragspunkte:\n  - Eins.\n  - {text: Kurz.}\n---\nBegründung.\n")
    vorher = lauf(haushalt)
    lauf_ = antragsgen("nummern", "--festschreiben")
    assert lauf_.code == 0, lauf_.err
    assert lauf_.zeilen == ["eingaben/m.md:8:5: Warnung: lfd. Nr. 3235 kann hier nicht eingetragen werden "
                            "(Kurzschreibweise); bitte 'lfd_nr: 3235' von Hand ergänzen."]
    assert lauf_.out.strip() == "4 Nummern in 3 Dateien festgeschrieben."
    text = (haushalt.ordner / "eingaben" / "a.yaml").read_text(encoding="utf-8")
    assert text == ("# Kommentar bleibt\nid: a\ntitel: Antrag a\nart: haushaltsantrag\nfraktion: Musterfraktion\n"
                    "antragspunkte:\n  - text: Bäume pflanzen.   # wichtig\n    lfd_nr: 3210\n"
                    "  - stelle:\n      anteil: 0,5\n    zweck: für die Pflege\n    lfd_nr: 3220\n"
                    "begruendung: Weil.\n")
    assert lauf(haushalt) == vorher  # the same numbers, now written in the sources

"""Templates a group can restyle, the JSON Schema for editors, OParl for council systems."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import WURZEL

ANTRAG = "titel: Bäume\nfraktion: Musterfraktion\nantragspunkte: [Pflanzen.]\nbegruendung: Kühl.\n"


def test_vorlagen_listet_projekt_und_eingebaute(projekt, antragsgen):
    assert antragsgen("vorlage", "kopieren", "gruen").code == 0
    zeilen = antragsgen("vorlagen").out.splitlines()
    assert zeilen[0].startswith("gruen") and "Projekt" in zeilen[0] and "Kopie der Vorlage 'standard'" in zeilen[0]
    assert any(z.startswith("standard") and "eingebaut" in z and "Schlichter Antrag" in z for z in zeilen)


def test_kopierte_vorlage_mit_eigener_farbe_und_logo(projekt, antragsgen):
    lauf = antragsgen("vorlage", "kopieren", "gruen")
    assert lauf.code == 0 and lauf.out.startswith("vorlagen/gruen angelegt.")
    ordner = projekt.ordner / "vorlagen" / "gruen"
    (ordner / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20">'
                                     '<rect width="60" height="20" fill="#1a7f37"/></svg>', encoding="utf-8")
    css = (ordner / "antrag.css").read_text(encoding="utf-8")
    (ordner / "antrag.css").write_text(css + '\nh1 { color: #1a7f37; }\n'
                                       '.kopf::before { content: url("logo.svg"); display: block; }\n', encoding="utf-8")
    projekt.datei("eingaben/a.yaml", ANTRAG)
    lauf = antragsgen("erzeugen", "-f", "pdf,html", "-t", "gruen")
    assert (lauf.code, lauf.zeilen) == (0, [])
    assert "#1a7f37" in projekt.ausgabe("a.html").read_text(encoding="utf-8")
    import pikepdf

    with pikepdf.open(projekt.ausgabe("a.pdf")) as pdf:
        inhalt = b"".join(o.read_bytes() for o in pdf.objects if isinstance(o, pikepdf.Stream))
    assert b"0.101961 0.498039 0.215686" in inhalt  # #1a7f37 as PDF colour: title and logo
    # the same template from antragsgen.toml
    projekt.datei("antragsgen.toml", '[ausgabe]\nvorlage = "gruen"\n')
    assert antragsgen("erzeugen", "-f", "html").code == 0
    assert "#1a7f37" in projekt.ausgabe("a.html").read_text(encoding="utf-8")


def test_fehlende_vorlagendatei_kommt_aus_standard_und_wird_einmal_gemeldet(projekt, antragsgen):
    ordner = projekt.ordner / "vorlagen" / "nur-css"
    ordner.mkdir(parents=True)
    (ordner / "antrag.css").write_text("h1 { color: #123456; }\n", encoding="utf-8")
    projekt.datei("eingaben/a.yaml", ANTRAG)
    projekt.datei("eingaben/b.yaml", ANTRAG)
    lauf = antragsgen("erzeugen", "-f", "html,docx", "-t", "nur-css")
    assert lauf.code == 0
    assert lauf.zeilen == [
        "vorlagen/nur-css: Warnung: Die Vorlage 'nur-css' hat keine antrag.html.j2; die der Standardvorlage wird verwendet.",
        "vorlagen/nur-css: Warnung: Die Vorlage 'nur-css' hat keine antrag.docx; die der Standardvorlage wird verwendet.",
    ]
    html = projekt.ausgabe("a.html").read_text(encoding="utf-8")
    assert "#123456" in html and "<h1" in html


def test_kopieren_ueberschreibt_nie(projekt, antragsgen):
    assert antragsgen("vorlage", "kopieren", "gruen").code == 0
    lauf = antragsgen("vorlage", "kopieren", "gruen")
    assert (lauf.code, lauf.zeilen) == (2, ["Fehler: 'vorlagen/gruen' gibt es schon; bitte einen anderen Namen wählen."])


def _yaml_dokumente(pfad):
    from ruamel.yaml import YAML

    # what an editor's YAML extension sees: native YAML types
    return [json.loads(json.dumps(d, default=str)) for d in YAML(typ="safe", pure=True).load_all(pfad.read_text("utf-8"))]


def test_schema_passt_zu_allen_beispielen_und_lehnt_kaputte_ab(antragsgen):
    import jsonschema

    lauf = antragsgen("schema")
    schema = json.loads(lauf.out)
    assert schema["properties"]["titel"]["title"] == "Titel"
    assert schema["$defs"]["Stelle"]["properties"]["entgeltgruppe"]["description"].startswith("z. B. EG 13")
    pruefer = jsonschema.Draft202012Validator(schema)
    beispiele = sorted((WURZEL / "eingaben").glob("*.yaml"))
    assert beispiele
    for datei in beispiele:
        for dokument in _yaml_dokumente(datei):
            assert not list(pruefer.iter_errors(dokument)), datei
    kaputt = {"titel": "x", "fraktion": "F", "antragspunkte": [{"stelle": {"anteil": "0,5"}, "zweckk": "x"}]}
    assert list(pruefer.iter_errors(kaputt))
    assert list(pruefer.iter_errors({"titel": "x", "fraktion": "F", "antragspunkte": [], "art": "beschluss"}))


def test_neu_schreibt_schemazeile_und_schemadatei(projekt, antragsgen):
    assert antragsgen("neu", "Mehr Licht").code == 0
    text = (projekt.ordner / "eingaben" / "mehr-licht.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../antrag.schema.json"
    assert json.loads((projekt.ordner / "antrag.schema.json").read_text(encoding="utf-8"))["title"] == "Antrag (antragsgen)"


def test_oparl_paper_mit_dateien_und_pruefsummen(projekt, antragsgen):
    from antragsgen.renderer.oparl import FILE_FELDER, PAPER_FELDER

    projekt.datei("antragsgen.toml", '[oparl]\nbasis_url = "https://ris.example.de/oparl/v1.1/"\n')
    projekt.datei("eingaben/a.yaml", "nummer: 12/2021\ndatum: 2021-11-05\n" + ANTRAG)
    assert antragsgen("erzeugen", "-f", "pdf,docx,oparl").code == 0
    paper = json.loads(projekt.ausgabe("a.oparl.json").read_text(encoding="utf-8"))
    assert set(paper) <= PAPER_FELDER
    assert paper["id"] == "https://ris.example.de/oparl/v1.1/paper/a"
    assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
    assert (paper["name"], paper["reference"], paper["date"], paper["paperType"]) == (
        "Bäume", "12/2021", "2021-11-05", "Antrag")
    for datei, endung in ((paper["mainFile"], "pdf"), (paper["auxiliaryFile"][0], "docx")):
        assert set(datei) <= FILE_FELDER
        inhalt = projekt.ausgabe(f"a.{endung}").read_bytes()
        assert datei["size"] == len(inhalt)
        assert datei["sha512Checksum"] == hashlib.sha512(inhalt).hexdigest()
        assert datei["sha1Checksum"] == hashlib.sha1(inhalt).hexdigest()
        assert datei["accessUrl"].endswith(f"/file/a.{endung}") and datei["type"].endswith("/File")
    assert paper["mainFile"]["mimeType"] == "application/pdf"


def test_oparl_ohne_basis_url_ist_exit_2(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", ANTRAG)
    lauf = antragsgen("erzeugen", "-f", "oparl")
    assert lauf.code == 2 and "[oparl] basis_url" in lauf.err
    assert not (projekt.ordner / "ausgabe").exists()


@pytest.mark.parametrize("befehl", [["vorlagen"], ["vorlage"], ["vorlage", "kopieren"], ["vorlage", "pruefen"],
                                    ["schema"]])
def test_neue_befehle_haben_deutsche_hilfe(antragsgen, befehl):
    lauf = antragsgen(*befehl, "--help")
    assert lauf.code == 0 and lauf.out.startswith("Aufruf: antragsgen") and "Optionen:" in lauf.out

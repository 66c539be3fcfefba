"""Templates: project vorlagen/ before built-in ones, errors with file and line, sandbox (SPEC §7)."""

from __future__ import annotations

import shutil

from conftest import WURZEL

ANTRAG = "titel: Bäume\nfraktion: F\nantragspunkte: [Pflanzen.]\nbegruendung: Kühl.\n"


def eigene_vorlage(projekt, html: str):
    ordner = projekt.ordner / "vorlagen" / "eigen"
    shutil.copytree(WURZEL / "vorlagen" / "standard", ordner)
    (ordner / "antrag.html.j2").write_text(html, encoding="utf-8")
    return ordner


def test_eigene_vorlage_aus_dem_projekt_wird_genommen(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", ANTRAG)
    eigene_vorlage(projekt, "<html><body><h1>Eigen: {{ antrag.titel }}</h1></body></html>\n")
    lauf = antragsgen("erzeugen", "-f", "html", "-t", "eigen")
    assert lauf.code == 0, lauf.err
    assert "<h1>Eigen: Bäume</h1>" in projekt.ausgabe("a.html").read_text(encoding="utf-8")


def test_syntaxfehler_in_der_vorlage_nennt_datei_und_zeile(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", ANTRAG)
    eigene_vorlage(projekt, "<html>\n<body>\n{% if antrag.titel %}\n</body>\n</html>\n")
    lauf = antragsgen("erzeugen", "-f", "html", "-t", "eigen")
    assert lauf.code == 2
    assert lauf.zeilen == ["vorlagen/eigen/antrag.html.j2:4: Fehler: Syntaxfehler in der Vorlage "
                           "(Unexpected end of template. Jinja was looking for the following tags: "
                           "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.)."]
    assert not (projekt.ordner / "ausgabe").exists()


def test_unbekannter_name_in_der_vorlage_nennt_zeile_und_laesst_andere_formate(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", ANTRAG)
    eigene_vorlage(projekt, "<html>\n<body>\n{{ antrag.tittel }}\n</body>\n</html>\n")
    lauf = antragsgen("erzeugen", "-f", "html", "-t", "eigen")
    assert lauf.code == 1
    assert lauf.zeilen == ["vorlagen/eigen/antrag.html.j2:3: Fehler: Die Vorlage verwendet einen unbekannten "
                           "Namen ('antrag' hat kein Feld 'tittel')."]
    assert not projekt.ausgabe("a.html").exists()


def test_vorlage_in_der_sandbox_kommt_nicht_an_python_interna(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", ANTRAG)
    eigene_vorlage(projekt, "<html>\n{{ antrag.__class__.__mro__[1].__subclasses__() }}\n</html>\n")
    lauf = antragsgen("erzeugen", "-f", "html", "-t", "eigen")
    assert lauf.code == 1
    assert lauf.zeilen[0].startswith("vorlagen/eigen/antrag.html.j2:2: Fehler: Die Vorlage ")
    assert not projekt.ausgabe("a.html").exists()

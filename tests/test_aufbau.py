"""How the pieces fit (Issue 13): values between the steps, one copy of each rule and template body."""

from __future__ import annotations

import re

import pytest

from antragsgen import modell


@pytest.mark.parametrize("klasse", [modell.Antrag, modell.Antragspunkt, modell.Stelle, modell.Mittel,
                                    modell.Unterzeichner, modell.Baustein])
def test_das_modell_traegt_keine_daten_der_pipeline(klasse):
    """Costs, sources, places and numbering travel as values, not as hidden attributes."""
    assert klasse.__private_attributes__ == {}


def test_kopierte_vorlage_bringt_mit_was_sie_einbindet(projekt, antragsgen):
    assert antragsgen("vorlage", "kopieren", "eigen", "--von", "briefkopf").code == 0
    ordner = projekt.ordner / "vorlagen" / "eigen"
    eingebunden = {n for p in ordner.glob("*.j2")
                   for n in re.findall(r'{%-?\s*include\s+"([^"]+)"', p.read_text(encoding="utf-8"))}
    assert "antrag_rumpf.html.j2" in eingebunden
    assert all((ordner / n).is_file() for n in eingebunden)
    lauf = antragsgen("vorlage", "pruefen", "eigen")
    assert lauf.code == 0, lauf.err


def test_briefkopf_und_standard_teilen_den_rumpf():
    """The body of a motion stands once, in the standard template; briefkopf includes it."""
    from antragsgen.vorlagen import eingebaute_ordner

    ordner = eingebaute_ordner()
    assert not (ordner / "briefkopf" / "antrag_rumpf.html.j2").exists()
    for name in ("standard", "briefkopf"):
        text = (ordner / name / "antrag_inhalt.html.j2").read_text(encoding="utf-8")
        assert '{% include "antrag_rumpf.html.j2" %}' in text
        assert "antragspunkte" not in text


def test_kopieren_holt_keine_datei_ueber_einen_symlink_in_die_vorlage(projekt, antragsgen, tmp_path):
    geheim = tmp_path / "geheim.txt"
    geheim.write_text("GEHEIM", encoding="utf-8")
    assert antragsgen("vorlage", "kopieren", "quelle").code == 0
    (projekt.ordner / "vorlagen" / "quelle" / "teil.html.j2").symlink_to(geheim)
    assert antragsgen("vorlage", "kopieren", "kopie", "--von", "quelle").code == 0
    kopiert = projekt.ordner / "vorlagen" / "kopie" / "teil.html.j2"
    assert kopiert.is_symlink()  # still a link: the loader refuses it, its content was never copied

"""api.vorschau: one motion from the editor's text, rendered in memory (the editor calls it on
every keystroke), numbered as `erzeugen` would number it, and nothing written."""

from __future__ import annotations

from pathlib import Path

from conftest import normal, pdf_text

from antragsgen import api
from antragsgen.projekt import Projekt
from antragsgen.renderer import baue_renderer

ANTRAG = """id: kita
titel: Mehr Kita-Plätze
art: haushaltsantrag
fraktion: Musterfraktion
haushaltsjahre: [2022]
antragspunkte:
  - mittel: {betrag: 50.000}
    zweck: für neue Gruppen
begruendung: Weil Plätze fehlen.
"""


def stand(ordner: Path) -> dict[str, bytes]:
    return {p.relative_to(ordner).as_posix(): p.read_bytes() for p in ordner.rglob("*") if p.is_file()}


def test_vorschau_rendert_ungespeicherten_text_ohne_etwas_zu_schreiben(projekt, antragsgen):
    projekt.datei("antragsgen.toml", "[nummern]\nstart = 3210\n")
    projekt.datei("eingaben/kita.yaml", ANTRAG)
    assert antragsgen("erzeugen", "-j", "1", "-f", "html").code == 0
    vorher = stand(projekt.ordner)
    offen = Projekt.oeffnen(projekt.ordner)
    text = ANTRAG.replace("Weil Plätze fehlen.", "Weil viele Plätze fehlen.")
    renderer = baue_renderer(offen.auftrag(("html", "pdf")))
    for _ in range(2):  # the same warm renderers on every call
        dateien, meldungen = api.vorschau(offen, text, projekt.ordner / "eingaben" / "kita.yaml", renderer=renderer)
        assert not [m for m in meldungen if m.ist_fehler]
        assert "Weil viele Plätze fehlen." in dateien["html"].decode()
        assert "(lfd. Nr. 3210)" in normal(pdf_text(dateien["pdf"]))
    assert stand(projekt.ordner) == vorher


def test_vorschau_nennt_fehler_mit_ort_und_rendert_nichts(projekt):
    projekt.datei("eingaben/kita.yaml", ANTRAG)
    offen = Projekt.oeffnen(projekt.ordner)
    dateien, meldungen = api.vorschau(offen, ANTRAG.replace("titel:", "tittel:"),
                                      projekt.ordner / "eingaben" / "kita.yaml", formate=("html",))
    assert dateien == {}
    assert "eingaben/kita.yaml:2:1: Fehler: Unbekannter Schlüssel 'tittel'; meinten Sie 'titel'?" in \
        [str(m) for m in meldungen]

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


ANDERER = ANTRAG.replace("id: kita", "id: bad").replace("Mehr Kita-Plätze", "Bad sanieren")


def test_ein_langer_prozess_liest_unveraenderte_dateien_nicht_nochmal_und_sieht_jede_aenderung(
        projekt, antragsgen, monkeypatch):
    from antragsgen import zwischenspeicher

    projekt.datei("eingaben/kita.yaml", ANTRAG)
    projekt.datei("eingaben/bad.yaml", ANDERER)
    assert antragsgen("pruefen").code == 0  # the cache on disk knows both files
    offen = Projekt.oeffnen(projekt.ordner)
    gelesen = []
    echt = zwischenspeicher._dokument_aus_json
    monkeypatch.setattr(zwischenspeicher, "_dokument_aus_json", lambda d, p: gelesen.append(p.name) or echt(d, p))
    kita = projekt.ordner / "eingaben" / "kita.yaml"

    def vorschau_von_kita(text: str) -> tuple[list[str], list]:
        ergebnis = api.bereite_vor(offen, [kita], register_schreiben=False, ersetzt={kita: text})
        return [f.titel for f in ergebnis.antraege], [str(m) for m in ergebnis.meldungen]

    erste = vorschau_von_kita(ANTRAG)
    assert gelesen == ["bad.yaml"]  # the edited file comes from the editor, the other from the cache
    # keystrokes: the other motion is not decoded again, and nothing it says changes
    assert vorschau_von_kita(ANTRAG.replace("Mehr", "Viel mehr")) == (["Viel mehr Kita-Plätze"], erste[1])
    assert vorschau_von_kita(ANTRAG) == erste and gelesen == ["bad.yaml"]
    # the other file saved with an error: read from disk again, its number gone from the plan
    projekt.datei("eingaben/bad.yaml", ANDERER.replace("titel:", "tittel:"))
    assert api.bereite_vor(offen, None, register_schreiben=False).fehlerhaft[0].datei == "eingaben/bad.yaml"
    # saved back as it was: parsed again (the cache knew the broken bytes last); kita.yaml, read
    # from disk now, decoded once and then kept, unchanged by its validations
    projekt.datei("eingaben/bad.yaml", ANDERER)
    for _ in range(2):
        ergebnis = api.bereite_vor(offen, None, register_schreiben=False)
        assert sorted(f.titel for f in ergebnis.antraege) == ["Bad sanieren", "Mehr Kita-Plätze"]
        assert not ergebnis.fehlerhaft and not ergebnis.meldungen
    assert gelesen == ["bad.yaml", "kita.yaml"]


def test_ein_langer_prozess_prueft_unveraenderte_antraege_einmal_und_sieht_jeden_baustein(
        projekt, antragsgen, monkeypatch):
    """The editor's preview validates every motion of the project on each keystroke (numbering
    sees them all); one whose bytes, settings and text blocks stayed is not validated again,
    and still says what it said."""
    import importlib

    pruefen = importlib.import_module("antragsgen.pruefen")  # the module, not antragsgen.pruefen()
    projekt.datei("eingaben/bausteine/gruss.md", "Mit freundlichen Grüßen.\n")
    projekt.datei("eingaben/kita.yaml", ANTRAG)
    projekt.datei("eingaben/bad.yaml", ANDERER.replace("Weil Plätze fehlen.", "\n  - {baustein: gruss}"))
    projekt.datei("eingaben/c.yaml", "titel: Ohne Begründung\nfraktion: F\nantragspunkte: [Tun.]\n")
    assert antragsgen("pruefen").code == 0  # the cache on disk knows every file
    offen = Projekt.oeffnen(projekt.ordner)
    geprueft = []
    echt = pruefen._pruefe_dokument
    monkeypatch.setattr(pruefen, "_pruefe_dokument", lambda dok, *a: geprueft.append(dok.datei) or echt(dok, *a))
    kita, bad = projekt.ordner / "eingaben" / "kita.yaml", projekt.ordner / "eingaben" / "bad.yaml"

    def vorschau(datei: Path, text: str | None = None) -> tuple[list[str], list[str]]:
        ergebnis = api.bereite_vor(offen, [datei], register_schreiben=False,
                                   ersetzt={datei: text} if text is not None else None)
        return [f.begruendung_text for f in ergebnis.antraege], [str(m) for m in ergebnis.meldungen]

    for k in range(3):  # keystrokes in kita.yaml
        assert vorschau(kita, ANTRAG.replace("fehlen", "fehlen" + "!" * k)) == (["Weil Plätze fehlen" + "!" * k + "."], [])
    assert geprueft.count("eingaben/kita.yaml") == 3
    assert geprueft.count("eingaben/bad.yaml") == geprueft.count("eingaben/c.yaml") == 1
    ohne = "eingaben/c.yaml:1:1: Warnung: Der Antrag 'c' hat keine Begründung."
    for _ in range(2):  # a motion not validated again still warns
        assert vorschau(projekt.ordner / "eingaben" / "c.yaml") == ([None], [ohne])
    assert geprueft.count("eingaben/c.yaml") == 1
    # its text block changed, gone, back: the motion that uses it is validated again each time
    projekt.datei("eingaben/bausteine/gruss.md", "Viele Grüße.\n")
    assert vorschau(bad) == (["Viele Grüße."], [])
    (projekt.ordner / "eingaben" / "bausteine" / "gruss.md").unlink()
    texte, meldungen = vorschau(bad)
    assert texte == [] and meldungen == [
        "eingaben/bad.yaml:10:16: Fehler: Textbaustein 'gruss' im Antrag 'bad' nicht gefunden "
        "(erwartet: eingaben/bausteine/gruss.md)."]
    projekt.datei("eingaben/bausteine/gruss.md", "Mit freundlichen Grüßen.\n")
    assert vorschau(bad) == (["Mit freundlichen Grüßen."], [])
    assert geprueft.count("eingaben/bad.yaml") == 4 and geprueft.count("eingaben/c.yaml") == 1


def test_ein_langer_prozess_rechnet_den_registerinhalt_nur_fuer_den_geaenderten_antrag(
        projekt, antragsgen, monkeypatch):
    """Numbering sees every item of the project on each keystroke; the content hash the register
    matches by is computed once per validated motion, and the edited motion's items are
    matched by what they say now."""
    from antragsgen.nummern import plan

    projekt.datei("antragsgen.toml", "[nummern]\nstart = 3210\n")
    zwei = ANTRAG.replace("    zweck: für neue Gruppen\n",
                          "    zweck: für neue Gruppen\n  - mittel: {betrag: 9.000}\n    zweck: für Spielzeug\n")
    projekt.datei("eingaben/bad.yaml", ANDERER)
    projekt.datei("eingaben/kita.yaml", zwei)
    assert antragsgen("erzeugen", "-j", "1", "-f", "html").code == 0  # bad 3210, kita 3211 and 3212
    offen = Projekt.oeffnen(projekt.ordner)
    gehasht = []
    echt = plan.inhalt_hash
    monkeypatch.setattr(plan, "inhalt_hash", lambda punkt, *a: gehasht.append(punkt.kernsatz) or echt(punkt, *a))
    kita = projekt.ordner / "eingaben" / "kita.yaml"

    def nummern(text: str) -> list[int | None]:
        ergebnis = api.bereite_vor(offen, [kita], register_schreiben=False, ersetzt={kita: text})
        return [p.lfd_nr for p in ergebnis.antraege[0].antragspunkte]

    assert nummern(zwei) == [3211, 3212]
    assert len(gehasht) == 3  # every item of the project, once
    # a keystroke in the second item: it keeps its place and number; only kita is hashed again
    assert nummern(zwei.replace("für Spielzeug", "für Spielzeug und Bücher")) == [3211, 3212]
    assert len(gehasht) == 5
    # a new first item: the others are found by their content, the new one gets the next number
    neu = zwei.replace("antragspunkte:\n", "antragspunkte:\n  - mittel: {betrag: 1.000}\n    zweck: für Stühle\n")
    assert nummern(neu) == [3213, 3211, 3212]
    assert len(gehasht) == 8

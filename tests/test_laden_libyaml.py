"""YAML read by libyaml gives exactly what ruamel gives (issue 19): the same data, the
same positions of every value and key, the same German messages; where the two could
differ, ruamel reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antragsgen.fehler import EingabeFehler
from antragsgen.laden import libyaml, rohdaten
from antragsgen.laden.rohdaten import MAX_TIEFE, yaml_dokumente

WURZEL = Path(__file__).resolve().parents[1]


def _ergebnis(lesen, text: str):
    """Everything a reader of the documents sees, or the messages of the error."""
    try:
        return [(d.daten, d.werte, d.schluessel, d.ort, d.nummer) for d in lesen(text)]
    except EingabeFehler as e:
        return [str(m) for m in e.meldungen]


def _nur_ruamel(text: str):
    return rohdaten.rohdokumente(rohdaten.ruamel_wurzeln(rohdaten.yaml_vorbereiten(text), "x.yaml"), "x.yaml")


def _wie_ruamel(text: str) -> str:
    """Asserts both ways agree; which parser read the text."""
    vorher = rohdaten.ZERLEGER.copy()
    neu = _ergebnis(lambda t: yaml_dokumente(t, "x.yaml"), text)
    gelesen = next(iter(rohdaten.ZERLEGER - vorher))
    assert neu == _ergebnis(_nur_ruamel, text), text
    return gelesen


def test_libyaml_ist_da_und_liest_die_mitgelieferten_antraege():
    assert libyaml.VORHANDEN  # PyYAML's wheels bundle libyaml; requirements.lock pins one
    dateien = sorted((WURZEL / "eingaben").rglob("*.yaml"))
    assert dateien
    for datei in dateien:
        assert _wie_ruamel(datei.read_text(encoding="utf-8")) == "libyaml", datei.name


GUT = "titel: Gut\nfraktion: F\nantragspunkte:\n  - Ein Punkt\nbegruendung: Weil.\n"

# (text, who reads it): libyaml where it gives ruamel's result, ruamel where they may differ
FAELLE = {
    "schlicht": (GUT, "libyaml"),
    "crlf": (GUT.replace("\n", "\r\n"), "libyaml"),
    "nur cr": (GUT.replace("\n", "\r"), "libyaml"),
    "umlaute und emoji vor werten": ("titel: ä😀ß – „x“\nfraktion: 😀😀 F\nantragspunkte: [ä, 😀, 𝔘]\n", "libyaml"),
    "emoji in schlüsseln": ("ä😀: 1\n😀ö:\n  - 𝔘: b\n", "libyaml"),
    "sehr lange zeile": ("titel: " + "Wort " * 20_000 + "\nfraktion: F\n", "libyaml"),
    "literal": ("a: |\n  eins\n   zwei\n\n  drei\nb: x\n", "libyaml"),
    "gefaltet": ("a: >\n  eins\n  zwei\n\n  drei\n\nb: x\n", "libyaml"),
    "literal ohne schluss": ("a: |-\n  eins\n\n\nb: x\n", "libyaml"),
    "literal mit allen schlüssen": ("a: |+\n  eins\n\n\nb: x\n", "libyaml"),
    "block mit einrückungsangabe": ("a: |2\n    eins\n  zwei\n", "libyaml"),
    "block mit kommentar": ("a: > # Kommentar\n  eins\n", "libyaml"),
    "block erste zeile leer": ("t: |\n\n  y\n", "libyaml"),
    "block erste zeile nur leerzeichen": ("t: |\n \n   y\n\n", "ruamel"),
    "blockkopf mit kommentar ohne leerzeichen": ("k: >#a\n  b\n", "ruamel"),
    "blockkopf mit angaben": ("a: |2-\n   b\nc: >+1 # k\n d\n", "libyaml"),
    "leerer block am ende": ("k: |\n", "libyaml"),
    "block crlf": ("a: |\r\n  eins\r\n  zwei\r\nb: x\r\n", "libyaml"),
    "anführungszeichen": ("a: 'it''s: # nicht'\nb: \"\\t\\u00e4\\U0001F600\\x41\\\\ \\\"\"\nc: \"zwei\n  zeilen\"\n",
                          "libyaml"),
    "mehrzeilig schlicht": ("a: eins\n  zwei\n\n  drei\n", "libyaml"),
    "flow": ("a: {b: 1, c: [d, 'e', {f: g}]}\nh: [2022, 2023]\n", "libyaml"),
    "komma in geschweiften klammern": ("anteil: {anteil: 0,5}\n", "ruamel"),
    "null und tilde": ("a: ~\nb: null\nc: ''\nd: \"\"\ne: NULL\n", "libyaml"),
    "leerer wert": ("titel:\nfraktion: F\n", "ruamel"),
    "leerer listeneintrag": ("a:\n  -\n  - b\n", "ruamel"),
    "doppelter schlüssel": ("titel: A\nfraktion: F\ntitel: B\n", "libyaml"),
    "schlüssel keine zeichenkette": ("[a, b]: 1\n{c: d}: 2\n", "libyaml"),
    "mehrere dokumente": ("---\n" + GUT + "---\n" + GUT + "---\n", "libyaml"),
    "mehrere dokumente mit ende": ("---\n" + GUT + "...\n---\n" + GUT + "...\n", "ruamel"),
    "leere dokumente": ("---\n---\n# nur ein Kommentar\n---\n" + GUT, "libyaml"),
    "leerer text": ("", "libyaml"),
    "nur kommentar": ("# nichts\n", "libyaml"),
    "ein skalar": ("nur Text\n", "libyaml"),
    "yaml 1.2 direktive": ("%YAML 1.2\n---\n" + GUT, "ruamel"),
    "yaml 1.1 direktive": ("%YAML 1.1\n---\n" + GUT, "ruamel"),
    "tag": ("a: !!str 2022\nb: !x y\n", "ruamel"),
    "anker und alias": ("a: &x Text\nb: *x\n", "ruamel"),
    "alias einer liste": ("a: &x [1, 2]\nb: *x\n", "ruamel"),
    "unbekannter alias": ("a: *x\n", "ruamel"),
    "tab beim einrücken": ("titel: T\n\tfraktion: F\n", "ruamel"),
    "tab im wert": ("titel: T\tU\n", "ruamel"),
    "tab in anführungszeichen": ("titel: \"T\tU\"\n", "ruamel"),
    "bom am anfang": ("\ufeff" + GUT, "ruamel"),
    "bom mittendrin": ("ti\ufefftel: T\n", "ruamel"),
    "zeilentrenner": ("a: eins\u2028zwei\nb: \x85c\u2029\n", "ruamel"),
    "steuerzeichen": ("titel: A\x00B\x1b\x7fC\x0bD\nfraktion: F\x9f\n", "libyaml"),
    "bidi": ("titel: A\u202eB\u2066C\n", "libyaml"),
    "doppelpunkt im wert": ("titel: Antrag: Bäume\n", "ruamel"),
    "einrückung falsch": ("titel: T\n  fraktion: F\n", "ruamel"),
    "liste falsch eingerückt": ("antragspunkte:\n  - a\n - b\n", "ruamel"),
    "fehlendes anführungszeichen": ("titel: \"offen\nfraktion: F\n", "ruamel"),
    "doppelpunkt fehlt": ("titel: T\nfraktion\nb: 1\n", "ruamel"),
    "flow mit doppelpunkt ohne leerzeichen": ("a: [b:c, {d:e}]\n", "ruamel"),
    "fragezeichen schlüssel": ("? a\n: b\n", "libyaml"),
    "dokument ende mittendrin": ("a: 1\n...\nb: 2\n", "ruamel"),
    "dokument ende doppelt": ("t: |\n  x\n...\n\n...\n", "ruamel"),
}


@pytest.mark.parametrize("name", FAELLE)
def test_grenzfaelle_geben_dasselbe_wie_ruamel(name):
    text, leser = FAELLE[name]
    assert _wie_ruamel(text) == leser


def test_alias_bleibt_abgelehnt_mit_ruamels_meldung():
    with pytest.raises(EingabeFehler) as e:
        yaml_dokumente("a: &x Text\nb: *x\n", "x.yaml")
    assert [str(m) for m in e.value.meldungen] == [
        "x.yaml:1:4: Fehler: YAML-Anker und -Aliase (&, *) werden nicht unterstützt; bitte den Text ausschreiben."]


@pytest.mark.parametrize("ebenen", [MAX_TIEFE - 2, MAX_TIEFE - 1, MAX_TIEFE, MAX_TIEFE + 1])
def test_tiefe_an_der_grenze_wie_ruamel(ebenen):
    # root mapping and scalar count as levels, as in ruamel
    _wie_ruamel("a: " + "[" * ebenen + "x" + "]" * ebenen + "\n")
    _wie_ruamel("a:\n" + "".join(" " * (2 * i) + f"- k{i}:\n" for i in range(1, ebenen)) + " " * 2 * ebenen + "x\n")


def test_tiefste_verschachtelung_stuerzt_nicht_ab():
    text = "a: " + "[" * 100_000
    assert libyaml.wurzeln(text, MAX_TIEFE) is None  # iterative: no stack to overflow
    with pytest.raises(EingabeFehler, match="zu tief verschachtelt"):
        yaml_dokumente(text, "x.yaml")


def test_zu_viele_werte_auch_ueber_libyaml():
    # the same converter counts for both parsers (ruamel would take a minute on this text)
    vorher = rohdaten.ZERLEGER["libyaml"]
    with pytest.raises(EingabeFehler, match="zu viele Werte"):
        yaml_dokumente("a: [" + ", ".join(["b"] * (rohdaten.MAX_KNOTEN + 5)) + "]\n", "x.yaml")
    assert rohdaten.ZERLEGER["libyaml"] == vorher + 1


# --- generated motions with noise --------------------------------------------------------

wort = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=25)
text_wert = st.one_of(wort, st.sampled_from(["Die Verwaltung prüft.", "0,5", "50.000", "2022", "NO", "~",
                                             "Zeile eins\nZeile zwei", "😀 ä – „x“", "a: b", "- c", "# d"]))
punkt = st.one_of(
    text_wert,
    st.fixed_dictionaries({"text": text_wert}, optional={"lfd_nr": st.integers(-3, 10_000)}),
    st.fixed_dictionaries({"stelle": st.fixed_dictionaries({"anteil": text_wert}, optional={
        "bezeichnung": text_wert, "entgeltgruppe": text_wert})}, optional={"zweck": text_wert}),
    st.fixed_dictionaries({"mittel": st.fixed_dictionaries({}, optional={
        "betrag": text_wert, "jahre": st.lists(st.integers(1980, 2210), max_size=3)})}),
)
antrag = st.fixed_dictionaries(
    {"titel": text_wert, "fraktion": st.one_of(text_wert, st.lists(text_wert, max_size=3))},
    optional={"antragspunkte": st.lists(punkt, max_size=4), "begruendung": text_wert,
              "haushaltsjahre": st.lists(st.integers(1900, 2300), max_size=3), "status": st.none()},
)


def _yaml(daten, art: str) -> str:
    import yaml

    if art == "json":
        return json.dumps(daten, ensure_ascii=False, indent=2)
    stil = {"block": None, "literal": "|", "gefaltet": ">", "einfach": "'", "doppelt": '"'}[art]
    return yaml.safe_dump(daten, allow_unicode=True, sort_keys=False, default_style=stil, width=40)


RAUSCHEN = [":", ": ", "- ", "-", " ", "  ", "\n", "\n  ", "#", "'", '"', "[", "]", "{", "}", ",", "?", "|", ">",
            "&a ", "*a", "!", "%", "@", "`", "\\", "\t", "\r\n", "\r", "ä", "😀", "\ufeff", "\u2028", "\x85", "\x00",
            "---\n", "...\n", "\n...\n", "#", "~", "0,5", "|-\n", ">+\n  ", "\\x4", "\\u00e4", "\\/", "\\N"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(daten=antrag, art=st.sampled_from(["block", "block", "json", "literal", "gefaltet", "einfach", "doppelt"]),
       rauschen=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(RAUSCHEN), st.integers(0, 3)), max_size=4),
       crlf=st.booleans())
def test_erzeugte_antraege_mit_rauschen_wie_ruamel(daten, art, rauschen, crlf):
    text = _yaml(daten, art)
    for wo, zeichen, loeschen in rauschen:
        i = int(wo * len(text))
        text = text[:i] + zeichen + text[i + loeschen:]
    if crlf:
        text = text.replace("\n", "\r\n")
    _wie_ruamel(text)

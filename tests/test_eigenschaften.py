"""Property tests: any input either renders or gives a clean German error, never a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antragsgen import api

EINSTELLUNGEN = settings(max_examples=60, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
zahlentext = st.one_of(st.from_regex(r"\A-?[0-9]{1,7}([.,][0-9]{1,3})?\Z"), text)
stelle = st.fixed_dictionaries({"anteil": zahlentext}, optional={
    "bezeichnung": text, "entgeltgruppe": text, "bereich": text})
mittel = st.fixed_dictionaries({}, optional={
    "betrag": zahlentext, "jahre": st.lists(st.integers(1980, 2210), max_size=3), "einmalig": st.booleans()})
punkt = st.one_of(
    text,
    st.fixed_dictionaries({"text": text}, optional={"lfd_nr": st.integers(-3, 10_000)}),
    st.fixed_dictionaries({"stelle": stelle}, optional={"zweck": text, "lfd_nr": st.integers(1, 10_000)}),
    st.fixed_dictionaries({"mittel": mittel}, optional={"zweck": text}),
)
antrag = st.fixed_dictionaries(
    {"titel": text, "fraktion": st.one_of(text, st.lists(text, max_size=3))},
    optional={
        "art": st.sampled_from(["antrag", "haushaltsantrag", "anfrage", "aenderungsantrag", "quatsch"]),
        "antragspunkte": st.lists(punkt, max_size=4),
        "begruendung": st.one_of(text, st.lists(st.one_of(text, st.builds(lambda n: {"baustein": n}, text)), max_size=3)),
        "datum": st.one_of(text, st.dates().map(str)),
        "haushaltsjahre": st.lists(st.one_of(st.integers(1900, 2300), text), max_size=3),
        "einleitung": text, "oberzeile": text, "nummer": text, "vorbemerkung": text, "deckung": text,
        "unterzeichnende": st.lists(st.one_of(text, st.fixed_dictionaries({"name": text}, optional={"funktion": text})),
                                    max_size=2),
        "status": st.sampled_from(["entwurf", "eingereicht", "zurueckgezogen"]),
        "unbekannt": text,
    },
)


def _projekt(datei: str, inhalt: str | bytes) -> Path:
    ordner = Path(tempfile.mkdtemp())
    (ordner / "eingaben").mkdir()
    pfad = ordner / "eingaben" / datei
    if isinstance(inhalt, bytes):
        pfad.write_bytes(inhalt)
    else:
        pfad.write_text(inhalt, encoding="utf-8")
    return ordner


@EINSTELLUNGEN
@given(st.one_of(st.binary(max_size=300), text.map(lambda t: t.encode("utf-8"))))
def test_beliebige_bytes_geben_antrag_oder_meldung(inhalt):
    for name in ("x.yaml", "x.md"):
        ordner = _projekt(name, inhalt)
        ergebnis = api.pruefen(projekt=ordner)
        assert all(str(m).startswith(("eingaben/", str(ordner))) or m.ort is not None for m in ergebnis.meldungen)
        # a motion, or a message naming the file: never silence
        gemeldet = [m for m in ergebnis.meldungen if m.ort is not None and m.ort.datei.endswith(f"eingaben/{name}")]
        assert ergebnis.antraege or gemeldet, name
        assert ergebnis.exit_code == (1 if any(m.ist_fehler for m in gemeldet) else 0)


@EINSTELLUNGEN
@given(antrag)
def test_beliebige_antraege_werden_erzeugt_oder_sauber_abgelehnt(daten):
    ordner = _projekt("x.yaml", json.dumps(daten, ensure_ascii=False))
    # no settings error can come from a motion: an AntragsFehler here fails the test
    ergebnis = api.erzeugen(projekt=ordner, formate=["html", "docx"], jobs=1)
    if ergebnis.antraege:
        assert (ordner / "ausgabe" / f"{ergebnis.antraege[0].id}.html").is_file()
        assert (ordner / "ausgabe" / f"{ergebnis.antraege[0].id}.docx").is_file()
    else:
        assert any(m.ist_fehler and m.ort is not None for m in ergebnis.meldungen)
        assert all(m.text and not m.text.startswith("Traceback") for m in ergebnis.meldungen)


# valid motions with arbitrary text: each must become a PDF (random dicts rarely validate)
satztext = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn", "Co", "Zl", "Zp")),
                   min_size=1, max_size=60).filter(lambda t: t.strip())
gueltiger_punkt = st.one_of(
    satztext,
    st.fixed_dictionaries({"stelle": st.fixed_dictionaries({"anteil": st.sampled_from(["0,5", "1", "2,25"])},
                                                           optional={"bezeichnung": satztext}),
                           "zweck": satztext}),
    st.fixed_dictionaries({"mittel": st.fixed_dictionaries({"betrag": st.sampled_from(["8.500", "50.000", "1,50"])},
                                                           optional={"einmalig": st.booleans()}),
                           "zweck": satztext}),
)
gueltiger_antrag = st.fixed_dictionaries(
    {"titel": satztext, "fraktion": st.one_of(satztext, st.lists(satztext, min_size=1, max_size=3)),
     "haushaltsjahre": st.just([2022, 2023]), "antragspunkte": st.lists(gueltiger_punkt, min_size=1, max_size=4)},
    optional={"art": st.sampled_from(["antrag", "haushaltsantrag", "anfrage", "aenderungsantrag"]),
              "begruendung": satztext, "oberzeile": satztext, "deckung": satztext,
              "status": st.sampled_from(["entwurf", "eingereicht", "zurueckgezogen"])},
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gueltiger_antrag)
def test_gueltige_antraege_mit_beliebigem_text_werden_pdf(daten):
    from pypdf import PdfReader

    ordner = _projekt("x.yaml", json.dumps(daten, ensure_ascii=False))
    ergebnis = api.erzeugen(projekt=ordner, formate=["pdf"], jobs=1)
    assert ergebnis.exit_code == 0, [str(m) for m in ergebnis.meldungen]
    assert len(ergebnis.antraege) == 1
    assert len(PdfReader(ordner / "ausgabe" / f"{ergebnis.antraege[0].id}.pdf").pages) >= 1

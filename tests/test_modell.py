"""The motion model: request sentences (SPEC §3.3), German numbers, grades, typography."""

from __future__ import annotations

from decimal import Decimal

import pytest

from antragsgen import schreibweise
from antragsgen.modell import Antrag, Antragspunkt, slug


def punkt(daten, **antrag) -> Antragspunkt:
    a = Antrag.model_validate({"titel": "T", "fraktion": "F", "antragspunkte": [daten], **antrag})
    return a.antragspunkte[0]


@pytest.mark.parametrize(("daten", "satz"), [
    ({"stelle": {"anteil": "0,5", "bezeichnung": "Sekretär:in", "entgeltgruppe": "EG7", "bereich": "SI-IP"},
      "zweck": "als Assistenz der Leitung des Welcome Center", "lfd_nr": 3225},
     "0,5 Stelle Sekretär:in (EG 7) im Bereich SI-IP als Assistenz der Leitung des Welcome Center (lfd. Nr. 3225)"),
    ({"stelle": {"anteil": "1"}, "zweck": "für Lärmminderungsplanung"}, "1,0 Stelle für Lärmminderungsplanung"),
    ({"stelle": {"anteil": "1.5", "bezeichnung": "Gärtner:innen"}}, "1,5 Stellen Gärtner:innen"),
    ({"stelle": {"anteil": "0,25", "entgeltgruppe": "a13"}}, "0,25 Stelle (A 13)"),
    ({"stelle": {"anteil": "2", "bereich": "Amt 61"}}, "2,0 Stellen im Bereich Amt 61"),
    ({"mittel": {"betrag": "50.000"}, "zweck": "für einen Zuschuss an den Verein", "lfd_nr": 3230},
     "Für einen Zuschuss an den Verein werden 2022 und 2023 jeweils 50.000 € bereitgestellt (lfd. Nr. 3230)"),
    ({"mittel": {"betraege": {"2022": "50.000", "2023": "60.000,00"}}, "zweck": "für Schulungen"},
     "Für Schulungen werden 2022 50.000 € und 2023 60.000 € bereitgestellt"),
    ({"mittel": {"betrag": "8.500", "einmalig": "true"}, "zweck": "für Lernmaterial"},
     "Für Lernmaterial werden 2022 einmalig 8.500 € bereitgestellt"),
    ({"mittel": {"betrag": "1000", "jahre": ["2024"]}, "zweck": "für Bänke"},
     "Für Bänke werden 2024 1.000 € bereitgestellt"),
    ({"text": "Der Zuschuss wird um 20.000 € erhöht", "mittel": {"betrag": "20000"}, "lfd_nr": 7},
     "Der Zuschuss wird um 20.000 € erhöht (lfd. Nr. 7)"),
    ("Die Verwaltung berichtet.", "Die Verwaltung berichtet."),
])
def test_satz_des_antragspunkts_wie_in_der_spezifikation(daten, satz):
    p = punkt(daten, haushaltsjahre=["2022", "2023"])
    assert schreibweise.typografie(p.satz).replace("\u00a0", " ") == satz
    assert "()" not in p.satz and "  " not in p.satz


@pytest.mark.parametrize(("text", "wert"), [
    ("0,5", Decimal("0.5")), ("0.5", Decimal("0.5")), ("50.000", Decimal(50000)),
    ("50.000,00", Decimal("50000.00")), ("1.234.567", Decimal(1234567)), ("50000", Decimal(50000)),
    ("1.500 €", Decimal(1500)), (12, Decimal(12)),
])
def test_zahlen_werden_deutsch_gelesen(text, wert):
    assert schreibweise.deutsche_zahl(text) == wert


@pytest.mark.parametrize("text", ["eine halbe", "1,2,3", "", "0x10", "1.5.3"])
def test_keine_zahl_gibt_deutsche_meldung(text):
    with pytest.raises(ValueError, match="keine Zahl"):
        schreibweise.deutsche_zahl(text)


@pytest.mark.parametrize(("roh", "normal"), [
    ("EG13", "EG 13"), ("eg 13", "EG 13"), ("E  13", "E 13"), ("A13", "A 13"), ("B 3", "B 3"),
    ("S12", "S 12"), ("EG 9a", "EG 9a"), ("EG 15Ü", "EG 15Ü"),
])
def test_entgeltgruppe_wird_vereinheitlicht(roh, normal):
    assert punkt({"stelle": {"anteil": "1", "entgeltgruppe": roh}}).stelle.entgeltgruppe == normal


def test_formate_deutsch():
    import datetime as dt

    assert schreibweise.datum(dt.date(2021, 11, 12)) == "12. November 2021"
    assert schreibweise.anteil(Decimal("0.25")) == "0,25"
    assert schreibweise.anteil(Decimal("1")) == "1,0"
    assert schreibweise.euro(Decimal("1234567.5")) == "1.234.568\u00a0€"
    assert schreibweise.zahl(Decimal("1234.5")) == "1.234,5"


def test_typografie_anfuehrungszeichen_und_feste_leerzeichen():
    assert schreibweise.typografie('Das "Bündnis" (lfd. Nr. 3210) nach § 5 für EG 13') == (
        "Das „Bündnis“ (lfd.\u00a0Nr.\u00a03210) nach §\u00a05 für EG\u00a013")
    assert schreibweise.typografie("50.000 € am 12. November 2021") == "50.000\u00a0€ am 12.\u00a0November\u00a02021"
    # nothing else is replaced: no © from (c), no dashes from --
    assert schreibweise.typografie("(c) -- ...") == "(c) -- ..."


def test_slug_mit_deutschen_umlauten():
    assert slug("Grünflächen für Möhringen & Süd") == "gruenflaechen-fuer-moehringen-sued"
    assert slug("Straße") == "strasse"


def test_einleitung_je_art():
    basis = {"titel": "T", "fraktion": "F", "antragspunkte": ["x"]}
    assert Antrag.model_validate(basis).einleitung_text == "Wir beantragen:"
    assert Antrag.model_validate({**basis, "art": "anfrage"}).einleitung_text == "Wir fragen die Verwaltung:"
    assert Antrag.model_validate({**basis, "einleitung": ""}).einleitung_text == ""

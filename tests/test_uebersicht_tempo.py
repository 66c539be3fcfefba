"""uebersicht.pdf over several pages, as a user and a screen reader meet it (SPEC §5, §5.2): every
row in order, the header row on every page, one tagged table, long titles cut with "…"."""

from __future__ import annotations

import re

import pytest

from conftest import normal, pdf_seiten
from pdfpruefung import alle, elemente, kinder, oeffne, text_nach_art, typ, verstoesse

ZEILEN = 75  # three pages of about 33 rows
LANG = ("Gemeinsame Initiative zur nachhaltigen Entwicklung der Innenstadt durch Begrünung, Entsiegelung "
        "und neue Aufenthaltsqualität für alle Generationen")
# what the title column shows of LANG (Liberation Sans 8,5 pt, A4 quer): pinned, so a change of the
# overview's layout that cuts titles elsewhere is seen
LANG_GEKUERZT = "Gemeinsame Initiative zur nachhaltigen Entwicklung der Innenstadt durch Beg…"


def _antrag(id_, titel, fraktion, punkte, status="eingereicht"):
    return (f"id: {id_}\ntitel: {titel}\nart: haushaltsantrag\nfraktion: {fraktion}\nstatus: {status}\n"
            f"haushaltsjahre: [2022, 2023]\nantragspunkte:\n{punkte}begruendung: Weil.\n")


def _mittel(von, bis):
    return "".join(f"  - mittel: {{betrag: {k * 1000 + k}}}\n    zweck: für Posten {k}\n    lfd_nr: {k}\n"
                   for k in range(von, bis))


@pytest.fixture(scope="module")
def uebersicht(modulprojekt):
    projekt = modulprojekt
    projekt.datei("eingaben/lang.yaml", _antrag("lang", LANG, "Grüne", _mittel(1, 40)))
    projekt.datei("eingaben/kurz.yaml", _antrag("kurz", "Bänke", "SPD", _mittel(40, 70)))
    projekt.datei("eingaben/zurueck.yaml", _antrag("zurueck", "Brunnen", "SPD", _mittel(70, ZEILEN + 1),
                                                    status="zurueckgezogen"))
    assert projekt.rufe_auf("erzeugen", "-f", "html").code == 0
    return projekt.ausgabe("uebersicht.pdf")


def _zeilen_nummern(seite: str) -> list[int]:
    """The lfd. Nr. of every table row of a page (rows start with it and hold an amount)."""
    return [int(m.group(1)) for z in normal(seite).splitlines() if "€" in z
            and (m := re.match(r"\s*(\d+)\s", z))]


def test_jede_zeile_steht_in_der_reihenfolge_im_pdf(uebersicht):
    seiten = pdf_seiten(uebersicht)
    assert len(seiten) >= 3
    assert [n for s in seiten for n in _zeilen_nummern(s)] == list(range(1, ZEILEN + 1))
    text = normal("\n".join(seiten))
    for k in (1, 39, 40, ZEILEN):
        assert f"{k}.{k:03} €" in text  # the row's own amount
    assert "zurückgezogen" in text and "Summe SPD" in text


def test_kopfzeile_auf_jeder_seite_und_nur_einmal_im_text(uebersicht):
    seiten = text_nach_art(uebersicht)
    assert "lfd. Nr." in seiten[0]["inhalt"]
    for seite in seiten[1:]:  # repeated: page furniture for a screen reader
        assert "lfd. Nr." in seite["artefakt"] and "lfd. Nr." not in seite["inhalt"]
        assert "Status" in seite["artefakt"]


def test_eine_getaggte_tabelle_mit_einer_zeile_je_antragspunkt(uebersicht):
    pdf = oeffne(uebersicht)
    (tabelle,) = [e for e in elemente(pdf) if typ(e) == "Table"]
    kopf, rumpf, fuss = kinder(tabelle)
    assert (typ(kopf), typ(rumpf), typ(fuss)) == ("THead", "TBody", "TFoot")
    assert len(kinder(kopf)) == 1
    zeilen = kinder(rumpf)
    assert [typ(z) for z in zeilen] == ["TR"] * ZEILEN
    spalten = len(kinder(kinder(kopf)[0]))
    assert all([typ(z) for z in kinder(zeile)] == ["TD"] * spalten for zeile in zeilen)
    assert {z.Pg.objgen for z in zeilen} == {s.objgen for s in pdf.pages}  # one table across all pages
    ids = {bytes(th.ID) for th in alle(kopf) if typ(th) == "TH"}
    assert len(ids) == spalten
    assert all(td.A.Headers and {bytes(h) for h in td.A.Headers} <= ids for td in alle(rumpf) if typ(td) == "TD")


def _sichtbar(pdf, seite: int) -> str:
    """The text of a page as it is seen: WeasyPrint draws a cut title's "…" as one glyph that stands
    for the whole rest of the title (a screen reader and copy-and-paste get the full title); here
    such a rest (characters sharing one glyph's box) becomes "…" again."""
    import pypdfium2

    dokument = pypdfium2.PdfDocument(pdf)
    try:
        textseite = dokument[seite].get_textpage()
        text = textseite.get_text_range()
        kaesten = [textseite.get_charbox(i) for i in range(len(text))]
    finally:
        dokument.close()
    sichtbar, i = [], 0
    while i < len(text):
        j = i
        while j + 1 < len(text) and kaesten[j + 1] == kaesten[i] and kaesten[i][2] > kaesten[i][0]:
            j += 1
        sichtbar.append(text[i] if j == i else "…")
        i = j + 1
    return "".join(sichtbar)


def test_langer_titel_mit_auslassungspunkt_gekuerzt_kurzer_ganz(uebersicht):
    seiten = [_sichtbar(uebersicht, i) for i in range(len(pdf_seiten(uebersicht)))]
    zeilen = [z for s in seiten for z in normal(s).splitlines()]
    lang = [z for z in zeilen if z.startswith(tuple(f"{k} " for k in range(1, 40)))]
    assert len(lang) == 39 and all(f" {LANG_GEKUERZT} Grüne Mittel " in z for z in lang)
    kurz = [z for z in zeilen if z.startswith(tuple(f"{k} " for k in range(40, 70)))]
    assert len(kurz) == 30 and all(" Bänke SPD Mittel " in z and "…" not in z for z in kurz)
    # the text layer keeps the whole title: a screen reader reads it in full
    assert normal(pdf_seiten(uebersicht)[0]).count(LANG) >= 30


def test_mehrseitige_uebersicht_besteht_pdfa_2a_und_pdfua_1(uebersicht):
    assert verstoesse(uebersicht) == []



def _linien_der_ersten_spalte(pdf, seite: int) -> list[str]:
    """The horizontal lines crossing the lfd. Nr. column of a page, top to bottom, as they are seen
    at 600 dpi: "schwarz" (the 1 pt lines of head and totals) or "grau" (0.4 pt under a row)."""
    import pypdfium2

    dokument = pypdfium2.PdfDocument(pdf)
    try:
        blatt = dokument[seite]
        textseite = blatt.get_textpage()
        links = textseite.get_charbox(textseite.get_text_range().index("lfd. Nr."))[0]
        massstab = 600 / 72
        bild = blatt.render(scale=massstab, grayscale=True).to_pil()
    finally:
        dokument.close()
    x = round((links - 2) * massstab)  # in the cell's padding, left of any digit
    spalte = [bild.getpixel((x, y)) for y in range(bild.height)]
    linien, art, laenge = [], None, 0
    for wert in spalte + [255]:
        jetzt = "schwarz" if wert < 60 else "grau" if 120 <= wert <= 200 else None if wert > 230 else art
        if jetzt == art:
            laenge += 1
            continue
        if art and laenge >= 2:  # a class held over two pixels: a line of its own, not an edge
            linien.append(art)
        art, laenge = jetzt, 1
    return linien


def test_eine_linie_unter_jeder_zeile_und_nur_eine_ueber_den_summen(uebersicht):
    """Separate borders (cheaper than collapsed ones): each row has its line, and the totals one
    black line above them, without the last row's grey line as a seam on it (collapsed, there was one)."""
    import pypdfium2

    letzte = len(pypdfium2.PdfDocument(uebersicht)) - 1
    zeilen = sum(1 for z in normal(pdf_seiten(uebersicht)[letzte]).splitlines() if re.match(r"\s*\d+\s.*€", z))
    assert zeilen > 1
    # the head's line, one under each row but the last, the totals' line
    assert _linien_der_ersten_spalte(uebersicht, letzte) == ["schwarz"] + ["grau"] * (zeilen - 1) + ["schwarz"]


def test_bei_sieben_jahren_bleiben_titel_und_grosse_summen_sichtbar_ganz(projekt):
    """Medium-term planning beside a double budget (7 years, "dauerhaft"): the title wraps in its
    column instead of being cut to "In…", and a bold total of seven digits is seen whole."""
    jahre = "{" + ", ".join(f"{j}: 4.999.999" for j in range(2022, 2029)) + "}"
    for name in ("a", "b"):
        projekt.datei(f"eingaben/{name}.yaml", (
            f"id: {name}\ntitel: Integration in Stuttgart sicher stellen {name}\nart: haushaltsantrag\n"
            f"fraktion: Grüne\nantragspunkte:\n  - mittel: {{betraege: {jahre}, dauerhaft: true}}\n"
            f"    zweck: für Sprachkurse\nbegruendung: Weil.\n"))
    assert projekt.rufe_auf("erzeugen", "-f", "html").code == 0
    text = normal(_sichtbar(projekt.ausgabe("uebersicht.pdf"), 0))
    assert "2028" in text and "…" not in text
    for wort in ("Integration", "Stuttgart", "sicher", "stellen"):
        assert text.count(wort) == 2, wort
    assert text.count("4.999.999 €") == 14 and text.count("9.999.998 €") == 7

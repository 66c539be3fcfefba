"""sammelband.pdf: cover, contents and every submitted motion in lfd. Nr. order, one volume."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pikepdf
import pytest

from conftest import normal, ohne_umbruch, pdf_seiten

STAND = dt.date(2021, 11, 12)
GREMIUM = "Gemeinderat der Landeshauptstadt Stuttgart"
ABSATZ = ("Die Verwaltung wird gebeten, das Konzept der Sprachcafés in allen Stadtbezirken "
          "fortzuführen und um Angebote für Familien zu erweitern. ") * 6


def antrag(titel, fraktion, nummern, **mehr):
    from antragsgen.modell import Antrag, slug

    punkte = [{"text": f"Punkt {i} zu {titel}.", "lfd_nr": n} for i, n in enumerate(nummern, 1)]
    return Antrag.model_validate({
        "id": slug(titel), "titel": titel, "art": "haushaltsantrag",
        "fraktion": fraktion, "gremium": GREMIUM, "datum": "2021-11-05", "haushaltsjahre": [2022, 2023],
        "antragspunkte": punkte or ["Der Lärmaktionsplan wird umgesetzt."],
        "begruendung": "Kurze Begründung.", **mehr})


def eingereichte():
    """In the order the caller passes them: not the order of the volume."""
    return [
        antrag("Lärmaktionsplan umsetzen", "Fraktion Grüne Mitte", []),
        antrag("Sprachcafés fördern", ["Musterfraktion", "Beispielgruppe"], [3230, 3231],
               begruendung="\n\n".join(f"Absatz {i}: {ABSATZ}" for i in range(10))),
        antrag("Integration sicher stellen", "Musterfraktion", [3210, 3225]),
        antrag("Stadtbibliothek sonntags öffnen", "Beispielgruppe", [3215], haushaltsjahre=[2022]),
    ]


# lfd. Nr. order; the motion without a number comes last
REIHENFOLGE = ["Integration sicher stellen", "Stadtbibliothek sonntags öffnen",
               "Sprachcafés fördern", "Lärmaktionsplan umsetzen"]
NUMMERN = {"Integration sicher stellen": "3210–3225", "Stadtbibliothek sonntags öffnen": "3215",
           "Sprachcafés fördern": "3230–3231", "Lärmaktionsplan umsetzen": ""}


def rendere(vorlage_name="standard"):
    from antragsgen.renderer.sammelband import SammelbandRenderer
    from antragsgen.vorlagen import finde_vorlage

    return SammelbandRenderer(finde_vorlage(vorlage_name)).render(eingereichte(), STAND)


@pytest.fixture(scope="module")
def band() -> bytes:
    return rendere()


@pytest.fixture(scope="module")
def seiten(band) -> list[str]:
    return [normal(s) for s in pdf_seiten(band)]


@pytest.fixture(scope="module")
def lesezeichen(band) -> list[tuple[str, int, int]]:
    """(title, 0-based page, number of children) of each top-level bookmark."""
    with pikepdf.open(io.BytesIO(band)) as pdf:
        seite_nr = {seite.objgen: i for i, seite in enumerate(pdf.pages)}
        with pdf.open_outline() as gliederung:
            return [(normal(e.title), seite_nr[e.destination[0].objgen], len(e.children))
                    for e in gliederung.root]


def test_lesezeichen_je_antrag_in_lfd_nr_reihenfolge(lesezeichen):
    # one bookmark per motion and nothing else: no cover, no "Inhalt", no "Begründung:"
    assert [titel for titel, _, _ in lesezeichen] == REIHENFOLGE
    assert all(kinder == 0 for _, _, kinder in lesezeichen)


def test_jeder_antrag_beginnt_auf_neuer_seite_mit_seinem_titel(lesezeichen, seiten):
    seitenzahlen = [seite for _, seite, _ in lesezeichen]
    assert seitenzahlen[0] == 2  # behind the cover and one page of contents
    assert seitenzahlen == sorted(set(seitenzahlen))
    for titel, seite, _ in lesezeichen:
        assert titel in seiten[seite]
        if seite - 1 > 1:  # the page before is another motion's, not the contents
            assert titel not in seiten[seite - 1]
    # the long Begründung runs over more pages than the motion's first
    sprachcafes = REIHENFOLGE.index("Sprachcafés fördern")
    assert seitenzahlen[sprachcafes + 1] - seitenzahlen[sprachcafes] >= 3


def test_seitenbeschriftung_dezimal_ab_eins_durch_den_ganzen_band(band, seiten):
    from pypdf import PdfReader

    with pikepdf.open(io.BytesIO(band)) as pdf:
        nums = pdf.Root.PageLabels.Nums
        assert len(nums) == 2 and int(nums[0]) == 0
        assert nums[1].S == pikepdf.Name.D and int(nums[1].get("/St", 1)) == 1
    assert PdfReader(io.BytesIO(band)).page_labels == [str(n) for n in range(1, len(seiten) + 1)]


def test_inhaltsverzeichnis_nennt_nummern_und_seiten(lesezeichen, seiten):
    inhalt = seiten[1]
    assert "Inhalt" in inhalt
    for titel, seite, _ in lesezeichen:
        zeile = next(z for z in inhalt.splitlines() if titel in z)
        assert re.search(r"\.\s*(\d+)\s*$", zeile).group(1) == str(seite + 1), zeile
        assert zeile.strip().startswith(NUMMERN[titel] or titel)
    assert "Musterfraktion und Beispielgruppe" in inhalt


def test_deckblatt_nennt_jahre_anzahl_gremium_und_stand(seiten):
    deckblatt = seiten[0]
    for text in ("Haushaltsanträge", "Haushalt 2022/2023", "4 Anträge", GREMIUM, "Stand: 12. November 2021"):
        assert text in deckblatt, text
    assert "Seite" not in deckblatt  # no footer on the cover


def test_seitenzahlen_laufen_durch_den_band(seiten):
    gesamt = len(seiten)
    for nummer, text in enumerate(seiten[1:], 2):
        assert f"Seite {nummer} von {gesamt}" in text


def test_kopfzeile_nur_auf_folgeseiten_eines_antrags(lesezeichen, seiten):
    sprachcafes = next(seite for titel, seite, _ in lesezeichen if titel == "Sprachcafés fördern")
    erste_zeile = [next(z for z in seiten[i].splitlines() if z.strip()) for i in (sprachcafes, sprachcafes + 1)]
    assert "Sprachcafés fördern" not in erste_zeile[0]  # the title page shows the letterhead
    assert "Sprachcafés fördern" in erste_zeile[1]


def test_metadaten_titel_autor_sprache_pdfa(band):
    with pikepdf.open(io.BytesIO(band)) as pdf:
        assert str(pdf.docinfo.Title) == "Sammelband der Haushaltsanträge · Haushalt 2022/2023"
        assert str(pdf.docinfo.Author) == "Musterfraktion, Beispielgruppe und Fraktion Grüne Mitte"
        assert str(pdf.Root.Lang) == "de-DE"
        xmp = pdf.open_metadata()
        assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("2", "A")


def test_gleiche_eingabe_gibt_gleiche_bytes(band):
    assert rendere() == band


def test_ohne_lfd_nr_bleibt_die_gegebene_reihenfolge():
    from antragsgen.renderer.sammelband import nummern_text, sortiere

    a, b, c = antrag("A ohne", "F", []), antrag("B mit", "F", [7, 5]), antrag("C ohne", "F", [])
    assert [x.titel for x in sortiere([a, b, c])] == ["B mit", "A ohne", "C ohne"]
    assert [nummern_text(x) for x in (a, b)] == ["", "5–7"]


def test_anderer_titel_wenn_nicht_nur_haushaltsantraege():
    from antragsgen.renderer.sammelband import Band

    band = Band((antrag("Eins", "F", [1]), antrag("Zwei", "F", [2], art="antrag", gremium="Bezirksbeirat")), STAND)
    assert band.titel == "Sammelband der Anträge" and band.gremium is None
    assert band.dokumenttitel == "Sammelband der Anträge · Haushalt 2022/2023"


def test_eigene_vorlage_ohne_sammelband_dateien_nimmt_die_eingebauten(projekt):
    from antragsgen.vorlagen import eingebaute_ordner

    eigene = projekt.ordner / "vorlagen" / "eigen"
    shutil.copytree(eingebaute_ordner() / "standard", eigene)
    (eigene / "sammelband.html.j2").unlink()
    (eigene / "sammelband.css").unlink()
    with pikepdf.open(io.BytesIO(rendere("eigen"))) as pdf, pdf.open_outline() as gliederung:
        assert [normal(e.title) for e in gliederung.root] == REIHENFOLGE


def test_fehler_in_der_vorlage_nennt_datei_und_zeile(projekt):
    from antragsgen.fehler import VorlagenFehler
    from antragsgen.vorlagen import eingebaute_ordner

    eigene = projekt.ordner / "vorlagen" / "kaputt"
    shutil.copytree(eingebaute_ordner() / "standard", eigene)
    (eigene / "sammelband.html.j2").write_text("<html>\n<p>{{ band.gibt_es_nicht }}</p>\n", encoding="utf-8")
    with pytest.raises(VorlagenFehler) as fehler:
        rendere("kaputt")
    meldung = fehler.value.meldungen[0]
    assert meldung.ort.datei.endswith("sammelband.html.j2") and meldung.ort.zeile == 2
    assert ohne_umbruch("unbekannten Namen") in ohne_umbruch(meldung.text)


def test_fehler_im_eingebundenen_antrag_nennt_dessen_datei(projekt):
    from antragsgen.fehler import VorlagenFehler
    from antragsgen.vorlagen import eingebaute_ordner

    eigene = projekt.ordner / "vorlagen" / "kaputt"
    shutil.copytree(eingebaute_ordner() / "standard", eigene)
    (eigene / "antrag_inhalt.html.j2").write_text("<article>\n{{ antrag.titel }\n</article>\n", encoding="utf-8")
    with pytest.raises(VorlagenFehler) as fehler:
        rendere("kaputt")
    meldung = fehler.value.meldungen[0]
    assert meldung.ort.datei.endswith("antrag_inhalt.html.j2") and meldung.ort.zeile == 2


def test_erzeugen_mit_sammelband_laesst_entwuerfe_weg(projekt, antragsgen):
    from conftest import pdf_text

    projekt.datei("eingaben/a.yaml", "titel: Erster Antrag\nfraktion: F\nantragspunkte: [Eins.]\nbegruendung: Weil.\n")
    projekt.datei("eingaben/b.yaml", "titel: Noch ein Entwurf\nfraktion: F\nstatus: entwurf\n"
                  "antragspunkte: [Zwei.]\nbegruendung: Weil.\n")
    lauf = antragsgen("erzeugen", "-f", "html", "--sammelband")
    assert lauf.code == 0
    assert lauf.zeilen == ["eingaben/b.yaml:1:1: Warnung: Der Antrag 'b' ist Entwurf und fehlt im Sammelband."]
    text = pdf_text(projekt.ausgabe("sammelband.pdf"))
    assert "Erster Antrag" in text and "Noch ein Entwurf" not in text

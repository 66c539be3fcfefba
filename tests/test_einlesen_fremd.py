"""Word motions antragsgen did not write, as Fraktion offices write them (SPEC §11): the head
fields, title, lead, requests, Begründung and signatures are recognised, and every paragraph
of the original reaches the motion file."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def absatz(dok, text: str, *, fett: bool = False, stil: str | None = None):
    p = dok.add_paragraph(style=stil)
    if text:
        p.add_run(text).bold = fett or None
    return p


def getippte_nummern(pfad: Path) -> list[str]:
    """Plain paragraphs only: typed "1." numbers, a bold title, a bold "Begründung:" line."""
    dok = docx.Document()
    texte = ["SPD-Fraktion im Gemeinderat Stuttgart", "Stuttgart, 12. November 2021", "Antrag Nr. 123/2021"]
    for t in texte:
        absatz(dok, t)
    absatz(dok, "Mehr Bäume für die Innenstadt", fett=True)
    absatz(dok, "Die Innenstadt heizt sich im Sommer stark auf.")
    absatz(dok, "Der Gemeinderat möge beschließen:")
    absatz(dok, "1. Die Verwaltung pflanzt bis 2023 hundert neue Straßenbäume.")
    absatz(dok, "2. Für die Pflege der Bäume werden 2022 und 2023 jeweils 50.000 € bereitgestellt (lfd. Nr. 17)")
    absatz(dok, "3) 0,5 Stellen Baumpfleger:in (EG 8) im Bereich Gartenamt für die Pflege der Jungbäume.")
    absatz(dok, "")
    absatz(dok, "Begründung:", fett=True)
    absatz(dok, "Bäume kühlen die Stadt und binden Staub.")
    absatz(dok, "Die Pflege junger Bäume entscheidet, ob sie anwachsen.")
    absatz(dok, "Mit freundlichen Grüßen")
    absatz(dok, "Dr. Anna Beispiel")
    absatz(dok, "Fraktionsvorsitzende")
    dok.save(pfad)
    return texte


def word_nummerierung(pfad: Path) -> list[str]:
    """Word's own numbering ("List Number"), heading styles for title and Begründung, a bullet list."""
    dok = docx.Document()
    absatz(dok, "Fraktion Bündnis 90/Die Grünen")
    dok.add_heading("Radwege sicher machen", level=1)
    absatz(dok, "Wir beantragen:")
    absatz(dok, "Die Verwaltung legt ein Konzept für geschützte Radstreifen vor.", stil="List Number")
    absatz(dok, "Die Kreuzung am Marienplatz wird bis 2024 umgebaut.", stil="List Number")
    dok.add_heading("Begründung", level=2)
    absatz(dok, "Die Zahl der Radunfälle steigt seit Jahren:")
    absatz(dok, "mehr Verkehr auf engen Straßen,", stil="List Bullet")
    absatz(dok, "zu wenige geschützte Wege.", stil="List Bullet")
    absatz(dok, "Gez. Paul Rad")
    dok.save(pfad)
    return ["Fraktion Bündnis 90/Die Grünen"]


def begruendung_im_lauf(pfad: Path) -> list[str]:
    """Dashes as markers, "**Begründung:** text" in one paragraph, a Deckungsvorschlag."""
    dok = docx.Document()
    absatz(dok, "FDP-Fraktion")
    absatz(dok, "Haushaltsantrag")
    absatz(dok, "Digitale Schule", fett=True)
    absatz(dok, "Wir beantragen:")
    absatz(dok, "– Jede Schule erhält einen WLAN-Zugang.")
    absatz(dok, "– Die Lehrkräfte werden geschult.")
    p = dok.add_paragraph()
    p.add_run("Begründung:").bold = True
    p.add_run(" Ohne Netz kein digitaler Unterricht.")
    absatz(dok, "Deckungsvorschlag: Aus der allgemeinen Rücklage.")
    dok.save(pfad)
    return ["FDP-Fraktion", "Haushaltsantrag"]


def briefkopf_tabelle(pfad: Path) -> list[str]:
    """A letterhead table of labels and values; an Anfrage with "1)" questions; a Title style."""
    dok = docx.Document()
    tabelle = dok.add_table(rows=4, cols=2)
    kopf = [("Fraktion:", "Die Linke"), ("Gremium:", "Bezirksbeirat Mitte"), ("Datum:", "05.11.2021"),
            ("Nummer:", "45/2021")]
    for zeile, (etikett, wert) in zip(tabelle.rows, kopf):
        zeile.cells[0].text, zeile.cells[1].text = etikett, wert
    absatz(dok, "Anfrage")
    absatz(dok, "Wie steht es um die Spielplätze?", stil="Title")
    absatz(dok, "Wir fragen die Verwaltung:")
    absatz(dok, "1) Wie viele Spielplätze sind gesperrt?")
    absatz(dok, "2) Wann werden sie saniert?")
    dok.save(pfad)
    return [t for paar in kopf for t in paar] + ["Anfrage"]


def gemeinsam_unterschrieben(pfad: Path) -> list[str]:
    """A joint motion signed per Fraktion in a table, "gez." before each name."""
    dok = docx.Document()
    absatz(dok, "Gemeinderat der Stadt Musterstadt")
    absatz(dok, "Gemeinsamer Antrag der Fraktionen SPD und CDU")
    absatz(dok, "Hamburg, 30. September 2009")
    absatz(dok, "Sanierung des Stadtbads", fett=True)
    absatz(dok, "Der Ausschuss für Sport möge beschließen:")
    absatz(dok, "1. Der Ansatz für die Bäder wird 2013 von 117.000 € um 83.000 € auf 200.000 € erhöht")
    absatz(dok, "Begründung:", fett=True)
    absatz(dok, "Das Stadtbad ist seit 1970 nicht saniert worden.")
    tabelle = dok.add_table(rows=3, cols=2)
    for k, (gruppe, name, funktion) in enumerate([("Für die SPD-Fraktion", "gez. Max Muster", "Fraktionsvorsitzender"),
                                                  ("Für die CDU-Fraktion", "gez. Erika Beispiel", "Sprecherin")]):
        for zeile, text in zip(tabelle.rows, (gruppe, name, funktion)):
            zeile.cells[k].text = text
    absatz(dok, "Ansprechpartner: Jan Kontakt, Tel. 040 123456, jan@example.de")
    dok.save(pfad)
    return ["Gemeinderat der Stadt Musterstadt", "Gemeinsamer Antrag der Fraktionen SPD und CDU",
            "Hamburg, 30. September 2009", "Für die SPD-Fraktion",
            "Für die CDU-Fraktion", "Ansprechpartner: Jan Kontakt, Tel. 040 123456, jan@example.de"]


def mit_unbekanntem(pfad: Path) -> list[str]:
    """Paragraphs that fit no field: a reference line in the head, an appendix after the signatures."""
    dok = docx.Document()
    absatz(dok, "CDU-Fraktion")
    absatz(dok, "Unser Zeichen: ab-17")
    absatz(dok, "Bänke am Fluss", fett=True)
    absatz(dok, "Wir beantragen:")
    absatz(dok, "1. Am Neckarufer werden zehn Bänke aufgestellt.")
    absatz(dok, "Begründung:", fett=True)
    absatz(dok, "Viele ältere Menschen gehen dort spazieren.")
    absatz(dok, "Erika Muster")
    absatz(dok, "Anlage: Lageplan des Ufers mit allen vorgeschlagenen Standorten.")
    dok.save(pfad)
    return ["CDU-Fraktion"]


def lies(pfad: Path):
    from antragsgen.einlesen import lies_antrag
    from antragsgen.einlesen.yamldatei import yaml_text

    entwurf = lies_antrag(pfad)
    return entwurf.felder, yaml_text(entwurf, "x", "../antrag.schema.json", pfad.name), entwurf


def alle_absaetze(pfad: Path) -> list[str]:
    from docx.oxml.ns import qn

    dok = docx.Document(pfad)
    return [t for p in dok.element.body.iter(qn("w:p"))
            if (t := " ".join("".join(x.text or "" for x in p.iter(qn("w:t"))).split()))]


def gedruckt(felder: dict) -> str:
    """What the motion prints, as text: its fields through the model (lead, request sentences)."""
    from antragsgen.modell import Antrag

    antrag = Antrag.model_validate({"id": "x", **felder})
    teile = [antrag.titel, antrag.oberzeile, antrag.unterzeile, antrag.fraktionen_text, antrag.gremium,
             antrag.nummer, antrag.einleitung_text, antrag.vorbemerkung, antrag.deckung,
             *(p.satz for p in antrag.antragspunkte), *(antrag.begruendung or []),
             *(f"{u.name} {u.funktion or ''} {u.fraktion or ''}" for u in antrag.unterzeichnende),
             antrag.ansprechpartner.text if antrag.ansprechpartner else None]
    return " ".join(" ".join(str(t).replace("\\", "").replace("\u00a0", " ").split()) for t in teile if t)


def kommt_an(pfad: Path, felder: dict, yaml: str, kopfzeilen: list[str]) -> None:
    """Every paragraph of the original is printed by the motion, or stands in the YAML as a note
    (typed markers and the word "Begründung:" are form, not text); head lines are checked as
    fields by each test."""
    import re

    text = gedruckt(felder) + " " + " ".join(yaml.split())
    fehlend = []
    for absatz in alle_absaetze(pfad):
        if absatz in kopfzeilen:
            continue
        kern = re.sub(r"^(\d{1,2}[.)]|[a-z]\)|–)\s+", "", absatz)
        kern = re.sub(r"^(Begründung|Deckungsvorschlag):?\s*", "", kern).removeprefix("gez. ").removeprefix("Gez. ")
        if kern and kern not in text:
            fehlend.append(absatz)
    assert not fehlend, f"nicht im Antrag: {fehlend}\n{yaml}"


def test_getippte_nummern_und_fetter_titel(tmp_path):
    pfad = tmp_path / "baeume.docx"
    kopfzeilen = getippte_nummern(pfad)
    felder, yaml, _ = lies(pfad)
    assert felder["fraktion"] == "SPD-Fraktion im Gemeinderat Stuttgart"
    assert (felder["datum"], felder["ort"], felder["nummer"]) == (dt.date(2021, 11, 12), "Stuttgart", "123/2021")
    assert felder["titel"] == "Mehr Bäume für die Innenstadt"
    assert felder["vorbemerkung"] == "Die Innenstadt heizt sich im Sommer stark auf."
    assert felder["einleitung"] == "Der Gemeinderat möge beschließen:"
    punkte = felder["antragspunkte"]
    assert punkte[0] == "Die Verwaltung pflanzt bis 2023 hundert neue Straßenbäume."
    assert punkte[1]["mittel"] == {"betrag": 50000} and punkte[1]["lfd_nr"] == 17
    assert punkte[2]["stelle"] == {"anteil": "0,5", "bezeichnung": "Baumpfleger:in", "entgeltgruppe": "EG 8",
                                   "bereich": "Gartenamt"}
    assert felder["haushaltsjahre"] == [2022, 2023]
    assert felder["begruendung"] == ("Bäume kühlen die Stadt und binden Staub.\n\n"
                                     "Die Pflege junger Bäume entscheidet, ob sie anwachsen.")
    assert felder["unterzeichnende"] == [{"name": "Dr. Anna Beispiel", "funktion": "Fraktionsvorsitzende"}]
    assert "# prüfen: Grußformel „Mit freundlichen Grüßen“" in yaml
    # the position is read as fields (asserted above); the model writes "0,5 Stelle"
    kommt_an(pfad, felder, yaml, kopfzeilen + [
        "3) 0,5 Stellen Baumpfleger:in (EG 8) im Bereich Gartenamt für die Pflege der Jungbäume."])


def test_word_nummerierung_und_ueberschriften(tmp_path):
    pfad = tmp_path / "radwege.docx"
    kopfzeilen = word_nummerierung(pfad)
    felder, yaml, _ = lies(pfad)
    assert felder["fraktion"] == "Fraktion Bündnis 90/Die Grünen"
    assert felder["titel"] == "Radwege sicher machen"
    assert "einleitung" not in felder  # "Wir beantragen:" is the default
    assert felder["antragspunkte"] == ["Die Verwaltung legt ein Konzept für geschützte Radstreifen vor.",
                                       "Die Kreuzung am Marienplatz wird bis 2024 umgebaut."]
    assert felder["begruendung"] == ("Die Zahl der Radunfälle steigt seit Jahren:\n\n"
                                     "- mehr Verkehr auf engen Straßen,\n- zu wenige geschützte Wege.")
    assert felder["ueberschriften"] == {"begruendung": "Begründung"}
    assert felder["unterzeichnende"] == ["Paul Rad"] and felder["gezeichnet"] is True
    assert felder["datum"] == "ohne"
    kommt_an(pfad, felder, yaml, kopfzeilen)


def test_spiegelstriche_und_begruendung_im_selben_absatz(tmp_path):
    pfad = tmp_path / "schule.docx"
    kopfzeilen = begruendung_im_lauf(pfad)
    felder, yaml, _ = lies(pfad)
    assert (felder["fraktion"], felder["art"]) == ("FDP-Fraktion", "haushaltsantrag")
    assert felder["titel"] == "Digitale Schule"
    assert felder["aufzaehlung"] == "spiegelstriche"
    assert felder["antragspunkte"] == ["Jede Schule erhält einen WLAN-Zugang.", "Die Lehrkräfte werden geschult."]
    assert felder["begruendung"] == "Ohne Netz kein digitaler Unterricht."
    assert felder["deckung"] == "Aus der allgemeinen Rücklage."
    kommt_an(pfad, felder, yaml, kopfzeilen)


def test_briefkopf_als_tabelle(tmp_path):
    pfad = tmp_path / "spielplaetze.docx"
    kopfzeilen = briefkopf_tabelle(pfad)
    felder, yaml, _ = lies(pfad)
    assert felder["fraktion"] == "Die Linke"
    assert felder["gremium"] == "Bezirksbeirat Mitte"
    assert felder["datum"] == dt.date(2021, 11, 5) and felder["nummer"] == "45/2021"
    assert (felder["art"], felder["titel"]) == ("anfrage", "Wie steht es um die Spielplätze?")
    assert "einleitung" not in felder  # "Wir fragen die Verwaltung:" is the default of an Anfrage
    assert felder["antragspunkte"] == ["Wie viele Spielplätze sind gesperrt?", "Wann werden sie saniert?"]
    kommt_an(pfad, felder, yaml, kopfzeilen)


def test_gemeinsamer_antrag_mit_unterschriften_je_fraktion(tmp_path):
    pfad = tmp_path / "stadtbad.docx"
    kopfzeilen = gemeinsam_unterschrieben(pfad)
    felder, yaml, _ = lies(pfad)
    assert felder["gremium"] == "Gemeinderat der Stadt Musterstadt"
    assert felder["fraktion"] == ["SPD", "CDU"] and "antragsteller" not in felder
    assert (felder["ort"], felder["datum"]) == ("Hamburg", dt.date(2009, 9, 30))
    assert felder["einleitung"] == "Der Ausschuss für Sport möge beschließen:"
    assert felder["antragspunkte"] == [{"mittel": {"bisher": 117000, "betrag": 83000}, "zweck": "für die Bäder"}]
    assert felder["haushaltsjahre"] == [2013]
    assert felder["gezeichnet"] is True
    assert felder["unterzeichnende"] == [
        {"name": "Max Muster", "fraktion": "SPD-Fraktion", "funktion": "Fraktionsvorsitzender"},
        {"name": "Erika Beispiel", "fraktion": "CDU-Fraktion", "funktion": "Sprecherin"}]
    assert felder["ansprechpartner"] == {"name": "Jan Kontakt", "telefon": "040 123456", "email": "jan@example.de"}
    kommt_an(pfad, felder, yaml, kopfzeilen)


def test_was_keinen_platz_findet_bleibt_mit_pruefvermerk(tmp_path):
    pfad = tmp_path / "baenke.docx"
    kopfzeilen = mit_unbekanntem(pfad)
    felder, yaml, entwurf = lies(pfad)
    assert felder["titel"] == "Bänke am Fluss" and felder["unterzeichnende"] == ["Erika Muster"]
    assert "Unser Zeichen: ab-17" in felder["vorbemerkung"]
    assert "Anlage: Lageplan des Ufers" in felder["begruendung"]
    assert yaml.count("# prüfen:") == 2
    kommt_an(pfad, felder, yaml, kopfzeilen)


def test_fraktion_aus_der_kopfzeile(tmp_path):
    dok = docx.Document()
    dok.sections[0].header.paragraphs[0].text = "Fraktion DIE PARTEI im Rat der Stadt Münster"
    absatz(dok, "Mehr Bänke", fett=True)
    absatz(dok, "Wir beantragen:")
    absatz(dok, "1. Am Aasee stehen zehn Bänke mehr.")
    dok.save(tmp_path / "kopf.docx")
    felder, _, entwurf = lies(tmp_path / "kopf.docx")
    assert felder["fraktion"] == "Fraktion DIE PARTEI im Rat der Stadt Münster"
    assert not entwurf.pruefen


def mit_fussnote(pfad: Path) -> list[str]:
    """Title first, then "Antrag der … vom …"; a footnote in the Begründung; "Name, Funktion"."""
    import zipfile

    dok = docx.Document()
    dok.add_heading("Schulwege sichern", level=1)
    absatz(dok, "Antrag der Grünen Fraktion vom 3.5.2022")
    absatz(dok, "Wir beantragen:")
    absatz(dok, "1. Vor jeder Grundschule gilt Tempo 30.")
    absatz(dok, "Begründung:", fett=True)
    absatz(dok, "Die meisten Unfälle passieren vor Schulen.MARKE")
    absatz(dok, "Eva Grün, Fraktionsvorsitzende")
    dok.save(pfad)
    with zipfile.ZipFile(pfad) as z:
        teile = {n: z.read(n) for n in z.namelist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    teile["word/footnotes.xml"] = (f'<w:footnotes {w}><w:footnote w:id="-1" w:type="separator"><w:p><w:r>'
                                   '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
                                   '<w:t>Unfallatlas 2021, Tabelle 3.</w:t></w:r></w:p></w:footnote></w:footnotes>'
                                   ).encode()
    teile["word/document.xml"] = teile["word/document.xml"].replace(
        b"MARKE</w:t></w:r>", b'</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>')
    teile["word/_rels/document.xml.rels"] = teile["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    teile["[Content_Types].xml"] = teile["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    with zipfile.ZipFile(pfad, "w") as z:
        for name, daten in teile.items():
            z.writestr(name, daten)
    return ["Antrag der Grünen Fraktion vom 3.5.2022", "Eva Grün, Fraktionsvorsitzende"]


def test_kopfzeile_unter_dem_titel_fussnote_und_name_mit_funktion(tmp_path):
    pfad = tmp_path / "schulwege.docx"
    kopfzeilen = mit_fussnote(pfad)
    felder, yaml, _ = lies(pfad)
    assert (felder["titel"], felder["fraktion"]) == ("Schulwege sichern", "Grünen Fraktion")
    assert felder["datum"] == dt.date(2022, 5, 3)
    assert felder["begruendung"] == ("Die meisten Unfälle passieren vor Schulen.\\[1\\]\n\n"
                                     "\\[1\\] Unfallatlas 2021, Tabelle 3.")
    assert "# prüfen: die 1 Fußnote(n) stehen als Absätze am Ende der Begründung" in yaml
    assert felder["unterzeichnende"] == [{"name": "Eva Grün", "funktion": "Fraktionsvorsitzende"}]
    kommt_an(pfad, felder, yaml, kopfzeilen + ["Die meisten Unfälle passieren vor Schulen.[1]"])


def test_zeilen_vor_dem_ersten_punkt_und_kosten_des_papiers_bleiben(tmp_path):
    dok = docx.Document()
    absatz(dok, "SPD-Fraktion")
    absatz(dok, "Hallenbad erhalten", fett=True)
    absatz(dok, "Der Gemeinderat möge beschließen:")
    absatz(dok, "Die Verwaltung wird beauftragt,")
    absatz(dok, "1. das Hallenbad Süd bis 2025 zu sanieren.")
    absatz(dok, "Finanzielle Auswirkungen:", fett=True)
    absatz(dok, "Rund 2 Mio. € über drei Jahre.")
    absatz(dok, "Begründung:", fett=True)
    absatz(dok, "Das Bad ist das einzige im Süden.")
    dok.save(tmp_path / "bad.docx")
    felder, yaml, _ = lies(tmp_path / "bad.docx")
    assert felder["einleitung"] == "Der Gemeinderat möge beschließen:\nDie Verwaltung wird beauftragt,"
    assert felder["antragspunkte"] == ["das Hallenbad Süd bis 2025 zu sanieren."]
    assert felder["begruendung"] == ("**Finanzielle Auswirkungen:**\n\nRund 2 Mio. € über drei Jahre.\n\n"
                                     "**Begründung:**\n\nDas Bad ist das einzige im Süden.")
    assert felder["ueberschriften"] == {"begruendung": ""}
    assert yaml.count("# prüfen:") == 2
    kommt_an(tmp_path / "bad.docx", felder, yaml, ["SPD-Fraktion"])


def test_ein_dokument_ohne_jede_gestalt_wird_ein_antragspunkt(tmp_path):
    dok = docx.Document()
    absatz(dok, "Die Stadt möge mehr Bänke aufstellen.")
    dok.save(tmp_path / "notiz.docx")
    felder, yaml, _ = lies(tmp_path / "notiz.docx")
    assert "Die Stadt möge mehr Bänke aufstellen." in yaml
    assert "# prüfen:" in yaml


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice fehlt (werkzeuge/einrichten.sh installiert es)")
@pytest.mark.parametrize(("endung", "filter"), [("odt", "odt"), ("doc", "doc:MS Word 97")])
def test_odt_und_doc_ueber_libreoffice(tmp_path, endung, filter):
    quelle = tmp_path / "baeume.docx"
    getippte_nummern(quelle)
    lauf = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                           "--convert-to", filter, "--outdir", str(tmp_path / endung), str(quelle)],
                          capture_output=True, text=True, timeout=180)
    assert lauf.returncode == 0, lauf.stderr
    felder, yaml, _ = lies(tmp_path / endung / f"baeume.{endung}")
    assert felder["titel"] == "Mehr Bäume für die Innenstadt"
    assert felder["fraktion"] == "SPD-Fraktion im Gemeinderat Stuttgart" and felder["nummer"] == "123/2021"
    assert len(felder["antragspunkte"]) == 3 and felder["antragspunkte"][1]["lfd_nr"] == 17
    assert felder["unterzeichnende"] == [{"name": "Dr. Anna Beispiel", "funktion": "Fraktionsvorsitzende"}]


def test_odt_ohne_libreoffice_sagt_was_fehlt(tmp_path, monkeypatch):
    from antragsgen.einlesen import quelle
    from antragsgen.fehler import AntragsFehler

    import zipfile

    odt = tmp_path / "alt.odt"
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                                  'office:1.0"/>')
    monkeypatch.setattr(quelle.shutil, "which", lambda name: None)
    with pytest.raises(AntragsFehler) as fehler:
        quelle.lade_docx(odt, "alt.odt")
    assert "LibreOffice" in str(fehler.value) and "nicht installiert" in str(fehler.value)


def test_das_beispiel_der_readme_stimmt(antragsgen, projekt):
    """README, "Word-Anträge einlesen": the output and the motion file shown are what the command writes."""
    import re

    from conftest import WURZEL

    readme = (WURZEL / "README.md").read_text(encoding="utf-8")
    abschnitt = readme[readme.index("## Word-Anträge einlesen"):]
    ausgabe, yaml = re.findall(r"```(?:yaml)?\n(.*?)```", abschnitt, re.S)[:2]
    (projekt.ordner / "alt").mkdir()
    getippte_nummern(projekt.ordner / "alt" / "baeume-2021.docx")
    lauf = antragsgen("einlesen", "alt/baeume-2021.docx")
    gezeigt = [z for z in ausgabe.splitlines() if not z.startswith("$")]
    # stdout and stderr, as a terminal interleaves them
    assert sorted(gezeigt) == sorted((lauf.out + lauf.err).splitlines())
    datei = (projekt.ordner / "eingaben" / "mehr-baeume-fuer-die-innenstadt.yaml").read_text(encoding="utf-8")
    zeilen = iter(datei.splitlines())
    for zeile in yaml.splitlines():
        if zeile != "…":
            assert zeile in zeilen, f"README zeigt {zeile!r}, die Datei hat es nicht (in dieser Reihenfolge)"


def test_das_stuttgarter_papier_als_word_datei(tmp_path):
    """The reference motion's paper (SPEC §3.6) as an office types it: plain lines, typed numbers,
    its own "0,5 Stellen" and typo; the requests come back as the positions of the reference motion."""
    from ruamel.yaml import YAML

    from conftest import WURZEL

    referenz = YAML(typ="safe").load(WURZEL / "eingaben" / "integration-in-stuttgart-sicher-stellen.yaml")
    dok = docx.Document()
    for zeile in ["Integration in Stuttgart sicher stellen", "", "Wir beantragen:", "",
                  "1. 1,0 Stelle Sachberarbeiter:in (EG 13) im Bereich SI-IP für die Weiterentwicklung Stuttgarter "
                  "Bündnis für Integration (lfd. Nr. 3210)",
                  "2. 0,25 Stelle Sachbearbeiter:in (EG 11) im Bereich SI-IP für Maßnahmen zur politischen "
                  "Jugendpartizipation und Demokratieförderung (lfd. Nr. 3215)",
                  "3. 0,5 Stelle Sachbearbeiter:in (EG 13) im Bereich SI-IP für Partizipative Handlungsstrategien "
                  "zur Internationalen Stadt (lfd. Nr. 3220)",
                  "4. 0,5 Stellen Sekretär:in (EG 7) im Bereich SI-IP als Assistenz der Leitung des Welcome Center "
                  "(lfd. Nr. 3225)", "", "Begründung:", "",
                  *(a for a in referenz["begruendung"].split("\n\n"))]:
        absatz(dok, zeile.strip())
    dok.save(tmp_path / "papier.docx")
    felder, yaml, entwurf = lies(tmp_path / "papier.docx")
    assert felder["titel"] == "Integration in Stuttgart sicher stellen"
    assert "einleitung" not in felder
    erwartet = referenz["antragspunkte"]
    erwartet[0]["stelle"]["bezeichnung"] = "Sachberarbeiter:in"  # the paper's typo stays the paper's
    assert felder["antragspunkte"] == erwartet
    assert felder["begruendung"] == referenz["begruendung"].strip()
    assert [p for p in entwurf.pruefen if p[0] != ("fraktion",)] == []

"""The editor's app without a browser (Starlette's TestClient): the form comes from the model,
saving keeps the file, and nothing gets in without token, CSRF value or password."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import WURZEL, normal, pdf_text
from starlette.datastructures import FormData
from starlette.testclient import TestClient

from antragsgen.einstellungen import lade_einstellungen
from antragsgen.oberflaeche import formular, sicherheit
from antragsgen.oberflaeche.ansicht import baue, flach
from antragsgen.oberflaeche.app import erstelle_app
from antragsgen.oberflaeche.yamltext import lies_daten, neuer_text
from antragsgen.schema import antrag_schema

REFERENZ = "eingaben/integration-in-stuttgart-sicher-stellen.yaml"
TOKEN = "t" * 32


@pytest.fixture(scope="module")
def ordner(tmp_path_factory):
    ordner = tmp_path_factory.mktemp("projekt")
    shutil.copytree(WURZEL / "eingaben", ordner / "eingaben")
    (ordner / "antragsgen.toml").write_text("[nummern]\nstart = 3210\nschritt = 5\n", encoding="utf-8")
    return ordner


@pytest.fixture(scope="module")
def client(ordner):
    with TestClient(erstelle_app(ordner, token=TOKEN), base_url="http://127.0.0.1") as c:
        yield c


def csrf(client) -> str:
    return re.search(r'name="_csrf" value="([0-9a-f]+)"', client.get(f"/{TOKEN}/").text).group(1)


def formular_von(client, pfad: str) -> dict[str, str]:
    """The fields a browser would send for the form as the server drew it."""
    seite = client.get(f"/{TOKEN}/formular/{pfad}").text
    felder = formular.antrag_felder()
    text = (client.app.state.zustand.projekt_ordner / pfad).read_text(encoding="utf-8")
    werte = formular.ins_formular(lies_daten(text, Path(pfad).suffix)[0], felder)
    stand = re.search(r'name="_stand" value="([^"]+)"', seite).group(1)
    return {**flach(baue(felder, werte)), "_stand": stand, "_csrf": csrf(client)}


# -- the form is the model -------------------------------------------------------------------

def test_jedes_feld_des_modells_steht_mit_titel_und_hilfe_im_formular(client):
    seite = client.get(f"/{TOKEN}/formular/{REFERENZ}").text
    for name, feld in antrag_schema()["properties"].items():
        assert f'>{feld["title"]}' in seite, name
    for titel in ("Stellenanteil", "Bezeichnung", "Entgeltgruppe", "Bereich", "Zweck", "lfd. Nr."):
        assert re.search(f">{re.escape(titel)}( <span class=\"pflicht\">\\(Pflicht\\)</span>)?</label>", seite), titel
    # every field says what it takes
    hilfen = re.findall(r'<p class="hilfe" id="[^"]+">([^<]*)</p>', seite)
    assert hilfen and all(h.strip() for h in hilfen)
    assert 'alt="Vorschau Seite 1"' not in seite  # the preview comes by itself, after the page


def test_ein_neuer_schluessel_des_modells_erscheint_ohne_aenderung_am_formular(monkeypatch):
    schema = antrag_schema()
    schema["properties"]["unterzeile"] = {"title": "Unterzeile", "description": "Zeile unter dem Titel",
                                          "anyOf": [{"type": "string"}, {"type": "null"}]}
    schema["$defs"]["Abschnitt"] = {"type": "object", "title": "Abschnitt", "properties": {
        "ueberschrift": {"type": "string", "title": "Überschrift"},
        "antragspunkte": schema["properties"]["antragspunkte"]}, "required": ["antragspunkte"]}
    schema["properties"]["abschnitte"] = {"title": "Abschnitte", "type": "array",
                                          "items": {"$ref": "#/$defs/Abschnitt"}}
    schema["properties"]["ansprechpartner"] = {"title": "Ansprechpartner", "anyOf": [
        {"type": "string"}, {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "title": "Name"}, "telefon": {"type": "string", "title": "Telefon"}}},
        {"type": "null"}]}
    # a shape the form does not know is shown and written as YAML, so nothing gets lost
    schema["properties"]["fremd"] = {"title": "Fremd", "anyOf": [
        {"type": "string"}, {"type": "array", "items": {"type": "string"}}, {"type": "object", "properties": {}}]}
    monkeypatch.setattr(formular, "antrag_schema", lambda: schema)
    felder = formular.antrag_felder()
    namen = {f.name: f for f in felder}
    assert namen["unterzeile"].titel == "Unterzeile" and namen["unterzeile"].art == "text"
    abschnitte = namen["abschnitte"]
    assert abschnitte.art == "liste" and abschnitte.eintrag == "Abschnitt"
    innen = {f.name: f for f in abschnitte.sorten[0].felder}["antragspunkte"]
    assert [s.titel for s in innen.sorten][:3] == ["Text", "Stelle", "Mittel"]
    # and it is written like any other field, nested lists included
    werte = formular.ins_formular({"titel": "T", "fraktion": "F", "antragspunkte": ["a"]}, felder)
    formular.bearbeite(werte, felder, "hinzufuegen|abschnitte|")
    formular.bearbeite(werte, felder, "hinzufuegen|abschnitte.0.antragspunkte|stelle")
    assert namen["fremd"].art == "yaml"
    werte["fremd"] = "a: 2\nb: [drei]"
    werte["unterzeile"] = "Zum Haushalt 2024"
    werte["ansprechpartner"]["name"] = "Anna Muster"  # a text, or an object: the short form while it is one
    werte["abschnitte"][0]["ueberschrift"] = "I. Sache"
    werte["abschnitte"][0]["antragspunkte"][0]["stelle"]["anteil"] = "0,5"
    text = neuer_text("titel: T\nfraktion: F\nantragspunkte: [a]\n", formular.als_daten(werte, felder), felder)
    assert "unterzeile: Zum Haushalt 2024\n" in text and "ansprechpartner: Anna Muster\n" in text
    assert lies_daten(text, ".yaml")[0]["fremd"] == {"a": "2", "b": ["drei"]}
    assert "abschnitte:\n  - ueberschrift: I. Sache\n    antragspunkte:\n      - stelle:\n          anteil: 0,5\n" in text


def test_bausteine_aus_der_liste_und_markdown_werkzeuge(client):
    seite = client.get(f"/{TOKEN}/formular/eingaben/sprachcafes-foerdern.yaml").text
    auswahl = re.search(r'<select id="f-begruendung-1-baustein" name="begruendung\.1\.baustein"[^>]*>(.*?)</select>',
                        seite, re.S).group(1)
    assert '<option value="buendnis-fuer-integration" selected>' in auswahl
    assert 'hinzufuegen|begruendung|baustein' in seite  # a Baustein can be added as a part
    werkzeuge = re.search(r'role="toolbar" aria-label="Formatierung: Text" data-ziel="f-begruendung-0-text">(.*?)</div>',
                          seite, re.S).group(1)
    assert [k for k in ("Fett", "Kursiv", "Liste", "Link") if f">{k}</button>" in werkzeuge] == ["Fett", "Kursiv", "Liste", "Link"]


# -- saving keeps the file -------------------------------------------------------------------

@pytest.mark.parametrize("datei", ["integration-in-stuttgart-sicher-stellen.yaml", "sprachcafes-foerdern.yaml",
                                   "laermaktionsplan.md"])
def test_unveraendert_gespeichert_bleibt_jedes_byte(client, ordner, datei):
    pfad = ordner / "eingaben" / datei
    vorher = pfad.read_bytes()
    antwort = client.post(f"/{TOKEN}/formular/eingaben/{datei}",
                          data={**formular_von(client, f"eingaben/{datei}"), "_aktion": "speichern"})
    assert "Gespeichert um" in antwort.text
    assert pfad.read_bytes() == vorher


def test_ein_geaendertes_feld_aendert_nur_seine_zeile(client, ordner):
    pfad = ordner / REFERENZ
    vorher = pfad.read_text(encoding="utf-8")
    daten = {**formular_von(client, REFERENZ), "_aktion": "speichern", "nummer": "12/2021",
             "antragspunkte.1.stelle.entgeltgruppe": "EG 12"}
    assert "Gespeichert um" in client.post(f"/{TOKEN}/formular/{REFERENZ}", data=daten).text
    nachher = pfad.read_text(encoding="utf-8")
    erwartet = vorher.replace("datum: 2021-11-12\n", "datum: 2021-11-12\nnummer: 12/2021\n", 1) \
        .replace("entgeltgruppe: EG 11", "entgeltgruppe: EG 12", 1)
    assert nachher == erwartet  # the comment, the flow list [2022, 2023], `anteil: 1,0`: all as before


def test_markdown_antrag_kopf_im_kopf_begruendung_im_text(client, ordner):
    pfad = ordner / "eingaben" / "laermaktionsplan.md"
    vorher = pfad.read_text(encoding="utf-8")
    daten = formular_von(client, "eingaben/laermaktionsplan.md")
    daten.update({"_aktion": "speichern", "nummer": "5/2021",
                  "begruendung.0.text": daten["begruendung.0.text"] + "\n\nNeuer Absatz."})
    assert "Gespeichert um" in client.post(f"/{TOKEN}/formular/eingaben/laermaktionsplan.md", data=daten).text
    assert pfad.read_text(encoding="utf-8") == vorher.replace("datum: 5.11.2021\n", "datum: 5.11.2021\nnummer: 5/2021\n") \
        + "\nNeuer Absatz.\n"


def test_punkte_hinzufuegen_verschieben_entfernen(client):
    daten = {**formular_von(client, REFERENZ), "_aktion": "hinzufuegen|antragspunkte|mittel"}
    seite = client.post(f"/{TOKEN}/formular/{REFERENZ}", data=daten).text
    assert "Antragspunkt 5: Mittel" in seite and 'id="f-antragspunkte-4" tabindex="-1" autofocus' in seite
    daten = {**formular_von(client, REFERENZ), "_aktion": "runter|antragspunkte.0"}
    seite = client.post(f"/{TOKEN}/formular/{REFERENZ}", data=daten).text
    assert re.search(r'name="antragspunkte\.0\.zweck" value="für Maßnahmen zur politischen', seite)
    daten = {**formular_von(client, REFERENZ), "_aktion": "entfernen|antragspunkte.3"}
    assert "Antragspunkt 4" not in client.post(f"/{TOKEN}/formular/{REFERENZ}", data=daten).text


def test_vorschau_zeigt_seiten_und_meldungen_neben_dem_feld(client):
    daten = {**formular_von(client, REFERENZ), "antragspunkte.2.stelle.anteil": "eine halbe"}
    antwort = client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=daten)
    feld = re.search(r'<div id="m-antragspunkte-2-stelle-anteil" class="meldungen" hx-swap-oob="true">(.*?)</div>',
                     antwort.text).group(1)
    assert "Fehler:" in feld and "eine halbe" in feld
    antwort = client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=formular_von(client, REFERENZ))
    assert 'alt="Vorschau Seite 1"' in antwort.text and 'alt="Vorschau Seite 2"' in antwort.text
    assert '<div id="m-antragspunkte-2-stelle-anteil" class="meldungen" hx-swap-oob="true"></div>' in antwort.text


def test_vorschau_kommt_wieder_wenn_ihr_prozess_stirbt(client):
    import os
    import signal

    client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=formular_von(client, REFERENZ))
    prozesse = client.app.state.zustand.vorschau._arbeiter._neben._processes
    for pid in list(prozesse):
        os.kill(pid, signal.SIGKILL)  # out of memory, or someone's kill
    antwort = client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=formular_von(client, REFERENZ))
    assert antwort.status_code == 200 and 'alt="Vorschau Seite 1"' in antwort.text


def test_pdf_und_docx_des_antrags_und_uebersicht(client):
    pdf = client.get(f"/{TOKEN}/datei/pdf/{REFERENZ}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/{TOKEN}/datei/docx/{REFERENZ}")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert 'filename="integration-in-stuttgart-sicher-stellen.docx"' in docx.headers["content-disposition"]
    assert client.get(f"/{TOKEN}/projekt/uebersicht.pdf").content.startswith(b"%PDF")


def test_liste_mit_suche_filter_und_problemen(client, ordner):
    (ordner / "eingaben" / "kaputt.yaml").write_text("titel: Kaputt\ntittel: x\n", encoding="utf-8")
    try:
        seite = client.get(f"/{TOKEN}/").text
        assert "Integration in Stuttgart sicher stellen" in seite and "3210–3225" in seite
        zeile = re.search(r"<tr>\s*<td><a [^>]*kaputt\.yaml\">Kaputt</a>.*?</tr>", seite, re.S).group(0)
        assert "fehlerhaft" in zeile and "Fehler" in zeile
        gefiltert = client.get(f"/{TOKEN}/", params={"art": "anfrage"}).text
        assert "Integration in Stuttgart" not in gefiltert and "Anfrage" in gefiltert
        assert "Sprachcafés" in client.get(f"/{TOKEN}/", params={"suche": "sprachcaf"}).text
    finally:
        (ordner / "eingaben" / "kaputt.yaml").unlink()


def test_neuer_antrag_wie_neu_mit_kennung(client, ordner):
    antwort = client.post(f"/{TOKEN}/neu", data={"titel": "Mehr Bänke", "art": "antrag", "_csrf": csrf(client)},
                          follow_redirects=False)
    assert antwort.status_code == 303 and antwort.headers["location"] == f"/{TOKEN}/formular/eingaben/mehr-baenke.yaml"
    assert "id: mehr-baenke" in (ordner / "eingaben" / "mehr-baenke.yaml").read_text(encoding="utf-8")
    (ordner / "eingaben" / "mehr-baenke.yaml").unlink()


def test_speichern_vergibt_die_nummern_wie_erzeugen(client, ordner):
    from antragsgen import nummern

    client.post(f"/{TOKEN}/neu", data={"titel": "Mehr Lehrkräfte", "art": "haushaltsantrag", "_csrf": csrf(client)})
    pfad = "eingaben/mehr-lehrkraefte.yaml"
    daten = {**formular_von(client, pfad), "_aktion": "speichern", "fraktion": "Musterfraktion",
             "antragspunkte.0._sorte": "stelle", "antragspunkte.0.stelle.anteil": "0,5", "antragspunkte.0.text": ""}
    try:
        client.post(f"/{TOKEN}/vorschau/{pfad}", data=daten)
        gezeigt = re.search(r"\(lfd\. Nr\. (\d+)\)", normal(pdf_text(client.get(f"/{TOKEN}/datei/pdf/{pfad}").content)))
        assert "Gespeichert um" in client.post(f"/{TOKEN}/formular/{pfad}", data=daten).text
        # the number the preview showed is handed out, into the register, for good
        vergeben = [(e.antrag, e.lfd_nr) for e in nummern.eintraege(lade_einstellungen(ordner))]
        assert ("mehr-lehrkraefte", int(gezeigt.group(1))) in vergeben
    finally:
        (ordner / pfad).unlink()


def test_kaputte_einstellungen_stehen_auf_der_seite_und_danach_geht_es_weiter(client, ordner):
    toml = ordner / "antragsgen.toml"
    gut = toml.read_text(encoding="utf-8")
    daten = formular_von(client, REFERENZ)
    toml.write_text("[nummern\n", encoding="utf-8")
    try:
        seite = client.get(f"/{TOKEN}/formular/{REFERENZ}")
        assert seite.status_code == 422 and "antragsgen.toml:1:9: Fehler: Kein gültiges TOML" in seite.text
        vorschau = client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=daten).text
        assert "Keine Vorschau:" in vorschau and "Kein gültiges TOML" in vorschau
    finally:
        toml.write_text(gut, encoding="utf-8")
    assert 'alt="Vorschau Seite 1"' in client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=daten).text


# -- safe --------------------------------------------------------------------------------------

def test_ohne_oder_mit_falschem_zugangszeichen_nichts(client):
    assert client.get("/").status_code == 401
    assert client.get(f"/formular/{REFERENZ}").status_code == 401
    assert client.get("/statisch/htmx.min.js").status_code == 401
    antwort = client.get("/" + "x" * 32 + "/", follow_redirects=False)
    assert antwort.status_code == 403 and "location" not in antwort.headers
    assert client.get(f"/{TOKEN}/?t={TOKEN}").status_code == 200


def test_schreiben_ohne_csrf_abgelehnt(client, ordner):
    vorher = (ordner / REFERENZ).read_bytes()
    daten = {k: v for k, v in formular_von(client, REFERENZ).items() if k != "_csrf"}
    assert client.post(f"/{TOKEN}/formular/{REFERENZ}", data={**daten, "_aktion": "speichern", "titel": "X"}).status_code == 403
    assert client.post(f"/{TOKEN}/neu", data={"titel": "Y"}).status_code == 403
    assert client.post(f"/{TOKEN}/vorschau/{REFERENZ}", data=daten).status_code == 403
    fremd = {**daten, "_csrf": csrf(client), "_aktion": "speichern"}
    assert client.post(f"/{TOKEN}/formular/{REFERENZ}", data=fremd,
                       headers={"origin": "http://boese.example"}).status_code == 403
    assert (ordner / REFERENZ).read_bytes() == vorher


@pytest.mark.parametrize("pfad", ["../antragsgen.toml", "eingaben/../antragsgen.toml", "eingaben/../../x.yaml",
                                  "eingaben/bausteine/buendnis-fuer-integration.md", "eingaben/%2e%2e/antragsgen.toml",
                                  "eingaben/ausserhalb.yaml"])
def test_kein_pfad_ausserhalb_von_eingaben(client, ordner, tmp_path, pfad):
    (tmp_path / "geheim.yaml").write_text("titel: geheim\n", encoding="utf-8")
    (ordner / "eingaben" / "ausserhalb.yaml").unlink(missing_ok=True)
    (ordner / "eingaben" / "ausserhalb.yaml").symlink_to(tmp_path / "geheim.yaml")
    try:
        antwort = client.get(f"/{TOKEN}/formular/{pfad}")
        assert antwort.status_code == 404 and "geheim" not in antwort.text
    finally:
        (ordner / "eingaben" / "ausserhalb.yaml").unlink()


def test_nichts_von_ausserhalb_und_htmx_2_im_paket(client):
    seite = client.get(f"/{TOKEN}/formular/{REFERENZ}")
    assert "default-src 'self'" in seite.headers["content-security-policy"]
    quellen = re.findall(r'(?:src|href)="([^"]+)"', seite.text)
    assert quellen and all(q.startswith((f"/{TOKEN}/", "data:", "#")) for q in quellen), quellen
    htmx = client.get(f"/{TOKEN}/statisch/htmx.min.js").content
    assert hashlib.sha256(htmx).hexdigest() == "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
    assert b'version:"2.0.11"' in htmx


# -- the office server -------------------------------------------------------------------------

def test_passwort_setzen_schreibt_scrypt_hash_und_behaelt_die_datei(projekt, antragsgen):
    projekt.datei("antragsgen.toml", "# meine Einstellungen\n[nummern]\nstart = 3210\n")
    lauf = antragsgen("oberflaeche", "--adresse", "0.0.0.0", "--kein-browser")
    assert lauf.code == 2 and "--passwort-setzen" in lauf.err
    from antragsgen.oberflaeche.server import passwort_setzen

    passwort_setzen(projekt.ordner, "Sitzungsdienst2024")
    text = (projekt.ordner / "antragsgen.toml").read_text(encoding="utf-8")
    assert text.startswith("# meine Einstellungen\n[nummern]\nstart = 3210\n\n[oberflaeche]\npasswort = \"scrypt$")
    gespeichert = lade_einstellungen(projekt.ordner).oberflaeche.passwort
    assert "Sitzungsdienst2024" not in text
    assert sicherheit.passwort_pruefen("Sitzungsdienst2024", gespeichert)
    assert not sicherheit.passwort_pruefen("sitzungsdienst2024", gespeichert)


class KeineVorschau:
    """The login needs no preview process."""

    def schliessen(self):
        pass


def test_anmelden_mit_passwort(ordner):
    hash_ = sicherheit.passwort_hash("Sitzungsdienst2024")
    app = erstelle_app(ordner, token=TOKEN, passwort=hash_, vorschau=KeineVorschau())
    with TestClient(app, base_url="http://127.0.0.1") as c:
        seite = c.get("/anmelden")
        assert seite.status_code == 200 and TOKEN not in seite.text
        falsch = c.post("/anmelden", data={"passwort": "falsch"}, follow_redirects=False)
        assert falsch.status_code == 401 and TOKEN not in falsch.text
        richtig = c.post("/anmelden", data={"passwort": "Sitzungsdienst2024"}, follow_redirects=False)
        assert richtig.status_code == 303 and richtig.headers["location"] == f"/{TOKEN}/"


def test_flach_und_zurueck_ist_dasselbe():
    felder = formular.antrag_felder()
    daten = {"titel": "T", "fraktion": ["A", "B"], "antragspunkte": ["Satz", {"mittel": {"betrag": "50.000"}}],
             "begruendung": ["Text", {"baustein": "x"}], "unterzeichnende": ["Anna", {"name": "Bo", "funktion": "V"}]}
    werte = formular.ins_formular(daten, felder)
    zurueck = formular.als_daten(formular.aus_anfrage(FormData(list(flach(baue(felder, werte)).items())), felder), felder)
    # short forms stay short, lists stay lists; fields the data did not give are their defaults
    assert {k: zurueck[k] for k in ("titel", "fraktion", "begruendung", "unterzeichnende")} == \
        {k: daten[k] for k in ("titel", "fraktion", "begruendung", "unterzeichnende")}
    assert zurueck["antragspunkte"][0] == "Satz" and zurueck["antragspunkte"][1]["mittel"]["betrag"] == "50.000"
    assert all(zurueck.get(f.name) == formular.kanonisch(daten.get(f.name), f) for f in felder)

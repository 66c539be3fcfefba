"""The editor in a real browser: headless Chromium (Debian's package) driven by Playwright.

One server and one browser for the module; the server is started as a user starts it
(`antragsgen oberflaeche --kein-browser`) over a copy of the reference project.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WURZEL, normal, pdf_text, rufe_auf

from antragsgen import api
from antragsgen.projekt import Projekt

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
REFERENZ = "eingaben/integration-in-stuttgart-sicher-stellen.yaml"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.is_file():
        pytest.fail("Chromium fehlt: bitte als root werkzeuge/einrichten.sh ausführen (installiert 'chromium').")
    # Playwright's own browser download cannot work offline: Debian's Chromium instead
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": ["--disable-background-networking", "--no-sandbox"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    ordner = tmp_path_factory.mktemp("oberflaeche")
    (ordner / "eingaben").mkdir()
    shutil.copy(WURZEL / REFERENZ, ordner / REFERENZ)
    shutil.copytree(WURZEL / "eingaben" / "bausteine", ordner / "eingaben" / "bausteine")
    (ordner / "antragsgen.toml").write_text("[nummern]\nstart = 3210\nschritt = 5\n", encoding="utf-8")
    prozess = subprocess.Popen([sys.executable, "-m", "antragsgen", "oberflaeche", "--kein-browser"], cwd=ordner,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    zeile = prozess.stdout.readline()
    treffer = re.search(r"(http://127\.0\.0\.1:\d+/)([A-Za-z0-9_-]+)/", zeile)
    assert treffer, zeile
    yield {"ordner": ordner, "url": treffer.group(0), "wurzel": treffer.group(1), "token": treffer.group(2)}
    prozess.terminate()
    prozess.wait(timeout=20)


@pytest.fixture(scope="module")
def seite(browser, server):
    kontext = browser.new_context(viewport={"width": 1400, "height": 1000})
    # nothing but the server itself: a request elsewhere fails the test
    fremde = []
    kontext.on("request", lambda r: None if r.url.startswith((server["wurzel"], "data:")) else fremde.append(r.url))
    page = kontext.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontext.close()
    assert not fremde, fremde


def saetze(text: str) -> list[str]:
    return re.findall(r"\d,\d+ Stellen? [^\n]*?\(lfd\. Nr\. \d+\)", normal(" ".join(text.split())))


def test_neuer_antrag_mit_zwei_stellen_vorschau_pdf_und_speichern(seite, server):
    page = seite
    page.goto(server["url"])
    assert page.get_by_role("heading", name="Anträge", exact=True).is_visible()
    assert page.get_by_role("link", name="Integration in Stuttgart sicher stellen").is_visible()

    page.get_by_label("Titel des neuen Antrags").fill("Mehr Personal für Sprachkurse")
    page.get_by_label("Art des neuen Antrags").select_option("haushaltsantrag")
    page.get_by_role("button", name="Neuer Antrag").click()
    page.wait_for_url("**/formular/eingaben/mehr-personal-fuer-sprachkurse.yaml")
    page.wait_for_selector("img[alt='Vorschau Seite 1']")

    page.get_by_label("Fraktion").fill("Musterfraktion")
    page.get_by_role("button", name="Antragspunkt 1 entfernen").click()
    page.wait_for_selector("#f-antragspunkte-0", state="detached")
    page.get_by_role("button", name="Antragspunkt hinzufügen").click()
    page.get_by_role("button", name="Stelle", exact=True).click()
    page.wait_for_selector("#f-antragspunkte-0")
    # the second one by keyboard only: Enter opens the choice (Text first), Tab to Stelle, Enter
    page.get_by_role("button", name="Antragspunkt hinzufügen").focus()
    for taste in ("Enter", "Tab", "Enter"):
        page.keyboard.press(taste)
    page.wait_for_selector("#f-antragspunkte-1")
    assert page.evaluate("() => document.activeElement.id") == "f-antragspunkte-1"  # the new item has the focus
    assert "Antragspunkt 2: Stelle" in page.evaluate("() => document.activeElement.querySelector('legend').textContent")
    for i, (anteil, bezeichnung, gruppe, zweck) in enumerate([
            ("1,0", "Lehrkraft", "EG 11", "für Sprachkurse"), ("0,5", "Verwaltungskraft", "EG 8", "für die Anmeldung")]):
        punkt = page.locator(f"#f-antragspunkte-{i}")
        punkt.get_by_label("Stellenanteil").fill(anteil)
        punkt.get_by_label("Bezeichnung").fill(bezeichnung)
        punkt.get_by_label("Entgeltgruppe").fill(gruppe)
        punkt.get_by_label("Bereich").fill("SI-IP")
        punkt.get_by_label("Zweck").fill(zweck)
    # the preview of exactly this text (earlier ones may still be on their way)
    with page.expect_response(lambda r: "/vorschau/" in r.url and "Kurse" in (r.request.post_data or "")) as antwort:
        page.locator("#f-begruendung-0").get_by_role("textbox", name="Text").fill("Die Kurse sind voll.")
    page.wait_for_function("n => Number(document.querySelector('#vorschau .seiten')?.dataset.stand) >= Number(n)",
                           arg=antwort.value.text().split('data-stand="')[1].split('"')[0])
    assert "Fehler" not in page.locator("#vorschau-stand").inner_text()
    assert page.locator("img[alt='Vorschau Seite 1']").is_visible()

    antwort = page.request.get(server["url"] + "datei/pdf/eingaben/mehr-personal-fuer-sprachkurse.yaml")
    assert antwort.status == 200 and antwort.headers["content-type"] == "application/pdf"
    erwartet = ["1,0 Stelle Lehrkraft (EG 11) im Bereich SI-IP für Sprachkurse (lfd. Nr. 3230)",
                "0,5 Stelle Verwaltungskraft (EG 8) im Bereich SI-IP für die Anmeldung (lfd. Nr. 3235)"]
    assert saetze(pdf_text(antwort.body())) == erwartet

    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("status").filter(has_text="Gespeichert um").wait_for()
    datei = server["ordner"] / "eingaben" / "mehr-personal-fuer-sprachkurse.yaml"
    text = datei.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")  # the skeleton's comments stay
    assert "id: mehr-personal-fuer-sprachkurse" in text
    ergebnis = api.pruefen([datei], Projekt.oeffnen(server["ordner"]))
    assert not [m for m in ergebnis.meldungen if m.ist_fehler], ergebnis.meldungen
    lauf = rufe_auf("erzeugen", str(datei), "--projekt", str(server["ordner"]), "-f", "pdf",
                    "-o", str(server["ordner"] / "ausgabe"))
    assert lauf.code == 0, lauf.err
    assert saetze(pdf_text(server["ordner"] / "ausgabe" / "mehr-personal-fuer-sprachkurse.pdf")) == erwartet


def test_aenderung_auf_der_festplatte_wird_gezeigt_statt_ueberschrieben(seite, server):
    page = seite
    datei = server["ordner"] / REFERENZ
    page.goto(server["url"] + "formular/" + REFERENZ)
    page.get_by_label("Nummer").fill("77/2021")
    fremd = datei.read_text(encoding="utf-8").replace("titel: Integration in Stuttgart sicher stellen",
                                                     "titel: Integration in Stuttgart sichern")
    datei.write_text(fremd, encoding="utf-8")  # a colleague saves meanwhile

    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("heading", name="Die Datei wurde geändert, seit sie geöffnet wurde").wait_for()
    assert "Integration in Stuttgart sichern" in page.get_by_label("Fassung auf der Festplatte").inner_text()
    assert "nummer: 77/2021" in page.get_by_label("Meine Fassung").inner_text()
    assert datei.read_text(encoding="utf-8") == fremd

    page.get_by_role("button", name="Meine Fassung speichern").click()
    page.get_by_role("status").filter(has_text="Gespeichert um").wait_for()
    gespeichert = datei.read_text(encoding="utf-8")
    assert "nummer: 77/2021" in gespeichert and "titel: Integration in Stuttgart sicher stellen" in gespeichert
    assert gespeichert.startswith("# Haushaltsantrag aus den Stuttgarter Haushaltsberatungen")


def test_ohne_zugangszeichen_oder_csrf_abgelehnt(seite, server):
    anfrage = seite.request
    assert anfrage.get(server["wurzel"]).status == 401
    assert anfrage.get(server["wurzel"] + "formular/" + REFERENZ).status == 401
    assert anfrage.get(server["wurzel"] + "x" * 32 + "/").status == 403
    antwort = anfrage.post(server["url"] + "formular/" + REFERENZ, form={"titel": "Gekapert", "_aktion": "speichern"})
    assert antwort.status == 403
    assert "Gekapert" not in (server["ordner"] / REFERENZ).read_text(encoding="utf-8")


def _axe(browser, url: str) -> list[str]:
    # axe is injected as a script, which the page's own CSP rightly forbids
    kontext = browser.new_context(bypass_csp=True)
    page = kontext.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    ergebnis = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    kontext.close()
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in ergebnis["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_findet_nichts_ernstes_auf_liste_und_formular(browser, server):
    assert _axe(browser, server["url"]) == []
    assert _axe(browser, server["url"] + "formular/" + REFERENZ) == []

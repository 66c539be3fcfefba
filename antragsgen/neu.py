"""`antragsgen neu TITEL`: a commented skeleton that passes `pruefen` once filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .einstellungen import Einstellungen
from .fehler import EinstellungsFehler, anzeigepfad, fehler
from .modell import slug
from .schema import SCHEMA_DATEI, als_text
from .schreiben import schreibe_atomar

# what the skeleton says where the user has to write: `pruefen` warns while one is left
PLATZHALTER = {
    "fraktion": "Name der Fraktion",
    "antragspunkte": "… (bitte ausformulieren)",
    "begruendung": "Warum der Antrag nötig ist",
}

GERUEST = """\
# yaml-language-server: $schema=../{schema}
# Antrag „{titel_kommentar}“. Prüfen mit: antragsgen pruefen {datei}
# Felder und ihre Bedeutung: README.md, Abschnitt „Eingabeformat“.
id: {kennung}                # bleibt gleich, auch wenn die Datei umbenannt wird
titel: {titel}
art: {art}        # antrag | haushaltsantrag | aenderungsantrag | anfrage
{fraktion_zeile}
datum: {datum}             # „ohne“, wenn das Papier kein Datum tragen soll
# ort: Stuttgart                 # steht vor dem Datum: „Stuttgart, 5. November {jahr}“
# nummer: "123/{jahr}"           # eigene Antragsnummer, falls vergeben
# oberzeile: Haushalt {jahr1}/{jahr2}
# unterzeile: Änderungsantrag zum Haushaltsplanentwurf {jahr1}/{jahr2}
# haushaltsjahre: [{jahr1}, {jahr2}]
# antragsteller: Gemeinsamer Antrag der Fraktionen …   # bei mehreren Fraktionen sonst automatisch

# einleitung: "Wir beantragen:"  # Standard; "" lässt den Satz weg; mehrere Zeilen mit |
# aufzaehlung: nummeriert        # nummeriert | spiegelstriche | absaetze
# nummerieren: false             # dieser Antrag bekommt keine automatischen lfd. Nr.
antragspunkte:
  # Freier Text (Markdown: *kursiv*, **fett**, [Link](https://…)):
  - Die Verwaltung wird beauftragt, {platzhalter_punkt}
  # Eine Stelle (nur anteil ist Pflicht):
  # - stelle:
  #     anteil: 0,5
  #     bezeichnung: Sachbearbeiter:in
  #     entgeltgruppe: EG 11
  #     bereich: SI-IP
  #   zweck: für …
  # Mittel je Haushaltsjahr (dauerhaft: true für jedes Jahr auch danach):
  # - mittel:
  #     betrag: 50.000
  #   zweck: für einen Zuschuss an …
  # Einen bestehenden Ansatz ändern (betrag: die Änderung, negativ für eine Kürzung;
  # oder neu: der neue Ansatz):
  # - mittel:
  #     bisher: 117.000
  #     neu: 200.000
  #   zweck: für die Förderung von …
# Statt antragspunkte auch Abschnitte mit eigener Überschrift, Einleitung und Begründung:
# abschnitte:
#   - ueberschrift: I. Sachentscheidung
#     antragspunkte:
#       - …
#   - ueberschrift: II. Finanzierung
#     antragspunkte:
#       - …

# Statt eines Textes auch Textbausteine aus eingaben/bausteine/NAME.md:
# begruendung:
#   - Eigener Text …
#   - baustein: NAME
begruendung: |
  {platzhalter_begruendung} (Markdown; Absätze durch eine Leerzeile trennen).

# deckung: |                     # Deckungsvorschlag
#   Die Mehrausgaben werden gedeckt durch …
# kosten: {{{jahr1}: 100.000, {jahr2}: 120.000}}   # Kosten laut Antrag, wenn kein Punkt sie nennt
# reihenfolge: [antragspunkte, deckung, begruendung]   # Deckungsvorschlag vor der Begründung
# ueberschriften: {{begruendung: "Sachverhalt:"}}      # "" lässt eine Überschrift weg

# gezeichnet: true               # „gez.“ vor jedem Namen
# unterzeichnende:
#   - name: Vorname Nachname
#     funktion: Fraktionsvorsitzende
#     fraktion: …                # bei gemeinsamen Anträgen: Unterschriften je Fraktion
# ansprechpartner: {{name: Vorname Nachname, telefon: "0711 …", email: name@example.org}}
"""


def _yaml_text(text: str) -> str:
    """A title as a YAML scalar that is always read as text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schema_bereitstellen(einstellungen: Einstellungen) -> Path:
    """The JSON Schema beside eingaben/, so editors complete and check motion files as they are typed."""
    schema_datei = einstellungen.projekt / SCHEMA_DATEI
    schema_text = als_text()
    if not schema_datei.is_file() or schema_datei.read_text(encoding="utf-8") != schema_text:
        schreibe_atomar(schema_datei, schema_text.encode("utf-8"))
    return schema_datei


def schreibe_geruest(titel: str, einstellungen: Einstellungen, art: str = "antrag",
                     heute: dt.date | None = None) -> Path:
    """Write eingaben/<slug>.yaml; never overwrites an existing motion."""
    titel = " ".join(titel.split())
    if not titel:
        raise EinstellungsFehler(fehler(None, "Bitte einen Titel angeben, z. B. antragsgen neu \"Mehr Bäume\"."))
    heute = heute or dt.date.today()
    kennung = slug(titel)
    ziel = einstellungen.eingaben_ordner / f"{kennung}.yaml"
    if ziel.exists():
        raise EinstellungsFehler(fehler(None, f"'{anzeigepfad(ziel)}' gibt es schon; bitte einen anderen Titel wählen."))
    if einstellungen.antrag.fraktion:
        fraktion_zeile = "# fraktion: aus antragsgen.toml"
    else:
        fraktion_zeile = f"fraktion: {PLATZHALTER['fraktion']}       # mehrere als Liste: [A, B]"
    schema_bereitstellen(einstellungen)
    text = GERUEST.format(
        schema=SCHEMA_DATEI, titel=_yaml_text(titel), titel_kommentar=titel, kennung=kennung, art=art,
        datei=anzeigepfad(ziel), fraktion_zeile=fraktion_zeile, datum=heute.isoformat(),
        jahr=heute.year, jahr1=heute.year + 1, jahr2=heute.year + 2,
        platzhalter_punkt=PLATZHALTER["antragspunkte"], platzhalter_begruendung=PLATZHALTER["begruendung"],
    )
    schreibe_atomar(ziel, text.encode("utf-8"))
    return ziel

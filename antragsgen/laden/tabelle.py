"""Tables (CSV, XLSX): one row per Antragspunkt, rows grouped into motions by `antrag`.

Every cell becomes the text a YAML file would hold (so "0,5" and "50.000" reach the
model unchanged) and remembers its row and column for messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import warnings
from decimal import Decimal
from pathlib import Path

from .. import schreibweise
from ..fehler import EingabeFehler, Fundstelle, Meldung, fehler, warnung
from ..fehlertexte import meinten_sie
from .archiv import pruefe_archiv
from .rohdaten import Pfad, Rohdokument, lies_text, saeubern

MAX_XLSX_BYTES = 20 * 1024 * 1024
# SPEC §8; every row counts, empty ones too (a forged sheet can claim a million)
MAX_ZEILEN = 100_000
# cells beyond this are never read: no table needs them, and a forged sheet can claim 16,384
MAX_SPALTEN = 100

ANTRAG_SPALTEN = ("titel", "oberzeile", "art", "fraktion", "gremium", "datum", "nummer", "haushaltsjahre",
                  "vorbemerkung", "einleitung", "begruendung", "deckung", "status", "bezug", "unterzeichnende")
PUNKT_SPALTEN = ("text", "zweck", "lfd_nr", "punkt_id", "haushaltsstelle")
STELLE_SPALTEN = ("stelle_anteil", "stelle_bezeichnung", "stelle_entgeltgruppe", "stelle_bereich")
MITTEL_SPALTEN = ("mittel_betrag", "mittel_jahre", "mittel_einmalig")
SPALTEN = ("antrag",) + ANTRAG_SPALTEN + PUNKT_SPALTEN + STELLE_SPALTEN + MITTEL_SPALTEN

# list columns: cell text → list items (a cell may also hold one item per line)
_LISTEN = {"fraktion": r"[;\n]", "unterzeichnende": r"[;\n]",
           "haushaltsjahre": r"[;,/\s]+", "mittel_jahre": r"[;,/\s]+"}
# German Excel writes booleans into CSV as WAHR/FALSCH
_JA_NEIN = {"wahr": "true", "falsch": "false"}

Zeile = tuple[int, list[str]]  # (row number in the file, cell texts; "" is empty)
Zellen = dict[str, tuple[str, Fundstelle]]  # column key → (text, place), filled cells only


def lies_tabelle(pfad: Path, datei: str) -> tuple[list[Rohdokument], list[Meldung]]:
    """The motions of a CSV or XLSX table, and warnings; raises EingabeFehler if unreadable."""
    if pfad.suffix.lower() == ".xlsx":
        zeilen, meldungen = _xlsx_zeilen(pfad, datei), []
    else:
        zeilen, meldungen = _csv_zeilen(pfad, datei)
    if not zeilen:
        return [], meldungen + [warnung(Fundstelle(datei), "Die Tabelle ist leer und wird übersprungen.")]
    kopfnr, kopf = zeilen[0]
    spalten = _spalten(kopf, kopfnr, datei)
    if len(zeilen) == 1:
        return [], meldungen + [warnung(
            Fundstelle(datei, kopfnr), "Die Tabelle enthält nur die Kopfzeile und keinen Antrag; sie wird übersprungen.")]
    dokumente, hinweise = _antraege(zeilen[1:], spalten, datei, pfad)
    return dokumente, meldungen + hinweise


# --- reading cells -------------------------------------------------------------------


def _csv_zeilen(pfad: Path, datei: str) -> tuple[list[Zeile], list[Meldung]]:
    text, meldungen = lies_text(pfad, datei)
    trenner = _trenner(text)
    # strict: a stray quote is reported at its row instead of swallowing the rest of the file
    leser = csv.reader(io.StringIO(text, newline=""), delimiter=trenner, strict=True)
    zeilen: list[Zeile] = []
    ende = 0
    try:
        for felder in leser:
            # a quoted cell may span lines: a row starts after the previous one ended
            start, ende = ende + 1, leser.line_num
            werte = [saeubern(f).strip() for f in felder]
            if any(werte):
                if start > MAX_ZEILEN:
                    raise EingabeFehler(_zu_viele_zeilen(datei))
                zeilen.append((start, werte))
    except csv.Error as e:
        if "end of data" in str(e):
            grund = "ein Anführungszeichen wird nicht geschlossen"
        elif "expected after" in str(e):
            grund = (f"nach dem schließenden Anführungszeichen muss '{trenner}' folgen; "
                     "ein Anführungszeichen in einer Zelle bitte verdoppeln (\"\")")
        else:
            grund = "eine Zelle ist zu lang"
        raise EingabeFehler(fehler(Fundstelle(datei, ende + 1), f"Die CSV-Zeile kann nicht gelesen werden: {grund}.")) from None
    return zeilen, meldungen


def _trenner(text: str) -> str:
    """';' or ',' as csv.Sniffer guesses it; ';' (German Excel) when it cannot tell."""
    probe = "\n".join(text.splitlines()[:50])
    try:
        trenner = csv.Sniffer().sniff(probe, delimiters=";,").delimiter
    except csv.Error:
        trenner = ";"
    # column names hold neither ';' nor ',': if only the other splits the header, it is the delimiter
    kopf = next((z for z in text.splitlines() if z.strip(" ;,\t")), "")
    andere = "," if trenner == ";" else ";"
    return andere if trenner not in kopf and andere in kopf else trenner


def _xlsx_zeilen(pfad: Path, datei: str) -> list[Zeile]:
    ort = Fundstelle(datei)
    groesse = pfad.stat().st_size
    if groesse > MAX_XLSX_BYTES:
        mib = 1024 * 1024
        raise EingabeFehler(fehler(ort, f"Die Datei ist mit {schreibweise.zahl(round(groesse / mib, 1))} MiB zu groß "
                                        f"(höchstens {schreibweise.zahl(MAX_XLSX_BYTES / mib)} MiB)."))
    # an XLSX is a ZIP: its XML may be far larger than the file ("zip bomb")
    pruefe_archiv(pfad, datei, "XLSX-Tabelle", "Die Datei ist keine gültige XLSX-Tabelle; bitte in Excel oder "
                                               "LibreOffice als .xlsx (Excel 2007 oder neuer) speichern.")
    import openpyxl  # only needed for XLSX; uses defusedxml when installed

    zeilen: list[Zeile] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English about styles and extensions it ignores; not the user's concern
            warnings.simplefilter("ignore")
            mappe = openpyxl.load_workbook(pfad, read_only=True, data_only=True)
            try:
                blatt = mappe.worksheets[0]
                if formeln := _formeln_ohne_wert(blatt, datei):
                    raise EingabeFehler(formeln)
                # the stored size may be wrong (other writers); rows are counted instead
                blatt.reset_dimensions()
                for nr, zellen in enumerate(blatt.iter_rows(max_col=MAX_SPALTEN, values_only=True), start=1):
                    if nr > MAX_ZEILEN:
                        raise EingabeFehler(_zu_viele_zeilen(datei))
                    werte = [_zelle(w) for w in zellen]
                    if any(werte):
                        zeilen.append((nr, werte))
            finally:
                mappe.close()
    except EingabeFehler:
        raise
    except Exception:  # noqa: BLE001 - a damaged ZIP/XML can fail in any layer of openpyxl
        raise EingabeFehler(fehler(ort, "Die XLSX-Tabelle kann nicht gelesen werden; ist sie beschädigt? "
                                        "Bitte in Excel oder LibreOffice öffnen und neu speichern.")) from None
    return zeilen


_HAUPT = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MAX_FORMELMELDUNGEN = 20


def _formeln_ohne_wert(blatt, datei: str) -> list[Meldung]:
    """Formula cells without a computed value: openpyxl reads them as empty, so a
    5.000 € item would silently lose its amount. Files written by scripts (openpyxl
    itself) carry formulas but no values until Excel or LibreOffice saves them."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse  # defusedxml where installed

    meldungen: list[Meldung] = []
    anzahl = 0
    with blatt._get_source() as quelle:  # the sheet's XML inside the (already checked) ZIP
        for _, element in iterparse(quelle):
            if element.tag != _HAUPT + "c":
                if element.tag == _HAUPT + "row":
                    element.clear()
                continue
            formel = element.find(_HAUPT + "f")
            # openpyxl writes <v></v>; a text formula may rightly compute "" (t="str")
            if formel is not None and not element.findtext(_HAUPT + "v") and element.get("t") != "str":
                zeile, spalte = coordinate_to_tuple(element.get("r"))
                anzahl += 1
                if spalte <= MAX_SPALTEN and len(meldungen) < MAX_FORMELMELDUNGEN:
                    text = f" (={formel.text})" if formel.text else ""
                    meldungen.append(fehler(Fundstelle(datei, zeile, spalte), (
                        f"Die Zelle {element.get('r')} enthält eine Formel{text} ohne berechneten Wert; bitte "
                        "die Datei in Excel oder LibreOffice öffnen und speichern, oder den Wert eintragen.")))
    if anzahl > len(meldungen):
        meldungen.append(fehler(Fundstelle(datei), (
            f"Insgesamt {schreibweise.zahl(anzahl)} Zellen enthalten eine Formel ohne berechneten Wert.")))
    return meldungen


def _zu_viele_zeilen(datei: str) -> Meldung:
    return fehler(Fundstelle(datei, MAX_ZEILEN + 1),
                  f"Die Tabelle hat mehr als {schreibweise.zahl(MAX_ZEILEN)} Zeilen; bitte auf mehrere Dateien aufteilen.")


def _zelle(wert: object) -> str:
    """A typed XLSX cell as the text a YAML file would hold."""
    if wert is None:
        return ""
    if isinstance(wert, bool):
        return "true" if wert else "false"
    if isinstance(wert, int):
        return str(wert)
    if isinstance(wert, float) and math.isfinite(wert):
        # 15 digits as Excel shows them (0.1+0.2 is 0.3); a decimal comma, since the model
        # would read "0.125" as the German thousands notation 125
        zahl = Decimal(format(wert, ".15g"))
        if zahl == zahl.to_integral_value():
            return str(int(zahl))
        return format(zahl, "f").replace(".", ",")
    if isinstance(wert, dt.datetime):
        return wert.date().isoformat()
    if isinstance(wert, (dt.date, dt.time)):
        return wert.isoformat()
    return saeubern(str(wert)).strip()


# --- header and motions -------------------------------------------------------------


def spaltenname(text: str) -> str:
    """A header as a column key: "Begründung" → "begruendung", "lfd. Nr." → "lfd_nr"."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    for umlaut, ersatz in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, ersatz)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _spalten(kopf: list[str], kopfnr: int, datei: str) -> dict[int, str]:
    """Column index → key; every problem of the header at once, as EingabeFehler."""
    namen: dict[int, str] = {}
    probleme: list[Meldung] = []
    erste: dict[str, int] = {}
    if not any(spaltenname(t) in SPALTEN for t in kopf):
        gefunden = ", ".join(f"'{t}'" for t in kopf if t)
        raise EingabeFehler(fehler(Fundstelle(datei, kopfnr), (
            "Die erste Zeile der Tabelle muss die Spaltennamen enthalten, z. B. 'antrag', 'titel', 'text' "
            f"(gefunden: {gefunden[:200]}).")))
    for i, text in enumerate(kopf):
        if not text:
            continue
        name, ort = spaltenname(text), Fundstelle(datei, kopfnr, i + 1)
        if name == "id":
            probleme.append(fehler(ort, "Die Spalte 'id' ist nicht eindeutig: die Kennung des Antrags gehört in die "
                                        "Spalte 'antrag', die eines Antragspunkts in 'punkt_id'."))
        elif name not in SPALTEN:
            satz = f"Unbekannte Spalte '{text}'{meinten_sie(name, list(SPALTEN))}"
            probleme.append(fehler(ort, satz if satz.endswith("?") else satz + "."))
        elif name in erste:
            probleme.append(fehler(ort, f"Die Spalte '{name}' steht doppelt (zuerst in Spalte {erste[name]})."))
        else:
            namen[i] = name
            erste[name] = i + 1
    if "antrag" not in erste:
        probleme.append(fehler(Fundstelle(datei, kopfnr), (
            "Die Spalte 'antrag' fehlt; sie nennt in jeder Zeile die Kennung des Antrags "
            "(z. B. 'mehr-personal'), zu dem der Antragspunkt gehört.")))
    if probleme:
        raise EingabeFehler(probleme)
    return namen



def _antraege(zeilen: list[Zeile], spalten: dict[int, str], datei: str,
              pfad: Path) -> tuple[list[Rohdokument], list[Meldung]]:
    """Rows grouped by `antrag` (order of first appearance); a blank `antrag` continues."""
    gruppen: dict[str, list[tuple[int, Zellen]]] = {}
    orte: dict[str, Fundstelle] = {}
    meldungen: list[Meldung] = []
    probleme: list[Meldung] = []
    ohne_kopf: set[int] = set()
    antrag_spalte = next(i for i, n in spalten.items() if n == "antrag") + 1
    aktuell: str | None = None
    for nr, werte in zeilen:
        for i, wert in enumerate(werte):
            if wert and i not in spalten and i not in ohne_kopf:
                ohne_kopf.add(i)
                meldungen.append(warnung(Fundstelle(datei, nr, i + 1),
                                         f"Die Spalte {i + 1} hat keine Überschrift; ihre Werte werden nicht gelesen."))
        zellen: Zellen = {name: (werte[i], Fundstelle(datei, nr, i + 1))
                          for i, name in spalten.items() if i < len(werte) and werte[i]}
        if not zellen:
            continue
        kennung = zellen.pop("antrag", None)
        if kennung is not None:
            aktuell = kennung[0]
            orte.setdefault(aktuell, kennung[1])
        elif aktuell is None:
            probleme.append(fehler(Fundstelle(datei, nr, antrag_spalte),
                                   "In der Spalte 'antrag' fehlt die Kennung des Antrags, zu dem diese Zeile gehört."))
            continue
        gruppen.setdefault(aktuell, []).append((nr, zellen))
    if probleme:
        raise EingabeFehler(probleme)
    dokumente = []
    for nummer, (kennung, gruppe) in enumerate(gruppen.items()):
        dok = Rohdokument({}, datei, orte[kennung], pfad=pfad, nummer=nummer)
        meldungen.extend(_fuelle(dok, kennung, gruppe))
        dokumente.append(dok)
    return dokumente, meldungen


def _fuelle(dok: Rohdokument, kennung: str, gruppe: list[tuple[int, Zellen]]) -> list[Meldung]:
    """The raw motion of one group: motion columns from its first value, one item per row."""
    daten: dict[str, object] = {"id": kennung}
    dok.daten = daten
    _merke(dok, (), dok.ort)
    _merke(dok, ("id",), dok.ort)
    meldungen: list[Meldung] = []
    erste: dict[str, tuple[str, Fundstelle]] = {}
    punkte: list[dict] = []
    for nr, zellen in gruppe:
        for name in ANTRAG_SPALTEN:
            if name not in zellen:
                continue
            wert, ort = zellen[name]
            if name not in erste:
                erste[name] = (wert, ort)
                daten[name] = _wert(name, wert)
                _merke(dok, (name,), ort)
            elif wert != erste[name][0]:
                meldungen.append(warnung(ort, (
                    f"Die Spalte '{name}' hat für den Antrag '{kennung}' schon einen anderen Wert "
                    f"(Zeile {erste[name][1].zeile}); dieser hier wird nicht verwendet.")))
        punkt = _punkt(dok, ("antragspunkte", len(punkte)), nr, zellen)
        if punkt is not None:
            punkte.append(punkt)
    daten["antragspunkte"] = punkte
    _merke(dok, ("antragspunkte",), dok.ort)
    return meldungen


def _punkt(dok: Rohdokument, pfad: Pfad, nr: int, zellen: Zellen) -> dict | None:
    """One row's Antragspunkt: `stelle_*`/`mittel_*` cells become `stelle`/`mittel`."""
    punkt: dict[str, object] = {}
    for name, (wert, ort) in zellen.items():
        if name in PUNKT_SPALTEN:
            schluessel = "id" if name == "punkt_id" else name
            punkt[schluessel] = wert
            _merke(dok, pfad + (schluessel,), ort)
        elif name in STELLE_SPALTEN or name in MITTEL_SPALTEN:
            gruppe, _, schluessel = name.partition("_")
            # the first cell of the group stands for the whole `stelle`/`mittel`
            if gruppe not in punkt:
                punkt[gruppe] = {}
                _merke(dok, pfad + (gruppe,), ort)
            punkt[gruppe][schluessel] = _wert(name, wert)
            _merke(dok, pfad + (gruppe, schluessel), ort)
    if not punkt:
        return None  # a row with motion columns only
    dok.werte[pfad] = Fundstelle(dok.datei, nr)
    return punkt


def _wert(name: str, wert: str) -> object:
    if name in _LISTEN:
        return [t.strip() for t in re.split(_LISTEN[name], wert) if t.strip()]
    if name == "mittel_einmalig":
        return _JA_NEIN.get(wert.lower(), wert)
    return wert


def _merke(dok: Rohdokument, pfad: Pfad, ort: Fundstelle) -> None:
    # a cell is both key and value: messages about either point at it
    dok.werte[pfad] = ort
    dok.schluessel[pfad] = ort

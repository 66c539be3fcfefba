"""What a line of a paper's head, lead or closing says: head fields (Gremium, Fraktion, Datum,
Nummer, Art), known lead sentences, section headings, signatures. Patterns only, no state.
"""

from __future__ import annotations

import datetime as dt
import re

from ..modell import ARTEN

MONATE = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "dezember"]
_DATUM = re.compile(r"(?P<tag>\d{1,2})\.\s?(?:(?P<monat>\d{1,2})\.|\s?(?P<name>[A-Za-zäÄ]+)\s)\s?(?P<jahr>\d{4})")
_DATUMSZEILE = re.compile(r"^(?:(?P<ort>[A-ZÄÖÜ][\w .()/-]{1,40}?),\s*(?:den\s+|am\s+)?)?"
                          r"(?P<datum>" + _DATUM.pattern + r")$")
_FELD = re.compile(r"^(?P<name>[A-Za-zÄÖÜäöüß. -]{2,30}?)\s*:\s*(?P<wert>.+)$")
_FELDNAMEN = {
    "fraktion": "fraktion", "fraktionen": "fraktion", "antragsteller": "fraktion", "antragstellerin": "fraktion",
    "einreicher": "fraktion", "gremium": "gremium", "sitzung": "gremium", "an": "gremium", "beratungsfolge": "gremium",
    "datum": "datum", "stand": "datum", "nummer": "nummer", "nr.": "nummer", "antrag nr.": "nummer",
    "antragsnummer": "nummer", "antrags-nr.": "nummer", "drucksache": "nummer", "art": "art", "betreff": "titel",
    "betr.": "titel", "titel": "titel", "bezug": "bezug", "ansprechpartner": "ansprechpartner",
    "ansprechpartnerin": "ansprechpartner", "kontakt": "ansprechpartner", "haushaltsjahr": "oberzeile",
}
_GREMIUM = re.compile(r"^(?:an (?:den|die|das) )?(?P<g>(?:gemeinderat|stadtrat|rat der|kreistag|bezirksversammlung|"
                      r"bezirksbeirat|bezirksrat|stadtbezirksrat|stadtverordnetenversammlung|ausschuss|bürgerschaft|"
                      r"ortsbeirat|ortschaftsrat|bezirksausschuss|verwaltungsausschuss|hauptausschuss|finanzausschuss|"
                      r"stadtvertretung|ratsversammlung|regionalversammlung)\b.*)$", re.I)
_FRAKTION = re.compile(r"\bfraktion(?:en)?\b|-fraktion\b|\bgruppe\b|\bratsfraktion\b|fraktion\b", re.I)
_ART = re.compile(r"^(?P<gemeinsam>gemeinsame[rs]? )?(?P<art>haushaltsantrag|änderungsantrag|ergänzungsantrag|antrag|"
                  r"dringlichkeitsantrag|anfrage|große anfrage|kleine anfrage)\b(?P<rest>.*)$", re.I)
_NUMMER = re.compile(r"(?:\bnr\.|\bnummer)\s*:?\s*(?P<nr>[\w/.-]*\d[\w/.-]*)", re.I)
_OBERZEILE = re.compile(r"^(haushalt|haushaltsplan|haushaltsberatungen|doppelhaushalt)\b.{0,40}\d{4}", re.I)
_EINLEITUNG = re.compile(
    r"^(wir beantragen|wir stellen (?:folgenden|den|hiermit) antrag|wir fragen|wir bitten|die fraktion .{0,80} "
    r"(?:beantragt|fragt|bittet)|.{0,160}\bmöge[n]?\s+(?:folgendes\s+)?beschließen|.{0,160}\bwolle[n]?\s+beschließen|"
    r"beschlussvorschlag|beschlussantrag|antrag|antragstext|der .{0,80} beschließt|.{0,120}\bbeschließt)\b[^:]{0,80}:$",
    re.I)
_BEGRUENDUNG = re.compile(r"^(?:\*\*)?(begründung|erläuterung|begründung\s*(?:/|und)\s*erläuterung|sachverhalt)"
                          r"(?:\*\*)?\s*:?\s*(?:\*\*)?\s*", re.I)
_DECKUNG = re.compile(r"^(?:\*\*)?(deckungsvorschlag|deckung|finanzierung|finanzierungsvorschlag|gegenfinanzierung)"
                      r"(?:\*\*)?\s*:\s*(?:\*\*)?\s*", re.I)
_KOSTEN = re.compile(r"^(finanzielle auswirkungen|kosten)\s*:?\s*$", re.I)
_GRUSS = re.compile(r"^(mit freundlichen grüßen|mit freundlichem gruß|freundliche grüße|mfg)\b", re.I)
_NAME = re.compile(r"^(?:(?:Dr|Prof|Dipl\.-Ing)\.\s*)*[A-ZÄÖÜ][\w'’-]+\.?(?:\s+(?:von|van|de|zu|der|den|di)?\s*"
                   r"(?:(?:Dr|Prof)\.\s*)?[A-ZÄÖÜ][\w.'’-]+){1,3}$")
_FUNKTION = re.compile(r"(vorsitz|vorsitzende|stadtrat|stadträtin|stadtverordnete|sprecher|geschäftsführ|mitglied|"
                       r"ratsherr|ratsfrau|bezirksverordnete|bezirksrät|kreisrät|kreisrat|bürgerschaftsabgeordnete|"
                       r"abgeordnete|referent|obmann|obfrau|fraktionsgeschäft|beisitzer|schatzmeister)", re.I)
GEZ = re.compile(r"^gez\.?\s+", re.I)


def datum(text: str) -> dt.date | None:
    """A German date in `text`: "5.11.2021", "05. November 2021"."""
    m = _DATUM.search(text)
    if not m:
        return None
    monat = int(m["monat"]) if m["monat"] else (MONATE.index(m["name"].lower()) + 1
                                                if m["name"].lower() in MONATE else 0)
    try:
        return dt.date(int(m["jahr"]), monat, int(m["tag"]))
    except ValueError:
        return None


def datumszeile(text: str) -> tuple[str | None, dt.date] | None:
    """"Hamburg, 30. September 2009" → ("Hamburg", date); a line that is only a date → (None, date)."""
    m = _DATUMSZEILE.match(text.strip())
    if not m:
        return None
    tag = datum(m["datum"])
    return (m["ort"].strip() if m["ort"] else None, tag) if tag else None


def art(text: str) -> tuple[str, str | None, bool] | None:
    """"Haushaltsantrag Nr. 412/2021" → ("haushaltsantrag", "412/2021", gemeinsam)."""
    m = _ART.match(text.strip())
    if not m or len(text) > 80:
        return None
    rest = m["rest"].strip()
    nummer = _NUMMER.search(rest)
    if rest and not nummer and not rest.lower().startswith(("der ", "des ", "von ", "vom ", "zu", "gem")):
        return None
    name = m["art"].lower()
    schluessel = next((k for k, v in ARTEN.items() if v.lower() == name), None)
    schluessel = schluessel or ("anfrage" if "anfrage" in name else "aenderungsantrag" if "änderung" in name
                                else "antrag")
    return schluessel, nummer["nr"] if nummer else None, bool(m["gemeinsam"])


def feld(text: str) -> tuple[str, str] | None:
    """A labelled head field: "Datum: 5.11.2021" → ("datum", "5.11.2021")."""
    m = _FELD.match(text.strip())
    if not m:
        return None
    name = _FELDNAMEN.get(" ".join(m["name"].lower().split()))
    return (name, m["wert"].strip()) if name else None


def gremium(text: str) -> str | None:
    m = _GREMIUM.match(text.strip())
    return m["g"] if m and len(text) <= 120 else None


def ist_fraktion(text: str) -> bool:
    return bool(_FRAKTION.search(text)) and len(text) <= 120 and not text.rstrip().endswith((".", ":"))


def ist_oberzeile(text: str) -> bool:
    return bool(_OBERZEILE.match(text)) and len(text) <= 60


def ist_einleitung(text: str) -> bool:
    return len(text) <= 300 and bool(_EINLEITUNG.match(" ".join(text.split())))


def begruendung(text: str) -> re.Match | None:
    """"Begründung:" as a heading, or at the start of a paragraph ("**Begründung:** Die …")."""
    m = _BEGRUENDUNG.match(text)
    if not m:
        return None
    rest = text[m.end():]
    # "Begründung" alone, or followed by a colon: "Begründungen gibt es viele" is a sentence
    if rest and ":" not in m.group(0):
        return None
    return m


def deckung(text: str) -> re.Match | None:
    return _DECKUNG.match(text)


def ist_kosten(text: str) -> bool:
    return bool(_KOSTEN.match(text))


def ist_gruss(text: str) -> bool:
    return bool(_GRUSS.match(text)) and len(text) <= 40


def ist_name(text: str) -> bool:
    return len(text) <= 60 and bool(_NAME.match(GEZ.sub("", text.strip())))


def ist_funktion(text: str) -> bool:
    return len(text) <= 80 and bool(_FUNKTION.search(text)) and not text.endswith(".")

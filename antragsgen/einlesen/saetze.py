"""Request sentences back into `stelle` and `mittel` (SPEC §3.3, §3.7).

A sentence counts as recognised only if the model, given what was read, writes the very
same sentence again: the model stays the one source of the wording, and anything that
does not match exactly stays free text.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from ..modell import Antragspunkt
from ..schreibweise import deutsche_zahl

LFD_NR = re.compile(r"\s*\(lfd\.\s*Nr\.\s*(\d{1,9})\)")
# the purpose phrase starts with its preposition: "für …", "als Assistenz …"
_PRAEPOSITIONEN = {"für", "als", "zur", "zum", "zu", "in", "im", "bei", "beim", "mit", "an", "am", "ab", "auf",
                   "befristet", "zunächst", "ohne", "aus", "nach", "über", "um", "von", "vom", "gegen"}
_AMTSWOERTER = {"Amt", "Referat", "Dezernat", "Fachbereich", "Abteilung", "Büro", "Dienststelle", "Zentrum",
                "Stabsstelle", "Geschäftsstelle", "Eigenbetrieb", "Fachamt", "Bezirksamt", "Behörde"}
_STELLE = re.compile(r"^(?P<anteil>\d{1,3},\d+) Stellen? ?(?P<rest>.*)$")
_EURO = r"(\d{1,3}(?:\.\d{3})*|\d+) €"
_MITTEL = re.compile(r"^(?P<zweck>.+?) werden (?P<angabe>.+) bereitgestellt$")
_ANSATZ = re.compile(r"^Der Ansatz(?: (?P<zweck>.+?))? wird (?P<angabe>.+?)(?: (?P<verb>erhöht|gesenkt|belassen))?$")
_JAHR_BETRAG = re.compile(rf"^(\d{{4}}) {_EURO}$")
_ANSATZ_JAHR = re.compile(rf"^(?P<ab>ab )?(?P<jahr>\d{{4}})(?P<dauer> dauerhaft)? "
                          rf"(?:von {_EURO} um {_EURO} auf {_EURO}|bei (?P<bei>\d{{1,3}}(?:\.\d{{3}})*|\d+) €)"
                          r"(?: (?P<verb>erhöht|gesenkt|belassen))?$")


def _betrag(text: str) -> int:
    return int(deutsche_zahl(text))


def _teile(angabe: str) -> list[str]:
    """"2022 20.000 € und 2023 25.000 €" → its parts (schreibweise.aufzaehlung backwards)."""
    kopf, _, letzt = angabe.rpartition(" und ")
    return [*kopf.split(", "), letzt] if kopf else [angabe]


def _zweck(text: str | None) -> str | None:
    """The printed sentence capitalises the purpose: "Für …" was written "für …"."""
    if not text or text == "Es":
        return None
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _stelle(satz: str) -> list[dict]:
    m = _STELLE.match(satz)
    if not m:
        return []
    stelle: dict = {"anteil": m["anteil"]}
    rest, zweck = m["rest"], None
    eg = re.search(r" ?\(([^()]+)\)", rest)
    if eg:
        stelle["bezeichnung"] = rest[:eg.start()].strip() or None
        stelle["entgeltgruppe"] = eg.group(1)
        rest = rest[eg.end():].strip()
    bereich = re.match(r"^(?:(?P<bez>.*?) )?im Bereich (?P<rest>.+)$", rest)
    if bereich:
        if bereich["bez"]:
            stelle["bezeichnung"] = bereich["bez"]
        worte = bereich["rest"].split(" ")
        # "Amt für öffentliche Ordnung": a preposition right after an office's word is part of its name
        k = next((i for i, w in enumerate(worte) if i and w in _PRAEPOSITIONEN
                  and worte[i - 1] not in _AMTSWOERTER), len(worte))
        stelle["bereich"] = " ".join(worte[:k])
        zweck = " ".join(worte[k:]) or None
    elif rest and not eg:
        worte = rest.split(" ")
        k = next((i for i, w in enumerate(worte) if w in _PRAEPOSITIONEN), len(worte))
        if k:
            stelle["bezeichnung"] = " ".join(worte[:k])
        zweck = " ".join(worte[k:]) or None
    elif rest:
        zweck = rest
    kandidat = {"stelle": {k: v for k, v in stelle.items() if v}}
    if zweck:
        kandidat["zweck"] = zweck
    return [kandidat]


def _mittel(satz: str) -> list[dict]:
    m = _MITTEL.match(satz)
    if not m:
        return []
    zweck, angabe = _zweck(m["zweck"]), m["angabe"]
    kandidaten = []
    dauer = re.fullmatch(rf"ab (\d{{4}}) dauerhaft jährlich {_EURO}", angabe)
    einmalig = re.fullmatch(rf"(\d{{4}}) einmalig {_EURO}", angabe)
    jeweils = re.fullmatch(rf"(.+) jeweils {_EURO}", angabe)
    if dauer:
        kandidaten.append({"betrag": _betrag(dauer[2]), "jahre": [int(dauer[1])], "dauerhaft": True})
    elif einmalig:
        kandidaten.append({"betrag": _betrag(einmalig[2]), "jahre": [int(einmalig[1])], "einmalig": True})
    elif jeweils and all(re.fullmatch(r"\d{4}", t) for t in _teile(jeweils[1])):
        kandidaten.append({"betrag": _betrag(jeweils[2]), "jahre": [int(t) for t in _teile(jeweils[1])]})
    else:
        danach = re.fullmatch(rf"(.+), danach dauerhaft jährlich {_EURO}", angabe)
        teile = [_JAHR_BETRAG.match(t) for t in _teile(danach[1] if danach else angabe)]
        if not all(teile):
            return []
        betraege = {int(t[1]): _betrag(t[2]) for t in teile}
        if len(betraege) == 1:
            (jahr, betrag), = betraege.items()
            kandidaten.append({"betrag": betrag, "jahre": [jahr], **({"dauerhaft": True} if danach else {})})
        else:
            kandidaten.append({"betraege": betraege, **({"dauerhaft": True} if danach else {})})
    return [{"mittel": k, **({"zweck": zweck} if zweck else {})} for k in kandidaten]


def _ansatz(satz: str) -> list[dict]:
    m = _ANSATZ.match(satz)
    if not m:
        return []
    jahre: dict[int, tuple[int, int]] = {}
    dauerhaft = False
    angabe = m["angabe"] + (f" {m['verb']}" if m["verb"] else "")
    jeweils = re.fullmatch(r"(?P<jahre>\d{4}(?:, \d{4})* und \d{4}) jeweils (?P<rest>.+)", angabe)
    if jeweils:  # "2022 und 2023 jeweils von 117.000 € um …": every year alike
        alle = [int(j) for j in re.findall(r"\d{4}", jeweils["jahre"])]
        teile = [f"{alle[0]} {jeweils['rest']}"]
    else:
        alle, teile = [], _teile(angabe)
    for teil in teile:
        t = _ANSATZ_JAHR.match(teil)
        if not t:
            return []
        verb = t["verb"] or m["verb"]
        dauerhaft = dauerhaft or bool(t["dauer"])
        if t["bei"]:
            jahre[int(t["jahr"])] = (_betrag(t["bei"]), 0)
        else:
            bisher, um = _betrag(t[4]), _betrag(t[5])
            jahre[int(t["jahr"])] = (bisher, -um if verb == "gesenkt" else um)
    for j in alle[1:]:
        jahre[j] = jahre[alle[0]]
    bisher = {j: b for j, (b, _) in jahre.items()}
    aenderung = {j: a for j, (_, a) in jahre.items()}
    if len(set(bisher.values())) == 1 and len(set(aenderung.values())) == 1:
        mittel = {"bisher": next(iter(bisher.values())), "betrag": next(iter(aenderung.values())),
                  "jahre": sorted(jahre)}
    else:
        mittel = {"bisher": bisher, "betraege": aenderung}
    if dauerhaft:
        mittel["dauerhaft"] = True
    zweck = m["zweck"]
    return [{"mittel": mittel, **({"zweck": zweck} if zweck else {})}]


def _vergleich(text: str) -> str:
    return " ".join(text.replace("Euro", "€").replace("EUR", "€").split()).rstrip(".")


def als_punkt(satz: str, *, locker: bool = False) -> dict | None:
    """`stelle`/`mittel` fields (with `zweck`) whose sentence is exactly `satz`, or None.

    `locker`: for papers antragsgen did not write, "Euro" for "€", a final full stop and
    "0,5 Stellen" (as some councils write it) still count.
    """
    satz = " ".join(satz.split())
    for kandidat in _stelle(_vergleich(satz)) + _mittel(_vergleich(satz)) + _ansatz(_vergleich(satz)):
        try:
            punkt = Antragspunkt.model_validate(kandidat)
            neu = punkt.kernsatz.replace("\u00a0", " ")
        except (ValidationError, ValueError, ArithmeticError):
            continue
        if neu == satz or (locker and _vergleich(neu).replace("Stellen", "Stelle")
                           == _vergleich(satz).replace("Stellen", "Stelle")):
            return kandidat
    return None


def trenne_nummer(text: str) -> tuple[str, int | None, str | None]:
    """"… (lfd. Nr. 3230) (THH 500)" → ("…", 3230, "THH 500")."""
    m = None
    for m in LFD_NR.finditer(text):
        pass
    if m is None:
        return text, None, None
    rest = text[m.end():].strip()
    haushaltsstelle = None
    if rest:
        hs = re.fullmatch(r"\(([^()]+)\)", rest)
        if not hs:
            return text, None, None
        haushaltsstelle = hs.group(1)
    return text[:m.start()].rstrip(), int(m.group(1)), haushaltsstelle


_EINFUEGEN = re.compile(r"^Nach (?P<ort>.+) wird eingefügt:$")
_FASSUNG = re.compile(r"^(?P<ort>.+) erhält folgende Fassung:$")
_STREICHEN = re.compile(r"^In (?P<ort>.+?) werden die Wörter „(?P<alt>.*)“ gestrichen$")
_ERSETZEN = re.compile(r"^In (?P<ort>.+?) wird „(?P<alt>.*)“ ersetzt durch „(?P<neu>.*)“$")
_ZEILE = re.compile(r"^Zeilen? (\d{1,5})(?:–(\d{1,5}))?$")


def _ort(ort: str, einfuegen: bool = False) -> dict:
    zeile = _ZEILE.match(ort)
    if zeile:
        return {"zeilen": zeile[1] if not zeile[2] else f"{zeile[1]}-{zeile[2]}"}
    return {"fundstelle": f"nach {ort}" if einfuegen else ort}


def als_aenderung(satz: str, zitat: str | None) -> dict | None:
    """The text operation (SPEC §3.9) whose sentence, and quotation below it, are these; or None."""
    satz = " ".join(satz.split())
    kandidaten = []
    if zitat is not None:
        if m := _EINFUEGEN.match(satz):
            kandidaten.append({**_ort(m["ort"], einfuegen=True), "neu": zitat})
        if m := _FASSUNG.match(satz):
            kandidaten.append({"fundstelle": m["ort"], "neu": zitat})
    elif m := _ERSETZEN.match(satz):
        kandidaten.append({**_ort(m["ort"]), "alt": m["alt"], "neu": m["neu"]})
    elif m := _STREICHEN.match(satz):
        kandidaten.append({**_ort(m["ort"]), "alt": m["alt"]})
    for kandidat in kandidaten:
        try:
            punkt = Antragspunkt.model_validate({"aenderung": kandidat})
        except (ValidationError, ValueError):
            continue
        a = punkt.aenderung
        if " ".join(a.satz.split()) == satz and a.zitat == zitat:
            return {"aenderung": kandidat}
    return None

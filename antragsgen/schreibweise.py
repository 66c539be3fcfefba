"""German formatting: dates, shares, money, numbers, typography.

One place for every number format, used by the item sentence, the templates (as Jinja
filters) and the DOCX renderer alike.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "de_DE"
NBSP = "\u00a0"

_TAUSENDER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_DEUTSCH = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_EINFACH = re.compile(r"^[+-]?\d+(\.\d+)?$")


def deutsche_zahl(text: str | int | float | Decimal) -> Decimal:
    """Read a number as Germans write it: "0,5", "50.000", "50.000,00" (also "0.5").

    A "." before exactly three digits is a thousands separator, so "50.000" is
    fifty thousand, never 50. Raises ValueError with a German message.
    """
    if isinstance(text, Decimal):
        return text
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return Decimal(str(text))
    roh = str(text).strip().replace(" ", "").replace(NBSP, "").removesuffix("€").removesuffix("EUR")
    if _DEUTSCH.match(roh):
        roh = roh.replace(".", "").replace(",", ".")
    elif _TAUSENDER.match(roh):
        roh = roh.replace(".", "")
    elif not _EINFACH.match(roh):
        raise ValueError(f"'{text}' ist keine Zahl (erwartet z. B. 0,5 oder 50.000)")
    try:
        return Decimal(roh)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only numbers
        raise ValueError(f"'{text}' ist keine Zahl") from None


def datum(wert: dt.date | None) -> str:
    """12. November 2021; "" for no date (`datum: ohne`; Babel would print today's)"""
    return format_date(wert, "d. MMMM y", locale=LOCALE) if wert is not None else ""


@lru_cache(maxsize=4096)  # Babel is slow, and a batch has few distinct shares and amounts
def anteil(wert: Decimal | float | int) -> str:
    """A position share with at least one decimal: 1,0 · 0,25 · 0,5"""
    return format_decimal(Decimal(str(wert)), "#,##0.0##", locale=LOCALE)


def stellenangabe(wert: Decimal | float | int) -> str:
    """"0,5 Stelle", "1,0 Stelle", "1,5 Stellen": "Stelle" up to 1,0, as council papers write it."""
    return f"{anteil(wert)} {'Stellen' if Decimal(str(wert)) > 1 else 'Stelle'}"


def ganze_euro(wert: Decimal | float | int) -> Decimal:
    """Round half up to whole euros."""
    return Decimal(str(wert)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=16384)
def euro(wert: Decimal | float | int) -> str:
    """50.000 € (whole euros, non-breaking space before the sign)"""
    return format_decimal(ganze_euro(wert), "#,##0", locale=LOCALE) + NBSP + "€"


def zahl(wert: Decimal | float | int) -> str:
    """A number in German notation: 1.234,5"""
    return format_decimal(Decimal(str(wert)), "#,##0.###", locale=LOCALE)


def aufzaehlung(teile: list[str]) -> str:
    """a, b und c"""
    teile = list(teile)
    if len(teile) <= 1:
        return "".join(teile)
    return ", ".join(teile[:-1]) + " und " + teile[-1]


# Straight double quotes become „…“; an opening one follows a start, space or bracket.
_ANF_AUF = re.compile(r'(^|[\s(\[{/\u2013\u2014-])"')
_NBSP_REGELN = [
    (re.compile(r"\blfd\. Nr\. (?=\d)"), f"lfd.{NBSP}Nr.{NBSP}"),
    (re.compile(r"\b(Nr\.|S\.|Abs\.|Art\.|Ziff\.) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"§ (?=\d)"), f"§{NBSP}"),
    (re.compile(r"\b(EG|E|A|B|S|W|R) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"(\d) (?=(€|EUR|Euro|Prozent|%)(?!\w))"), rf"\1{NBSP}"),
    (re.compile(r"(\d,\d+) (?=Stellen?\b)"), rf"\1{NBSP}"),
    (re.compile(r"\b(\d{1,2}\.) (?=(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b)"), rf"\1{NBSP}"),
    (re.compile(r"\b(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) (?=\d{4}\b)"), rf"\1{NBSP}"),
]


# No German word is this long; longer runs without a break (a hash, a pasted blob) get
# invisible break opportunities (U+200B). Without them WeasyPrint tries every hyphenation
# point of the whole rest of the word on every line: minutes for 5,000 characters.
MAX_WORTLAENGE = 80
# shorter than the shortest word WeasyPrint hyphenates (hyphenate-limit-chars: 5), so an
# overlong word breaks like overflow-wrap: anywhere, without hyphens inside a URL or hash
_WORTSTUECK = 4
ZWSP = "\u200b"
# a text already broken up is not matched again (typografie may run twice on a text)
_UEBERLANG = re.compile(rf"[^\s{ZWSP}]{{{MAX_WORTLAENGE + 1},}}")


def _stuecke(treffer: re.Match) -> str:
    wort = treffer.group()
    return ZWSP.join(wort[i:i + _WORTSTUECK] for i in range(0, len(wort), _WORTSTUECK))


def umbrechbar(text: str) -> str:
    """Text whose words longer than MAX_WORTLAENGE may break anywhere (code included)."""
    return _UEBERLANG.sub(_stuecke, text)


def typografie(text: str) -> str:
    """German quotes from straight ones, and no line break inside "lfd. Nr. 3210",
    "EG 13", "§ 5", amounts and dates; overlong words may break anywhere. Nothing else
    is replaced."""
    if '"' in text:
        text = _ANF_AUF.sub(lambda m: m.group(1) + "\u201e", text)
        text = text.replace('"', "\u201c")
    for muster, ersatz in _NBSP_REGELN:
        text = muster.sub(ersatz, text)
    return umbrechbar(text)


def laengstes_wort(text: str | None) -> int:
    """Characters of the longest run without a space: a template can keep a table that holds
    one (a URL, a long compound) breakable anywhere, and spare the others that cost."""
    return max((len(wort) for wort in str(text or "").split()), default=0)


FILTER = {"datum": datum, "anteil": anteil, "euro": euro, "zahl": zahl, "laengstes_wort": laengstes_wort}


# a text cell starting with one of these runs as a formula in Excel and LibreOffice (SPEC §5.1)
FORMEL_ANFAENGE = ("=", "+", "-", "@", "\t", "\r")


def ist_formel(wert: object) -> bool:
    """Would a spreadsheet run this text cell as a formula? Numbers are never text cells."""
    return isinstance(wert, str) and wert.startswith(FORMEL_ANFAENGE)


def csv_text(wert):
    """A CSV cell that Excel and LibreOffice show as text: a leading ' before a formula; numbers stay."""
    return "'" + wert if ist_formel(wert) else wert

"""The hyphenation patterns WeasyPrint uses (`hyphens: auto`), parsed once per machine.

pyphen parses its German .dic (66,000 patterns) in about 0.5 s, in every process that
hyphenates: a cold CLI, each worker, the overview process. `vorbereiten()` puts the
parsed patterns into pyphen's own cache (`pyphen.hdcache`, where WeasyPrint's
`pyphen.Pyphen(lang=…)` looks first), read from the user's cache folder in ~50 ms; the
first process parses the .dic as pyphen does and writes that file.

The file is keyed by pyphen's version, the .dic's hash and the Python version, and carries
a checksum of its contents; anything wrong with it (missing, corrupt, unwritable, an
unknown shape of pyphen's data) means pyphen parses as usual, never a different result.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path

from ..schreiben import schreibe_atomar
from ..zwischenspeicher import nutzerordner

SPRACHEN = ("de-DE",)  # the language of every built-in template
_KOPF = b"antragsgen-silben 1\n"
# words whose hyphenation points are kept with the patterns and compared after loading
_PROBE = ("Silbentrennung", "Haushaltsantrag", "Gemeinderatsfraktion", "Personalkosten")


def vorbereiten(sprachen: tuple[str, ...] = SPRACHEN) -> None:
    """Load the patterns of `sprachen` into pyphen's cache (from our file, else parsed)."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - WeasyPrint needs it; without it nothing hyphenates
        return
    for sprache in sprachen:
        name = pyphen.language_fallback(sprache)
        pfad = pyphen.LANGUAGES.get(name) if name else None
        if pfad is None or pfad in pyphen.hdcache:
            continue
        try:
            pyphen.hdcache[pfad] = _geladen(pyphen, Path(pfad))
        except Exception:  # noqa: BLE001 - a cache must never stop a run: pyphen parses itself
            continue


def _datei(pyphen, dic: bytes, name: str) -> Path:
    kennung = hashlib.sha256(dic).hexdigest()[:16]
    python = f"{sys.version_info.major}{sys.version_info.minor}"
    return nutzerordner() / "silben" / f"{name}-pyphen{pyphen.__version__}-py{python}-{kennung}.marshal"


def _positionen(woerterbuch) -> list[list[int]]:
    return [[int(i) for i in woerterbuch.positions(wort)] for wort in _PROBE]


def _geladen(pyphen, pfad: Path):
    """The HyphDict of `pfad`: from our file if it is sound, else parsed (and the file written)."""
    dic = pfad.read_bytes()
    datei = _datei(pyphen, dic, pfad.stem)
    if (woerterbuch := _lies(pyphen, datei)) is not None:
        return woerterbuch
    woerterbuch = pyphen.HyphDict(pfad)
    _schreibe(woerterbuch, datei)
    return woerterbuch


def _lies(pyphen, datei: Path):
    try:
        inhalt = datei.read_bytes()
    except OSError:
        return None
    kopf, pruefsumme, daten = inhalt[:len(_KOPF)], inhalt[len(_KOPF):len(_KOPF) + 32], inhalt[len(_KOPF) + 32:]
    if kopf != _KOPF or hashlib.sha256(daten).digest() != pruefsumme:
        return None
    try:
        zustand, probe = marshal.loads(daten)
        woerterbuch = pyphen.HyphDict.__new__(pyphen.HyphDict)
        woerterbuch.__dict__.update(zustand)
        woerterbuch.cache = {}
        if _positionen(woerterbuch) != probe:
            return None
    except Exception:  # noqa: BLE001 - any other shape than the one written: parse again
        return None
    woerterbuch.cache = {}  # as freshly parsed
    return woerterbuch


def _schreibe(woerterbuch, datei: Path) -> None:
    zustand = {k: v for k, v in vars(woerterbuch).items() if k != "cache"}
    try:
        daten = marshal.dumps((zustand, _positionen(woerterbuch)))
    except ValueError:  # patterns with data marshal cannot keep (pyphen's DataInt): not cached
        return
    finally:
        woerterbuch.cache.clear()
    try:
        schreibe_atomar(datei, _KOPF + hashlib.sha256(daten).digest() + daten)
    except OSError:
        pass  # no cache folder: the next process parses again

"""Who may use the editor: the access token of this start, CSRF for writes, the password
of an office server (scrypt), and which files a request may name."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from pathlib import Path

from ..einstellungen import DATEINAME
from ..schreiben import schreibe_atomar

# scrypt as OWASP recommends it for passwords (N = 2^15, r = 8, p = 1: about 32 MiB, 0.1 s)
_N, _R, _P = 2 ** 15, 8, 1
_HASH = re.compile(r"^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
ENDUNGEN = (".yaml", ".yml", ".md")  # what the form edits


def neues_geheimnis() -> str:
    return secrets.token_urlsafe(24)


def gleich(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def csrf_zeichen(geheimnis: str) -> str:
    """The CSRF value every write carries (in its form or its X-CSRF-Token header)."""
    return hmac.new(geheimnis.encode(), b"antragsgen-csrf", hashlib.sha256).hexdigest()


def passwort_hash(passwort: str) -> str:
    salz = secrets.token_bytes(16)
    wert = hashlib.scrypt(passwort.encode("utf-8"), salt=salz, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024)
    kodiert = [base64.b64encode(x).decode() for x in (salz, wert)]
    return f"scrypt${_N}${_R}${_P}${kodiert[0]}${kodiert[1]}"


def ist_passwort_hash(text: str) -> bool:
    return bool(_HASH.match(text or ""))


def passwort_pruefen(passwort: str, gespeichert: str) -> bool:
    treffer = _HASH.match(gespeichert or "")
    if not treffer:
        return False
    n, r, p = (int(x) for x in treffer.groups()[:3])
    salz, erwartet = (base64.b64decode(x) for x in treffer.groups()[3:])
    wert = hashlib.scrypt(passwort.encode("utf-8"), salt=salz, n=n, r=r, p=p, maxmem=128 * 1024 * 1024,
                          dklen=len(erwartet))
    return hmac.compare_digest(wert, erwartet)


def passwort_speichern(projekt: Path, passwort: str) -> Path:
    """Write the password's hash as `passwort` into [oberflaeche] of antragsgen.toml,
    keeping every other line of the file."""
    datei = projekt / DATEINAME
    text = datei.read_text(encoding="utf-8-sig") if datei.is_file() else ""
    zeile = f'passwort = "{passwort_hash(passwort)}"'
    zeilen = text.splitlines()
    tabelle = next((i for i, z in enumerate(zeilen) if z.strip() == "[oberflaeche]"), None)
    if tabelle is None:
        zeilen += ([""] if zeilen and zeilen[-1].strip() else []) + ["[oberflaeche]", zeile]
    else:
        ende = next((i for i in range(tabelle + 1, len(zeilen)) if zeilen[i].lstrip().startswith("[")), len(zeilen))
        alt = next((i for i in range(tabelle + 1, ende) if re.match(r"\s*passwort\s*=", zeilen[i])), None)
        if alt is None:
            zeilen.insert(tabelle + 1, zeile)
        else:
            zeilen[alt] = zeile
    schreibe_atomar(datei, ("\n".join(zeilen) + "\n").encode("utf-8"))
    return datei


def motion_datei(projekt: Path, relativ: str, ausgenommen: Path | None = None) -> Path | None:
    """The motion file a URL names, only inside the project's eingaben/ (symlinks resolved),
    never in `ausgenommen` (the Bausteine)."""
    if not relativ or "\\" in relativ or "\x00" in relativ:
        return None
    eingaben = (projekt / "eingaben").resolve()
    pfad = (projekt / relativ)
    try:
        echt = pfad.resolve()
    except (OSError, RuntimeError):
        return None
    if not echt.is_relative_to(eingaben) or echt.suffix.lower() not in ENDUNGEN:
        return None
    if ausgenommen is not None and (echt.is_relative_to(ausgenommen.resolve())
                                    or pfad.absolute().is_relative_to(ausgenommen.absolute())):
        return None
    if any(t.startswith((".", "_", "~$")) for t in Path(relativ).parts):
        return None
    return pfad

"""What antragsgen knows of itself, cheaply: its version, its folder, its built-in templates.

Imported by every command before anything else, so nothing heavy here: importlib.metadata
alone costs ~60 ms (email, zipfile, csv), more than an unchanged run may take for all of it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NAME = "antragsgen"
ORDNER = os.path.dirname(os.path.realpath(__file__))  # the package's own folder
# fontTools (used without libharfbuzz-subset0) stamps the current time into each subset font
# unless SOURCE_DATE_EPOCH is set; where it is not, this fixed value keeps PDFs byte-identical
SOURCE_DATE_EPOCH = "315532800"


def _verteilungen(ordner: str) -> list[str]:
    """The *.dist-info (and old *.egg-info) folders in one folder of sys.path, sorted."""
    try:
        return sorted(e.name for e in os.scandir(ordner or ".") if e.name.endswith((".dist-info", ".egg-info")))
    except OSError:
        return []


def version() -> str:
    """The installed version, from the first antragsgen-*.dist-info on sys.path (where
    importlib.metadata finds it too); importlib.metadata itself only where that fails
    (a zip on sys.path); "0.0.0" for a source tree that was never installed."""
    for ordner in sys.path:
        for name in _verteilungen(ordner):
            if not (name.lower().startswith(NAME + "-") and name.endswith(".dist-info")):
                continue
            try:
                with open(os.path.join(ordner or ".", name, "METADATA"), encoding="utf-8") as datei:
                    for zeile in datei:
                        if zeile.startswith("Version:"):
                            return zeile.split(":", 1)[1].strip()
                        if not zeile.strip():
                            break  # end of the header: no version there
            except OSError:
                continue
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as aus_metadaten

    try:
        return aus_metadaten(NAME)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


def eingebaute_ordner() -> Path:
    """Built-in templates: inside the installed package, or at the repository's top."""
    paket = Path(ORDNER)
    for ordner in (paket / "vorlagen", paket.parent / "vorlagen"):
        if (ordner / "standard").is_dir():
            return ordner
    from .fehler import VorlagenFehler

    raise VorlagenFehler("Die eingebauten Vorlagen fehlen in der Installation.")  # pragma: no cover


def _schriftordner() -> list[str]:
    """Where fontconfig, macOS and Windows look for fonts by default."""
    zuhause = os.path.expanduser("~")
    if sys.platform == "win32":
        return [os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
                os.path.join(os.environ.get("LOCALAPPDATA", zuhause), "Microsoft", "Windows", "Fonts")]
    if sys.platform == "darwin":
        return ["/System/Library/Fonts", "/Library/Fonts", os.path.join(zuhause, "Library", "Fonts")]
    daten = os.environ.get("XDG_DATA_HOME") or os.path.join(zuhause, ".local", "share")
    return ["/usr/share/fonts", "/usr/local/share/fonts", os.path.join(zuhause, ".fonts"), os.path.join(daten, "fonts")]


SCHRIFTORDNER = _schriftordner()


def _ordnerzeiten(wurzel: str, tiefe: int = 8) -> list[str]:
    """Every folder below `wurzel` with its time: a font added, removed or replaced changes
    its folder's time (fontconfig trusts its own caches on the same sign)."""
    try:
        zeiten = [f"{wurzel} {os.stat(wurzel).st_mtime_ns}"]
        with os.scandir(wurzel) as eintraege:
            unter = sorted(e.path for e in eintraege if e.is_dir())
    except OSError:
        return []
    for pfad in unter if tiefe else []:
        zeiten += _ordnerzeiten(pfad, tiefe - 1)
    return zeiten


def umgebung() -> list[str]:
    """What besides antragsgen shapes its files and is installed on this machine: the Python
    libraries with their versions (one folder listing each, no import) and the font folders.
    A library or font updated means that motions are set again, not kept from before."""
    verteilungen = [name for ordner in dict.fromkeys(sys.path) for name in _verteilungen(ordner)]
    return verteilungen + [z for wurzel in SCHRIFTORDNER for z in _ordnerzeiten(wurzel)]

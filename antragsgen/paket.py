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


def version() -> str:
    """The installed version, from the first antragsgen-*.dist-info on sys.path (where
    importlib.metadata finds it too); importlib.metadata itself only where that fails
    (a zip on sys.path); "0.0.0" for a source tree that was never installed."""
    for ordner in sys.path:
        try:
            eintraege = sorted(e.name for e in os.scandir(ordner or ".")
                               if e.name.lower().startswith(NAME + "-") and e.name.endswith(".dist-info"))
        except OSError:
            continue
        for name in eintraege:
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

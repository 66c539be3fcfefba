#!/usr/bin/env python3
"""Schnellstart ohne Vorwissen: richtet beim ersten Aufruf eine virtuelle Umgebung
(.venv) mit den festgeschriebenen Paketen aus requirements.lock ein und ruft dann
antragsgen oder die Tests auf. Braucht nur Python ≥ 3.11.

    python3 start.py erzeugen          # Beispielanträge aus eingaben/ nach ausgabe/
    python3 start.py tests             # die Testsuite (pytest)
    python3 start.py pruefen eingaben/ # jeder andere antragsgen-Befehl
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

WURZEL = Path(__file__).resolve().parent
VENV = WURZEL / ".venv"
SCRIPTS = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = SCRIPTS / ("python.exe" if os.name == "nt" else "python")
MARKE = VENV / ".antragsgen-stand"


def _stand() -> str:
    """Changes to the lock file or pyproject mean: install again."""
    h = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        h.update((WURZEL / name).read_bytes())
    return h.hexdigest()


def _ausfuehren(*befehl: str | Path) -> None:
    ergebnis = subprocess.run([str(t) for t in befehl])
    if ergebnis.returncode != 0:
        sys.exit(f"start.py: Einrichten fehlgeschlagen bei: {' '.join(str(t) for t in befehl)}")


def einrichten() -> None:
    if MARKE.is_file() and MARKE.read_text() == _stand():
        return
    neu = not PYTHON.exists()
    if neu:
        print("Richte .venv ein (einmalig, etwa eine Minute) …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        einrichtung = WURZEL / "werkzeuge" / "einrichten.sh"
        if os.name != "nt" and einrichtung.is_file():
            subprocess.run(["bash", str(einrichtung)])
    pip = [PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _ausfuehren(*pip, "--require-hashes", "-r", WURZEL / "requirements.lock")
    _ausfuehren(*pip, "--no-deps", "-e", WURZEL)
    MARKE.write_text(_stand())


def bytecode() -> None:
    """antragsgen's own modules compiled to .pyc, as `pip install .` leaves them. An editable install
    never compiles them, and where PYTHONDONTWRITEBYTECODE is set (common in containers) Python
    would compile them again in every command: 0.27 s for all, ~0.15 s of a cold single motion.
    Only what changed is compiled (a few ms otherwise), silently; a read-only folder stays as it is."""
    import compileall

    version = f"{sys.version_info.major}.{sys.version_info.minor}."
    try:  # the .pyc must be for the interpreter of .venv, which may not be the one running start.py
        zeilen = [z.partition("=") for z in (VENV / "pyvenv.cfg").read_text().splitlines()]
        angaben = {k.strip(): v.strip() for k, _, v in zeilen}
        if not any(angaben.get(k, "").startswith(version) for k in ("version", "version_info")):
            return
        compileall.compile_dir(WURZEL / "antragsgen", quiet=2)
    except OSError:
        pass


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit("antragsgen braucht Python 3.11 oder neuer.")
    einrichten()
    bytecode()
    if argv[:1] == ["tests"]:
        befehl = [PYTHON, "-m", "pytest", *argv[1:]]
    else:
        befehl = [PYTHON, "-m", "antragsgen", *(argv or ["--help"])]
    return subprocess.run([str(t) for t in befehl]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

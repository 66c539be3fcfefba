"""Shared fixtures: a temporary project, the CLI as a user calls it, PDF/DOCX text."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

WURZEL = Path(__file__).resolve().parents[1]
FAELLE = Path(__file__).parent / "faelle"


@dataclass
class Lauf:
    code: int
    out: str
    err: str

    @property
    def zeilen(self) -> list[str]:
        """The messages (stderr), one per line."""
        return [z for z in self.err.splitlines() if z.strip()]


@pytest.fixture
def antragsgen(capsys):
    """Run `antragsgen ARGS…` in-process as a user would; returns exit code and output."""
    from antragsgen.cli import main

    def lauf(*args: str) -> Lauf:
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        out, err = capsys.readouterr()
        return Lauf(code, out, err)

    return lauf


class Projekt:
    """A project folder (the current folder during the test)."""

    def __init__(self, ordner: Path):
        self.ordner = ordner

    def datei(self, name: str, text: str | bytes) -> Path:
        pfad = self.ordner / name
        pfad.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            pfad.write_bytes(text)
        else:
            pfad.write_text(text, encoding="utf-8")
        return pfad

    def ausgabe(self, name: str) -> Path:
        return self.ordner / "ausgabe" / name


@pytest.fixture
def projekt(tmp_path, monkeypatch) -> Projekt:
    """An empty project in a temporary folder, made the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "eingaben").mkdir()
    return Projekt(tmp_path)


@pytest.fixture
def fall(tmp_path, monkeypatch):
    """Copy the named fixture folder tests/faelle/NAME to a temporary project (cwd)."""

    def kopieren(name: str) -> Projekt:
        ziel = tmp_path / name
        shutil.copytree(FAELLE / name, ziel)
        monkeypatch.chdir(ziel)
        return Projekt(ziel)

    return kopieren


@pytest.fixture
def beispielprojekt(tmp_path, monkeypatch) -> Projekt:
    """A copy of the repository's example motions (eingaben/)."""
    shutil.copytree(WURZEL / "eingaben", tmp_path / "eingaben")
    monkeypatch.chdir(tmp_path)
    return Projekt(tmp_path)


def pdf_seiten(pfad_oder_bytes: Path | bytes) -> list[str]:
    """The text of each PDF page as pypdf extracts it, in layout order."""
    from pypdf import PdfReader

    daten = pfad_oder_bytes.read_bytes() if isinstance(pfad_oder_bytes, Path) else pfad_oder_bytes
    # pypdf decodes WeasyPrint's font CMap as UTF-16 once a page has a character beyond
    # the BMP (an emoji) and interleaves NULs; poppler reads the same PDF correctly.
    return [seite.extract_text(extraction_mode="layout").replace("\x00", "")
            for seite in PdfReader(io.BytesIO(daten)).pages]


def pdf_text(pfad_oder_bytes: Path | bytes) -> str:
    """All text of a PDF, pages joined."""
    return "\n".join(pdf_seiten(pfad_oder_bytes))


def pdf_fliesstext(pfad_oder_bytes: Path | bytes) -> str:
    """The running text: without "Seite X von Y" and the running head of pages 2 and on."""
    seiten = []
    for nummer, text in enumerate(pdf_seiten(pfad_oder_bytes)):
        zeilen = [z for z in text.splitlines() if z.strip() and not re.fullmatch(r"\s*Seite \d+ von \d+\s*", z)]
        seiten.append("\n".join(zeilen[1:] if nummer > 0 else zeilen))
    return "\n".join(seiten)


def ohne_umbruch(text: str) -> str:
    """Text without whitespace and hyphens, so hyphenation and line breaks don't matter."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]", "", text)


def docx_absaetze(pfad_oder_bytes: Path | bytes):
    """The paragraphs of a DOCX body (python-docx objects)."""
    import docx

    quelle = pfad_oder_bytes if isinstance(pfad_oder_bytes, Path) else io.BytesIO(pfad_oder_bytes)
    return docx.Document(quelle).paragraphs


def normal(text: str) -> str:
    """Non-breaking spaces as plain spaces."""
    return text.replace("\u00a0", " ")

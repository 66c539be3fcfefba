"""Shared fixtures: a temporary project, the CLI as a user calls it, PDF/DOCX text."""

from __future__ import annotations

import contextlib
import io
import os
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


def befehlsbaum():
    """Every command of the CLI as (words after `antragsgen`, click command): groups and their subcommands."""
    import click

    from antragsgen.cli import cli

    def laufe(befehl: click.Command, worte: tuple[str, ...]):
        yield worte, befehl
        for name, unter in sorted(getattr(befehl, "commands", {}).items()):
            yield from laufe(unter, (*worte, name))

    return list(laufe(cli, ()))


def optionen(befehl) -> list:
    """The options a user can give a command (click adds --help itself)."""
    import click

    return [p for p in befehl.params if isinstance(p, click.Option)]


def ein_prozess(args: tuple[str, ...]) -> tuple[str, ...]:
    """`erzeugen` with `-j 1` unless the test chooses the workers itself: starting worker
    processes costs more than the few motions of a test take (tests about workers say -j)."""
    if "erzeugen" in args and not {"-j", "--jobs"} & set(args):
        return (*args, "-j", "1")
    return args


def rufe_auf(*args: str) -> Lauf:
    """`antragsgen ARGS…` in this process, output captured; for fixtures of any scope."""
    from antragsgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(ein_prozess(tuple(str(a) for a in args))))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return Lauf(code, out.getvalue(), err.getvalue())


@pytest.fixture
def antragsgen():
    """Run `antragsgen ARGS…` in-process as a user would; returns exit code and output."""
    return rufe_auf


def erzeuge_referenz(ordner, *optionen: str):
    """Render the reference motion as PDF and DOCX with the CLI, as a user would."""
    alt = os.getcwd()
    os.chdir(WURZEL)
    try:
        lauf = rufe_auf("erzeugen", "eingaben/integration-in-stuttgart-sicher-stellen.yaml", "-o", str(ordner),
                        "-f", "pdf,docx", *optionen)
    finally:
        os.chdir(alt)
    assert lauf.code == 0, lauf.err
    return ordner / "integration-in-stuttgart-sicher-stellen"


@pytest.fixture(scope="session")
def referenz(tmp_path_factory):
    """The reference motion as PDF and DOCX, rendered once for every module that reads it."""
    return erzeuge_referenz(tmp_path_factory.mktemp("ausgabe"))


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

    def rufe_auf(self, *args: str) -> Lauf:
        """`antragsgen ARGS…` with this project as the current folder (for module fixtures)."""
        alt = Path.cwd()
        os.chdir(self.ordner)
        try:
            return rufe_auf(*args)
        finally:
            os.chdir(alt)


@pytest.fixture
def projekt(tmp_path, monkeypatch) -> Projekt:
    """An empty project in a temporary folder, made the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "eingaben").mkdir()
    return Projekt(tmp_path)


@pytest.fixture(scope="module")
def modulprojekt(tmp_path_factory) -> Projekt:
    """An empty project shared by the tests of a module: render once, let many tests read."""
    ordner = tmp_path_factory.mktemp("projekt")
    (ordner / "eingaben").mkdir()
    return Projekt(ordner)


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


GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Die Golden-Dateien unter tests/golden/ aus der jetzigen Ausgabe neu schreiben.")


@pytest.fixture(scope="session")
def golden(request):
    """Compare a text with tests/golden/NAME; with --update-golden, write it there instead.

    A difference fails with a unified diff (golden file → this run), to be reviewed like code.
    """
    import difflib

    neu_schreiben = request.config.getoption("--update-golden")

    def vergleiche(name: str, text: str) -> None:
        __tracebackhide__ = True
        pfad = GOLDEN / name
        if neu_schreiben:
            pfad.parent.mkdir(parents=True, exist_ok=True)
            pfad.write_bytes(text.encode("utf-8"))
            return
        if not pfad.is_file():
            pytest.fail(f"tests/golden/{name} fehlt; mit `pytest --update-golden` anlegen und prüfen.")
        erwartet = pfad.read_bytes().decode("utf-8")
        if text != erwartet:
            diff = "".join(difflib.unified_diff(erwartet.splitlines(keepends=True), text.splitlines(keepends=True),
                                                f"tests/golden/{name}", "diese Ausgabe"))
            pytest.fail(f"Die Ausgabe weicht von tests/golden/{name} ab (gewollt? dann --update-golden):\n{diff}",
                        pytrace=False)

    return vergleiche

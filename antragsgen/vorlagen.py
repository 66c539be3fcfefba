"""Template lookup (project vorlagen/ first, then built-in) and the Jinja environment."""

from __future__ import annotations

import functools
import re
import tomllib
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from . import schreibweise, markdown
from .fehler import Fundstelle, Meldung, VorlagenFehler, anzeigepfad, fehler
from .paket import eingebaute_ordner

DATEIEN = ("antrag.html.j2", "antrag.css", "antrag.docx", "vorlage.toml")


@dataclass(frozen=True)
class Vorlage:
    """A template folder; a file it lacks comes from the built-in standard template."""

    name: str
    ordner: Path
    beschreibung: str = ""

    @property
    def suchpfad(self) -> list[Path]:
        """Where its files are looked up: its own folder, then the standard template."""
        return list(dict.fromkeys([self.ordner, eingebaute_ordner() / "standard"]))

    def datei(self, name: str) -> Path:
        """The template's own file, or the standard template's where it has none."""
        for ordner in self.suchpfad:
            if (ordner / name).is_file():
                if verweist_hinaus(ordner / name, ordner):
                    raise VorlagenFehler(fehler(Fundstelle(anzeigepfad(ordner / name)), _HINAUS))
                return ordner / name
        return self.ordner / name

    def fehlende(self) -> list[str]:
        """Files of the standard set this template takes from the standard template."""
        return [name for name in DATEIEN if not (self.ordner / name).is_file()]


def finde_vorlage(name: str, projekt: Path = Path(".")) -> Vorlage:
    """`name` is a folder of the project's vorlagen/, a built-in template, or a path."""
    kandidaten = [projekt / "vorlagen" / name, eingebaute_ordner() / name]
    if "/" in name or "\\" in name or name.startswith("."):
        kandidaten = [Path(name)]
    for ordner in kandidaten:
        if ordner.is_dir():
            return Vorlage(ordner.name, ordner.resolve(), _beschreibung(ordner))
    bekannt = sorted({v.name for v in alle_vorlagen(projekt)})
    raise VorlagenFehler(fehler(None, f"Die Vorlage '{name}' gibt es nicht (bekannt: {', '.join(bekannt)})."))


def alle_vorlagen(projekt: Path = Path(".")) -> list[Vorlage]:
    """The project's templates (vorlagen/), then the built-in ones."""
    ergebnis: dict[Path, Vorlage] = {}  # in this repository the project's vorlagen/ are the built-in ones
    for basis in (projekt / "vorlagen", eingebaute_ordner()):
        if basis.is_dir():
            for o in sorted(basis.iterdir()):
                if o.is_dir() and not o.name.startswith((".", "_")):
                    ergebnis.setdefault(o.resolve(), Vorlage(o.name, o.resolve(), _beschreibung(o)))
    return list(ergebnis.values())


def _beschreibung(ordner: Path) -> str:
    pfad = ordner / "vorlage.toml"
    if not pfad.is_file():
        return ""
    try:
        return str(tomllib.loads(pfad.read_text(encoding="utf-8")).get("beschreibung", ""))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return ""


_HINAUS = "Die Datei verweist (Symlink) aus dem Vorlagenordner hinaus und wird nicht gelesen."


def verweist_hinaus(pfad: Path, ordner: Path) -> bool:
    """Does `pfad`, symlinks followed, lead out of `ordner` (SPEC §8)?"""
    return not pfad.resolve().is_relative_to(ordner.resolve())


class VerweisHinaus(jinja2.TemplateError):
    """A template file that is a symlink out of its template folder."""

    def __init__(self, pfad: Path):
        super().__init__(str(pfad))
        self.pfad = pfad


class _OrdnerLoader(jinja2.FileSystemLoader):
    """Jinja's loader follows symlinks anywhere; this one loads only files inside its folders."""

    def get_source(self, environment, template):
        for ordner in self.searchpath:
            pfad = Path(ordner, *split_template_path(template))
            if pfad.is_file():
                if verweist_hinaus(pfad, Path(ordner)):
                    raise VerweisHinaus(pfad)
                break
        return super().get_source(environment, template)


def jinja_umgebung(ordner: Path | list[Path] | None = None, *, autoescape: bool = True) -> SandboxedEnvironment:
    """A sandboxed, strict environment with our German filters.

    Templates can be shared between groups, so they run in Jinja's sandbox: no
    access to Python internals, and a missing variable is an error, not "".
    With template folders, one environment per folders is kept for the process: its
    compiled templates are reused, and recompiled when a file changes on disk.
    """
    if ordner is None:
        return _neue_umgebung(None, autoescape)
    ordner = tuple(str(o) for o in ordner) if isinstance(ordner, list) else (str(ordner),)
    return _umgebung_fuer(ordner, autoescape, _dateiliste(ordner))


def _dateiliste(ordner: tuple[str, ...]) -> tuple:
    """Which templates the folders hold: a file added or removed means a new environment
    (a changed one Jinja notices itself)."""
    return tuple(tuple(sorted(p.name for p in Path(o).glob("*.j2"))) for o in ordner)


@functools.lru_cache(maxsize=16)
def _umgebung_fuer(ordner: tuple[str, ...], autoescape: bool, dateien: tuple) -> SandboxedEnvironment:
    return _neue_umgebung(list(ordner), autoescape)


def _neue_umgebung(ordner: list[str] | None, autoescape: bool) -> SandboxedEnvironment:
    umgebung = SandboxedEnvironment(
        loader=_OrdnerLoader(ordner) if ordner else None,
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    umgebung.filters.update(schreibweise.FILTER)
    umgebung.filters.update({
        "markdown": _markdown_filter(markdown.html),
        "markdown_inline": _markdown_filter(markdown.html_inline),
        "typografie": schreibweise.typografie,
        "stellenangabe": schreibweise.stellenangabe,
    })
    return umgebung


def _markdown_filter(umwandeln):
    """Markdown of the motion in the template context, its images relative to its file."""

    @jinja2.pass_context
    def filter_(kontext, text):
        return umwandeln(text, getattr(kontext.get("antrag"), "bildbasis", None))

    return filter_


def vorlagen_meldung(e: Exception, vorlage_datei: Path) -> Meldung:
    """A template error as a German message naming the template file and line.

    The file is the one the error is in (an included template, too), else `vorlage_datei`.
    """
    zeile = getattr(e, "lineno", None)
    if getattr(e, "filename", None):
        vorlage_datei = Path(e.filename)
    elif zeile is None:
        # runtime errors: Jinja rewrites the traceback to point into the template
        for rahmen in reversed(traceback.extract_tb(e.__traceback__)):
            if rahmen.filename and rahmen.filename.endswith((".j2", vorlage_datei.name)):
                vorlage_datei, zeile = Path(rahmen.filename), rahmen.lineno
                break
    datei = anzeigepfad(vorlage_datei)
    if isinstance(e, VerweisHinaus):
        text = f"'{anzeigepfad(e.pfad)}' verweist (Symlink) aus dem Vorlagenordner hinaus und wird nicht gelesen."
    elif isinstance(e, jinja2.exceptions.SecurityError):
        text = f"Die Vorlage greift auf Unerlaubtes zu ({e})."
    elif isinstance(e, jinja2.exceptions.UndefinedError):
        text = f"Die Vorlage verwendet einen unbekannten Namen ({_ohne_interna(str(e))})."
    elif isinstance(e, jinja2.exceptions.TemplateSyntaxError):
        text = f"Syntaxfehler in der Vorlage ({e.message})."
    else:
        text = f"Die Vorlage lässt sich nicht anwenden ({type(e).__name__}: {e})."
    return fehler(Fundstelle(datei, zeile), text)


def _ohne_interna(text: str) -> str:
    """"'antragsgen.fassung.Fassung object' has no attribute 'x'" as a template author reads it:
    'antrag' hat kein Feld 'x'."""
    m = re.fullmatch(r"'antragsgen\.[\w.]+\.(\w+) object' has no attribute '(\w+)'", text)
    if not m:
        return text
    name = {"Fassung": "antrag", "Antrag": "antrag", "Antragspunkt": "punkt"}.get(m.group(1), m.group(1))
    return f"'{name}' hat kein Feld '{m.group(2)}'"


def _eingebunden_von_standard(ordner: Path) -> list[str]:
    """Templates that `ordner`'s templates include (also indirectly) and take from the standard template."""
    from jinja2 import meta

    standard = eingebaute_ordner() / "standard"
    umgebung = jinja_umgebung()
    offen = [p.name for p in ordner.glob("*.j2")]
    gesehen, fehlend = set(offen), []
    while offen:
        name = offen.pop()
        datei = ordner / name if (ordner / name).is_file() else standard / name
        try:
            verweise = meta.find_referenced_templates(umgebung.parse(datei.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            continue
        for verweis in verweise:
            if verweis and verweis not in gesehen and (standard / verweis).is_file():
                gesehen.add(verweis)
                offen.append(verweis)
                if not (ordner / verweis).is_file():
                    fehlend.append(verweis)
    return sorted(fehlend)


def kopiere_vorlage(name: str, von: str = "standard", projekt: Path = Path(".")) -> Path:
    """Copy a template to the project's vorlagen/NAME/ for customising; never overwrites."""
    import shutil

    if not name or any(z in name for z in "/\\\\") or name.startswith("."):
        raise VorlagenFehler(fehler(None, f"'{name}' ist kein Vorlagenname (ein Wort, z. B. 'fraktion')."))
    quelle = finde_vorlage(von, projekt)
    ziel = projekt / "vorlagen" / name
    if ziel.exists():
        raise VorlagenFehler(fehler(None, f"'{anzeigepfad(ziel)}' gibt es schon; bitte einen anderen Namen wählen."))
    ziel.parent.mkdir(parents=True, exist_ok=True)
    # symlinks stay links: what they point to outside is refused when rendering, never copied in
    shutil.copytree(quelle.ordner, ziel, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    # what its templates include from the standard template comes along: the copy stands on its own
    for name in _eingebunden_von_standard(ziel):
        shutil.copy2(eingebaute_ordner() / "standard" / name, ziel / name)
    toml = ziel / "vorlage.toml"
    beschreibung = f"Kopie der Vorlage '{quelle.name}'" + (f": {quelle.beschreibung}" if quelle.beschreibung else "")
    toml.write_text(f'name = "{name}"\nbeschreibung = """{beschreibung}"""\n', encoding="utf-8")
    return ziel

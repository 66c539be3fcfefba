"""`antragsgen einlesen`: existing Word motions → motion files (SPEC §11).

    ergebnis = einlesen([Path("alt/antrag.docx")], einstellungen)
    for datei in ergebnis.dateien: print(datei.ziel, datei.erkannt)

Steps per document: check and open (quelle) → blocks in reading order (word) → fields
(erkennen) → YAML text (yamldatei) → a new file beside the others, never over one.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..einstellungen import Einstellungen
from ..fehler import AntragsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from ..fehlertexte import meldungen
from ..modell import Antrag, slug
from ..neu import schema_bereitstellen
from ..schreiben import schreibfehler
from .erkennen import Entwurf, erkenne
from .quelle import lade_docx
from .word import lies
from .yamldatei import PRUEFEN, yaml_text

_KENNUNG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ENDUNGEN = (".docx", ".odt", ".doc")
_ID_ZEILE = re.compile(r"(?m)^id:\s*['\"]?([a-z0-9-]+)")


@dataclass
class Eingelesen:
    """One document: the file written (None: failed), what was recognised, its messages."""

    quelle: Path
    ziel: Path | None = None
    erkannt: list[str] = field(default_factory=list)
    meldungen: list[Meldung] = field(default_factory=list)


@dataclass
class Ergebnis:
    dateien: list[Eingelesen] = field(default_factory=list)
    hinweise: list[Meldung] = field(default_factory=list)  # about the run, not one document

    @property
    def meldungen(self) -> list[Meldung]:
        return self.hinweise + [m for d in self.dateien for m in d.meldungen]

    @property
    def exit_code(self) -> int:
        return 1 if any(d.ziel is None for d in self.dateien) else 0


def lies_antrag(pfad: Path, datei: str | None = None) -> Entwurf:
    """The motion fields of one Word document; raises AntragsFehler for bad input."""
    datei = datei or anzeigepfad(pfad)
    daten = lade_docx(pfad, datei)
    try:
        dokument = lies(daten)
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as e:
        # python-docx on a package that passed the checks but misses a part it needs
        raise AntragsFehler(fehler(Fundstelle(datei), "Das Word-Dokument ist unvollständig und lässt sich nicht lesen "
                                                      f"({type(e).__name__}); bitte in Word neu speichern.")) from None
    return erkenne(dokument)


def _kennung(entwurf: Entwurf, pfad: Path, kennung: str) -> str:
    if kennung and _KENNUNG.fullmatch(kennung) and len(kennung) <= 120:
        return kennung
    return slug(entwurf.felder.get("titel") or pfad.stem)


def _schreibe_neu(ordner: Path, kennung: str, text: str) -> Path:
    """Write `ordner/kennung.yaml`, or kennung-2.yaml, … if taken: never over an existing file,
    and never half a file (a temporary file, hard-linked to its name only when complete)."""
    ordner.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=ordner, prefix=f".{kennung}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        for n in range(1, 1000):
            name = kennung if n == 1 else f"{kennung}-{n}"
            ziel = ordner / f"{name}.yaml"
            if ziel.exists() or (ordner / f"{name}.yml").exists() or (ordner / f"{name}.md").exists():
                continue
            try:
                os.link(tmp, ziel)
                return ziel
            except FileExistsError:
                continue
        raise FileExistsError(ziel)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _vergebene_kennungen(ordner: Path) -> set[str]:
    """The ids the motion files in `ordner` give themselves (`id:` at a line start)."""
    kennungen = set()
    for pfad in ordner.rglob("*") if ordner.is_dir() else []:
        if pfad.suffix in (".yaml", ".yml", ".md") and pfad.is_file():
            try:
                kennungen.update(_ID_ZEILE.findall(pfad.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue
    return kennungen


def _freie_kennung(ordner: Path, kennung: str, vergeben: set[str]) -> str:
    """`kennung`, or kennung-2, …: neither a file of that name nor a motion with that id exists."""
    for n in range(1, 1000):
        name = kennung if n == 1 else f"{kennung}-{n}"
        if name not in vergeben and not any((ordner / f"{name}{e}").exists() for e in (".yaml", ".yml", ".md")):
            return name
    return kennung


def _pruefe_modell(felder: dict, kennung: str) -> list[str]:
    """What `pruefen` will say about the fields, so it shows now (the file is written anyway)."""
    daten = {"id": kennung, **felder}
    try:
        Antrag.model_validate(daten)
    except ValidationError as e:
        return [f"{'.'.join(map(str, pfad)) or 'Antrag'}: {text}" for pfad, _, text in meldungen(e, Antrag, daten)][:5]
    return []


def dokumente(quellen: list[Path]) -> tuple[list[Path], list[Meldung]]:
    """Files and folders → the documents to read (folders: their Word files, sorted);
    Word's lock files ("~$antrag.docx") are skipped with a Warnung."""
    dateien, meldungen = [], []
    for quelle in quellen:
        kandidaten = sorted(p for p in Path(quelle).rglob("*") if p.suffix.lower() in ENDUNGEN and p.is_file()) \
            if Path(quelle).is_dir() else [Path(quelle)]
        for pfad in kandidaten:
            if pfad.name.startswith("~$"):
                meldungen.append(warnung(Fundstelle(anzeigepfad(pfad)), "Sperrdatei von Word, übersprungen."))
            else:
                dateien.append(pfad)
    return dateien, meldungen


def einlesen(quellen: list[Path], einstellungen: Einstellungen, ziel: Path | None = None) -> Ergebnis:
    """Read every document (or every Word file of a folder) into a motion file in `ziel`
    (default: the project's eingaben/)."""
    ordner = Path(ziel) if ziel is not None else einstellungen.eingaben_ordner
    ergebnis = Ergebnis()
    schema = None
    dateien, ergebnis.hinweise = dokumente(quellen)
    vergeben = _vergebene_kennungen(ordner)
    for pfad in dateien:
        datei = anzeigepfad(pfad)
        eintrag = Eingelesen(pfad)
        ergebnis.dateien.append(eintrag)
        try:
            entwurf = lies_antrag(pfad, datei)
            gewuenscht = _kennung(entwurf, pfad, entwurf.kennung)
            kennung = _freie_kennung(ordner, gewuenscht, vergeben)
            vergeben.add(kennung)
            if schema is None:
                schema_datei = schema_bereitstellen(einstellungen)
                schema = Path(os.path.relpath(os.path.abspath(schema_datei), os.path.abspath(ordner))).as_posix()
            text = yaml_text(entwurf, kennung, schema, pfad.name)
            eintrag.ziel = _schreibe_neu(ordner, kennung, text)
        except AntragsFehler as e:
            eintrag.meldungen += e.meldungen
            continue
        except OSError as e:
            eintrag.meldungen.append(fehler(Fundstelle(datei), schreibfehler(ordner / f"{kennung}.yaml", e)))
            continue
        eintrag.erkannt = entwurf.erkannt
        anzeige = anzeigepfad(eintrag.ziel)
        if eintrag.ziel.stem != gewuenscht:
            eintrag.meldungen.append(warnung(Fundstelle(anzeige), (
                f"Die id '{gewuenscht}' ist in {anzeigepfad(ordner)} schon vergeben; geschrieben als "
                f"{eintrag.ziel.name} (id: {eintrag.ziel.stem}).")))
        for nr, zeile in enumerate(eintrag.ziel.read_text(encoding="utf-8").splitlines(), 1):
            if zeile.lstrip().startswith(f"# {PRUEFEN}"):
                eintrag.meldungen.append(warnung(Fundstelle(anzeige, nr), zeile.strip()[2:]))
        for text in _pruefe_modell(entwurf.felder, kennung):
            eintrag.meldungen.append(warnung(Fundstelle(anzeige), f"antragsgen pruefen wird melden: {text}"))
    return ergebnis

"""A file a user names → the bytes of a DOCX that is safe to read, or a located German error.

Checked before python-docx sees anything (SPEC §8, §11): what the file really is (by its
first bytes, not its name), the unpacked size, every XML part with defusedxml (no DTDs or
entities), no macros and no content Word would load from elsewhere. `.odt` and `.doc` go
through LibreOffice in a temporary folder first. No link is ever followed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from xml.etree.ElementTree import ParseError

from ..fehler import EingabeFehler, Fundstelle, fehler
from ..laden.archiv import MAX_ENTPACKT, pruefe_archiv

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word (.doc) and every password-protected Office file
MAX_DATEI = MAX_ENTPACKT
UMWANDELN_SEKUNDEN = 120
_HAUPTTEIL = "word/document.xml"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_MAKRO_TYPEN = ("macroEnabled", "vbaProject", "vbaData")
_KAPUTT_ODT = "Das Textdokument (ODT) ist beschädigt; bitte in LibreOffice öffnen und neu speichern."
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ODF_LINK = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}a"
_KAPUTT = ("Die Datei ist beschädigt oder kein vollständiges Word-Dokument (DOCX); "
           "bitte in Word öffnen und neu speichern.")


def _fehler(datei: str, text: str) -> EingabeFehler:
    return EingabeFehler(fehler(Fundstelle(datei), text))


def soffice() -> str | None:
    """LibreOffice's command, where it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def lade_docx(pfad: Path, datei: str) -> bytes:
    """The checked DOCX bytes of `pfad` (a .docx, or an .odt/.doc converted by LibreOffice)."""
    try:
        if pfad.is_dir():
            raise _fehler(datei, "Das ist ein Ordner, kein Word-Dokument.")
        groesse = pfad.stat().st_size
        with open(pfad, "rb") as f:
            anfang = f.read(8)
    except FileNotFoundError:
        raise _fehler(datei, "Die Datei gibt es nicht.") from None
    except OSError as e:
        raise _fehler(datei, f"Die Datei lässt sich nicht lesen ({e.strerror or e}).") from None
    if groesse > MAX_DATEI:
        raise _fehler(datei, f"Die Datei ist größer als {MAX_DATEI // (1024 * 1024)} MB; so große Anträge "
                             "liest antragsgen nicht ein.")
    endung = pfad.suffix.lower()
    if anfang.startswith(OLE):
        if endung == ".doc":
            return _umwandeln(pfad, datei)
        raise _fehler(datei, "Das Dokument ist mit einem Kennwort geschützt (verschlüsselt) oder im alten "
                             "Word-Format; bitte in Word ohne Kennwort als .docx speichern.")
    if not anfang.startswith(ZIP):
        if endung in (".doc", ".rtf"):
            return _umwandeln(pfad, datei)
        raise _fehler(datei, "Das ist kein Word-Dokument (erwartet .docx, .odt oder .doc).")
    pruefe_archiv(pfad, datei, "Datei", _KAPUTT)
    with zipfile.ZipFile(pfad) as archiv:
        namen = set(archiv.namelist())
        if "mimetype" in namen and archiv.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
            if archiv.read("mimetype") != b"application/vnd.oasis.opendocument.text":
                raise _fehler(datei, "Das ist ein OpenDocument, aber kein Textdokument (erwartet .odt).")
            _pruefe_odt(archiv, datei)
            return _umwandeln(pfad, datei)
    daten = pfad.read_bytes()
    pruefe_docx(daten, datei)
    return daten


def pruefe_docx(daten: bytes, datei: str) -> None:
    """Raise EingabeFehler unless `daten` is a plain DOCX: complete, without macros, DTDs or
    content loaded from outside (hyperlinks are fine: they are read, not followed)."""
    import io

    try:
        archiv = zipfile.ZipFile(io.BytesIO(daten))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fehler(datei, _KAPUTT) from None
    with archiv:
        namen = archiv.namelist()
        if _HAUPTTEIL not in namen:
            if "xl/workbook.xml" in namen or "ppt/presentation.xml" in namen:
                raise _fehler(datei, "Das ist eine Excel- oder PowerPoint-Datei, kein Word-Dokument.")
            raise _fehler(datei, _KAPUTT)
        try:
            typen = archiv.read("[Content_Types].xml").decode("utf-8", "replace")
        except KeyError:
            raise _fehler(datei, _KAPUTT) from None
        if any(n.lower().endswith("vbaproject.bin") for n in namen) or any(t in typen for t in _MAKRO_TYPEN):
            raise _fehler(datei, "Das Dokument enthält Makros (VBA). antragsgen liest keine Dokumente mit Makros "
                                 "ein; bitte in Word als „Word-Dokument (*.docx)“ ohne Makros speichern.")
        for name in namen:
            if not name.endswith((".xml", ".rels")):
                continue
            wurzel = _xml_teil(archiv, name, datei, "Word-Dokument", _KAPUTT)
            if name.endswith(".rels"):
                for rel in wurzel.iter(f"{_REL_NS}Relationship"):
                    if rel.get("TargetMode") == "External" and rel.get("Type") != _HYPERLINK:
                        art = rel.get("Type", "").rsplit("/", 1)[-1]
                        raise _fehler(datei, f"Das Dokument lädt Inhalte von außerhalb ({art}: {rel.get('Target')}). "
                                             "antragsgen folgt solchen Verweisen nicht; bitte die Inhalte in Word "
                                             "einbetten oder entfernen und neu speichern.")


def _xml_teil(archiv: zipfile.ZipFile, name: str, datei: str, dokument: str, kaputt: str):
    """One XML part of a DOCX or ODT, parsed without DTDs or entities; German errors otherwise."""
    try:
        return fromstring(archiv.read(name), forbid_dtd=True)
    except (DefusedXmlException, ValueError):
        raise _fehler(datei, f"Der Teil {name} enthält eine DTD oder Entitäten; so etwas steht in keinem "
                             f"{dokument} und wird aus Sicherheitsgründen nicht gelesen.") from None
    except (ParseError, zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise _fehler(datei, kaputt) from None


def _pruefe_odt(archiv: zipfile.ZipFile, datei: str) -> None:
    """Before LibreOffice opens an ODT: no DTD, no macros, nothing it would load from elsewhere
    (a linked image, section or object); hyperlinks (text:a) are fine."""
    for name in archiv.namelist():
        if name.startswith("Basic/") or name.startswith("Scripts/"):
            raise _fehler(datei, "Das Dokument enthält Makros. antragsgen liest keine Dokumente mit Makros ein; "
                                 "bitte ohne Makros speichern.")
        if not name.endswith(".xml"):
            continue
        wurzel = _xml_teil(archiv, name, datei, "Textdokument", _KAPUTT_ODT)
        for element in wurzel.iter():
            ziel = element.get(_XLINK_HREF) or ""
            if element.tag != _ODF_LINK and ("://" in ziel or ziel.lower().startswith("file:")):
                raise _fehler(datei, f"Das Dokument lädt Inhalte von außerhalb ({ziel}). antragsgen folgt solchen "
                                     "Verweisen nicht; bitte die Inhalte einbetten oder entfernen und neu speichern.")


def _umwandeln(pfad: Path, datei: str) -> bytes:
    """.odt/.doc → DOCX with LibreOffice, in a temporary folder, with a time limit."""
    programm = soffice()
    if programm is None:
        raise _fehler(datei, f"{pfad.suffix or 'Diese Datei'}-Dateien liest antragsgen mit LibreOffice, das hier nicht "
                             "installiert ist (Debian: apt install libreoffice-writer, oder werkzeuge/einrichten.sh). "
                             "Oder das Dokument in Word/LibreOffice als .docx speichern.")
    with tempfile.TemporaryDirectory(prefix="antragsgen-einlesen-") as tmp:
        ordner = Path(tmp)
        quelle = ordner / ("quelle" + pfad.suffix.lower())
        shutil.copyfile(pfad, quelle)
        umgebung = {**os.environ, "HOME": str(ordner)}
        befehl = [programm, f"-env:UserInstallation={(ordner / 'profil').as_uri()}", "--headless", "--norestore",
                  "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(ordner / "aus"), str(quelle)]
        try:
            subprocess.run(befehl, capture_output=True, timeout=UMWANDELN_SEKUNDEN, env=umgebung,
                           stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise _fehler(datei, f"LibreOffice hat das Dokument nicht in {UMWANDELN_SEKUNDEN} s umgewandelt; bitte in "
                                 "Word oder LibreOffice als .docx speichern.") from None
        except OSError as e:
            raise _fehler(datei, f"LibreOffice ließ sich nicht starten ({e.strerror or e}).") from None
        ergebnis = ordner / "aus" / "quelle.docx"
        if not ergebnis.is_file():
            raise _fehler(datei, "LibreOffice konnte das Dokument nicht umwandeln (beschädigt oder mit Kennwort "
                                 "geschützt?); bitte in Word oder LibreOffice öffnen und als .docx speichern.")
        pruefe_archiv(ergebnis, datei, "Datei", _KAPUTT)
        daten = ergebnis.read_bytes()
    pruefe_docx(daten, datei)
    return daten

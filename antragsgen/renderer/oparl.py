"""OParl 1.1 `Paper` objects, so a council information system can import the motions.

Field mapping (also in the README):
    Paper.name ← titel, reference ← nummer (else the id), date ← datum, paperType ← Art,
    keyword ← Art and Fraktionen, mainFile ← ID.pdf, auxiliaryFile ← ID.docx,
    created/modified ← datum (all date fields left out for `datum: ohne`); ids and URLs below
    [oparl] basis_url.
    File: name, fileName, mimeType, date, size, sha1Checksum, sha512Checksum, accessUrl,
    downloadUrl, paper.
"""

from __future__ import annotations

import hashlib
import json

from ..modell import Antrag

PAPER_TYP = "https://schema.oparl.org/1.1/Paper"
FILE_TYP = "https://schema.oparl.org/1.1/File"
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
# every field OParl 1.1 defines for these objects
PAPER_FELDER = {"id", "type", "body", "name", "reference", "date", "paperType", "relatedPaper",
                "superordinatedPaper", "subordinatedPaper", "mainFile", "auxiliaryFile", "location",
                "originatorPerson", "underDirectionOf", "originatorOrganization", "consultation", "license",
                "keyword", "created", "modified", "web", "deleted"}
FILE_FELDER = {"id", "type", "name", "fileName", "mimeType", "date", "size", "sha1Checksum", "sha512Checksum",
               "text", "accessUrl", "downloadUrl", "externalServiceUrl", "masterFile", "derivativeFile",
               "fileLicense", "meeting", "agendaItem", "paper", "license", "keyword", "created", "modified",
               "web", "deleted"}


def _datum(antrag: Antrag, *felder: str) -> dict:
    """Date fields of an OParl object; none at all for `datum: ohne` (SPEC §3.7)."""
    if antrag.datum is None:
        return {}
    if felder == ("date",):
        return {"date": antrag.datum.isoformat()}
    return dict.fromkeys(felder, f"{antrag.datum.isoformat()}T00:00:00+00:00")


def _datei(antrag: Antrag, endung: str, daten: bytes, basis: str, paper_id: str) -> dict:
    name = f"{antrag.id}.{endung}"
    url = f"{basis}/file/{name}"
    return {
        "id": url, "type": FILE_TYP, "name": f"{antrag.titel} ({endung.upper()})", "fileName": name,
        "mimeType": MIME[endung], **_datum(antrag, "date"), "size": len(daten),
        "sha1Checksum": hashlib.sha1(daten).hexdigest(), "sha512Checksum": hashlib.sha512(daten).hexdigest(),
        "accessUrl": url, "downloadUrl": url, "paper": [paper_id],
    }


def paper(antrag: Antrag, dateien: dict[str, bytes], basis_url: str) -> dict:
    """The motion as an OParl Paper; `dateien` holds the generated PDF/DOCX by suffix."""
    basis = basis_url.rstrip("/")
    paper_id = f"{basis}/paper/{antrag.id}"
    objekt = {
        "id": paper_id, "type": PAPER_TYP, "name": antrag.titel, "reference": antrag.nummer or antrag.id,
        **_datum(antrag, "date"), "paperType": antrag.art_name,
        "keyword": [antrag.art_name, *antrag.fraktion], **_datum(antrag, "created", "modified"),
    }
    if "pdf" in dateien:
        objekt["mainFile"] = _datei(antrag, "pdf", dateien["pdf"], basis, paper_id)
    if "docx" in dateien:
        objekt["auxiliaryFile"] = [_datei(antrag, "docx", dateien["docx"], basis, paper_id)]
    return objekt


def als_json(objekt: dict) -> bytes:
    return (json.dumps(objekt, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

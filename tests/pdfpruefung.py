"""What the PDF tests read: page-validation's verdict, the structure tree (pikepdf), and which
text a page shows as content and which as artifact (pypdf)."""

from __future__ import annotations

import io
from pathlib import Path

import page
import pikepdf
import pypdf

PROFILE = {"PDF/A-2a": page.ValidationProfile.PDF_A_2A, "PDF/UA-1": page.ValidationProfile.PDF_UA_1}


def verstoesse(pdf: Path | bytes) -> list[str]:
    """Every rule of PDF/A-2a and PDF/UA-1 the file breaks, as "PROFIL RULE-ID: message"."""
    funde = []
    for name, profil in PROFILE.items():
        bericht = (page.validate_pdf_bytes(pdf, profile=profil) if isinstance(pdf, bytes)
                   else page.validate_pdf(pdf, profile=profil))
        funde += [f"{name} {f.rule_id}: {f.message}" for f in bericht.failures]
        if not bericht.is_compliant and not bericht.failures:
            funde.append(f"{name}: nicht konform")
    return funde


def oeffne(pdf: Path | bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def typ(element) -> str:
    return str(element.get("/S", ""))[1:]


def kinder(element) -> list:
    """The structure elements (not marked-content ids or object references) below `element`."""
    k = element.get("/K")
    if k is None:
        return []
    liste = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [x for x in liste if isinstance(x, pikepdf.Dictionary) and "/S" in x]


def alle(wurzel) -> list:
    """Every structure element below `wurzel` (depth first, in reading order)."""
    ergebnis = []
    for kind in kinder(wurzel):
        ergebnis.append(kind)
        ergebnis += alle(kind)
    return ergebnis


def elemente(pdf: pikepdf.Pdf) -> list:
    return alle(pdf.Root.StructTreeRoot)


def gestalt(element, tiefe: int = 99) -> tuple:
    """The element as (Typ, (Kinder …)): "Span" leaves left out, for comparing tree shapes."""
    if tiefe == 0:
        return (typ(element),)
    return (typ(element), tuple(gestalt(k, tiefe - 1) for k in kinder(element) if typ(k) != "Span"))


def text_nach_art(pdf: Path | bytes) -> list[dict[str, str]]:
    """Per page: the text shown inside /Artifact marked content, and the rest (tagged)."""
    leser = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    seiten = []
    for seite in leser.pages:
        stapel: list[str] = []
        teile = {"artefakt": [], "inhalt": []}

        def vorher(op, args, cm, tm):
            if op in (b"BDC", b"BMC"):
                stapel.append(str(args[0]))
            elif op == b"EMC" and stapel:
                stapel.pop()

        def text(t, cm, tm, font, groesse):
            if t:
                teile["artefakt" if "/Artifact" in stapel else "inhalt"].append(t)

        seite.extract_text(visitor_operand_before=vorher, visitor_text=text)
        seiten.append({k: "".join(v) for k, v in teile.items()})
    return seiten

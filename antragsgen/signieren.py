"""Signing PDFs (SPEC §5.2): a PAdES baseline-B signature (pyHanko) as an incremental update.

The signed file is the unsigned one, byte for byte, followed by one update holding the
signature field (tagged as `Form` in the structure tree, so PDF/UA-1 still holds), the
signature and nothing after it. PDF/A-2 allows such an update; the file's metadata (Info and
XMP: PDF/A and PDF/UA identification) stays as antragsgen wrote it.

The same PDF signed with the same certificate gives the same bytes: the claimed signing time
comes from the document (see `zeitpunkt`), the new file ID from its content, and an RSA
signature (PKCS #1 v1.5) is deterministic. (ECDSA keys give a different signature value each
time, the bytes around it stay the same.)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .fehler import AntragsFehler, EinstellungsFehler, Fundstelle, anzeigepfad, fehler

PASSWORT_VARIABLE = "ANTRAGSGEN_ZERTIFIKAT_PASSWORT"
ENDUNG = "signiert.pdf"
FELD = "Signatur"


class SignierFehler(AntragsFehler):
    """A PDF that cannot be signed (not a PDF, encrypted, broken): that file only."""


@dataclass(frozen=True)
class Zertifikat:
    """A signing key with its certificate, loaded once from a PKCS #12 file."""

    datei: Path
    signierer: object  # pyhanko.sign.signers.SimpleSigner
    gueltig_ab: dt.datetime
    gueltig_bis: dt.datetime
    inhaber: str
    fingerabdruck: str  # SHA-256 of the certificate: a new one means new signed files


def lade_zertifikat(datei: Path, passwort: str | Callable[[], str] | None,
                    jetzt: dt.datetime | None = None) -> Zertifikat:
    """Read a .p12/.pfx file; a missing file, wrong password, a file without key or an expired
    certificate is an EinstellungsFehler (nothing is written). `passwort` may be a function
    (a prompt): it is asked only once the file could be read."""
    from asn1crypto import keys, x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    anzeige = anzeigepfad(datei)
    ort = Fundstelle(anzeige)
    try:
        inhalt = Path(datei).read_bytes()
    except OSError as e:
        raise EinstellungsFehler(fehler(ort, f"Die Zertifikatsdatei lässt sich nicht lesen: {lesefehler(e)}.")) from None
    if callable(passwort):
        passwort = passwort()
    try:
        schluessel, zertifikat, weitere = pkcs12.load_key_and_certificates(
            inhalt, passwort.encode("utf-8") if passwort else None)
    except (ValueError, TypeError):
        raise EinstellungsFehler(fehler(ort, (
            "Das Zertifikat lässt sich nicht öffnen: das Passwort ist falsch, oder die Datei ist kein "
            f"PKCS#12-Zertifikat (.p12/.pfx). Das Passwort kommt aus {PASSWORT_VARIABLE} oder wird abgefragt."
        ))) from None
    if schluessel is None or zertifikat is None:
        raise EinstellungsFehler(fehler(ort, (
            "Die Datei enthält kein Zertifikat mit privatem Schlüssel; zum Signieren braucht es beides.")))
    ab, bis = zertifikat.not_valid_before_utc, zertifikat.not_valid_after_utc
    jetzt = jetzt or dt.datetime.now(dt.timezone.utc)
    if jetzt > bis:
        raise EinstellungsFehler(fehler(ort, f"Das Zertifikat ist abgelaufen (gültig bis {bis:%d.%m.%Y})."))
    if jetzt < ab:
        raise EinstellungsFehler(fehler(ort, f"Das Zertifikat ist noch nicht gültig (gültig ab {ab:%d.%m.%Y})."))
    der = zertifikat.public_bytes(serialization.Encoding.DER)
    signierer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der),
        signing_key=keys.PrivateKeyInfo.load(schluessel.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(z.public_bytes(serialization.Encoding.DER)) for z in weitere or []]),
    )
    return Zertifikat(Path(datei), signierer, ab, bis, zertifikat.subject.rfc4514_string(),
                      hashlib.sha256(der).hexdigest())


def lesefehler(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "sie existiert nicht"
    if isinstance(e, IsADirectoryError):
        return "das ist ein Ordner"
    if isinstance(e, PermissionError):
        return "keine Leserechte"
    return e.strerror or type(e).__name__


def signierter_pfad(pfad: Path) -> Path:
    """ID.pdf → ID.signiert.pdf, beside it."""
    return pfad.with_name(f"{pfad.stem}.{ENDUNG}" if pfad.suffix.lower() == ".pdf" else f"{pfad.name}.{ENDUNG}")


def zeitpunkt(dokumentdatum: dt.datetime | None, zertifikat: Zertifikat, jetzt: dt.datetime | None = None) -> dt.datetime:
    """The signing time the signature claims (its /M entry).

    Baseline B proves no time (that would take a timestamp authority, baseline T); the time
    is the signer's claim. We claim the document's own date (the motion's `datum`, the day of
    the run for overview and Sammelband), so the same input gives the same file, but never a
    time before the certificate was valid (readers check it at the claimed time) nor after now.
    """
    jetzt = jetzt or dt.datetime.now(dt.timezone.utc)
    zeit = max(dokumentdatum or jetzt, zertifikat.gueltig_ab)
    return min(zeit, jetzt).replace(microsecond=0)


def signiere(daten: bytes, zertifikat: Zertifikat, name: str = "PDF") -> bytes:
    """`daten` with a PAdES-B-B signature appended; SignierFehler if it is no PDF we can sign."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError

    try:
        schreiber = _schreiber(io.BytesIO(daten))
        zeit = zeitpunkt(_dokumentdatum(schreiber), zertifikat)
        feld = _signaturfeld(schreiber)
        ausgabe = io.BytesIO()
        unterzeichner = _unterzeichner(zeit, zertifikat.signierer, feld)
        ohne_laufende_schleife(lambda: unterzeichner.sign_pdf(schreiber, output=ausgabe))
    except (PdfError, SigningError, ValueError, KeyError, TypeError) as e:
        raise SignierFehler(fehler(Fundstelle(name), f"Die Datei lässt sich nicht signieren: {e}")) from None
    return ausgabe.getvalue()


def ohne_laufende_schleife(aufgabe):
    """pyHanko's sign_pdf runs asyncio.run(): where this thread already runs an event loop (the
    editor's server, a Playwright test), it runs in a thread of its own instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return aufgabe()
    with ThreadPoolExecutor(max_workers=1) as faden:
        return faden.submit(aufgabe).result()


def _dokumentdatum(schreiber) -> dt.datetime | None:
    """ModDate (else CreationDate) of the document's Info dictionary, as UTC."""
    try:
        info = schreiber.trailer["/Info"]
    except KeyError:
        return None
    for schluessel in ("/ModDate", "/CreationDate"):
        if schluessel in info:
            m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", str(info[schluessel]))
            if m:
                teile = [int(t) if t else d for t, d in zip(m.groups(), (1, 1, 1, 0, 0, 0))]
                return dt.datetime(*teile, tzinfo=dt.timezone.utc)
    return None


def _signaturfeld(schreiber) -> str:
    """An invisible signature field on page 1, tagged `Form` at the end of the document's
    structure (PDF/UA-1: every widget in the tree, with a name for assistive technology).
    Its name: "Signatur", or "Signatur 2" … in a file signed before."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign import fields

    vorhanden = {str(f.get_object().get("/T")) for f in schreiber.root["/AcroForm"]["/Fields"]} \
        if "/AcroForm" in schreiber.root else set()
    name = next(n for n in (FELD, *(f"{FELD} {i}" for i in range(2, 1000))) if n not in vorhanden)
    fields.append_signature_field(schreiber, fields.SigFieldSpec(sig_field_name=name, on_page=0))
    feld_ref = next(f for f in schreiber.root["/AcroForm"]["/Fields"] if f.get_object().get("/T") == name)
    feld = feld_ref.get_object()
    feld["/TU"] = generic.TextStringObject("Elektronische Signatur")
    if "/StructTreeRoot" not in schreiber.root:
        return name
    seite_ref = schreiber.root["/Pages"]["/Kids"][0] if "/P" not in feld else feld.raw_get("/P")
    wurzel_ref = schreiber.root.raw_get("/StructTreeRoot")
    wurzel = wurzel_ref.get_object()
    kinder = wurzel["/K"]
    dokument_ref = kinder.raw_get(0) if isinstance(kinder, generic.ArrayObject) else wurzel.raw_get("/K")
    dokument = dokument_ref.get_object()
    objr = generic.DictionaryObject({generic.NameObject("/Type"): generic.NameObject("/OBJR"),
                                     generic.NameObject("/Obj"): feld_ref,
                                     generic.NameObject("/Pg"): seite_ref})
    form = schreiber.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/StructElem"),
        generic.NameObject("/S"): generic.NameObject("/Form"),
        generic.NameObject("/P"): dokument_ref,
        generic.NameObject("/Pg"): seite_ref,
        generic.NameObject("/Alt"): generic.TextStringObject("Elektronische Signatur"),
        generic.NameObject("/K"): generic.ArrayObject([objr]),
    }))
    if not isinstance(dokument["/K"], generic.ArrayObject):
        dokument["/K"] = generic.ArrayObject([dokument.raw_get("/K")])
    dokument["/K"].append(form)
    schreiber.mark_update(dokument_ref)
    eltern_ref = wurzel.raw_get("/ParentTree")
    eltern = eltern_ref.get_object()
    nums = eltern["/Nums"]
    naechster = max([int(nums[i]) for i in range(0, len(nums), 2)] + [int(wurzel.get("/ParentTreeNextKey", 0)) - 1]) + 1
    nums.extend([generic.NumberObject(naechster), form])
    feld["/StructParent"] = generic.NumberObject(naechster)
    wurzel["/ParentTreeNextKey"] = generic.NumberObject(naechster + 1)
    schreiber.mark_update(wurzel_ref)
    if isinstance(eltern_ref, generic.IndirectObject):
        schreiber.mark_update(eltern_ref)
    return name


@functools.cache
def _klassen():
    """pyHanko's writer and signer, with the two clocks they would read fixed (imported late:
    pyHanko is a heavy import that only `signieren` needs)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    class Schreiber(IncrementalPdfFileWriter):
        def __init__(self, strom):
            super().__init__(strom, strict=False)
            # pyHanko gives the new revision a random second ID; ours comes from the bytes signed
            erste = self._document_id[0]
            self._document_id = generic.ArrayObject([erste, generic.ByteStringObject(
                hashlib.md5(strom.getvalue() + b"antragsgen-signatur").digest())])

        def _update_meta(self):
            # pyHanko would stamp ModDate = now and its name into Info and XMP, rewriting the XMP
            # from its own model: the PDF/A + PDF/UA identification must stay as written, Info
            # and XMP in step (PDF/A), the bytes reproducible. A signature changes no content.
            pass

    class Unterzeichner(signers.PdfSigner):
        def __init__(self, zeit: dt.datetime, signierer, feld: str):
            super().__init__(signers.PdfSignatureMetadata(
                field_name=feld, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES),
                signer=signierer)
            self.zeit = zeit

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            sitzung = super().init_signing_session(pdf_out, existing_fields_only)
            sitzung.system_time = self.zeit  # becomes /M; PAdES puts no signing-time into the CMS
            return sitzung

    return Schreiber, Unterzeichner


def _schreiber(strom):
    return _klassen()[0](strom)


def _unterzeichner(zeit, signierer, feld: str):
    return _klassen()[1](zeit, signierer, feld)


def signiere_dateien(dateien: list[Path], zertifikat: Zertifikat) -> tuple[list[Path], list]:
    """Sign each PDF into NAME.signiert.pdf beside it, each written atomically; a file that
    cannot be read or signed is a Fehler of its own and the others go on."""
    from .schreiben import schreibe_atomar, schreibfehler

    geschrieben, meldungen = [], []
    for datei in dateien:
        ort = Fundstelle(anzeigepfad(datei))
        try:
            daten = Path(datei).read_bytes()
        except OSError as e:
            meldungen.append(fehler(ort, f"Die Datei lässt sich nicht lesen: {lesefehler(e)}."))
            continue
        if not daten.startswith(b"%PDF-"):
            meldungen.append(fehler(ort, "Das ist keine PDF-Datei; signiert werden nur PDFs."))
            continue
        try:
            signiert = signiere(daten, zertifikat, ort.datei)
        except SignierFehler as e:
            meldungen += e.meldungen
            continue
        ziel = signierter_pfad(Path(datei))
        try:
            schreibe_atomar(ziel, signiert)
        except OSError as e:
            meldungen.append(fehler(ort, schreibfehler(ziel, e)))
            continue
        geschrieben.append(ziel)
    return geschrieben, meldungen

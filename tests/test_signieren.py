"""SPEC §5.2: `antragsgen signieren` and `erzeugen --signieren` sign with PAdES baseline B as an
incremental update; the signed file keeps PDF/A-2a and PDF/UA-1 and validates with pyHanko."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from conftest import WURZEL
from pdfpruefung import elemente, oeffne, typ, verstoesse

PASSWORT = "Geheim-123"


def mache_zertifikat(ziel, passwort=PASSWORT, *, von=None, bis=None):
    """A self-signed RSA certificate with its key as .p12 (made here, never committed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    schluessel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Erika Beispiel"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Musterfraktion")])
    jetzt = dt.datetime.now(dt.timezone.utc)
    zertifikat = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                  .public_key(schluessel.public_key()).serial_number(x509.random_serial_number())
                  .not_valid_before(von or jetzt - dt.timedelta(days=1))
                  .not_valid_after(bis or jetzt + dt.timedelta(days=365))
                  .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), True)
                  .sign(schluessel, hashes.SHA256()))
    ziel.write_bytes(pkcs12.serialize_key_and_certificates(
        b"Erika Beispiel", schluessel, zertifikat, None, serialization.BestAvailableEncryption(passwort.encode())))
    return zertifikat.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="module")
def zertifikat(tmp_path_factory):
    ordner = tmp_path_factory.mktemp("zertifikat")
    der = mache_zertifikat(ordner / "erika.p12")
    return ordner / "erika.p12", der


@pytest.fixture(scope="module")
def band(tmp_path_factory):
    """The examples with overview and Sammelband, unsigned, rendered once for the module."""
    from conftest import Projekt

    ordner = tmp_path_factory.mktemp("band")
    shutil.copytree(WURZEL / "eingaben", ordner / "eingaben")
    shutil.copy(WURZEL / "antragsgen.toml", ordner)
    lauf = Projekt(ordner).rufe_auf("erzeugen", "-f", "pdf", "--sammelband", "-j", "2")
    assert lauf.code == 0, lauf.err
    return ordner / "ausgabe"


@pytest.fixture
def mit_passwort(monkeypatch):
    monkeypatch.setenv("ANTRAGSGEN_ZERTIFIKAT_PASSWORT", PASSWORT)


def pruefe_signatur(daten: bytes, der: bytes):
    """pyHanko's own validation of the one signature, trusting the test certificate."""
    import io

    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from antragsgen.signieren import ohne_laufende_schleife

    leser = PdfFileReader(io.BytesIO(daten))
    (signatur,) = leser.embedded_signatures
    # pyHanko's own validation, in a thread of its own where a browser test left an event loop running
    status = ohne_laufende_schleife(lambda: validate_pdf_signature(
        signatur, ValidationContext(trust_roots=[x509.Certificate.load(der)])))
    return signatur, status


def test_signierte_datei_ist_gueltig_und_deckt_alles_ab(referenz, zertifikat, tmp_path, mit_passwort, antragsgen):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    p12, der = zertifikat
    unsigniert = tmp_path / "antrag.pdf"
    shutil.copy(referenz.with_suffix(".pdf"), unsigniert)
    lauf = antragsgen("signieren", str(unsigniert), "--zertifikat", str(p12))
    assert lauf.code == 0, lauf.err
    assert "antrag.signiert.pdf geschrieben." in lauf.out
    vorher, signiert = unsigniert.read_bytes(), (tmp_path / "antrag.signiert.pdf").read_bytes()
    assert signiert[:len(vorher)] == vorher  # an incremental update: the original bytes come first
    assert unsigniert.read_bytes() == vorher  # and the unsigned file stays as it was
    signatur, status = pruefe_signatur(signiert, der)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE  # nothing written after it
    assert signatur.signed_revision == 1


def test_pades_baseline_b(referenz, zertifikat, tmp_path):
    from antragsgen.signieren import lade_zertifikat, signiere

    p12, der = zertifikat
    signatur, _ = pruefe_signatur(signiere(referenz.with_suffix(".pdf").read_bytes(),
                                           lade_zertifikat(p12, PASSWORT)), der)
    assert str(signatur.sig_object["/SubFilter"]) == "/ETSI.CAdES.detached"
    attribute = [a["type"].native for a in signatur.signer_info["signed_attrs"]]
    assert "signing_certificate_v2" in attribute and "signing_time" not in attribute  # EN 319 142-1
    assert str(signatur.sig_object["/M"]).startswith("D:")


@pytest.mark.parametrize("name", ["integration-in-stuttgart-sicher-stellen", "uebersicht", "sammelband"])
def test_signierte_datei_bleibt_pdfa_2a_und_pdfua_1(band, zertifikat, name):
    from antragsgen.signieren import lade_zertifikat, signiere

    p12, _ = zertifikat
    unsigniert = (band / f"{name}.pdf").read_bytes()
    signiert = signiere(unsigniert, lade_zertifikat(p12, PASSWORT))
    assert verstoesse(signiert) == []
    pdf, vorher = oeffne(signiert), oeffne(unsigniert)
    assert pdf.Root.Metadata.read_bytes() == vorher.Root.Metadata.read_bytes()  # XMP kept
    # the signature field is tagged: a Form element holding the widget, found through the parent tree
    (feld,) = [f for f in pdf.Root.AcroForm.Fields if str(f.FT) == "/Sig"]
    assert str(feld.TU) == "Elektronische Signatur"
    (form,) = [e for e in elemente(pdf) if typ(e) == "Form"]
    assert form.K[0].Obj.objgen == feld.objgen
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    eltern = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert eltern[int(feld.StructParent)].objgen == form.objgen


def test_gleiche_eingabe_gleiche_bytes(band, zertifikat, tmp_path, mit_passwort, antragsgen):
    p12, _ = zertifikat
    for runde in ("eins", "zwei"):
        (tmp_path / runde).mkdir()
        shutil.copy(band / "sammelband.pdf", tmp_path / runde)
        assert antragsgen("signieren", str(tmp_path / runde / "sammelband.pdf"), "--zertifikat", str(p12)).code == 0
    assert (tmp_path / "eins" / "sammelband.signiert.pdf").read_bytes() == \
        (tmp_path / "zwei" / "sammelband.signiert.pdf").read_bytes()


def test_signaturzeit_ist_das_datum_des_dokuments(tmp_path):
    from antragsgen.signieren import lade_zertifikat, zeitpunkt

    mache_zertifikat(tmp_path / "alt.p12", von=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    z = lade_zertifikat(tmp_path / "alt.p12", PASSWORT)
    datum = dt.datetime(2021, 11, 12, tzinfo=dt.timezone.utc)
    assert zeitpunkt(datum, z) == datum
    assert zeitpunkt(dt.datetime(2019, 5, 1, tzinfo=dt.timezone.utc), z) == z.gueltig_ab  # never before the cert


def test_falsches_passwort_ist_fehler_und_schreibt_nichts(referenz, zertifikat, tmp_path, monkeypatch, antragsgen):
    p12, _ = zertifikat
    shutil.copy(referenz.with_suffix(".pdf"), tmp_path / "a.pdf")
    monkeypatch.setenv("ANTRAGSGEN_ZERTIFIKAT_PASSWORT", "falsch")
    lauf = antragsgen("signieren", str(tmp_path / "a.pdf"), "--zertifikat", str(p12))
    assert lauf.code == 2
    assert "Fehler: Das Zertifikat lässt sich nicht öffnen: das Passwort ist falsch" in lauf.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_kaputtes_oder_abgelaufenes_zertifikat(referenz, tmp_path, mit_passwort, antragsgen):
    shutil.copy(referenz.with_suffix(".pdf"), tmp_path / "a.pdf")
    (tmp_path / "kaputt.p12").write_bytes(b"kein Zertifikat")
    lauf = antragsgen("signieren", str(tmp_path / "a.pdf"), "--zertifikat", str(tmp_path / "kaputt.p12"))
    assert lauf.code == 2 and "kein PKCS#12-Zertifikat" in lauf.err
    gestern = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    mache_zertifikat(tmp_path / "alt.p12", von=gestern - dt.timedelta(days=30), bis=gestern)
    lauf = antragsgen("signieren", str(tmp_path / "a.pdf"), "--zertifikat", str(tmp_path / "alt.p12"))
    assert lauf.code == 2 and "Das Zertifikat ist abgelaufen (gültig bis" in lauf.err
    lauf = antragsgen("signieren", str(tmp_path / "a.pdf"), "--zertifikat", str(tmp_path / "fehlt.p12"))
    assert lauf.code == 2 and "Die Zertifikatsdatei lässt sich nicht lesen: sie existiert nicht." in lauf.err
    assert not (tmp_path / "a.signiert.pdf").exists()


def test_ohne_passwort_und_ohne_terminal_kein_signieren(referenz, zertifikat, tmp_path, monkeypatch, antragsgen):
    p12, _ = zertifikat
    shutil.copy(referenz.with_suffix(".pdf"), tmp_path / "a.pdf")
    monkeypatch.delenv("ANTRAGSGEN_ZERTIFIKAT_PASSWORT", raising=False)
    lauf = antragsgen("signieren", str(tmp_path / "a.pdf"), "--zertifikat", str(p12))
    assert lauf.code == 2 and "ANTRAGSGEN_ZERTIFIKAT_PASSWORT setzen" in lauf.err
    assert not (tmp_path / "a.signiert.pdf").exists()


def test_keine_pdf_ist_fehler_die_anderen_werden_signiert(referenz, zertifikat, tmp_path, mit_passwort, antragsgen):
    p12, _ = zertifikat
    shutil.copy(referenz.with_suffix(".pdf"), tmp_path / "a.pdf")
    (tmp_path / "b.pdf").write_text("kein PDF", encoding="utf-8")
    lauf = antragsgen("signieren", str(tmp_path / "b.pdf"), str(tmp_path / "a.pdf"), "--zertifikat", str(p12))
    assert lauf.code == 1
    assert "b.pdf: Fehler: Das ist keine PDF-Datei; signiert werden nur PDFs." in lauf.err
    assert (tmp_path / "a.signiert.pdf").is_file() and not (tmp_path / "b.signiert.pdf").exists()


def test_erzeugen_signieren_schreibt_signierte_fassung_ins_ausgabebuch(projekt, zertifikat, mit_passwort, antragsgen):
    p12, der = zertifikat
    projekt.datei("antragsgen.toml", f'[signatur]\nzertifikat = "{p12.as_posix()}"\n')
    projekt.datei("eingaben/a.yaml", "titel: Bänke aufstellen\nfraktion: F\ndatum: 2021-11-05\n"
                  "antragspunkte: [Tun.]\nbegruendung: Weil.\n")
    lauf = antragsgen("erzeugen", "-f", "pdf", "--signieren", "--sammelband")
    assert lauf.code == 0, lauf.err
    for name in ("a", "sammelband"):
        signiert = projekt.ausgabe(f"{name}.signiert.pdf").read_bytes()
        assert signiert.startswith(projekt.ausgabe(f"{name}.pdf").read_bytes())
        assert pruefe_signatur(signiert, der)[1].bottom_line
    buch = [json.loads(z) for z in projekt.ausgabe(".antragsgen-ausgaben.jsonl").read_text().splitlines()]
    eintrag = {e["datei"]: e for e in buch if e["stand"] == "geschrieben"}
    assert eintrag["a.signiert.pdf"]["antrag"] == "a"
    assert "sammelband.signiert.pdf" in eintrag
    # unchanged input: nothing is signed again
    assert "0 Dateien geschrieben" in antragsgen("erzeugen", "-f", "pdf", "--signieren", "--sammelband").out
    # a changed motion without --signieren: the signed copy is named as out of date
    projekt.datei("eingaben/a.yaml", "titel: Bänke aufstellen\nfraktion: F\ndatum: 2021-11-05\n"
                  "antragspunkte: [Mehr tun.]\nbegruendung: Weil.\n")
    lauf = antragsgen("erzeugen", "-f", "pdf")
    assert "ausgabe/a.signiert.pdf ist noch die signierte Fassung des vorigen Stands" in lauf.err


def test_erzeugen_signieren_braucht_ein_zertifikat(projekt, antragsgen):
    projekt.datei("eingaben/a.yaml", "titel: Bänke\nfraktion: F\nantragspunkte: [Tun.]\n")
    lauf = antragsgen("erzeugen", "--signieren")
    assert lauf.code == 2 and "--signieren braucht ein Zertifikat" in lauf.err
    assert not projekt.ausgabe("bänke.pdf").exists() and not (projekt.ordner / "ausgabe").exists()


def test_signierte_datei_laesst_sich_noch_einmal_signieren(referenz, zertifikat, tmp_path):
    """A second signature (e.g. the second signer) is a second update; both validate."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    from antragsgen.signieren import lade_zertifikat, signiere

    p12, der = zertifikat
    z = lade_zertifikat(p12, PASSWORT)
    einmal = signiere(referenz.with_suffix(".pdf").read_bytes(), z)
    zweimal = signiere(einmal, z)
    assert zweimal.startswith(einmal)
    # page-validation reads ISO 19005-2, 6.4.3 for every signature, and the first one cannot cover
    # the update after it; PDF/A itself allows that update. One signature keeps PDF/A-2a in any reading.
    assert verstoesse(zweimal) == ["PDF/A-2a PDFA2A-SIGNATURE-BYTERANGE-001: a signature /ByteRange does not "
                                   "cover the complete PDF except for its signature contents"]
    signaturen = PdfFileReader(io.BytesIO(zweimal)).embedded_signatures
    assert [s.field_name for s in signaturen] == ["Signatur", "Signatur 2"]


def test_signieren_aus_einer_laufenden_ereignisschleife(referenz, zertifikat):
    """The editor's server runs an event loop; pyHanko's own asyncio.run() must not break there."""
    import asyncio

    from antragsgen.signieren import lade_zertifikat, signiere

    p12, der = zertifikat
    daten = referenz.with_suffix(".pdf").read_bytes()

    async def im_server() -> bytes:
        return signiere(daten, lade_zertifikat(p12, PASSWORT))

    # the "server": an event loop of its own thread (this test's thread may have one from the browser tests)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as server:
        signiert = server.submit(asyncio.run, im_server()).result()
    _, status = pruefe_signatur(signiert, der)
    assert signiert.startswith(daten) and status.intact and status.valid

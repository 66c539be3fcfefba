"""A real word processor accepts our DOCX: LibreOffice converts it and the text is there."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import normal, ohne_umbruch, pdf_text
from test_referenz import SAETZE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice fehlt (werkzeuge/einrichten.sh installiert es)")
def test_libreoffice_liest_den_referenzantrag(referenz, tmp_path):
    docx = referenz.with_suffix(".docx")
    profil = tmp_path / "profil"
    lauf = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profil.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "lo"), str(docx)],
        capture_output=True, text=True, timeout=180)
    assert lauf.returncode == 0, lauf.stderr
    text = ohne_umbruch(normal(pdf_text(tmp_path / "lo" / docx.with_suffix(".pdf").name)))
    for nummer, satz in enumerate(SAETZE, 1):
        assert ohne_umbruch(f"{nummer}. {satz}") in text
    assert ohne_umbruch("Seite 1 von 2") in text

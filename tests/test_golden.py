"""The HTML of the reference motion and of every example stays as reviewed (tests/golden/html/).

After an intended change: `pytest tests/test_golden.py --update-golden`, then review the diff
of tests/golden/ like code.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import GOLDEN, WURZEL, rufe_auf

GESPEICHERT = sorted(p.stem for p in (GOLDEN / "html").glob("*.html"))


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> dict[str, str]:
    """Every example of eingaben/ rendered once with `-f html`: {id: HTML}."""
    import os

    ordner = tmp_path_factory.mktemp("beispiele")
    shutil.copytree(WURZEL / "eingaben", ordner / "eingaben")
    alt = os.getcwd()
    os.chdir(ordner)
    try:
        lauf = rufe_auf("erzeugen", "-f", "html")
    finally:
        os.chdir(alt)
    assert lauf.code == 0, lauf.err
    return {p.stem: p.read_bytes().decode("utf-8") for p in (ordner / "ausgabe").glob("*.html")}


def test_jedes_beispiel_hat_eine_golden_datei(html, golden, request):
    assert "integration-in-stuttgart-sicher-stellen" in html  # the reference motion
    if request.config.getoption("--update-golden"):
        for alt in set(GESPEICHERT) - set(html):
            (GOLDEN / "html" / f"{alt}.html").unlink()
        for id_, text in html.items():
            golden(f"html/{id_}.html", text)
    assert sorted(html) == sorted(p.stem for p in (GOLDEN / "html").glob("*.html")), \
        "Beispiele und tests/golden/html/ passen nicht zusammen; mit --update-golden neu schreiben."


@pytest.mark.parametrize("id_", GESPEICHERT)
def test_html_gleicht_der_golden_datei(html, golden, id_):
    assert id_ in html, f"Das Beispiel {id_} gibt es nicht mehr; mit --update-golden aufräumen."
    golden(f"html/{id_}.html", html[id_])

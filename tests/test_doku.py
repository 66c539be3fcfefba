"""The docs keep up with the code: every template name, filter and command is documented."""

from __future__ import annotations

import inspect
import re

import pytest

from antragsgen import kosten, modell, synopse
from antragsgen.vorlagen import jinja_umgebung
from conftest import WURZEL, befehlsbaum, optionen

DOKU = (WURZEL / "docs" / "vorlagen.md").read_text(encoding="utf-8")
README = (WURZEL / "README.md").read_text(encoding="utf-8")


def namen(klasse) -> list[str]:
    """Fields and public properties a template can use."""
    felder = list(getattr(klasse, "model_fields", {})) or [
        f for f in getattr(klasse, "__dataclass_fields__", {})]
    eigenschaften = [n for n, w in inspect.getmembers(klasse) if isinstance(w, property) and not n.startswith("_")
                     and n not in ("model_extra", "model_fields_set")]
    return felder + eigenschaften


@pytest.mark.parametrize(("klasse", "praefix"), [
    (modell.Antrag, "antrag."), (modell.Antragspunkt, "punkt."), (modell.Stelle, "punkt.stelle."),
    (modell.Mittel, "punkt.mittel."), (modell.Unterzeichner, "person."), (kosten.Kosten, "kosten."),
    (kosten.Kostenzeile, "zeile."), (modell.Abschnitt, "abschnitt."), (modell.Aenderung, "punkt.aenderung."),
    (synopse.Synopsenzeile, "synopsenzeile."), (synopse.Wortteil, "teil."),
])
def test_jeder_name_des_modells_steht_im_vorlagenblatt(klasse, praefix):
    # only motions and requests know their place in the source
    ohne = {"ort"} if klasse not in (modell.Antrag, modell.Antragspunkt) else set()
    fehlend = [n for n in namen(klasse) if n not in ohne and f"`{praefix}{n}`" not in DOKU]
    assert not fehlend, f"in docs/vorlagen.md fehlen: {fehlend}"


def test_jeder_eigene_filter_steht_im_vorlagenblatt():
    eigene = set(jinja_umgebung().filters) - set(jinja_umgebung.__globals__["SandboxedEnvironment"]().filters)
    assert eigene and all(f"| `{f}` |" in DOKU for f in eigene), eigene


def test_jeder_befehl_steht_in_der_readme():
    # every leaf of the command tree, by its full words: `antragsgen vorlage kopieren`
    befehle = [" ".join(["antragsgen", *worte]) for worte, befehl in befehlsbaum()
               if worte and not getattr(befehl, "commands", None)]
    assert "antragsgen vorlage kopieren" in befehle
    fehlend = [b for b in befehle if not re.search(re.escape(b) + r"\b", README)]
    assert not fehlend, fehlend


def test_jede_option_steht_in_der_readme():
    fehlend = [f"{' '.join(['antragsgen', *worte])} {'/'.join(o.opts)}" for worte, befehl in befehlsbaum()
               for o in optionen(befehl)
               if not any(re.search(r"`[^`\n]*(?<![\w-])" + re.escape(n) + r"(?![\w-])[^`\n]*`", README) for n in o.opts)]
    assert not fehlend, f"in README.md fehlen: {fehlend}"

"""`antragsgen vorlage pruefen NAME`: a template checked before a batch run.

Collects every problem of every file instead of stopping at the first: Jinja syntax
(HTML templates and every tag in the Word template), names, attributes, filters and
tests the templates use but the motion model or the environment does not have, and
files the templates and style sheets reference that the folder lacks.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import inspect
import re
import tomllib
import types
import typing
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from jinja2 import nodes
from pydantic import BaseModel

from .fehler import Fundstelle, Meldung, VorlagenFehler, anzeigepfad, fehler, warnung
from .fassung import Fassung
from .modell import Antrag, Antragspunkt
from .fehlertexte import meinten_sie
from .uebersicht import Uebersicht
from .vorlagen import (
    DATEIEN,
    Vorlage,
    eingebaute_ordner,
    jinja_umgebung,
    vorlagen_meldung,
)


@dataclass(frozen=True)
class _Liste:
    """A list whose items are of type `element` (a class, a _Liste, or None: not checked)."""

    element: object


class _DocxPunkt(Antragspunkt):
    """A request as the Word template sees it (renderer/docx.py's _Punkt): plus its formatted text."""

    inhalt: str = ""
    fortsetzung: str = ""


# classes that also answer with another's names (a Fassung reads like its Antrag)
_DELEGIERT = {Fassung: Antrag}
# filters that hand a list back with the same items
_LISTE_BLEIBT = {"list", "reverse", "rejectattr", "selectattr", "sort", "unique"}
DOCX = "antrag.docx"


def _kontexte() -> dict[str, dict[str, object]]:
    """The names each template gets from its renderer, with their types (None: not checked)."""
    from .renderer.sammelband import Band  # imports WeasyPrint: only when checking

    return {
        "antrag.html.j2": {"antrag": Fassung, "stil": None},
        "antrag_inhalt.html.j2": {"antrag": Fassung},
        "sammelband.html.j2": {"band": Band},
        "uebersicht.html.j2": dict.fromkeys(["stand", "titel", "ohne_satz", "summenname"]) | {"uebersicht": Uebersicht},
        DOCX: dict.fromkeys(["vorbemerkung", "begruendung", "deckung", "kosten", "antragsliste", "abschnitte",
                             "unterschriften", "absatz"])
        | {"antrag": Fassung, "antragspunkte": _Liste(_DocxPunkt)},
    }


def pruefe_vorlage(vorlage: Vorlage) -> list[Meldung]:
    """Every problem of `vorlage`'s own files, sorted by file and line; [] when it is clean."""
    ordner = vorlage.ordner
    erlaubt = list(dict.fromkeys([ordner.resolve(), (eingebaute_ordner() / "standard").resolve()]))
    meldungen = [
        warnung(Fundstelle(anzeigepfad(ordner)), f"Die Vorlage '{vorlage.name}' hat keine {name}; "
                + ("ohne sie fehlt ihre Beschreibung." if name == "vorlage.toml"
                   else "die der Standardvorlage wird verwendet."))
        for name in DATEIEN if not (ordner / name).is_file()
    ]
    umgebung = jinja_umgebung()
    # includes are found as when rendering: the template's folder, then the standard one
    umgebung.loader = jinja2.FileSystemLoader([str(o) for o in erlaubt])
    kontexte = _kontexte()
    for datei in sorted(ordner.glob("*.j2")):
        if (quelle := _lesen(datei, meldungen)) is not None:
            kontext = kontexte.get(datei.name)
            # a helper template of its own: its names come from whoever includes it
            meldungen += _pruefe_quelle(quelle, datei, umgebung, kontext or {"antrag": Fassung}, kontext is not None)
            meldungen += _verweise(quelle, datei, erlaubt, html=True)
    for datei in sorted(ordner.glob("*.css")):
        if (quelle := _lesen(datei, meldungen)) is not None:
            meldungen += _verweise(quelle, datei, erlaubt, html=False)
    if (ordner / DOCX).is_file():
        meldungen += _pruefe_docx(ordner / DOCX, kontexte[DOCX])
    meldungen += _pruefe_toml(ordner / "vorlage.toml")
    return sorted(dict.fromkeys(meldungen), key=lambda m: (m.ort.datei, m.ort.zeile or 0) if m.ort else ("", 0))


def _lesen(datei: Path, meldungen: list[Meldung]) -> str | None:
    try:
        return datei.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        meldungen.append(fehler(Fundstelle(anzeigepfad(datei)), "Die Datei ist nicht in UTF-8 gespeichert."))
        return None


def _pruefe_quelle(quelle: str, datei: Path, umgebung, kontext: dict, namen_pruefen: bool) -> list[Meldung]:
    """Syntax, then names, attributes, filters and tests of one Jinja source."""
    try:
        baum = umgebung.parse(quelle, datei.name, str(datei))
    except jinja2.TemplateSyntaxError as e:
        return [vorlagen_meldung(e, datei)]
    meldungen: list[Meldung] = []

    def melde(knoten: nodes.Node, text: str) -> None:
        meldungen.append(fehler(Fundstelle(anzeigepfad(datei), knoten.lineno), text if text.endswith("?") else text + "."))

    _Pruefer(umgebung, melde, namen_pruefen).besuche(baum, {**dict.fromkeys([*umgebung.globals, "self"]), **kontext})
    try:  # what only the compiler sees (a block defined twice, …); unknown filters are reported above
        umgebung.compile(quelle, datei.name, str(datei))
    except jinja2.TemplateSyntaxError as e:
        if not e.message.startswith(("No filter named", "No test named")):
            meldungen.append(vorlagen_meldung(e, datei))
    return meldungen


class _Pruefer:
    """Walks a template's syntax tree with the names in scope and their types.

    `besuche` returns an expression's type where it is known (a class, a _Liste, else
    None), so attribute chains like `punkt.stelle.anteil` are checked against the model.
    """

    def __init__(self, umgebung, melde, namen_pruefen: bool):
        self.umgebung, self.melde, self.namen_pruefen = umgebung, melde, namen_pruefen

    def besuche(self, knoten: nodes.Node | None, scope: dict) -> object:
        if knoten is None:
            return None
        methode = getattr(self, "_" + type(knoten).__name__, None)
        return methode(knoten, scope) if methode else self.alle(knoten.iter_child_nodes(), scope)

    def alle(self, knoten, scope: dict) -> None:
        for kind in knoten:
            self.besuche(kind, scope)

    def _Name(self, k: nodes.Name, scope: dict) -> object:
        if k.ctx != "load" or k.name in scope:  # targets are bound by their statement
            return scope.get(k.name)
        if self.namen_pruefen:
            self.melde(k, f"Den Namen '{k.name}' gibt es in dieser Vorlage nicht{meinten_sie(k.name, sorted(scope))}")
        return None

    def _Getattr(self, k: nodes.Getattr, scope: dict) -> object:
        typ = self.besuche(k.node, scope)
        if not isinstance(typ, type):
            return None
        gueltig, vorschlaege = _namen(typ)
        if k.attr in gueltig:
            return _attribut_typ(typ, k.attr)
        kette = _kette(k.node) or typ.__name__
        self.melde(k, f"'{kette}.{k.attr}' gibt es nicht{_vorschlag(k.attr, vorschlaege, kette + '.')}")
        return None

    def _Getitem(self, k: nodes.Getitem, scope: dict) -> object:
        typ, _ = self.besuche(k.node, scope), self.besuche(k.arg, scope)
        if isinstance(typ, _Liste) and isinstance(k.arg, nodes.Const) and isinstance(k.arg.value, int):
            return typ.element
        return typ if isinstance(typ, _Liste) and isinstance(k.arg, nodes.Slice) else None

    def _Filter(self, k: nodes.Filter | nodes.Test, scope: dict) -> object:
        typ = self.besuche(k.node, scope)  # k.node is None in {% filter %}
        self.alle((*k.args, *k.kwargs, k.dyn_args, k.dyn_kwargs), scope)
        art, vorhanden = ("Filter", self.umgebung.filters) if isinstance(k, nodes.Filter) else ("Test", self.umgebung.tests)
        if k.name not in vorhanden:
            self.melde(k, f"Den {art} '{k.name}' gibt es nicht{meinten_sie(k.name, sorted(vorhanden))}")
        if isinstance(typ, _Liste) and art == "Filter":
            return typ if k.name in _LISTE_BLEIBT else typ.element if k.name in ("first", "last") else None
        return None

    _Test = _Filter

    def _For(self, k: nodes.For, scope: dict) -> None:
        typ = self.besuche(k.iter, scope)
        innen = {**scope, "loop": None}
        self._binde(k.target, typ.element if isinstance(typ, _Liste) else None, innen)
        self.alle((k.test, *k.body), innen)
        self.alle(k.else_, scope)

    def _Assign(self, k: nodes.Assign, scope: dict) -> None:
        self._binde(k.target, self.besuche(k.node, scope), scope)

    def _AssignBlock(self, k: nodes.AssignBlock, scope: dict) -> None:
        self.alle((*k.body, k.filter), scope)
        self._binde(k.target, None, scope)

    def _With(self, k: nodes.With, scope: dict) -> None:
        innen = dict(scope)
        for ziel, wert in zip(k.targets, k.values):
            self._binde(ziel, self.besuche(wert, scope), innen)
        self.alle(k.body, innen)

    def _Macro(self, k: nodes.Macro | nodes.CallBlock, scope: dict) -> None:
        if isinstance(k, nodes.Macro):
            scope[k.name] = None  # before its body: a macro may call itself
        self.alle((getattr(k, "call", None), *k.defaults), scope)
        innen = {**scope, **dict.fromkeys(["varargs", "kwargs", "caller", *(a.name for a in k.args)])}
        self.alle(k.body, innen)

    _CallBlock = _Macro

    def _Block(self, k: nodes.Block, scope: dict) -> None:
        self.alle(k.body, {**scope, "super": None})

    def _Include(self, k, scope: dict) -> None:
        """Include, extends, import: the named template must exist where the renderer looks."""
        name = k.template.value if isinstance(k.template, nodes.Const) else None
        if not isinstance(name, str):
            self.besuche(k.template, scope)
        elif self.umgebung.loader and not getattr(k, "ignore_missing", False):
            try:
                self.umgebung.loader.get_source(self.umgebung, name)
            except jinja2.TemplateNotFound:
                self.melde(k, f"Die eingebundene Vorlage '{name}' gibt es nicht")
        if isinstance(k, nodes.Import):
            scope[k.target] = None
        elif isinstance(k, nodes.FromImport):
            scope.update(dict.fromkeys(n[1] if isinstance(n, tuple) else n for n in k.names))

    _Extends = _Import = _FromImport = _Include

    def _binde(self, ziel: nodes.Node, typ: object, scope: dict) -> None:
        if isinstance(ziel, nodes.Name):
            scope[ziel.name] = typ
        elif isinstance(ziel, nodes.Tuple):
            for teil in ziel.items:
                self._binde(teil, None, scope)
        elif isinstance(ziel, nodes.NSRef):  # {% set ns.x = … %}: `ns` must exist
            self._Name(nodes.Name(ziel.name, "load", lineno=ziel.lineno), scope)


def _kette(knoten: nodes.Node) -> str | None:
    """`antrag.antragspunkte[0]` as written, None for anything else."""
    if isinstance(knoten, nodes.Name):
        return knoten.name
    if isinstance(knoten, nodes.Getattr) and (vorn := _kette(knoten.node)):
        return f"{vorn}.{knoten.attr}"
    if isinstance(knoten, nodes.Getitem) and isinstance(knoten.arg, nodes.Const) and (vorn := _kette(knoten.node)):
        return f"{vorn}[{knoten.arg.value!r}]"
    return None


def _vorschlag(wort: str, moeglich: list[str], vorn: str) -> str:
    """Like fehlertexte.meinten_sie, but the suggestion names the whole chain."""
    treffer = difflib.get_close_matches(wort, moeglich, n=1, cutoff=0.6)
    return f"; meinten Sie '{vorn}{treffer[0]}'?" if treffer else f"; erlaubt sind: {', '.join(moeglich)}"


@functools.cache
def _namen(klasse: type) -> tuple[frozenset[str], list[str]]:
    """What a template may read (public fields, properties, methods) and what is worth suggesting."""
    if issubclass(klasse, BaseModel):
        felder = list(klasse.model_fields)
    else:
        felder = [f.name for f in dataclasses.fields(klasse)] if dataclasses.is_dataclass(klasse) else []
    eigene = [n for k in klasse.__mro__ if k.__module__.startswith("antragsgen") for n in vars(k)
              if not n.startswith(("_", "model_"))]  # ours, not pydantic's own methods
    erlaubt = {n for n in dir(klasse) if not n.startswith("_")} | set(felder)
    if klasse in _DELEGIERT:
        andere, vorschlaege = _namen(_DELEGIERT[klasse])
        return frozenset(erlaubt | andere), list(dict.fromkeys(vorschlaege + felder + eigene))
    return frozenset(erlaubt), list(dict.fromkeys(felder + eigene))


@functools.cache
def _attribut_typ(klasse: type, name: str) -> object:
    if klasse in _DELEGIERT and name not in {f.name for f in dataclasses.fields(klasse)} \
            and not hasattr(klasse, name):
        return _attribut_typ(_DELEGIERT[klasse], name)
    try:
        if issubclass(klasse, BaseModel) and name in klasse.model_fields:
            return _aus_annotation(klasse.model_fields[name].annotation)
        if dataclasses.is_dataclass(klasse) and name in {f.name for f in dataclasses.fields(klasse)}:
            return _aus_annotation(typing.get_type_hints(klasse).get(name))
        eigenschaft = inspect.getattr_static(klasse, name, None)
        funktion = getattr(eigenschaft, "fget", None) or getattr(eigenschaft, "func", None)  # property, cached_property
        return _aus_annotation(typing.get_type_hints(funktion).get("return")) if funktion else None
    except (NameError, TypeError):  # an annotation we cannot resolve: not checked further
        return None


def _aus_annotation(annotation) -> object:
    """Our class, a _Liste of one, or None for everything not checked (str, date, dict, unions)."""
    herkunft, argumente = typing.get_origin(annotation), typing.get_args(annotation)
    if herkunft is typing.Annotated:
        return _aus_annotation(argumente[0])
    if herkunft in (typing.Union, types.UnionType):
        echte = [a for a in argumente if a is not type(None)]
        return _aus_annotation(echte[0]) if len(echte) == 1 else None
    if herkunft in (list, tuple):
        return _Liste(_aus_annotation(argumente[0]) if argumente else None)
    if isinstance(annotation, type) and annotation.__module__.startswith("antragsgen"):
        return annotation
    return None


def _pruefe_docx(datei: Path, kontext: dict) -> list[Meldung]:
    """The Word template: opened and compiled as DocxRenderer does, then each part's tags checked."""
    from .renderer.docx import _TEILE, DocxRenderer, _Vorlage

    try:
        DocxRenderer(datei)
        beim_laden: list[Meldung] = []
    except VorlagenFehler as e:
        if not isinstance(e.__cause__, jinja2.TemplateError):
            return list(e.meldungen)  # not a Word file: nothing inside to check
        beim_laden = list(e.meldungen)  # the first syntax error only; the walk below finds all
    umgebung = jinja_umgebung(None, autoescape=True)
    probe = _Vorlage(datei.read_bytes(), umgebung, datei, {})
    probe.init_docx()
    # the parts DocxRenderer compiles; after patch_xml a Jinja line is a paragraph number
    teile = [(None, probe.get_xml())] + [
        (teil, probe.get_part_xml(teil))
        for uri in (probe.HEADER_URI, probe.FOOTER_URI) for _, teil in probe.get_headers_footers(uri)]
    meldungen = []
    for teil, xml in teile:
        stelle = next((s for endung, s in _TEILE.items() if teil and teil.content_type.endswith(endung)), None)
        for m in _pruefe_quelle(probe.patch_xml(xml), datei, umgebung, kontext, True):
            meldungen.append(replace(m, text=f"{m.text} Die Stelle steht {stelle}.") if stelle else m)
    if not any(m.ist_fehler for m in meldungen):
        meldungen += beim_laden
    return meldungen


_ATTRIBUT = re.compile(r"""(?<![\w-])(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""", re.IGNORECASE)
_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_KOMMENTAR = {True: re.compile(r"\{#.*?#\}", re.DOTALL), False: re.compile(r"/\*.*?\*/", re.DOTALL)}


def _verweise(quelle: str, datei: Path, erlaubt: list[Path], *, html: bool) -> list[Meldung]:
    """Files referenced by href/src and CSS url()/@import must be in the template folder."""
    # comments blanked out, not removed, so offsets and line numbers stay
    text = _KOMMENTAR[html].sub(lambda m: re.sub(r"[^\n]", " ", m.group()), quelle)
    treffer = sorted((m for muster in ((_ATTRIBUT, _CSS_URL) if html else (_CSS_URL, _IMPORT))
                      for m in muster.finditer(text)), key=lambda m: m.start())
    meldungen = []
    for m in treffer:
        ziel = next(g for g in m.groups() if g is not None).strip()
        ort = Fundstelle(anzeigepfad(datei), text.count("\n", 0, m.start()) + 1)
        teile = urlsplit(ziel)
        if not ziel or ziel.startswith("#") or "{{" in ziel or "{%" in ziel or teile.scheme in ("data", "mailto", "tel"):
            continue  # anchors, inline data and addresses built by the template are not files
        if len(teile.scheme) > 1 or teile.netloc or ziel.startswith(("/", "\\")):
            meldungen.append(warnung(ort, f"Die Adresse '{ziel}' ist absolut; beim Erzeugen wird sie abgelehnt "
                                          "(erlaubt sind nur Dateien im Vorlagenordner)."))
            continue
        if not teile.path:
            continue
        pfad = (datei.parent / unquote(teile.path)).resolve()
        if not any(pfad.is_relative_to(o) for o in erlaubt):
            meldungen.append(fehler(ort, f"'{ziel}' liegt außerhalb des Vorlagenordners; beim Erzeugen wird "
                                         "die Datei abgelehnt."))
        elif not pfad.is_file():
            meldungen.append(fehler(ort, f"Die Datei '{ziel}' gibt es im Vorlagenordner nicht."))
    return meldungen


def _pruefe_toml(pfad: Path) -> list[Meldung]:
    if not pfad.is_file():
        return []
    meldungen: list[Meldung] = []
    if (text := _lesen(pfad, meldungen)) is None:
        return meldungen
    try:
        daten = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        stelle = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(e))
        ort = Fundstelle(anzeigepfad(pfad), *(int(z) for z in stelle.groups())) if stelle else Fundstelle(anzeigepfad(pfad))
        grund = str(e)[: stelle.start()] if stelle else str(e)
        return [fehler(ort, f"vorlage.toml lässt sich nicht lesen ({grund}).")]
    return [warnung(Fundstelle(anzeigepfad(pfad)), f"Die Angabe '{schluessel}' fehlt (erwartet: {schluessel} = \"…\").")
            for schluessel in ("name", "beschreibung") if not daten.get(schluessel)]

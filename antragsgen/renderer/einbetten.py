"""Which files rendering may read, and a standalone HTML page built on the same rule.

The PDF loads a file only from the allowed folders (the template's, the project's
eingaben/), never from the network. `ID.html` follows the same rule (SPEC §5): every
file the page would load is embedded as a data URI, and what the PDF refuses is left
out and reported, so the page refers to no local path and makes no request.
"""

from __future__ import annotations

import base64
import html
import io
import mimetypes
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import tinycss2

TIEFE = 5  # @import inside @import …: deeper than this is refused (and a cycle ends)


def erlaubte_datei(url: str, erlaubt: list[Path]) -> Path | None:
    """The file a file: URL names, if it is inside one of the (resolved) folders `erlaubt`.

    The path is resolved first, so a symlink (or "..") that leads out of a folder is outside.
    """
    teile = urlsplit(url)
    if teile.scheme != "file" or teile.netloc not in ("", "localhost"):
        return None
    pfad = Path(unquote(teile.path)).resolve()
    return pfad if pfad.is_file() and any(pfad.is_relative_to(o) for o in erlaubt) else None


class Einbetter:
    """Turns the addresses of a page into data URIs; refused ones are collected in `abgelehnt`."""

    def __init__(self, erlaubt: list[Path]):
        self.erlaubt = [Path(o).resolve() for o in erlaubt]
        self.abgelehnt: list[str] = []
        self.unladbar: list[str] = []  # allowed images that cannot be loaded (too large, broken)
        self._css_fertig: dict[tuple[str, str | None], tuple[str, list[str]]] = {}
        self._eingebettet: set[str] = set()

    def _ablehnen(self, url: str) -> None:
        if url not in self.abgelehnt:
            self.abgelehnt.append(url)

    def _datei(self, url: str, basis: str | None) -> tuple[str, Path | None]:
        ziel = urljoin(basis, url) if basis else url
        pfad = erlaubte_datei(ziel, self.erlaubt)
        if pfad is None:
            self._ablehnen(ziel)
        return ziel, pfad

    def data_uri(self, url: str, basis: str | None) -> str | None:
        """The file at `url` (relative to `basis`) as a data URI; None where it is refused."""
        if url.startswith("data:"):
            return url
        ziel, pfad = self._datei(url, basis)
        if pfad is None:
            return None
        typ = mimetypes.guess_type(pfad.name)[0] or "application/octet-stream"
        daten = pfad.read_bytes()
        if not _ladbar(typ, daten):  # the PDF leaves such an image out too
            if ziel not in self.unladbar:
                self.unladbar.append(ziel)
            return None
        return _data(typ, daten)

    def css(self, text: str, basis: str | None, tiefe: int = 0) -> str:
        """CSS with every url() and @import embedded, or replaced by `none` where refused."""
        if text in self._eingebettet:  # the template's CSS, embedded already, now inside the page
            return text
        # the template's CSS is the same on every page: embed it once, report its refusals each time
        if (text, basis) not in self._css_fertig:
            vorher, self.abgelehnt = self.abgelehnt, []
            try:
                knoten = tinycss2.parse_component_value_list(text, skip_comments=False)
                ergebnis = tinycss2.serialize(self._css_knoten(knoten, basis, tiefe))
            finally:
                abgelehnt, self.abgelehnt = self.abgelehnt, vorher
            if len(self._css_fertig) >= 64:
                self._css_fertig.clear()
                self._eingebettet.clear()
            self._css_fertig[text, basis] = ergebnis, abgelehnt
            self._eingebettet.add(ergebnis)
        ergebnis, abgelehnt = self._css_fertig[text, basis]
        for url in abgelehnt:
            self._ablehnen(url)
        return ergebnis

    def _stylesheet_uri(self, url: str, basis: str | None, tiefe: int) -> str | None:
        if url.startswith("data:"):
            return url
        ziel, pfad = self._datei(url, basis)
        if pfad is None:
            return None
        if tiefe >= TIEFE:
            self._ablehnen(ziel)
            return None
        text = self.css(pfad.read_text(encoding="utf-8", errors="replace"), ziel, tiefe + 1)
        return _data("text/css", text.encode("utf-8"))

    def _css_knoten(self, knoten: list, basis: str | None, tiefe: int) -> list:
        ergebnis = []
        im_import = False  # the first value after @import is a stylesheet's address
        for k in knoten:
            url = None
            if k.type == "url":
                url = k.value
            elif k.type == "function" and k.lower_name == "url":
                url = next((a.value for a in k.arguments if a.type == "string"), "")
            elif k.type == "string" and im_import:
                url = k.value
            elif k.type == "function":
                k.arguments = self._css_knoten(k.arguments, basis, tiefe)
            elif k.type in ("{} block", "[] block", "() block"):
                k.content = self._css_knoten(k.content, basis, tiefe)
            if url is not None:
                uri = self._stylesheet_uri(url, basis, tiefe) if im_import else self.data_uri(url, basis)
                k = _css_wert(f'url("{uri}")' if uri else "none")
            if k.type not in ("whitespace", "comment"):
                im_import = k.type == "at-keyword" and k.lower_value == "import"
            ergebnis.append(k)
        return ergebnis

    def html(self, text: str, basis: str) -> str:
        """The page with its images, styles and inline CSS embedded; refused files left out."""
        leser = _Leser()
        leser.feed(text)
        leser.close()
        zeilenanfang = [0]
        for zeile in text.splitlines(keepends=True):
            zeilenanfang.append(zeilenanfang[-1] + len(zeile))
        teile, bis = [], 0
        for (zeile, spalte), alt, neu in leser.stellen:
            anfang = zeilenanfang[zeile - 1] + spalte
            neu = self._tag(neu, basis) if isinstance(neu, tuple) else self.css(neu, basis)
            teile += [text[bis:anfang], neu]
            bis = anfang + len(alt)
        return "".join(teile) + text[bis:]

    def _tag(self, tag: tuple[str, list, bool], basis: str) -> str:
        name, attribute, leer = tag
        if name == "link" and "stylesheet" in (dict(attribute).get("rel") or "").lower().split():
            uri = self._stylesheet_uri(dict(attribute).get("href") or "", basis, 0)
            if uri is None:
                return ""
            return f"<style>{base64.b64decode(uri.split(',', 1)[1]).decode('utf-8')}</style>"
        neu = []
        for schluessel, wert in attribute:
            if wert is not None and schluessel == "style":
                wert = self.css(wert, basis)
            elif wert is not None and schluessel == "srcset":
                # browsers load it, WeasyPrint never does: a standalone page leaves it out
                self.abgelehnt += [urljoin(basis, w.split()[0]) for w in wert.split(",") if w.strip()]
                continue
            elif wert is not None and _laedt(name, schluessel):
                wert = self.data_uri(wert, basis)
                if wert is None:
                    continue
            neu.append(schluessel if wert is None else f'{schluessel}="{html.escape(wert, quote=True)}"')
        return f"<{' '.join([name, *neu])}{' /' if leer else ''}>"


def _laedt(tag: str, attribut: str) -> bool:
    """Does a browser load the address in this attribute (as an image, a frame, a style …)?"""
    return (attribut in ("src", "srcset", "poster", "background")
            or (tag == "object" and attribut == "data")
            or (tag in ("image", "use", "feimage", "link") and attribut in ("href", "xlink:href")))


def _ladbar(typ: str, daten: bytes) -> bool:
    """Can an image be loaded as WeasyPrint loads it (Pillow, whose size limit stops bombs)?"""
    if not typ.startswith("image/") or typ == "image/svg+xml":
        return True
    from PIL import Image

    try:
        with Image.open(io.BytesIO(daten)):
            return True
    except Exception:  # Pillow raises many kinds: DecompressionBombError, UnidentifiedImageError, …
        return False


def _data(typ: str, daten: bytes) -> str:
    return f"data:{typ};base64,{base64.b64encode(daten).decode('ascii')}"


def _css_wert(text: str):
    return tinycss2.parse_component_value_list(text)[0]


class _Leser(HTMLParser):
    """Finds the start tags with an address or a style, and the text of <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stellen: list[tuple[tuple[int, int], str, tuple | str]] = []
        self._im_stil = False

    def _tag(self, name, attribute, leer):
        if name == "style":
            self._im_stil = not leer
        if name == "link" or any(s == "style" or _laedt(name, s) for s, _ in attribute):
            self.stellen.append((self.getpos(), self.get_starttag_text(), (name, attribute, leer)))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, True)

    def handle_endtag(self, tag):
        if tag == "style":
            self._im_stil = False

    def handle_data(self, data):
        if self._im_stil:
            self.stellen.append((self.getpos(), data, data))

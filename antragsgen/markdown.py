"""Markdown of user text (Begründung, Vorbemerkung, free requests) via markdown-it-py.

Raw HTML is shown as text, the typographer is off (no "(c)" → "©"); the only
replacements are our German typography rules, applied to text tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .schreibweise import typografie, umbrechbar

_SONDERZEICHEN = re.compile(r"([\\`*_\[\]<>#|~!])")
# markdown-it caps block nesting (maxNesting) but not emphasis: 2000 "**" pairs became
# 2000 nested <strong>, too deep for WeasyPrint's and the DOCX renderer's recursion
MAX_INLINE_TIEFE = 8


def markdown_escape(text: str) -> str:
    """Plain text that Markdown shows as it is (for generated sentences)."""
    text = _SONDERZEICHEN.sub(r"\\\1", text)
    # "1. " or "- " at a line start would become a list
    return re.sub(r"(?m)^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", re.sub(r"(?m)^(\s*)([-+])(\s)", r"\1\\\2\3", text))


def _typografie_regel(state) -> None:
    for block in state.tokens:
        if block.type in ("code_block", "fence"):
            # code keeps its characters, but an overlong line must still break quickly
            block.content = umbrechbar(block.content)
        if block.type != "inline" or not block.children:
            continue
        vorher = ""
        for kind in block.children:
            if kind.type == "text" and kind.content:
                kind.content = typografie(vorher + kind.content)[len(vorher):]
                vorher = kind.content[-1]
            elif kind.type in ("softbreak", "hardbreak"):
                vorher = " "
            elif kind.type == "code_inline" and kind.content:
                kind.content = umbrechbar(kind.content)
                vorher = kind.content[-1]


def _verschachtelung_begrenzen(state) -> None:
    """Emphasis, links and strikethrough deeper than MAX_INLINE_TIEFE lose their markup;
    their text stays."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        tiefe, weg, behalten = 0, [], []
        for kind in block.children:
            if kind.nesting == 1:
                tiefe += 1
                weg.append(tiefe > MAX_INLINE_TIEFE)
                if not weg[-1]:
                    behalten.append(kind)
            elif kind.nesting == -1:
                tiefe -= 1
                if not weg.pop():
                    behalten.append(kind)
            else:
                behalten.append(kind)
        block.children = behalten


# markdown-it stops at this block depth and drops what lies deeper: such text is refused
# before rendering (pruefen), never lost silently
MAX_BLOCKTIEFE = 20
# only a line that starts with this much nesting can reach that depth: other texts are not parsed twice
_TIEF_VERDACHT = re.compile(r"(?m)^[\s>*+\-\d.)]{18,}")


@lru_cache(maxsize=1)
def _tiefenparser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "maxNesting": 2 * MAX_BLOCKTIEFE}).enable(["table",
                                                                                             "strikethrough"])


def zu_tief(text: str) -> bool:
    """Would part of `text` be lost because lists or quotes nest deeper than Markdown renders?"""
    if not text or not _TIEF_VERDACHT.search(text):
        return False
    return any(t.level >= MAX_BLOCKTIEFE for t in _tiefenparser().parse(text))


def _ueberschriften_einruecken(state) -> None:
    """User headings start at h3: h1 and h2 are the motion's title and sections
    (bookmarks, running head), which a "# Heading" in a Begründung must not take over."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("verschachtelung_begrenzen", _verschachtelung_begrenzen)
    md.core.ruler.push("deutsche_typografie", _typografie_regel)
    md.core.ruler.push("ueberschriften_einruecken", _ueberschriften_einruecken)
    return md


def tokens(text: str) -> list[Token]:
    """Block tokens of `text` with German typography applied (for the DOCX renderer)."""
    return parser().parse(text or "")


def _bildquellen(tokens: list[Token], bildbasis: str | None) -> None:
    """A motion's images are files beside it: relative paths are resolved against
    `bildbasis` (the motion's folder), everything else stays as written and is refused
    by the renderer's URL fetcher."""
    for block in tokens:
        for kind in block.children or []:
            if kind.type == "image":
                quelle = str(kind.attrs.get("src", ""))
                relativ = not urlsplit(quelle).scheme and not quelle.startswith(("/", "\\"))
                kind.attrs["src"] = urljoin(bildbasis, quelle) if bildbasis and relativ else quelle


def html(text: str | None, bildbasis: str | None = None) -> Markup:
    """Block HTML (paragraphs, lists, tables) of Markdown text; safe for templates."""
    if not text:
        return Markup("")
    md = parser()
    tokens = md.parse(text)
    _bildquellen(tokens, bildbasis)
    return Markup(md.renderer.render(tokens, md.options, {}))


def html_inline(text: str | None, bildbasis: str | None = None) -> Markup:
    """HTML of a single-paragraph text without the surrounding <p> (titles, requests).

    Text with several blocks (a request with a nested list) keeps its blocks.
    """
    if not text:
        return Markup("")
    ergebnis = str(html(text, bildbasis)).strip()
    if ergebnis.startswith("<p>") and ergebnis.endswith("</p>") and ergebnis.count("<p>") == 1:
        ergebnis = ergebnis[3:-4]
    return Markup(ergebnis)

"""Word paragraphs and tables → Markdown blocks, as the DOCX renderer would have written them
from Markdown (wordsatz.py backwards): lists, quotes, headings, code, tables."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .word import Absatz, Tabelle

_LISTE = re.compile(r"^list (bullet|number|paragraph)(?: (\d))?$")


def zitat(text: str, laenge: int = 60) -> str:
    """A paragraph quoted for a note: „Anlage: Lageplan …“."""
    text = " ".join(text.split())
    return f"„{text if len(text) <= laenge else text[:laenge - 1] + '…'}“"


def listenart(a: Absatz) -> tuple[int, bool] | None:
    """(level, numbered) of a list paragraph, from its numbering or its list style."""
    m = _LISTE.match(a.stil)
    if a.liste is not None:
        return a.liste.ebene, a.liste.zahlen
    if m and m.group(1) != "paragraph":
        return (int(m.group(2)) - 1 if m.group(2) else 0), m.group(1) == "number"
    return None


def tabelle_markdown(t: Tabelle) -> str:
    spalten = max((len(z) for z in t.zeilen), default=0)
    if not spalten:
        return ""

    def zelle(absaetze: list[Absatz]) -> str:
        return " ".join(a.markdown.replace("\\\n", " ") for a in absaetze if a.markdown) or " "

    zeilen = [[zelle(c) for c in z] + [" "] * (spalten - len(z)) for z in t.zeilen]
    aus = ["| " + " | ".join(zeilen[0]) + " |", "|" + " --- |" * spalten]
    aus += ["| " + " | ".join(z) + " |" for z in zeilen[1:]]
    return "\n".join(aus)


class Markdowntext:
    """Collects blocks of one text (a Begründung, a request's continuation) as Markdown.

    `abzug`: list levels to ignore (a request's own list is level 0, its nested lists 1…).
    """

    def __init__(self, abzug: int = 0):
        self.abzug = abzug
        self.bloecke: list[str] = []
        self._liste: list[str] | None = None
        self._stapel: list[list] = []  # per open level: [numbered, indent, counter, width]
        self.absaetze = 0

    def _ende_liste(self) -> None:
        if self._liste is not None:
            self.bloecke.append("\n".join(self._liste))
        self._liste, self._stapel = None, []

    def dazu(self, block: Absatz | Tabelle) -> None:
        if isinstance(block, Tabelle):
            self._ende_liste()
            if md := tabelle_markdown(block):
                self.bloecke.append(md)
            self.absaetze += 1
            return
        a = block
        if not a.markdown and not a.text:
            return
        self.absaetze += 1
        liste = listenart(a)
        if liste is not None:
            self._listenpunkt(max(0, liste[0] - self.abzug), liste[1], a.markdown)
            return
        if a.stil.startswith("list continue") and self._liste is not None:
            einzug = self._stapel[-1][1] + self._stapel[-1][3] if self._stapel else 2
            self._liste.append("")
            self._liste.append(" " * einzug + a.markdown)
            return
        self._ende_liste()
        if a.stil in ("quote", "intense quote", "zitat"):
            self.bloecke.append("> " + a.markdown.replace("\\\n", "\\\n> "))
        elif a.stufe and a.stufe >= 1:
            self.bloecke.append("#" * max(1, a.stufe - 2) + " " + a.markdown.replace("\\\n", " "))
        elif a.stil in ("html preformatted", "code", "quellcode"):
            self.bloecke.append("```\n" + a.text + "\n```")
        else:
            self.bloecke.append(a.markdown)

    def absatz(self, markdown: str) -> None:
        self._ende_liste()
        self.bloecke.append(markdown)
        self.absaetze += 1

    def _listenpunkt(self, ebene: int, zahlen: bool, markdown: str) -> None:
        if self._liste is None:
            self._liste = []
        ebene = min(ebene, len(self._stapel))
        del self._stapel[ebene + 1:]
        if ebene == len(self._stapel):
            einzug = self._stapel[-1][1] + self._stapel[-1][3] if self._stapel else 0
            self._stapel.append([zahlen, einzug, 0, 0])
        stufe = self._stapel[ebene]
        if stufe[0] != zahlen:  # another kind of list at this level starts afresh
            stufe[0], stufe[2] = zahlen, 0
            if self._liste:
                self._ende_liste()
                self._liste = []
                self._stapel = [[zahlen, 0, 0, 0]] if ebene == 0 else self._stapel
                stufe = self._stapel[min(ebene, len(self._stapel) - 1)]
        stufe[2] += 1
        marke = f"{stufe[2]}. " if zahlen else "- "
        stufe[3] = len(marke)
        self._liste.append(" " * stufe[1] + marke + markdown.replace("\\\n", "\\\n" + " " * (stufe[1] + len(marke))))

    @property
    def text(self) -> str:
        self._ende_liste()
        return "\n\n".join(b for b in self.bloecke if b.strip())


@dataclass
class Punkt:
    """A request as read: its first paragraph (Markdown and plain text) and what follows it."""

    erster: str
    klartext: str
    rest: Markdowntext
    notiz: str | None = None

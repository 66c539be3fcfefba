"""The motion as it is printed: numbered, with its costs and its Begründung resolved.

The pipeline makes one `Fassung` per motion from the values its steps return (pruefen,
nummern, kosten); renderers and templates see it as `antrag`: every field of the motion
(`antrag.titel`, `antrag.antragspunkte`) plus `antrag.kosten` and `antrag.begruendung_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .fehler import Fundstelle
from .kosten import Kosten
from .laden.rohdaten import Rohdokument
from .modell import Antrag
from .zwischenspeicher import hash_von


@dataclass(frozen=True)
class Fassung:
    """A numbered motion with what was computed for it; read like the motion itself."""

    antrag: Antrag
    begruendung_text: str | None = None
    kosten: Kosten | None = None
    fundstelle: Fundstelle | None = None  # where it stands in its source, for messages
    bildbasis: str | None = None  # folder URL its images are relative to
    automatisch: frozenset[int] = frozenset()  # items whose lfd. Nr. came from the register
    id_ort: Fundstelle | None = None  # where its `id:` stands (or the motion, without one)
    quelle: Rohdokument | None = None  # the raw document (file, place in the file)

    def __getattr__(self, name: str):
        # the motion's own fields and properties; never internals (pickle asks for those)
        antrag = self.__dict__.get("antrag")
        if antrag is None or name.startswith("_"):
            raise AttributeError(name)
        return getattr(antrag, name)

    @cached_property
    def inhalt(self) -> str:
        """A hash of everything of the motion its files depend on."""
        kosten = self.kosten
        return hash_von(self.antrag.model_dump_json(), self.begruendung_text or "",
                        repr([(z.bezeichnung, sorted(z.betraege.items())) for z in kosten.zeilen]) if kosten else "")


def als_fassung(antrag: Antrag | Fassung) -> Fassung:
    """A motion straight from the model (a test, another program) reads like one of the pipeline:
    unnumbered beyond its own lfd_nr, without costs, its Begründung from its own texts."""
    if isinstance(antrag, Fassung):
        return antrag
    teile = antrag.begruendung or []
    text = "\n\n".join(teile) if teile and all(isinstance(t, str) for t in teile) else None
    return Fassung(antrag, text)

"""Markdown motions: YAML front matter between `---` lines, the body is the Begründung."""

from __future__ import annotations

from pathlib import Path

from ..fehler import EingabeFehler, Fundstelle, Meldung, fehler, warnung
from .rohdaten import Rohdokument, saeubern, yaml_dokumente


def lies_markdown(text: str, datei: str, pfad: Path | None = None) -> tuple[list[Rohdokument], list[Meldung]]:
    zeilen = text.split("\n")
    if zeilen[0].rstrip() != "---":
        return [], [warnung(Fundstelle(datei, 1), "Markdown-Datei ohne Kopfdaten (--- … ---) wird übersprungen.")]
    ende = next((i for i in range(1, len(zeilen)) if zeilen[i].rstrip() in ("---", "...")), None)
    if ende is None:
        raise EingabeFehler(fehler(Fundstelle(datei, 1), "Die Kopfdaten werden nicht mit einer Zeile '---' abgeschlossen."))
    kopf = "\n".join(zeilen[1:ende])
    dokumente = yaml_dokumente(kopf, datei, pfad, zeilen_versatz=1)
    if len(dokumente) != 1 or not isinstance(dokumente[0].daten, dict):
        raise EingabeFehler(fehler(Fundstelle(datei, 2), "Die Kopfdaten müssen Schlüssel wie 'titel:' enthalten."))
    dok = dokumente[0]
    koerper = saeubern("\n".join(zeilen[ende + 1:])).strip("\n")
    if koerper.strip():
        if "begruendung" in dok.daten:
            raise EingabeFehler(fehler(
                dok.schluessel[("begruendung",)],
                "Die Begründung steht schon unter den Kopfdaten; bitte 'begruendung' dort oder den Text darunter entfernen.",
            ))
        dok.daten["begruendung"] = koerper
        erste = ende + 2 + next(i for i, z in enumerate(zeilen[ende + 1:]) if z.strip())
        dok.werte[("begruendung",)] = Fundstelle(datei, erste, 1)
    return [dok], []

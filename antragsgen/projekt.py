"""A project folder, opened once: settings, paths, template, formats, cache.

The CLI, the tests and the editor share it; every check of the call (formats, template,
OParl address) happens here, before anything is read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .einstellungen import Einstellungen, lade_einstellungen
from .fehler import EinstellungsFehler, Fundstelle, Meldung, anzeigepfad, fehler, warnung
from .renderer import FORMATE, Auftrag
from .vorlagen import Vorlage, finde_vorlage
from .zwischenspeicher import Zwischenspeicher


@dataclass
class Projekt:
    """Everything a run needs to know before it reads a single motion."""

    einstellungen: Einstellungen
    ausgabe: Path  # the output folder
    formate: tuple[str, ...]
    vorlage: Vorlage
    speicher: Zwischenspeicher
    alles_neu: bool = False
    debug: bool = False
    hinweis: Callable[[str], None] | None = None  # told what a run waits for (a locked register)

    @classmethod
    def oeffnen(cls, ordner: Path | str = ".", *, ausgabe: Path | None = None, formate: list[str] | None = None,
                vorlage: str | None = None, alles_neu: bool = False, debug: bool = False,
                hinweis: Callable[[str], None] | None = None, zeilennummern: bool = False) -> Projekt:
        """Read the settings of `ordner` and check the call; EinstellungsFehler if it cannot run."""
        einstellungen = lade_einstellungen(Path(ordner))
        if zeilennummern:  # `erzeugen --zeilennummern` overrides [ausgabe]
            einstellungen.ausgabe.zeilennummern = True
        formate = tuple(formate or einstellungen.ausgabe.formate)
        unbekannt = [f for f in formate if f not in FORMATE]
        if unbekannt:
            raise EinstellungsFehler(fehler(None, (
                f"Unbekanntes Format '{unbekannt[0]}' (möglich: {', '.join(FORMATE)}).")))
        if "oparl" in formate and not einstellungen.oparl.basis_url:
            raise EinstellungsFehler(fehler(None, (
                "Für -f oparl fehlt in antragsgen.toml [oparl] basis_url (die Adresse des "
                "Ratsinformationssystems, z. B. \"https://ris.example.de/oparl/v1.1\").")))
        return cls(
            einstellungen=einstellungen,
            ausgabe=Path(ausgabe) if ausgabe else einstellungen.projekt / "ausgabe",
            formate=tuple(dict.fromkeys(formate)),
            vorlage=finde_vorlage(vorlage or einstellungen.ausgabe.vorlage, einstellungen.projekt),
            speicher=Zwischenspeicher(einstellungen.projekt, lesen=not alles_neu),
            alles_neu=alles_neu, debug=debug, hinweis=hinweis,
        )

    @property
    def ordner(self) -> Path:
        return self.einstellungen.projekt

    def auftrag(self, formate: tuple[str, ...] | None = None) -> Auftrag:
        """What renderers are set up from (by default for the project's formats)."""
        return Auftrag(self.formate if formate is None else formate, self.vorlage, self.einstellungen, self.debug)

    def fehlende_vorlagendateien(self) -> list[Meldung]:
        """Files the template takes from the standard template: said once per run."""
        gebraucht = {d for f in self.formate for d in FORMATE[f].vorlagendateien}
        return [warnung(Fundstelle(anzeigepfad(self.vorlage.ordner)),
                        f"Die Vorlage '{self.vorlage.name}' hat keine {datei}; die der Standardvorlage wird verwendet.")
                for datei in self.vorlage.fehlende() if datei in gebraucht]

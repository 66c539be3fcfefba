"""antragsgen.toml → typed settings, defaults in one place (SPEC §3.5)."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PositiveInt, ValidationError, model_validator

from .fehler import EinstellungsFehler, Fundstelle, fehler
from .schreibweise import deutsche_zahl
from .fehlertexte import meldungen

DATEINAME = "antragsgen.toml"
FORMATE = ("pdf", "docx", "html", "oparl")
PDF_VARIANTEN = ("pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b", "pdf/a-3u")


class _Teil(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# what a project cannot give for every motion: what makes each motion itself
_NICHT_VORGEBBAR = ("id", "titel", "antragspunkte", "abschnitte")


class AntragVorgaben(_Teil):
    """[antrag]: defaults for every motion, used where a motion does not say.

    Every motion key except those above can stand here (SPEC §3.7); the values are checked
    with the motion they end up in.
    """

    model_config = ConfigDict(extra="allow")

    fraktion: str | list[str] | None = None  # typed: `neu` and the schema ask for it

    @model_validator(mode="before")
    @classmethod
    def _bekannte_schluessel(cls, daten):
        from .fehlertexte import meinten_sie
        from .modell import Antrag

        erlaubt = [k for k in Antrag.model_fields if k not in _NICHT_VORGEBBAR]
        for schluessel in daten if isinstance(daten, dict) else ():
            if schluessel not in erlaubt:
                grund = ("gilt für jeden Antrag einzeln" if schluessel in _NICHT_VORGEBBAR
                         else "ist kein Schlüssel eines Antrags" + meinten_sie(schluessel, erlaubt))
                raise ValueError(f"'{schluessel}' {grund}")
        return daten

    @classmethod
    def vorgebbar(cls, schluessel: str) -> bool:
        return schluessel not in _NICHT_VORGEBBAR

    def als_daten(self) -> dict:
        return self.model_dump(exclude_none=True)


class AusgabeEinstellungen(_Teil):
    vorlage: str = "standard"
    formate: list[Literal["pdf", "docx", "html", "oparl"]] = Field(default_factory=lambda: ["pdf", "docx"])
    pdf_variante: Literal[PDF_VARIANTEN] = "pdf/a-2a"  # type: ignore[valid-type]
    zeilennummern: bool = False  # line numbers in the margin of every motion (SPEC §3.9)


class Eingaben(_Teil):
    bausteine: str = "eingaben/bausteine"


class Oparl(_Teil):
    basis_url: str | None = None


class Nummern(_Teil):
    start: PositiveInt = 1
    schritt: PositiveInt = 1
    automatisch: bool = True
    # "register" would shadow a BaseModel attribute; the file key stays "register"
    register_pfad: str = Field(".antragsgen/nummern.sqlite", alias="register")
    bloecke: dict[str, tuple[PositiveInt, PositiveInt]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _bloecke_pruefen(self):
        bloecke = sorted((a, b, name) for name, (a, b) in self.bloecke.items())
        for a, b, name in bloecke:
            if a > b:
                raise ValueError(f"der Nummernblock von '{name}' endet ({b}) vor seinem Anfang ({a})")
        for (a1, b1, n1), (a2, b2, n2) in zip(bloecke, bloecke[1:]):
            if a2 <= b1:
                raise ValueError(f"die Nummernblöcke von '{n1}' ({a1}–{b1}) und '{n2}' ({a2}–{b2}) überschneiden sich")
        return self


class Oberflaeche(_Teil):
    """[oberflaeche]: the local editor. `passwort` is a scrypt hash (written by
    `antragsgen oberflaeche --passwort-setzen`), needed for any address but 127.0.0.1."""

    passwort: str | None = None

    @model_validator(mode="after")
    def _hash_pruefen(self):
        if self.passwort is not None and not re.fullmatch(
                r"scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+", self.passwort):
            raise ValueError("'passwort' ist kein Passwort-Hash; bitte mit antragsgen oberflaeche "
                             "--passwort-setzen eintragen, nie das Passwort selbst")
        return self


class Signatur(_Teil):
    """[signatur]: the certificate `erzeugen --signieren` signs with; its password is never
    written here (ANTRAGSGEN_ZERTIFIKAT_PASSWORT or a prompt)."""

    zertifikat: str | None = None


Euro = Annotated[Decimal, BeforeValidator(deutsche_zahl)]


class Einstellungen(_Teil):
    antrag: AntragVorgaben = Field(default_factory=AntragVorgaben)
    ausgabe: AusgabeEinstellungen = Field(default_factory=AusgabeEinstellungen)
    eingaben: Eingaben = Field(default_factory=Eingaben)
    oparl: Oparl = Field(default_factory=Oparl)
    nummern: Nummern = Field(default_factory=Nummern)
    personalkosten: dict[str, Euro] = Field(default_factory=dict)
    # shape no file antragsgen renders (signed files have a key of their own): not in the run's hash
    oberflaeche: Oberflaeche = Field(default_factory=Oberflaeche, exclude=True)
    signatur: Signatur = Field(default_factory=Signatur, exclude=True)

    # not from the file: the project folder everything is relative to
    projekt: Path = Field(default=Path("."), exclude=True)

    @property
    def eingaben_ordner(self) -> Path:
        return self.projekt / "eingaben"

    @property
    def zertifikat_datei(self) -> Path | None:
        return self.projekt / self.signatur.zertifikat if self.signatur.zertifikat else None

    @property
    def bausteine_ordner(self) -> Path:
        return self.projekt / self.eingaben.bausteine


def lade_einstellungen(projekt: Path | None = None) -> Einstellungen:
    """Read `antragsgen.toml` of the project folder; missing file = all defaults."""
    projekt = Path(projekt or ".")
    if not projekt.is_dir():
        raise EinstellungsFehler(fehler(None, f"Der Projektordner '{projekt}' existiert nicht."))
    pfad = projekt / DATEINAME
    anzeige = pfad.as_posix() if projekt != Path(".") else DATEINAME
    daten: dict = {}
    if pfad.is_file():
        try:
            daten = tomllib.loads(pfad.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise EinstellungsFehler(fehler(Fundstelle(anzeige), "Die Datei ist nicht UTF-8-kodiert.")) from None
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
            ort = Fundstelle(anzeige, int(m.group(1)), int(m.group(2))) if m else Fundstelle(anzeige)
            raise EinstellungsFehler(fehler(ort, f"Kein gültiges TOML ({str(e).split(' (at')[0]}).")) from None
    try:
        einstellungen = Einstellungen.model_validate(daten)
    except ValidationError as e:
        raise EinstellungsFehler([
            fehler(Fundstelle(anzeige), _schluessel(pfad) + text[:1].upper() + text[1:]
                   + ("" if text.endswith(("?", ".")) else "."))
            for pfad, _, text in meldungen(e, Einstellungen, daten)
        ]) from None
    einstellungen.projekt = projekt
    return einstellungen


def _schluessel(pfad: tuple) -> str:
    """A settings key as the user writes it: "[ausgabe] pdf_variante: "."""
    if not pfad:
        return ""
    if len(pfad) == 1:
        return f"[{pfad[0]}] "
    return f"[{'.'.join(str(t) for t in pfad[:-1])}] {pfad[-1]}: "

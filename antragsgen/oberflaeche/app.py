"""The editor's web application (Starlette): list, form, preview, save.

Every URL starts with this start's access token (`/TOKEN/…`); anything else gets 401
(no token) or 403 (a wrong one), never a redirect. Every write carries the CSRF value.
The motion files stay the one source of truth: the editor reads them on every request
and writes nothing but the motion file being saved (and the lfd. Nr. register, as
`erzeugen` does).
"""

from __future__ import annotations

import asyncio
import contextlib
import base64
import datetime as dt
import difflib
import hashlib
import re
import stat
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__, api
from ..einstellungen import lade_einstellungen
from ..fehler import AntragsFehler, Meldung
from ..modell import ARTEN, slug
from ..neu import schreibe_geruest
from ..projekt import Projekt
from ..schreiben import schreibe_atomar, schreibfehler
from . import liste, sicherheit
from .waechter import Waechter, antwort
from .ansicht import Element, baue, verteile
from .formular import antrag_felder, als_daten, aus_anfrage, bearbeite, ins_formular
from .vorschau import Vorschau
from .yamltext import NichtSicher, lies_daten, neuer_quelltext, pfad_an, pfade_mit_zeilen

STATISCH = Path(__file__).parent / "statisch"
@dataclass
class _Stand:
    """What the last preview of a file gave (the PDF and DOCX links serve it)."""

    text: str
    pdf: bytes | None
    bilder: list[str] = field(default_factory=list)  # of the last preview without errors


@dataclass
class Zustand:
    projekt_ordner: Path
    token: str
    csrf: str
    passwort: str | None = None  # the scrypt hash of an office server
    erlaubte_hosts: set[str] | None = None
    vorschau: Vorschau | None = None
    letzte: dict[str, _Stand] = field(default_factory=dict)
    zaehler: dict[str, int] = field(default_factory=dict)
    schloesser: dict[str, asyncio.Lock] = field(default_factory=dict)

    def projekt(self) -> Projekt:
        return Projekt.oeffnen(self.projekt_ordner)


def _umgebung() -> Environment:
    umgebung = Environment(loader=PackageLoader("antragsgen.oberflaeche", "seiten"),
                           autoescape=select_autoescape(default=True, default_for_string=True),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    umgebung.globals["ANZEIGE"] = liste.ANZEIGE
    umgebung.globals["version"] = __version__
    return umgebung


def erstelle_app(projekt_ordner: Path, *, token: str | None = None, passwort: str | None = None,
                 erlaubte_hosts: set[str] | None = None, vorschau: Vorschau | None = None) -> Waechter:
    """The ASGI app over `projekt_ordner`. Without `vorschau` one is started (a process)."""
    token = token or sicherheit.neues_geheimnis()
    zustand = Zustand(Path(projekt_ordner), token, sicherheit.csrf_zeichen(token + sicherheit.neues_geheimnis()),
                      passwort, erlaubte_hosts, vorschau)
    seiten = _Seiten(zustand, _umgebung())
    innen = [
        Route("/", seiten.liste),
        Route("/neu", seiten.neu, methods=["POST"]),
        Route("/formular/{pfad:path}", seiten.formular, methods=["GET", "POST"]),
        Route("/vorschau/{pfad:path}", seiten.vorschau, methods=["POST"]),
        Route("/datei/{format:str}/{pfad:path}", seiten.datei),
        Route("/projekt/{was:str}.pdf", seiten.projektdatei),
        Mount("/statisch", StaticFiles(directory=STATISCH), name="statisch"),
    ]
    routen = [Mount(f"/{token}", routes=innen)]
    if passwort:
        routen.append(Route("/anmelden", seiten.anmelden, methods=["GET", "POST"]))
    app = Starlette(routes=routen, lifespan=seiten.lebenszeit,
                    exception_handlers={AntragsFehler: seiten.einstellungsfehler})
    app.state.zustand = zustand
    return Waechter(app, zustand.token, passwort=bool(passwort), erlaubte_hosts=erlaubte_hosts)


def _stand(daten: bytes | None) -> str:
    return hashlib.sha256(daten).hexdigest() if daten is not None else "neu"


def _zeit() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


class _Seiten:
    def __init__(self, zustand: Zustand, umgebung: Environment):
        self.z, self.umgebung = zustand, umgebung
        self.felder = antrag_felder()

    # -- lifecycle ---------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lebenszeit(self, app):
        await self.start()
        try:
            yield
        finally:
            await self.ende()

    async def start(self) -> None:
        # the preview process starts beside the server: the first page does not wait for it
        fertig = asyncio.get_running_loop().create_future()
        fertig.set_result(None)
        self._bereit = fertig if self.z.vorschau is not None else \
            asyncio.get_running_loop().run_in_executor(None, self._vorschau_starten)

    def _vorschau_starten(self) -> None:
        projekt = self.z.projekt()
        vorschau = Vorschau(projekt)
        eingaben = projekt.einstellungen.eingaben_ordner
        erste = next(iter(sorted(eingaben.glob("*.yaml"))), None) if eingaben.is_dir() else None
        vorschau.vorheizen(erste.resolve() if erste else None, erste.read_text(encoding="utf-8-sig") if erste else None)
        self.z.vorschau = vorschau

    async def ende(self) -> None:
        with contextlib.suppress(Exception):
            await self._bereit
        if self.z.vorschau is not None:
            await asyncio.to_thread(self.z.vorschau.schliessen)

    async def im_vorschauprozess(self, auftrag):
        """`auftrag(vorschau)` in the preview process; a process that died is started again.

        Raises AntragsFehler while the project cannot be opened (a broken antragsgen.toml)."""
        try:
            await self._bereit
        except AntragsFehler:
            # perhaps mended meanwhile: try again, else the caller shows why
            self._bereit = asyncio.get_running_loop().run_in_executor(None, self._vorschau_starten)
            await self._bereit
        try:
            return await asyncio.wrap_future(auftrag(self.z.vorschau))
        except BrokenProcessPool:
            alt, self.z.vorschau = self.z.vorschau, None
            await asyncio.to_thread(alt.schliessen)
            self._bereit = asyncio.get_running_loop().run_in_executor(None, self._vorschau_starten)
            await self._bereit
            return await asyncio.wrap_future(auftrag(self.z.vorschau))

    # -- helpers -----------------------------------------------------------------------------

    def seite(self, request: Request, name: str, code: int = 200, kopf: dict | None = None, **werte) -> HTMLResponse:
        vorlage = self.umgebung.get_template(name)
        text = vorlage.render(basis=f"/{self.z.token}", csrf=self.z.csrf, request=request, **werte)
        return HTMLResponse(text, status_code=code, headers=kopf)

    async def formulardaten(self, request: Request) -> FormData:
        """The request's form, refused (403) without the CSRF value or from another origin."""
        formular = await request.form()
        wert = request.headers.get("x-csrf-token") or str(formular.get("_csrf", ""))
        herkunft = request.headers.get("origin")
        if not sicherheit.gleich(wert, self.z.csrf) or (
                herkunft and herkunft != "null" and herkunft.split("//", 1)[-1] != request.headers.get("host")):
            raise _Verweigert()
        return formular

    def datei_von(self, pfad: str) -> Path:
        ausgenommen = lade_einstellungen(self.z.projekt_ordner).bausteine_ordner
        datei = sicherheit.motion_datei(self.z.projekt_ordner, pfad, ausgenommen)
        if datei is None or not datei.is_file():
            raise _NichtDa()
        return datei

    async def einstellungsfehler(self, request: Request, e: AntragsFehler) -> Response:
        """A project that cannot be opened (a broken antragsgen.toml): said on the page, in German."""
        return self.seite(request, "problem.html.j2", code=422, meldungen=e.meldungen)

    # -- list --------------------------------------------------------------------------------

    async def liste(self, request: Request) -> Response:
        projekt = self.z.projekt()
        try:
            zeilen = await asyncio.to_thread(liste.zeilen, projekt)
            problem = None
        except AntragsFehler as e:
            zeilen, problem = [], " ".join(m.text for m in e.meldungen)
        q = request.query_params
        filter_ = {k: q.get(k, "") for k in ("suche", "fraktion", "art", "status")}
        gezeigt = [z for z in zeilen if z.passt(**filter_)]
        return self.seite(request, "liste.html.j2", zeilen=gezeigt, alle=len(zeilen), filter=filter_,
                          auswahl=liste.auswahl(zeilen), problem=problem, meldung=q.get("meldung", ""))

    async def neu(self, request: Request) -> Response:
        try:
            formular = await self.formulardaten(request)
        except _Verweigert:
            return antwort(403, "Anfrage ohne gültiges CSRF-Zeichen abgelehnt.")
        titel = str(formular.get("titel", "")).strip()
        art = str(formular.get("art", "antrag"))
        projekt = self.z.projekt()
        try:
            if art not in ARTEN:
                art = "antrag"
            ziel = schreibe_geruest(titel, projekt.einstellungen, art=art)
        except AntragsFehler as e:
            zeilen = await asyncio.to_thread(liste.zeilen, projekt)
            return self.seite(request, "liste.html.j2", code=422, zeilen=zeilen, alle=len(zeilen),
                              filter={"suche": "", "fraktion": "", "art": "", "status": ""},
                              auswahl=liste.auswahl(zeilen), problem=" ".join(m.text for m in e.meldungen),
                              meldung="", neuer_titel=titel)
        relativ = ziel.relative_to(projekt.ordner).as_posix()
        # after a successful write, the browser goes to the new form (POST → GET)
        return RedirectResponse(f"/{self.z.token}/formular/{relativ}", status_code=303)

    # -- form ----------------------------------------------------------------------------------

    async def formular(self, request: Request) -> Response:
        try:
            datei = self.datei_von(request.path_params["pfad"])
        except _NichtDa:
            return antwort(404, "Diese Antragsdatei gibt es im Projekt nicht.")
        pfad = request.path_params["pfad"]
        if request.method == "GET":
            roh = datei.read_bytes()
            try:
                text = roh.decode("utf-8-sig").replace("\r\n", "\n")
                dokumente = lies_daten(text, datei.suffix.lower())
            except (UnicodeDecodeError, AntragsFehler) as e:
                meldungen = e.meldungen if isinstance(e, AntragsFehler) else []
                return self.seite(request, "unlesbar.html.j2", pfad=pfad, meldungen=meldungen)
            if len(dokumente) > 1 or (not dokumente and datei.suffix.lower() == ".md"):
                return self.seite(request, "unlesbar.html.j2", pfad=pfad, meldungen=[], mehrere=len(dokumente))
            werte = ins_formular(dokumente[0] if dokumente else {}, self.felder)
            return self.formularseite(request, pfad, werte, _stand(roh))
        try:
            formular = await self.formulardaten(request)
        except _Verweigert:
            return antwort(403, "Anfrage ohne gültiges CSRF-Zeichen abgelehnt.")
        werte = aus_anfrage(formular, self.felder)
        aktion = str(formular.get("_aktion", ""))
        stand = str(formular.get("_stand", ""))
        if aktion in ("speichern", "ueberschreiben"):
            return await self.speichern(request, datei, pfad, werte, stand, aktion, formular)
        fokus = bearbeite(werte, self.felder, aktion)
        return self.formularseite(request, pfad, werte, stand, fokus=fokus,
                                  kopf={"HX-Trigger": "vorschau-noetig"})

    def formularseite(self, request: Request, pfad: str, werte: dict, stand: str, *, fokus: str | None = None,
                      status: str = "", konflikt: dict | None = None, meldungen: list[Meldung] = (),
                      kopf: dict | None = None) -> HTMLResponse:
        elemente = baue(self.felder, werte, fokus=fokus)
        titel = str(werte.get("titel") or Path(pfad).name)
        return self.seite(request, "formular.html.j2", kopf=kopf, pfad=pfad, elemente=elemente, stand=stand,
                          titel=titel, status=status, konflikt=konflikt, allgemein=list(meldungen),
                          bausteine=self.bausteine())

    def bausteine(self) -> list[str]:
        ordner = lade_einstellungen(self.z.projekt_ordner).bausteine_ordner
        return sorted(p.stem for p in ordner.glob("*.md")) if ordner.is_dir() else []

    async def speichern(self, request: Request, datei: Path, pfad: str, werte: dict, stand: str,
                        aktion: str, formular: FormData) -> Response:
        roh = datei.read_bytes()
        jetzt = _stand(roh)
        alter_text = roh.decode("utf-8-sig")
        daten = als_daten(werte, self.felder)
        if not daten.get("id"):
            daten["id"] = slug(datei.stem)  # a saved motion always has its stable identity
            werte["id"] = daten["id"]
        try:
            text = neuer_quelltext(alter_text.replace("\r\n", "\n"), datei.suffix.lower(), daten, self.felder)
        except NichtSicher as e:
            return self.formularseite(request, pfad, werte, stand, status=f"Nicht gespeichert: {e}")
        if jetzt != stand:
            # changed on disk since it was opened: both versions, the user decides
            if aktion != "ueberschreiben" or str(formular.get("_stand_platte", "")) != jetzt:
                konflikt = {"platte": alter_text, "meine": text, "stand_platte": jetzt,
                            "unterschied": "".join(difflib.unified_diff(
                                alter_text.splitlines(True), text.splitlines(True), "auf der Festplatte",
                                "meine Fassung"))}
                return self.formularseite(request, pfad, werte, stand, konflikt=konflikt,
                                          status="Nicht gespeichert: die Datei wurde inzwischen geändert.")
        daten_bytes = text.encode("utf-8")
        if "\r\n" in alter_text:
            daten_bytes = text.replace("\n", "\r\n").encode("utf-8")
        if roh.startswith(b"\xef\xbb\xbf"):
            daten_bytes = b"\xef\xbb\xbf" + daten_bytes
        ziel = datei.resolve()
        try:
            schreibe_atomar(ziel, daten_bytes, modus=stat.S_IMODE(ziel.stat().st_mode))
        except OSError as e:
            return self.formularseite(request, pfad, werte, stand, status=f"Nicht gespeichert: {schreibfehler(datei, e)}")
        # numbers are handed out as `erzeugen` hands them out: into the register, for good
        try:
            ergebnis = await asyncio.to_thread(api.bereite_vor, self.z.projekt(), [datei], register_schreiben=True)
            meldungen = ergebnis.meldungen
        except AntragsFehler as e:
            meldungen = e.meldungen
        self.z.letzte.pop(pfad, None)
        return self.formularseite(request, pfad, werte, _stand(daten_bytes), status=f"Gespeichert um {_zeit()}.",
                                  meldungen=[m for m in meldungen if m.ort is None],
                                  kopf={"HX-Trigger": "vorschau-noetig"})

    # -- preview -------------------------------------------------------------------------------

    async def vorschau(self, request: Request) -> Response:
        try:
            datei = self.datei_von(request.path_params["pfad"])
            formular = await self.formulardaten(request)
        except AntragsFehler as e:  # shown where the preview stands
            return self.seite(request, "vorschau.html.j2", pfad="", bilder=[], elemente=[], allgemein=e.meldungen,
                              hinweis="Keine Vorschau: " + " ".join(str(m) for m in e.meldungen), zeit=_zeit(),
                              fehler=0, warnungen=0, nummer=0, alt=False)
        except _NichtDa:
            return antwort(404, "Diese Antragsdatei gibt es im Projekt nicht.")
        except _Verweigert:
            return antwort(403, "Anfrage ohne gültiges CSRF-Zeichen abgelehnt.")
        pfad = request.path_params["pfad"]
        werte = aus_anfrage(formular, self.felder)
        elemente = baue(self.felder, werte)
        try:
            text = neuer_quelltext(datei.read_bytes().decode("utf-8-sig").replace("\r\n", "\n"),
                                   datei.suffix.lower(), als_daten(werte, self.felder), self.felder)
        except NichtSicher as e:
            return self.seite(request, "vorschau.html.j2", pfad=pfad, bilder=[], elemente=list(_alle(elemente)),
                              allgemein=[], hinweis=str(e), zeit=_zeit(), fehler=0, warnungen=0, nummer=0, alt=False)
        # the newest keystroke wins: a request overtaken while it waited renders nothing
        nummer = self.z.zaehler[pfad] = self.z.zaehler.get(pfad, 0) + 1
        schloss = self.z.schloesser.setdefault(pfad, asyncio.Lock())
        async with schloss:
            if nummer != self.z.zaehler[pfad]:
                return Response(status_code=204)
            try:
                bild = await self.im_vorschauprozess(lambda v: v.vorschau(text, datei.resolve()))
            except AntragsFehler as e:
                return self.seite(request, "vorschau.html.j2", pfad=pfad, bilder=[], elemente=list(_alle(elemente)),
                                  allgemein=e.meldungen, hinweis="Keine Vorschau", zeit=_zeit(), fehler=len(e.meldungen),
                                  warnungen=0, nummer=nummer, alt=False)
        bilder = [base64.b64encode(b).decode("ascii") for b in bild.seiten]
        vorher = self.z.letzte.get(pfad)
        # while the motion has errors, the last good pages stay in view, marked as such
        alt = not bilder and vorher is not None and bool(vorher.bilder)
        self.z.letzte[pfad] = _Stand(text, bild.pdf, bilder or (vorher.bilder if vorher else []))
        zeilen = pfade_mit_zeilen(text, datei.suffix.lower())
        allgemein = verteile(elemente, [(pfad_an(zeilen, m.ort.zeile if m.ort else None), m) for m in bild.meldungen])
        return self.seite(request, "vorschau.html.j2", pfad=pfad, bilder=bilder or self.z.letzte[pfad].bilder,
                          elemente=list(_alle(elemente)), alt=alt,
                          allgemein=allgemein, hinweis="", zeit=_zeit(), nummer=nummer,
                          fehler=sum(m.ist_fehler for m in bild.meldungen),
                          warnungen=sum(not m.ist_fehler for m in bild.meldungen))

    async def datei(self, request: Request) -> Response:
        format_ = request.path_params["format"]
        if format_ not in ("pdf", "docx"):
            return antwort(404, "Dieses Format gibt es hier nicht.")
        try:
            datei = self.datei_von(request.path_params["pfad"])
        except _NichtDa:
            return antwort(404, "Diese Antragsdatei gibt es im Projekt nicht.")
        pfad = request.path_params["pfad"]
        letzte = self.z.letzte.get(pfad)
        text = letzte.text if letzte else datei.read_bytes().decode("utf-8-sig")
        if format_ == "pdf" and letzte and letzte.pdf:
            inhalt, meldungen = letzte.pdf, []
        else:
            try:
                inhalt, meldungen = await self.im_vorschauprozess(lambda v: v.datei(text, datei.resolve(), format_))
            except AntragsFehler as e:
                inhalt, meldungen = None, e.meldungen
        if inhalt is None:
            return antwort(422, "Der Antrag lässt sich noch nicht erzeugen:\n"
                            + "\n".join(str(m) for m in meldungen if m.ist_fehler))
        kennung = _kennung(text, datei)
        art = {"pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}[format_]
        weise = "inline" if format_ == "pdf" else "attachment"
        return Response(inhalt, media_type=art, headers={"content-disposition": f'{weise}; filename="{kennung}.{format_}"'})

    async def projektdatei(self, request: Request) -> Response:
        was = request.path_params["was"]
        if was not in ("uebersicht", "sammelband"):
            return antwort(404, "Diese Datei gibt es hier nicht.")
        try:
            inhalt, meldungen = await self.im_vorschauprozess(lambda v: v.projekt(was))
        except AntragsFehler as e:
            inhalt, meldungen = None, e.meldungen
        if inhalt is None:
            return antwort(422, "\n".join(str(m) for m in meldungen if m.ist_fehler) or "Nicht erzeugt.")
        return Response(inhalt, media_type="application/pdf",
                        headers={"content-disposition": f'inline; filename="{was}.pdf"'})

    # -- office server -------------------------------------------------------------------------

    async def anmelden(self, request: Request) -> Response:
        if request.method == "POST":
            formular = await request.form()
            passwort = str(formular.get("passwort", ""))
            if await asyncio.to_thread(sicherheit.passwort_pruefen, passwort, self.z.passwort):
                return RedirectResponse(f"/{self.z.token}/", status_code=303)
            await asyncio.sleep(1.0)  # guessing stays slow
            return self.seite(request, "anmelden.html.j2", code=401, falsch=True)
        return self.seite(request, "anmelden.html.j2", falsch=False)


def _alle(elemente: list[Element]):
    from .ansicht import alle

    return alle(elemente)


def _kennung(text: str, datei: Path) -> str:
    treffer = re.search(r"^id:\s*['\"]?([a-z0-9-]+)", text, re.MULTILINE)
    return treffer.group(1) if treffer else slug(datei.stem)


class _Verweigert(Exception):
    pass


class _NichtDa(Exception):
    pass

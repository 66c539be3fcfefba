"""The command line: click commands only. Library errors become German messages and
SPEC §6's exit codes here, and nowhere else."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, sammeln
from .cli_deutsch import installieren
from .fehler import AntragsFehler, Meldung

installieren()

QUELLEN = click.argument("quellen", nargs=-1, type=click.Path(path_type=Path), metavar="[QUELLE]...")
ZERTIFIKAT_HILFE = "Zertifikat mit privatem Schlüssel (.p12/.pfx); Passwort aus ANTRAGSGEN_ZERTIFIKAT_PASSWORT oder abgefragt."
PROJEKT = click.option("--projekt", type=click.Path(file_okay=False, path_type=Path), default=None,
                       help="Projektordner mit antragsgen.toml und eingaben/ (Standard: aktueller Ordner).")


def _melden(meldungen: list[Meldung]) -> None:
    for meldung in meldungen:
        farbe = "red" if meldung.ist_fehler else "yellow"
        click.secho(str(meldung), err=True, fg=farbe if sys.stderr.isatty() else None)


def _hinweis(text: str) -> None:
    click.echo(text, err=True)


def _zahl(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{n} {einzahl if n == 1 else mehrzahl}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[OPTIONEN]", subcommand_metavar="BEFEHL [ARGUMENTE]...")
@click.version_option(__version__, "--version", prog_name="antragsgen")
@click.option("--debug", is_flag=True, help="Bei internen Fehlern den Python-Traceback zeigen.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Druckfertige Gemeinderatsanträge (PDF, DOCX) aus YAML- und Markdown-Dateien."""
    ctx.obj = {"debug": debug}


@cli.command(options_metavar="[OPTIONEN]")
@QUELLEN
@click.option("-o", "--ausgabe", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Zielordner (Standard: ausgabe/).")
@click.option("-f", "--format", "formate", default=None, metavar="pdf,docx,html",
              help="Formate, durch Komma getrennt (Standard: pdf,docx oder aus antragsgen.toml).")
@click.option("-t", "--vorlage", default=None, metavar="NAME|ORDNER",
              help="Vorlage aus vorlagen/ oder eingebaute (Standard: standard).")
@click.option("--sammelband", is_flag=True, help="Zusätzlich sammelband.pdf mit allen eingereichten Anträgen.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="So viele Prozesse gleichzeitig (Standard: alle Kerne; 1: alles in einem Prozess).")
@click.option("--alles-neu", is_flag=True, help="Alles neu erzeugen, auch Unverändertes (das Nummernregister bleibt).")
@click.option("--zeilennummern", is_flag=True,
              help="Zeilennummern am Rand jedes Antrags (PDF, HTML; im DOCX die Zeilennummerierung von Word).")
@click.option("--signieren", is_flag=True,
              help="Zu jedem PDF (und dem Sammelband) ID.signiert.pdf mit elektronischer Signatur (PAdES) schreiben.")
@click.option("--zertifikat", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="DATEI.p12",
              help=ZERTIFIKAT_HILFE + " Standard: [signatur] zertifikat in antragsgen.toml.")
@PROJEKT
@click.pass_context
def erzeugen(ctx, quellen, ausgabe, formate, vorlage, sammelband, jobs, alles_neu, zeilennummern, signieren,
             zertifikat, projekt) -> None:
    """Anträge prüfen und als PDF und DOCX erzeugen (Standardquelle: eingaben/).

    Schreibt außerdem die Übersicht (uebersicht.csv, .xlsx, .pdf). Nur Geänderte werden
    neu erzeugt."""
    import time

    from .fortschritt import harfbuzz_hinweis
    from .renderer import bibliotheken
    from .schnelllauf import Aufruf, Schnelllauf

    beginn = time.monotonic()
    with bibliotheken.gemerkt():  # asked at every run: without running ldconfig each time
        hinweis = harfbuzz_hinweis()
    if hinweis:
        click.echo(hinweis, err=True)
    liste = [f.strip().lower() for f in formate.split(",") if f.strip()] if formate else None
    signiert = signieren or zertifikat is not None
    # nothing changed since the last run: say what it said, before anything heavy is imported
    schnell = Schnelllauf(Aufruf(str(projekt or "."), tuple(str(q) for q in quellen), ausgabe and str(ausgabe),
                                 liste and ",".join(liste), vorlage, sammelband, zeilennummern, ctx.obj["debug"]))
    frueher = None if alles_neu or signiert else schnell.frueher()
    if frueher is not None:
        _melden(frueher.meldungen)
        _zusammenfassung(0, 0, frueher.anzahl, 0, beginn)
        sys.exit(0)

    from . import api
    from .fortschritt import Fortschritt
    from .nummern import registerpfad
    from .projekt import Projekt

    # sparsam() for the whole run: loading 500 motions makes as many objects as rendering
    with schnell.voller_lauf(), sammeln.sparsam():
        offen = Projekt.oeffnen(projekt or Path("."), ausgabe=ausgabe, formate=liste, vorlage=vorlage,
                                alles_neu=alles_neu, debug=ctx.obj["debug"], hinweis=_hinweis,
                                zeilennummern=zeilennummern)
        signatur = _signatur_fuer_lauf(offen, signieren, zertifikat)  # a wrong password stops before anything is written
        schnell.beginnen()
        with Fortschritt() as fortschritt:
            ergebnis = api.erzeugen(list(quellen) or None, offen, sammelband=sammelband, jobs=jobs,
                                    fortschritt=fortschritt, signatur=signatur)
        if ergebnis.wiederholt is not None and not signiert:
            schnell.merken(ergebnis.wiederholt, len(ergebnis.antraege), offen.ausgabe,
                           registerpfad(offen.einstellungen))
    _melden(ergebnis.meldungen)
    _zusammenfassung(ergebnis.erzeugt, len(ergebnis.fehlerhaft), ergebnis.unveraendert, len(ergebnis.geschrieben),
                     beginn)
    sys.exit(ergebnis.exit_code)


def _zusammenfassung(erzeugt: int, fehlerhaft: int, unveraendert: int, geschrieben: int, beginn: float) -> None:
    """The run's last line: "412 Anträge erzeugt, 3 fehlerhaft, 85 unverändert übersprungen (…)"."""
    import time

    teile = [f"{_zahl(erzeugt, 'Antrag', 'Anträge')} erzeugt"]
    if fehlerhaft:
        teile.append(f"{fehlerhaft} fehlerhaft")
    if unveraendert:
        teile.append(f"{unveraendert} unverändert übersprungen")
    dauer = f"{time.monotonic() - beginn:.1f}".replace(".", ",")
    click.echo(", ".join(teile) + f" ({_zahl(geschrieben, 'Datei', 'Dateien')} geschrieben, {dauer} s).")


# signing (SPEC §5.2) ------------------------------------------------------------------
def _zertifikat(datei: Path):
    """The certificate, its password from the environment or asked for (never from a file)."""
    import os

    from .fehler import EinstellungsFehler, anzeigepfad, fehler
    from .signieren import PASSWORT_VARIABLE, lade_zertifikat

    def frage() -> str:
        if not sys.stdin.isatty():  # piped input would be a password from a file
            raise EinstellungsFehler(fehler(None, (
                f"Kein Passwort für das Zertifikat: {PASSWORT_VARIABLE} setzen oder im Terminal eingeben.")))
        try:
            return click.prompt(f"Passwort für {anzeigepfad(datei)}", hide_input=True, default="",
                                show_default=False, err=True)
        except click.exceptions.Abort:
            raise EinstellungsFehler(fehler(None, "Kein Passwort eingegeben; nichts signiert.")) from None

    passwort = os.environ.get(PASSWORT_VARIABLE)
    return lade_zertifikat(datei, frage if passwort is None else passwort)


def _signatur_fuer_lauf(projekt, signieren: bool, zertifikat: Path | None):
    from .fehler import EinstellungsFehler, fehler

    if not signieren:
        if zertifikat:
            raise EinstellungsFehler(fehler(None, "--zertifikat gilt nur zusammen mit --signieren."))
        return None
    datei = zertifikat or projekt.einstellungen.zertifikat_datei
    if datei is None:
        raise EinstellungsFehler(fehler(None, (
            "--signieren braucht ein Zertifikat: --zertifikat DATEI.p12 angeben oder in antragsgen.toml "
            "[signatur] zertifikat = \"DATEI.p12\" eintragen.")))
    if "pdf" not in projekt.formate:
        raise EinstellungsFehler(fehler(None, "--signieren signiert PDFs: das Format pdf fehlt (-f)."))
    return _zertifikat(datei)


@cli.command(options_metavar="[OPTIONEN]")
@click.argument("dateien", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path),
                metavar="DATEI.pdf...")
@click.option("--zertifikat", type=click.Path(dir_okay=False, path_type=Path), metavar="DATEI.p12",
              help="(Pflicht) " + ZERTIFIKAT_HILFE)
def signieren(dateien, zertifikat) -> None:
    """PDFs elektronisch signieren (PAdES): schreibt DATEI.signiert.pdf neben jede Datei.

    Die Signatur kommt als Nachtrag ans Ende; PDF/A-2a und PDF/UA-1 bleiben erhalten."""
    from .fehler import EinstellungsFehler, anzeigepfad, fehler
    from .signieren import signiere_dateien

    if zertifikat is None:
        raise EinstellungsFehler(fehler(None, "Zum Signieren fehlt das Zertifikat: --zertifikat DATEI.p12 angeben."))
    geschrieben, meldungen = signiere_dateien(list(dateien), _zertifikat(zertifikat))
    _melden(meldungen)
    for pfad in geschrieben:
        click.echo(f"{anzeigepfad(pfad)} geschrieben.")
    fehlerhaft = len(dateien) - len(geschrieben)
    click.echo(f"{_zahl(len(geschrieben), 'Datei', 'Dateien')} signiert" + (f", {fehlerhaft} fehlerhaft." if fehlerhaft else "."))
    sys.exit(1 if fehlerhaft else 0)


@cli.command(options_metavar="[OPTIONEN]")
@QUELLEN
@PROJEKT
def pruefen(quellen, projekt) -> None:
    """Anträge nur prüfen: alle Probleme aller Dateien, nichts wird geschrieben."""
    from . import api

    from .projekt import Projekt

    ergebnis = api.pruefen(list(quellen) or None, Projekt.oeffnen(projekt or Path("."), hinweis=_hinweis))
    _melden(ergebnis.meldungen)
    n_fehler = sum(1 for m in ergebnis.meldungen if m.ist_fehler)
    n_warn = len(ergebnis.meldungen) - n_fehler
    click.echo(f"{_zahl(len(ergebnis.antraege), 'Antrag', 'Anträge')} in Ordnung, "
               f"{_zahl(len(ergebnis.fehlerhaft), 'fehlerhaft', 'fehlerhaft')}; "
               f"{_zahl(n_fehler, 'Fehler', 'Fehler')}, {_zahl(n_warn, 'Warnung', 'Warnungen')}.")
    sys.exit(ergebnis.exit_code)


@cli.command(options_metavar="[OPTIONEN]")
@click.argument("titel")
@click.option("--art", type=click.Choice(["antrag", "haushaltsantrag", "aenderungsantrag", "anfrage"]),
              default="antrag", show_default=True, help="Art des Antrags.")
@PROJEKT
def neu(titel, art, projekt) -> None:
    """Ein kommentiertes Gerüst eingaben/<titel>.yaml anlegen."""
    from .einstellungen import lade_einstellungen
    from .fehler import anzeigepfad
    from .neu import schreibe_geruest

    ziel = schreibe_geruest(titel, lade_einstellungen(projekt), art=art)
    click.echo(f"{anzeigepfad(ziel)} angelegt. Platzhalter ausfüllen, dann: antragsgen pruefen {anzeigepfad(ziel)}")


@cli.command(options_metavar="[OPTIONEN]")
@click.option("--festschreiben", is_flag=True,
              help="Automatische Nummern als 'lfd_nr:' in die YAML-Dateien schreiben (Kommentare bleiben).")
@click.option("--csv", "csv_datei", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="DATEI", help="Das Register als CSV-Datei (für Excel) ausgeben.")
@PROJEKT
def nummern(festschreiben, csv_datei, projekt) -> None:
    """Das Register der laufenden Nummern (lfd. Nr.) zeigen oder festschreiben."""
    from . import api
    from . import nummern as register
    from .einstellungen import lade_einstellungen

    projekt = projekt or Path(".")
    if festschreiben:
        ergebnis, anzahl = api.nummern_festschreiben(projekt)
        _melden(ergebnis.meldungen)
        click.echo(f"{_zahl(anzahl, 'Nummer', 'Nummern')} in "
                   f"{_zahl(len(ergebnis.geschrieben), 'Datei', 'Dateien')} festgeschrieben.")
        sys.exit(ergebnis.exit_code)
    eintraege = register.eintraege(lade_einstellungen(projekt))
    if csv_datei:
        register.als_csv(eintraege, csv_datei)
        click.echo(f"{_zahl(len(eintraege), 'Nummer', 'Nummern')} nach {csv_datei} geschrieben.")
        return
    if not eintraege:
        click.echo("Das Register ist leer: noch keine Nummer vergeben (antragsgen erzeugen vergibt sie).")
        return
    click.echo(f"{'lfd. Nr.':>8}  {'Antrag':<32} {'Punkt':>5}  {'vergeben am':<10}  {'Status':<13} Text")
    for e in eintraege:
        punkt = e.punkt_id or e.punkt_text
        click.echo(f"{e.lfd_nr:>8}  {e.antrag[:32]:<32} {punkt[:5]:>5}  {e.vergeben_am[:10]:<10}  "
                   f"{register.STATUS_NAMEN[e.status]:<13} {e.text[:60]}")


@cli.command(options_metavar="[OPTIONEN]")
@PROJEKT
def vorlagen(projekt) -> None:
    """Die verfügbaren Vorlagen zeigen (Projekt zuerst, dann eingebaute)."""
    from .vorlagen import alle_vorlagen, eingebaute_ordner

    eingebaut = eingebaute_ordner().resolve()
    for v in alle_vorlagen(projekt or Path(".")):
        ort = "eingebaut" if v.ordner.is_relative_to(eingebaut) else "Projekt"
        click.echo(f"{v.name:<16} {ort:<10} {v.beschreibung}")


@cli.group(options_metavar="[OPTIONEN]", subcommand_metavar="BEFEHL [ARGUMENTE]...")
def vorlage() -> None:
    """Eine Vorlage kopieren oder prüfen."""


@vorlage.command(options_metavar="[OPTIONEN]")
@click.argument("name")
@click.option("--von", default="standard", show_default=True, metavar="VORLAGE", help="Welche Vorlage kopiert wird.")
@PROJEKT
def kopieren(name, von, projekt) -> None:
    """Eine Vorlage nach vorlagen/NAME/ kopieren, um sie anzupassen."""
    from .fehler import anzeigepfad
    from .vorlagen import kopiere_vorlage

    ziel = kopiere_vorlage(name, von, projekt or Path("."))
    click.echo(f"{anzeigepfad(ziel)} angelegt. Farben und Schriften in antrag.css, Briefkopf und Formatvorlagen "
               f"in antrag.docx (mit Word) anpassen; benutzen mit: antragsgen erzeugen -t {name}")


@vorlage.command("pruefen", options_metavar="[OPTIONEN]")
@click.argument("name")
@PROJEKT
def vorlage_pruefen(name, projekt) -> None:
    """Eine Vorlage vor dem Lauf prüfen: Syntax, Namen, fehlende Dateien."""
    from .vorlagen import finde_vorlage
    from .vorlagen_pruefen import pruefe_vorlage

    meldungen = pruefe_vorlage(finde_vorlage(name, projekt or Path(".")))
    _melden(meldungen)
    n_fehler = sum(1 for m in meldungen if m.ist_fehler)
    click.echo(f"Vorlage '{name}': {_zahl(n_fehler, 'Fehler', 'Fehler')}, "
               f"{_zahl(len(meldungen) - n_fehler, 'Warnung', 'Warnungen')}.")
    sys.exit(1 if n_fehler else 0)


@cli.command(options_metavar="[OPTIONEN]")
@click.argument("dateien", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="DATEI.docx...")
@click.option("-o", "--ausgabe", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="ORDNER",
              help="Zielordner der Antragsdateien (Standard: eingaben/).")
@PROJEKT
def einlesen(dateien, ausgabe, projekt) -> None:
    """Vorhandene Word-Anträge (.docx, .odt, .doc; auch ganze Ordner) in Antragsdateien umwandeln.

    Schreibt je Dokument eine YAML-Datei (nie über eine vorhandene) und nennt, was erkannt
    wurde und was ein Mensch prüfen sollte (im YAML als „# prüfen: …“)."""
    from .einlesen import einlesen as lies_ein
    from .einstellungen import lade_einstellungen
    from .fehler import anzeigepfad

    ergebnis = lies_ein(list(dateien), lade_einstellungen(projekt), ausgabe)
    _melden(ergebnis.hinweise)
    for datei in ergebnis.dateien:
        if datei.ziel is not None:
            click.echo(f"{anzeigepfad(datei.quelle)} → {anzeigepfad(datei.ziel)}: erkannt: {', '.join(datei.erkannt)}")
        _melden(datei.meldungen)
    fehlerhaft = sum(1 for d in ergebnis.dateien if d.ziel is None)
    zu_pruefen = sum(1 for m in ergebnis.meldungen if not m.ist_fehler)
    click.echo(f"{_zahl(len(ergebnis.dateien) - fehlerhaft, 'Dokument', 'Dokumente')} eingelesen, "
               f"{fehlerhaft} fehlerhaft; {_zahl(zu_pruefen, 'Stelle', 'Stellen')} zum Prüfen.")
    sys.exit(ergebnis.exit_code)


@cli.command(options_metavar="[OPTIONEN]")
@click.option("-o", "--ausgabe", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="DATEI",
              help="In eine Datei schreiben statt auf den Bildschirm.")
def schema(ausgabe) -> None:
    """Das JSON-Schema des Antragsformats ausgeben (für die Vervollständigung im Editor)."""
    from .schema import als_text
    from .schreiben import schreibe_atomar

    if ausgabe:
        schreibe_atomar(ausgabe, als_text().encode("utf-8"))
        click.echo(f"{ausgabe} geschrieben.")
    else:
        click.echo(als_text(), nl=False)


@cli.command(options_metavar="[OPTIONEN]")
@click.option("--port", type=click.IntRange(0, 65535), default=None, metavar="N",
              help="Port des Servers (Standard: ein freier).")
@click.option("--adresse", default="127.0.0.1", show_default=True, metavar="ADR",
              help="Adresse des Servers; 0.0.0.0 für andere Rechner im Netz (braucht ein Passwort).")
@click.option("--kein-browser", is_flag=True, help="Den Browser nicht öffnen, nur die Adresse ausgeben.")
@click.option("--passwort-setzen", is_flag=True,
              help="Das Passwort für andere Rechner festlegen (als Hash in antragsgen.toml) und beenden.")
@PROJEKT
def oberflaeche(port, adresse, kein_browser, passwort_setzen, projekt) -> None:
    """Die Anträge im Browser bearbeiten: Liste, Formular, Vorschau (nur auf diesem Rechner,
    mit Zugangszeichen in der Adresse)."""
    from .fehler import anzeigepfad
    from .oberflaeche import server

    ordner = projekt or Path(".")
    if passwort_setzen:
        passwort = click.prompt("Neues Passwort", hide_input=True, confirmation_prompt="Noch einmal")
        datei = server.passwort_setzen(ordner, passwort)
        click.echo(f"Passwort als Hash in {anzeigepfad(datei)} [oberflaeche] gespeichert.")
        return
    server.starte(ordner, port=port, adresse=adresse, browser=not kein_browser, melden=click.echo)


def main(argv: list[str] | None = None) -> None:
    """Entry point: German messages and our exit codes, never click's or a traceback."""
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    sammeln.zum_ende()
    try:
        cli.main(args=argv, prog_name="antragsgen", standalone_mode=False)
    except AntragsFehler as e:
        _melden(e.meldungen)
        sys.exit(e.exit_code)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help())
        sys.exit(2)
    except click.UsageError as e:
        e.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Abgebrochen.", err=True)
        sys.exit(130)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Abgebrochen.", err=True)
        sys.exit(130)
    except Exception as e:  # a bug of ours: say so in German, details with --debug
        if debug:
            raise
        click.echo(f"Interner Fehler: {type(e).__name__}: {e} (Details mit --debug)", err=True)
        sys.exit(1)

"""Start the editor: a socket on the address asked for, the address printed with its
token, the browser opened, uvicorn serving until Ctrl+C."""

from __future__ import annotations

import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..einstellungen import lade_einstellungen
from ..fehler import EinstellungsFehler, fehler
from . import sicherheit

LOKAL = {"127.0.0.1", "localhost", "::1"}


def _socket(adresse: str, port: int) -> socket.socket:
    familie = socket.AF_INET6 if ":" in adresse else socket.AF_INET
    sock = socket.socket(familie, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((adresse, port))
    except OSError as e:
        sock.close()
        raise EinstellungsFehler(fehler(None, (
            f"Die Oberfläche kann nicht auf {adresse}:{port} starten ({e.strerror}); "
            "bitte mit --port einen anderen Port wählen."))) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def starte(projekt: Path, *, port: int | None = None, adresse: str = "127.0.0.1", browser: bool = True,
           melden: Callable[[str], None] = print) -> None:
    """Serve the editor over `projekt` until interrupted."""
    import uvicorn

    from .app import erstelle_app

    einstellungen = lade_einstellungen(projekt)
    passwort = einstellungen.oberflaeche.passwort
    if adresse not in LOKAL and not passwort:
        raise EinstellungsFehler(fehler(None, (
            f"Für --adresse {adresse} (andere Rechner im Netz) braucht die Oberfläche ein Passwort: "
            "bitte zuerst antragsgen oberflaeche --passwort-setzen ausführen. Es steht dann als Hash "
            "in antragsgen.toml unter [oberflaeche].")))
    sock = _socket(adresse, port or 0)
    port = sock.getsockname()[1]
    token = sicherheit.neues_geheimnis()
    lokal = adresse in LOKAL
    wirt = f"[{adresse}]" if ":" in adresse else adresse
    hosts = {f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")} if lokal else None
    app = erstelle_app(projekt, token=token, passwort=None if lokal else passwort, erlaubte_hosts=hosts)
    sichtbar = "127.0.0.1" if adresse in ("127.0.0.1", "localhost") else (
        socket.gethostname() if adresse in ("0.0.0.0", "::") else wirt)
    url = f"http://{sichtbar}:{port}/{token}/"
    melden(f"Oberfläche läuft: {url}")
    if not lokal:
        melden(f"Kolleginnen und Kollegen melden sich an unter http://{sichtbar}:{port}/anmelden "
               "(Passwort aus antragsgen.toml). Die Verbindung ist nicht verschlüsselt: nur im eigenen Netz nutzen.")
    melden("Beenden mit Strg+C.")
    konfiguration = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(konfiguration)
    if browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def passwort_setzen(projekt: Path, passwort: str) -> Path:
    if len(passwort) < 8:
        raise EinstellungsFehler(fehler(None, "Das Passwort braucht mindestens 8 Zeichen."))
    lade_einstellungen(projekt)  # a broken antragsgen.toml is said before it is changed
    return sicherheit.passwort_speichern(projekt, passwort)

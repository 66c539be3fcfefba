"""What stands before every request: the access token of this start (401 without, 403 with
a wrong one, never a redirect), the Host a browser on this machine sends (no DNS rebinding),
and the security headers of every answer (nothing but this server may be loaded)."""

from __future__ import annotations

import re

from starlette.responses import PlainTextResponse, Response

from .sicherheit import gleich

SICHERHEITSKOPF = {
    # nothing but this server: no CDN, no inline script, images of the preview as data: URIs
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


class Waechter:
    """The token on every request (401 without, 403 with a wrong one), the Host a browser
    on this machine sends (no DNS rebinding), and the security headers on every answer."""

    def __init__(self, app, token: str, *, passwort: bool = False, erlaubte_hosts: set[str] | None = None):
        self.app, self.token, self.passwort, self.erlaubte_hosts = app, token, passwort, erlaubte_hosts
        self.state = app.state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        erster = scope["path"].lstrip("/").split("/", 1)[0]
        if self.erlaubte_hosts is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if host not in self.erlaubte_hosts:
                return await antwort(403, "Unbekannter Host.")(scope, receive, send)
        if not gleich(erster, self.token) and not (
                self.passwort and scope["path"] == "/anmelden"):
            if re.fullmatch(r"[A-Za-z0-9_-]{16,}", erster):
                return await antwort(403, "Falsches Zugangszeichen: bitte die Adresse verwenden, "
                                           "die antragsgen oberflaeche ausgegeben hat.")(scope, receive, send)
            return await antwort(401, "Zugangszeichen fehlt: bitte die Adresse verwenden, "
                                       "die antragsgen oberflaeche ausgegeben hat.")(scope, receive, send)

        async def mit_kopf(nachricht):
            if nachricht["type"] == "http.response.start":
                kopf = [(k, v) for k, v in nachricht.get("headers", []) if k.decode().lower() not in SICHERHEITSKOPF]
                kopf += [(k.encode(), v.encode()) for k, v in SICHERHEITSKOPF.items()]
                nachricht = {**nachricht, "headers": kopf}
            await send(nachricht)

        await self.app(scope, receive, mit_kopf)


def antwort(code: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=code, headers=SICHERHEITSKOPF)

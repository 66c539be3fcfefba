#!/usr/bin/env bash
# Systempakete für antragsgen (Debian/Ubuntu). Als root installiert es, was fehlt;
# sonst sagt es, was fehlt, und macht weiter. Aufgerufen von start.py und .ci/run.
#   Pango, Schriften       – Pflicht für die PDF-Ausgabe (WeasyPrint)
#   libharfbuzz-subset0    – PDF etwa 3× schneller (sonst Schriften-Teilmengen per fontTools)
#   libreoffice-writer-nogui – Word-Rundreise-Test (DOCX → PDF mit LibreOffice)
#   poppler-utils          – PDF-Seiten als PNG ansehen (pdftoppm)
#   chromium               – Browser-Tests der Oberfläche (Playwright mit dem System-Chromium)
set -u
pakete=(libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation libharfbuzz-subset0 libreoffice-writer-nogui poppler-utils chromium)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "einrichten: kein Debian-System; bitte Pango (für WeasyPrint) selbst installieren, LibreOffice optional."
  exit 0
fi
fehlend=()
for p in "${pakete[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fehlend+=("$p")
done
if [ ${#fehlend[@]} -eq 0 ]; then
  echo "einrichten: Systempakete vorhanden."
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "einrichten: es fehlen ${fehlend[*]}; als root installieren mit: sudo bash werkzeuge/einrichten.sh (wird übersprungen)."
  exit 0
fi
echo "einrichten: installiere ${fehlend[*]} …"
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${fehlend[@]}" >/dev/null; then
  echo "einrichten: fertig."
else
  echo "einrichten: Warnung: Installation von ${fehlend[*]} fehlgeschlagen; weiter ohne."
fi
exit 0

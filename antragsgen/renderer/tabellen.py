"""The overview (uebersicht.Uebersicht) as CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from .. import sammeln, schreibweise
from ..fehler import VorlagenFehler
from ..kosten import DAUERHAFT, OHNE_SATZ, summe_text
from ..schreibweise import csv_text, ist_formel
from ..uebersicht import Summe, Uebersicht
from ..vorlagen import Vorlage, jinja_umgebung, vorlagen_meldung

KOPF = ["lfd. Nr.", "Antrag", "Titel", "Fraktion", "Art", "Stellen (VZÄ)", "Entgeltgruppe", "Bereich",
        "Haushaltsstelle"]


def als_text_zellen(zeile) -> None:
    """XLSX: openpyxl turns every str starting with "=" into a formula; keep text cells strings."""
    for zelle in zeile:
        if ist_formel(zelle.value):
            zelle.data_type = "s"


def _kopf(uebersicht: Uebersicht) -> list[str]:
    return (KOPF + _bezug(uebersicht, "Bezug") + [str(j) for j in uebersicht.jahre]
            + _dauerhaft(uebersicht, "dauerhaft") + ["Status"])


def _dauerhaft(uebersicht: Uebersicht, wert) -> list:
    """The cell of the column "dauerhaft", where the overview has it."""
    return [wert] if uebersicht.mit_dauerhaft else []


def _bezug(uebersicht: Uebersicht, wert) -> list:
    """The cell of the column "Bezug" (what an amendment amends), where the overview has it."""
    return [wert] if uebersicht.mit_bezug else []


def _summenname(summe: Summe) -> str:
    return summe_text(summe.name, summe.vollstaendig)


def als_csv(uebersicht: Uebersicht) -> bytes:
    """Semicolons, decimal comma, UTF-8 with BOM: opens as a table in a German Excel."""
    def zahl(wert: Decimal | None) -> str:
        return "" if wert is None else schreibweise.zahl(wert).replace(".", "")

    def stellen(wert: Decimal | None) -> str:
        return "" if wert is None else schreibweise.anteil(wert)

    puffer = io.StringIO()
    schreiber = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    schreiber.writerow(_kopf(uebersicht))
    for z in uebersicht.zeilen:
        betraege = [OHNE_SATZ if j in z.betraege and z.betraege[j] is None else zahl(z.betraege.get(j))
                    for j in uebersicht.jahre]
        schreiber.writerow([z.lfd_nr or "", *map(csv_text, (z.antrag, z.titel, z.fraktion, z.art)), stellen(z.stellen),
                            *map(csv_text, (z.entgeltgruppe, z.bereich, z.haushaltsstelle)),
                            *_bezug(uebersicht, csv_text(z.bezug)), *betraege,
                            *_dauerhaft(uebersicht, DAUERHAFT if z.dauerhaft else ""), csv_text(z.status)])
    schreiber.writerow([])
    for s in uebersicht.summen:
        schreiber.writerow(["", csv_text(_summenname(s)), "", "", "", stellen(s.stellen), "", "", "",
                            *_bezug(uebersicht, ""), *(zahl(s.betraege[j]) for j in uebersicht.jahre), *_dauerhaft(uebersicht, ""), ""])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def als_xlsx(uebersicht: Uebersicht, stand: dt.date) -> bytes:
    """Typed cells, frozen header row, autofilter over the rows, totals below."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Übersicht"
    kopf = _kopf(uebersicht)
    blatt.append(kopf)
    for zelle in blatt[1]:
        zelle.font = Font(bold=True)
        zelle.alignment = Alignment(wrap_text=True, vertical="top")
    erste_jahr_spalte = len(KOPF) + len(_bezug(uebersicht, 1)) + 1
    zeile = 1

    def anhaengen(werte: list) -> list:
        """The cells of the appended row (blatt[blatt.max_row] looks at every cell: quadratic in the rows)."""
        nonlocal zeile
        blatt.append(werte)
        zeile += 1
        return [blatt.cell(zeile, spalte) for spalte in range(1, len(kopf) + 1)]

    for z in uebersicht.zeilen:
        betraege = [OHNE_SATZ if j in z.betraege and z.betraege[j] is None
                    else (int(z.betraege[j]) if j in z.betraege else None) for j in uebersicht.jahre]
        als_text_zellen(anhaengen([z.lfd_nr, z.antrag, z.titel, z.fraktion, z.art,
                                   float(z.stellen) if z.stellen is not None else None, z.entgeltgruppe or None,
                                   z.bereich or None, z.haushaltsstelle or None, *_bezug(uebersicht, z.bezug or None),
                                   *betraege, *_dauerhaft(uebersicht, DAUERHAFT if z.dauerhaft else None), z.status]))
    blatt.auto_filter.ref = f"A1:{get_column_letter(len(kopf))}{zeile}"
    blatt.freeze_panes = "A2"
    anhaengen([])
    for s in uebersicht.summen:
        zellen = anhaengen([None, _summenname(s), None, None, None, float(s.stellen) if s.stellen is not None else None,
                            None, None, None, *_bezug(uebersicht, None), *(int(s.betraege[j]) for j in uebersicht.jahre),
                            *_dauerhaft(uebersicht, None), None])
        als_text_zellen(zellen)
        for zelle in zellen:
            zelle.font = Font(bold=True)
    for zeile in blatt.iter_rows(min_row=2):
        zeile[5].number_format = "0.0##"
        for zelle in zeile[erste_jahr_spalte - 1:erste_jahr_spalte - 1 + len(uebersicht.jahre)]:
            zelle.number_format = '#,##0 "€"'
    breiten = [9, 28, 40, 22, 8, 10, 12, 12, 16] + _bezug(uebersicht, 30) + [13] * len(uebersicht.jahre) + _dauerhaft(uebersicht, 11) + [13]
    for nummer, breite in enumerate(breiten, 1):
        blatt.column_dimensions[get_column_letter(nummer)].width = breite
    mappe.properties.title = "Übersicht der Antragspunkte"
    mappe.properties.creator = "antragsgen"
    mappe.properties.created = mappe.properties.modified = dt.datetime.combine(stand, dt.time())
    puffer = io.BytesIO()
    mappe.save(puffer)
    return puffer.getvalue()


class UebersichtPdf:
    """The overview as a landscape PDF table (header row repeated on every page)."""

    DATEI = "uebersicht.html.j2"

    def __init__(self, vorlage: Vorlage, pdf_variante: str = "pdf/a-2a"):
        from .weasy import Satz

        self.datei = vorlage.datei(self.DATEI)
        self.satz = Satz(vorlage.suchpfad, self.datei.parent.as_uri() + "/", pdf_variante)
        self.fetcher = self.satz.fetcher
        try:
            self.template = jinja_umgebung(vorlage.suchpfad).get_template(self.DATEI)
        except Exception as e:
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None

    def render(self, uebersicht: Uebersicht, stand: dt.date, titel: str = "Übersicht der Antragspunkte") -> bytes:
        try:
            quelle = self.template.render(uebersicht=uebersicht, stand=stand, titel=titel, ohne_satz=OHNE_SATZ,
                                          summenname=_summenname)
        except Exception as e:
            raise VorlagenFehler(vorlagen_meldung(e, self.datei)) from None
        with sammeln.pausiert():
            return self.satz.pdf(quelle)


__all__ = ["UebersichtPdf", "als_csv", "als_xlsx"]

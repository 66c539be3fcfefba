"""PDF/A and PDF/UA-1 for every PDF antragsgen writes (SPEC §5.2): what WeasyPrint cannot be
told by markup or CSS, set right in its finisher hook, on the PDF objects before they are written.

WeasyPrint 70 tags the document itself; where it differs from what PDF/A-2a and PDF/UA-1 ask:

- It claims PDF/A or PDF/UA, never both, and compresses the XMP metadata. We write one XMP
  packet, uncompressed, with `pdfaid` and `pdfuaid` and the extension schema PDF/A-2 needs
  for `pdfuaid`.
- A list item holding a paragraph gets `Lbl` + `P`, and a nested list becomes a sibling of
  its item. PDF/UA wants `LI` › `Lbl` + `LBody` at every level, the sub-list inside the body
  of the item it belongs to.
- An element that runs onto the next page becomes two (the tree is built page by page); they
  are joined again where the layout says the box continues.
- The running header and footer (CSS margin boxes) are marked content whose structure
  elements hang nowhere in the tree: a screen reader would meet them nowhere, a validator as
  untagged content. They become artifacts (`/Pagination`), as PDF/UA asks of page furniture.
- Images ask the viewer to interpolate, which PDF/A forbids.
- A figure's bounding box is in CSS pixels measured from the top; PDF wants points from the bottom.

Working on WeasyPrint's objects (not on a parsed file afterwards) keeps one pass and the
bytes stable: the content streams are still lists of operators here.
"""

from __future__ import annotations

import pydyf

UA_TEIL = 1

# PDF/A-2 knows pdfaid but not pdfuaid: a schema outside its list must be declared (ISO 19005-2, 6.6.2.3)
_UA_ERWEITERUNG = """<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="%d"/>
"""


def variante_teile(variante: str) -> tuple[int, str]:
    """"pdf/a-2a" → (2, "A")."""
    teil = variante.rsplit("-", 1)[1]
    return int(teil[:-1]), teil[-1].upper()


class Barrierefrei:
    """WeasyPrint's `finisher`: PDF/A + PDF/UA-1 metadata, list structure, artifacts.
    `weiter` is called afterwards (e.g. for page labels)."""

    def __init__(self, variante: str, weiter=None):
        self.teil, self.stufe = variante_teile(variante)
        self.weiter = weiter

    def __call__(self, dokument, pdf: pydyf.PDF) -> None:
        _Baum(pdf).richte(dokument)
        _ohne_interpolation(pdf)
        self._metadaten(dokument, pdf)
        if self.weiter:
            self.weiter(dokument, pdf)

    def _metadaten(self, dokument, pdf: pydyf.PDF) -> None:
        rdf = dokument.metadata.generate_rdf_metadata("a", self.teil, self.stufe).decode("utf-8")
        ende = rdf.rindex("</rdf:RDF>")
        rdf = rdf[:ende] + _UA_ERWEITERUNG % UA_TEIL + rdf[ende:]
        inhalt = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
                  '<x:xmpmeta xmlns:x="adobe:ns:meta/">' + rdf + '</x:xmpmeta>\n<?xpacket end="r"?>')
        strom = _objekt(pdf, pdf.catalog["Metadata"])
        # uncompressed: PDF/A-1 forbids a filter here, and validators check PDF/A-2 files for it too
        strom.stream, strom.compress = [inhalt.encode("utf-8")], False


def _ohne_interpolation(pdf: pydyf.PDF) -> None:
    """PDF/A forbids /Interpolate true on images (ISO 19005-2, 6.2.8); WeasyPrint sets it for every
    image with `image-rendering: auto`, in any template's CSS. It is only a hint to the viewer."""
    for o in pdf.objects:
        if isinstance(o, pydyf.Stream) and o.extra.get("Interpolate") == "true":
            o.extra["Interpolate"] = "false"


def _objekt(pdf: pydyf.PDF, ref) -> pydyf.Object:
    return pdf.objects[int(ref.split()[0])]


class _Baum:
    """WeasyPrint's structure tree, as pydyf objects."""

    def __init__(self, pdf: pydyf.PDF):
        self.pdf = pdf
        self.wurzel = _objekt(pdf, pdf.catalog["StructTreeRoot"]) if "StructTreeRoot" in pdf.catalog else None

    def richte(self, dokument) -> None:
        if self.wurzel is None:
            return
        self._verbinde_seiten(dokument)
        self._artefakte()
        elemente = [o for o in self.pdf.objects if _ist_element(o)]
        for bild in [e for e in elemente if e["S"] == "/Figure" and "A" in e and "BBox" in e["A"]]:
            self._bildrahmen(bild)
        elemente = [o for o in self.pdf.objects if _ist_element(o)]
        for li in [e for e in elemente if e["S"] == "/LI"]:
            self._mit_lbody(li)
        for liste in [e for e in elemente if e["S"] == "/L"]:
            self._unterlisten_einhaengen(liste)
        for e in elemente:  # what CSS generates without content (the ENTWURF image's box) says nothing
            if e.get("S") in ("/NonStruct", "/Div") and not e["K"] and "P" in e:
                eltern = self._element(e["P"])
                eltern["K"] = pydyf.Array([k for k in eltern["K"] if k != e.reference])
                e.clear()

    def _element(self, ref) -> pydyf.Dictionary:
        return _objekt(self.pdf, ref)

    def _bildrahmen(self, bild: pydyf.Dictionary) -> None:
        """WeasyPrint writes a figure's BBox in CSS pixels from the top; PDF wants points from the bottom."""
        x1, y1, x2, y2 = (float(v) for v in bild["A"]["BBox"])
        hoehe = float(self._element(bild["Pg"])["MediaBox"][3])
        bild["A"]["BBox"] = pydyf.Array([x1 * 0.75, hoehe - y2 * 0.75, x2 * 0.75, hoehe - y1 * 0.75])

    # elements split across pages -----------------------------------------------------
    def _verbinde_seiten(self, dokument) -> None:
        """WeasyPrint builds the tree page by page: an article, section, list or paragraph that
        runs onto the next page becomes two elements. Where the layout says the first box on a
        page continues the last one of the page before, the two become one again."""
        dok = self._element(self.wurzel["K"][0])
        seiten = self.pdf.page_references
        seite_von = {ref: i for i, ref in enumerate(seiten)}
        for nummer in range(1, len(dokument.pages)):
            # the last element before this page: of the page before, or one joined with it already
            oben = [k for k in dok["K"] if seite_von.get(self._element(k).get("Pg"), nummer) < nummer]
            unten = [k for k in dok["K"] if self._element(k).get("Pg") == seiten[nummer]]
            kette = _fortsetzungen(dokument.pages[nummer - 1]._page_box, dokument.pages[nummer]._page_box)
            if oben and unten and kette and self._verbinde(self._element(oben[-1]), self._element(unten[0]), kette):
                dok["K"] = pydyf.Array([k for k in dok["K"] if k != unten[0]])

    def _verbinde(self, a: pydyf.Dictionary, b: pydyf.Dictionary, kette: list[str]) -> bool:
        """Move b's kids into a (b continues a); the first of them may continue a's last kid."""
        if a.get("S") != b.get("S") or a["S"] != f"/{kette[0]}" or any(isinstance(k, int) for k in b["K"]):
            return False
        if a["S"] == "/Table":
            self._verbinde_tabelle(a, b)
            return True
        kinder = list(b["K"])
        if a["S"] not in ("/LI", "/P", "/Table") and len(kette) > 1 and a["K"] and kinder \
                and not isinstance(a["K"][-1], int) and self._verbinde(
                    self._element(a["K"][-1]), self._element(kinder[0]), kette[1:]):
            kinder = kinder[1:]
        for k in kinder:
            self._haenge_an(a, k)
        b.clear()
        return True

    def _verbinde_tabelle(self, a: pydyf.Dictionary, b: pydyf.Dictionary) -> None:
        """A table's rest on the next page: its rows join a's body (and foot); the header row
        WeasyPrint repeats there (and a footer repeated whole) leaves the tree, so it becomes an
        artifact like all page furniture, and the rest's cells name a's header cells."""
        teile = {self._element(k)["S"]: k for k in a["K"] if not isinstance(k, int)}
        zuordnung, zeilen = {}, []
        for k in list(b["K"]):
            teil = self._element(k)
            art = teil["S"]
            wiederholt = art in ("/THead", "/TFoot") and art in teile \
                and len(self._element(teile[art])["K"]) == len(teil["K"])
            if wiederholt:
                if art == "/THead":
                    zuordnung = dict(zip(self._kopf_ids(teil), self._kopf_ids(self._element(teile[art]))))
                continue  # not in the tree any more: _artefakte() takes its content
            zeilen += teil["K"]
            if art in teile:
                for zeile in teil["K"]:
                    self._haenge_an(self._element(teile[art]), zeile)
                teil.clear()
            else:  # a body (or foot) a has not got: it goes where it belongs, before a's foot
                stelle = len(a["K"]) - (1 if "/TFoot" in teile and art != "/TFoot" else 0)
                a["K"].insert(stelle, k)
                teil["P"] = a.reference
                teile[art] = k
        # only the rest's own cells name the repeated header (looking at every cell of the
        # document on every page grew with pages × cells: 5 s for an overview of 2000 rows)
        for zelle in self._unter(zeilen, "/TD"):
            if "A" in zelle and "Headers" in zelle["A"]:
                zelle["A"]["Headers"] = pydyf.Array(
                    pydyf.String(zuordnung[h.string]) if isinstance(h, pydyf.String) and h.string in zuordnung else h
                    for h in zelle["A"]["Headers"])
        b.clear()

    def _unter(self, refs: list, art: str) -> list[pydyf.Dictionary]:
        """The elements of kind `art` (a cell) below `refs`, in document order, not looking into one."""
        gefunden, offen = [], list(reversed(refs))
        while offen:
            k = offen.pop()
            if isinstance(k, int):
                continue
            e = self._element(k)
            if not _ist_element(e):
                continue
            if e["S"] == art:
                gefunden.append(e)
            else:
                offen += reversed(e["K"] if isinstance(e["K"], pydyf.Array) else [e["K"]])
        return gefunden

    def _kopf_ids(self, kopf: pydyf.Dictionary) -> list[str]:
        """The IDs of the header cells below `kopf`, in order."""
        return [e["ID"].string for e in self._unter(kopf["K"], "/TH") if "ID" in e]

    # lists ------------------------------------------------------------------------
    def _mit_lbody(self, li: pydyf.Dictionary) -> None:
        """LI › Lbl + LBody: whatever else the item holds goes into one LBody."""
        kinder = [k for k in li["K"] if not isinstance(k, int)]
        if len(kinder) != len(li["K"]):
            return  # marked content right in the LI: not what WeasyPrint writes, leave it
        rest = [k for k in kinder if self._element(k)["S"] != "/Lbl"]
        if all(self._element(k)["S"] == "/LBody" for k in rest) and len(rest) <= 1:
            return
        koerper = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(),
                                    "P": li.reference})
        if "Pg" in li:
            koerper["Pg"] = li["Pg"]
        self.pdf.add_object(koerper)
        for k in rest:
            kind = self._element(k)
            if kind["S"] == "/LBody":  # an LBody among other kids: its contents join the new one
                for enkel in kind["K"]:
                    self._haenge_an(koerper, enkel)
                kind.clear()
            else:
                self._haenge_an(koerper, k)
        li["K"] = pydyf.Array([k for k in kinder if k not in rest] + [koerper.reference])

    def _unterlisten_einhaengen(self, liste: pydyf.Dictionary) -> None:
        """WeasyPrint hangs a nested list beside its item (L › L); it belongs into the item's LBody."""
        neu = pydyf.Array()
        for k in liste["K"]:
            kind = None if isinstance(k, int) else self._element(k)
            vorher = self._element(neu[-1]) if neu and not isinstance(neu[-1], int) else None
            if kind is not None and kind["S"] == "/L" and vorher is not None and vorher["S"] == "/LI":
                koerper = next((self._element(x) for x in vorher["K"]
                                if not isinstance(x, int) and self._element(x)["S"] == "/LBody"), None)
                if koerper is None:
                    koerper = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(),
                                                "P": vorher.reference})
                    self.pdf.add_object(koerper)
                    vorher["K"].append(koerper.reference)
                self._haenge_an(koerper, k)
            else:
                neu.append(k)
        liste["K"] = neu

    def _haenge_an(self, eltern: pydyf.Dictionary, ref) -> None:
        eltern["K"].append(ref)
        if not isinstance(ref, int):
            kind = self._element(ref)
            if _ist_element(kind):
                kind["P"] = eltern.reference

    # artifacts --------------------------------------------------------------------
    def _artefakte(self) -> None:
        """Marked content whose element is not in the tree (WeasyPrint's margin boxes) → /Artifact."""
        erreicht, offen = set(), list(self.wurzel["K"])
        while offen:
            ref = offen.pop()
            if isinstance(ref, int) or ref in erreicht:
                continue
            erreicht.add(ref)
            element = self._element(ref)
            if isinstance(element, pydyf.Dictionary) and "K" in element:
                offen.extend(element["K"] if isinstance(element["K"], pydyf.Array) else [element["K"]])
        waisen = [o for o in self.pdf.objects if _ist_element(o) and o.reference not in erreicht]
        je_seite: dict[bytes, set[int]] = {}
        for w in waisen:
            mcids = [k for k in w["K"] if isinstance(k, int)]
            if mcids and "Pg" in w:
                je_seite.setdefault(w["Pg"], set()).update(mcids)
        eltern_baum = self._element(self.wurzel["ParentTree"])["Nums"]
        for seite_ref, mcids in je_seite.items():
            seite = self._element(seite_ref)
            _als_artefakt(self._element(seite["Contents"]), mcids)
            zuordnung = eltern_baum[2 * seite["StructParents"] + 1]  # [0, [...], 1, [...], …]
            for mcid in mcids:
                zuordnung[mcid] = b"null"
        for w in waisen:
            w.clear()  # unreferenced now; an empty dictionary keeps the object numbers


# the HTML elements through which a split is followed, as WeasyPrint tags them; others end the search
_FOLGEN = {"article": "Art", "section": "Sect", "div": "Div", "main": "Part", "blockquote": "BlockQuote",
           "ul": "L", "ol": "L", "li": "LI", "p": "P", "table": "Table"}


def _fortsetzungen(vorige, seite) -> list[str]:
    """The tags of the boxes at the top of `seite` that continue a box of the page before,
    outermost first: the first child, then its first child …, as long as each is a fragment of
    the same HTML element as the last box at that depth of `vorige`."""
    kette = []
    for oben, unten in zip(_kette(vorige, -1), _kette(seite, 0)):
        if oben.element is not unten.element or unten.element_tag not in _FOLGEN:
            break
        kette.append(_FOLGEN[unten.element_tag])
    return kette


def _kette(seite, stelle: int) -> list:
    """The block boxes from the page down, always the first (0) or the last (-1) child."""
    from weasyprint.formatting_structure import boxes

    kette, box = [], seite
    while True:
        kinder = [k for k in getattr(box, "children", []) if not isinstance(k, boxes.MarginBox)]
        if not kinder or type(kinder[stelle]) is not boxes.BlockBox:
            return kette
        box = kinder[stelle]
        if box.element_tag not in ("html", "body"):
            kette.append(box)


def _ist_element(o) -> bool:
    return isinstance(o, pydyf.Dictionary) and o.get("Type") == "/StructElem"


def _als_artefakt(strom: pydyf.Stream, mcids: set[int]) -> None:
    teile = strom.stream
    for i in range(1, len(teile) - 1):
        teil = teile[i]
        if isinstance(teil, pydyf.Dictionary) and teil.get("MCID") in mcids and teile[i + 1] == b"BDC":
            teile[i - 1] = "/Artifact"
            teile[i] = pydyf.Dictionary({"Type": "/Pagination"})

#!/usr/bin/env python3
"""Compare two folders of PDFs page by page as images (pixel diff).

    python benchmarks/bildvergleich.py VORHER/ NACHHER/ [--dpi 100] [--bilder DIFF/]

Every PDF in VORHER is rendered with pypdfium2 and compared with the file of the same
name in NACHHER. Prints each page that differs (how many pixels, where), pages added or
missing, and a summary; with --bilder, a PNG of each changed page with the differing
pixels in red. Exit code 1 if any page differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops


def seiten(pdf: Path, dpi: int) -> list[Image.Image]:
    dokument = pypdfium2.PdfDocument(pdf)
    try:
        return [seite.render(scale=dpi / 72).to_pil().convert("RGB") for seite in dokument]
    finally:
        dokument.close()


def vergleiche(vorher: Path, nachher: Path, dpi: int = 100, bilder: Path | None = None) -> list[str]:
    """One line per page that differs (empty: all pages identical)."""
    unterschiede = []
    for alt in sorted(vorher.glob("*.pdf")):
        neu = nachher / alt.name
        if not neu.is_file():
            unterschiede.append(f"{alt.name}: fehlt in {nachher}")
            continue
        a, b = seiten(alt, dpi), seiten(neu, dpi)
        if len(a) != len(b):
            unterschiede.append(f"{alt.name}: {len(a)} statt {len(b)} Seiten")
        for nummer, (x, y) in enumerate(zip(a, b), start=1):
            if x.size != y.size:
                unterschiede.append(f"{alt.name} S. {nummer}: Seitengröße {x.size} → {y.size}")
                continue
            diff = ImageChops.difference(x, y).convert("L").point(lambda v: 255 if v > 0 else 0)
            kasten = diff.getbbox()
            if kasten is None:
                continue
            anzahl = diff.histogram()[255]
            mm = [round(k / dpi * 25.4) for k in kasten]
            unterschiede.append(f"{alt.name} S. {nummer}: {anzahl} Pixel anders, in x {mm[0]}–{mm[2]} mm, "
                                f"y {mm[1]}–{mm[3]} mm")
            if bilder:
                bilder.mkdir(parents=True, exist_ok=True)
                rot = Image.new("RGB", y.size, (255, 0, 0))
                Image.composite(rot, y, diff).save(bilder / f"{alt.stem}-{nummer}.png")
    for neu in sorted(nachher.glob("*.pdf")):
        if not (vorher / neu.name).is_file():
            unterschiede.append(f"{neu.name}: neu in {nachher}")
    return unterschiede


def main() -> None:
    teil = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    teil.add_argument("vorher", type=Path)
    teil.add_argument("nachher", type=Path)
    teil.add_argument("--dpi", type=int, default=100)
    teil.add_argument("--bilder", type=Path)
    args = teil.parse_args()
    unterschiede = vergleiche(args.vorher, args.nachher, args.dpi, args.bilder)
    gezaehlt = len(list(args.vorher.glob("*.pdf")))
    for zeile in unterschiede:
        print(zeile)
    print(f"{gezaehlt} PDF verglichen bei {args.dpi} dpi: "
          + (f"{len(unterschiede)} Seiten anders" if unterschiede else "alle Seiten gleich"))
    sys.exit(1 if unterschiede else 0)


if __name__ == "__main__":
    main()

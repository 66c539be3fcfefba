"""WeasyPrint's system libraries found without running a compiler each time.

WeasyPrint asks cffi for each of its libraries under up to six names (those of Windows,
macOS and Linux). On Linux every name that is not found makes `ctypes.util.find_library`
run ldconfig, gcc and ld: 16 misses, about 0.2 s CPU in every process importing WeasyPrint.
While WeasyPrint is imported (`with gemerkt():`), find_library gives the answers it gave
before, kept in the user's cache folder as long as everything they depend on is unchanged
(the linker's cache, the library folders, LD_LIBRARY_PATH, LIBRARY_PATH, PATH); a name
not asked before is looked up as usual. Elsewhere than Linux nothing changes.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ..schreiben import schreibe_atomar
from ..zwischenspeicher import hash_von, nutzerordner

DATEI = "bibliotheken.json"
# where ldconfig's cache and gcc and ld look for a library besides the variables' folders
_ORDNER = ("/etc/ld.so.cache", "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")


def _stand() -> str | None:
    """A fingerprint of what find_library's answers depend on; None: leave it alone."""
    if not sys.platform.startswith("linux"):
        return None
    umgebung = [os.environ.get(v, "") for v in ("LD_LIBRARY_PATH", "LIBRARY_PATH", "PATH")]
    mehrfach = getattr(sys.implementation, "_multiarch", "")
    ordner = [*_ORDNER, *(f"{o}/{mehrfach}" for o in ("/lib", "/usr/lib") if mehrfach),
              *(o for v in umgebung[:2] for o in v.split(os.pathsep) if o)]
    staende = []
    for pfad in ordner:
        try:
            s = os.stat(pfad)
            staende.append(f"{pfad}:{s.st_ino}:{s.st_size}:{s.st_mtime_ns}")
        except OSError:
            staende.append(f"{pfad}:-")
    return hash_von(os.uname().nodename, os.uname().machine, *umgebung, *staende)


def _lies(datei: Path, stand: str) -> dict[str, str | None]:
    try:
        daten = json.loads(datei.read_text(encoding="utf-8"))
        antworten = daten["antworten"] if daten["stand"] == stand else {}
        if isinstance(antworten, dict) and all(isinstance(k, str) and isinstance(v, (str, type(None)))
                                               for k, v in antworten.items()):
            return antworten
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return {}


@contextmanager
def gemerkt() -> Iterator[None]:
    """Inside the block (WeasyPrint's import, our own look for harfbuzz-subset):
    find_library answers from the cache where it can."""
    try:
        stand = _stand()
        datei = nutzerordner() / DATEI
    except Exception:  # noqa: BLE001 - no fingerprint, no home: find_library as always
        stand = None
    if stand is None:
        yield
        return
    bekannt = _lies(datei, stand)
    neu: dict[str, str | None] = {}
    echt = ctypes.util.find_library

    def finde(name: str) -> str | None:
        if name in bekannt:
            return bekannt[name]
        neu[name] = antwort = echt(name)
        return antwort

    ctypes.util.find_library = finde
    try:
        yield
    except OSError:
        # a library no longer where the cache says: forget it (weasy.py imports once more)
        with suppress(OSError):
            datei.unlink(missing_ok=True)
        raise
    finally:
        if ctypes.util.find_library is finde:
            ctypes.util.find_library = echt
    if neu:
        try:
            schreibe_atomar(datei, json.dumps({"stand": stand, "antworten": {**bekannt, **neu}},
                                              indent=1).encode("utf-8"))
        except OSError:
            pass  # the next process looks up again

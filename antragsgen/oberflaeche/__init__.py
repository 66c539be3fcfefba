"""`antragsgen oberflaeche`: the local web editor over a project folder (SPEC §10).

The files in eingaben/ stay the one source of truth; the editor is a form generated from
the motion model, a preview from a warm renderer, and a save that keeps the file's layout.
"""

from .server import starte

__all__ = ["starte"]

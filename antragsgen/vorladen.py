"""Imported once by the forkserver of the worker processes (arbeiter.py), before it forks:
what every worker and the overview process share is loaded here, not in each of them.

WeasyPrint and python-docx with their libraries, and the hyphenation patterns (0.5 s per
process when parsed). Then the cyclic GC is told these objects stay (`gc.freeze()`): no
collection in a worker walks them, nor copies their memory pages by touching them.
"""

import gc
import os

from . import arbeiter

# the server only notices a killed run in its loop, after these imports (seconds on a busy
# machine): until then it watches the run itself, as workers do
if os.getppid() != 1:
    arbeiter._ueberwache(os.getppid())

from .renderer import docx, pdf, silben  # noqa: E402, F401

silben.vorbereiten()
gc.freeze()

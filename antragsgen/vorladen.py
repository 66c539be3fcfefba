"""Imported once by the forkserver of the worker processes (arbeiter.py), before it forks:
what every worker and the overview process share is loaded here, not in each of them.

WeasyPrint and python-docx with their libraries, and the hyphenation patterns (0.5 s per
process when parsed). Then the cyclic GC is told these objects stay (`gc.freeze()`): no
collection in a worker walks them, nor copies their memory pages by touching them.
"""

import gc

from . import arbeiter  # noqa: F401
from .renderer import docx, pdf, silben  # noqa: F401

silben.vorbereiten()
gc.freeze()

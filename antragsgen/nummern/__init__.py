"""The lfd. Nr.: automatic numbers that, once given, belong to their item for good.

plan.py decides (pure Python), register.py remembers (SQLite).
"""

from .plan import Eintrag, Plan, inhalt_hash, nummeriert_automatisch, plane
from .register import (CSV_SPALTEN, STATUS_NAMEN, WARTEZEIT, Register, als_csv, eintraege, registerpfad,
                       vergeben, vorbehaltene_nummern)

__all__ = ["CSV_SPALTEN", "STATUS_NAMEN", "WARTEZEIT", "Eintrag", "Plan", "Register", "als_csv", "eintraege",
           "inhalt_hash", "nummeriert_automatisch", "plane", "registerpfad", "vergeben", "vorbehaltene_nummern"]

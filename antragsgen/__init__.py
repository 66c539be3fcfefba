"""antragsgen: druckfertige Gemeinderatsanträge aus YAML und Markdown."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("antragsgen")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from .api import Ergebnis, erzeugen, pruefen  # noqa: E402
from .fehler import AntragsFehler  # noqa: E402
from .modell import Antrag  # noqa: E402

__all__ = ["Antrag", "AntragsFehler", "Ergebnis", "erzeugen", "pruefen", "__version__"]

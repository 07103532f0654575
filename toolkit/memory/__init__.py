"""The translation memory: units a person or the model translated, per
language pair, reused so that nothing is translated twice and a person's
translation is never machine-translated again.

:mod:`.model` (units, keys), :mod:`.store` (the SQLite database: exact
recall, raw MT, fuzzy search), :mod:`.tmx` (TMX 1.4b), :mod:`.tabular`
(CSV), :mod:`.reuse` (reuse inside the MT pipeline; PO files in and out).
"""

from .model import HUMAN, MACHINE, Unit, segment_key

__all__ = ["HUMAN", "MACHINE", "Unit", "segment_key"]

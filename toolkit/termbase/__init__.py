"""The termbase: concepts and their terms, how they merge, how they are stored
and exchanged.

* :mod:`.model`: :class:`Term`, :class:`Concept`, :class:`Glossary` (the data
  model, frozen dataclasses);
* :mod:`.store`: which glossary is used, loading it, atomic locked edits;
* :mod:`.tbx`, :mod:`.tabular`: TBX and CSV/TSV/JSON, one read/write pair each;
* :mod:`.validate`: checks of a termbase's content (``atau glossary validate``).
"""

from .model import APPROVED, STATUSES, Concept, Glossary, Term

__all__ = ["APPROVED", "STATUSES", "Concept", "Glossary", "Term"]

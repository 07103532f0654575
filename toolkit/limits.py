"""The limits Atau puts on its input, in one place.

Every input is untrusted: a file may be ``/dev/zero``, a PO file may hold
one 50 MB message, a CSV file 10,000 columns. These limits keep memory and
time bounded; going over one is a one-line error naming the file (exit 2),
never a hang or a crash. They are far above what real documents, glossaries
and catalogs need; the README's reliability table lists them.
"""

from __future__ import annotations

__all__ = ["MAX_INPUT_BYTES", "MAX_SEGMENT_CHARS", "MAX_LANGUAGES", "MAX_FIELD_CHARS",
           "MAX_PO_HEADER_LINES", "megabytes"]

#: Bytes Atau reads from one input file or from standard input (256 MiB).
#: A device such as ``/dev/zero`` or ``/dev/urandom`` stops here too.
MAX_INPUT_BYTES = 256 * 1024 * 1024

#: Characters of one segment sent to the translation model. A longer
#: sentence (a run-on enumeration, a table flattened into one line, a long
#: token without spaces) is cut into pieces of at most this length before
#: the model (:mod:`toolkit.documents.limits`), so that the model's memory
#: and time stay bounded: sentencepiece makes at most about two tokens of a
#: character, and 1,000 characters is about five times the longest sentence
#: of a news article.
MAX_SEGMENT_CHARS = 1000

#: Languages one glossary may have (an import with more is refused: a CSV
#: header of 10,000 columns is not a termbase).
MAX_LANGUAGES = 100

#: Characters of one field of a CSV/TSV glossary (a term, a definition, a
#: note): Python's ``csv`` default, 128 Ki characters.
MAX_FIELD_CHARS = 131072

#: Lines of a PO file's header entry (its msgstr): real headers have about
#: fifteen.
MAX_PO_HEADER_LINES = 10_000


def megabytes(n: int) -> str:
    """``n`` bytes for messages: ``"256 MiB"``, ``"1,001 bytes"``."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    return f"{n / 1024 / 1024:.4g} MiB"

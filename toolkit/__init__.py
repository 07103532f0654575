"""Atau: offline translation and terminology for Kazakhstan's official names.

The core library; the ``atau`` command (:mod:`toolkit.cli`) is a thin layer
over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    AtauError,
    ConflictError,
    DownloadError,
    GlossaryError,
    InputError,
    ModelError,
    ModelNotFoundError,
    PackageError,
)
from .store import load_glossary  # noqa: E402
from .termbase import Concept, Glossary, Term  # noqa: E402

__all__ = [
    "__version__",
    "AtauError",
    "ConflictError",
    "DownloadError",
    "GlossaryError",
    "InputError",
    "ModelError",
    "ModelNotFoundError",
    "PackageError",
    "Concept",
    "Glossary",
    "Term",
    "load_glossary",
]

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

_LAZY = {"load_glossary": "termbase.store", "Concept": "termbase.model", "Glossary": "termbase.model",
         "Term": "termbase.model"}


def __getattr__(name: str):
    # PEP 562: the termbase and store are imported on first use, so that
    # `atau --help` does not load them.
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

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

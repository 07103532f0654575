"""Transitional: the names this module had are now in one module per concern
(:mod:`~toolkit.gettext.po`, :mod:`~toolkit.gettext.locales`,
:mod:`~toolkit.gettext.glossary_catalogs`, :mod:`~toolkit.gettext.documents`,
:mod:`~toolkit.gettext.pretranslate`, :mod:`~toolkit.gettext.check`).

Only what is still imported from here outside ``toolkit/gettext``
(``toolkit/documents/bitext.py``: ``read_po``; ``tests/test_i18n.py``:
``check_catalog``, ``load_po``, ``write_mo``) is re-exported; delete this
module when those imports point to the new modules.
"""

from __future__ import annotations

from .check import check_catalog
from .po import load_po, read_po, write_mo

__all__ = ["check_catalog", "load_po", "read_po", "write_mo"]

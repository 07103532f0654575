"""Gettext catalogs (PO/MO) with polib and babel: reading and writing,
CLDR plural rules, the glossary as catalogs, documents as PO files for
post-editing, pre-translation of templates, and checks of catalogs.

(A subpackage of :mod:`toolkit`; absolute imports keep the standard
library's :mod:`gettext` reachable as ``import gettext``.)"""

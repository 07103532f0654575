"""Gettext catalogs (PO/MO) with polib and babel, one module per concern:

* :mod:`~toolkit.gettext.po`: reading and writing PO and MO files;
* :mod:`~toolkit.gettext.locales`: CLDR plural rules and locale headers;
* :mod:`~toolkit.gettext.glossary_catalogs`: the glossary as catalogs, and
  glossary hints for comments;
* :mod:`~toolkit.gettext.documents`: documents as PO files for post-editing;
* :mod:`~toolkit.gettext.pretranslate`: new catalogs, merging templates,
  machine pre-translation;
* :mod:`~toolkit.gettext.check`: checks of catalogs;
* :mod:`~toolkit.gettext.placeholders`: placeholders in messages.

(A subpackage of :mod:`toolkit`; absolute imports keep the standard
library's :mod:`gettext` reachable as ``import gettext``.)"""

"""Argos Translate model packages: list, find, download, install, remove, pack.

A package (``.argosmodel``) is a zip archive with one top-level folder
holding ``metadata.json``, ``model/`` (a CTranslate2 model),
``sentencepiece.model`` or ``bpe.model`` and optionally ``stanza/`` or
``minisbd/`` sentence-splitter data. Packages are installed where Argos
Translate keeps them, so ``argospm`` and Atau see the same packages.

One module per concern (import them by name; nothing is re-exported here,
so that importing the engine, which needs :mod:`.local` and :mod:`.route`,
never imports the install machinery, which calls the engine to verify a
package):

:mod:`.local`
    Where packages are (:class:`~.local.Locations`, read from
    ``argostranslate.settings``), the installed packages
    (:class:`~.local.InstalledPackage`, ``installed_packages``,
    ``find_package``), removal and the install folder's housekeeping
    (``replace``, leftovers of killed runs).
:mod:`.route`
    Which packages translate a pair (directly or through English) and the
    hint naming the command that installs a missing one.
:mod:`.index`
    The remote package index (``load_index``, ``available_packages``; each
    entry validated, bad ones skipped and reported) and bounded downloads.
:mod:`.archive`
    Archive safety checks, extraction, ``install_file`` (offline) and
    ``install`` (download from the index, then ``install_file``).
:mod:`.verify`
    Whether an extracted package works (its special tokens are in the
    vocabulary; it loads and translates a test sentence), checked before
    an install replaces anything.
:mod:`.pack`
    Packing a CTranslate2 model and its SentencePiece model into an
    ``.argosmodel``.

What Atau does itself
    Everything but the locations (``argostranslate.settings``): reading the
    index, downloading, verification, installation and removal, because
    argostranslate's functions swallow network errors (returning None or
    logging), read whole files into memory, follow any link (``file:``
    too), crash on malformed index entries, extract archives without
    checking for symlinks or zip bombs, and import ``argostranslate.translate``
    (and with it stanza and torch), which takes seconds.

Atau's metadata extension (``atau models pack``)
    ``source_prefix``: a token put before every source sentence (NLLB:
    ``"eng_Latn"``); ``source_suffix``: a token put after it (NLLB:
    ``"</s>"``); ``target_prefix``: the token the target starts with (NLLB:
    ``"kaz_Cyrl"``; the same key and meaning as in Argos Translate, which
    also honours it). Optional ``sha256`` and ``size`` keys of an index entry
    are verified when present.
"""

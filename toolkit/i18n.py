"""Translation of Atau's own messages (the CLI speaks English, Russian and Kazakh).

Messages are marked with :func:`_` (and :func:`ngettext`), extracted with
babel into ``locales/atau.pot`` and compiled into ``toolkit/locales``. The
language comes from the environment as gettext reads it: ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (for example ``LANGUAGE=kk atau --help``).

Only locale names are accepted from the environment (:data:`LOCALE_NAME`:
``ru``, ``kk_KZ.UTF-8``, ``ru_RU@latin``): gettext joins the name into a
path, and ``LANGUAGE=../../..`` would otherwise load a ``.mo`` file from
outside the package. A catalog that cannot be read (damaged, truncated)
leaves the messages in English; it never stops the program.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
import struct
from pathlib import Path

__all__ = ["_", "ngettext", "language", "LOCALE_DIR", "DOMAIN", "LOCALE_NAME", "requested_languages"]

DOMAIN = "atau"
LOCALE_DIR = Path(__file__).with_name("locales")
#: A POSIX locale name or language tag: a 2-3 letter language, optional
#: territory or other subtags (``_KZ``, ``-Cyrl``), codeset (``.UTF-8``) and
#: modifier (``@latin``). Nothing that can name another folder.
LOCALE_NAME = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{1,8})*(?:\.[A-Za-z0-9_-]{1,20})?(?:@[A-Za-z0-9_-]{1,20})?")


def requested_languages(environ=None) -> list[str]:
    """The languages the environment asks for, as gettext finds them (the
    first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is
    set; ``LANGUAGE`` may list several, ``:``-separated), keeping only
    names that match :data:`LOCALE_NAME`.

    >>> requested_languages({"LANGUAGE": "kk:../../..:ru", "LANG": "en_US.UTF-8"})
    ['kk', 'ru']
    >>> requested_languages({"LANGUAGE": "../../../tmp/x"})
    []
    """
    environ = os.environ if environ is None else environ
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return [name for name in value.split(":") if LOCALE_NAME.fullmatch(name)]
    return []


def _load() -> _gettext.NullTranslations:
    """The catalog for :func:`requested_languages`, or English (no catalog
    for them, or one that cannot be read)."""
    languages = requested_languages()
    if not languages:
        return _gettext.NullTranslations()
    try:
        return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=languages, fallback=True)
    except (OSError, ValueError, LookupError, UnicodeError, struct.error, IndexError, KeyError,
            OverflowError, MemoryError, SyntaxError):
        # A damaged catalog (bad magic number, truncated, a broken
        # Plural-Forms header): the messages stay English.
        return _gettext.NullTranslations()


_translation = _load()


def _(message: str) -> str:
    """Return ``message`` translated into the user's language (or unchanged)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural message for ``n``, translated, following
    the target language's CLDR plural rule (Russian has 3 forms, Kazakh 2)."""
    return _translation.ngettext(singular, plural, n)


def language() -> str:
    """The language Atau's messages are shown in: the ``Language`` of the
    catalog in use (``"ru"``, ``"kk"``), else ``"en"`` (no catalog for the
    user's language: the messages stay English)."""
    info = _translation.info() if hasattr(_translation, "info") else {}
    return (info.get("language") or "en").split("_")[0].split("-")[0] or "en"

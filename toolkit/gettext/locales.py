"""Locale data for catalogs, from babel's CLDR data: gettext plural rules
and the header fields that depend on the language.

A catalog has one language, its target language: every function here
takes it as ``to_code`` (a BCP 47 tag: ``ru``, ``kk``, ``kk-Latn``).
Language names come from :func:`toolkit.langtags.language_name`.
"""

from __future__ import annotations

import gettext
import re
from typing import TYPE_CHECKING

from ..errors import InputError
from ..langtags import normalize_tag

if TYPE_CHECKING:
    import babel
    import polib

__all__ = [
    "cldr_locale",
    "plural_forms",
    "plural_examples",
    "numbers_of_form",
    "locale_headers",
    "catalog_language",
    "header_nplurals",
    "plural_forms_problem",
    "plural_forms_header",
]


def cldr_locale(to_code: str) -> "babel.Locale":
    """babel's :class:`~babel.Locale` for a language tag; ``str()`` of it
    is gettext's name for the language (``ru-RU`` -> ``ru_RU``), as in the
    ``Language`` header and the ``<lang>/LC_MESSAGES`` folder.

    Raises:
        InputError: not a language tag, or CLDR has no data for it
            (``unknown language 'xx' (no CLDR data)``).

    >>> str(cldr_locale("ru-RU"))
    'ru_RU'
    """
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(normalize_tag(to_code), sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise InputError(f"unknown language {to_code!r} (no CLDR data)") from exc


def plural_forms(to_code: str) -> tuple[int, str]:
    """gettext's plural rule for ``to_code`` from babel's CLDR data.

    Returns:
        tuple[int, str]: ``(nplurals, plural expression)``.

    Raises:
        InputError: as :func:`cldr_locale`.

    >>> plural_forms("kk")
    (2, '(n != 1)')
    >>> plural_forms("ru")[0]
    3
    """
    from babel.messages.plurals import get_plural

    locale = cldr_locale(to_code)
    rule = get_plural(locale)
    return rule.num_plurals, rule.plural_expr


def plural_examples(to_code: str) -> list[tuple[int, str, int]]:
    """One representative number per plural form of ``to_code``.

    Returns:
        list[tuple[int, str, int]]: ``(form index, CLDR category, number)``
        for each msgstr[index]: the smallest positive number that selects the
        form (babel's CLDR rule names the category).

    Raises:
        InputError: as :func:`cldr_locale`.

    >>> plural_examples("ru")
    [(0, 'one', 1), (1, 'few', 2), (2, 'many', 5)]
    >>> plural_examples("kk")
    [(0, 'one', 1), (1, 'other', 2)]
    """
    count, expr = plural_forms(to_code)
    choose = gettext.c2py(expr)
    locale = cldr_locale(to_code)
    out = []
    for index in range(count):
        number = next((n for n in range(1, 1000) if choose(n) == index),
                      next((n for n in range(1000) if choose(n) == index), 0))
        out.append((index, locale.plural_form(number), number))
    return out


def numbers_of_form(to_code: str, index: int, limit: int = 200) -> list[int]:
    """The numbers below ``limit`` that select msgstr[``index``] in
    ``to_code`` (CLDR's rule), ascending.

    Raises:
        InputError: as :func:`cldr_locale`.

    >>> numbers_of_form("ru", 0, 40)
    [1, 21, 31]
    """
    count, expr = plural_forms(to_code)
    choose = gettext.c2py(expr)
    return [n for n in range(limit) if choose(n) == index]


def locale_headers(to_code: str) -> dict[str, str]:
    """Header fields that depend on the language: ``Language``,
    ``Plural-Forms`` (CLDR via babel), ``MIME-Version``, ``Content-Type``
    (UTF-8), ``Content-Transfer-Encoding``.

    Raises:
        InputError: as :func:`cldr_locale`.

    >>> locale_headers("kk")["Plural-Forms"]
    'nplurals=2; plural=(n != 1);'
    """
    count, expr = plural_forms(to_code)
    return {
        "Language": str(cldr_locale(to_code)),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={count}; plural={expr};",
    }


def catalog_language(catalog: "polib.POFile") -> str | None:
    """The catalog's ``Language`` header as a BCP 47 tag (``ru_RU.UTF-8``
    and ``sr@latin`` give ``ru-RU`` and ``sr``), or None when it is missing
    or not a language tag."""
    value = (catalog.metadata.get("Language") or "").strip()
    if not value:
        return None
    try:
        return normalize_tag(value.split("@")[0].split(".")[0])
    except InputError:
        return None


def header_nplurals(catalog: "polib.POFile") -> int | None:
    """The ``nplurals`` of the catalog's ``Plural-Forms`` header, or None
    when there is none (or it is the template's ``nplurals=INTEGER``)."""
    m = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else None


def plural_forms_problem(value: str, to_code: str | None = None) -> str | None:
    """What is wrong with a ``Plural-Forms`` header value, or None.

    Wrong are: an empty value or the template's ``nplurals=INTEGER;
    plural=EXPRESSION;`` (gettext would then use the English rule), a value
    that is not ``nplurals=N; plural=EXPRESSION;``, an expression gettext
    cannot evaluate or that gives a form outside ``0..N-1``, and (when
    ``to_code`` is given and ``N`` is its number of forms) an expression that
    picks other forms than CLDR's rule for ``to_code`` for some n < 200.
    Another way of writing CLDR's rule is right. The expression is evaluated
    by :func:`gettext.c2py`, which accepts only C arithmetic on ``n`` (never
    arbitrary code).

    Args:
        value (str): the header's value, e.g. ``"nplurals=2; plural=(n != 1);"``.
        to_code (str | None): the catalog's language; None: no comparison
            with CLDR.

    Returns:
        str | None: e.g. ``"header's plural expression gives form 1 for n=0;
        Russian uses form 2"``.

    Raises:
        InputError: ``to_code`` is given and CLDR does not know it.

    >>> plural_forms_problem("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    ...                      "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);", "ru")
    >>> plural_forms_problem("nplurals=2; plural=(n > 1);", "kk")
    "header's plural expression gives form 0 for n=0; Kazakh uses form 1"
    """
    from ..langtags import language_name

    if not value.strip() or "INTEGER" in value or "EXPRESSION" in value:
        what = "no Plural-Forms" if not value.strip() else f"the template's Plural-Forms {value!r}"
        return (f"header has {what}: gettext would use the English rule (n != 1) for the "
                f"plural entries")
    found = re.search(r"plural\s*=\s*(.+?);?\s*$", value)
    declared = re.search(r"nplurals\s*=\s*(\d+)", value)
    if found is None or declared is None:
        return f"header's Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'"
    declared = int(declared.group(1))
    try:
        choose = gettext.c2py(found.group(1))
        forms = [choose(n) for n in range(200)]
    except (ValueError, SyntaxError, ArithmeticError, RecursionError, TypeError) as exc:
        return f"header's plural expression {found.group(1)!r} is not valid ({exc})"
    if any(not 0 <= form < declared for form in forms):
        n = next(n for n, form in enumerate(forms) if not 0 <= form < declared)
        return f"header's plural expression gives form {forms[n]} for n={n}, but nplurals={declared}"
    if to_code is not None:
        count, expr = plural_forms(to_code)
        if count == declared:
            cldr = gettext.c2py(expr)
            n = next((n for n in range(200) if cldr(n) != forms[n]), None)
            if n is not None:
                return (f"header's plural expression gives form {forms[n]} for n={n}; "
                        f"{language_name(to_code)} uses form {cldr(n)}")
    return None


def plural_forms_header(to_code: str, current: str | None = None) -> str:
    """The ``Plural-Forms`` a catalog for ``to_code`` should have:
    ``current`` when it is a right rule for the language, written the
    catalog's own way (no :func:`plural_forms_problem` and CLDR's number of
    forms), else CLDR's rule (a missing header, the template's
    ``nplurals=INTEGER``, a wrong or broken rule).

    Raises:
        InputError: CLDR does not know ``to_code``.

    >>> plural_forms_header("kk", "nplurals=2; plural=n != 1;")
    'nplurals=2; plural=n != 1;'
    >>> plural_forms_header("kk", "nplurals=INTEGER; plural=EXPRESSION;")
    'nplurals=2; plural=(n != 1);'
    """
    count, expr = plural_forms(to_code)
    if current and plural_forms_problem(current, to_code) is None:
        declared = re.search(r"nplurals\s*=\s*(\d+)", current)
        if declared and int(declared.group(1)) == count:
            return current
    return f"nplurals={count}; plural={expr};"

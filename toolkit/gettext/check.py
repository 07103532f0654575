"""Checks of gettext catalogs: placeholders, line breaks, plural forms,
glossary terms and what the MT pipeline's checks flag (a looped or
length-suspicious translation), reported as :class:`toolkit.findings.Finding`
records (``atau catalog check``), each with the name of the translate-toolkit
pofilter test that finds the same (:func:`pofilter_test`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from ..errors import InputError
from ..findings import Finding
from ..langtags import language_name
from ..termbase.model import Glossary
from .locales import (
    catalog_language,
    header_nplurals,
    locale_headers,
    numbers_of_form,
    plural_forms,
    plural_forms_problem,
)

if TYPE_CHECKING:
    import polib

__all__ = ["check_catalog", "glossary_findings", "blank_placeholders", "MT_CHECKS", "machine_translation_flags",
           "form_source", "pofilter_test"]


def _plural_header(catalog, to_code: str | None, expected: int | None) -> list[str]:
    """Problems of the header's Plural-Forms (:func:`toolkit.gettext.locales.
    plural_forms_problem`) that matter for a catalog with translated plural
    entries, each with what the language needs."""
    if not any(e.msgid_plural and any(e.msgstr_plural.values()) for e in catalog if not e.obsolete):
        return []
    value = catalog.metadata.get("Plural-Forms", "")
    want = (f"; {language_name(to_code)} needs '{locale_headers(to_code)['Plural-Forms']}'"
            if to_code and expected else "; set Language and Plural-Forms")
    problem = plural_forms_problem(value, to_code if to_code and expected else None)
    return [] if problem is None else [problem + want]


def _line_breaks(msgid: str, msgstr: str) -> list[str]:
    """msgfmt --check's rule: msgid and msgstr both start, and both end,
    with a line break, or neither does."""
    out = []
    if msgid.startswith("\n") != msgstr.startswith("\n"):
        out.append("msgid and msgstr differ in starting with a line break (\\n)")
    if msgid.endswith("\n") != msgstr.endswith("\n"):
        out.append("msgid and msgstr differ in ending with a line break (\\n)")
    return out


def blank_placeholders(text: str, flags: Iterable[str] = ()) -> str:
    """``text`` with each placeholder (:func:`toolkit.gettext.placeholders.
    find_placeholders`, per the entry's PO ``flags``) replaced by as many
    spaces: offsets stay, and a term right after a placeholder
    (``"%2$sДепутаты"``) starts a word for the term matcher, whose word
    boundary would otherwise see ``sДепутаты`` as one word.

    >>> blank_placeholders("%1$sМеджлис", {"c-format"})
    '    Меджлис'
    """
    from .placeholders import find_placeholders

    found = find_placeholders(text, set(flags))
    if not found:
        return text
    pieces, end = [], 0
    for placeholder in found:
        pieces += [text[end:placeholder.start], " " * (placeholder.end - placeholder.start)]
        end = placeholder.end
    return "".join(pieces) + text[end:]


def glossary_findings(source: str, target: str, glossary: Glossary, from_code: str,
                      to_code: str, flags: Iterable[str] = ()) -> list[tuple[str, str]]:
    """Glossary problems of one translation, as ``atau check`` finds them
    (:func:`toolkit.terms.check.check_segments`), in the texts with their
    placeholders blanked (:func:`blank_placeholders`).

    Checks: ``glossary-missing`` (a concept named in ``source`` without an
    approved ``to_code`` term, in any inflected form, in ``target``),
    ``glossary-forbidden`` (a forbidden term, or a deprecated term of a
    concept the source names).

    Args:
        source (str), target (str): msgid and msgstr.
        glossary (Glossary): the termbase.
        from_code (str), to_code (str): their languages.
        flags (Iterable[str]): the entry's PO flags (which placeholders it has).

    Returns:
        list[tuple[str, str]]: ``(check, message)`` pairs.
    """
    from ..terms.check import check_segments

    report = check_segments(glossary, [blank_placeholders(source, flags)],
                            [blank_placeholders(target, flags)], from_code, to_code)
    return [("glossary-missing" if f.code == "missing" else "glossary-forbidden", f.message)
            for f in report.findings]


#: The checks of the MT pipeline (:data:`toolkit.mt.pipeline.CHECKS`) that
#: apply to a catalog's translations: a looped translation, an absurd length
#: ratio. (``empty`` and ``untranslated`` do not: an empty msgstr is not
#: translated, and a msgstr may rightly equal its msgid.)
MT_CHECKS = ("repetition", "length-ratio")


def machine_translation_flags(source: str, target: str) -> list[tuple[str, str]]:
    """What the MT pipeline's checks (:data:`toolkit.mt.pipeline.CHECKS`,
    as ``atau translate`` flags segments) find in one translation, of
    :data:`MT_CHECKS`.

    Returns:
        list[tuple[str, str]]: ``(code, message)`` pairs, e.g.
        ``("repetition", "'сенат' repeats 4+ times: the model looped")``.
    """
    from ..mt.pipeline import CHECKS

    return [(flag.code, flag.message) for check in CHECKS for flag in check(source, target)
            if flag.code in MT_CHECKS]


def pofilter_test(code: str, *, syntax: str | None = None, source: str = "",
                  target: str = "") -> str | None:
    """The name of translate-toolkit's pofilter test that finds what a
    finding ``code`` reports, so that people who know pofilter recognise it
    (``pofilter -l``; descriptions: translate-toolkit's
    ``docs/commands/pofilter_tests.rst``); None where pofilter has none.

    ==================== ===================== ============================================
    code                 pofilter test         how they compare
    ==================== ===================== ============================================
    placeholder          ``printf``            printf directives (``syntax`` ``printf``)
                         ``pythonbraceformat`` ``{name}`` fields (``brace``)
                         ``xmltags``           tags (``tag``)
                         ``variables``         entities (``entity``): pofilter's variables
                                               test with ``--mozilla`` (``&name;``)
    line-breaks          ``newlines``          pofilter counts every ``\\n``; Atau checks
                                               the first and last, as msgfmt --check
    plural-count         ``nplurals``          the same test
    plural-forms         None                  the header: pofilter does not read it
    glossary-missing     None                  pofilter has no glossary test
    glossary-forbidden   None
    repetition           ``doublewords``       pofilter finds a word said twice ("the
                                               the"); Atau a run repeated 3+ times
    length-ratio         ``long`` / ``short``  by whether ``target`` is longer than
                                               ``source``; Atau's ratio is 3
    ==================== ===================== ============================================

    Args:
        code (str): the finding's code.
        syntax (str | None): for ``placeholder``: the
            :attr:`toolkit.gettext.placeholders.Issue.syntax`.
        source (str), target (str): for ``length-ratio``.

    >>> pofilter_test("placeholder", syntax="brace"), pofilter_test("glossary-missing")
    ('pythonbraceformat', None)
    """
    if code == "placeholder":
        return {"printf": "printf", "brace": "pythonbraceformat", "tag": "xmltags",
                "entity": "variables"}.get(syntax or "")
    if code == "length-ratio":
        return "long" if len(target) > len(source) else "short"
    return {"line-breaks": "newlines", "plural-count": "nplurals", "repetition": "doublewords"}.get(code)


def form_source(entry, form: int | None) -> str:
    """The source text of msgstr[``form``] (``None``: msgstr): msgid for the
    first form and a singular entry, msgid_plural for the other forms."""
    return entry.msgid if not form else entry.msgid_plural


def check_catalog(catalog: "polib.POFile", *, glossary: Glossary | None = None,
                  from_code: str = "en", to_code: str | None = None) -> list[Finding]:
    """Check every translated entry of ``catalog`` (fuzzy ones too).

    Checks (the finding's ``code``):

    * ``placeholder``: msgstr has the placeholders of msgid, per the entry's
      format flags, plus tags and entities (:func:`toolkit.gettext.placeholders.compare`);
      a plural form used for one number only may leave out the count;
    * ``line-breaks``: msgid and msgstr agree in starting and ending with
      ``\\n`` (msgfmt --check rejects the file otherwise);
    * ``plural-count``: a plural entry has exactly as many msgstr[n] as the
      language has forms (CLDR via babel; else the header's nplurals);
    * ``plural-forms``: the header's nplurals differs from the language's, or
      its Plural-Forms is missing or wrong
      (:func:`toolkit.gettext.locales.plural_forms_problem`);
    * ``glossary-missing`` / ``glossary-forbidden``: see
      :func:`glossary_findings` (when a glossary is given);
    * ``repetition`` / ``length-ratio`` (severity ``warning``): the text
      loops, or is absurdly longer or shorter than its source, as ``atau
      translate`` flags machine translations (:func:`machine_translation_flags`).

    Args:
        catalog (polib.POFile): the catalog.
        glossary (Glossary | None): for the glossary checks.
        from_code (str): source language.
        to_code (str | None): target language; default: the header's Language.

    Returns:
        list[Finding]: in file order; empty when all is well. Each has
        ``line`` (the entry's line in the PO file; None for the header),
        ``segment`` None and ``data`` ``{"msgid", "msgctxt", "form", "fuzzy",
        "pofilter"}``: the entry (msgid ``""`` for the header), the plural
        form for msgstr[n] (else None), whether the entry is fuzzy, and the
        pofilter test that corresponds (:func:`pofilter_test`, None if none).
    """
    from .placeholders import compare, find_placeholders, is_count

    findings: list[Finding] = []

    def header(message: str) -> None:
        findings.append(Finding("plural-forms", message,
                                data={"msgid": "", "msgctxt": None, "form": None, "fuzzy": False,
                                      "pofilter": None}))

    to_code = to_code or catalog_language(catalog)
    expected = None
    if to_code:
        try:
            expected = plural_forms(to_code)[0]
        except InputError:
            expected = None
    declared = header_nplurals(catalog)
    if expected and declared and declared != expected:
        header(f"header says nplurals={declared}; {language_name(to_code)} has {expected} forms")
    for message in _plural_header(catalog, to_code, expected):
        header(message)
    count = expected or declared
    single = set()
    if to_code and expected:
        single = {i for i in range(expected) if len(numbers_of_form(to_code, i, 1000)) == 1}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        flags = set(entry.flags)

        def add(code: str, message: str, form: int | None = None, severity: str = "error", *,
                pofilter: str | None = None) -> None:
            findings.append(Finding(code, message, severity, line=entry.linenum,
                                    data={"msgid": entry.msgid, "msgctxt": entry.msgctxt,
                                          "form": form, "fuzzy": entry.fuzzy, "pofilter": pofilter}))

        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if not any(forms.values()):
                continue
            if count and len(forms) != count:
                add("plural-count", f"{len(forms)} plural forms; {to_code or 'the language'} "
                    f"needs {count}", pofilter=pofilter_test("plural-count"))
            counts = [p.key for p in find_placeholders(entry.msgid_plural, flags) if is_count(p)]
            for index in sorted(forms):
                if not forms[index]:
                    continue
                source = entry.msgid_plural
                optional = counts if index in single else ()
                for issue in compare(source, forms[index], flags, optional=optional):
                    add("placeholder", f"msgstr[{index}]: {issue}", index,
                        pofilter=pofilter_test("placeholder", syntax=issue.syntax))
                for message in _line_breaks(entry.msgid, forms[index]):
                    add("line-breaks", f"msgstr[{index}]: {message}", index,
                        pofilter=pofilter_test("line-breaks"))
            targets = [(i, forms[i]) for i in sorted(forms) if forms[i]]
        else:
            if not entry.msgstr:
                continue
            for issue in compare(entry.msgid, entry.msgstr, flags):
                add("placeholder", str(issue), pofilter=pofilter_test("placeholder", syntax=issue.syntax))
            for message in _line_breaks(entry.msgid, entry.msgstr):
                add("line-breaks", message, pofilter=pofilter_test("line-breaks"))
            targets = [(None, entry.msgstr)]
        if glossary is not None and to_code:
            for index, text in targets:
                for code, message in glossary_findings(entry.msgid, text, glossary, from_code, to_code,
                                                       flags):
                    add(code, (f"msgstr[{index}]: " if index is not None else "") + message, index,
                        pofilter=pofilter_test(code))
        for index, text in targets:
            source = form_source(entry, index)
            for code, message in machine_translation_flags(source, text):
                add(code, (f"msgstr[{index}]: " if index is not None else "") + message, index, "warning",
                    pofilter=pofilter_test(code, source=source, target=text))
    return findings

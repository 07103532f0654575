"""Machine pre-translation of gettext templates.

:func:`new_catalog` makes a catalog for a language from a template (POT),
:func:`update_catalog` merges a template into an existing catalog, as
``msgmerge`` does, and :func:`pretranslate` fills the untranslated entries
with machine translation through any function ``translate_texts(list[str])
-> list[str]`` (:data:`TranslateTexts`), keeping placeholders intact
(:mod:`toolkit.gettext.placeholders`), filling every plural form the
language needs, enforcing the glossary and marking the results fuzzy. A
translated entry is never changed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from ..findings import Finding
from ..langtags import tag_matches
from ..termbase.model import Glossary
from .check import (
    blank_placeholders,
    form_source,
    machine_translation_flags,
    pofilter_test,
)
from .glossary_catalogs import glossary_comments, glossary_terms_in
from .locales import (
    catalog_language,
    locale_headers,
    numbers_of_form,
    plural_forms,
    plural_forms_header,
)
from .po import GENERATOR, read_po, write_po

if TYPE_CHECKING:
    import polib

__all__ = [
    "TranslateTexts",
    "new_catalog",
    "update_catalog",
    "pretranslate",
    "enforce_glossary",
    "EntryRepair",
    "PretranslateReport",
]

#: ``translate_texts(texts) -> translations``, one per text, in order.
TranslateTexts = Callable[[list[str]], list[str]]


def _fill_headers(catalog, to_code: str, now: datetime | None) -> None:
    metadata = dict(catalog.metadata)
    own = metadata.get("Plural-Forms")
    metadata.update(locale_headers(to_code))
    metadata["Plural-Forms"] = plural_forms_header(to_code, own)
    defaults = {"Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
                "Language-Team": "LANGUAGE <LL@li.org>"}
    for name, default in defaults.items():
        if metadata.get(name, default) == default:
            metadata[name] = ""
    if now is not None:
        metadata["PO-Revision-Date"] = now.strftime("%Y-%m-%d %H:%M%z")
    elif metadata.get("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE") == "YEAR-MO-DA HO:MI+ZONE":
        metadata["PO-Revision-Date"] = ""
    metadata.setdefault("Project-Id-Version", "")
    metadata["X-Generator"] = GENERATOR
    catalog.metadata = metadata
    catalog.metadata_is_fuzzy = False


def _fit_plurals(catalog, to_code: str) -> None:
    count = plural_forms(to_code)[0]
    for entry in catalog:
        if entry.msgid_plural and not any(entry.msgstr_plural.values()):
            entry.msgstr_plural = {i: "" for i in range(count)}


def new_catalog(template: "polib.POFile", to_code: str, *, now: datetime | None = None) -> "polib.POFile":
    """A new catalog for ``to_code`` from a template (POT): the template's
    entries with empty translations, exactly as many msgstr[n] as the
    language has plural forms, and the header filled from the locale
    (Language, UTF-8 Content-Type; Plural-Forms as
    :func:`toolkit.gettext.locales.plural_forms_header` says: the file's
    own if it is right for the language, else CLDR's; the template's
    ``FULL NAME``/``LANGUAGE`` placeholders emptied; ``PO-Revision-Date``
    ``now`` or empty). The template is not changed.

    A PO file of ``to_code`` itself may be given instead of a template: then its
    translations (and fuzzy flags) are kept.

    Args:
        template (polib.POFile): the POT (or PO) file.
        to_code (str): the catalog's language.
        now (datetime | None): for ``PO-Revision-Date``.

    Returns:
        polib.POFile

    Raises:
        InputError: CLDR does not know ``to_code``.
    """
    text = io.StringIO()
    write_po(text, template)
    catalog = read_po(io.StringIO(text.getvalue()), wrapwidth=template.wrapwidth)
    language = catalog_language(template)
    same = language is not None and tag_matches(language, to_code)
    for entry in catalog:
        if same:
            continue
        entry.msgstr = ""
        entry.msgstr_plural = {}
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    _fill_headers(catalog, to_code, now)
    _fit_plurals(catalog, to_code)
    return catalog


def update_catalog(catalog: "polib.POFile", template: "polib.POFile", to_code: str) -> None:
    """Merge a template into an existing catalog, in place, as ``msgmerge
    --no-fuzzy-matching`` does (polib's ``merge``): new messages are added,
    comments and references refreshed, vanished ones made obsolete;
    translations are kept, and obsolete entries as read
    (:func:`toolkit.gettext.po.read_po`). A message that became plural gets
    its translation in every form, one that is no longer plural its first
    form, both marked fuzzy, as msgmerge does. Untranslated plural entries
    get the language's number of forms; the header gets Language and
    Content-Type if missing, and Plural-Forms as
    :func:`toolkit.gettext.locales.plural_forms_header` says (the file's own
    if it is right for the language, else CLDR's).

    Raises:
        InputError: CLDR does not know ``to_code``.
    """
    before = {(e.msgctxt, e.msgid): (list(e.flags), e.msgstr) for e in catalog}
    catalog.merge(template)
    count = plural_forms(to_code)[0]
    for entry in catalog:
        flags, msgstr = before.get((entry.msgctxt, entry.msgid), (None, ""))
        if flags is not None and sorted(flags) == sorted(entry.flags):
            entry.flags = flags  # polib's merge moves "fuzzy" last: keep the file's order
        if entry.obsolete:
            continue
        if entry.msgid_plural and msgstr:
            # The message became plural: as msgmerge, its translation in every form, fuzzy
            # (polib's merge drops the translation).
            entry.msgstr, entry.msgstr_plural = "", {i: msgstr for i in range(count)}
            entry.fuzzy = True
        elif not entry.msgid_plural and entry.msgstr_plural:
            # No longer plural: as msgmerge, msgstr[0] as its translation, fuzzy (polib's
            # merge leaves msgstr[n] without msgid_plural, which msgfmt refuses).
            entry.msgstr, entry.msgstr_plural = entry.msgstr_plural.get(0, ""), {}
            if entry.msgstr:
                entry.fuzzy = True
    metadata = dict(catalog.metadata)
    for name, value in locale_headers(to_code).items():
        if not metadata.get(name) or "CHARSET" in metadata.get(name, ""):
            metadata[name] = value
    metadata["Plural-Forms"] = plural_forms_header(to_code, metadata.get("Plural-Forms"))
    catalog.metadata = metadata
    _fit_plurals(catalog, to_code)


@dataclass(frozen=True)
class EntryRepair:
    """A change Atau made to a machine translation of one entry.

    Attributes:
        msgid (str), msgctxt (str | None), form (int | None): the entry and
            plural form.
        what (str): e.g. ``"inserted '%s'"``, ``"Меджлис → Мажилис"``.
    """

    msgid: str
    msgctxt: str | None
    form: int | None
    what: str

    def to_dict(self) -> dict:
        return {"msgid": self.msgid, "msgctxt": self.msgctxt, "form": self.form, "what": self.what}


@dataclass(frozen=True)
class PretranslateReport:
    """What :func:`pretranslate` did.

    Attributes:
        translated (int): entries filled (and marked fuzzy).
        kept (int): entries that already had a translation, left unchanged.
        failed (tuple[str, ...]): msgids the translator returned nothing for.
        repairs (tuple[EntryRepair, ...]): placeholder repairs and glossary
            replacements.
        flags (tuple[Finding, ...]): translations to look at (warnings of
            :func:`toolkit.gettext.check.machine_translation_flags`: looped,
            absurd length), with ``data`` ``{"msgid", "msgctxt", "form",
            "fuzzy", "pofilter"}`` as :func:`toolkit.gettext.check.check_catalog`
            has it.
    """

    translated: int
    kept: int
    failed: tuple[str, ...] = ()
    repairs: tuple[EntryRepair, ...] = ()
    flags: tuple[Finding, ...] = ()

    def to_dict(self) -> dict:
        return {"translated": self.translated, "kept": self.kept, "failed": list(self.failed),
                "repairs": [r.to_dict() for r in self.repairs],
                "flags": [f.to_dict() for f in self.flags]}


@dataclass
class _Job:
    entry: object
    form: int | None
    source: str
    masked: object
    number: str | None = None
    token: str | None = None


def _plural_job_source(entry, to_code: str, index: int) -> tuple[str, int]:
    """The English text and the number to translate plural form ``index``
    with: the smallest number of the form (1, 2, 5 for Russian); when the
    msgid has no count placeholder ("One file") and the form also serves
    other numbers (Russian form 0: 1, 21, 31...), the msgid_plural with the
    next such number (21), so that the translation has the count. A number
    already in the text is skipped, so it can be found again in the output."""
    from .placeholders import find_placeholders, is_count

    flags = set(entry.flags)
    numbers = [n for n in numbers_of_form(to_code, index) if n > 0] or [0]
    if not any(is_count(p) for p in find_placeholders(entry.msgid, flags)) and len(numbers) > 1:
        numbers = [n for n in numbers if n != 1]
    for number in numbers:
        source = entry.msgid if number == 1 else entry.msgid_plural
        if not re.search(rf"(?<!\d){number}(?!\d)", source):
            return source, number
    return (entry.msgid if numbers[0] == 1 else entry.msgid_plural), numbers[0]


def _split_lines(text: str) -> list[str]:
    """``[space, line, space, line, ..., space]``: the lines of ``text``
    (odd indices) with the whitespace and line breaks around them."""
    pieces = re.split(r"(\S(?:[^\n]*\S)?)", text)
    return pieces if len(pieces) > 1 else [text]


def pretranslate(catalog: "polib.POFile", translate_texts: TranslateTexts, to_code: str, *,
                 from_code: str = "en", glossary: Glossary | None = None,
                 masking: bool = True, provenance: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 batch_size: int = 32) -> PretranslateReport:
    """Fill the untranslated entries of ``catalog`` with machine translation,
    in place.

    Only entries whose msgstr (all msgstr[n]) is empty are touched; an entry
    with any translation, fuzzy or not, is left exactly as it is. Each filled
    entry is marked ``fuzzy`` and gets extracted comments with the glossary
    terms (found in the msgid with its placeholders blanked:
    :func:`toolkit.gettext.check.blank_placeholders`), what was repaired, and
    what the MT pipeline's checks flag, as ``atau translate`` notes them
    (``"mt: repetition: 'сенат' repeats 4+ times: the model looped"``;
    :func:`toolkit.gettext.check.machine_translation_flags`).

    Placeholders are masked (:func:`toolkit.gettext.placeholders.mask`), restored and
    repaired after translation. A plural entry gets one translation per
    plural form of ``to_code``: the msgid (or msgid_plural) with its count
    placeholder replaced by a number of that form (1, 2, 5 for Russian), so
    the model inflects the noun, and the number turned back into the
    placeholder. Deprecated and forbidden glossary terms in the output are
    replaced by the preferred ones (:func:`enforce_glossary`).

    Each line of a message is translated on its own and the whitespace and
    line breaks around it are kept (``"Usage:\\n"`` gives ``"…:\\n"``, as
    ``msgfmt --check`` requires); all lines go to ``translate_texts`` in one
    call (in batches with ``progress``).

    Args:
        catalog (polib.POFile): a catalog for ``to_code`` (see :func:`new_catalog`).
        translate_texts (TranslateTexts): the MT function.
        to_code (str), from_code (str): language tags.
        glossary (Glossary | None): for enforcement and comments.
        masking (bool): mask placeholders (False sends them raw; they are
            still repaired afterwards).
        provenance (str | None): what translated (model and version), for the
            entries' comments.
        progress (Callable[[int, int], None] | None): called with ``(done,
            total)`` texts translated, first ``(0, total)``; the texts then go
            to ``translate_texts`` ``batch_size`` at a time (without it, in one
            call: the fastest).
        batch_size (int): texts per call when reporting progress.

    Returns:
        PretranslateReport

    Raises:
        ValueError: ``translate_texts`` returned a list of the wrong length.
    """
    from .placeholders import MaskedMessage, is_count, mask, repair, unmask

    jobs: list[_Job] = []
    kept = 0
    nplurals = plural_forms(to_code)[0]
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgstr or any(entry.msgstr_plural.values()):
            kept += 1
            continue
        flags = frozenset(entry.flags)
        if not entry.msgid_plural:
            masked = mask(entry.msgid, flags) if masking else MaskedMessage(entry.msgid, entry.msgid, (), flags)
            jobs.append(_Job(entry, None, entry.msgid, masked))
            continue
        for index in range(nplurals):
            source, number = _plural_job_source(entry, to_code, index)
            masked = mask(source, flags)
            job = _Job(entry, index, source, masked)
            count = next((i for i, p in enumerate(masked.placeholders) if is_count(p)), None)
            text = masked.text
            if count is not None:
                job.number, job.token = str(number), f"<x{count + 1}/>"
                text = text.replace(job.token, job.number, 1)
            if not masking:
                text = source if count is None else source.replace(
                    masked.placeholders[count].text, str(number), 1)
            job.masked = MaskedMessage(masked.source, text, masked.placeholders, flags)
            jobs.append(job)
    # Each line is translated on its own and the whitespace around it kept, so
    # "Usage:\n" gets a translation that ends with "\n" too (msgfmt --check).
    layouts = [_split_lines(job.masked.text) for job in jobs]
    texts = [piece for layout in layouts for piece in layout[1::2]]
    if progress is None:
        translations = list(translate_texts(texts)) if texts else []
    else:
        translations = []
        progress(0, len(texts))
        for start in range(0, len(texts), batch_size):
            batch = texts[start:start + batch_size]
            done = list(translate_texts(batch))
            if len(done) != len(batch):
                raise ValueError(f"translate_texts returned {len(done)} texts for {len(batch)}")
            translations += done
            progress(start + len(batch), len(texts))
    if len(translations) != len(texts):
        raise ValueError(f"translate_texts returned {len(translations)} texts for {len(texts)}")
    outputs, k = [], 0
    for layout in layouts:
        pieces = list(layout)
        for i in range(1, len(pieces), 2):
            pieces[i] = (translations[k] or "").strip()
            k += 1
        outputs.append("".join(pieces) if all(pieces[1::2]) else "")

    results: dict[int, dict[int | None, str]] = {}
    notes: dict[int, list[str]] = {}
    enforcer = None
    if glossary is not None:
        from ..terms.enforce import Enforcer

        enforcer = Enforcer(glossary, from_code, to_code)
    repairs: list[EntryRepair] = []
    failed: list[str] = []
    for job, output in zip(jobs, outputs):
        entry = job.entry
        if not output:
            failed.append(entry.msgid)
            results.setdefault(id(entry), {})[job.form] = ""
            continue
        if job.number is not None:
            number = re.search(rf"(?<![\d.,]){job.number}(?![\d]|[.,]\d)", output)
            if number:
                replacement = job.token if masking else next(
                    p.text for p in job.masked.placeholders if is_count(p))
                output = output[:number.start()] + replacement + output[number.end():]
        if masking:
            restored = unmask(MaskedMessage(job.source, job.masked.text, job.masked.placeholders,
                                     job.masked.flags), output)
        else:
            restored = repair(job.source, output, job.masked.flags)
        text = restored.text
        done = [str(r) for r in restored.repairs]
        if enforcer is not None:
            text, fixes = _enforced(enforcer, job.source, text)
            done += fixes
        for what in done:
            repairs.append(EntryRepair(entry.msgid, entry.msgctxt, job.form, what))
        notes.setdefault(id(entry), []).extend(done)
        results.setdefault(id(entry), {})[job.form] = text

    translated = 0
    flagged: list[Finding] = []
    for entry in catalog:
        forms = results.get(id(entry))
        if forms is None:
            continue
        if any(not v for v in forms.values()):
            continue  # partly failed: leave the entry untranslated
        if entry.msgid_plural:
            entry.msgstr_plural = {i: forms[i] for i in sorted(forms)}
        else:
            entry.msgstr = forms[None]
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        comments = [c for c in entry.comment.split("\n") if c] if entry.comment else []
        if glossary is not None:
            hits = glossary_terms_in(blank_placeholders(entry.msgid, entry.flags), glossary, from_code, to_code)
            for line in glossary_comments(hits, to_code):
                if line not in comments:
                    comments.append(line)
        mt = "machine translation" + (f" ({provenance})" if provenance else "")
        changes = list(dict.fromkeys(notes.get(id(entry), [])))
        if changes:
            mt += "; repaired: " + "; ".join(changes)
        comments.append(f"atau: {mt}")
        for form in sorted(forms, key=lambda f: -1 if f is None else f):
            source = form_source(entry, form)
            for code, message in machine_translation_flags(source, forms[form]):
                message = (f"msgstr[{form}]: " if form is not None else "") + message
                comments.append(f"mt: {code}: {message}")  # as 'atau translate' notes its flags
                flagged.append(Finding(code, message, "warning", line=entry.linenum,
                                       data={"msgid": entry.msgid, "msgctxt": entry.msgctxt,
                                             "form": form, "fuzzy": entry.fuzzy,
                                             "pofilter": pofilter_test(code, source=source,
                                                                       target=forms[form])}))
        entry.comment = "\n".join(comments)
        translated += 1
    return PretranslateReport(translated, kept, tuple(dict.fromkeys(failed)), tuple(repairs),
                              tuple(flagged))



def enforce_glossary(source: str, target: str, glossary: Glossary, from_code: str,
                     to_code: str) -> tuple[str, list[str]]:
    """Enforce the glossary on a machine translation
    (:class:`toolkit.terms.enforce.Enforcer`: preferred terms, inflected).

    Returns:
        tuple[str, list[str]]: the text and one note per replacement
        (``"Меджлису → Мажилису"``).
    """
    from ..terms.enforce import Enforcer

    return _enforced(Enforcer(glossary, from_code, to_code), source, target)


def _enforced(enforcer, source: str, target: str) -> tuple[str, list[str]]:
    result = enforcer.enforce(source, target)
    return result.target, [f"{e.before} → {e.after}" for e in result.edits]



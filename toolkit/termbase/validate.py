"""Consistency checks of a termbase (``atau glossary validate``).

One function per check; each yields :class:`Finding` records, and
:func:`validate` collects them, as babel's catalog checkers do.
"""

from __future__ import annotations

import re
from datetime import date
from collections import Counter, defaultdict
from typing import Callable, Iterable, Iterator, Sequence

from ..findings import Finding
from ..langtags import language_name, primary_language
from ..script import invisible, mixed_script_letters, script_of
from .model import GRAMMAR_VALUES, Concept, Term

__all__ = ["validate", "CHECKS"]

def _finding(code: str, severity: str, concept_id: str, message: str, lang: str | None = None,
             term: str | None = None) -> Finding:
    """A termbase finding: ``concept`` is the concept's id; the data holds
    the ``lang`` and ``term`` text for term-level findings."""
    return Finding(code, message, severity, concept=concept_id, data={"lang": lang, "term": term})


def _duplicate_ids(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept_id, n in Counter(c.id for c in concepts).items():
        if n > 1:
            yield _finding("duplicate-id", "error", concept_id, f"concept id used {n} times")


def _empty_terms(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            if not term.text.strip():
                yield _finding("empty-term", "error", concept.id, "empty term", term.lang, term.text)


def _whitespace(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            text = term.text
            if text.strip() and (text != text.strip() or re.search(r"\s{2,}|[\t\n\r\u00a0]", text)):
                yield _finding("whitespace", "error", concept.id,
                              f"stray whitespace in {text!r}", term.lang, text)


def _mixed_scripts(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            for word in re.findall(r"\w+", term.text):
                culprits = mixed_script_letters(word)
                if culprits:
                    listed = ", ".join(f"{c!r} ({script_of(c)})" for c in culprits)
                    yield _finding("mixed-script", "error", concept.id,
                                   f"mixed scripts in the word {word!r}: {listed}", term.lang, term.text)


def _invisible(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            hidden = sorted({f"U+{ord(c):04X}" for c in term.text if invisible(c)})
            if hidden:
                yield _finding("invisible-character", "error", concept.id,
                               f"invisible character(s) {', '.join(hidden)} in {term.text!r}", term.lang, term.text)


def _foreign_letters(concepts: Sequence[Concept]) -> Iterator[Finding]:
    """Letters of another language's alphabet in the same script: a Kazakh
    "қ" or "ә" in a Russian term (the alphabets are the languages' own,
    :attr:`toolkit.morphology.Morphology.alphabet`). A term with a source is
    an attested spelling (the official Russian names of some regions keep
    Kazakh letters: "область Жетісу") and gives an ``info`` finding, not an
    error."""
    from ..morphology import get_morphology, known_languages

    alphabets = {lang: get_morphology(lang).alphabet for lang in known_languages()}
    # Languages sharing a script: alphabets with a letter in common (Latin
    # letters in a Cyrillic term are the mixed-script check's business).
    neighbours = {lang: {other: letters for other, letters in alphabets.items()
                         if other != lang and letters & alphabets[lang]} for lang in alphabets}
    for concept in concepts:
        for term in concept.terms:
            lang = primary_language(term.lang)
            own = alphabets.get(lang)
            if not own or not neighbours[lang]:
                continue
            letters = sorted({c for c in term.text if c.isalpha() and c.lower() not in own
                              and any(c.lower() in other for other in neighbours[lang].values())})
            if not letters:
                continue
            owners = sorted(other for other, alphabet in neighbours[lang].items()
                            if all(c.lower() in alphabet for c in letters))
            named = "/".join(language_name(lang) for lang in owners) or "other"
            code = (f"{language_name(owners[0]).lower() if owners else 'foreign'}"
                    f"-letter-in-{language_name(lang).lower()}")
            yield _finding(code,
                           "info" if term.source else "error", concept.id,
                           f"{named} letter(s) {' '.join(letters)} in a {language_name(term.lang)} term"
                           + (f" (attested: {term.source})" if term.source else ""), term.lang, term.text)


def _preferred(concepts: Sequence[Concept]) -> Iterator[Finding]:
    if not concepts:
        return
    coverage = Counter(lang for c in concepts for lang in c.languages)
    common = [lang for lang, n in coverage.items() if n > len(concepts) / 2]
    for concept in concepts:
        for lang in common:
            preferred = [t for t in concept.terms if t.lang == lang and t.status == "preferred"]
            if not preferred:
                yield _finding("missing-preferred", "error", concept.id,
                              f"no preferred term in {lang!r} (most concepts have one)", lang)
        for lang in concept.languages:
            preferred = [t.text for t in concept.terms if t.lang == lang and t.status == "preferred"]
            if len(preferred) > 1:
                yield _finding("several-preferred", "error", concept.id,
                              f"{len(preferred)} preferred terms in {lang!r}: {', '.join(preferred)}", lang)


def _ambiguous(concepts: Sequence[Concept]) -> Iterator[Finding]:
    owners: dict[tuple[str, str], list[tuple[Concept, Term]]] = defaultdict(list)
    for concept in concepts:
        for term in concept.terms:
            if term.text.strip():
                owners[term.key].append((concept, term))
    for (lang, _text), found in owners.items():
        ids = sorted({c.id for c, _ in found})
        if len(ids) > 1:
            text = found[0][1].text
            yield _finding("ambiguous-term", "warning", ids[0],
                          f"{text!r} belongs to {len(ids)} concepts in {lang!r}: {', '.join(ids)}",
                          lang, text)


def _grammar_values(concepts: Sequence[Concept]) -> Iterator[Finding]:
    names = {"pos": "part of speech", "gender": "gender", "number": "number"}
    for concept in concepts:
        for term in concept.terms:
            for name, allowed in GRAMMAR_VALUES.items():
                value = getattr(term, name)
                if value is not None and value not in allowed:
                    yield _finding("grammar-value", "error", concept.id,
                                  f"unknown {names[name]} {value!r} of {term.text!r}; "
                                  f"use one of {', '.join(allowed)}", term.lang, term.text)


_TO_BE_CHECKED = re.compile(r"\bto be checked\b|\bre-?check\b", re.IGNORECASE)


def _to_review(concepts: Sequence[Concept]) -> Iterator[Finding]:
    """Concepts whose notes (the concept's or a term's) say that something is
    "to be checked": an ``info`` finding per note, so editors see what needs
    review."""
    for concept in concepts:
        if concept.note and _TO_BE_CHECKED.search(concept.note):
            yield _finding("to-be-checked", "info", concept.id, concept.note)
        for term in concept.terms:
            if term.note and _TO_BE_CHECKED.search(term.note):
                yield _finding("to-be-checked", "info", concept.id, f"{term.text}: {term.note}",
                               term.lang, term.text)


def _ended(concepts: Sequence[Concept], today: date | None = None) -> Iterator[Finding]:
    """Concepts whose period has ended (an institution of a past order): an
    ``info`` finding, since their terms are right only in texts about that time."""
    today = today or date.today()
    for concept in concepts:
        if concept.period is not None and concept.period.ended(today):
            yield _finding("period-ended", "info", concept.id,
                           f"in use {concept.period}: right only in texts about that time")


#: The checks run by :func:`validate`, in order.
CHECKS: tuple[Callable[[Sequence[Concept]], Iterable[Finding]], ...] = (
    _duplicate_ids, _empty_terms, _whitespace, _mixed_scripts, _invisible, _foreign_letters,
    _preferred, _grammar_values, _ambiguous, _to_review, _ended,
)


def validate(concepts: Iterable[Concept]) -> list[Finding]:
    """Run every check over ``concepts`` (a :class:`~toolkit.termbase.model.Glossary`
    or the raw concepts of a file, duplicates included).

    Checks: duplicate ids; empty terms; stray whitespace (leading, trailing,
    doubled, tabs, no-break spaces); mixed scripts inside a word (a Latin
    "C" in "Cенат"); letters of another language's alphabet in the same
    script (Kazakh ә ғ қ ң ө ұ ү һ і in a Russian term: an error, or a
    warning when the term has a source); a concept without a preferred term in a language that more than
    half of the concepts have, or with several; a part of speech, gender
    or number that is not a TBX-Basic value (see
    :data:`~toolkit.termbase.model.GRAMMAR_VALUES`); one term text that belongs
    to two concepts in the same language (a warning: ambiguity); and, as
    ``info`` findings for review, notes that say "to be checked" and
    concepts whose period has ended.

    Returns:
        list[Finding]: in check order; empty when the termbase is clean.
    """
    concepts = list(concepts)
    return [finding for check in CHECKS for finding in check(concepts)]

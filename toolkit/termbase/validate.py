"""Consistency checks of a termbase (``atau glossary validate``).

One function per check; each yields :class:`Finding` records, and
:func:`validate` collects them, as babel's catalog checkers do.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Iterator, Sequence

from ..langtags import primary_language
from .model import GRAMMAR_VALUES, Concept, Term

__all__ = ["Finding", "validate", "CHECKS", "KAZAKH_ONLY_LETTERS"]

#: Letters of the Kazakh Cyrillic alphabet that Russian does not have.
KAZAKH_ONLY_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@dataclass(frozen=True)
class Finding:
    """One problem found in the termbase.

    Attributes:
        code (str): a stable name, e.g. ``"mixed-script"``.
        severity (str): ``"error"`` or ``"warning"``.
        concept_id (str): the concept concerned.
        message (str): what is wrong, for people.
        lang (str | None): the language, for term-level findings.
        term (str | None): the term text, for term-level findings.
    """

    code: str
    severity: str
    concept_id: str
    message: str
    lang: str | None = None
    term: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _duplicate_ids(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept_id, n in Counter(c.id for c in concepts).items():
        if n > 1:
            yield Finding("duplicate-id", "error", concept_id, f"concept id used {n} times")


def _empty_terms(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            if not term.text.strip():
                yield Finding("empty-term", "error", concept.id, "empty term", term.lang, term.text)


def _whitespace(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            text = term.text
            if text.strip() and (text != text.strip() or re.search(r"\s{2,}|[\t\n\r\u00a0]", text)):
                yield Finding("whitespace", "error", concept.id,
                              f"stray whitespace in {text!r}", term.lang, text)


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script.title()
    return "Other"


def _mixed_scripts(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            for word in re.findall(r"\w+", term.text):
                scripts = {s for s in map(_script, word) if s}
                if len(scripts) > 1:
                    majority = _majority(word)
                    culprits = ", ".join(f"{c!r} ({_script(c)})" for c in word
                                         if _script(c) not in (None, majority))
                    yield Finding("mixed-script", "error", concept.id,
                                  f"mixed scripts in the word {word!r}: {culprits}", term.lang, term.text)


def _majority(word: str) -> str | None:
    counts = Counter(s for s in map(_script, word) if s)
    return counts.most_common(1)[0][0] if counts else None


def _kazakh_letters_in_russian(concepts: Sequence[Concept]) -> Iterator[Finding]:
    for concept in concepts:
        for term in concept.terms:
            if primary_language(term.lang) != "ru":
                continue
            letters = sorted({c for c in term.text if c in KAZAKH_ONLY_LETTERS})
            if letters:
                yield Finding("kazakh-letter-in-russian", "error", concept.id,
                              f"Kazakh-only letter(s) {' '.join(letters)} in a Russian term",
                              term.lang, term.text)


def _preferred(concepts: Sequence[Concept]) -> Iterator[Finding]:
    if not concepts:
        return
    coverage = Counter(lang for c in concepts for lang in c.languages)
    common = [lang for lang, n in coverage.items() if n > len(concepts) / 2]
    for concept in concepts:
        for lang in common:
            preferred = [t for t in concept.terms if t.lang == lang and t.status == "preferred"]
            if not preferred:
                yield Finding("missing-preferred", "error", concept.id,
                              f"no preferred term in {lang!r} (most concepts have one)", lang)
        for lang in concept.languages:
            preferred = [t.text for t in concept.terms if t.lang == lang and t.status == "preferred"]
            if len(preferred) > 1:
                yield Finding("several-preferred", "error", concept.id,
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
            yield Finding("ambiguous-term", "warning", ids[0],
                          f"{text!r} belongs to {len(ids)} concepts in {lang!r}: {', '.join(ids)}",
                          lang, text)


def _grammar_values(concepts: Sequence[Concept]) -> Iterator[Finding]:
    names = {"pos": "part of speech", "gender": "gender", "number": "number"}
    for concept in concepts:
        for term in concept.terms:
            for name, allowed in GRAMMAR_VALUES.items():
                value = getattr(term, name)
                if value is not None and value not in allowed:
                    yield Finding("grammar-value", "error", concept.id,
                                  f"unknown {names[name]} {value!r} of {term.text!r}; "
                                  f"use one of {', '.join(allowed)}", term.lang, term.text)


#: The checks run by :func:`validate`, in order.
CHECKS: tuple[Callable[[Sequence[Concept]], Iterable[Finding]], ...] = (
    _duplicate_ids, _empty_terms, _whitespace, _mixed_scripts, _kazakh_letters_in_russian,
    _preferred, _grammar_values, _ambiguous,
)


def validate(concepts: Iterable[Concept]) -> list[Finding]:
    """Run every check over ``concepts`` (a :class:`~toolkit.termbase.model.Glossary`
    or the raw concepts of a file, duplicates included).

    Checks: duplicate ids; empty terms; stray whitespace (leading, trailing,
    doubled, tabs, no-break spaces); mixed scripts inside a word (a Latin
    "C" in "Cенат"); Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) in a Russian
    term; a concept without a preferred term in a language that more than
    half of the concepts have, or with several; a part of speech, gender
    or number that is not a TBX-Basic value (see
    :data:`~toolkit.termbase.model.GRAMMAR_VALUES`); one term text that belongs
    to two concepts in the same language (a warning: ambiguity).

    Returns:
        list[Finding]: in check order; empty when the termbase is clean.
    """
    concepts = list(concepts)
    return [finding for check in CHECKS for finding in check(concepts)]

"""Word equivalents: which target words may translate which source words,
to find a term's rendering that shares no word with any glossary term.

A model that meets "Central Election Commission" may write "Центральный
избирательный комитет", "Office of the Prosecutor General" may come out as
"Офис Генерального прокурора", "Pavlodar region" as "Павлодар аймағы". The
rendering is found word by word: a run of target words, each translating a
word of the source term, that translates enough of it
(:meth:`WordLinks.runs`). A target word translates a source word when

* it is a **cognate**: their consonants agree
  (:meth:`toolkit.morphology.base.Morphology.cognate_key`: "commission" and
  "комиссия", "Pavlodar" and "Павлодарский", "office" and "офис");
* the pair's **lexicon** lists it (``toolkit/data/lexicon/<from>-<to>.tsv``:
  the official vocabulary and the usual wrong renderings of it, "commission"
  -> "комитет", "region" -> "аймақ"); a rendering marked ``~`` is another
  sense of the word ("bill" -> "~счет", "deputy" -> "~заместитель") and
  counts only where the source names another glossary concept too (the
  Mazhilis approving a bill; not "two deputies of the director"); or
* the **glossary** pairs them: the two one-word terms of a concept, or the
  one word of a source term and the one word of a target term of the same
  concept left when every other word is a cognate or in the lexicon
  ("general" -> "бас" from "Prosecutor General" / "Бас прокурор").

A link is dropped when the target word could as well translate a source
word outside the term: then it is not clear which one it renders. A
one-word term is never rendered by a word derived from its cognate
("Алматылықтар", Almaty's people; "сенатского" for the Senate): that is
another word, not another spelling.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable, Sequence

from ..termbase.model import Glossary

__all__ = ["WordLinks", "Run", "cognates", "read_lexicon"]

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_CLAUSE = re.compile(r"[.,;:!?…()«»\"“”—–]")


def cognates(a: str, b: str, a_word: str, b_word: str) -> bool:
    """True when two words of different languages are cognates by their
    :meth:`~toolkit.morphology.base.Morphology.cognate_key` ``a`` and ``b``:
    the same first four consonant classes, or one key the start of the other
    (an inflected or derived form: "Pavlodar"/"Павлодарский"); keys of one
    or two classes must be whole and the words five letters or longer
    ("session"/"сессия", never "nation"/"нас")."""
    if not a or not b:
        return False
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    if common >= 4:
        return True
    shorter = min(len(a), len(b))
    if common < shorter:
        return False
    if shorter >= 3:
        return 0 <= len(b) - len(a) <= 3  # "official" is not "офис": the target is no shorter
    letters = min(sum(c.isalpha() for c in a_word), sum(c.isalpha() for c in b_word))
    return letters >= 5 and (a == b if shorter == 1 else len(b) - len(a) <= 1)


@functools.lru_cache(maxsize=8)
def read_lexicon(from_code: str, to_code: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The pair's lexicon: ``(source word, (rendering, ...))`` rows of
    ``toolkit/data/lexicon/<from>-<to>.tsv`` (empty when there is none)."""
    try:
        text = resources.files("toolkit").joinpath("data", "lexicon", f"{from_code}-{to_code}.tsv").read_text(
            encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ()
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _tab, renderings = line.partition("\t")
        rows.append((word.strip().casefold(), tuple(r.strip() for r in renderings.split(";") if r.strip())))
    return tuple(rows)


@dataclass(frozen=True)
class Run:
    """Target words that translate a source term word for word.

    Attributes:
        start (int), end (int): the span in the target.
        covered (tuple[str, ...]): the source words translated.
        evidence (str): each link and its kind, for reports.
        other_sense (bool): every link is another sense of the word and
            nothing confirms the glossary's: the model read the source word
            in that other sense ("заместителя" for a director's deputy).
    """

    start: int
    end: int
    covered: tuple[str, ...]
    evidence: str
    other_sense: bool = False


#: Concepts read for one source word's glossary pairs: the first ones in the
#: glossary's order (a word in thousands of terms gives the same pairs from
#: a few hundred, and a lookup stays within a fraction of a second).
_MOST_CONCEPTS = 20


class WordLinks:
    """The word equivalents of one language pair and glossary.

    Args:
        glossary (Glossary): the glossary (for its own word pairs).
        source_morphology, target_morphology: the two languages'
            :class:`~toolkit.morphology.base.Morphology`.
        from_code (str), to_code (str): the pair.
    """

    def __init__(self, glossary: Glossary, source_morphology, target_morphology,
                 from_code: str, to_code: str) -> None:
        self.source = source_morphology
        self.target = target_morphology
        self.pairs: dict[str, dict[tuple[str, ...], str]] = {}
        for word, renderings in read_lexicon(from_code, to_code):
            for rendering in renderings:
                if rendering.startswith("~"):
                    self._add(word, rendering[1:], "other sense")
                else:
                    self._add(word, rendering, "lexicon")
        self._glossary, self._from_code, self._to_code = glossary, from_code, to_code
        # the glossary's own pairs are made for a source word when it is first
        # looked up, from the concepts whose source terms hold it: a glossary
        # of 100,000 concepts is not analysed whole for one segment
        self._concepts_of: dict[str, list] | None = None
        self._derived: set[str] = set()
        self._memo: dict = {}  # lemmas and cognate keys of the words seen

    def pairs_of(self, lemma: str) -> dict[tuple[str, ...], str]:
        """The renderings of the source lemma: the lexicons' and those the
        glossary's terms give it (:meth:`_from_glossary`)."""
        if lemma not in self._derived:
            self._derived.add(lemma)
            if self._concepts_of is None:
                self._concepts_of = {}
                for concept in self._glossary:
                    seen = set()
                    for term in concept.terms_in(self._from_code):
                        for w in _WORD.findall(term.text):
                            if w.casefold() not in self.source.function_words:
                                seen.add(self._source_lemma(w))
                    for key in seen:
                        self._concepts_of.setdefault(key, []).append(concept)
            concepts = self._concepts_of.get(lemma, ())[:_MOST_CONCEPTS]
            self._from_glossary(concepts, self._from_code, self._to_code, only=lemma)
        return self.pairs.get(lemma, {})

    # -- building --------------------------------------------------------

    def _source_lemma(self, word: str) -> str:
        found = self._memo.get(("s", word))
        if found is None:
            lemmas = self.source.lemmas(word)
            found = self._memo[("s", word)] = (lemmas[0] if lemmas else word).casefold()
        return found

    def _target_lemmas(self, word: str) -> frozenset[str]:
        found = self._memo.get(("t", word))
        if found is None:
            found = self._memo[("t", word)] = frozenset(self.target.lemmas(word)[:2]) | {word.casefold()}
        return found

    def _cognate_key(self, morphology, word: str) -> str:
        found = self._memo.get((morphology, word))
        if found is None:
            found = self._memo[(morphology, word)] = morphology.cognate_key(word)
        return found

    def _phrase(self, text: str) -> tuple[str, ...]:
        return tuple((self.target.lemmas(w)[:1] or (w.casefold(),))[0] for w in text.split())

    def _add(self, source_word: str, rendering: str, kind: str) -> None:
        phrase = self._phrase(rendering)
        if phrase:
            self.pairs.setdefault(source_word, {}).setdefault(phrase, kind)

    def _from_glossary(self, concepts: Iterable, from_code: str, to_code: str, *, only: str) -> None:
        """Pairs of the source lemma ``only`` that ``concepts`` give: a
        one-word source term's target words, or, in a longer term, the one
        source word and the one target word no other link accounts for."""
        for concept in concepts:
            sources = [t.text for t in concept.terms_in(from_code)]
            targets = [t.text for t in concept.terms_in(to_code)]
            for source in sources:
                s_words = [w for w in _WORD.findall(source) if w.casefold() not in self.source.function_words]
                if not s_words:
                    continue
                for target in targets:
                    t_words = [w for w in target.split() if w.casefold() not in self.target.function_words]
                    if not t_words:
                        continue
                    if len(s_words) == 1:
                        if self._source_lemma(s_words[0]) == only:
                            self._add(only, " ".join(t_words), "glossary")
                        continue
                    # the one source word left over must be ``only``: every other one linked,
                    # ``only`` not (tested in that order of cost, stopping at the first failure)
                    mine = [w for w in s_words if self._source_lemma(w) == only]
                    rest = [w for w in s_words if self._source_lemma(w) != only]
                    if len(mine) != 1 or any(self._word_link(mine[0], t) for t in t_words) or not all(
                            any(self._word_link(w, t) for t in t_words) for w in rest):
                        continue
                    t_left = [t for t in t_words if not any(self._word_link(w, t) for w in rest)]
                    if len(t_left) == 1:
                        self._add(only, t_left[0], "glossary")

    def _word_link(self, source_word: str, target_word: str) -> str | None:
        """How one target word translates one source word, or None, by the
        pairs made so far (the lexicons', and the glossary's as they are
        being made) or as cognates."""
        lemma = self._source_lemma(source_word)
        lemmas = self._target_lemmas(target_word)
        for phrase, kind in self.pairs.get(lemma, {}).items():
            if len(phrase) == 1 and phrase[0] in lemmas:
                return kind
        if source_word[:1].isupper() == target_word[:1].isupper() or not source_word[:1].isupper():
            if cognates(self._cognate_key(self.source, source_word), self._cognate_key(self.target, target_word),
                        source_word, target_word):
                return "cognate"
        return None

    # -- links in a segment ------------------------------------------------

    def links_at(self, source_word: str, words: Sequence[str], i: int, *,
                 other_senses: bool = True, derive: bool = True) -> list[tuple[int, str]]:
        """The ways ``words[i:]`` starts with a translation of
        ``source_word``: ``(number of words, kind)`` each, longest first;
        kind ``"lexicon"``, ``"glossary"``, ``"other sense"`` (only with
        ``other_senses``), ``"cognate"`` or ``"derived"`` (a cognate with a
        longer stem: "Алматылықтар" for "Almaty"). ``derive`` False: by the
        glossary pairs made so far, without making the word's (a source
        word outside the term, asked about at every target word)."""
        lemma = self._source_lemma(source_word)
        found: list[tuple[int, str]] = []
        for phrase, kind in (self.pairs_of(lemma) if derive else self.pairs.get(lemma, {})).items():
            if kind == "other sense" and not other_senses:
                continue
            n = len(phrase)
            if i + n <= len(words) and all(p in self._target_lemmas(w) for p, w in zip(phrase, words[i:i + n])):
                found.append((n, kind))
        foreign = self.source.alphabet - self.target.alphabet
        if not found and not (foreign and set(words[i].casefold()) & foreign):
            # (an untranslated source word in the target is no cognate: its form cannot be read)
            key = self._cognate_key(self.source, source_word)
            word = words[i]
            if cognates(key, self._cognate_key(self.target, word), source_word, word) and (
                    not source_word[:1].isupper() or word[:1].isupper() or len(source_word) > 3):
                stems = [self._cognate_key(self.target, lemma) for lemma in self.target.lemmas(word)[:1]] \
                    or [self._cognate_key(self.target, word)]
                found.append((1, "cognate" if any(len(stem) - len(key) <= 1 for stem in stems) else "derived"))
        return sorted(found, reverse=True)

    def _links_of_token(self, source_word: str, words: Sequence[str], i: int) -> list[tuple[int, str]]:
        """:meth:`links_at`, and for a hyphenated compound a link of one of
        its parts ("Западно-Казахстанский": "Западно" for "West",
        "Казахстанский" for "Kazakhstan"), as one word."""
        found = self.links_at(source_word, words, i)
        if found or "-" not in words[i]:
            return found
        for part in self.target.compound_parts(words[i]):
            found = [(1, kind) for n, kind in self.links_at(source_word, [part], 0) if n == 1]
            if found:
                return found[:1]
        return []

    def runs(self, source: str, occurrence: tuple[int, int], others: Iterable[tuple[int, int]],
             target: str, *, other_senses: bool = False,
             fixed: Sequence[tuple[int, int]] = ()) -> list[Run]:
        """Runs of ``target`` words that translate the source term at
        ``source[occurrence[0]:occurrence[1]]``: linked words next to each
        other (one function word may come between), within a clause,
        translating at least half of the term's content words (and two when
        it has two or more). A word that may translate a term word or a word
        outside the term links nothing but may join two linked words, as a
        function word may ("Орталық сайлау комитеті" where "polling" is in
        the source too). Links a source word outside the term's
        occurrences (``others``: all of them) could make as well are
        dropped (``others``: the spans of the source that are accounted
        for, the term's occurrences among them). A run is completed as a
        noun phrase (:meth:`~toolkit.morphology.base.Morphology.complete_phrase`),
        never into ``fixed`` spans of the target (terms already there). A run of nothing but other senses of words counts only
        with ``other_senses`` (the source names other glossary concepts)."""
        start, end = occurrence
        term_words = [w for w in _WORD.findall(source[start:end])
                      if w.casefold() not in self.source.function_words and w.casefold() not in ("'s", "’s")]
        if not term_words:
            return []
        spans = sorted(set(others) | {occurrence})
        outside: list[str] = []
        position = 0
        for a, b in spans:
            outside += _WORD.findall(source[position:a])
            position = max(position, b)
        outside += _WORD.findall(source[position:])
        outside = [w for w in outside if w.casefold() not in self.source.function_words]
        tokens = list(re.finditer(r"[^\W\d_][\w-]*", target))
        words = [t.group() for t in tokens]
        linked: list[tuple[int, int, str, str]] = []  # (first token, tokens, source word, kind)
        bridges: set[int] = set()  # words that may translate a term word or one outside it
        for i in range(len(words)):
            for word in term_words:
                for n, kind in self._links_of_token(word, words, i):
                    if kind == "derived" and len(term_words) == 1:
                        continue
                    if any(self.links_at(o, words, i, derive=False) for o in outside
                           if self._source_lemma(o) != self._source_lemma(word)):
                        bridges.update(range(i, i + n))
                        continue
                    linked.append((i, n, word, kind))
                    break
        if not linked:
            return []
        need = 1 if len(term_words) == 1 else max(2, math.ceil(len(term_words) / 2))
        by_token: dict[int, list[tuple[int, str, str]]] = {}
        for i, n, word, kind in linked:
            by_token.setdefault(i, []).append((n, word, kind))
        runs: list[Run] = []
        i = 0
        while i < len(words):
            if i not in by_token:
                i += 1
                continue
            first, covered, evidence, j = i, [], [], i
            while j in by_token:
                n, word, kind = next(((n, w, k) for n, w, k in by_token[j] if w not in covered), by_token[j][0])
                if word not in covered:
                    covered.append(word)
                    evidence.append(f"{' '.join(words[j:j + n])!r} translates {word!r} ({kind})")
                if n == 1 and "-" in words[j]:
                    # a compound renders several words ("Западно-Казахстанский": West, Kazakhstan)
                    for m, other, how in by_token[j]:
                        if m == 1 and other not in covered:
                            covered.append(other)
                            evidence.append(f"{words[j]!r} translates {other!r} ({how})")
                last = j + n - 1
                nxt = last + 1
                gap = target[tokens[last].end():tokens[nxt].start()] if nxt < len(tokens) else ""
                if nxt in by_token and not _CLAUSE.search(gap):
                    j = nxt
                    continue
                skip = nxt + 1
                gap2 = target[tokens[last].end():tokens[skip].start()] if skip < len(tokens) else ""
                if skip in by_token and (words[nxt].casefold() in self.target.function_words or nxt in bridges) \
                        and not _CLAUSE.search(gap2):
                    j = skip
                    continue
                break
            kinds = [e.rsplit("(", 1)[1] for e in evidence]
            # Another sense of a word is the model's mistake only where something confirms
            # the glossary's sense: another concept in the source, or a plain link in the run.
            confirmed = other_senses or any(k != "other sense)" for k in kinds)
            if len(covered) >= need and not confirmed:
                runs.append(Run(tokens[first].start(), tokens[last].end(), tuple(covered), "; ".join(evidence),
                                other_sense=True))
            elif len(covered) >= need:
                # the noun phrase made whole: a modifier at the end takes its noun; words of
                # the source the run lacks may be the (mis)translated modifiers before it
                begin, finish = self.target.complete_phrase(target, tokens[first].start(), tokens[last].end(),
                                                           left=len(term_words) - len(covered))
                if _CLAUSE.search(target, begin, finish) or any(
                        begin < b and a < finish and not (tokens[first].start() < b and a < tokens[last].end())
                        for a, b in fixed):
                    begin, finish = tokens[first].start(), tokens[last].end()
                runs.append(Run(begin, finish, tuple(covered), "; ".join(evidence)))
            i = last + 1
        return runs

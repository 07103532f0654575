"""Finding the target text that renders a concept when the glossary does not
list it: the machine translation's own words for a term nobody foresaw.

When the source names a concept and the target has no approved term of it,
the rendering is looked for in two ways, each giving a span, the glossary
term it stands for, its grammatical form and the evidence:

* **near spelling** — words whose spelling is one or two edits from a form
  of one of the concept's terms, transliteration-aware
  (:meth:`toolkit.morphology.Morphology.skeleton`: "Эрлан Кашанов" for
  "Ерлан Кошанов", "Курылтая" for "Курултая", "Ак Орде" for "Акорде",
  "Токайевке" for "Тоқаевқа");
* **head noun** — a noun phrase headed by the head noun of one of the
  concept's terms, with other modifiers ("Высшая ревизионная палата" for
  "Высшая аудиторская палата", "Министерстве здоровья" for "Министерстве
  здравоохранения", "Генералдық прокуратура" for "Бас прокуратура"). The
  phrase takes as many words as the term and the source name have
  (:meth:`toolkit.morphology.Morphology.phrase_extent`).

Enforcement replaces a rendering only when the evidence is clear (one
candidate, apart from the terms of other concepts); otherwise it reports
the term unresolved with the candidate span. The same search repairs a person's
name whose surname is right and whose first name is misspelt ("Эрланом
Кошановым").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..termbase.model import Concept, Term
from .matching import TermMatch

__all__ = ["Rendering", "Renderings", "WORD"]

#: A word: letters, digits and inner hyphens.
WORD = re.compile(r"[^\W\d_][\w-]*")
_CLAUSE = re.compile(r"[.,;:!?…()«»\"“”—–]")


@dataclass(frozen=True)
class Rendering:
    """A span of the target that renders a concept the glossary's way or not.

    Attributes:
        start (int), end (int): the span in the target.
        term (Term): the glossary term it stands for (the one it is a
            misspelling of, or whose head noun it shares).
        form (object): its grammatical form (:class:`toolkit.morphology.Form`), or None.
        kind (str): ``"near-spelling"`` or ``"head-noun"``.
        evidence (str): what the finding rests on, for reports.
        distance (int): edits between its spelling and the term's (near
            spellings; 0 for head nouns).
    """

    start: int
    end: int
    term: Term
    form: object
    kind: str
    evidence: str
    distance: int = 0


def _distance_limit(length: int) -> int:
    if length < 4:
        return 0
    if length <= 6:
        return 1
    if length <= 15:
        return 2
    return 3


class Renderings:
    """The search for unlisted renderings in one target language.

    Args:
        morphology: the target language's :class:`toolkit.morphology.Morphology`.
        lang (str): the target language tag.
    """

    def __init__(self, morphology, lang: str) -> None:
        self.morphology = morphology
        self.lang = lang
        self._surfaces: dict[tuple[str, int], list] = {}

    # -- near spellings ------------------------------------------------------

    def surfaces(self, concept: Concept) -> list[tuple[str, str, Term, object]]:
        """``(skeleton, surface, term, form)`` of every inflected form of every
        target term of ``concept`` (all statuses), and of its terms in other
        languages written in the target's alphabet (a Russian spelling in
        Kazakh text, "Меджлиске", is a near spelling too), inflected by the
        target's morphology; cached per concept."""
        key = (concept.id, id(concept))
        found = self._surfaces.get(key)
        if found is None:
            found = []
            alphabet = self.morphology.alphabet
            for term in concept.terms:
                if term not in concept.terms_in(self.lang):
                    letters = {c for c in term.text.casefold() if c.isalpha()}
                    if not alphabet or not letters or not letters <= alphabet:
                        continue
                try:
                    paradigm = self.morphology.paradigm(term.text)
                except Exception:  # noqa: BLE001 - a term the morphology cannot read: as written
                    paradigm = {term.text.casefold(): ()}
                for surface, forms in paradigm.items():
                    found.append((self.morphology.skeleton(surface), surface, term, forms[0] if forms else None))
            if len(self._surfaces) > 4096:
                self._surfaces.clear()
            self._surfaces[key] = found
        return found

    def near_spellings(self, target: str, concept: Concept, taken: Sequence[tuple[int, int]]) -> list[Rendering]:
        """Spans of ``target`` that are near spellings of a form of one of
        ``concept``'s terms: the closest per span, best first; spans
        overlapping ``taken`` are skipped. Proper names (capitalised terms)
        match only capitalised words; common nouns only when long (7+
        letters), so that "палатка" is never taken for "палата"."""
        surfaces = self.surfaces(concept)
        if not surfaces:
            return []
        tokens = list(WORD.finditer(target))
        sizes = {len(surface.split()) for _skel, surface, _t, _f in surfaces}
        widths = sorted({w for n in sizes for w in (n - 1, n, n + 1) if w >= 1})
        found: list[tuple[int, int, Rendering]] = []
        for width in widths:
            for i in range(len(tokens) - width + 1):
                first, last = tokens[i], tokens[i + width - 1]
                start, end = first.start(), last.end()
                if width > 1 and _CLAUSE.search(target, start, end):
                    continue
                if any(start < b and a < end for a, b in taken):
                    continue
                text = target[start:end]
                # word by word: doubled letters never merge across words ("Кошанав в")
                skeleton = "".join(self.morphology.skeleton(t.group()) for t in tokens[i:i + width])
                folded = text.casefold()
                best = None
                for skel, surface, term, form in surfaces:
                    if not skel or skel[0] != skeleton[:1] or abs(len(skel) - len(skeleton)) > 3:
                        continue
                    limit = _distance_limit(len(skel))
                    if width > len(surface.split()):
                        limit = min(limit, 1)  # a word split in two ("Ак Орде"), nothing more
                    proper = term.text[:1].isupper()
                    if proper and not text[:1].isupper():
                        continue
                    if not proper and limit and len(skel) < 7:
                        limit = 0
                    distance = _levenshtein(skeleton, skel, limit)
                    if distance > limit:
                        continue
                    if term.lang == self.lang and (folded == surface.casefold() or self._same_words(text, surface)):
                        best = None  # the term itself, in some form of its own: no rendering
                        break
                    exact = _levenshtein(folded, surface.casefold(), 64) + (width != len(surface.split()))
                    if best is None or (distance, exact) < best[:2]:
                        best = (distance, exact, surface, term, form)
                if best is not None:
                    distance, exact, surface, term, form = best
                    other = " (written as another language spells it)" if term.lang != self.lang else ""
                    evidence = (f"near spelling of {surface!r} ({distance} edit{'s' if distance != 1 else ''}"
                                f" after transliteration){other}" if distance else
                                f"spelling variant of {surface!r}{other}")
                    found.append((distance, exact, Rendering(start, end, term, form, "near-spelling", evidence,
                                                             distance)))
        found.sort(key=lambda item: (item[0], -(item[2].end - item[2].start), item[1]))
        out: list[Rendering] = []
        for _distance, _exact, rendering in found:
            if not any(rendering.start < r.end and r.start < rendering.end for r in out):
                out.append(rendering)
        return out

    def _same_words(self, text: str, surface: str) -> bool:
        """True when each word of ``text`` is a form of the corresponding word
        of ``surface`` (same lemma): the term itself, inflected as the
        sentence needs ("Костанайской и Павлодарской областей")."""
        a, b = text.split(), surface.split()
        if len(a) != len(b) or len(a) < 2:
            return False
        return all(set(self.morphology.lemmas(x)[:2]) & set(self.morphology.lemmas(y)[:2]) for x, y in zip(a, b))

    # -- head nouns ---------------------------------------------------------

    def head_nouns(self, target: str, concept: Concept, budget: int,
                   taken: Sequence[tuple[int, int]]) -> list[Rendering]:
        """Noun phrases of ``target`` headed by the head noun of one of
        ``concept``'s terms, with the words around the head that the term
        and the source name allow (``budget``: content words of the source
        name; a Kazakh phrase takes as many words as the term), skipping
        spans overlapping ``taken``. A Kazakh phrase shorter than its term
        that does not start a clause is marked unclear (``distance`` 1)."""
        morphology = self.morphology
        out: list[Rendering] = []
        tokens = list(WORD.finditer(target))
        for term in concept.terms_in(self.lang):
            words = term.text.split()
            content = [w for w in words if w.casefold() not in morphology.function_words]
            head = morphology.head_index(term.text)
            head_lemmas = set(morphology.lemmas(words[head])[:1])
            if not head_lemmas or len(next(iter(head_lemmas))) < 3:
                continue
            after = len([w for w in words[head + 1:] if w.casefold() not in morphology.function_words])
            cases: frozenset[str] = frozenset()
            if morphology.suffixing:
                left, right, limit = len(words) - 1, 0, len(words) - 1
                cases = frozenset(f.case for w in words[:head] for f in morphology.readings(w)[:1] if f.case)
            else:
                limit = max(0, min(len(content), budget) - 1)
                left, right = limit, after
            for token in tokens:
                if any(token.start() < b and a < token.end() for a, b in taken):
                    continue
                if not head_lemmas & set(morphology.lemmas(token.group())[:2]):
                    continue
                start, end = morphology.phrase_extent(target, token.start(), token.end(), left=left, right=right,
                                                      limit=limit, cases=cases)
                if any(start < b and a < end for a, b in taken):
                    # the phrase begins after the terms found before its head ("заң жобасы
                    # Денсаулық министрлігіне": the bill is not part of the ministry)
                    before = [b for a, b in taken if a < token.start() and b <= token.start() and b > start]
                    start = max(before) if before and not any(token.start() < b and a < end for a, b in taken) \
                        else token.start()
                    start = next((m.start() for m in WORD.finditer(target, start, token.end())), token.start())
                    if any(start < b and a < end for a, b in taken):
                        start, end = token.start(), token.end()
                if morphology.suffixing:
                    start = self._trim_to_term_words(target, start, token.start(), words)
                if self._coordinated(target, start, end, words, head):
                    continue
                form = morphology.form_of_phrase(target[token.start():token.end()] if not morphology.suffixing
                                                 else target[start:end])
                if any(r.start == start and r.end == end for r in out):
                    continue
                unclear = 0
                if morphology.suffixing and len(WORD.findall(target[start:end])) < len(words) \
                        and not self._starts_as_term(target[start:end], words) \
                        and WORD.search(target[:start]) and not _CLAUSE.search(
                            target[[m for m in WORD.finditer(target[:start])][-1].end():start]):
                    unclear = 1
                out.append(Rendering(start, end, term, form, "head-noun",
                                     f"noun phrase headed by {words[head]!r}, the head noun of {term.text!r}",
                                     unclear))
        return out

    def _trim_to_term_words(self, target: str, start: int, head_start: int, words: list[str]) -> int:
        """The start of a head-final phrase moved right to the word that is
        the term's first word ("заң жобасы Денсаулық министрлігіне": the
        phrase is "Денсаулық министрлігіне", "жобасы" heads a phrase of its
        own); unchanged when the term's first word is not there (a
        mistranslated first modifier: "ұлттық маңызы бар қала")."""
        first = set(self.morphology.lemmas(words[0])[:1]) | {words[0].casefold()}
        for match in WORD.finditer(target, start, head_start):
            if set(self.morphology.lemmas(match.group())[:2]) & first:
                return match.start()
        return start

    def _starts_as_term(self, phrase: str, words: list[str]) -> bool:
        """True when the phrase's first word is a form of the term's first
        word (and the phrase has more than the head): its start is clear."""
        found = WORD.findall(phrase)
        if len(found) < 2:
            return False
        first = set(self.morphology.lemmas(words[0])[:1]) | {words[0].casefold()}
        return bool(set(self.morphology.lemmas(found[0])[:2]) & first)

    def _coordinated(self, target: str, start: int, end: int, words: list[str], head: int) -> bool:
        """True when the word next to the phrase is a form of one of the
        term's own words that the phrase did not take: the term itself in a
        coordination ("Костанайской и Павлодарской областей")."""
        others = {lemma for i, w in enumerate(words) if i != head for lemma in self.morphology.lemmas(w)[:1]}
        if not others:
            return False
        taken = {lemma for w in WORD.findall(target[start:end]) for lemma in self.morphology.lemmas(w)[:1]}
        neighbours = WORD.findall(target[:start])[-1:] + WORD.findall(target[end:])[:1]
        return any(set(self.morphology.lemmas(w)[:2]) & (others - taken) for w in neighbours)

    def extend_over_units(self, target: str, start: int, units: frozenset) -> int:
        """For a language whose noun phrases end in their head (Kazakh): the
        start of the phrase moved left over words that form a unit with its
        first word — a pair of words that stands together in a glossary term
        (``units``: pairs of lemmas; "дауыс беру" in "жасырын дауыс беру"),
        so "Дауыс беру учаскелері" is taken whole."""
        if not self.morphology.suffixing:
            return start
        while True:
            words = list(WORD.finditer(target[:start]))
            following = WORD.match(target, start)
            if not words or following is None or _CLAUSE.search(target, words[-1].end(), start):
                return start
            pair = (self.morphology.lemmas(words[-1].group())[:1], self.morphology.lemmas(following.group())[:1])
            if not pair[0] or not pair[1] or (pair[0][0], pair[1][0]) not in units:
                return start
            start = words[-1].start()

    # -- names -----------------------------------------------------------------

    def name_repairs(self, target: str, match: TermMatch, preferred: Term) -> list[tuple[int, int, str]]:
        """For a name rendered only in part (``match``: the surname, or the
        name and patronymic, of a person whose preferred term is
        ``preferred``, "Ерлан Кошанов"): the words next to it that misspell
        the rest of the name, as ``(start, end, replacement)`` in the match's
        grammatical form; empty when they are right or are another name
        ("Данияр Ашимбаев")."""
        full = preferred.text.split()
        part = match.term.text.split()
        form = match.form
        lemma = lambda w: set(self.morphology.lemmas(w)[:2])  # noqa: E731 - local shorthand
        # (a word of the part itself covers its word: its lemmas meet its own)
        covered = [f in part or any(lemma(f) & lemma(p) for p in part) for f in full]
        if all(covered):
            return []  # the whole name is there: nothing to respell (and no need to inflect it)
        try:
            inflected = (self.morphology.inflect(preferred.text, form) if form is not None
                         else preferred.text).split()
        except Exception:  # noqa: BLE001 - a form the full name lacks: leave the name
            return []
        if len(inflected) != len(full):
            return []
        out: list[tuple[int, int, str]] = []
        # the parts before the match ("Эрлан" Кошанов)
        missing = covered.index(True) if True in covered else 0
        if missing:
            wanted = inflected[:missing]
            out += self._respell(target, list(WORD.finditer(target[:match.start])), wanted, before=True,
                                 limit=match.start)
        # the parts after it (Касым-Жомарта Кемелевича "Токайева")
        last = len(covered) - 1 - covered[::-1].index(True) if True in covered else len(full) - 1
        if last < len(full) - 1:
            wanted = inflected[last + 1:]
            out += self._respell(target, list(WORD.finditer(target, match.end)), wanted, before=False,
                                 limit=match.end)
        return out

    def _respell(self, target: str, words: list, wanted: list[str], *, before: bool,
                 limit: int) -> list[tuple[int, int, str]]:
        want = " ".join(wanted)
        want_skeleton = self.morphology.skeleton(want)
        for count in (len(wanted), len(wanted) + 1):
            if len(words) < count:
                continue
            chosen = words[-count:] if before else words[:count]
            first, last = chosen[0], chosen[-1]
            gap = target[last.end():limit] if before else target[limit:first.start()]
            if _CLAUSE.search(target, first.start(), last.end()) or _CLAUSE.search(gap) or gap.strip():
                continue
            text = target[first.start():last.end()]
            if text.casefold() == want.casefold():
                return []
            if not text[:1].isupper():
                continue
            skeleton = "".join(self.morphology.skeleton(w.group()) for w in chosen)
            if _levenshtein(skeleton, want_skeleton, 2) <= 2:
                return [(first.start(), last.end(), want.upper() if text.isupper() else want)]
        return []


def _levenshtein(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` when above ``limit``."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=limit)

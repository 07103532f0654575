"""Which language a text is in: a small, real identifier for the languages
Atau has a morphology for (English, Russian, Kazakh; any language added as a
module of :mod:`toolkit.morphology` takes part through its alphabet).

Kazakh and Russian share the Cyrillic script, and Kazakh's alphabet holds
all of Russian's letters; what tells them apart is

1. **letters**: each candidate's alphabet
   (:attr:`toolkit.morphology.Morphology.alphabet`) is split into the letters
   no other candidate of the same script has (Kazakh's ә ғ қ ң ө ұ ү һ і)
   and the shared ones; a language's text has its own letters at the rate
   :data:`OWN_LETTER_RATES` gives (uniform over the alphabet when unknown),
   and a letter outside its alphabet with the small probability
   :data:`FOREIGN_LETTER` (names, quotations). One Kazakh letter is strong
   evidence for Kazakh; a long text without any leans towards Russian;
2. **words**, for a language with a dictionary (Russian: pymorphy3's
   OpenCorpora dictionary, imported only when Cyrillic words are there to
   look up): whether each word is a known word of the language. Kazakh
   sentences without any of its own letters exist ("Мемлекет басшысы
   кезектен тыс сайлау жариялады."), and their words are rarely Russian.

The two kinds of evidence are combined as a naive Bayes model with a
uniform prior; the confidence of a language is its posterior probability in
percent (LibreTranslate's scale, 0-100).

The rates were measured with pymorphy3 on
the repository's own corpus: 1,341 of 1,398 Cyrillic words (95.9%) on the
Russian side of ``tests/data/corpus/en-ru.tsv`` are dictionary words, 68 of
672 (10.1%) on the Kazakh side of ``tests/data/corpus/en-kk.tsv`` (loans such
as "сенат", "парламент", short words such as "бар", "да"); 640 of the 4,737
letters (13.5%) of that Kazakh side are letters Russian lacks.

>>> [(d.language, d.confidence) for d in detect("Мәжіліс заң жобасын қабылдады.")][:1]
[('kk', 100.0)]
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Callable, Sequence

__all__ = ["Detection", "detect", "FOREIGN_LETTER", "OWN_LETTER_RATES", "DICTIONARY_RATES", "MAX_CHARS",
           "MAX_WORDS"]

#: Probability of a letter outside a language's alphabet in its text.
FOREIGN_LETTER = 1e-5

#: ``language -> share of the letters of its text that no other language of
#: its script has`` (measured, see the module docstring).
OWN_LETTER_RATES: dict[str, float] = {"kk": 0.135}

#: ``language -> (share of its words its dictionary knows, share of the words
#: of another language in the same script that it knows)`` (see the module
#: docstring for the measurement).
DICTIONARY_RATES: dict[str, tuple[float, float]] = {"ru": (0.959, 0.101)}

#: Characters of a text that are looked at (the identification is bounded in time).
MAX_CHARS = 4000
#: Words looked up in a dictionary, at most.
MAX_WORDS = 200

_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Detection:
    """A language and how sure the identifier is.

    Attributes:
        language (str): the language code (``"en"``, ``"ru"``, ``"kk"``).
        confidence (float): posterior probability in percent, 0-100, one decimal.
    """

    language: str
    confidence: float

    def to_dict(self) -> dict:
        """LibreTranslate's shape: ``{"confidence": 97.3, "language": "kk"}``."""
        return {"confidence": self.confidence, "language": self.language}


def detect(text: str, candidates: Sequence[str] | None = None, *, limit: int = 3) -> list[Detection]:
    """Identify the language of ``text``.

    Args:
        text (str): any text; only its first :data:`MAX_CHARS` characters
            and :data:`MAX_WORDS` words are looked at.
        candidates (Sequence[str] | None): language codes to choose from
            (default: every language with a morphology module,
            :func:`toolkit.morphology.known_languages`); a code without an
            alphabet takes no part.
        limit (int): the most likely languages returned, at most.

    Returns:
        list[Detection]: the most likely first; languages whose confidence
        rounds to 0 are left out. Empty when the text has no letter of any
        candidate's alphabet (digits, punctuation, another script).
    """
    sample = text[:MAX_CHARS].lower()
    alphabets = _alphabets(tuple(candidates) if candidates is not None else None)
    if not alphabets:
        return []
    letters: dict[str, int] = {}
    for char in sample:
        if char.isalpha():
            letters[char] = letters.get(char, 0) + 1
    if not any(char in alphabet for alphabet in alphabets.values() for char in letters):
        return []
    scores = {lang: sum(n * logp(char) for char, n in letters.items())
              for lang, logp in _letter_models(tuple(sorted(alphabets.items()))).items()}
    _add_word_evidence(sample, alphabets, scores)
    top = max(scores.values())
    weights = {lang: math.exp(score - top) for lang, score in scores.items()}
    total = sum(weights.values())
    found = [Detection(lang, round(100 * weight / total, 1)) for lang, weight in weights.items()]
    found.sort(key=lambda d: (-d.confidence, d.language))
    return [d for d in found if d.confidence > 0][:limit]


def _add_word_evidence(sample: str, alphabets: dict[str, frozenset], scores: dict[str, float]) -> None:
    """Add, for each language with a dictionary, the log-likelihood of which
    words it knows to every candidate whose alphabet writes those words."""
    for lang, (known_rate, other_rate) in DICTIONARY_RATES.items():
        if lang not in alphabets:
            continue
        alphabet = alphabets[lang]
        # words of the script: a word with a neighbour's letter is no word of this language
        script = alphabet.union(*(a for a in alphabets.values() if a & alphabet))
        words = [w for w in _WORD.findall(sample) if all(c in script for c in w)][:MAX_WORDS]
        if not words:
            continue
        is_known = _dictionary(lang)
        if is_known is None:
            continue
        known = sum(1 for w in words if all(c in alphabet for c in w) and is_known(w))
        unknown = len(words) - known
        for other, other_alphabet in alphabets.items():
            if other == lang:
                scores[other] += known * math.log(known_rate) + unknown * math.log(1 - known_rate)
            elif alphabet & other_alphabet:
                scores[other] += known * math.log(other_rate) + unknown * math.log(1 - other_rate)


@functools.lru_cache(maxsize=8)
def _dictionary(lang: str) -> Callable[[str], bool] | None:
    """``word -> bool``: the word is in the language's dictionary; None when
    the dictionary cannot be loaded (then only letters count)."""
    if lang == "ru":
        try:
            import pymorphy3
        except ImportError:  # pragma: no cover - a core dependency
            return None
        analyzer = pymorphy3.MorphAnalyzer()
        return functools.lru_cache(maxsize=65536)(analyzer.word_is_known)
    return None


@functools.lru_cache(maxsize=16)
def _letter_models(alphabets: tuple[tuple[str, frozenset], ...]) -> dict[str, Callable[[str], float]]:
    """``language -> (letter -> log-probability)`` (see the module docstring)."""
    models = {}
    for lang, alphabet in alphabets:
        neighbours = [a for other, a in alphabets if other != lang and a & alphabet]
        own = alphabet.difference(*neighbours) if neighbours else frozenset()
        shared = alphabet - own
        rate = OWN_LETTER_RATES.get(lang, len(own) / len(alphabet)) if own else 0.0
        table = {c: math.log(rate / len(own)) for c in own}
        table.update({c: math.log((1 - rate) / len(shared)) for c in shared})
        models[lang] = functools.partial(_lookup, table, math.log(FOREIGN_LETTER))
    return models


def _lookup(table: dict[str, float], default: float, char: str) -> float:
    return table.get(char, default)


@functools.lru_cache(maxsize=16)
def _alphabets(candidates: tuple[str, ...] | None) -> dict[str, frozenset]:
    from .langtags import primary_language
    from .morphology import get_morphology, known_languages

    codes = candidates if candidates is not None else known_languages()
    out = {}
    for code in codes:
        alphabet = frozenset(get_morphology(code).alphabet)
        if alphabet:
            out[primary_language(code)] = alphabet
    return out

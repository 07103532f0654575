"""English noun inflection of terms: plural and possessive.

The noun that takes the plural is the last word, or, in a term with a
prepositional complement, the last word before the first preposition
(``Head of State`` -> ``Heads of State``, ``Speaker of the Senate`` ->
``Speakers of the Senate``). The possessive goes at the end of the whole
term, the group genitive (``Head of State's``): ``'s`` in the singular and
after a plural not ending in s (``chairmen's``), a bare apostrophe after a
plural in s (``senators'``). A singular ending in s takes ``'s``
(``Mazhilis's``); paradigms also list the bare-apostrophe form
(``Mazhilis'``), which some house styles use.

Regular plurals (The Chicago Manual of Style, 17th ed., 7.5-7.8; Quirk et
al., *A Comprehensive Grammar of the English Language*, 1985, 5.79-5.96):
-s; -es after s x z ch sh (``taxes``, ``speeches``); -ies
for consonant + y (``deputies``, ``Assemblies``), -ys after a vowel
(``attorneys``); -men for -man (``chairmen``, except ``human``, ``German``,
...); a short list of irregular, invariable and uncountable nouns
(``people``, ``criteria``, ``series``, ``legislation`` has no plural).
All-capital words take a lower-case ``s``: ``CECs``.
"""

from __future__ import annotations

import functools
import re

from ..errors import InputError
from .base import Form, Morphology, check_term, normalize_surface, split_words

__all__ = ["EnglishMorphology", "plural_of"]

_PREPOSITIONS = frozenset({
    "of", "for", "on", "in", "to", "at", "by", "with", "under", "from", "against", "between",
})
_IRREGULAR = {
    "man": "men", "woman": "women", "child": "children", "person": "people",
    "foot": "feet", "tooth": "teeth", "mouse": "mice", "ox": "oxen",
    "criterion": "criteria", "phenomenon": "phenomena", "datum": "data",
    "analysis": "analyses", "basis": "bases", "crisis": "crises", "thesis": "theses",
    "hypothesis": "hypotheses", "diagnosis": "diagnoses", "synopsis": "synopses",
    "parenthesis": "parentheses", "axis": "axes", "appendix": "appendices",
    "memorandum": "memoranda", "curriculum": "curricula", "referendum": "referendums",
    "life": "lives", "wife": "wives", "knife": "knives", "leaf": "leaves", "half": "halves",
    "self": "selves", "shelf": "shelves", "thief": "thieves", "wolf": "wolves",
    "hero": "heroes", "veto": "vetoes", "echo": "echoes", "embargo": "embargoes",
    "potato": "potatoes", "tomato": "tomatoes", "torpedo": "torpedoes",
}
_INVARIABLE = frozenset({
    "series", "species", "headquarters", "means", "aircraft", "sheep", "deer",
    "offspring", "crossroads",
})
_UNCOUNTABLE = frozenset({
    "legislation", "information", "advice", "equipment", "news", "evidence",
    "research", "governance", "furniture", "personnel", "machinery", "feedback",
})
_NOT_MEN = frozenset({"human", "german", "roman", "talisman", "shaman", "caiman", "ottoman"})
_SINGULAR_OF = {plural: singular for singular, plural in _IRREGULAR.items()}


def plural_of(word: str) -> str | None:
    """The plural of one English noun, with the capitalisation of ``word``;
    None for an uncountable noun.

    >>> plural_of("Assembly"), plural_of("chairman"), plural_of("CEC")
    ('Assemblies', 'chairmen', 'CECs')
    """
    lower = word.casefold()
    if lower in _UNCOUNTABLE:
        return None
    if lower in _INVARIABLE:
        return word
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return word + "s"
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
    elif lower.endswith("man") and lower not in _NOT_MEN:
        plural = lower[:-3] + "men"
    elif re.search(r"[^aeiou]y$", lower):
        plural = lower[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", lower):
        plural = lower + "es"
    else:
        plural = lower + "s"
    # keep the capitalisation of the common beginning (Assembly -> Assemblies)
    return "".join(w if p == w.casefold() else p for w, p in zip(word, plural)) + plural[len(word):]


def _possessive(text: str, plural: bool) -> str:
    """``text`` + the possessive ending."""
    if plural and text.casefold().endswith("s"):
        return text + "'"
    return text + "'s"


#: Abbreviations after which an English sentence does not end (titles,
#: "No.", "Art.", times of day, Latin abbreviations; The Chicago Manual of
#: Style, ch. 10). "a.m."/"p.m." before a capital is a weekday or a place far
#: more often than a new sentence in news ("9 a.m. Monday", "5 p.m. Astana time").
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "art", "vs", "gen", "sen", "rep", "gov", "col",
    "lt", "sgt", "capt", "mt", "jr", "sr", "fig", "vol", "p", "pp", "para", "approx", "dept", "est",
    "e.g", "i.e", "cf", "etc.,", "a.m", "p.m", "jan", "feb", "aug", "sept", "oct", "nov", "dec"})

#: Words without content in English terms.
#: Finite verbs and auxiliaries a subject is followed by, that no
#: regular-verb rule (-ed, -s) finds: after a noun they make it the subject,
#: not a modifier (see :meth:`EnglishMorphology.modifies_next_noun`).
_FINITE_VERBS = frozenset(
    "is are was were be been has have had do does did will would shall should can could may might must "
    "met held made took gave began set sent told won led ran saw put paid left kept became came went got "
    "said spoke heard chose cut hit let read wrote rose fell brought bought sought thought found stood "
    "meets holds makes takes gives sets sends tells leads runs sees puts pays keeps becomes comes goes "
    "gets says speaks hears chooses reads writes rises falls brings seeks finds stands".split())
#: Words that begin what a verb takes: after a word in -s they make it a
#: verb ("plans to", "says that"), not a plural noun ("residents welcomed").
_OBJECT_STARTS = frozenset("to that the a an its their his her this these those it them".split())
FUNCTION_WORDS = frozenset({"of", "the", "a", "an", "for", "and", "on", "in", "to", "at", "by", "with", "'s"})

#: Short names of states, nationality adjectives and international bodies
#: that news uses besides CLDR's territory names (lowercase).
FOREIGN_NAMES = frozenset({
    "us", "u.s.", "usa", "uk", "britain", "great britain", "turkey", "kyrgyz republic", "prc",
    "american", "british", "english", "russian", "uzbek", "kyrgyz", "kirghiz", "tajik", "turkmen",
    "chinese", "turkish", "iranian", "persian", "german", "french", "italian", "spanish", "japanese",
    "korean", "indian", "pakistani", "afghan", "azerbaijani", "azeri", "georgian", "armenian",
    "belarusian", "ukrainian", "polish", "czech", "hungarian", "mongolian", "arab", "saudi", "emirati",
    "qatari", "egyptian", "israeli", "syrian", "iraqi", "sudanese", "canadian", "australian", "dutch",
    "swiss", "austrian", "swedish", "norwegian", "finnish", "danish", "greek", "serbian", "romanian",
    "bulgarian", "brazilian", "mexican", "european", "texas", "texan", "california", "moscow",
    "un", "united nations", "eu", "european union", "council of europe", "nato", "osce", "sco",
    "eaeu", "eurasian economic union", "imf", "world bank", "who", "unesco", "unicef",
})

#: The English alphabet.
ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz")


class EnglishMorphology(Morphology):
    """English plural and possessive of terms; see the module docstring.

    Args:
        cache_size (int): terms whose paradigm is kept.
    """

    lang = "en"
    abbreviations = ABBREVIATIONS
    alphabet = ALPHABET
    function_words = FUNCTION_WORDS
    foreign_names = FOREIGN_NAMES
    #: English spelling rules for :meth:`cognate_key`: what a Russian or
    #: Kazakh borrowing of the word writes ("commission" -> "комиссия",
    #: "central" -> "центральный", "Mazhilis" -> "Мажилис").
    cognate_rules = (
        (r"[ts]ion", "s"), (r"t(?=i[aou])", "s"), (r"ph", "f"), (r"th", "t"), (r"ck", "k"),
        (r"qu", "kv"), (r"x", "ks"), (r"kh", "h"), (r"sh|ch|zh|j", "S"), (r"c(?=[eiy])", "s"),
    )

    def __init__(self, cache_size: int = 4096) -> None:
        self._paradigm = functools.lru_cache(maxsize=cache_size)(self._build_paradigm)

    def modifies_next_noun(self, text: str, end: int) -> bool:
        """True when a word follows the phrase after one space and can be
        the noun it modifies: not a function word, not a finite verb
        (``_FINITE_VERBS``, a past in -ed, a word in -s before what a verb
        takes: "plans to"), and the phrase is no possessive ("the
        Government's plan").

        >>> m = EnglishMorphology()
        >>> [m.modifies_next_noun(t, t.index(" ", 4)) for t in ("The Government hour began.",
        ...  "The Government approved it.", "The Senate deputies met.", "The Senate says that")]
        [True, False, True, False]
        """
        if text[max(0, end - 2):end] in ("'s", "’s") or text[end - 1:end] in ("'", "’"):
            return False
        found = re.match(r" ([^\W\d_][\w-]*)(?: ([^\W\d_][\w-]*))?", text[end:end + 60])
        if found is None:
            return False
        word, following = found.group(1).casefold(), (found.group(2) or "").casefold()
        if word.endswith("s") and not word.endswith("ss") and following in _OBJECT_STARTS:
            return False  # "The Government plans to", "says that": a verb in -s
        return not (word in FUNCTION_WORDS or word in _FINITE_VERBS or word in _PREPOSITIONS
                    or word.endswith("ed") or word in ("that", "which", "who", "and", "or", "as"))

    @staticmethod
    def _head_index(words: list[str]) -> int:
        """Index (in ``words``, words only) of the noun that takes the plural."""
        for i, word in enumerate(words):
            if i > 0 and word.casefold() in _PREPOSITIONS:
                return i - 1
        return len(words) - 1

    def _plural_term(self, term: str) -> str | None:
        pieces = split_words(term)
        words = pieces[0::2]
        head = self._head_index(words)
        plural = plural_of(words[head])
        if plural is None:
            return None
        pieces[2 * head] = plural
        return "".join(pieces)

    def _build_paradigm(self, term: str) -> tuple[tuple[str, tuple[Form, ...]], ...]:
        pairs = [(term, Form("nom", "sg")), (_possessive(term, False), Form("gen", "sg"))]
        if term.casefold().endswith("s"):
            pairs.append((term + "'", Form("gen", "sg")))
        plural = self._plural_term(term)
        if plural is not None:
            pairs.append((plural, Form("nom", "pl")))
            words = split_words(term)[0::2]
            pairs.append((_possessive(plural, self._head_index(words) == len(words) - 1),
                          Form("gen", "pl")))
        grouped: dict[str, list[Form]] = {}
        for surface, form in pairs:
            forms = grouped.setdefault(normalize_surface(surface), [])
            if form not in forms:
                forms.append(form)
        return tuple((key, tuple(forms)) for key, forms in grouped.items())

    def paradigm(self, term: str) -> dict[str, tuple[Form, ...]]:
        """Singular and plural, plain and possessive; see
        :meth:`Morphology.paradigm`.

        >>> sorted(EnglishMorphology().paradigm("senator"))
        ['senator', "senator's", 'senators', "senators'"]
        """
        return dict(self._paradigm(check_term(term)))

    def inflect(self, term: str, form: Form) -> str:
        """``term`` in ``form``: case ``"nom"``/``"gen"`` (or None), number
        ``"sg"``/``"pl"`` (or None: singular).

        >>> EnglishMorphology().inflect("Head of State", Form("nom", "pl"))
        'Heads of State'

        Raises:
            InputError: an empty term, a case other than nom/gen, a
                possessive person, the plural of an uncountable noun.
        """
        term = check_term(term)
        case = form.case or "nom"
        if case not in ("nom", "gen") or form.possessive is not None:
            raise InputError(f"English nouns have no form {form} (asked for {term!r})")
        text = term
        plural = form.number == "pl"
        if plural:
            text = self._plural_term(term)
            if text is None:
                raise InputError(f"{term!r} has no plural")
        if case == "gen":
            words = split_words(term)[0::2]
            text = _possessive(text, plural and self._head_index(words) == len(words) - 1)
        return text

    def lemmas(self, word: str) -> tuple[str, ...]:
        """Singular candidates of one word without its possessive ending,
        most likely first; a word in -s is also its own candidate.

        >>> EnglishMorphology().lemmas("Deputies'")
        ('deputy',)
        """
        key = normalize_surface(word)
        if not key:
            return ()
        if key.endswith("'s"):
            key = key[:-2]
        elif key.endswith("'"):
            key = key[:-1]
        found: list[str] = []
        if key in _SINGULAR_OF:
            found.append(_SINGULAR_OF[key])
        elif key.endswith("men") and key[:-3] + "man" not in _NOT_MEN and len(key) > 3:
            found.append(key[:-3] + "man")
        if key in _INVARIABLE or key in _UNCOUNTABLE:
            found.append(key)
        elif key.endswith("ies") and len(key) > 4:
            found.append(key[:-3] + "y")
        elif re.search(r"(x|z|ch|sh|ss)es$", key):
            found.append(key[:-2])
        elif key.endswith("ses"):
            found += [key[:-1], key[:-2]]
        elif key.endswith("s") and not key.endswith(("ss", "us", "is")) and len(key) > 2:
            found.append(key[:-1])
        if not found or (key.endswith("s") and not key.endswith("ies")):
            found.append(key)  # the word may be a singular in -s (Texas)
        return tuple(dict.fromkeys(found))


#: The language's morphology and the scripts it serves (see :mod:`toolkit.morphology`).
MORPHOLOGY = EnglishMorphology
SCRIPTS = ("Latn",)

"""The interface every language's morphology implements, and the shared helpers.

Glossary enforcement needs three things from a language: every surface form of
a term (to find a term in any inflected form, e.g. with an Aho-Corasick
automaton over :meth:`Morphology.paradigm`), the grammatical form of a span
(:meth:`Morphology.analyze`) and the term put into that form
(:meth:`Morphology.inflect`). :meth:`Morphology.lemmas` serves lemma-level
statistics on single words.

A grammatical form is a :class:`Form`. Its values are the same across
languages, so the form of a deprecated Russian term found in Russian text can
be handed to the Russian inflection of the preferred term:

>>> str(Form("dat", "sg"))
'dat.sg'
>>> Form.parse("loc.pl.3")
Form(case='loc', number='pl', possessive='3')
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from typing import Sequence

from ..errors import InputError

__all__ = [
    "CASES",
    "NUMBERS",
    "POSSESSIVES",
    "Form",
    "Morphology",
    "normalize_surface",
    "match_case",
]

#: Case values of :attr:`Form.case`, in the order paradigms list them:
#: nominative, genitive, dative, accusative, instrumental, locative
#: (Russian prepositional), ablative (Kazakh only), and two Kazakh forms
#: that enforcement must find and reproduce like cases: ``locattr``, the
#: attributive locative -дағы/-дегі/-тағы/-тегі (``Мәжілістегі`` "in the
#: Mazhilis", used before a noun), and ``gensubst``, the independent
#: genitive -нікі/-дікі/-тікі (``әкімдікі`` "the akim's"). The names follow
#: apertium-kaz's tags ``<loc><attr>`` and ``<gen><subst>``.
CASES: tuple[str, ...] = ("nom", "gen", "dat", "acc", "ins", "loc", "abl", "locattr", "gensubst")
#: Number values of :attr:`Form.number`.
NUMBERS: tuple[str, ...] = ("sg", "pl")
#: Kazakh possessive persons (тәуелдік жалғау) of :attr:`Form.possessive`:
#: менің, сенің, сіздің, оның/олардың, біздің, сендердің, сіздердің.
POSSESSIVES: tuple[str, ...] = ("1sg", "2sg", "2sg.pol", "3", "1pl", "2pl", "2pl.pol")


@dataclass(frozen=True)
class Form:
    """A grammatical form of a noun phrase.

    Attributes:
        case (str | None): one of :data:`CASES`; Russian uses nom..loc, Kazakh
            all nine, English ``"nom"`` and ``"gen"`` (possessive 's).
            None: unknown or not applicable (read as nominative by inflect).
        number (str | None): ``"sg"`` or ``"pl"``; None reads as the term's
            own number.
        possessive (str | None): Kazakh possessive person, one of
            :data:`POSSESSIVES`; None for no possessive suffix (and always
            None in Russian and English).

    Raises:
        InputError: a value outside those lists.
    """

    case: str | None = None
    number: str | None = None
    possessive: str | None = None

    def __post_init__(self) -> None:
        if self.case is not None and self.case not in CASES:
            raise InputError(f"unknown case {self.case!r} (expected one of {', '.join(CASES)})")
        if self.number is not None and self.number not in NUMBERS:
            raise InputError(f"unknown number {self.number!r} (expected sg or pl)")
        if self.possessive is not None and self.possessive not in POSSESSIVES:
            raise InputError(
                f"unknown possessive person {self.possessive!r} "
                f"(expected one of {', '.join(POSSESSIVES)})"
            )

    def __str__(self) -> str:
        """``"dat.sg"``, ``"nom.pl.1sg"``; unknown parts are left out, an
        all-unknown form is ``"-"``."""
        parts = [part for part in (self.case, self.number, self.possessive) if part is not None]
        return ".".join(parts) if parts else "-"

    @classmethod
    def parse(cls, text: str) -> "Form":
        """The inverse of ``str(form)``: ``"dat.sg"`` -> ``Form("dat", "sg")``.

        Args:
            text (str): dot-separated case, number and possessive person, each
                optional, in any order (``"2sg.pol"`` is one person).

        Returns:
            Form: the form.

        Raises:
            InputError: a part that is not a case, number or person, or one
                given twice.
        """
        values: dict[str, str] = {}
        if text.strip() in ("", "-"):
            return cls()
        # "2sg.pol" and "2pl.pol" contain the separator: match them whole.
        for part in re.findall(r"2(?:sg|pl)\.pol|[^.]+", text.strip()):
            field = ("case" if part in CASES else "number" if part in NUMBERS
                     else "possessive" if part in POSSESSIVES else None)
            if field is None:
                raise InputError(f"not a grammatical form: {text!r} (unknown part {part!r})")
            if field in values:
                raise InputError(f"not a grammatical form: {text!r} ({field} given twice)")
            values[field] = part
        return cls(**values)

    def to_dict(self) -> dict[str, str | None]:
        """``{"case": ..., "number": ..., "possessive": ...}`` (for JSON output)."""
        return asdict(self)


_SPACES = re.compile(r"\s+")
# Typographic variants MT output and editors produce, mapped to what glossary
# terms use. Each maps one character to one, so offsets are unchanged.
_CHAR_MAP = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-",  # hyphens
    "\u2019": "'", "\u02bc": "'", "\u2018": "'",  # apostrophes
})


MEMO_SIZE = 100_000
"""Most answers a morphology remembers per question (:func:`memo_of`)."""


def memo_of(morphology, name: str) -> dict | None:
    """A dictionary on the morphology instance for remembering the answers
    to one question (a pure function of a word: its lemmas, its skeleton),
    emptied when it holds :data:`MEMO_SIZE` answers; None when called on
    the class itself (doctests)."""
    attributes = getattr(morphology, "__dict__", None)
    if not isinstance(attributes, dict):
        return None
    memo = attributes.get(name)
    if memo is None or len(memo) >= MEMO_SIZE:
        memo = attributes[name] = {}
    return memo


def normalize_surface(text: str) -> str:
    """The key under which :meth:`Morphology.paradigm` stores a surface.

    NFC, then Unicode hyphen and apostrophe variants mapped to ``-`` and
    ``'``, runs of white space (including no-break spaces) to one space,
    then casefolded. Text searched for paradigm keys must be normalised the
    same way; for Cyrillic and Latin text without ligatures or ``ß`` the
    result has the same length as the input after NFC.

    Args:
        text (str): a term, or a span of text.

    Returns:
        str: the normalised key.

    >>> normalize_surface("Премьер\u2011Министр  Senate\u2019s")
    "премьер-министр senate's"
    """
    text = unicodedata.normalize("NFC", text).translate(_CHAR_MAP)
    return _SPACES.sub(" ", text).strip().casefold()


def match_case(model: str, word: str) -> str:
    """``word`` written with the capitalisation of ``model``.

    All capitals (two letters or more) stay all capitals, a capital first
    letter stays capital; otherwise ``word`` is returned as it is (inflecting
    code produces lower case).

    Args:
        model (str): the word as the term writes it (``"Сенат"``).
        word (str): its inflected form (``"сенату"``).

    Returns:
        str: ``"Сенату"``.
    """
    letters = [ch for ch in model if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Morphology(ABC):
    """Inflection and analysis of terms in one language.

    Subclasses implement :meth:`paradigm`, :meth:`inflect` and
    :meth:`lemmas`; :meth:`analyze` looks the span up in the paradigm.
    Instances are stateless apart from caches, and safe to share.

    Attributes:
        lang (str): the language this morphology serves (``"ru"``, ``"kk"``,
            ``"en"``; the normalised tag for the trivial morphology).
    """

    lang: str
    #: Abbreviations after which a sentence does not end, even before a
    #: capital letter: lowercase, without the final full stop ("т.е", "mr").
    abbreviations: frozenset[str] = frozenset()
    #: The lowercase letters of the language's alphabet, when it has one of
    #: its own within a shared script (Kazakh and Russian Cyrillic); empty
    #: when not known.
    alphabet: frozenset[str] = frozenset()
    #: True when a noun phrase carries its endings on its last word (Kazakh),
    #: False when on its first inflected words (Russian, English).
    suffixing: bool = False
    #: Words of no content in a term ("of", "the"; "по", "и"): not counted
    #: when a term's length in words is compared with a rendering's.
    function_words: frozenset[str] = frozenset()
    #: Names of foreign states, nations and international bodies besides
    #: CLDR's territory names (short forms, nationality adjectives, "UN"),
    #: lowercase; for nationality adjectives of inflecting languages, their
    #: stems ("американск"). Evidence that a term names another country's
    #: body (:mod:`toolkit.terms.evidence`).
    foreign_names: frozenset[str] = frozenset()
    #: Letters that spellings confuse, mapped to one representative, for
    #: comparing spellings (:meth:`skeleton`): Kazakh "қ" and Russian "к",
    #: "ё" and "е", "й" and "и". The base table covers Cyrillic as Russian
    #: and Kazakh write it and Latin diacritics folded by NFKD.
    letter_variants: dict[str, str] = {
        "ё": "е", "э": "е", "й": "и", "ы": "и", "і": "и", "ә": "а", "ғ": "г", "қ": "к", "ң": "н",
        "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "ъ": "", "ь": "",
    }

    #: Spellings rewritten (regular expression, replacement; in order, on
    #: the lowercase word) before :meth:`cognate_key` maps letters: English
    #: "tion" -> "s", "ph" -> "f".
    cognate_rules: tuple[tuple[str, str], ...] = ()
    #: Letter -> the Latin consonant an English cognate writes for it ("ц"
    #: -> "s" as in "central"/"центральный", "ж" -> "S" for sh/zh/j); vowels
    #: and signs map to "". Latin letters not listed stand for themselves.
    #: The base table covers Cyrillic as Russian and Kazakh write it.
    cognate_letters: dict[str, str] = {
        **dict.fromkeys("аеёиоуыэюяйъьәіөұү", ""),
        "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "ж": "S", "з": "z", "к": "k", "қ": "k",
        "л": "l", "м": "m", "н": "n", "ң": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f",
        "х": "h", "һ": "h", "ц": "s", "ч": "S", "ш": "S", "щ": "S",
        **dict.fromkeys("aeiouy", ""),
    }

    def cognate_key(self, word: str) -> str:
        """``word``'s consonants as classes shared by English, Russian and
        Kazakh spellings, for telling cognates ("commission"/"комиссия",
        "Pavlodar"/"Павлодарский", "office"/"офис"): the word lowercased and
        rewritten (:attr:`cognate_rules`), letters mapped
        (:attr:`cognate_letters`), voiced and voiceless pairs merged (b/p,
        d/t, g/k/c/q/h/x, z/s, v/f/w), doubled classes single; a word that
        starts with a vowel starts with "V".

        >>> Morphology.cognate_key(Morphology, "Павлодарский")
        'pfltrsk'
        """
        folded = unicodedata.normalize("NFC", word.casefold())
        for pattern, replacement in self.cognate_rules:
            folded = re.sub(pattern, replacement, folded)
        out: list[str] = []
        for i, char in enumerate(folded):
            if not char.isalpha():
                continue
            latin = self.cognate_letters.get(char, char)
            if not latin:
                if i == 0 and not out:
                    out.append("V")
                continue
            for letter in latin:
                klass = _COGNATE_CLASSES.get(letter, letter)
                if not out or out[-1] != klass:
                    out.append(klass)
        return "".join(out)

    @abstractmethod
    def paradigm(self, term: str) -> dict[str, tuple[Form, ...]]:
        """All surface forms of ``term``.

        Args:
            term (str): a glossary term in its dictionary form (nominative
                singular), possibly several words, possibly hyphenated.

        Returns:
            dict[str, tuple[Form, ...]]: keys are surfaces normalised by
            :func:`normalize_surface`; each maps to the form(s) the surface
            can be, most likely first. The term itself is always a key, as
            nominative singular (nominative plural for a plural term).
            The dict is a fresh copy; changing it changes no cache.

        Raises:
            InputError: ``term`` is empty.
        """

    @abstractmethod
    def inflect(self, term: str, form: Form) -> str:
        """``term`` put into ``form``, keeping each word's capitalisation;
        words that do not decline stay as they are.

        Args:
            term (str): as for :meth:`paradigm`.
            form (Form): the wanted form; None fields read as nominative, the
                term's own number, no possessive.

        Returns:
            str: the inflected term.

        Raises:
            InputError: the form does not exist for this term or language
                (a plural of a singulare tantum, a Kazakh possessive in
                Russian, an empty term).
        """

    def analyze(self, surface: str, term: str) -> tuple[Form, ...]:
        """The form(s) ``surface`` has if it is an inflected form of ``term``.

        Args:
            surface (str): a span of text (any capitalisation and spacing).
            term (str): as for :meth:`paradigm`.

        Returns:
            tuple[Form, ...]: the possible forms, most likely first; ``()``
            when ``surface`` is not a form of ``term``.
        """
        return self.paradigm(term).get(normalize_surface(surface), ())

    @abstractmethod
    def lemmas(self, word: str) -> tuple[str, ...]:
        """Possible dictionary forms of one word.

        Args:
            word (str): a single word as found in text.

        Returns:
            tuple[str, ...]: casefolded lemma candidates, most likely first
            (never empty for a non-empty word: an unknown word is its own
            lemma).
        """

    def is_modifier(self, word: str) -> bool:
        """True when ``word`` can only be a modifier that agrees with a noun
        (a Russian adjective or participle, "правительственный"), never a
        noun: such a word alone cannot be replaced by a noun term without
        breaking the sentence ("правительственный час" is not
        "Правительство час"). The base class knows no parts of speech and
        says False.

        Args:
            word (str): one word as found in text.
        """
        return False

    def modifies_next_noun(self, text: str, end: int) -> bool:
        """True when the noun phrase that ends at ``end`` in ``text`` is
        used as a modifier of the noun after it ("district" in "the
        district newspaper", "Government" in "Government hour"), as far as
        the words tell; False when it can be the subject, the object or an
        owner ("The Government approved", "the Government's plan"). The
        base class knows no parts of speech and says False.

        Args:
            text (str): a sentence.
            end (int): where the phrase ends (a character offset).
        """
        return False

    def complete_phrase(self, text: str, start: int, end: int, *, left: int = 0) -> tuple[int, int]:
        """The noun phrase ``text[start:end]`` completed: a modifier at its
        end takes the noun it modifies, and up to ``left`` modifiers right
        before it join it (a rendering whose other words translate a word
        of the source the phrase lacks). The base class cannot tell and
        returns the span as it is."""
        return start, end

    def compound_possessive(self, phrase: str, before: str) -> bool:
        """True when the possessive ending on the last word of ``phrase`` (a
        free rendering of a term) marks the phrase as a compound of nouns
        (Kazakh izafet: "сайлау станциясы"), so a term put in its place
        takes its own ending, not this one; False when it belongs to an
        owner outside the phrase (``before``: the text before it) or the
        language has no such ending. The base class says False."""
        return False

    def form_in_context(self, forms: "Sequence[Form]", before: str, after: str = "") -> Form | None:
        """The most likely of ``forms`` (the readings of an ambiguous span)
        given the text right ``before`` and ``after`` it. The base class
        takes the first, most likely reading; languages with context rules
        (Russian prepositions, verbs) override it.

        Args:
            forms (Sequence[Form]): candidate forms, most likely first.
            before (str): the text before the span (its last few dozen
                characters are enough).
            after (str): the text after the span (likewise).

        Returns:
            Form | None: None when ``forms`` is empty.
        """
        return forms[0] if forms else None

    def fit_context(self, text: str, start: int, replacement: str) -> tuple[int, str]:
        """Adjust the words before a replacement to it (Russian "о" becomes
        "об" before a vowel). The base class changes nothing.

        Args:
            text (str): the text being edited.
            start (int): where the replacement starts in ``text``.
            replacement (str): the new text put at ``start``.

        Returns:
            tuple[int, str]: the new start and replacement, the replacement
            then covering the adjusted words too.
        """
        return start, replacement

    def form_of_phrase(self, text: str) -> Form | None:
        """The grammatical form of a free span of text (a model's rendering
        of a term): the first reading shared by every word that the
        morphology can analyse ("местным губернаторам": ``dat.pl``, not the
        adjective's instrumental singular), else the first reading of the
        first such word, reading from the last word in a :attr:`suffixing`
        language (where only the last word carries the endings).

        Returns:
            Form | None: None when no word can be analysed.
        """
        words = re.findall(r"\w[\w-]*", text)
        if self.suffixing:
            words = words[::-1]
        readings = [forms for forms in map(self.readings, words) if forms]
        if not readings:
            return None
        if self.suffixing:
            return readings[0][0]
        for form in readings[0]:
            if all(form in other for other in readings[1:]):
                return form
        return readings[0][0]

    def form_at(self, text: str, start: int, end: int) -> Form | None:
        """The grammatical form of the free span ``text[start:end]`` read in
        its sentence: the readings every word of it shares
        (:meth:`form_of_phrase`), the one the words before it govern
        (:meth:`form_in_context`: "на совместной сессии" is locative, not
        genitive). A :attr:`suffixing` language reads the last word.

        Returns:
            Form | None: None when no word can be analysed.
        """
        if self.suffixing:
            return self.form_of_phrase(text[start:end])
        words = re.findall(r"\w[\w-]*", text[start:end])
        readings = [forms for forms in map(self.readings, words) if forms]
        if not readings:
            return None
        shared = [f for f in readings[0] if all(f in other for other in readings[1:])] or readings[0]
        return self.form_in_context(shared, text[:start], text[end:end + 80])

    def readings(self, word: str) -> list[Form]:
        """Every grammatical form ``word`` can be, over all its lemmas, most
        likely first (:meth:`lemmas`, :meth:`analyze`); empty when none."""
        forms: list[Form] = []
        for lemma in self.lemmas(word):
            forms += [f for f in self.analyze(word, lemma) if f not in forms]
        return forms

    def skeleton(self, text: str) -> str:
        """``text`` reduced for comparing spellings: lower case, confusable
        letters merged (:attr:`letter_variants`), doubled letters single,
        spaces and hyphens removed: "Кассым-Жомарт" and "Касым Жомарт" have
        the same skeleton, "Эрлан" and "Ерлан" too; so do "Қошанов" and
        "Кошанов". Used to find misspelt renderings of a term.

        >>> Morphology.skeleton(Morphology, "Кассым-Жомарт") == Morphology.skeleton(Morphology, "Қасым Жомарт")
        True
        """
        memo = memo_of(self, "_skeleton_memo")
        found = memo.get(text) if memo is not None else None
        if found is not None:
            return found
        folded = unicodedata.normalize("NFKD", text.casefold())
        out: list[str] = []
        for char in folded:
            if unicodedata.combining(char) or char in " -\u2010\u2011\u00a0'’" \
                    or unicodedata.category(char) == "Cf":
                continue
            char = self.letter_variants.get(char, char)
            if char and (not out or out[-1] != char):
                out.append(char)
        found = "".join(out)
        if memo is not None:
            memo[text] = found
        return found

    def head_index(self, term: str) -> int:
        """The index (in ``term.split()``) of the term's head word: the last
        word in a :attr:`suffixing` language, else the first."""
        words = term.split()
        return len(words) - 1 if self.suffixing else 0

    def derived_adjective(self, word: str, stem: str) -> bool:
        """True when ``word`` is an adjective made from a noun whose stem
        is ``stem`` ("районная" from "район", "Алма-Атинская" from
        "Алма-Ата", "аудандық" from "аудан"). The base class knows no
        derivation and says False."""
        return False

    def looks_like_surname(self, word: str) -> bool:
        """True when ``word`` has the shape of a surname of the language
        (a capitalised Russian word in -ов/-ев/-ин and their case endings:
        "Акимов", "Акимову"). The base class knows no surnames and says
        False."""
        return False

    def compound_parts(self, word: str) -> list[str]:
        """The words a hyphenated compound is made of, as words that can be
        looked up ("Северо-Казахстанский": the parts); the base class
        splits at the hyphens and keeps parts of three letters or more."""
        return [part for part in word.split("-") if len(part) > 2]

    def made_from(self, word: str, noun: str) -> bool:
        """True when ``word`` is made from the noun ``noun`` by a
        derivational suffix (:meth:`derived_adjective`), the suffix put on
        the whole noun ("Алматылықтар" from "Алматы") or on its stem
        without a final vowel ("районная" from "район", "Алма-Атинская"
        from "Алма-Ата"); stems shorter than four letters are not tried."""
        key = noun.casefold()
        stems = {key, key.rstrip("аяоеиыуюьйәіұүөё")}
        return any(len(stem) >= 4 and self.derived_adjective(word, stem) for stem in stems)

    def phrase_extent(self, text: str, start: int, end: int, *, left: int, right: int,
                      limit: int | None = None, cases: frozenset[str] = frozenset()) -> tuple[int, int]:
        """The noun phrase around the head word ``text[start:end]``, over up
        to ``left`` words before it and ``right`` after it that belong to it
        (``limit`` words in all; ``cases``: cases its modifiers may be in,
        besides those a language always allows). The base class cannot tell
        and takes the head word alone."""
        return start, end

    def agreement_edits(self, text: str, start: int, end: int, old: str, form: "Form | None",
                        new: str, new_grammar: "tuple[str | None, str | None]" = (None, None)
                        ) -> list[tuple[int, int, str]]:
        """Words around ``text[start:end]`` (the phrase ``old`` in ``form``,
        being replaced by ``new``) that agree with it and must change to
        agree with ``new``: ``(start, end, replacement)`` each. ``new_grammar``
        is the new term's ``(gender, number)`` from the glossary (TBX-Basic
        values), when known. The base class (a language without agreement)
        returns none."""
        return []


#: Latin consonants merged into one class for cognates (:meth:`Morphology.cognate_key`).
_COGNATE_CLASSES = {"b": "p", "d": "t", "g": "k", "c": "k", "q": "k", "h": "k", "x": "k", "z": "s",
                    "v": "f", "w": "f", "j": "S"}


def check_term(term: str) -> str:
    """``term`` stripped and NFC-normalised.

    Raises:
        InputError: the term is empty or only white space.
    """
    if not isinstance(term, str) or not term.strip():
        raise InputError(f"empty term: {term!r}")
    return unicodedata.normalize("NFC", term.strip())


def split_words(term: str) -> list[str]:
    """``term`` cut into alternating words and separators:
    ``"Глава  государства"`` -> ``["Глава", "  ", "государства"]``.
    Words are at even indexes."""
    return re.split(r"(\s+)", term)

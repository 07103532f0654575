"""Nominal inflection of Kazakh (Cyrillic script): plural, possessive, seven
cases, the attributive locative and the independent genitive.

Only the last word of a multi-word term inflects (the words before it are
attributes or a genitive-less izafet member and stay as written), and of a
hyphenated last word only the last part: ``Қасым-Жомарт Тоқаевқа``,
``Премьер-Министрге``.

A noun takes its suffixes in the order stem + plural + possessive + case
(кітап-тар-ым-ды). Each suffix has variants chosen by two rules.

Vowel harmony (үндестік заңы)
    Suffixes have a back variant (а ы) and a front one (е і); the stem's last
    vowel decides: back а о ұ ы я, front ә е ө ү і э ё. Russian loanwords and
    Russian spellings of Kazakh words (``Мажилис``, ``аким``) follow the same
    rule, with these additions for letters and endings native words do not
    have:

    * ``и`` followed by a consonant or ending the word is the Russian vowel
      [i] and counts as front: ``министрге``, ``Мажилистен``, ``активке``,
      ``архивтер`` (the orthographic dictionary's own examples include
      ``активке``, ``пассивтен``; apertium-kaz reads и so too). Followed by a
      vowel it is the native [ій]/[ый] and the next vowel decides
      (``жиын``). Next to қ or ғ, which stand only in back syllables, it is
      back (Қазақ грамматикасы, фонетика: қ ғ are back consonants). A few
      native and Arabic words spell [ый] with a lone и and are listed in
      :data:`BACK_I_WORDS` (``тарихқа``, ``миға``; apertium-kaz marks the
      same words back in its lexicon).
    * a Russian spelling whose и follows a back vowel (``Мажилис``,
      ``аким``) is written with back endings too in machine translation and
      in Kazakh texts (``Мажилисқа``, ``акимға``): paradigms list both
      harmonies for such words, the front one first, so that either is
      found and replaced.
    * ``у`` between consonants is the Russian vowel [u] and counts as back
      (``институттар``, ``клубқа``, ``референдумға`` as Kazakh texts write
      it; apertium-kaz has -ге after е...у); elsewhere it is the native
      semivowel and is skipped (``келуге``, ``оқуға``).
    * ``ю`` is skipped.
    * words ending in a consonant cluster with к/г (рк, рг, нк, нг, лк, ск,
      кс, кт), in ь, or with ё/э in the last syllable take front suffixes
      (``банкке``, ``банкі``, ``паркте``, ``пунктке``, ``бюллетеньдер``,
      ``актёрге``), and so do the loans in :data:`FRONT_WORDS` (``округке``).
    * Russian-style surnames in -ов/-ев take the harmony of the stem before
      the suffix: ``Тоқаевқа``, ``Әшімбаевқа``, ``Ахметовке``.
    * a word with none of these letters takes back suffixes.

Consonant assimilation
    The suffix's first consonant depends on the stem's last sound: vowel,
    nasal (м н ң), sonorant (л р й у и), voiced (ж з) or voiceless. Final
    б в г д of loanwords count as voiceless (``клубқа``, ``Тоқаевтың``,
    ``Ивановтың``: final в of Russian surnames is pronounced [ф]), and a
    final ь is ignored. The case suffixes are:

    ============  =========  ==========  ============  ========  =========
    case          vowel      м н ң       л р й у и     ж з       voiceless
    ============  =========  ==========  ============  ========  =========
    genitive      ның/нің    ның/нің     дың/дің       дың/дің   тың/тің
    dative        ға/ге      ға/ге       ға/ге         ға/ге     қа/ке
    accusative    ны/ні      ды/ді       ды/ді         ды/ді     ты/ті
    locative      да/де      да/де       да/де         да/де     та/те
    ablative      дан/ден    нан/нен     дан/ден       дан/ден   тан/тен
    instrumental  мен        мен         мен           бен       пен
    attr. loc.    дағы/дегі  дағы/дегі   дағы/дегі     дағы/дегі тағы/тегі
    indep. gen.   нікі       дікі        дікі          дікі      тікі
    ============  =========  ==========  ============  ========  =========

    The last two rows are the forms :data:`~toolkit.morphology.base.CASES`
    calls ``locattr`` (the attributive locative, "in the ...", used before a
    noun: ``Мәжілістегі``, ``әкімдіктегі``) and ``gensubst`` (the
    independent genitive, "the one of ...": ``әкімдікі``, ``баланікі``),
    whose vowels never change (Қазақ грамматикасы: тәуелдік жалғаудың
    оңаша түрі -нікі/-дікі/-тікі; both checked with apertium-kaz, which
    tags them ``<loc><attr>`` and ``<gen><subst>``).

    The plural is -лар/-лер after vowels and р й у и, -дар/-дер after
    л м н ң ж з, -тар/-тер after voiceless consonants. The instrumental also
    has the long forms -менен/-бенен/-пенен, which paradigms list.

Possessive (тәуелдік жалғау)
    After a vowel -м, -ң, -ңыз/-ңіз, -сы/-сі, -мыз/-міз; after a consonant
    (й у и count as consonants here) -ым/-ім, -ың/-ің, -ыңыз/-іңіз, -ы/-і,
    -ымыз/-іміз, for 1sg, 2sg, 2sg polite, 3, 1pl. The 2nd person plural
    owner (сендер, сіздер) takes the same suffixes as the singular, so those
    surfaces are listed under both persons. After a 3rd-person possessive
    the cases take the pronominal n: -ның/-нің, -на/-не, -н, -нда/-нде,
    -нан/-нен, -мен, -ндағы/-ндегі, -нікі (``басшысынікі``; apertium-kaz
    writes -ннікі, against the grammar's ``әкесінікі``); after 1sg -м and
    2sg -ң the dative is -а/-е (``кітабыма``). A final п к қ of a native word becomes б г ғ before a
    vowel (``кітабы``, ``жүрегі``, ``құлағы``, ``әкімдігі``); loanwords keep
    it (``типі``, ``микроскопы``, ``банкі``), and the stems listed in
    :data:`ELIDING_STEMS` lose their last vowel (``халық`` -> ``халқы``,
    ``ерік`` -> ``еркі``, ``орын`` -> ``орны``). Russian loans in -кт listed
    in :data:`LINKING_I_WORDS` take a linking і before every suffix
    (``акт`` -> ``актілер``, ``актісі``, ``актіге``: нормативтік құқықтық
    актілер), and their plain forms (``актке``) are listed too.

Compounds whose last word already carries the 3rd-person possessive
    ``Мемлекет басшысы``, ``Парламент Сенаты``, ``Орталық сайлау
    комиссиясы``, ``Қазақстан халқы Ассамблеясы``: the cases take the
    pronominal n (``Мемлекет басшысына``), the plural goes before the
    possessive (``Мемлекет басшылары``), and no other possessive is added.
    Such a term is recognised by its last word, when the term has two or more
    words (or parts): it ends in -сы/-сі after a vowel, or in -ы/-і after a
    consonant, and is not an agent noun in -шы/-ші (``Мемлекеттік хатшы``),
    an adjective in -ғы/-гі/-қы/-кі or a noun listed in
    :data:`LEXICAL_FINAL_I`. Patronymics in -ұлы/-қызы and ``Елбасы`` are
    possessive single words. For the plural the possessive is taken off:
    -шысы -> -шы, (ы|і)с(ы|і) -> ...с (``Мәжілісі``), a stem listed in
    :data:`S_STEMS` + ы/і (``Кеңесі``), otherwise vowel + -сы/-сі (``Төрағасы``)
    or consonant + ы/і with б г ғ back to п к қ (``Әкімшілігі``). Pass
    ``possessive_words``/``plain_words`` to :class:`KazakhMorphology` to
    override the guess for particular words.

Not inflected: a last word in another script, and an abbreviation (all
capitals, at most four letters or no vowel: ``ҚР``, ``БҰҰ``); Kazakh writes
their suffixes after a hyphen (``ҚР-ның``), which is not implemented.

Checked against apertium-kaz, an independent finite-state analyser of
Kazakh, with ``scripts/verify_kazakh_forms.py``; the forms it confirmed are
in ``tests/data/morphology/kk-verified.tsv``, and the module's tests say where
the grammar and apertium-kaz disagree.

Sources: Қазақ грамматикасы (Астана, 2002), the chapters on vowel harmony,
the plural, possessive and case suffixes; R. Muhamedowa, *Kazakh: A
Comprehensive Grammar* (Routledge, 2016), chapters 1-2; Қазақ тілінің
орфографиялық сөздігі (Алматы, 2013), rules §35 (front suffixes after
рк рг нк нг кс кт ск лк and ь, ё/э) and §36 (voiceless suffixes after final
б в г д: штабтан, клубқа, активке) and its entries showing which final
п к қ voice (тип - типі, микроскоп - микроскопы).

qazaq-inflector (MIT) was evaluated and is not used: its harmony skips
``и`` (``Мажилистан``, ``министрға`` instead of ``Мажилистен``,
``министрге``), it voices every final к even after a consonant (``бангы``
for ``банкі``), declines every word of a multi-word name (``Абайға
Құнанбаевқа``), treats a final ь as a sonorant (``бюллетеньлер``), has no
notion of compounds already in the possessive (``Мемлекетке басшысыға``),
no analysis or lemmatisation, and would be a new dependency.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...errors import InputError
from ..base import (
    CASES,
    POSSESSIVES,
    Form,
    Morphology,
    check_term,
    match_case,
    normalize_surface,
    split_words,
)

from .phonology import (
    BACK_I_WORDS,
    ELIDING_STEMS,
    ELIDED_STEMS,
    FRONT_WORDS,
    LEXICAL_FINAL_I,
    LINKING_I_WORDS,
    S_STEMS,
    CYRILLIC,
    DEVOICE,
    POSSESSIVE_SINGLE,
    VOWELS,
    VOWEL_FINAL,
    is_back,
    is_native_final,
    plural,
    possessive,
    case_forms,
    readings,
    stem_table,
)

__all__ = ["BACK_I_WORDS", "ELIDING_STEMS", "FRONT_WORDS", "LEXICAL_FINAL_I", "LINKING_I_WORDS",
           "S_STEMS", "KazakhMorphology", "is_back"]

#: Abbreviations after which a Kazakh sentence does not end ("т.б." "және
#: тағы басқа", "ж." "жыл", "көш." "көшесі"; Қазақ тілінің емле ережелері,
#: 2016, on graphic abbreviations).
ABBREVIATIONS = frozenset({"т.б", "т.с.с", "т.е", "ж", "жж", "көш", "ст", "п", "қ", "млн", "млрд",
                           "мың", "теңге", "проф", "акад", "т.т"})

#: The Kazakh Cyrillic alphabet (42 letters, 1940 alphabet as amended).
ALPHABET = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")



@dataclass(frozen=True)
class _Target:
    """The part of a term that inflects.

    Attributes:
        prefix (str): everything before it, kept as written.
        word (str): the inflecting word (or last hyphen part) as written.
        stem (str): lower-case stem the suffixes attach to; for a compound,
            the word without its 3rd-person possessive (None when unknown).
        back (bool): harmony of the stem.
        possessed (bool): the word already carries the 3rd-person possessive.
    """

    prefix: str
    word: str
    stem: str | None
    back: bool
    possessed: bool


#: A word of running text (for reading phrases).
_WORD = re.compile(r"[^\W\d_][\w-]*")


class KazakhMorphology(Morphology):
    """Kazakh (Cyrillic) nominal inflection; see the module docstring.

    Args:
        possessive_words (Iterable[str]): last words to treat as carrying the
            3rd-person possessive, overriding the guess; either the word
            (``"хатшысы"``) or ``"word=stem"`` to give the stem for the
            plural (``"мәжілісі=мәжіліс"``).
        plain_words (Iterable[str]): last words never to treat as possessive.
        cache_size (int): terms whose paradigm is kept.
    """

    lang = "kk"
    abbreviations = ABBREVIATIONS
    alphabet = ALPHABET
    suffixing = True
    function_words = frozenset({"және", "мен", "бен", "пен", "жөніндегі", "бойынша", "туралы", "үшін"})
    foreign_names = frozenset({
        "ақш", "америка", "ресей", "британия", "қырғыз", "өзбек", "тәжік", "түрікмен", "қытай", "түрік",
        "иран", "неміс", "француз", "жапон", "корей", "еуропа", "бұұ", "еуроодақ", "нато", "ешқ", "шыұ",
        "техас", "мәскеу",
    })

    def __init__(self, possessive_words: Iterable[str] = (), plain_words: Iterable[str] = (),
                 cache_size: int = 4096) -> None:
        self._possessive_words: dict[str, str | None] = {}
        for entry in possessive_words:
            word, _, stem = entry.partition("=")
            self._possessive_words[normalize_surface(word)] = normalize_surface(stem) or None
        self._plain_words = frozenset(normalize_surface(word) for word in plain_words)
        self._paradigm = functools.lru_cache(maxsize=cache_size)(self._build_paradigm)
        self._table = functools.lru_cache(maxsize=cache_size * 8)(self._word_table)

    # -- the inflecting part of a term ---------------------------------------

    def _target(self, term: str) -> _Target | None:
        pieces = split_words(term)
        word = pieces[-1]
        head, sep, last = word.rpartition("-")
        prefix = "".join(pieces[:-1]) + head + sep
        parts = (len(pieces) + 1) // 2 + (1 if sep else 0)
        if not last or not CYRILLIC.search(last) or not last.isalpha():
            return None
        if last.isupper() and (len(last) <= 4 or not set(last.casefold()) & VOWELS):
            return None  # an abbreviation (ҚР, БҰҰ, АҚШ): not declined here
        lower = last.casefold()
        stem = self._possessive_stem(lower, parts)
        if stem is False:
            return _Target(prefix, last, lower, is_back(lower), False)
        return _Target(prefix, last, stem, is_back(lower), True)

    def _possessive_stem(self, word: str, parts: int) -> str | None | bool:
        """The stem of ``word`` without its 3rd-person possessive; None when
        the word is possessive but has no plural (patronymics, Елбасы);
        False when the word is not taken as possessive."""
        if word in self._plain_words:
            return False
        if word in self._possessive_words:
            return self._possessive_words[word] or _strip_possessive(word)
        if word.endswith(("ұлы", "қызы")) and len(word) > 4 or word in POSSESSIVE_SINGLE:
            return None
        if parts < 2 or word in LEXICAL_FINAL_I or len(word) < 3:
            return False
        if word[-1] not in "ыі" or word.endswith(("шы", "ші", "дағы", "дегі", "тағы", "тегі")):
            return False
        if word.endswith(("ғы", "гі")) and word[-3] not in VOWELS:
            return False  # adjective: Жоғарғы, қазіргі (but құқығы, әкімшілігі)
        if word.endswith(("қы", "кі")) and word[-3] not in VOWELS and word[-3] not in "нрл":
            return False  # adjective: сыртқы, ішкі (but банкі, паркі)
        if word[-2] in VOWELS and word[-2] not in "иу":
            return False  # a vowel before -ы/-і: not a possessive ending
        return _strip_possessive(word)

    # -- paradigm --------------------------------------------------------------

    def _word_table(self, word: str) -> dict[str, tuple[Form, ...]]:
        """``{surface: forms}`` of the plain lower-case noun ``word``, every
        reading of :func:`readings` merged, the word itself first. Cached:
        callers must not change it."""
        found = readings(word)
        if len(found) == 1:
            return stem_table(*found[0])
        out: dict[str, tuple[Form, ...]] = {word: (Form("nom", "sg"),)}
        for stem, back in found:
            for surface, forms in stem_table(stem, back).items():
                if stem != word and surface == stem:
                    continue  # акті is no nominative of акт
                known = out.get(surface, ())
                out[surface] = known + tuple(form for form in forms if form not in known)
        return out

    def _possessed_surfaces(self, target: _Target) -> list[tuple[str, Form]]:
        word = target.word.casefold()
        out: list[tuple[str, Form]] = []
        bases = [("sg", word)]
        if target.stem is not None:
            bases.append(("pl", possessive(plural(target.stem, target.back), "3", target.back)))
        for number, base in bases:
            for case in CASES:
                for surface in case_forms(base, case, target.back, "3"):
                    out.append((surface, Form(case, number)))
        return out

    def _build_paradigm(self, term: str) -> tuple[tuple[str, tuple[Form, ...]], ...]:
        target = self._target(term)
        if target is None:
            return ((normalize_surface(term), (Form("nom", "sg"),)),)
        prefix = normalize_surface(target.prefix + "x")[:-1] if target.prefix else ""
        if not target.possessed:
            return tuple((prefix + surface, forms)
                         for surface, forms in self._table(target.stem).items())
        grouped: dict[str, list[Form]] = {}
        for surface, form in self._possessed_surfaces(target):
            forms = grouped.setdefault(prefix + surface, [])
            if form not in forms:
                forms.append(form)
        return tuple((key, tuple(forms)) for key, forms in grouped.items())

    def paradigm(self, term: str) -> dict[str, tuple[Form, ...]]:
        """All surface forms of ``term``: 9 cases x 2 numbers x (no
        possessive + 7 persons) for a plain noun, 9 cases x 2 numbers for a
        compound already in the 3rd-person possessive; see
        :meth:`Morphology.paradigm`. A Russian spelling with и after a back
        vowel has its forms in both harmonies (``Мажилиске``,
        ``Мажилисқа``), a loan in :data:`LINKING_I_WORDS` with and without
        the linking і.

        >>> KazakhMorphology().paradigm("Сенат")["сенатқа"]
        (Form(case='dat', number='sg', possessive=None),)
        """
        return dict(self._paradigm(check_term(term)))

    def inflect(self, term: str, form: Form) -> str:
        """``term`` in ``form``; see :meth:`Morphology.inflect`.

        >>> KazakhMorphology().inflect("Мемлекет басшысы", Form("dat", "sg"))
        'Мемлекет басшысына'

        Raises:
            InputError: an empty term; a case, plural or possessive on a term
                that cannot take it (an abbreviation, a non-Cyrillic word, a
                possessive other than the 3rd person on a compound already in
                it, a plural of a patronymic).
        """
        term = check_term(term)
        case = form.case or "nom"
        number = form.number or "sg"
        target = self._target(term)
        if target is None:
            if case == "nom" and number == "sg" and form.possessive is None:
                return term
            raise InputError(f"cannot inflect {term!r}: its last word is not a Kazakh noun")
        if target.possessed:
            if form.possessive not in (None, "3"):
                raise InputError(
                    f"cannot add possessive {form.possessive} to {term!r}: "
                    "it already ends in the 3rd-person possessive")
            if number == "pl":
                if target.stem is None:
                    raise InputError(f"{term!r} has no plural")
                base = possessive(plural(target.stem, target.back), "3", target.back)
            else:
                base = target.word.casefold()
            surface = case_forms(base, case, target.back, "3")[0]
        elif case == "nom" and number == "sg" and form.possessive is None:
            surface = target.stem
        else:
            stem, back = readings(target.stem)[0]
            base = stem if number == "sg" else plural(stem, back)
            if form.possessive is not None:
                base = possessive(base, form.possessive, back)
            surface = case_forms(base, case, back, form.possessive)[0]
        return target.prefix + match_case(target.word, surface)

    def agreement_edits(self, text: str, start: int, end: int, old: str, form: "Form | None",
                        new: str, new_grammar: "tuple[str | None, str | None]" = (None, None)
                        ) -> list[tuple[int, int, str]]:
        """Kazakh has no gender; what follows the replaced word's sounds is
        the enclitic particle after it ("облыс губернаторы да" -> "облыс
        әкімі де", "Үкімет те": :func:`~toolkit.morphology.kk.phonology.particle_after`)."""
        from .phonology import PARTICLES, particle_after

        found = re.match(r"(\s+)([^\W\d_]+)\b", text[end:])
        words = _WORD.findall(new)
        if not found or not words or found.group(2).casefold() not in PARTICLES:
            return []
        particle = found.group(2)
        wanted = particle_after(words[-1], particle)
        if wanted == particle:
            return []
        at = end + found.start(2)
        return [(at, at + len(particle), wanted)]

    def complete_phrase(self, text: str, start: int, end: int, *, left: int = 0) -> tuple[int, int]:
        """A Kazakh noun phrase ends in its head, so only the left side
        grows: up to ``left`` uninflected words right before it (adjectives,
        nouns in izafet: "Мемлекеттік" before "қауіпсіздік комитеті"),
        within the clause."""
        first = start
        words = list(_WORD.finditer(text[:start]))
        for match in reversed(words[-left:] if left else []):
            if re.search(r"[.,;:!?…()«»\"“”—–]", text[match.end():first]):
                break
            if match.group().casefold() in self.function_words or match.group()[:1].isdigit():
                break
            forms = self.readings(match.group())
            if forms and not any(f.case in (None, "nom") and f.possessive is None for f in forms[:1]):
                break
            first = match.start()
        return first, end

    def compound_possessive(self, phrase: str, before: str) -> bool:
        """The possessive of ``phrase``'s last word is its izafet — the
        phrase is a compound, "сайлау станциясы", or its owner is inside it,
        "прокурордың кеңсесі" — when the word before it in the phrase is a
        bare noun or a genitive: not an adjective made with
        -лық/-лік/-дық/-дік/-тық/-тік ("пленарлық сессиясы": no izafet) and
        no other case ending ("ұлтқа үндеуі": dative, the owner is outside);
        and the word before the phrase is not a genitive owner
        ("Мәжілістің жалпы отырысы": the Mazhilis's). Grammar: Muhamedowa,
        *Kazakh: A Comprehensive Grammar* (2016), noun phrases and the
        possessive."""
        words = _WORD.findall(phrase)
        if len(words) < 2:
            return False
        owner = _WORD.findall(before)[-1:]
        if owner and any(f.case == "gen" for f in self.readings(owner[0])[:1]):
            return False
        modifier = words[-2]
        if re.search(r"(?:лық|лік|дық|дік|тық|тік)$", modifier.casefold()):
            return False
        first = self.readings(modifier)[:1]
        return not first or (first[0].case in (None, "nom", "gen") and first[0].possessive is None)

    def derived_adjective(self, word: str, stem: str) -> bool:
        """``word`` is ``stem`` with an adjective-forming suffix, -лық/-лік,
        -дық/-дік, -тық/-тік ("аудандық" from "аудан") or -ғы/-гі/-қы/-кі
        ("қалалық", "бүгінгі"), possibly inflected."""
        key = word.casefold()
        stem = stem.casefold()
        return key.startswith(stem) and bool(
            re.match(r"(?:лық|лік|дық|дік|тық|тік|ғы|гі|қы|кі)", key[len(stem):]))

    def phrase_extent(self, text: str, start: int, end: int, *, left: int, right: int,
                      limit: int | None = None, cases: frozenset[str] = frozenset()) -> tuple[int, int]:
        """The noun phrase ending in the head word ``text[start:end]``: over
        up to ``left`` words before it that can modify it — uninflected words
        (adjectives, nouns in izafet), genitives, attributive locatives
        ("жөніндегі"), and words in ``cases`` (those a term's own modifiers
        have: "Қазақстан халқына Жолдау" allows a dative) — within the
        clause. A Kazakh noun phrase ends in its head, so ``right`` is not used.

        >>> t = "Мәслихат хатшысын құпия дауыс беру арқылы сайлады."
        >>> t[slice(*KazakhMorphology().phrase_extent(t, 30, 34, left=2, right=0))]
        'құпия дауыс беру'
        """
        allowed = {None, "nom", "gen", "locattr"} | set(cases)
        first = start
        words = list(re.finditer(r"[^\W\d_][\w-]*", text[:start]))
        for match in reversed(words[-left:] if left else []):
            if re.search(r"[.,;:!?…()«»\"“”—–]", text[match.end():first]):
                break
            forms = self.readings(match.group())
            if forms and not any(f.case in allowed and f.possessive in (None, "3") for f in forms):
                break
            first = match.start()
        return first, end

    def analyze(self, surface: str, term: str) -> tuple[Form, ...]:
        """The form(s) of ``surface`` as a form of ``term``, or ``()``.

        Works for Russian spellings too, as the harmony rules apply to them:

        >>> KazakhMorphology().analyze("Мажилистен", "Мажилис")
        (Form(case='abl', number='sg', possessive=None),)
        """
        return super().analyze(surface, term)

    # -- lemmas ---------------------------------------------------------------

    def lemmas(self, word: str) -> tuple[str, ...]:
        """Stems ``word`` can be an inflected form of, the word itself last.

        A stem is accepted when generating its paradigm gives ``word`` back,
        it has a vowel, it does not end in a consonant pair no Kazakh or
        usual loan stem ends in (``хатшы`` is not analysed as *хатш + -ы) and
        it is not an inflected form of another stem found. Stems whose
        3rd-person possessive splits back to them come first (``басшысына``:
        ``басшы`` before ``басшыс``), then shorter stems.

        >>> KazakhMorphology().lemmas("мәслихаттарда")
        ('мәслихат', 'мәслихаттарда')
        """
        key = normalize_surface(word)
        if not key:
            return ()
        found: list[str] = []
        for i in range(2, len(key)):
            candidate, rest = key[:i], key[i:]
            if rest not in _suffix_chains():
                continue
            options = [candidate]
            if candidate[-1] in DEVOICE and rest[0] in VOWELS:
                options.insert(0, candidate[:-1] + DEVOICE[candidate[-1]])
            if candidate in ELIDED_STEMS:
                options.insert(0, ELIDED_STEMS[candidate])
            if candidate[-1] == "і" and candidate[:-1] in LINKING_I_WORDS:
                options.insert(0, candidate[:-1])
            if rest[0] in VOWELS:
                options.append(candidate + "ь")
            for stem in options:
                if stem in found or not _plausible_stem(stem):
                    continue
                if key in self._table(stem):
                    found.append(stem)
                    break
        # Drop stems that are themselves inflected forms of another stem
        # found (мәслихаттар of мәслихат, кітабымыз of кітап), except a
        # vowel stem + 1st/2nd-person -м/-ң, which is as likely a noun in
        # -м/-ң (әкім, not әкі + -м: news text seldom says "my"), and put it
        # before the shorter stem. Then put first the stems whose
        # 3rd-person possessive splits back to them (басшы before басшыс).
        def owner_suffix(stem: str, other: str) -> bool:
            return stem[:-1] == other and stem[-1] in "мң" and other[-1] in VOWEL_FINAL

        found = [stem for stem in found
                 if not any(stem in self._table(other) and not owner_suffix(stem, other)
                            for other in found if other != stem)]
        stems = tuple(found)  # list.sort empties the list while it sorts
        found.sort(key=lambda stem: (
            _strip_possessive(possessive(stem, "3", is_back(stem))) != stem,
            any(owner_suffix(other, stem) for other in stems), len(stem)))
        if key not in found:
            found.append(key)
        return tuple(found)


def _strip_possessive(word: str) -> str:
    """The stem of ``word`` (lower case, ending in a 3rd-person possessive)."""
    for full, short in ELIDING_STEMS.items():
        if word.endswith((short + "ы", short + "і")):
            return word[: -len(short) - 1] + full
    if word.endswith(("шысы", "шісі")):
        return word[:-2]
    if re.search(r"[ыіи]с[ыі]$", word):  # мәжілісі, мажилисі
        return word[:-1]
    if word.endswith(("сы", "сі")) and word[-3] in VOWELS:
        if word[:-1] in S_STEMS or word[:-1].endswith(tuple(s for s in S_STEMS if len(s) > 3)):
            return word[:-1]
        return word[:-2]
    stem = word[:-1]
    last = stem[-1]
    if last in DEVOICE and stem[-2:-1] in VOWELS:
        devoiced = stem[:-1] + DEVOICE[last]
        if is_native_final(devoiced):
            return devoiced
    return stem


_STEM_FINAL_PAIRS = frozenset({
    "нт", "ст", "рт", "лт", "йт", "кт", "пт", "нк", "рк", "лк", "ск", "нқ", "рқ", "лқ",
    "тр", "др", "бр", "гр", "пр", "кр", "нс", "рс", "лс", "рм", "рн", "лм", "нд", "рд",
    "рг", "нг", "мп", "мб", "сп", "сс", "лл", "нн", "тт", "рл", "йл", "йн", "йм", "уд",
    "ун", "ул", "ур", "ум", "ус", "ут", "уп", "ук", "уқ", "уз", "уш", "уй", "ир", "ин",
    "ил", "им", "ис", "ит", "ик", "ип", "из", "иш", "ив", "ов", "ев", "ль", "нь", "рь",
})


def _plausible_stem(stem: str) -> bool:
    if not any(ch in VOWELS for ch in stem):
        return False
    if len(stem) >= 2 and stem[-1] not in VOWELS and stem[-2] not in VOWELS:
        return stem[-2:] in _STEM_FINAL_PAIRS
    return True


@functools.lru_cache(maxsize=1)
def _suffix_chains() -> frozenset[str]:
    """Every suffix chain (plural + possessive + case) that can follow a stem,
    built from one model stem per harmony and final-sound class."""
    chains: set[str] = set()
    models = ("бала", "әке", "ат", "ет", "ан", "ен", "ал", "ел", "ар", "ер", "аз", "ез",
              "ай", "ей", "ау", "еу")
    for stem in models:
        back = is_back(stem)
        for number in ("sg", "pl"):
            base = stem if number == "sg" else plural(stem, back)
            for person in (None, *POSSESSIVES):
                owned = base if person is None else possessive(base, person, back)
                for case in CASES:
                    for surface in case_forms(owned, case, back, person):
                        chains.add(surface[len(stem):])
    chains.discard("")
    return frozenset(chains)


#: The language's morphology and the scripts it serves (see :mod:`toolkit.morphology`).
MORPHOLOGY = KazakhMorphology
SCRIPTS = ("Cyrl",)

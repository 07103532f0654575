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

from ..errors import InputError
from .base import (
    CASES,
    POSSESSIVES,
    Form,
    Morphology,
    check_term,
    match_case,
    normalize_surface,
    split_words,
)

__all__ = ["BACK_I_WORDS", "ELIDING_STEMS", "FRONT_WORDS", "LEXICAL_FINAL_I", "LINKING_I_WORDS",
           "S_STEMS", "KazakhMorphology"]

_BACK = frozenset("аоұыя")
_FRONT = frozenset("әеөүіэё")
_VOWELS = frozenset("аәеёиоөуұүыіэюя")
# Letters after which a suffix starts as after a vowel (и and у end in a
# glide [й]/[w] and count as consonants).
_VOWEL_FINAL = frozenset("аәеёоөұүыіэюя")
_NASAL = frozenset("мнң")
_SONORANT = frozenset("лрйуи")
_VOICED = frozenset("жз")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
# Letters only loanwords have; a syllable with one of them is not native.
_LOAN_LETTERS = frozenset("вфцчщёэюяьъх")
_FRONT_CLUSTERS = ("рк", "рг", "нк", "нг", "лк", "ск", "кс", "кт")
_BACK_CONSONANTS = frozenset("қғ")
_VOICE = {"п": "б", "к": "г", "қ": "ғ"}
_DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

#: Nouns that end in -ы/-і without a possessive suffix; a compound ending in
#: one of them is not treated as possessive-final.
LEXICAL_FINAL_I: frozenset[str] = frozenset({
    "қаржы", "ақы", "ми", "кісі", "тері", "сары", "ары", "бері", "жары",
    "ұлы", "қызы",
})
#: Stems ending in -с whose 3rd-person possessive (-ы/-і) looks like a
#: vowel stem + -сы/-сі: ``кеңес`` -> ``кеңесі`` (not *кеңе + -сі).
S_STEMS: frozenset[str] = frozenset({
    "кеңес", "бас", "күрес", "дос", "тас", "ас", "қас",
})
#: Stems that lose the vowel of their last syllable before a vowel-initial
#: suffix (ықшамдау, Қазақ грамматикасы 2002, "сөз ішіндегі дыбыстардың
#: түсуі": ерін - ерні, мұрын - мұрны, ауыз - аузы, халық - халқы): the full
#: stem and the short one. Each was checked with apertium-kaz; "(g)" marks
#: those it does not shorten (it lacks the word or generates the long form
#: ``әрібі``, ``мойыны``), kept on the grammar's word and the orthographic
#: dictionary's entries (әріп, -рпі; мойын, -йны). Homographs with a long
#: form (көрік "bellows" -> көрігі, нарық "market" -> нарығы) are left out.
ELIDING_STEMS: dict[str, str] = {
    "халық": "халқ", "орын": "орн", "мұрын": "мұрн", "ерін": "ерн", "қарын": "қарн",
    "ерік": "ерк", "мүлік": "мүлк", "қауіп": "қауп", "кейіп": "кейп", "қалып": "қалп",
    "құлық": "құлқ", "тұрық": "тұрқ", "кәсіпорын": "кәсіпорн", "ауыз": "ауз",
    "мойын": "мойн",
    # (g)
    "әріп": "әрп", "ғұрып": "ғұрп", "ырық": "ырқ", "бөрік": "бөрк", "қойын": "қойн",
    "парық": "парқ",
}
_ELIDING = ELIDING_STEMS
_ELIDED = {short: full for full, short in _ELIDING.items()}
#: Loans that take front suffixes against the rules above: округ ->
#: округке, округі, округтік (apertium-kaz and Kazakh texts write these).
FRONT_WORDS: frozenset[str] = frozenset({"округ"})
#: Native and Arabic words whose lone и is [ый] and which take back suffixes
#: (тарих -> тарихқа, тарихы; ми -> миға, миы); apertium-kaz's lexicon marks
#: the same two nouns back.
BACK_I_WORDS: frozenset[str] = frozenset({"тарих", "ми"})
#: Russian loans in -кт written with a linking і before a suffix: акт ->
#: актілер, актісі, актіге (apertium-kaz generates these, and Kazakh legal
#: texts write "нормативтік құқықтық актілер", "фактісі").
LINKING_I_WORDS: frozenset[str] = frozenset({
    "акт", "факт", "артефакт", "аспект", "объект", "субъект", "эффект", "контракт",
})
# Words that are a compound with 3rd-person possessive written as one word.
_POSSESSIVE_SINGLE = frozenset({"елбасы"})

#: Abbreviations after which a Kazakh sentence does not end ("т.б." "және
#: тағы басқа", "ж." "жыл", "көш." "көшесі"; Қазақ тілінің емле ережелері,
#: 2016, on graphic abbreviations).
ABBREVIATIONS = frozenset({"т.б", "т.с.с", "т.е", "ж", "жж", "көш", "ст", "п", "қ", "млн", "млрд",
                           "мың", "теңге", "проф", "акад", "т.т"})

#: The Kazakh Cyrillic alphabet (42 letters, 1940 alphabet as amended).
ALPHABET = frozenset("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")


def _suffix(variants: tuple[str, str], back: bool) -> str:
    return variants[0] if back else variants[1]


def _letters(word: str) -> str:
    """``word`` without a final ь/ъ."""
    return word.rstrip("ьъ") or word


def _sound_class(word: str) -> str:
    """The class of the last sound: vowel, nasal, sonorant, voiced, voiceless."""
    last = _letters(word)[-1]
    if last in _VOWEL_FINAL:
        return "vowel"
    if last in _NASAL:
        return "nasal"
    if last in _SONORANT:
        return "sonorant"
    if last in _VOICED:
        return "voiced"
    return "voiceless"


def _last_syllable(word: str) -> str:
    """The last vowel of ``word`` with the consonant before it (a Kazakh
    syllable has at most one onset consonant) and those after it."""
    positions = [i for i, ch in enumerate(word) if ch in _VOWELS]
    if not positions:
        return word
    start = positions[-1]
    if start > 0 and word[start - 1] not in _VOWELS:
        start -= 1
    return word[start:]


def is_back(word: str) -> bool:
    """True when ``word`` (lower case) takes back-vowel suffixes; see the
    module docstring for the rules."""
    return _harmony(word.casefold())[0]


def _harmony(word: str) -> tuple[bool, bool]:
    """``(back, either)`` for the lower-case ``word``: its harmony, and
    whether the other one is as likely in writing (a Russian spelling whose
    и, read front, follows a back vowel: ``мажилис``, ``аким``)."""
    if word in BACK_I_WORDS:
        return True, False
    if word in FRONT_WORDS:
        return False, False
    if word.endswith(("ь", "ъ")):
        return False, False
    if word.endswith(_FRONT_CLUSTERS):
        return False, False
    if set(_last_syllable(word)) & {"ё", "э"}:
        return False, False
    if word.endswith(("ов", "ев")) and any(ch in _VOWELS for ch in word[:-2]):
        word = word[:-2]
    for i in range(len(word) - 1, -1, -1):
        ch = word[i]
        if ch in _BACK:
            return True, False
        if ch in _FRONT:
            return False, False
        if ch == "и":
            if i + 1 < len(word) and word[i + 1] in _VOWELS:
                continue
            if word[i - 1:i] in _BACK_CONSONANTS or word[i + 1:i + 2] in _BACK_CONSONANTS:
                return True, False
            return False, any(c in _BACK for c in word[:i])
        if ch == "у":
            before = word[i - 1] if i > 0 else ""
            after = word[i + 1] if i + 1 < len(word) else ""
            if after and after not in _VOWELS and before not in _VOWELS:
                return True, False
    return True, False


def _is_native_final(word: str) -> bool:
    """True when the last syllable of ``word`` looks native, so a final п к қ
    voices before a vowel (кітабы, жүрегі) rather than staying (типі)."""
    if word.endswith("қ"):
        return True
    syllable = _last_syllable(word)
    if set(syllable) & _LOAN_LETTERS:
        return False
    vowels = [i for i, ch in enumerate(word) if ch in _VOWELS]
    if not vowels:
        return False
    v = word[vowels[-1]]
    if v == "и" or (v == "у" and vowels[-1] > 0 and word[vowels[-1] - 1] not in _VOWELS):
        return False  # Russian [i], [u]: тип, клип
    if v in "оө" and len(vowels) > 1:
        return False  # native о ө stand only in the first syllable
    if len(vowels) == 1 and vowels[0] >= 2 and not any(ch in _VOWELS for ch in word[:2]):
        return False  # initial consonant cluster: блок, клип
    return True


def _vowel_stem(word: str) -> str:
    """``word`` as it stands before a vowel-initial suffix: final п к қ voiced
    in native words, elided stems shortened."""
    if word in _ELIDING:
        return _ELIDING[word]
    if word.endswith("ь"):
        return word[:-1]  # бюллетень -> бюллетені, ансамбль -> ансамблі (§35)
    last = word[-1]
    if last in _VOICE and word[-2:-1] in _VOWELS and _is_native_final(word):
        return word[:-1] + _VOICE[last]
    return word


_PLURAL = {"vowel": ("лар", "лер"), "sonorant": ("лар", "лер"), "nasal": ("дар", "дер"),
           "voiced": ("дар", "дер"), "voiceless": ("тар", "тер"), "л": ("дар", "дер")}
_CASE_SUFFIXES: dict[str, dict[str, tuple[str, str]]] = {
    "gen": {"vowel": ("ның", "нің"), "nasal": ("ның", "нің"), "sonorant": ("дың", "дің"),
            "voiced": ("дың", "дің"), "voiceless": ("тың", "тің")},
    "dat": {"vowel": ("ға", "ге"), "nasal": ("ға", "ге"), "sonorant": ("ға", "ге"),
            "voiced": ("ға", "ге"), "voiceless": ("қа", "ке")},
    "acc": {"vowel": ("ны", "ні"), "nasal": ("ды", "ді"), "sonorant": ("ды", "ді"),
            "voiced": ("ды", "ді"), "voiceless": ("ты", "ті")},
    "loc": {"vowel": ("да", "де"), "nasal": ("да", "де"), "sonorant": ("да", "де"),
            "voiced": ("да", "де"), "voiceless": ("та", "те")},
    "abl": {"vowel": ("дан", "ден"), "nasal": ("нан", "нен"), "sonorant": ("дан", "ден"),
            "voiced": ("дан", "ден"), "voiceless": ("тан", "тен")},
    "ins": {"vowel": ("мен", "мен"), "nasal": ("мен", "мен"), "sonorant": ("мен", "мен"),
            "voiced": ("бен", "бен"), "voiceless": ("пен", "пен")},
    # the locative + -ғы/-гі (Мәжілістегі); -нікі keeps its front vowels
    # (баланікі, әкімдікі, Сенаттікі).
    "locattr": {"vowel": ("дағы", "дегі"), "nasal": ("дағы", "дегі"),
                "sonorant": ("дағы", "дегі"), "voiced": ("дағы", "дегі"),
                "voiceless": ("тағы", "тегі")},
    "gensubst": {"vowel": ("нікі", "нікі"), "nasal": ("дікі", "дікі"),
                 "sonorant": ("дікі", "дікі"), "voiced": ("дікі", "дікі"),
                 "voiceless": ("тікі", "тікі")},
}
# After the 3rd-person possessive: the pronominal n (Мемлекет басшысына).
_N_CASES = {"gen": ("ның", "нің"), "dat": ("на", "не"), "acc": ("н", "н"),
            "loc": ("нда", "нде"), "abl": ("нан", "нен"), "ins": ("мен", "мен"),
            "locattr": ("ндағы", "ндегі"), "gensubst": ("нікі", "нікі")}
# Possessive suffixes: (after a vowel, after a consonant), each (back, front).
_POSSESSIVE_SUFFIXES = {
    "1sg": (("м", "м"), ("ым", "ім")),
    "2sg": (("ң", "ң"), ("ың", "ің")),
    "2sg.pol": (("ңыз", "ңіз"), ("ыңыз", "іңіз")),
    "3": (("сы", "сі"), ("ы", "і")),
    "1pl": (("мыз", "міз"), ("ымыз", "іміз")),
    "2pl": (("ң", "ң"), ("ың", "ің")),
    "2pl.pol": (("ңыз", "ңіз"), ("ыңыз", "іңіз")),
}
_LONG_INSTRUMENTAL = {"мен": "менен", "бен": "бенен", "пен": "пенен"}


def plural(stem: str, back: bool) -> str:
    """``stem`` (lower case) + the plural suffix: ``депутат`` -> ``депутаттар``."""
    last = _letters(stem)[-1]
    key = "л" if last == "л" else _sound_class(stem)
    return stem + _suffix(_PLURAL[key], back)


def possessive(stem: str, person: str, back: bool) -> str:
    """``stem`` (lower case, plural already added if wanted) + the possessive
    suffix of ``person``: ``кітап``, ``"1sg"`` -> ``кітабым``."""
    after_vowel, after_consonant = _POSSESSIVE_SUFFIXES[person]
    if _letters(stem)[-1] in _VOWEL_FINAL:
        return stem + _suffix(after_vowel, back)
    return _vowel_stem(stem) + _suffix(after_consonant, back)


def _case_chains(owned: str, case: str, back: bool, person: str | None) -> tuple[str, ...]:
    """The suffix(es) of ``case`` after a stem whose last sound is of class
    ``owned`` and possessive ``person``; a second item is the long
    instrumental."""
    if case == "nom":
        return ("",)
    if person == "3":
        suffix = _suffix(_N_CASES[case], back)
    elif case == "dat" and person in ("1sg", "2sg", "2pl"):
        suffix = _suffix(("а", "е"), back)
    else:
        suffix = _suffix(_CASE_SUFFIXES[case][owned], back)
    if case == "ins":
        return (suffix, _LONG_INSTRUMENTAL[suffix])
    return (suffix,)


def case_forms(stem: str, case: str, back: bool, person: str | None) -> tuple[str, ...]:
    """``stem`` + the suffix of ``case`` after possessive ``person`` (None: no
    possessive); the first item is the standard form, a second the long
    instrumental."""
    return tuple(stem + chain
                 for chain in _case_chains(_sound_class(stem), case, back, person))


@functools.cache
def _template(plural_key: str, sound: str, back: bool
              ) -> tuple[tuple[bool, str, tuple[Form, ...]], ...]:
    """Every suffix chain of a plain noun whose stem ends in a sound of class
    ``sound`` and takes the plural of ``plural_key``, as ``(on_vowel_stem,
    chain, forms)``: the chain goes after the stem, or after its form before a
    vowel (:func:`_vowel_stem`) when ``on_vowel_stem``. The same chains as
    :func:`plural`, :func:`possessive` and :func:`case_forms` build one form
    at a time, computed once per class so that paradigms are fast."""
    grouped: dict[tuple[bool, str], list[Form]] = {}
    plural_suffix = _suffix(_PLURAL[plural_key], back)
    for number in ("sg", "pl"):
        for person in (None, *POSSESSIVES):
            on_vowel = False
            owned = "" if number == "sg" else plural_suffix
            if person is not None:
                after_vowel, after_consonant = _POSSESSIVE_SUFFIXES[person]
                if number == "sg" and sound == "vowel":
                    owned = _suffix(after_vowel, back)
                else:
                    owned += _suffix(after_consonant, back)
                    on_vowel = number == "sg"
            owned_class = _sound_class(owned) if owned else sound
            for case in CASES:
                form = Form(case, number, person)
                for chain in _case_chains(owned_class, case, back, person):
                    forms = grouped.setdefault((on_vowel, owned + chain), [])
                    if form not in forms:
                        forms.append(form)
    return tuple((on_vowel, chain, tuple(forms)) for (on_vowel, chain), forms in grouped.items())


def _readings(word: str) -> tuple[tuple[str, bool], ...]:
    """The (stem, back) pairs the paradigm of the plain lower-case noun
    ``word`` is made of, the one :meth:`KazakhMorphology.inflect` uses first:
    a linking-і stem before the plain one (``акті``, ``акт``), both
    harmonies of a Russian spelling with и (``мажилис``)."""
    back, either = _harmony(word)
    if word in LINKING_I_WORDS:
        return ((word + "і", back), (word, back))
    if either:
        return ((word, back), (word, not back))
    return ((word, back),)


def _stem_table(stem: str, back: bool) -> dict[str, tuple[Form, ...]]:
    """``{surface: forms}`` of the plain noun stem ``stem`` with harmony ``back``."""
    last = _letters(stem)[-1]
    sound = _sound_class(stem)
    vowel_stem = _vowel_stem(stem)
    out: dict[str, tuple[Form, ...]] = {}
    for on_vowel, chain, forms in _template("л" if last == "л" else sound, sound, back):
        surface = (vowel_stem if on_vowel else stem) + chain
        known = out.get(surface)
        out[surface] = forms if known is None else known + tuple(
            form for form in forms if form not in known)
    return out


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
        if not last or not _CYRILLIC.search(last) or not last.isalpha():
            return None
        if last.isupper() and (len(last) <= 4 or not set(last.casefold()) & _VOWELS):
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
        if word.endswith(("ұлы", "қызы")) and len(word) > 4 or word in _POSSESSIVE_SINGLE:
            return None
        if parts < 2 or word in LEXICAL_FINAL_I or len(word) < 3:
            return False
        if word[-1] not in "ыі" or word.endswith(("шы", "ші", "дағы", "дегі", "тағы", "тегі")):
            return False
        if word.endswith(("ғы", "гі")) and word[-3] not in _VOWELS:
            return False  # adjective: Жоғарғы, қазіргі (but құқығы, әкімшілігі)
        if word.endswith(("қы", "кі")) and word[-3] not in _VOWELS and word[-3] not in "нрл":
            return False  # adjective: сыртқы, ішкі (but банкі, паркі)
        if word[-2] in _VOWELS and word[-2] not in "иу":
            return False  # a vowel before -ы/-і: not a possessive ending
        return _strip_possessive(word)

    # -- paradigm --------------------------------------------------------------

    def _word_table(self, word: str) -> dict[str, tuple[Form, ...]]:
        """``{surface: forms}`` of the plain lower-case noun ``word``, every
        reading of :func:`_readings` merged, the word itself first. Cached:
        callers must not change it."""
        readings = _readings(word)
        if len(readings) == 1:
            return _stem_table(*readings[0])
        out: dict[str, tuple[Form, ...]] = {word: (Form("nom", "sg"),)}
        for stem, back in readings:
            for surface, forms in _stem_table(stem, back).items():
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
            stem, back = _readings(target.stem)[0]
            base = stem if number == "sg" else plural(stem, back)
            if form.possessive is not None:
                base = possessive(base, form.possessive, back)
            surface = case_forms(base, case, back, form.possessive)[0]
        return target.prefix + match_case(target.word, surface)

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
            if candidate[-1] in _DEVOICE and rest[0] in _VOWELS:
                options.insert(0, candidate[:-1] + _DEVOICE[candidate[-1]])
            if candidate in _ELIDED:
                options.insert(0, _ELIDED[candidate])
            if candidate[-1] == "і" and candidate[:-1] in LINKING_I_WORDS:
                options.insert(0, candidate[:-1])
            if rest[0] in _VOWELS:
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
            return stem[:-1] == other and stem[-1] in "мң" and other[-1] in _VOWEL_FINAL

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
    for full, short in _ELIDING.items():
        if word.endswith((short + "ы", short + "і")):
            return word[: -len(short) - 1] + full
    if word.endswith(("шысы", "шісі")):
        return word[:-2]
    if re.search(r"[ыіи]с[ыі]$", word):  # мәжілісі, мажилисі
        return word[:-1]
    if word.endswith(("сы", "сі")) and word[-3] in _VOWELS:
        if word[:-1] in S_STEMS or word[:-1].endswith(tuple(s for s in S_STEMS if len(s) > 3)):
            return word[:-1]
        return word[:-2]
    stem = word[:-1]
    last = stem[-1]
    if last in _DEVOICE and stem[-2:-1] in _VOWELS:
        devoiced = stem[:-1] + _DEVOICE[last]
        if _is_native_final(devoiced):
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
    if not any(ch in _VOWELS for ch in stem):
        return False
    if len(stem) >= 2 and stem[-1] not in _VOWELS and stem[-2] not in _VOWELS:
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

"""Kazakh phonology for inflection: vowel harmony, the sound classes that
choose suffix consonants, the stems that behave irregularly, and the suffix
tables (the rules and their sources are in :mod:`toolkit.morphology.kk`'s
docstring)."""

from __future__ import annotations

import functools
import re

from ..base import CASES, POSSESSIVES, Form

__all__ = ["BACK_I_WORDS", "ELIDING_STEMS", "ELIDED_STEMS", "FRONT_WORDS", "LEXICAL_FINAL_I", "LINKING_I_WORDS", "S_STEMS", "CYRILLIC", "DEVOICE", "POSSESSIVE_SINGLE", "VOWELS", "VOWEL_FINAL", "is_back", "is_native_final", "plural", "possessive", "case_forms", "readings", "stem_table"]

_BACK = frozenset("аоұыя")
_FRONT = frozenset("әеөүіэё")
VOWELS = frozenset("аәеёиоөуұүыіэюя")
# Letters after which a suffix starts as after a vowel (и and у end in a
# glide [й]/[w] and count as consonants).
VOWEL_FINAL = frozenset("аәеёоөұүыіэюя")
_NASAL = frozenset("мнң")
_SONORANT = frozenset("лрйуи")
_VOICED = frozenset("жз")
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
# Letters only loanwords have; a syllable with one of them is not native.
_LOAN_LETTERS = frozenset("вфцчщёэюяьъх")
_FRONT_CLUSTERS = ("рк", "рг", "нк", "нг", "лк", "ск", "кс", "кт")
_BACK_CONSONANTS = frozenset("қғ")
_VOICE = {"п": "б", "к": "г", "қ": "ғ"}
DEVOICE = {"б": "п", "г": "к", "ғ": "қ"}

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
ELIDED_STEMS = {short: full for full, short in ELIDING_STEMS.items()}
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
POSSESSIVE_SINGLE = frozenset({"елбасы"})

def _suffix(variants: tuple[str, str], back: bool) -> str:
    return variants[0] if back else variants[1]


def _letters(word: str) -> str:
    """``word`` without a final ь/ъ."""
    return word.rstrip("ьъ") or word


def _sound_class(word: str) -> str:
    """The class of the last sound: vowel, nasal, sonorant, voiced, voiceless."""
    last = _letters(word)[-1]
    if last in VOWEL_FINAL:
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
    positions = [i for i, ch in enumerate(word) if ch in VOWELS]
    if not positions:
        return word
    start = positions[-1]
    if start > 0 and word[start - 1] not in VOWELS:
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
    if word.endswith(("ов", "ев")) and any(ch in VOWELS for ch in word[:-2]):
        word = word[:-2]
    for i in range(len(word) - 1, -1, -1):
        ch = word[i]
        if ch in _BACK:
            return True, False
        if ch in _FRONT:
            return False, False
        if ch == "и":
            if i + 1 < len(word) and word[i + 1] in VOWELS:
                continue
            if word[i - 1:i] in _BACK_CONSONANTS or word[i + 1:i + 2] in _BACK_CONSONANTS:
                return True, False
            return False, any(c in _BACK for c in word[:i])
        if ch == "у":
            before = word[i - 1] if i > 0 else ""
            after = word[i + 1] if i + 1 < len(word) else ""
            if after and after not in VOWELS and before not in VOWELS:
                return True, False
    return True, False


def is_native_final(word: str) -> bool:
    """True when the last syllable of ``word`` looks native, so a final п к қ
    voices before a vowel (кітабы, жүрегі) rather than staying (типі)."""
    if word.endswith("қ"):
        return True
    syllable = _last_syllable(word)
    if set(syllable) & _LOAN_LETTERS:
        return False
    vowels = [i for i, ch in enumerate(word) if ch in VOWELS]
    if not vowels:
        return False
    v = word[vowels[-1]]
    if v == "и" or (v == "у" and vowels[-1] > 0 and word[vowels[-1] - 1] not in VOWELS):
        return False  # Russian [i], [u]: тип, клип
    if v in "оө" and len(vowels) > 1:
        return False  # native о ө stand only in the first syllable
    if len(vowels) == 1 and vowels[0] >= 2 and not any(ch in VOWELS for ch in word[:2]):
        return False  # initial consonant cluster: блок, клип
    return True


def _vowel_stem(word: str) -> str:
    """``word`` as it stands before a vowel-initial suffix: final п к қ voiced
    in native words, elided stems shortened."""
    if word in ELIDING_STEMS:
        return ELIDING_STEMS[word]
    if word.endswith("ь"):
        return word[:-1]  # бюллетень -> бюллетені, ансамбль -> ансамблі (§35)
    last = word[-1]
    if last in _VOICE and word[-2:-1] in VOWELS and is_native_final(word):
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
    if _letters(stem)[-1] in VOWEL_FINAL:
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


def readings(word: str) -> tuple[tuple[str, bool], ...]:
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


def stem_table(stem: str, back: bool) -> dict[str, tuple[Form, ...]]:
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


#: Enclitic particles whose first consonant and vowel follow the word before
#: them: "да/де/та/те" (also, too) and the question particle "ма/ме/ба/бе/па/пе".
PARTICLES = frozenset({"да", "де", "та", "те", "ма", "ме", "ба", "бе", "па", "пе"})


def particle_after(word: str, particle: str) -> str:
    """``particle`` (one of :data:`PARTICLES`) as it is written after
    ``word``: the vowel by the word's harmony (а after back, е after front),
    the consonant by its last sound — "да/де" after vowels and voiced
    sounds, "та/те" after voiceless ones; "ма/ме" after vowels and
    sonorants, "ба/бе" after з, ж and nasals, "па/пе" after voiceless ones
    (Muhamedowa, *Kazakh: A Comprehensive Grammar* (2016), particles).

    >>> particle_after("әкімі", "да"), particle_after("Үкімет", "да"), particle_after("комиссиясы", "де")
    ('де', 'те', 'да')
    """
    key = particle.casefold()
    back = is_back(word.casefold())
    vowel = "а" if back else "е"
    sound = _sound_class(word.casefold())
    if key[0] in "дт":
        consonant = "т" if sound == "voiceless" else "д"
    else:
        consonant = {"vowel": "м", "sonorant": "м", "nasal": "б", "voiced": "б"}.get(sound, "п")
    out = consonant + vowel
    return out.upper() if particle.isupper() else out

"""Russian declension of terms, with pymorphy3 and rules for unknown words.

A term is read word by word in its own form (nominative). The first noun is
the head; the adjectives and participles before it agree with it (in the
singular they take its gender, in the accusative its animacy); personal
names directly after the head decline with it (first name, patronymic,
surname: ``Касым-Жомарт Токаев`` -> ``Касым-Жомарта Токаева``; an apposition
``Президент Токаев`` -> ``Президенту Токаеву``; after a genitive complement
too when it holds a bare masculine surname: ``Председатель Сената Маулен
Ашимбаев`` -> ``Председателю Сената Маулену Ашимбаеву``; but a word in
-ова/-ева/-ина right after a common noun is a masculine genitive, ``Фонд
Назарбаева`` -> ``Фонду Назарбаева``). Everything else stays:
genitive complements (``Ассамблея народа Казахстана`` -> ``Ассамблеи народа
Казахстана``), a common-noun apposition (``Республика Казахстан`` ->
``Республики Казахстан``), abbreviations (``ЦИК``), words in Latin script,
Kazakh patronymics in -улы/-кызы. Of a hyphenated word only the last part
declines (``Премьер-министра``, ``Касым-Жомарта``,
``Северо-Казахстанской``). Forms that do not exist (the plural of
``Астана``) are left out of paradigms, and :meth:`RussianMorphology.inflect`
refuses them.

Words in pymorphy3's dictionary (OpenCorpora) decline from their lexeme: of
the forms with the wanted grammemes, the one without a variant mark (V-oy
``палатою``, archaic, ...) that shares the longest beginning with the word
wins, so ``Высшая`` gives ``Высшей`` and not ``высочайшей`` from the same
lexeme. pymorphy3's guesses for unknown words are not used where a rule
is safer: its best guess for ``маслихат`` is a plural genitive of
*маслихата, and for ``Токаев`` only a plural genitive of ``токай``.
Unknown words decline by their ending instead (Русская грамматика, 1980,
§§ 1140-1173 on the three substantive declensions; Д. Э. Розенталь,
Справочник по правописанию и литературной правке, the section on the
declension of surnames):

* a consonant: masculine, 2nd declension (маслихат: -а -у -ом -е, plural -ы
  -ов -ам -ами -ах; -и and -ей after г к х ж ш ч щ, -ем after ж ш ч щ ц);
* -й: masculine (-я -ю -ем -е, plural -и -ев); -а/-я/-ия: 1st declension;
* capitalised -ов/-ев/-ёв/-ин/-ын: a surname, with the adjectival
  instrumental -ым and plural -ы -ых -ым -ых -ыми -ых; -ова/-ева/-ина: the
  feminine surname (-ой -ой -у -ой -ой);
* anything else: only a pymorphy3 guess in the nominative, or indeclinable.

Unknown capitalised nouns in a term that is a personal name (it has a
surname, patronymic or first name, or a hyphenated capitalised word like
``Касым-Жомарт``) are animate (accusative = genitive); other unknown nouns
are inanimate.

Paradigms list every surface with ё also with е (the dictionary's ё forms
even for a term written with е), and inflected forms are written without ё
when the term is.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from . import syntax
from .analyzer import parse as _analyse
from ..base import (
    Form,
    Morphology,
    check_term,
    match_case,
    memo_of,
    normalize_surface,
    split_words,
)

__all__ = ["RussianMorphology"]

#: Abbreviations after which a Russian sentence does not end (Розенталь,
#: Справочник по правописанию, § on graphic abbreviations; ГОСТ 7.12-93).
ABBREVIATIONS = frozenset({
    "т.е", "т.к", "т.н", "т.ч", "т.о", "г-н", "г-жа", "им", "ул", "пр", "просп", "д", "ст", "п",
    "пп", "см", "напр", "проф", "акад", "тыс", "млн", "млрд", "руб", "тг", "рис", "табл", "гл",
    "ч", "ок", "г", "гг", "т.д", "т.п", "др", "ж.д"})

#: Prepositions, conjunctions and particles: no content in a term.
FUNCTION_WORDS = frozenset({"по", "о", "об", "и", "в", "во", "на", "при", "с", "со", "для", "за", "к", "ко",
                            "из", "от", "до", "у", "а", "или"})

#: Short names of states, stems of nationality adjectives and international
#: bodies besides CLDR's territory names (lowercase; an entry ending in
#: "ск"/"цк" is an adjective stem: "американск" matches "американского").
FOREIGN_NAMES = frozenset({
    "сша", "кыргызстан", "британия", "американск", "британск", "английск", "российск", "русск",
    "узбекск", "узбекистанск", "кыргызск", "киргизск", "таджикск", "туркменск", "китайск", "турецк",
    "иранск", "германск", "немецк", "французск", "итальянск", "испанск", "японск", "корейск", "индийск",
    "пакистанск", "афганск", "азербайджанск", "грузинск", "армянск", "белорусск", "украинск", "польск",
    "монгольск", "саудовск", "катарск", "египетск", "израильск", "сирийск", "иракск", "суданск",
    "канадск", "австралийск", "швейцарск", "европейск", "оон", "ес", "нато", "обсе", "шос", "еаэс",
    "совет европы", "евросоюз", "техас", "калифорни", "москв",
})

#: The Russian alphabet (33 letters).
ALPHABET = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


_CASE_TAGS = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
_NUMBER_TAGS = {"sg": "sing", "pl": "plur"}
_RU_CASES = tuple(_CASE_TAGS)
# Grammemes marking a form as a variant or non-standard; such forms lose to
# a plain form with the same grammemes.
_VARIANT_MARKS = frozenset({
    "V-oy", "V-ey", "V-ie", "V-be", "V-en", "V-bi", "V-ej", "V-sh", "V-ob",
    "Infr", "Arch", "Erro", "Dist", "Slng", "Litr",
})
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_PERSONAL = frozenset({"Name", "Surn", "Patr"})
_CYRILLIC_WORD = re.compile(r"^[а-яё]+$", re.IGNORECASE)
#: A word or a hyphenated compound ("восточно-казахстанского": pymorphy3
#: reads it as a form of "восточно-казахстанский")
_CYRILLIC_COMPOUND = re.compile(r"^[а-яё]+(?:-[а-яё]+)*$", re.IGNORECASE)
_SURNAME_MASC = re.compile(r"(ов|ев|ёв|ин|ын)$")
_SURNAME_FEM = re.compile(r"(ова|ева|ёва|ина|ына)$")
_PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|инична)$")
_KAZAKH_PATRONYMIC = re.compile(r"(улы|уулы|кызы|оглы|угли)$")
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "INTJ"})
#: Common nouns of places whose name in apposition does not decline
#: ("в области Абай", "в городе Алматы"; Розенталь, Справочник по
#: правописанию, § on the agreement of geographic names with generic nouns).
_GEOGRAPHIC_HEADS = frozenset({"область", "город", "район", "республика", "село", "поселок", "посёлок",
                               "аул", "станция", "штат", "провинция", "округ", "улица", "проспект"})

#: The suffix and ending of an adjective ("-ская", "-ский", "-ное", "-овые"):
#: an unknown word with them is declined as an adjective (Русская грамматика,
#: 1980, §§ 1185-1229 on the declension of adjectives).
_ADJECTIVE_ENDING = re.compile(r"(?:ск|цк|н|ов|ев|ин|ьск)(?:ая|яя|ий|ый|ой|ое|ее|ие|ые)$")
_HUSHING = frozenset("жшчщ")
_VELAR_HUSHING = frozenset("гкхжшчщ")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class _Lexeme:
    """A word declined from its pymorphy3 lexeme.

    Attributes:
        gender (str | None): masc, femn, neut (ms-f read as masc), None for
            pluralia tantum.
        number (str): sing or plur, as in the term.
        animate (bool): the noun's animacy (for adjectives: unused).
        adjective (bool): ADJF/PRTF, agreeing with a head.
        personal (bool): a first name, surname or patronymic.
    """

    def __init__(self, parse: Any) -> None:
        tag = parse.tag
        self.original = parse.word
        self.adjective = tag.POS in ("ADJF", "PRTF")
        grammemes = tag.grammemes
        self.number = "plur" if "plur" in grammemes else "sing"
        self.gender = next((g for g in ("masc", "femn", "neut") if g in grammemes),
                           "masc" if "ms-f" in grammemes else None)
        self.animate = "anim" in grammemes
        self._gender_tag = next((g for g in ("masc", "femn", "neut", "ms-f") if g in grammemes), None)
        self.personal = bool(_PERSONAL & tag.grammemes)
        self.place = False  # the last part of a place name ("Нур-Султан"): accusative = nominative
        pos = tag.POS
        self._forms = [
            (1 if _VARIANT_MARKS & form.tag.grammemes else 0, -_common_prefix(form.word, parse.word),
             index, form.word, frozenset(form.tag.grammemes))
            for index, form in enumerate(parse.lexeme) if form.tag.POS == pos
        ]

    def form(self, case: str, number: str, gender: str | None, animate: bool) -> str | None:
        if self.place and case == "acc" and not self.adjective and (
                number == "pl" or not self.original.endswith(("а", "я"))):
            case = "nom"  # an inanimate accusative (a place in -а keeps -у: "Алма-Ату")
        want = {_CASE_TAGS[case], _NUMBER_TAGS[number]}
        if not self.adjective and number == "sg" and self._gender_tag is not None:
            # Some lexemes hold several genders: surnames (Назарбаева,
            # Назарбаевой), substantivised adjectives (уполномоченный).
            want.add(self._gender_tag)
        if self.adjective:
            if number == "sg":
                want.add(gender or "masc")
            if case == "acc" and (number == "pl" or (gender or "masc") == "masc"):
                want.add("anim" if animate else "inan")
        best = min((f for f in self._forms if want <= f[4]), default=None)
        return best[3] if best else None


# Endings of the rule-based declensions, in the order nom gen dat acc ins loc;
# acc None: like nom (inanimate) or gen (animate).
_MASC_HARD = (("", "а", "у", None, "ом", "е"), ("ы", "ов", "ам", None, "ами", "ах"))
_MASC_J = (("й", "я", "ю", None, "ем", "е"), ("и", "ев", "ям", None, "ями", "ях"))
_MASC_IJ = (("ий", "ия", "ию", None, "ием", "ии"), ("ии", "иев", "иям", None, "иями", "иях"))
_FEM_A = (("а", "ы", "е", "у", "ой", "е"), ("ы", "", "ам", None, "ами", "ах"))
_FEM_JA = (("я", "и", "е", "ю", "ей", "е"), ("и", "ь", "ям", None, "ями", "ях"))
_FEM_IJA = (("ия", "ии", "ии", "ию", "ией", "ии"), ("ии", "ий", "иям", None, "иями", "иях"))
_SURNAME = (("", "а", "у", "а", "ым", "е"), ("ы", "ых", "ым", "ых", "ыми", "ых"))
_SURNAME_F = (("а", "ой", "ой", "у", "ой", "ой"), ("ы", "ых", "ым", "ых", "ыми", "ых"))


class _Rule:
    """A word declined by its ending (see the module docstring)."""

    adjective = False

    def __init__(self, stem: str, table: tuple, gender: str, animate: bool,
                 personal: bool = False) -> None:
        self.stem = stem
        self.table = table
        self.gender = gender
        self.animate = animate
        self.personal = personal
        self.number = "sing"

    def form(self, case: str, number: str, gender: str | None, animate: bool) -> str | None:
        index = _RU_CASES.index(case)
        row = self.table[0 if number == "sg" else 1]
        ending = row[index]
        if ending is None:
            ending = row[1] if self.animate else row[0]
        return _spell(self.stem, ending)


def _spell(stem: str, ending: str) -> str:
    """``stem + ending`` with the Russian spelling rules: ы -> и after
    г к х ж ш ч щ; unstressed о -> е after ж ш ч щ ц (stress is unknown, the
    unstressed spelling is used: ``Куанышем``); ов -> ей after ж ш ч щ in the
    plural genitive."""
    last = stem[-1:] if stem else ""
    if ending.startswith("ы") and last in _VELAR_HUSHING:
        ending = "и" + ending[1:]
    if ending in ("ом", "ой") and (last in _HUSHING or last == "ц"):
        ending = "е" + ending[1:]
    if ending == "ов" and last in _HUSHING:
        ending = "ей"
    if ending == "ов" and last == "ц":
        ending = "ев"
    return stem + ending


def _rule_for(word: str, animate: bool, personal: bool) -> _Rule | None:
    """A rule-based declension for the lower-case ``word``, or None."""
    if word.endswith("ия"):
        return _Rule(word[:-2], _FEM_IJA, "femn", animate, personal)
    if word.endswith("ий"):
        return _Rule(word[:-2], _MASC_IJ, "masc", animate, personal)
    if word.endswith("й"):
        return _Rule(word[:-1], _MASC_J, "masc", animate, personal)
    if word.endswith("я"):
        return _Rule(word[:-1], _FEM_JA, "femn", animate, personal)
    if word.endswith("а"):
        return _Rule(word[:-1], _FEM_A, "femn", animate, personal)
    if word[-1:] in "бвгджзклмнпрстфхцчшщ":
        return _Rule(word, _MASC_HARD, "masc", animate, personal)
    return None


def _is_abbreviation(word: str) -> bool:
    """True for an all-capital word the dictionary does not know in the
    nominative (ЦИК, МИД); ``СЕНАТ`` in capitals is a word."""
    if len(word) < 2 or not word.isupper():
        return False
    return not any(p.tag.case == "nomn" and len(p.methods_stack) == 1
                   for p in _analyse(word.casefold()))


def capitalised_part(prefix: str, part: str) -> bool:
    """True when a word (``prefix`` + ``part``) is written with a capital."""
    return (prefix or part)[:1].isupper()


@dataclass(frozen=True)
class _Slot:
    """One word of a term.

    Attributes:
        prefix (str): what stays of the word (earlier hyphen parts).
        part (str): the part that may decline, as written.
        role (str): "fixed", "adj", "head" or "name" (declines with the head).
        decliner (object | None): how it declines.
    """

    prefix: str
    part: str
    role: str
    decliner: Any = None


def _is_bare_name(noun: Any) -> bool:
    """True for a word that can only be a nominative personal name here: a
    masculine surname or patronymic with no ending (Ашимбаев, Кемелевич)."""
    if isinstance(noun, _Rule):
        return noun.personal and noun.table is _SURNAME or noun.stem.endswith("ич")
    return noun.personal and noun.gender == "masc" and noun.number == "sing" and (
        _SURNAME_MASC.search(noun.original) or _PATRONYMIC.search(noun.original)) is not None


def _mark_later_names(slots: list, options: list) -> None:
    """Let a personal name after a genitive complement decline with the head
    (``Председатель Сената Маулен Ашимбаев`` -> ``Председателю Сената Маулену
    Ашимбаеву``): a run of capitalised fixed words, each with a nominative
    noun reading, that contains a bare masculine surname or patronymic."""
    start = next(i for i, slot in enumerate(slots) if slot.role == "head") + 1
    i = start
    while i < len(slots):
        if slots[i].role != "fixed" or options[i][2] is None:
            i += 1
            continue
        j = i
        run = []
        while j < len(slots) and slots[j].role == "fixed" and options[j][2] is not None:
            noun = options[j][2][1]
            if noun is None or not capitalised_part(slots[j].prefix, slots[j].part):
                break
            if not (noun.personal or isinstance(noun, _Rule)):
                break
            run.append(j)
            j += 1
        if run and any(_is_bare_name(options[k][2][1]) for k in run):
            for k in run:
                slots[k] = _Slot(slots[k].prefix, slots[k].part, "name", options[k][2][1])
        i = max(j, i + 1)


class RussianMorphology(Morphology):
    """Russian declension of terms; see the module docstring.

    Args:
        cache_size (int): terms whose analysis and paradigm are kept.
    """

    lang = "ru"
    abbreviations = ABBREVIATIONS
    alphabet = ALPHABET
    function_words = FUNCTION_WORDS
    foreign_names = FOREIGN_NAMES

    def form_in_context(self, forms, before: str, after: str = "") -> Form | None:
        """The reading of an ambiguous span ("избирательной станции":
        gen/dat/loc) that the preposition before it governs, looking past
        the modifiers between them ("на своей последней ..."), or the verb
        after it (a singular noun before a plural verb is its object:
        "Нур-Султан посетили туристы" is accusative); see
        :func:`toolkit.morphology.ru.syntax.form_in_context`.

        >>> m = RussianMorphology()
        >>> str(m.form_in_context([Form("gen", "sg"), Form("loc", "sg")], "встретились на "))
        'loc.sg'
        """
        return syntax.form_in_context(forms, before, after)

    def complete_phrase(self, text: str, start: int, end: int, *, left: int = 0) -> tuple[int, int]:
        """An adjective or participle at the end takes the noun it agrees
        with ("Министерство чрезвычайных" + "происшествий"); up to ``left``
        agreeing modifiers before it join it; see
        :func:`toolkit.morphology.ru.syntax.complete_phrase`."""
        return syntax.complete_phrase(text, start, end, left=left)

    def fit_context(self, text: str, start: int, replacement: str) -> tuple[int, str]:
        """The preposition "о" becomes "об" before a vowel ("об акимах") and
        back ("о Мажилисе"); the returned replacement includes it.

        >>> RussianMorphology().fit_context("говорили о губернаторах", 11, "акимах")
        (9, 'об акимах')
        """
        return syntax.fit_context(text, start, replacement)

    def head_index(self, term: str) -> int:
        """The head of a Russian noun phrase: its first word that is not an
        adjective or participle agreeing with the next word ("Высшая
        аудиторская палата" -> 2, "Совет Безопасности" -> 0, "Уполномоченный
        по правам человека" -> 0: a substantivised adjective)."""
        words = term.split()
        for i, word in enumerate(words):
            parses = _analyse(word.casefold())
            if not parses or parses[0].tag.POS not in ("ADJF", "PRTF") or i + 1 == len(words):
                return i
            following = _analyse(words[i + 1].casefold())
            if not any(p.tag.POS in ("ADJF", "PRTF", "NOUN") and q.tag.case == p.tag.case
                       and q.tag.number == p.tag.number for p in following[:1] for q in parses[:3]):
                return i
        return 0

    def looks_like_surname(self, word: str) -> bool:
        """A capitalised word in -ов/-ев/-ёв/-ин/-ын, -ова/-ева/-ина, or
        their case endings ("Акимов", "Акимовым", "Назарбаевой"); the
        patterns of the Russian surname declension above."""
        lower = word.casefold()
        return word[:1].isupper() and len(lower) > 4 and bool(
            re.search(r"(?:ов|ев|ёв|ин|ын)(?:а|у|ым|е|ой|ы|ых|ыми)?$", lower))

    def compound_parts(self, word: str) -> list[str]:
        """The parts of a hyphenated compound, a first part in -о read as
        the adjective it is the combining form of ("Северо-Казахстанский":
        "северный", "Казахстанский"; Русская грамматика, 1980, §§ 416-417,
        compound adjectives with a linking -о-).

        >>> RussianMorphology().compound_parts("Северо-Казахстанский")
        ['северный', 'Казахстанский']
        """
        parts = [part for part in word.split("-") if len(part) > 2]
        out = []
        for i, part in enumerate(parts):
            key = part.casefold()
            if i < len(parts) - 1 and key.endswith("о"):
                for candidate in (key[:-1] + "ый", key[:-1] + "ий", key[:-1] + "ный"):
                    if any(p.tag.POS == "ADJF" and p.normal_form == candidate
                           and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
                           for p in _analyse(candidate)):
                        key = candidate
                        break
                else:
                    key = part
                out.append(key)
            else:
                out.append(part)
        return out

    def derived_adjective(self, word: str, stem: str) -> bool:
        """``word`` begins with ``stem`` and ends in an adjective's suffix and
        ending ("районная" from "район", "шымкентского" from "Шымкент")."""
        key = word.casefold()
        return key.startswith(stem.casefold()) and len(key) > len(stem) + 2 and bool(
            re.search(r"(?:ск|цк|н|ов|ев|ин)(?:ая|яя|ий|ый|ой|ое|ее|ие|ые|ого|его|ому|ему|ым|им|ом|ем|ых|их|ую|юю|ыми|ими)$",
                      key))

    def phrase_extent(self, text: str, start: int, end: int, *, left: int, right: int,
                      limit: int | None = None, cases: frozenset[str] = frozenset()) -> tuple[int, int]:
        """See :func:`toolkit.morphology.ru.syntax.phrase_extent`."""
        return syntax.phrase_extent(text, start, end, left=left, right=right, limit=limit)

    def agreement_edits(self, text: str, start: int, end: int, old: str, form: Form | None,
                        new: str, new_grammar: tuple[str | None, str | None] = (None, None)
                        ) -> list[tuple[int, int, str]]:
        """Attributes, a participle clause and the predicate that agreed with
        ``old`` and must agree with ``new`` (see
        :func:`toolkit.morphology.ru.syntax.agreement_edits`). The genders
        and numbers come from the glossary where given, else from pymorphy3."""
        gender, number = syntax.noun_grammar(old, form)
        if number is None:
            return []
        glossary_gender, glossary_number = new_grammar
        if form is not None and form.number is not None:
            glossary_number = {"sg": "singular", "pl": "plural"}[form.number]
        new_number = {"singular": "sing", "plural": "plur"}.get(glossary_number or "")
        new_gender = {"masculine": "masc", "feminine": "femn", "neuter": "neut"}.get(glossary_gender or "")
        if new_number is None or (new_number == "sing" and new_gender is None):
            found_gender, found_number = syntax.noun_grammar(new, Form("nom", None))
            new_number = new_number or found_number
            new_gender = new_gender or found_gender
        if new_number is None:
            return []
        case = form.case if form is not None else None
        return syntax.agreement_edits(text, start, end, (case, gender, number), (new_gender, new_number))

    def __init__(self, cache_size: int = 4096) -> None:
        self._slots = functools.lru_cache(maxsize=cache_size)(self._analyse_term)
        self._paradigm = functools.lru_cache(maxsize=cache_size)(self._build_paradigm)
        self._words = functools.lru_cache(maxsize=cache_size * 4)(self._word_options)

    # -- reading a term --------------------------------------------------------

    def _word_options(self, part: str, capitalised: bool, personal_context: bool):
        """(adjective decliner, noun decliner, name-like) for one word."""
        lower = part.casefold()
        parses = _analyse(lower)
        if parses and parses[0].tag.POS in _FUNCTION_WORDS:
            return None, None, False  # по, и, не: never a head or modifier
        known = [p for p in parses if len(p.methods_stack) == 1
                 and type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
                 and ("Abbr" not in p.tag.grammemes or part.isupper())]
        nominative = [p for p in known if p.tag.case == "nomn"]
        adjectives = [p for p in nominative if p.tag.POS in ("ADJF", "PRTF")]
        nouns = [p for p in nominative if p.tag.POS == "NOUN"]

        def rank(parse: Any) -> tuple:
            proper = bool(_PROPER & parse.tag.grammemes)
            return (proper != capitalised, "sing" not in parse.tag.grammemes, -parse.score)

        adjectives.sort(key=rank)
        nouns.sort(key=rank)
        adjective = _Lexeme(adjectives[0]) if adjectives else None
        if _KAZAKH_PATRONYMIC.search(lower) and capitalised:
            return None, None, True
        noun: Any = None
        if nouns:
            noun = _Lexeme(nouns[0])
        surname_masc = capitalised and _SURNAME_MASC.search(lower) and len(lower) > 4
        surname_fem = capitalised and _SURNAME_FEM.search(lower) and len(lower) > 5
        if noun is not None and not noun.personal and (surname_masc or surname_fem):
            # a common or place noun that looks like a surname (Берлин) stays one
            return adjective, noun, False
        if noun is None and surname_fem and personal_context:
            noun = _Rule(lower[:-1], _SURNAME_F, "femn", True, True)
        elif noun is None and surname_masc:
            noun = _Rule(lower, _SURNAME, "masc", True, True)
        if noun is None and adjective is None and not known and _ADJECTIVE_ENDING.search(lower):
            # An adjective the dictionary lacks, with an adjective's suffix and
            # ending (Алматинская, Жетысуская): pymorphy3's guess declines it
            # as adjectives of its pattern decline (-ской, -ского).
            guesses = [p for p in parses if p.tag.case == "nomn" and p.tag.POS == "ADJF"]
            if guesses:
                adjective = _Lexeme(max(guesses, key=lambda p: p.score))
                return adjective, None, False
        if noun is None and adjective is None and not known:
            # Not in the dictionary in any form (a word known only in other
            # forms, like Сената, is an inflected word and stays).
            rule = _rule_for(lower, capitalised and personal_context, capitalised and personal_context)
            if rule is not None:
                noun = rule
            else:
                guesses = [p for p in parses if p.tag.case == "nomn" and p.tag.POS == "NOUN"]
                if guesses:
                    noun = _Lexeme(max(guesses, key=lambda p: p.score))
        name_like = bool(
            (noun is not None and noun.personal)
            or (capitalised and _PATRONYMIC.search(lower) and len(lower) > 5)
        )
        return adjective, noun, name_like

    def _analyse_term(self, term: str) -> tuple[tuple[str, ...], tuple[_Slot, ...]]:
        pieces = split_words(term)
        words = pieces[0::2]
        # Is the term a personal name? Then unknown capitalised nouns are animate.
        personal_context = False
        for word in words:
            lower = word.casefold()
            if not word[:1].isupper():
                continue
            if (_SURNAME_MASC.search(lower) or _SURNAME_FEM.search(lower) or _PATRONYMIC.search(lower)
                    or _KAZAKH_PATRONYMIC.search(lower)):
                personal_context = True
            elif "-" in word and all(p[:1].isupper() for p in word.split("-") if p) and len(words) > 1:
                # "Касым-Жомарт Токаев"; a hyphenated word alone is a place
                # as often ("Усть-Каменогорск", "Нур-Султан": inanimate)
                personal_context = True
            elif any(_PERSONAL & p.tag.grammemes and p.tag.case == "nomn"
                     for p in _analyse(lower)
                     if len(p.methods_stack) == 1):
                personal_context = True

        slots: list[_Slot] = []
        options = []
        for word in words:
            head_part, sep, part = word.rpartition("-")
            prefix = head_part + sep
            if not part or not _CYRILLIC_WORD.match(part) or _is_abbreviation(part):
                options.append((prefix, part, None))
                continue
            opts = self._words(part, capitalised_part(prefix, part), personal_context)
            if len(words) == 1 and prefix and isinstance(opts[1], _Lexeme) and opts[1].personal:
                # a hyphenated name alone, ending in a personal name, is a
                # place ("Нур-Султан"): inanimate ("Премьер-Министр" is not
                # a name and stays animate)
                place = copy.copy(opts[1])
                place.place, place.animate = True, False
                opts = (opts[0], place, opts[2])
            options.append((prefix, part, opts))

        head_seen = False
        in_names = False
        head_personal = False
        prev_personal = False  # the word before is part of a personal name
        for i, (prefix, part, opts) in enumerate(options):
            if opts is None:
                slots.append(_Slot(prefix, part, "fixed"))
                in_names = prev_personal = False
                continue
            adjective, noun, name_like = opts
            if not head_seen:
                following = options[i + 1][2] if i + 1 < len(options) else None
                next_is_noun = following is not None and following[1] is not None
                if adjective is not None and (noun is None or next_is_noun):
                    slots.append(_Slot(prefix, part, "adj", adjective))
                elif noun is not None:
                    slots.append(_Slot(prefix, part, "head", noun))
                    head_seen = True
                    # A name after a geographic common noun stays ("области
                    # Абай", "города Алматы"); after a title it declines
                    # ("Президенту Токаеву").
                    in_names = part.casefold() not in _GEOGRAPHIC_HEADS
                    head_personal = prev_personal = noun.personal or (
                        isinstance(noun, _Rule) and personal_context and capitalised_part(prefix, part))
                else:
                    slots.append(_Slot(prefix, part, "fixed"))
                continue
            capital = capitalised_part(prefix, part)
            # -ова/-ева/-ина after a common noun is a masculine genitive
            # (Фонд Назарбаева), a feminine surname only after a name.
            feminine_surname = (noun is not None and noun.gender == "femn"
                                and _SURNAME_FEM.search(part.casefold()) is not None)
            if in_names and noun is not None and (name_like or noun.personal
                                                  or (head_personal and capital
                                                      and not isinstance(noun, _Lexeme))) \
                    and (prev_personal or not feminine_surname):
                slots.append(_Slot(prefix, part, "name", noun))
                prev_personal = True
            elif in_names and name_like and noun is None:
                slots.append(_Slot(prefix, part, "fixed"))  # Кемелулы: stays, run goes on
            else:
                slots.append(_Slot(prefix, part, "fixed"))
                in_names = prev_personal = False
        if head_seen:
            _mark_later_names(slots, options)
        separators = tuple(pieces[1::2])
        return separators, tuple(slots)

    # -- producing forms ---------------------------------------------------------

    def _build(self, term: str, case: str, number: str, yo: bool | None = None) -> str | None:
        """``term`` in ``case`` and ``number``, or None if a declining word
        lacks that form; ``yo``: write ё (True), е (False) or as the term
        does (None)."""
        separators, slots = self._slots(term)
        head = next((s.decliner for s in slots if s.role == "head"), None)
        if head is None:
            adjectives = [s.decliner for s in slots if s.role == "adj"]
            if not adjectives:
                return None
            gender, animate = adjectives[0].gender, False
        else:
            gender, animate = head.gender, head.animate
            if number == "sg" and head.number == "plur" and gender is None:
                return None
        keep_yo = "ё" in term.casefold() if yo is None else yo
        words = []
        for slot in slots:
            if slot.role == "fixed":
                words.append(slot.prefix + slot.part)
                continue
            form = slot.decliner.form(case, number, gender, animate)
            if form is None:
                return None
            if not keep_yo:
                form = form.replace("ё", "е")
            words.append(slot.prefix + match_case(slot.part, form))
        out = words[0]
        for sep, word in zip(separators, words[1:]):
            out += sep + word
        return out

    def _base_number(self, term: str) -> str:
        _, slots = self._slots(term)
        head = next((s.decliner for s in slots if s.role in ("head", "adj")), None)
        return "pl" if head is not None and head.number == "plur" else "sg"

    def _build_paradigm(self, term: str) -> tuple[tuple[str, tuple[Form, ...]], ...]:
        base = self._base_number(term)
        grouped: dict[str, list[Form]] = {normalize_surface(term): [Form("nom", base)]}
        for number in ("sg", "pl"):
            for case in _RU_CASES:
                surface = self._build(term, case, number, yo=True)
                if surface is None:
                    continue
                form = Form(case, number)
                key = normalize_surface(surface)
                for variant in dict.fromkeys((key.replace("ё", "е"), key)):
                    forms = grouped.setdefault(variant, [])
                    if form not in forms:
                        forms.append(form)
        return tuple((key, tuple(forms)) for key, forms in grouped.items())

    def paradigm(self, term: str) -> dict[str, tuple[Form, ...]]:
        """All surface forms of ``term``: 6 cases x 2 numbers where they
        exist; see :meth:`Morphology.paradigm`.

        >>> RussianMorphology().paradigm("Мажилис")["мажилису"]
        (Form(case='dat', number='sg', possessive=None),)
        """
        return dict(self._paradigm(check_term(term)))

    def inflect(self, term: str, form: Form) -> str:
        """``term`` in ``form``; see :meth:`Morphology.inflect`.

        >>> RussianMorphology().inflect("Этническая ассамблея Казахстана", Form("gen", "sg"))
        'Этнической ассамблеи Казахстана'

        Raises:
            InputError: an empty term, a possessive or the ablative (Kazakh
                only), a form the term does not have (plural of ``Астана``),
                a term with no declinable word in a case other than the
                nominative.
        """
        term = check_term(term)
        if form.possessive is not None:
            raise InputError(f"Russian has no possessive suffixes (asked {form}) for {term!r}")
        case = form.case or "nom"
        if case not in _CASE_TAGS:
            raise InputError(f"Russian has no {case} case (asked for {term!r})")
        number = form.number or self._base_number(term)
        if case == "nom" and number == self._base_number(term):
            return term
        surface = self._build(term, case, number)
        if surface is None:
            raise InputError(f"{term!r} has no form {case}.{number}")
        return surface

    def analyze(self, surface: str, term: str) -> tuple[Form, ...]:
        """The form(s) of ``surface`` as a form of ``term``; ё and е match
        each other. See :meth:`Morphology.analyze`."""
        table = self.paradigm(term)
        key = normalize_surface(surface)
        return table.get(key) or table.get(key.replace("ё", "е"), ())

    def is_modifier(self, word: str) -> bool:
        """True when every pymorphy3 reading of ``word`` is an adjective or
        participle (ADJF/PRTF, OpenCorpora tags): "правительственный",
        "верхний"; not "учёный" (also a noun). See :meth:`Morphology.is_modifier`."""
        key = normalize_surface(word)
        if not _CYRILLIC_WORD.match(key):
            return False
        parses = _analyse(key)
        return bool(parses) and all(p.tag.POS in ("ADJF", "PRTF") for p in parses)

    def lemmas(self, word: str) -> tuple[str, ...]:
        """pymorphy3's normal forms of ``word``, most probable first, ё
        written е; a capitalised word the dictionary does not know that
        looks like a declined surname in -ов/-ев/-ин has that surname first
        (``Токаеву`` -> ``токаев``).

        >>> RussianMorphology().lemmas("Мажилису")
        ('мажилис',)
        """
        memo = memo_of(self, "_lemma_memo")
        if memo is not None and word in memo:
            return memo[word]
        found = self._lemmas(word)
        if memo is not None:
            memo[word] = found
        return found

    def _lemmas(self, word: str) -> tuple[str, ...]:
        key = normalize_surface(word)
        if not key:
            return ()
        found: list[str] = []
        parses = _analyse(key) if _CYRILLIC_COMPOUND.match(key) else []
        known = any(len(p.methods_stack) == 1 for p in parses)
        surname = re.match(r"^(.+(?:ов|ев|ёв|ин|ын))(а|у|ым|е|ы|ых|ыми|ой)?$", key)
        if word[:1].isupper() and surname and len(surname.group(1)) > 4 and not known:
            found.append(surname.group(1).replace("ё", "е"))
        for parse in parses:
            lemma = parse.normal_form.replace("ё", "е")
            if lemma not in found:
                found.append(lemma)
        if not found:
            found.append(key.replace("ё", "е"))
        return tuple(found)


#: The language's morphology and the scripts it serves (see :mod:`toolkit.morphology`).
MORPHOLOGY = RussianMorphology
SCRIPTS = ("Cyrl",)

"""Russian syntax around a term: the case a preposition governs, "о"/"об",
the extent of a noun phrase, and agreement with a replaced noun.

Enforcement replaces a noun (phrase) in running text; the words around it
were written for the old noun. This module reads them with pymorphy3
(OpenCorpora tags) and says what must change:

* the case of an ambiguous span comes from the preposition before it, past
  the adjectives between them ("на своей последней пленарной сессии": loc);
* a phrase the model wrote for a term ("Высшая ревизионная палата") extends
  from its head noun over the adjectives and participles that agree with it
  and over the genitive (or "по"/"о") complements after it;
* when the new noun has another gender or number, the adjectives,
  participles and pronouns that agree with the old one, a participle clause
  after it and the predicate it is the subject of (a past-tense verb, a
  short adjective or participle, "был") take the new noun's gender and
  number ("Новая палата собралась" -> "Новый Мажилис собрался").

Sources: Русская грамматика (АН СССР, 1980), §§ 1654-1700 (prepositions and
their cases), §§ 2217-2240 (agreement of attributes), §§ 2243-2246
(agreement of the predicate with the subject).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..base import Form
from .analyzer import parse as _analyse

__all__ = ["PREPOSITION_CASES", "form_in_context", "fit_context", "phrase_extent", "agreement_edits",
           "noun_grammar"]

#: Cases governed by Russian prepositions, the likelier first (Русская
#: грамматика, 1980, §§ 1654-1700: the prepositions of each case).
PREPOSITION_CASES: dict[str, tuple[str, ...]] = {
    **{p: ("loc",) for p in ("о", "об", "обо", "при")},
    **{p: ("loc", "acc") for p in ("в", "во", "на")},
    **{p: ("dat",) for p in ("к", "ко", "по", "благодаря", "согласно", "вопреки", "навстречу")},
    **{p: ("gen",) for p in ("у", "от", "ото", "до", "из", "изо", "без", "безо", "для", "около", "возле",
                             "после", "кроме", "среди", "вокруг", "против", "ради", "из-за", "из-под",
                             "вместо", "мимо", "напротив", "внутри", "вне", "помимо", "накануне")},
    **{p: ("ins", "gen") for p in ("с", "со")},
    **{p: ("ins", "acc") for p in ("за", "под", "подо")},
    **{p: ("ins",) for p in ("над", "надо", "перед", "передо", "между")},
    **{p: ("acc",) for p in ("про", "через", "сквозь")},
}

_CASES = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}
_CASE_OF = {tag: case for case, tag in _CASES.items()}
_CASE_OF.update({"gen2": "gen", "loc2": "loc", "acc2": "acc", "voct": "nom"})
_GENDERS = {"masculine": "masc", "feminine": "femn", "neuter": "neut"}
_WINDOW = 64
_WORD = re.compile(r"[^\W\d_][\w-]*")
_LAST_WORD = re.compile(r"(?:^|[^\w-])([\w-]+)\s+$")
_O_BEFORE = re.compile(r"(?:^|(?<=[^\w-]))([Оо]б?)(\s+)$")
_BREAK = re.compile(r"[.;:!?…()«»\"“”—–]|\s-\s")
#: Prepositions that join a complement to a head noun ("Совет по
#: безопасности", "Послание о положении нации").
_LINKING = frozenset({"по", "о", "об", "для", "при"})
#: Pronominal adjectives (possessive, demonstrative, quantifiers): they agree
#: with a noun but are never part of a term's name.
_MODIFIER_POS = frozenset({"ADJF", "PRTF"})


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _parses(word: str):
    return _analyse(word.casefold())


def _case(parse) -> str | None:
    return _CASE_OF.get(parse.tag.case) if parse.tag.case else None


def _agrees(parse, case: str | None, gender: str | None, number: str | None) -> bool:
    """``parse`` (an adjective, participle, verb...) has this case, gender and number."""
    if case is not None and _case(parse) != case:
        return False
    if number is not None and parse.tag.number != number:
        return False
    if number == "sing" and gender is not None and parse.tag.gender not in (None, gender):
        return False
    return True


def form_in_context(forms: Sequence[Form], before: str, after: str = "") -> Form | None:
    """The reading of an ambiguous span that the preposition before it
    governs (:data:`PREPOSITION_CASES`), looking back past up to three
    adjectives, participles or pronouns ("на своей последней"); the
    accusative for the object of a transitive infinitive or imperative
    ("поддержать регион") or of a transitive verb of another number before
    it ("паводки затронули регион"), and for a span read as nominative whose number
    the transitive verb right ``after`` it does not share (a singular noun
    before a plural verb is its object, the subject comes later:
    "Нур-Султан посетили туристы"; not one coordinated with another, "X и
    Нур-Султан подписали"); else the most likely reading (the
    first). None for no ``forms``."""
    if not forms:
        return None
    coordinated = re.search(r"(?:\b(?:и|или|а также)|,)\s*$", before, re.IGNORECASE)
    if after and forms[0].case == "nom" and forms[0].number == "sg" and not coordinated:
        accusative = next((f for f in forms if f.case == "acc" and f.number == "sg"), None)
        following = _WORD.match(after.lstrip())
        if accusative is not None and following is not None:
            verb = _parses(following.group(0))[0]
            if verb.tag.POS == "VERB" and verb.tag.number == "plur" and "tran" in verb.tag and not any(
                    p.tag.POS == "VERB" and p.tag.number == "sing" for p in _parses(following.group(0))):
                return accusative
    words = _WORD.findall(before[-_WINDOW * 2:])
    breaks = list(_BREAK.finditer(before[-_WINDOW * 2:]))
    if breaks:
        words = _WORD.findall(before[-_WINDOW * 2:][breaks[-1].end():])
    for word in reversed(words[-4:]):
        key = word.casefold()
        if key in PREPOSITION_CASES:
            for case in PREPOSITION_CASES[key]:
                for form in forms:
                    if form.case == case:
                        return form
            break
        first = _parses(word)[0]
        number = {"sg": "sing", "pl": "plur"}.get(forms[0].number or "")
        if first.tag.POS in ("INFN", "VERB") and ("tran" in first.tag and (
                first.tag.POS == "INFN" or first.tag.mood == "impr"
                or (first.tag.mood == "indc" and first.tag.number and first.tag.number != number))):
            # the object of an infinitive, an imperative or a verb that
            # does not agree with it ("поддержать Атырауский регион",
            # "паводки затронули регион"): accusative where it reads as
            # nominative too
            if forms[0].case == "nom":
                accusative = next((f for f in forms if f.case == "acc" and f.number == forms[0].number), None)
                if accusative is not None:
                    return accusative
            break
        if not any(p.tag.POS in ("ADJF", "PRTF", "NPRO", "NUMR") or "Apro" in p.tag for p in _parses(word)):
            break
    return forms[0]


def fit_context(text: str, start: int, replacement: str) -> tuple[int, str]:
    """"о" becomes "об" before a vowel ("об акимах") and back ("о
    Мажилисе"); the returned start and replacement include the preposition."""
    offset = max(0, start - _WINDOW)
    found = _O_BEFORE.search(text[offset:start])
    if not found:
        return start, replacement
    word, space = found.group(1), found.group(2)
    fixed = (word[0] + "б") if replacement[:1].lower() in "аоуэиы" else word[0]
    if fixed == word:
        return start, replacement
    return offset + found.start(1), fixed + space + replacement


def _head_parse(word: str, form: Form | None = None):
    """The noun reading of ``word`` (in ``form`` when given), or None."""
    for parse in _parses(word):
        if parse.tag.POS != "NOUN":
            continue
        if form is not None and form.case and _case(parse) != form.case:
            continue
        return parse
    return None


def noun_grammar(phrase: str, form: Form | None = None) -> tuple[str | None, str | None]:
    """``(gender, number)`` of the head noun of ``phrase`` as OpenCorpora
    grammemes (``"femn"``, ``"sing"``): its first noun, read in ``form``
    where given; ``(None, None)`` when there is no noun."""
    for word in _WORD.findall(phrase):
        parse = _head_parse(word, form)
        if parse is not None:
            number = parse.tag.number
            return (parse.tag.gender if number == "sing" else None), number
    return None, None


def phrase_extent(text: str, start: int, end: int, *, left: int, right: int,
                  limit: int | None = None) -> tuple[int, int]:
    """The noun phrase around the head noun ``text[start:end]``: over
    agreeing adjectives and participles before it (not pronominal ones:
    "свой", "этот") and content words of genitive complements (or
    complements with "по", "о") after it, within the clause.

    Args:
        text (str): the text; ``start``, ``end``: the head word's offsets.
        left (int), right (int): how many words each side may take.
        limit (int | None): how many words in all (default ``left +
            right``). The right side is taken first up to ``right``, then the
            left, then the right again with what is left of ``limit``.

    Returns:
        tuple[int, int]: the phrase's offsets.

    >>> t = "Доклад Счетной палаты был направлен."
    >>> t[slice(*phrase_extent(t, 15, 21, left=2, right=2))]
    'Счетной палаты'
    >>> t = "Совета по безопасности России"
    >>> t[slice(*phrase_extent(t, 0, 6, left=0, right=1))]
    'Совета по безопасности'
    """
    limit = left + right if limit is None else limit
    head = _head_parse(text[start:end])
    case = _case(head) if head is not None else None
    number = head.tag.number if head is not None else None
    gender = head.tag.gender if head is not None else None
    tokens = _tokens(text)
    index = next((i for i, t in enumerate(tokens) if t.start == start), None)
    if index is None:
        return start, end
    state = {"first": start, "last": end, "left": index - 1, "right": index + 1}

    def take_right(count: int) -> int:
        taken = 0
        i = state["right"]
        while taken < count and i < len(tokens) and not _BREAK.search(text[state["last"]:tokens[i].start]):
            word = tokens[i].text.casefold()
            if word in _LINKING and i + 1 < len(tokens):
                if _parses(tokens[i + 1].text)[0].tag.POS in ("NOUN", "ADJF"):
                    i += 1
                    continue
            if len(word) < 2:
                break
            parse = _parses(tokens[i].text)[0]
            linked = tokens[i - 1].text.casefold() in _LINKING
            if parse.tag.POS in ("NOUN", "ADJF") and (linked or _case(parse) == "gen"):
                state["last"] = tokens[i].end
                taken += parse.tag.POS == "NOUN" or taken + 1 < count
                i += 1
                state["right"] = i
                continue
            break
        return taken

    def take_left(count: int) -> int:
        taken = 0
        i = state["left"]
        while taken < count and i >= 0 and not _BREAK.search(text[tokens[i].end:state["first"]]):
            parses = _parses(tokens[i].text)
            if any(p.tag.POS in _MODIFIER_POS and "Apro" not in p.tag and _agrees(p, case, gender, number)
                   for p in parses):
                state["first"] = tokens[i].start
                taken += 1
                i -= 1
                state["left"] = i
                continue
            break
        return taken

    used = take_right(min(right, limit))
    used += take_left(min(left, limit - used))
    take_right(limit - used)
    return state["first"], state["last"]


def complete_phrase(text: str, start: int, end: int, *, left: int = 0) -> tuple[int, int]:
    """``text[start:end]`` completed as a noun phrase: when its last word
    is an adjective or participle, the words after it up to the noun that
    agrees with it (case and number; at most three words, none across
    punctuation); with ``left`` words of the source still missing, up to
    ``left`` genitives coordinated with its last one ("и
    природопользования") and adjectives or participles right before it that
    agree with its first word.

    >>> t = "Министерство чрезвычайных происшествий направило"
    >>> t[slice(*complete_phrase(t, 0, 25))]
    'Министерство чрезвычайных происшествий'
    """
    tokens = _tokens(text)
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    if not inside:
        return start, end
    last = _parses(inside[-1].text)[0]
    if last.tag.POS in _MODIFIER_POS:
        following = [t for t in tokens if t.start >= end][:3]
        cursor = end
        for token in following:
            if _BREAK.search(text[cursor:token.start]) or "," in text[cursor:token.start]:
                break
            parse = _parses(token.text)[0]
            if parse.tag.POS == "NOUN" and parse.tag.case == last.tag.case and parse.tag.number == last.tag.number:
                end = token.end
                break
            if parse.tag.POS not in _MODIFIER_POS:
                break
            cursor = token.end
    # a genitive complement coordinated with the last one ("Министерство экологии" + "и
    # природопользования"), when words of the source are still missing
    budget = left
    while budget > 0:
        following = [t for t in tokens if t.start >= end][:4]
        if len(following) < 2 or following[0].text.casefold() != "и" or _BREAK.search(text[end:following[0].start]) \
                or "," in text[end:following[1].start]:
            break
        last_noun = _parses([t for t in tokens if t.end <= end][-1].text)[0]
        taken_to = None
        for token in following[1:]:
            parse = _parses(token.text)[0]
            if parse.tag.POS == "NOUN" and parse.tag.case == last_noun.tag.case == "gent":
                taken_to = token.end
                break
            if parse.tag.POS not in _MODIFIER_POS or parse.tag.case != "gent":
                break
        if taken_to is None:
            break
        end = taken_to
        budget -= 1
    first = _parses(inside[0].text)[0]
    before = [t for t in tokens if t.end <= start]
    for token in reversed(before[-left:] if left else []):
        if _BREAK.search(text[token.end:start]) or "," in text[token.end:start]:
            break
        if not any(p.tag.POS in _MODIFIER_POS and "Apro" not in p.tag and p.tag.case == first.tag.case
                   and p.tag.number == first.tag.number for p in _parses(token.text)[:2]):
            break
        start = token.start
    return start, end


def _inflect(word: str, parse, grammemes: set[str]) -> str | None:
    new = parse.inflect(grammemes)
    if new is None:
        return None
    out = new.word
    if word[:1].isupper():
        out = out[:1].upper() + out[1:]
    if "ё" not in word:
        out = out.replace("ё", "е")
    return out


def _retarget(word: str, old: tuple, new_gender: str | None, new_number: str, *,
              verb: bool = False) -> str | None:
    """``word`` agreeing with the old noun (``old``: case, gender, number),
    made to agree with the new one; None when it does not agree or cannot change."""
    case, gender, number = old
    # A predicate is read in its likeliest sense only: "паводков" (floods')
    # is not the short adjective "паводков".
    for parse in (_parses(word)[:1] if verb else _parses(word)):
        pos = parse.tag.POS
        if verb:
            if pos == "VERB" and parse.tag.tense == "past" or pos in ("ADJS", "PRTS"):
                if not _agrees(parse, None, gender, number):
                    continue
            else:
                continue
            grammemes = {new_number} | ({new_gender} if new_number == "sing" and new_gender else set())
        else:
            if pos not in ("ADJF", "PRTF") or not _agrees(parse, case, gender, number):
                continue
            grammemes = {new_number, _CASES.get(case, "nomn")} | (
                {new_gender} if new_number == "sing" and new_gender else set())
            if case == "acc" and parse.tag.animacy:
                grammemes.add(parse.tag.animacy)
        out = _inflect(word, parse, grammemes)
        if out is not None and out != word:
            return out
        return None
    return None


def agreement_edits(text: str, start: int, end: int, old: tuple[str | None, str | None, str | None],
                    new: tuple[str | None, str | None]) -> list[tuple[int, int, str]]:
    """The words around ``text[start:end]`` (a noun phrase being replaced)
    that agree with the old noun and must take the new noun's gender and
    number: attributes right before it, a participle clause right after it
    (", принимавший форум,"), and, when it is the subject (nominative), its
    predicate: the first past-tense verb, short adjective or participle
    ("был", "принял", "оборудован") of the clause.

    Args:
        text (str): the text; ``start``, ``end``: the phrase's offsets.
        old (tuple): ``(case, gender, number)`` of the old noun: case as in
            :data:`toolkit.morphology.base.CASES`, gender and number as
            OpenCorpora grammemes (``"masc"``, ``"sing"``).
        new (tuple): ``(gender, number)`` of the new noun.

    Returns:
        list[tuple[int, int, str]]: ``(start, end, replacement)`` per word,
        in text order; empty when gender and number are the same.

    >>> t = "Новая палата собралась."
    >>> agreement_edits(t, 6, 12, ("nom", "femn", "sing"), ("masc", "sing"))
    [(0, 5, 'Новый'), (13, 22, 'собрался')]
    """
    case, old_gender, old_number = old
    new_gender, new_number = new
    if old_number is None or new_number is None:
        return []
    if (old_gender if old_number == "sing" else None) == (new_gender if new_number == "sing" else None) \
            and old_number == new_number:
        return []
    edits: list[tuple[int, int, str]] = []
    tokens = _tokens(text)
    before = [t for t in tokens if t.end <= start]
    after = [t for t in tokens if t.start >= end]
    # attributes: up to three words right before, none across punctuation
    cursor = start
    for token in reversed(before[-3:]):
        if _BREAK.search(text[token.end:cursor]) or "," in text[token.end:cursor]:
            break
        new_word = _retarget(token.text, old, new_gender, new_number)
        if new_word is None:
            break
        edits.append((token.start, token.end, new_word))
        cursor = token.start
    # a participle clause right after: ", принимавший форум,"
    rest = text[end:]
    position = 0
    clause = re.match(r"\s*,\s*", rest)
    if clause and after:
        first = after[0]
        new_word = _retarget(first.text, old, new_gender, new_number)
        if new_word is not None:
            edits.append((first.start, first.end, new_word))
            closing = text.find(",", first.end)
            sentence_end = _BREAK.search(text, first.end)
            if closing >= 0 and (sentence_end is None or closing < sentence_end.start()):
                position = closing + 1 - end
            else:
                position = len(rest)
            if first.text.casefold() == "который":
                # the relative pronoun is the subject of its clause: its verb follows it too
                # (", который ушел в отставку," -> ", которое ушло в отставку,")
                edits += _clause_predicate(text, after[1:], end + position, old, new_gender, new_number)
        else:
            position = len(rest)  # another clause: no predicate search across it
    # the predicate of a subject: right before it ("состоялись слушания")
    # when nothing agreeing came before, else after it
    if case == "nom" and before and not edits and not _BREAK.search(text[before[-1].end:start]):
        previous = before[-1]
        new_word = _retarget(previous.text, old, new_gender, new_number, verb=True)
        if new_word is not None:
            edits.append((previous.start, previous.end, new_word))
            return sorted(edits)
    if case == "nom" and position < len(rest):
        limit = _BREAK.search(text, end + position)
        stop = limit.start() if limit else len(text)
        count = 0
        for token in (t for t in after if t.start >= end + position and t.end <= stop):
            count += 1
            if count > 8:
                break
            new_word = _retarget(token.text, old, new_gender, new_number, verb=True)
            if new_word is None:
                if any(p.tag.POS == "NOUN" and _case(p) == "nom" and "Fixd" not in p.tag
                       for p in _parses(token.text)[:1]):
                    break  # another subject
                continue
            edits.append((token.start, token.end, new_word))
            nxt = next((t for t in after if t.start > token.end), None)
            if nxt is not None and not _BREAK.search(text[token.end:nxt.start]):
                # a link verb and its short participle or adjective: "была
                # оборудована", "оказалась засыпана"
                follow = _retarget(nxt.text, old, new_gender, new_number, verb=True)
                if follow is not None and any(p.tag.POS in ("PRTS", "ADJS") for p in _parses(nxt.text)[:1]):
                    edits.append((nxt.start, nxt.end, follow))
            # reported speech without a subject of its own: "сообщила, что
            # возбудила дело" — the same subject did both
            said = re.match(r"\s*,\s*что\s+", text[token.end:])
            if said:
                begin = token.end + said.end()
                clause_end = re.search(r"[,;:.!?]", text[begin:])
                stop_at = begin + clause_end.start() if clause_end else len(text)
                clause = [t for t in after if t.start >= begin]
                pronoun = _pronoun_for(clause[0].text, old, new_gender, new_number) if clause else None
                if pronoun is not None:
                    # "сообщила, что она отремонтировала": the pronoun is the
                    # replaced subject; it and its verb take the new gender
                    edits.append((clause[0].start, clause[0].end, pronoun))
                    clause = clause[1:]
                edits += _clause_predicate(text, clause, stop_at, old, new_gender, new_number)
            break
    return sorted(edits)


_PERSONAL_PRONOUNS = {("masc", "sing"): "он", ("femn", "sing"): "она", ("neut", "sing"): "оно",
                      (None, "plur"): "они"}


def _pronoun_for(word: str, old: tuple, new_gender: str | None, new_number: str) -> str | None:
    """The third-person pronoun (nominative) that stands for the new noun,
    when ``word`` is the one that stood for the old (``old``: case, gender,
    number); None otherwise or when nothing changes."""
    _case_, gender, number = old
    was = _PERSONAL_PRONOUNS.get((gender if number == "sing" else None, number or "sing"))
    now = _PERSONAL_PRONOUNS.get((new_gender if new_number == "sing" else None, new_number))
    if was is None or now is None or word.casefold() != was or now == was:
        return None
    return now[:1].upper() + now[1:] if word[:1].isupper() else now


def _clause_predicate(text: str, tokens: list[_Token], stop: int, old: tuple, new_gender: str | None,
                      new_number: str) -> list[tuple[int, int, str]]:
    """The first past-tense verb (or short participle/adjective) among the
    first four words of a clause whose subject is the replaced noun (a
    relative pronoun, or none at all), before ``stop``; none when another
    subject comes first."""
    for count, token in enumerate(t for t in tokens if t.end <= stop):
        if count >= 4:
            break
        new_word = _retarget(token.text, old, new_gender, new_number, verb=True)
        if new_word is not None:
            return [(token.start, token.end, new_word)]
        if any(p.tag.POS in ("NOUN", "NPRO") and _case(p) == "nom" for p in _parses(token.text)[:1]):
            break
    return []

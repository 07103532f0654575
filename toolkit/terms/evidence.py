"""Evidence for and against reading a glossary term as the glossary's concept.

A term found in a text is not always the concept: "Iran's Majlis" is not
the Mazhilis, "the airline's security council" is not the Security Council,
a Russian "губернатор Техаса" is no akim. Enforcement edits only what the
source names as the concept (:mod:`toolkit.terms.analysis`); this module
tells when a match names something else:

* **another country or body next to it** — a state named in the term's
  noun phrase ("Uzbekistan's deputy minister", "the Mejlis of Turkmenistan",
  "the US Vice President"; in the target "Совет безопасности России"). The
  names are CLDR's territory names in the text's language (babel), minus
  Kazakhstan, plus the language's own list of short names, nationality
  adjectives and international bodies
  (:attr:`toolkit.morphology.Morphology.foreign_names`);
* **a common noun where the term is a proper name** — a capitalised term
  (Security Council) matched all in lower case in a text that uses capitals.
"""

from __future__ import annotations

import functools
import os
import re

from ..langtags import primary_language

__all__ = ["foreign_context", "generic_use", "is_title", "event_periods", "dated_within", "in_personal_name",
           "HOME_TERRITORY"]

#: The country whose institutions the glossary names (ISO 3166-1 alpha-2).
HOME_TERRITORY = "KZ"

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Words that may stand between a foreign name and the term it qualifies:
# articles and the possessive.
_JOINERS = frozenset({"the", "a", "an"})
_CLAUSE_END = re.compile(r"[.;:!?…,«»\"“”()]")


@functools.lru_cache(maxsize=16)
def _names(lang: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """(exact lowercase names, stems by their first four letters) of foreign
    states and bodies in ``lang``; every stem has four letters or more.
    CLDR's territory names are kept in the cache (:mod:`toolkit.cache`):
    babel takes 0.1 s to load a locale's data, on every run that checks
    a text."""
    from ..morphology import get_morphology

    names: set[str] = set()
    territories = _territories(primary_language(lang))
    for code, name in territories.items():
        if len(code) == 2 and code.isalpha() and code != HOME_TERRITORY:
            names.add(name.casefold())
    extra = get_morphology(lang).foreign_names
    names |= {name.casefold() for name in extra}
    # Stems: a name inflects in Russian and Kazakh ("Ирана", "России"): its
    # first letters up to the last vowel-less stem match; adjective stems as given.
    stems = set()
    for name in names:
        if " " in name or len(name) < 4:
            continue
        stem = re.sub(r"[аяоеиыьйуюё]+$", "", name) if not name.endswith(("ск", "цк")) else name
        if len(stem) >= 4:
            stems.add(stem)
    by_start: dict[str, list[str]] = {}
    for stem in sorted(stems, key=len, reverse=True):
        by_start.setdefault(stem[:4], []).append(stem)
    return frozenset(names), {start: tuple(group) for start, group in by_start.items()}


def _territories(lang: str) -> dict[str, str]:
    """CLDR's territory names in ``lang`` (babel's ``Locale.territories``),
    from the cache when babel's installation has not changed; empty for a
    language CLDR does not know."""
    import importlib.util

    from .. import cache

    spec = importlib.util.find_spec("babel")
    try:
        stamp = str(os.stat(spec.origin).st_mtime_ns) if spec and spec.origin else ""
    except OSError:
        stamp = ""
    key = cache.cache_key("territories", lang, stamp)
    found = cache.load("names", key) if stamp else None
    if isinstance(found, dict):
        return found
    from babel import Locale, UnknownLocaleError

    try:
        territories = dict(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        territories = {}
    if stamp:
        cache.store("names", key, territories)
    return territories


def _is_foreign(words: list[str], lang: str, *, whole: bool = False) -> str | None:
    """The foreign name formed by the end of ``words`` (one to three words),
    or by all of ``words`` when ``whole``; None when there is none.
    Remembered: only the last three words (all of them when ``whole``)
    decide."""
    return _foreign(tuple(words) if whole else tuple(words[-3:]), lang, whole)


@functools.lru_cache(maxsize=65536)
def _foreign(words: tuple[str, ...], lang: str, whole: bool) -> str | None:
    names, stems = _names(lang)
    for size in ((len(words),) if whole else (3, 2, 1)):
        if len(words) < size or not size:
            continue
        phrase = " ".join(words[-size:]).casefold().rstrip(".")
        phrase = re.sub(r"['’]s$", "", phrase)
        if phrase in names:
            return " ".join(words[-size:])
    if whole and len(words) != 1:
        return None
    word = words[-1].casefold() if words else ""
    word = re.sub(r"['’]s$", "", word)
    if len(word) >= 4 and any(word.startswith(stem) and len(word) - len(stem) <= 4
                              for stem in stems.get(word[:4], ())):
        return words[-1]
    return None


def foreign_context(text: str, start: int, end: int, lang: str) -> str | None:
    """The foreign state or body that ``text[start:end]`` belongs to, if the
    text names one next to it; else None.

    Looked at, within the clause (no punctuation crossed): the words right
    before the term (behind an article: "Iran's Majlis", "the US Vice
    President", "the Council of Europe Commissioner", "Иран Мәжілісі"), and,
    in a language whose possessor follows the noun (not a head-final one
    such as Kazakh), the word right after it, behind "of" and an article
    ("the Mejlis of Turkmenistan", "Меджлис Ирана", "Совет безопасности
    России").

    Args:
        text (str): the text; ``start``, ``end``: the term's offsets.
        lang (str): the text's language tag.

    Returns:
        str | None: the foreign name as written.

    >>> foreign_context("Iran's Majlis approved it.", 7, 13, "en")
    "Iran's"
    >>> foreign_context("Делегация Меджлиса Туркменистана прибыла.", 10, 18, "ru")
    'Туркменистана'
    >>> foreign_context("The Mazhilis met the Iranian envoy.", 4, 12, "en") is None
    True
    """
    from ..morphology import get_morphology

    before = text[max(0, start - 80):start]
    cut = list(_CLAUSE_END.finditer(before))
    if cut:
        before = before[cut[-1].end():]
    words = _WORD.findall(before)
    while words and words[-1].casefold() in _JOINERS:
        words.pop()
    found = _is_foreign(words, lang)
    if found or get_morphology(lang).suffixing:
        return found
    after = text[end:end + 80]
    cut = _CLAUSE_END.search(after)
    if cut:
        after = after[:cut.start()]
    words = _WORD.findall(after)
    while words and words[0].casefold() in _JOINERS | {"of"}:
        words.pop(0)
    for count in (3, 2, 1):
        if len(words) >= count:
            found = _is_foreign(words[:count], lang, whole=True)
            if found:
                return found
    return None


def generic_use(surface: str, term: str, text: str, start: int | None = None, end: int | None = None) -> bool:
    """True when a capitalised term (a proper name: "Security Council") is
    written all in lower case ("the airline's security council") in a text
    that otherwise uses capitals: the common noun, not the name.

    Except a person's title in news style: English newsrooms write titles
    in lower case when no name follows (AP and Reuters style: "the head of
    state", "the prime minister said"). A lower-case title right after
    "the", with no "of ..." after it ("the president of the company") and
    no possessive or adjective before it, names the office (``start``,
    ``end``: the term's offsets in ``text``; without them the exception is
    not tried). Only titles of persons: :func:`is_title`.
    """
    if not any(c.isupper() for c in term) or any(c.isupper() for c in surface):
        return False
    if not any(c.isupper() for c in text):
        return False
    if start is not None and end is not None and is_title(term):
        before = text[max(0, start - 12):start]
        after = text[end:end + 4]
        if re.search(r"(?:^|[^\w'’])the\s+$", before, re.IGNORECASE) and not re.match(r"\s+of\b", after):
            return False
    return True


#: Head words of English titles of persons (the last word, or the word before "of").
_TITLE_HEADS = frozenset({
    "president", "head", "chairman", "chairwoman", "chairperson", "chair", "speaker", "minister",
    "secretary", "prosecutor", "ombudsman", "commissioner", "akim", "governor", "mayor", "counsellor",
    "counselor", "adviser", "advisor", "premier", "chancellor", "director", "chief", "spokesman",
    "spokeswoman", "spokesperson", "ambassador", "judge", "justice", "general",
})


def is_title(term: str) -> bool:
    """True when an English term is a person's title ("Head of State",
    "Prime Minister", "Prosecutor General", "Deputy Prime Minister"): its
    head word (before "of", else the last) is a title word."""
    words = term.casefold().split()
    if "of" in words[1:]:
        words = words[:words.index("of", 1)]
    return bool(words) and words[-1] in _TITLE_HEADS


_MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
#: Dates that say when something happened: "on 12 October 2026", "on October 12, 2026", "in May 2025",
#: "in 2025", "in early 2024" (not "for 2027", "by 2030", "the 2027 budget": years of other things;
#: not "from 1 July 2026": a change, whose sentence names both sides of it).
_EVENT_DATE = re.compile(
    r"\b(?:on\s+(?P<d1>\d{1,2})\s+" + _MONTH.replace("(", "(?P<m1>", 1) + r"\s+(?P<y1>(?:19|20)\d{2})"
    r"|on\s+" + _MONTH.replace("(", "(?P<m2>", 1) + r"\s+(?P<d2>\d{1,2}),?\s+(?P<y2>(?:19|20)\d{2})"
    r"|in\s+(?:(?:early|mid|late)[- ])?" + _MONTH.replace("(", "(?P<m4>", 1) + r"\s+(?P<y4>(?:19|20)\d{2})"
    r"|in\s+(?:(?:early|mid|late)[- ])?(?P<y5>(?:19|20)\d{2})\b(?![-–]))", re.IGNORECASE)


_ORDINALS = {word: n for n, word in enumerate(
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
     "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split(), 1)}
_ORDINALS.update({"twenty-first": 21, "twenty first": 21})
_ROMAN = {"I": 1, "V": 5, "X": 10}
#: Centuries an English sentence dates its events by: "in the 14th century",
#: "of the fourteenth century", "the XIV century", "a 14th-century palace".
_CENTURY = re.compile(
    r"\b(?:(?P<num>\d{1,2})(?:st|nd|rd|th)|(?P<word>" + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r")|(?P<roman>[IVX]{1,5}))"
    r"[- ]century\b", re.IGNORECASE)


def _century(found) -> int | None:
    if found.group("num"):
        return int(found.group("num"))
    if found.group("word"):
        return _ORDINALS[found.group("word").casefold()]
    roman = found.group("roman")
    if roman != roman.upper():
        return None
    values = [_ROMAN[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


@functools.lru_cache(maxsize=16)
def event_periods(text: str) -> tuple:
    """When the events of an English sentence happened, from the dates it
    gives for them ("on 12 October 2026", "in May 2025", "in 2025", "the
    14th century"), as a tuple of :class:`~toolkit.termbase.period.Period`
    values of a day, a month, a year or a century. Years of other things ("the 2027 budget", "by 2030",
    "for 2027") and ranges ("in 2024-2025") are not read. The last few
    texts' answers are remembered: every term of a segment asks.

    >>> [str(p) for p in event_periods("On 12 October 2026 the Kurultai met; in May 2025 it did not.")]
    ['2026-10-12/2026-10-13', '2025-05/2025-05']
    """
    from ..termbase.period import Period

    out = []
    for found in _EVENT_DATE.finditer(text):
        groups = found.groupdict()
        year = next(groups[k] for k in ("y1", "y2", "y4", "y5") if groups[k])
        month = next((groups[k] for k in ("m1", "m2", "m4") if groups[k]), None)
        day = next((groups[k] for k in ("d1", "d2") if groups[k]), None)
        value = year
        if month:
            value += f"-{_MONTHS[month.casefold()]:02d}"
            if day and 1 <= int(day) <= 31:
                value += f"-{int(day):02d}"
        try:
            out.append(Period.parse(f"{value}/{value}") if not day else _day(value))
        except Exception:  # noqa: BLE001 - an impossible date ("31 February") is no evidence
            continue
    for found in _CENTURY.finditer(text):
        century = _century(found)
        if century is not None and 1 <= century <= 21:
            out.append(Period.parse(f"{(century - 1) * 100 + 1:04d}/{century * 100:04d}"))
    return tuple(out)


def in_personal_name(text: str, start: int, end: int, term: str, morphology) -> bool:
    """True when ``text[start:end]``, found as a form of the lower-case
    term ``term`` ("акимов" of "аким"), is a surname: written with a
    capital, shaped as the language's surnames are
    (:meth:`~toolkit.morphology.base.Morphology.looks_like_surname`), and
    inside the sentence, or at its start before another capitalised word
    ("Нурлан Акимов", "Акимов Нурлан сказал"), not the common noun.

    >>> from toolkit.morphology import get_morphology
    >>> ru = get_morphology("ru")
    >>> in_personal_name("Нурлан Акимов, аким Тараза, выступил.", 7, 13, "аким", ru)
    True
    >>> in_personal_name("Акимов областей собрали в Астане.", 0, 6, "аким", ru)
    False
    """
    surface = text[start:end]
    if not term[:1].islower() or not surface[:1].isupper() or surface.isupper():
        return False
    if not morphology.looks_like_surname(surface):
        return False
    before = text[:start].rstrip()
    if before and before[-1] not in ".!?:;«“\"(—–\n":
        return True
    following = re.match(r"\s+([^\W\d_][\w'’-]*)", text[end:end + 40])
    return following is not None and following.group(1)[:1].isupper() and not following.group(1).isupper()


def dated_within(period, dates) -> bool:
    """True when one of ``dates`` (from :func:`event_periods`) overlaps the
    :class:`~toolkit.termbase.period.Period` ``period`` or touches it: an
    event on the day a body ended or began ("replaced by the Kurultai on
    1 July 2026") belongs to both sides of the change."""
    for date in dates:
        if period.overlaps(date):
            return True
        if (period.end is not None and date.start == period.end) or (
                period.start is not None and date.end == period.start):
            return True
    return False


def _day(value: str):
    """A one-day :class:`~toolkit.termbase.period.Period` (its end is the next day)."""
    from datetime import date, timedelta

    from ..termbase.period import Period

    start = date.fromisoformat(value)
    end = start + timedelta(days=1)
    return Period.parse(f"{start.isoformat()}/{end.isoformat()}")

"""The termbase data model: a glossary is a set of concepts, each with terms
per language (concept orientation as in TBX, ISO 30042:2019).

A :class:`Term` carries its status in the sense of TBX ``administrativeStatus``:

* ``preferred`` — the term to use;
* ``admitted`` — acceptable, but not the first choice;
* ``deprecated`` — should not be used; Atau replaces it with the preferred term;
* ``forbidden`` — must never be used (a known wrong rendering); replaced too.

Concepts and terms are frozen dataclasses; :class:`Glossary` is the mutable
collection that commands edit and that :mod:`toolkit.termbase.tbx` and
:mod:`toolkit.termbase.tabular` read and write.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal

from ..errors import GlossaryError, InputError
from ..langtags import normalize_tag, tag_matches
from .period import Period

if TYPE_CHECKING:
    from .merge import MergeReport

__all__ = [
    "STATUSES",
    "APPROVED",
    "Term",
    "Concept",
    "Glossary",
    "SearchHit",
    "slugify",
    "fold",
    "check_text",
    "MAX_ID_LENGTH",
    "GRAMMAR_VALUES",
    "grammar_value",
    "clean_term_text",
]

Status = Literal["preferred", "admitted", "deprecated", "forbidden"]
#: Term statuses from best to worst.
STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated", "forbidden")
#: Statuses whose terms may be used in a translation.
APPROVED: frozenset[str] = frozenset({"preferred", "admitted"})

#: The values of a term's grammar fields, by :class:`Term` attribute: the
#: TBX-Basic picklists of ``partOfSpeech``, ``grammaticalGender`` and
#: ``grammaticalNumber``.
GRAMMAR_VALUES: dict[str, tuple[str, ...]] = {
    "pos": ("noun", "properNoun", "adjective", "verb", "adverb", "other"),
    "gender": ("masculine", "feminine", "neuter", "other"),
    "number": ("singular", "plural", "dual", "mass", "other"),
}
_GRAMMAR_NAMES = {"pos": "part of speech", "gender": "gender", "number": "number"}

_ID_RE = re.compile(r"[A-Za-z_][\w.\-]*")
#: Longest concept id accepted (ids are names, not data).
MAX_ID_LENGTH = 200
# Characters no glossary text may hold: C0/C1 controls other than tab, line
# feed and carriage return, lone surrogates (not encodable as UTF-8) and the
# noncharacters U+FFFE/U+FFFF. XML 1.0 cannot represent any of them, so a
# TBX file holding them would be broken.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def check_text(value: Any, what: str, *, optional: bool = False) -> None:
    """Check that ``value`` can be glossary text: a ``str`` (or None when
    ``optional``) without control characters (tab and line breaks aside),
    lone surrogates or U+FFFE/U+FFFF.

    Raises:
        GlossaryError: naming ``what`` and the offending character.

    >>> check_text("Мәжіліс", "term")
    >>> check_text("a\\x01b", "term")
    Traceback (most recent call last):
    ...
    toolkit.errors.GlossaryError: term 'a\\x01b' contains the control character U+0001
    """
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise GlossaryError(f"{what} must be text, not {type(value).__name__} {value!r}")
    bad = _BAD_CHARS.search(value)
    if bad:
        kind = ("a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else
                "the noncharacter" if bad.group() in "\ufffe\uffff" else "the control character")
        shown = value if len(value) <= 60 else value[:60] + "..."
        raise GlossaryError(f"{what} {shown!r} contains {kind} U+{ord(bad.group()):04X}")


def grammar_value(name: str, value: str | None) -> str | None:
    """A grammar value given by a user, checked against :data:`GRAMMAR_VALUES`
    and spelled as TBX-Basic has it (``propernoun`` gives ``properNoun``).

    Args:
        name (str): ``"pos"``, ``"gender"`` or ``"number"``.
        value (str | None): the value; None or blank gives None (no value).

    Raises:
        GlossaryError: a value not in the list; the message lists the allowed ones.

    >>> grammar_value("gender", " Masculine ")
    'masculine'
    >>> grammar_value("number", "many")
    Traceback (most recent call last):
    ...
    toolkit.errors.GlossaryError: unknown number 'many'; use one of singular, plural, dual, mass, other
    """
    if value is None or not value.strip():
        return None
    allowed = GRAMMAR_VALUES[name]
    for candidate in allowed:
        if candidate.casefold() == value.strip().casefold():
            return candidate
    raise GlossaryError(f"unknown {_GRAMMAR_NAMES[name]} {_shorten(value)!r}; use one of {', '.join(allowed)}")


def clean_term_text(text: str) -> str:
    """A term as a user typed it, made fit for the glossary: surrounding
    whitespace stripped, every inner run of whitespace (doubled spaces, tabs,
    line breaks, no-break spaces) made one space, as ``atau glossary
    validate`` requires.

    Raises:
        GlossaryError: the text has no letter or digit (such a term would
            match everywhere), an invisible character, or a word in two
            scripts (a Latin "a" in "Сенaт": :mod:`toolkit.script`).

    >>> clean_term_text(" тенге ")
    'тенге'
    """
    cleaned = " ".join(text.split())
    if not any(char.isalnum() for char in cleaned):
        raise GlossaryError(f"term {_shorten(text)!r} has no letters or digits")
    from ..script import invisible, mixed_script_letters, script_of

    hidden = sorted({f"U+{ord(c):04X}" for c in cleaned if invisible(c)})
    if hidden:
        raise GlossaryError(f"term {_shorten(text)!r} has invisible character(s) {', '.join(hidden)}")
    for word in re.findall(r"\w+", cleaned):
        mixed = mixed_script_letters(word)
        if mixed:
            raise GlossaryError(f"term {_shorten(text)!r} mixes scripts in {word!r}: "
                                + ", ".join(f"{c!r} ({script_of(c)})" for c in mixed))
    return cleaned


def _shorten(value: Any, limit: int = 60) -> Any:
    return value[:limit] + "..." if isinstance(value, str) and len(value) > limit else value


def fold(text: str) -> str:
    """Normalise a term for comparison: NFC, case-folded, inner whitespace
    collapsed to one space, ``ё`` as ``е``. ``fold("  Глава  государства")``
    gives ``"глава государства"``."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return " ".join(text.split())


@dataclass(frozen=True)
class Term:
    """A designation of a concept in one language.

    Attributes:
        text (str): the term as written, e.g. ``"Мажилис"``, in Unicode
            normalisation form C (a decomposed ``й`` is stored composed).
        lang (str): BCP 47 language tag (``en``, ``ru``, ``kk``, ``kk-Latn``).
        status (str): one of :data:`STATUSES`.
        pos (str | None): part of speech, TBX values (``noun``,
            ``properNoun``, ``adjective``, ``verb``, ``adverb``, ``other``).
        gender (str | None): ``masculine``, ``feminine``, ``neuter``, ``other``.
        number (str | None): ``singular``, ``plural``, ``dual``, ``mass``, ``other``.

    Grammar values are not checked here (a TBX file from another tool may
    hold others: ``atau glossary validate`` reports them); the commands
    check what users type with :func:`grammar_value`.
        case_sensitive (bool): match only with this exact capitalisation.
        note (str | None): free text for translators.
        source (str | None): where the spelling comes from (an official site).
        period (Period | None): when the term was in use (a dated name:
            Tselinograd 1961/1992); given as a :class:`Period` or its ISO 8601
            text. None: not dated.
    """

    text: str
    lang: str
    status: Status = "preferred"
    pos: str | None = None
    gender: str | None = None
    number: str | None = None
    case_sensitive: bool = False
    note: str | None = None
    source: str | None = None
    period: Period | None = None

    def __post_init__(self) -> None:
        check_text(self.text, "term")
        if self.period is not None and not isinstance(self.period, Period):
            try:
                object.__setattr__(self, "period", Period.parse(self.period))
            except GlossaryError as exc:
                raise GlossaryError(f"term {self.text!r}: {exc.message}") from exc
        if not unicodedata.is_normalized("NFC", self.text):  # "й" typed as "и" + U+0306
            object.__setattr__(self, "text", unicodedata.normalize("NFC", self.text))
        if not isinstance(self.status, str) or self.status not in STATUSES:
            raise GlossaryError(
                f"unknown term status {self.status!r} for {self.text!r}; "
                f"expected one of {', '.join(STATUSES)}")
        if not isinstance(self.lang, str):
            raise GlossaryError(f"language of term {self.text!r} must be a language tag, "
                                f"not {type(self.lang).__name__} {self.lang!r}")
        try:
            object.__setattr__(self, "lang", normalize_tag(self.lang))
        except InputError as exc:
            raise GlossaryError(f"term {self.text!r}: {exc.message}") from exc
        for name in ("pos", "gender", "number", "note", "source"):
            check_text(getattr(self, name), f"{name} of term {self.text!r}", optional=True)
        if not isinstance(self.case_sensitive, bool):
            raise GlossaryError(f"case_sensitive of term {self.text!r} must be true or false, "
                                f"not {self.case_sensitive!r}")

    @property
    def approved(self) -> bool:
        """True for preferred and admitted terms."""
        return self.status in APPROVED

    @functools.cached_property
    def key(self) -> tuple[str, str]:
        """``(lang, folded text)``: two terms with the same key are the same term."""
        return (self.lang, fold(self.text))

    def to_dict(self) -> dict[str, Any]:
        """The term as a JSON-ready dict; fields that are None or default are left out."""
        out: dict[str, Any] = {"lang": self.lang, "text": self.text, "status": self.status}
        for name in ("pos", "gender", "number", "note", "source"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.case_sensitive:
            out["case_sensitive"] = True
        if self.period is not None:
            out["period"] = str(self.period)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Term":
        """Build a term from :meth:`to_dict` output (unknown keys are an error).

        Raises:
            GlossaryError: missing ``text``/``lang``, unknown keys or status.
        """
        if not isinstance(data, dict):
            raise GlossaryError(f"a term must be an object with 'text' and 'lang', not {data!r}")
        allowed = {f.name for f in fields(cls)}
        unknown = set(data) - allowed
        if unknown:
            raise GlossaryError(f"unknown term field(s): {', '.join(sorted(map(str, unknown)))}")
        if not data.get("text") or not data.get("lang"):
            raise GlossaryError(f"a term needs 'text' and 'lang': {data!r}")
        return cls(**{k: v for k, v in data.items() if v is not None})


@dataclass(frozen=True)
class Concept:
    """A concept: one thing (an institution, an office, a person), named in
    several languages.

    Attributes:
        id (str): stable identifier, an XML name such as ``"mazhilis"``.
        terms (tuple[Term, ...]): all terms, in file order.
        subject (str | None): subject field, e.g. ``"parliament"``.
        definition (str | None): what the concept is.
        note (str | None): free text.
        period (Period | None): when the concept existed (an institution of
            a past order: the Senate ../2026-07-01); a :class:`Period` or its
            ISO 8601 text. None: not dated.
    """

    id: str
    terms: tuple[Term, ...] = ()
    subject: str | None = None
    definition: str | None = None
    note: str | None = None
    period: Period | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_RE.fullmatch(self.id):
            raise GlossaryError(
                f"invalid concept id {_shorten(self.id)!r}: use letters, digits, '-', '_' or '.', "
                "starting with a letter")
        if len(self.id) > MAX_ID_LENGTH:
            raise GlossaryError(f"concept id {_shorten(self.id)!r} is {len(self.id)} characters long "
                                f"(at most {MAX_ID_LENGTH})")
        if isinstance(self.terms, (str, bytes)) or not isinstance(self.terms, Iterable):
            raise GlossaryError(f"concept {self.id!r}: terms must be a list, not {self.terms!r}")
        object.__setattr__(self, "terms", tuple(self.terms))
        for term in self.terms:
            if not isinstance(term, Term):
                raise GlossaryError(f"concept {self.id!r}: not a term: {term!r}")
        for name in ("subject", "definition", "note"):
            check_text(getattr(self, name), f"{name} of concept {self.id!r}", optional=True)
        if self.period is not None and not isinstance(self.period, Period):
            try:
                object.__setattr__(self, "period", Period.parse(self.period))
            except GlossaryError as exc:
                raise GlossaryError(f"concept {self.id!r}: {exc.message}") from exc

    @property
    def languages(self) -> tuple[str, ...]:
        """Language tags of the terms, in first-seen order."""
        return tuple(dict.fromkeys(term.lang for term in self.terms))

    def terms_in(self, lang: str, statuses: Iterable[str] | None = None) -> tuple[Term, ...]:
        """Terms serving language ``lang`` (see :func:`toolkit.langtags.tag_matches`),
        optionally only those with a status in ``statuses``, best status first."""
        wanted = set(statuses) if statuses is not None else None
        found = [t for t in self.terms if tag_matches(t.lang, lang)
                 and (wanted is None or t.status in wanted)]
        return tuple(sorted(found, key=lambda t: STATUSES.index(t.status)))

    def preferred(self, lang: str) -> Term | None:
        """The preferred term in ``lang``, else the first admitted one, else None."""
        for term in self.terms_in(lang, APPROVED):
            return term
        return None

    def with_terms(self, terms: Iterable[Term]) -> "Concept":
        """A copy with ``terms`` in place of the current terms."""
        return replace(self, terms=tuple(terms))

    def to_dict(self) -> dict[str, Any]:
        """The concept as a JSON-ready dict (the ``atau glossary export --format json`` shape)."""
        out: dict[str, Any] = {"id": self.id}
        for name in ("subject", "definition", "note"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.period is not None:
            out["period"] = str(self.period)
        out["terms"] = [term.to_dict() for term in self.terms]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Concept":
        """Inverse of :meth:`to_dict`.

        Raises:
            GlossaryError: missing id, unknown keys, bad terms.
        """
        if not isinstance(data, dict):
            raise GlossaryError(f"a concept must be an object with 'id' and 'terms', not {data!r}")
        allowed = {"id", "subject", "definition", "note", "period", "terms"}
        unknown = set(data) - allowed
        if unknown:
            raise GlossaryError(f"unknown concept field(s): {', '.join(sorted(map(str, unknown)))}")
        if "id" not in data:
            raise GlossaryError(f"a concept needs an 'id': {data!r}")
        if not isinstance(data.get("terms") or [], list):
            raise GlossaryError(f"concept {data['id']!r}: 'terms' must be a list")
        terms = tuple(Term.from_dict(t) for t in data.get("terms") or ())
        return cls(id=data["id"], terms=terms, subject=data.get("subject"),
                   definition=data.get("definition"), note=data.get("note"), period=data.get("period"))


@dataclass(frozen=True)
class SearchHit:
    """One search result: a term of a concept and how well it matched (0-100)."""

    concept: Concept
    term: Term
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.concept.id, "lang": self.term.lang, "text": self.term.text,
                "status": self.term.status, "score": round(self.score, 1)}


_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia",
     "a", "g", "q", "n", "o", "u", "u", "h", "i"],
))


def slugify(text: str) -> str:
    """A concept id made from a term: ASCII, lowercase, words joined by ``-``.
    Cyrillic is romanised letter by letter. ``slugify("Head of State")`` gives
    ``"head-of-state"``; ``slugify("Мәжіліс")`` gives ``"mazhilis"``."""
    out = []
    for char in unicodedata.normalize("NFC", text).lower():
        if char in _TRANSLIT:
            out.append(_TRANSLIT[char])
        else:
            out.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(out)).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "c-" + slug if slug else "concept"
    return slug


# The fingerprints of the last glossaries loaded from the cache, with their
# concepts: a glossary made of the very same concept objects in the same
# order (the store copies a file's concepts into a new Glossary) has the
# same fingerprint, without computing it again.
_LOADED: list[tuple[str, tuple]] = []


def _known_fingerprint(glossary: "Glossary") -> str | None:
    concepts = glossary._concepts
    for fingerprint, known in _LOADED:
        if len(known) == len(concepts) and all(a is b for a, b in zip(known, concepts.values())):
            return fingerprint
    return None


class Glossary:
    """A termbase: an ordered collection of :class:`Concept` keyed by id.

    Order is insertion order; it is the order of the file the glossary was
    read from, so reading and writing a file changes no byte.

    Args:
        concepts (Iterable[Concept]): initial concepts.
        name (str | None): a title, written into the TBX header.

    Raises:
        GlossaryError: two concepts with the same id.

    >>> g = Glossary([Concept("senate", (Term("Senate", "en"), Term("Сенат", "ru")))])
    >>> g["senate"].preferred("ru").text
    'Сенат'
    """

    def __init__(self, concepts: Iterable[Concept] = (), *, name: str | None = None) -> None:
        self.name = name
        self._concepts: dict[str, Concept] = {}
        self._fingerprint: str | None = None
        self._preferred_index: dict[tuple[str, str], tuple[int, str]] | None = None
        for concept in concepts:
            self.add(concept)

    # -- collection protocol ---------------------------------------------
    def __iter__(self) -> Iterator[Concept]:
        return iter(list(self._concepts.values()))

    def __len__(self) -> int:
        return len(self._concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._concepts

    def __getitem__(self, concept_id: str) -> Concept:
        try:
            return self._concepts[concept_id]
        except KeyError:
            raise GlossaryError(f"no concept with id {concept_id!r}") from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Glossary) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"<Glossary {len(self)} concepts, languages {', '.join(self.languages())}>"

    def get(self, concept_id: str) -> Concept | None:
        """The concept with ``concept_id``, or None."""
        return self._concepts.get(concept_id)

    # -- editing ---------------------------------------------------------
    def add(self, concept: Concept) -> None:
        """Append a concept.

        Raises:
            GlossaryError: a concept with that id exists.
        """
        if concept.id in self._concepts:
            raise GlossaryError(f"duplicate concept id {concept.id!r}")
        self._concepts[concept.id] = concept
        self._fingerprint = None
        self._preferred_index = None

    def put(self, concept: Concept) -> None:
        """Replace the concept with the same id in place (or append it)."""
        self._concepts[concept.id] = concept
        self._fingerprint = None
        self._preferred_index = None

    def remove(self, concept_id: str) -> Concept:
        """Remove and return a concept.

        Raises:
            GlossaryError: no concept with that id.
        """
        concept = self[concept_id]
        del self._concepts[concept_id]
        self._fingerprint = None
        self._preferred_index = None
        return concept

    def new_id(self, text: str) -> str:
        """An unused concept id derived from ``text`` (``senate``, ``senate-2``, ...)."""
        base = slugify(text)
        candidate, n = base, 2
        while candidate in self._concepts:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # -- queries ---------------------------------------------------------
    def languages(self) -> list[str]:
        """Language tags used, most used first (ties in first-seen order)."""
        counts: dict[str, int] = {}
        for concept in self:
            for lang in concept.languages:
                counts[lang] = counts.get(lang, 0) + 1
        return sorted(counts, key=lambda lang: -counts[lang])

    def check_language(self, lang: str) -> str:
        """``lang`` as a normalised tag, when some term of the glossary serves
        it (``ru`` serves ``ru-RU`` terms too).

        Raises:
            InputError: ``lang`` is not a language tag.
            GlossaryError: no term in that language; the message lists the
                glossary's languages.
        """
        tag = normalize_tag(lang)
        if not any(tag_matches(term.lang, tag) for concept in self for term in concept.terms):
            raise GlossaryError(f"the glossary has no terms in {tag!r}; its languages: "
                                f"{', '.join(self.languages()) or 'none'}")
        return tag

    def lookup(self, text: str, lang: str) -> list[tuple[Concept, Term]]:
        """Concepts having a term whose folded text equals ``fold(text)`` in
        language ``lang``, as ``(concept, term)`` pairs."""
        wanted = fold(text)
        return [(c, t) for c in self for t in c.terms_in(lang) if fold(t.text) == wanted]

    def search(self, query: str, lang: str | None = None, limit: int = 20,
               threshold: float = 70.0) -> list[SearchHit]:
        """Find terms by substring or fuzzy similarity, across all languages
        (or only ``lang``), also matching concept ids and definitions.

        Scores: 100 for an exact term, 95 for a term containing the query, 90
        for an id or definition containing it, else rapidfuzz's ``WRatio``
        (0-100) when at least ``threshold``. One hit per concept (its best),
        best first; at most ``limit`` hits.
        """
        from rapidfuzz import fuzz

        q = fold(query)
        best: dict[str, SearchHit] = {}
        for concept in self:
            for term in concept.terms if lang is None else concept.terms_in(lang):
                text = fold(term.text)
                if text == q:
                    score = 100.0
                elif q and q in text:
                    score = 95.0
                else:
                    score = float(fuzz.WRatio(q, text))
                    if score < threshold:
                        continue
                hit = SearchHit(concept, term, score)
                if concept.id not in best or best[concept.id].score < score:
                    best[concept.id] = hit
            if concept.id not in best and q and (
                    q in concept.id.replace("-", " ") or q in fold(concept.definition or "")):
                term = concept.preferred(lang or "en") or (concept.terms[0] if concept.terms else None)
                if term is not None:
                    best[concept.id] = SearchHit(concept, term, 90.0)
        hits = sorted(best.values(), key=lambda h: (-h.score, h.concept.id))
        return hits[:limit]

    def fingerprint(self) -> str:
        """SHA-256 (hex) of the concepts in canonical JSON (the name left
        out): the same content always gives the same value, whatever file it
        came from. Computed once: cached until the glossary is edited, and
        kept when the glossary is pickled (the parsed-glossary cache), so a
        glossary loaded from there never computes it (100,000 concepts:
        0.5 s)."""
        if self._fingerprint is None:
            self._fingerprint = _known_fingerprint(self)
        if self._fingerprint is None:
            collecting = gc.isenabled()
            gc.disable()  # a dict per concept and term: the collector would traverse them all, again and again
            try:
                data = json.dumps([c.to_dict() for c in self], ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":"))
            finally:
                if collecting:
                    gc.enable()
            self._fingerprint = hashlib.sha256(data.encode("utf-8")).hexdigest()
        return self._fingerprint

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_fingerprint"] = self.fingerprint()
        state["_preferred_index"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if self._fingerprint is not None:
            _LOADED.append((self._fingerprint, tuple(self._concepts.values())))
            del _LOADED[:-2]

    # -- JSON ------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """``{"name": ..., "concepts": [Concept.to_dict(), ...]}``."""
        out: dict[str, Any] = {}
        if self.name:
            out["name"] = self.name
        out["concepts"] = [c.to_dict() for c in self]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Glossary":
        """Inverse of :meth:`to_dict`.

        Raises:
            GlossaryError: not a dict with a ``concepts`` list, or bad concepts.
        """
        if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
            raise GlossaryError("expected a JSON object with a 'concepts' list")
        check_text(data.get("name"), "glossary name", optional=True)
        return cls((Concept.from_dict(c) for c in data["concepts"]), name=data.get("name"))

    # -- merging ---------------------------------------------------------
    def match_concept(self, concept: Concept) -> Concept | None:
        """The concept of this glossary that ``concept`` is the same as: the
        same id, else one sharing a preferred term in the same language."""
        if concept.id in self._concepts:
            return self._concepts[concept.id]
        if self._preferred_index is None:  # key -> (position, id) of the first concept with it
            index: dict[tuple[str, str], tuple[int, str]] = {}
            for position, candidate in enumerate(self._concepts.values()):
                for term in candidate.terms:
                    if term.status == "preferred":
                        index.setdefault(term.key, (position, candidate.id))
            self._preferred_index = index
        hits = [self._preferred_index[t.key] for t in concept.terms
                if t.status == "preferred" and t.key in self._preferred_index]
        return self._concepts[min(hits)[1]] if hits else None

    def merge(self, other: Iterable[Concept],
              on_conflict: Literal["keep", "replace", "fail"] = "fail") -> "MergeReport":
        """Merge concepts into this glossary (what ``atau glossary import``
        does); see :func:`toolkit.termbase.merge.merge_into`.

        Returns:
            MergeReport: what was added, updated, unchanged and in conflict.

        Raises:
            ConflictError: ``on_conflict="fail"`` and there are conflicts; the
                glossary is then left unchanged.
            GlossaryError: ``on_conflict`` is not keep, replace or fail.
        """
        from .merge import merge_into

        return merge_into(self, other, on_conflict)

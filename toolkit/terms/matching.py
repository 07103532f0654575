"""Finding glossary terms in text, in any inflected form, with one
Aho-Corasick automaton per (glossary, language) (pyahocorasick).

Every inflected form of every term (from :mod:`toolkit.morphology`) is put
into the automaton in a folded spelling; the text is folded the same way, one
character for one character, so offsets in the folded text are offsets in
the original. Folding: NFC, lowercase (per character, so lengths never
change), ``ё`` as ``е``, typographic apostrophes, quotes, dashes and spaces as
their ASCII forms, and Latin letters that look like Cyrillic ones (``a c e o
p x y`` ...) as the Cyrillic letters (Unicode's confusables data, restricted
to the two scripts Atau works in) — so a "Cенат" typed with a Latin C is
still the Senate.

Matches respect word boundaries; overlaps are resolved longest first (a
phrase wins over the single words inside it), then leftmost.
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
import unicodedata
import zlib
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ..langtags import normalize_tag, primary_language, tag_matches
from ..script import LATIN_TO_CYRILLIC
from ..termbase.model import Concept, Glossary, Term

__all__ = ["TermMatch", "TermMatcher", "fold_text", "matcher_for", "cached_matcher"]

# Latin letters that look like Cyrillic ones in either case (Unicode
# confusables for the letters of Russian and Kazakh: "C"/"С", "H"/"Н",
# "i"/"і", ...), applied after lowercasing so that both cases fold alike.
_CONFUSABLES = LATIN_TO_CYRILLIC
_PUNCT = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    lower = _PUNCT.get(lower, lower)
    lower = _CONFUSABLES.get(lower, lower)
    return "е" if lower == "ё" else lower


# What _fold_char does after lowercasing, as one str.translate table (the
# punctuation maps to ASCII, never to a letter, so the three steps commute).
_AFTER_LOWER = str.maketrans({**_PUNCT, **_CONFUSABLES, "ё": "е"})


def fold_text(text: str) -> str:
    """Fold ``text`` for matching (see the module docstring). The result has
    exactly ``len(text)`` characters: position *i* of the result comes from
    position *i* of the input. Input should already be NFC.

    >>> fold_text("Cенат’s")
    "сенат's"
    """
    # Fast path, in C: lowercasing the whole string equals lowercasing each
    # character unless a character lowercases to several (then the length
    # changes: "İ") or a capital sigma takes its final form from context.
    lower = text.lower()
    if len(lower) == len(text) and "\u03a3" not in text:
        return lower.translate(_AFTER_LOWER)
    return "".join(map(_fold_char, text))


# The automaton's keys and the searched text are folded with _key: the same
# folding up to a renaming of its output letters (the look-alike Cyrillic
# letters become the Latin ones, "ё"/"е" become "e"), so two texts fold alike
# under _key exactly when they do under fold_text; but plain ASCII text then
# folds to ASCII, which str.translate does some 100 times faster than text
# that must become Cyrillic.
_TO_LATIN = str.maketrans({**_PUNCT, **{cyr: lat for lat, cyr in _CONFUSABLES.items()}, "ё": "e"})


def _key(text: str) -> str:
    lower = text.lower()
    if text.isascii():  # str.translate costs microseconds even on a short ASCII string
        if "`" in lower or "\t" in lower or "\n" in lower or "\r" in lower:
            return lower.translate(_TO_LATIN)
        return lower
    if len(lower) != len(text) or "\u03a3" in text:  # as in fold_text
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower.translate(_TO_LATIN)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char) == "Mn"


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text.

    Attributes:
        start (int), end (int): character offsets, ``text[start:end]``.
        surface (str): the text as written there.
        concept (Concept): the concept the term belongs to.
        term (Term): the glossary term (its dictionary form).
        forms (tuple): the grammatical :class:`~toolkit.morphology.base.Form`
            values the surface can be, most likely first (empty if unknown).
    """

    start: int
    end: int
    surface: str
    concept: Concept
    term: Term
    forms: tuple = ()

    @property
    def form(self):
        """The most likely grammatical form, or None."""
        return self.forms[0] if self.forms else None

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "surface": self.surface,
                "concept": self.concept.id, "term": self.term.text, "status": self.term.status,
                "form": str(self.form) if self.form is not None else None}


class TermMatcher:
    """Finds the terms of one language of a glossary in texts.

    Args:
        glossary (Glossary | Iterable[Concept]): the termbase.
        lang (str): BCP 47 tag of the texts (``en``, ``ru``, ``kk``).
        statuses (Iterable[str] | None): only terms with these statuses;
            default all (preferred, admitted, deprecated, forbidden).
        inflect (bool): index every inflected form (through
            :func:`toolkit.morphology.get_morphology`); False: only the
            dictionary form.
        known (Mapping[str, Sequence[tuple[str, tuple]]] | None): keyed
            surfaces (:func:`_keyed_surfaces`) already made for some term
            texts, e.g. by the matcher of the glossary before an edit
            (:meth:`surfaces`): only the other terms are inflected.

    Building costs one pass over the terms' forms; :meth:`find` is linear in
    the length of the text, whatever the glossary's size. The index is
    compact (:class:`_Index`: arrays of hashes and integers, a few dozen
    bytes per inflected form) and is saved and loaded as such
    (:meth:`save`, :meth:`load`), bound to the glossary's own concepts.
    """

    def __init__(self, glossary: Glossary | Iterable[Concept], lang: str, *,
                 statuses: Iterable[str] | None = None, inflect: bool = True,
                 known=None) -> None:
        self.lang = normalize_tag(lang)
        wanted = set(statuses) if statuses is not None else None
        morphology = _morphology(self.lang) if inflect else None
        self._concepts = list(glossary)
        entries: dict[str, list] = {}
        serves: dict[str, bool] = {}  # term language -> whether it is self.lang
        form_ids: dict[tuple, int] = {}
        made: dict[str, list] = {}  # term text -> [(key, forms id)]
        # Millions of small objects are created and none is garbage: the
        # cyclic collector would only traverse them again and again (a third
        # of the time for 100k terms).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for ci, concept in enumerate(self._concepts):
                for ti, term in enumerate(concept.terms):
                    lang_ok = serves.get(term.lang)
                    if lang_ok is None:
                        lang_ok = serves[term.lang] = tag_matches(term.lang, self.lang)
                    if not lang_ok or (wanted is not None and term.status not in wanted):
                        continue
                    if not term.text.strip():
                        continue
                    keyed = made.get(term.text)
                    if keyed is None:
                        surfaces = known.get(term.text) if known is not None else None
                        if surfaces is None:
                            surfaces = _keyed_surfaces(term.text, morphology)
                        keyed = made[term.text] = [(key, form_ids.setdefault(forms, len(form_ids)))
                                                   for key, forms in surfaces]
                    for key, fid in keyed:
                        found = entries.get(key)
                        if found is None:
                            entries[key] = [(ci, ti, fid)]
                        else:
                            found.append((ci, ti, fid))
            self._index = _Index.build(entries, list(form_ids), made)
            self.size = len(entries)
        finally:
            if collecting:
                gc.enable()
        self._recent: dict[str, list] = {}

    def find(self, text: str, *, overlapping: bool = False) -> list[TermMatch]:
        """All terms in ``text``, in text order.

        Args:
            text (str): NFC text.
            overlapping (bool): keep overlapping matches too (for reports);
                by default overlaps are resolved longest first.

        Returns:
            list[TermMatch]: with offsets into ``text``. A surface that is a
            form of several terms yields one match per term (same span).
        """
        if not self.size or not text:
            return []
        candidates = self._recent.get(text)
        if candidates is None:
            # The analyses ask for the same text several times (both ways,
            # before and after edits): the last few texts' candidates are kept.
            candidates = self._index.candidates(_key(text))
            if len(self._recent) >= 8:
                self._recent.pop(next(iter(self._recent)))
            self._recent[text] = candidates
        if not overlapping and len(candidates) > 1:
            candidates = _longest_first(list(candidates))
        concepts, forms_of = self._concepts, self._index.forms
        out: list[TermMatch] = []
        for start, end, key_id in sorted(candidates, key=lambda c: (c[0], c[1])):
            surface = text[start:end]
            for ci, ti, fid in self._index.values(key_id):
                concept = concepts[ci]
                term = concept.terms[ti]
                if term.case_sensitive and not _case_fits(surface, term.text):
                    continue
                out.append(TermMatch(start, end, surface, concept, term, forms_of[fid]))
        return out

    def surfaces(self) -> dict[str, list[tuple[str, tuple]]]:
        """Term text -> its keyed surfaces, for building the matcher of an
        edited glossary without inflecting every term again (``known``)."""
        return self._index.surfaces()

    def save(self, path: str | os.PathLike) -> None:
        """Write the index (not the glossary) to ``path``, atomically
        (:meth:`_Index.dump`)."""
        from ..fileio import atomic_write

        atomic_write(path, self._index.dump({"lang": self.lang, "concepts": len(self._concepts),
                                             "stamp": _code_stamp()}))

    @classmethod
    def load(cls, path: str | os.PathLike, glossary: Glossary, lang: str) -> "TermMatcher | None":
        """The matcher saved at ``path`` for ``glossary`` (the same concepts,
        in the same order, as when it was saved), or None when the file is
        missing, damaged, of another format or for another language or
        glossary size."""
        concepts = list(glossary)
        loaded = _Index.load(path, {"lang": normalize_tag(lang), "concepts": len(concepts),
                                    "stamp": _code_stamp()})
        if loaded is None:
            return None
        matcher = cls.__new__(cls)
        matcher.lang = normalize_tag(lang)
        matcher._concepts = concepts
        matcher._index = loaded
        matcher.size = loaded.size
        matcher._recent = {}
        return matcher


# The index: every key (a folded surface) is cut where its words start and
# end (runs of \w); a text is cut the same way, and each slice of the text
# from the start of a word to the end of a later word is looked up while it
# is the beginning of some key; a key that ends in punctuation after its
# last word ("ministers'") is looked up where that word ends in the text and
# punctuation follows. A key that starts with something else than \w (rare:
# "(acting)") is matched by a small Aho-Corasick automaton instead. Exactly the matches the automaton over all keys finds:
# a key that starts with a word character can only start where the
# character before is not one (else the boundary check drops it), which is
# where a run starts; likewise at the end.
_RUN = re.compile(r"\w+")
_FORMAT = 3
_BITS = 23  # the filter of first words: at most 2**23 bits, 1 MiB
_KNOWN_BITS = 25  # the filter of all beginnings of keys: at most 2**25 bits, 4 MiB


def _filter_bits(count: int, most: int) -> int:
    """Bits (a power of two, as its exponent) of a filter of ``count``
    marks: about 16 bits a mark (one lookup in 16 goes on to the search),
    at least 2**13, at most 2**most, so that a small glossary's matchers
    are kilobytes on disk, not megabytes."""
    return max(13, min(most, (16 * max(count, 1)).bit_length()))


def _bits_of(table: bytes) -> int:
    """The exponent of a filter's size in bits (its length is a power of two)."""
    return (8 * len(table)).bit_length() - 1


def _hash(data: bytes) -> int:
    """A 64-bit hash, the same in every process (crc32 and adler32)."""
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


class _Index:
    """Keys and their values in flat arrays (see the comment above).

    Attributes:
        size (int): number of keys.
        forms (list[tuple]): forms tuple of each forms id.
    """

    _ARRAYS = (("hashes", "Q"), ("entries", "i"), ("key_offsets", "I"), ("value_offsets", "I"),
               ("values", "i"), ("odd", "i"))
    _REUSE = (("text_offsets", "I"), ("surfaces", "i"))

    def __init__(self) -> None:
        self.size = 0
        self.forms: list[tuple] = []
        self.max_runs = 0
        self.max_tail = 0
        self._automaton = None

    @classmethod
    def build(cls, entries: dict[str, list], forms: list[tuple], made: dict[str, list]) -> "_Index":
        index = cls()
        index.size = len(entries)
        index.forms = forms
        keys = list(entries)
        ids = {key: k for k, key in enumerate(keys)}
        encoded = [key.encode("utf-8", "surrogatepass") for key in keys]
        index.keys = b"".join(encoded)
        index.key_offsets = array("I", [0])
        index.value_offsets = array("I", [0])
        values = array("i")
        for key, data in zip(keys, encoded):
            index.key_offsets.append(index.key_offsets[-1] + len(data))
            for triple in entries[key]:
                values.extend(triple)
            index.value_offsets.append(len(values) // 3)
        index.values_array = values
        # Every beginning of a key (up to the end of one of its words) is
        # marked: hash << 24 | (key id + 2), 1 for "only a beginning", 0 for
        # "a key with a tail of punctuation begins so" (one int each: sorting
        # ints is quick).
        marks: set[int] = set()
        first_bits = _filter_bits(len(keys), _BITS)
        known_bits = _filter_bits(sum(key.count(" ") + 1 for key in keys), _KNOWN_BITS)
        first = bytearray(1 << (first_bits - 3))
        known = bytearray(1 << (known_bits - 3))
        odd = array("i")
        crc32, adler32 = zlib.crc32, zlib.adler32
        first_shift, known_shift = 32 - first_bits, 32 - known_bits
        max_runs = max_tail = 0
        for k, (key, data) in enumerate(zip(keys, encoded)):
            if key and key[0] != " " and key[-1] != " " and "  " not in key and key.replace(" ", "").isalnum():
                # words and single spaces (nearly every key): the runs end at the spaces
                runs, at = [], 0
                for word in key.split(" "):
                    at += len(word)
                    runs.append(at)
                    at += 1
            else:
                runs = [m.end() for m in _RUN.finditer(key)]
                if not runs or _RUN.match(key) is None:
                    odd.append(k)
                    continue
            if len(runs) > max_runs:
                max_runs = len(runs)
            size = len(key)
            ascii_key = len(data) == size
            last = len(runs) - 1
            for n, end in enumerate(runs):
                if n == last and end == size:
                    piece, mark = data, k + 2
                else:
                    piece = data[:end] if ascii_key else key[:end].encode("utf-8", "surrogatepass")
                    mark = 1
                    if n == last:  # a tail of punctuation ("ministers'")
                        mark = 0
                        max_tail = max(max_tail, size - end)
                check = crc32(piece)
                if n == 0:
                    bit = check >> first_shift
                    first[bit >> 3] |= 1 << (bit & 7)
                bit = check >> known_shift
                known[bit >> 3] |= 1 << (bit & 7)
                marks.add((((check << 32) | adler32(piece)) << 24) | mark)
            if runs[-1] != len(key):
                check = crc32(data)
                bit = check >> known_shift
                known[bit >> 3] |= 1 << (bit & 7)
                marks.add((((check << 32) | adler32(data)) << 24) | (k + 2))
        index.max_runs, index.max_tail = max_runs, max_tail
        index.first = bytes(first)
        # (every beginning's crc32 half, as a bit: most slices of a text that
        # begin no key are turned away there, without a search)
        index.known = bytes(known)
        packed = sorted(marks)
        index.hashes = array("Q", [m >> 24 for m in packed])
        index.entries = array("i", [(m & 0xFFFFFF) - 2 for m in packed])
        index.odd = odd
        # term text -> (key id, forms id) pairs, for the next build
        index.texts = "\0".join(made).encode("utf-8", "surrogatepass")
        index.text_offsets = array("I", [0])
        surfaces = array("i")
        for pairs_of in made.values():
            for key, fid in pairs_of:
                surfaces.extend((ids[key], fid))
            index.text_offsets.append(len(surfaces) // 2)
        index.surfaces_ = surfaces
        return index

    # -- looking up ----------------------------------------------------------
    def key(self, k: int) -> bytes:
        return self.keys[self.key_offsets[k]:self.key_offsets[k + 1]]

    def values(self, k: int) -> list[tuple[int, int, int]]:
        v = self.values_array
        return [(v[i], v[i + 1], v[i + 2]) for i in range(3 * self.value_offsets[k], 3 * self.value_offsets[k + 1], 3)]

    def _lookup(self, data: bytes) -> tuple[bool, int]:
        """``(whether data begins some key, the key id it is or -1)``."""
        h = _hash(data)
        hashes = self.hashes
        i = bisect_left(hashes, h)
        found, key = False, -1
        while i < len(hashes) and hashes[i] == h:
            found = True
            k = self.entries[i]
            if k >= 0 and self.key(k) == data:
                key = k
            i += 1
        return found, key

    def candidates(self, folded: str) -> list[tuple[int, int, int]]:
        """``(start, end, key id)`` of every key in ``folded`` (a text folded
        by :func:`_key`) at word boundaries, in no particular order."""
        size = len(folded)
        out: list[tuple[int, int, int]] = []
        if self.max_runs:
            # (the lookup of :meth:`_lookup`, inlined: this loop runs once per word of every text)
            runs = [m.span() for m in _RUN.finditer(folded)]
            count = len(runs)
            first, shift, most = self.first, 32 - _bits_of(self.first), self.max_runs
            known, known_shift = self.known, 32 - _bits_of(self.known)
            hashes, entries, keys, offsets = self.hashes, self.entries, self.keys, self.key_offsets
            total = len(hashes)
            crc32, adler32 = zlib.crc32, zlib.adler32
            for i, (start, end) in enumerate(runs):
                data = folded[start:end].encode("utf-8", "surrogatepass")
                check = crc32(data)
                bit = check >> shift
                if not first[bit >> 3] & (1 << (bit & 7)):
                    continue
                if start > 0 and _is_word_char(folded[start - 1]):
                    continue  # a combining mark before it: inside a word
                for j in range(i, min(count, i + most)):
                    stop = runs[j][1]
                    if j > i:
                        data = folded[start:stop].encode("utf-8", "surrogatepass")
                        check = crc32(data)
                    bit = check >> known_shift
                    if not known[bit >> 3] & (1 << (bit & 7)):
                        break  # no key begins so
                    h = (check << 32) | adler32(data)
                    k = bisect_left(hashes, h)
                    if k == total or hashes[k] != h:
                        break  # no key begins so
                    tails = False
                    while k < total and hashes[k] == h:
                        e = entries[k]
                        if e >= 0 and keys[offsets[e]:offsets[e + 1]] == data and not (
                                stop < size and _is_word_char(folded[stop])):
                            out.append((start, stop, e))
                        elif e == -2:
                            tails = True
                        k += 1
                    if tails:
                        # keys that go on into the punctuation after this word
                        following = runs[j + 1][0] if j + 1 < count else size
                        for end in range(stop + 1, min(following, stop + self.max_tail) + 1):
                            more = folded[start:end].encode("utf-8", "surrogatepass")
                            h = _hash(more)
                            k = bisect_left(hashes, h)
                            while k < total and hashes[k] == h:
                                e = entries[k]
                                if e >= 0 and keys[offsets[e]:offsets[e + 1]] == more and not (
                                        end < size and _is_word_char(folded[end])
                                        and _is_word_char(folded[end - 1])):
                                    out.append((start, end, e))
                                k += 1
        if len(self.odd):
            out.extend(self._odd_candidates(folded))
        return out

    def _odd_candidates(self, folded: str) -> list[tuple[int, int, int]]:
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for k in self.odd:
                automaton.add_word(self.key(k).decode("utf-8", "surrogatepass"), k)
            automaton.make_automaton()
            self._automaton = automaton
        size = len(folded)
        out = []
        for last, k in self._automaton.iter(folded):
            length = len(self.key(k).decode("utf-8", "surrogatepass"))
            start, end = last - length + 1, last + 1
            if start > 0 and _is_word_char(folded[start - 1]) and _is_word_char(folded[start]):
                continue
            if end < size and _is_word_char(folded[end]) and _is_word_char(folded[end - 1]):
                continue
            out.append((start, end, k))
        return out

    def surfaces(self) -> dict[str, list[tuple[str, tuple]]]:
        texts = self.texts.decode("utf-8", "surrogatepass").split("\0") if self.texts else []
        pairs, offsets, forms = self.surfaces_, self.text_offsets, self.forms
        blob, starts = self.keys, self.key_offsets
        keys = [blob[starts[k]:starts[k + 1]].decode("utf-8", "surrogatepass") for k in range(self.size)]
        out = {}
        for t, text in enumerate(texts):
            out[text] = [(keys[pairs[i]], forms[pairs[i + 1]]) for i in range(2 * offsets[t], 2 * offsets[t + 1], 2)]
        return out

    # -- on disk -------------------------------------------------------------
    def dump(self, meta: dict) -> bytes:
        """The index as bytes: a JSON header line (format, byte order, the
        ``meta`` the loader checks, the forms table, section sizes), then
        the arrays and byte strings. No pickle: loading runs no code."""
        sections = [("first", self.first), ("known", self.known), ("keys", self.keys)]
        sections += [(name, getattr(self, "values_array" if name == "values" else name).tobytes())
                     for name, _code in self._ARRAYS]
        sections += [("texts", self.texts), ("text_offsets", self.text_offsets.tobytes()),
                     ("surfaces", self.surfaces_.tobytes())]
        header = {"format": _FORMAT, "byteorder": sys.byteorder, **meta, "size": self.size,
                  "max_runs": self.max_runs, "max_tail": self.max_tail,
                  "forms": [[[f.case, f.number, f.possessive] for f in forms] for forms in self.forms],
                  "sections": [[name, len(data)] for name, data in sections]}
        return json.dumps(header, separators=(",", ":")).encode() + b"\n" + b"".join(data for _n, data in sections)

    @classmethod
    def load(cls, path, meta: dict) -> "_Index | None":
        try:
            with open(path, "rb") as handle:
                header = json.loads(handle.readline())
                if header.get("format") != _FORMAT or header.get("byteorder") != sys.byteorder or any(
                        header.get(k) != v for k, v in meta.items()):
                    return None
                from ..morphology import Form

                index = cls()
                index.size, index.max_runs, index.max_tail = header["size"], header["max_runs"], header["max_tail"]
                index.forms = [tuple(Form(*f) for f in forms) for forms in header["forms"]]
                codes = dict(cls._ARRAYS + cls._REUSE)
                for name, length in header["sections"]:
                    data = handle.read(length)
                    if len(data) != length:
                        return None
                    if name in codes:
                        values = array(codes[name])
                        values.frombytes(data)
                        data = values
                    setattr(index, {"values": "values_array", "surfaces": "surfaces_"}.get(name, name), data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(index.key_offsets) != index.size + 1:
            return None
        return index


def _longest_first(candidates: list[tuple[int, int, tuple]]) -> list[tuple[int, int, tuple]]:
    """The candidates that survive resolving overlaps longest first, then
    leftmost: O(n log n), keeping the spans taken so far sorted and
    disjoint, so only the neighbours of a new span can overlap it."""
    candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
    starts: list[int] = []  # starts of the taken spans, sorted
    ends: list[int] = []  # their ends, in the same order (disjoint: also sorted)
    kept = []
    for candidate in candidates:
        start, end = candidate[0], candidate[1]
        i = bisect_right(starts, start)
        if i and ends[i - 1] > start:  # the taken span starting at or before start reaches into it
            continue
        if i < len(starts) and starts[i] < end:  # the next taken span starts inside it
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append(candidate)
    return kept


def _case_fits(surface: str, term: str) -> bool:
    """A case-sensitive term matches when the capitalisation of the shared
    stem agrees (inflection may change the ending, not the case)."""
    n = min(len(surface), len(term)) - 2 if min(len(surface), len(term)) > 3 else min(len(surface), len(term))
    return surface[:n] == term[:n] or surface.isupper() and term.isupper()


def _keyed_surfaces(text: str, morphology) -> Sequence[tuple[str, tuple]]:
    """``(automaton key, forms)`` of every surface of the term ``text``: its
    paradigm, plus the term as written if the paradigm lacks it."""
    if morphology is None:
        return [(_key(text), ())]
    try:
        paradigm = morphology.paradigm(text)
    except Exception:  # a term the morphology cannot handle is still matched as written
        return [(_key(text), ())]
    keyed = [(_key(surface), tuple(forms)) for surface, forms in paradigm.items()]
    own = _key(text)
    if not any(key == own for key, _ in keyed):
        keyed.append((own, ()))
    return keyed


def _morphology(lang: str):
    try:
        from ..morphology import get_morphology
    except ImportError:  # pragma: no cover - the package always ships it
        return None
    return get_morphology(lang)


_CACHE: dict[tuple, TermMatcher] = {}


def matcher_for(glossary: Glossary, lang: str, statuses: Iterable[str] | None = None,
                inflect: bool = True) -> TermMatcher:
    """A :class:`TermMatcher`, cached per glossary content (fingerprint),
    language, statuses and ``inflect``."""
    key = (glossary.fingerprint(), primary_language(lang), normalize_tag(lang),
           tuple(sorted(statuses)) if statuses is not None else None, inflect)
    if key not in _CACHE:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[key] = TermMatcher(glossary, lang, statuses=statuses, inflect=inflect)
    return _CACHE[key]


def cached_matcher(glossary: Glossary, lang: str) -> TermMatcher:
    """:func:`matcher_for`, also kept on disk (:mod:`toolkit.cache`, kind
    ``matchers``) in its compact form (:meth:`TermMatcher.save`): building
    the index over every inflected form costs a third of a second for the
    shipped glossary in Russian (a minute for 100,000 concepts), loading it
    back milliseconds (a fraction of a second). The key is the glossary's
    fingerprint, the language and the code that makes the forms
    (:func:`_code_stamp`). After an edit of the glossary the forms of the
    terms that did not change are taken from the newest index of the same
    language and code, so only new terms are inflected."""
    from .. import cache

    tag = normalize_tag(lang)
    memo = ("disk", glossary.fingerprint(), tag)
    if memo in _CACHE:
        return _CACHE[memo]
    stamp = _code_stamp()
    key = cache.cache_key(glossary.fingerprint(), tag, stamp)
    path = cache.entry_path("matchers", key, _SUFFIX)
    matcher = TermMatcher.load(path, glossary, tag) if cache.usable(path) else None
    if matcher is None:
        matcher = TermMatcher(glossary, tag, known=_previous_surfaces(tag, stamp))
        cache.store_file("matchers", key, _SUFFIX, lambda target: matcher.save(target))
    if len(_CACHE) > 16:
        _CACHE.clear()
    _CACHE[memo] = matcher
    return matcher


_SUFFIX = ".idx"


def _code_stamp() -> str:
    """Size and time of the modules that decide the keys and forms
    (this one and :mod:`toolkit.morphology`), so that an index made by other
    code is never read, and the forms of another version never reused."""
    here = os.path.dirname(os.path.dirname(__file__))
    parts = []
    for folder in ("terms", "morphology", os.path.join("morphology", "ru"), os.path.join("morphology", "kk")):
        try:
            names = sorted(n for n in os.listdir(os.path.join(here, folder)) if n.endswith(".py"))
        except OSError:
            continue
        for name in names if folder != "terms" else ["matching.py"]:
            try:
                info = os.stat(os.path.join(here, folder, name))
            except OSError:
                continue
            parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def _previous_surfaces(lang: str, stamp: str) -> dict | None:
    """The keyed surfaces of the newest index on disk for ``lang`` made by
    the same code (``stamp``), or None."""
    from .. import cache

    for path in cache.files("matchers", _SUFFIX):
        try:
            with open(path, "rb") as handle:
                header = json.loads(handle.readline())
        except (OSError, ValueError):
            continue
        if header.get("lang") != lang or header.get("stamp") != stamp or not cache.usable(path):
            continue
        index = _Index.load(path, {"lang": lang, "stamp": stamp})
        if index is not None:
            return index.surfaces()
    return None

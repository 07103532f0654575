"""Protection of numbers, dates, URLs, e-mail addresses and markup in machine
translation.

Small translation models damage what must not change: "2.200.112" comes back
as "2,200,12", "<p>hello</p>" as garbage. Placeholder tokens are no cure (a
small model copies two placeholders correctly in only 40-80% of sentences), so
Atau does not rely on the model copying anything:

* **Markup** (HTML/XML tags, comments, inline code tags such as ``<g1>``; in
  Markdown also ``[link](url)`` and ``![image](src)`` brackets, footnote
  references ``[^1]``, ``**``/``*``/``__``/``_`` emphasis) is *never sent to
  the model*. Markup around the whole sentence is cut off and put back as it was
  (:attr:`Masked.prefix`, :attr:`Masked.suffix`); markup inside the sentence
  is removed and put back by word alignment (the model's attention), or, when
  no alignment is available, at the same relative position.
* **Verbatim spans** (numbers, dates, times, URLs, bare domains such as
  ``akorda.kz``, e-mail addresses, character entities, Markdown inline code)
  are sent as they are (SentencePiece models split digits, so the model sees
  them well) and *checked afterwards*: every span of the source must occur in
  the translation. A damaged copy ("2,200,12") is replaced by the original; a
  missing span is inserted at the aligned position. Each repair is reported
  (:class:`Repair`), so the translator can look at it.

Functions: :func:`find_spans`, :func:`mask` (before MT), :func:`check`
(verification only, e.g. after post-editing); :func:`toolkit.mt.restore.restore`
(after MT) puts the markup back and repairs what the model damaged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence


__all__ = [
    "VERBATIM_KINDS",
    "MARKUP_KINDS",
    "Span",
    "Markup",
    "Masked",
    "Repair",
    "Restored",
    "find_spans",
    "mask",
    "check",
    "missing_spans",
    "strip_trailing_punctuation",
    "NUMERIC_KINDS",
    "TAG",
    "ENTITY",
    "pair_markup",
    "is_all_caps",
    "truecase_map",
    "sentence_case",
    "upper_case",
]

VERBATIM_KINDS = ("code", "url", "email", "domain", "entity", "date", "time", "number")
MARKUP_KINDS = ("comment", "tag", "link", "emphasis", "footnote")

_TLDS = ("kz|ru|com|org|net|gov|edu|int|info|io|uk|de|fr|cn|us|eu|uz|kg|tj|tm|az|ge|am|by"
         "|ua|tr|jp|kr|in|news|online|site|рф|қаз")
#: An HTML/XML tag or comment; shared with :mod:`toolkit.gettext.placeholders`.
TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][\w:.-]*(?:\s+[^<>]*?)?\s*/?>", re.DOTALL)
#: A character entity (named, decimal, hexadecimal).
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_VERBATIM = [
    ("code", re.compile(r"`[^`\n]+`"), True),
    ("url", re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'«»`]+", re.IGNORECASE), False),
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), False),
    ("domain", re.compile(rf"(?<![\w@./-])(?:[\w-]+\.)+(?:{_TLDS})\b(?![.@-]\w)(?:/[^\s<>\"'«»`]*)?",
                          re.IGNORECASE), False),
    ("entity", ENTITY, False),
    ("date", re.compile(r"(?<![\w.,/-])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
                        r"(?![\w/-]|[.,]\d)"), False),
    ("time", re.compile(r"(?<![\w:.,])\d{1,2}:\d{2}(?::\d{2})?(?![\w:]|[.,]\d)"), False),
    # numbers, with thousands/decimal separators, and ranges or ratios ("2023-2024", "3/4")
    ("number", re.compile(r"(?<![^\W\d_])(?<![\d.,])(?<!\d[:/\-–])"
                          r"\d+(?:[.,\u00a0\u202f]\d+)*(?:[\-–/:]\d+(?:[.,\u00a0\u202f]\d+)*)*"
                          r"(?![^\W\d_])(?![\d])(?![.,:/\-–]\d)"), False),
]
#: A Markdown footnote reference, "[^1]" (kept and placed like a tag).
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,64}\]")
_LINK_OPEN = re.compile(r"!?\[(?=[^\[\]\n]+\]\([^()\s]+(?:\s+\"[^\"]*\")?\))")
_LINK_CLOSE = re.compile(r"\]\([^()\s]+(?:\s+\"[^\"]*\")?\)")
_EMPHASIS = [
    re.compile(r"(?<![\\*\w])(\*\*)(?=\S)(?:.+?)(?<=\S)(\*\*)(?![*\w])"),
    re.compile(r"(?<![\\\w])(__)(?=\S)(?:.+?)(?<=\S)(__)(?!\w)"),
    re.compile(r"(?<![\\*\w])(\*)(?=[^\s*])(?:.+?)(?<=[^\s*])(\*)(?![*\w])"),
    re.compile(r"(?<![\\\w])(_)(?=[^\s_])(?:.+?)(?<=[^\s_])(_)(?!\w)"),
]
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col",
              "embed", "source", "track", "param"}
_TRAILING_PUNCT = ".,;:!?)]}»\"'…"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Span:
    """A protected piece of text.

    Attributes:
        kind (str): one of :data:`VERBATIM_KINDS` or :data:`MARKUP_KINDS`.
        text (str): the characters.
        start (int), end (int): character offsets in the text it was found in.
    """

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Markup:
    """Markup removed from inside a sentence before translation.

    Attributes:
        text (str): the markup, e.g. ``"<b>"`` or ``"](https://x.kz)"``.
        kind (str): one of :data:`MARKUP_KINDS`.
        offset (int): where it stood in :attr:`Masked.model_input`.
        role (str): ``"open"``, ``"close"`` or ``"standalone"``.
        pair (int | None): index (in :attr:`Masked.markup`) of the matching
            open or close markup.
        spaced (bool): a space was put in its place in the model input
            (``"line<br>next"`` -> ``"line next"``); it is taken out again.
    """

    text: str
    kind: str
    offset: int
    role: str
    pair: int | None = None
    spaced: bool = False


@dataclass(frozen=True)
class Masked:
    """A sentence prepared for the model by :func:`mask`.

    Attributes:
        source (str): the sentence as given.
        prefix (str), suffix (str): markup and whitespace around the whole
            sentence, put back unchanged; ``source == prefix + core + suffix``.
        model_input (str): the core without its inner markup: what the model
            translates.
        kept (tuple[Span, ...]): verbatim spans, offsets in ``model_input``.
        markup (tuple[Markup, ...]): inner markup, in source order.
        markdown (bool): Markdown syntax was recognised.
    """

    source: str
    prefix: str
    suffix: str
    model_input: str
    kept: tuple[Span, ...] = ()
    markup: tuple[Markup, ...] = ()
    markdown: bool = False

    @property
    def needs_model(self) -> bool:
        """False when nothing but protected spans, digits and punctuation is
        left (e.g. a bare URL): the sentence is copied, not translated."""
        text = self.model_input
        for span in reversed(self.kept):
            text = text[: span.start] + " " + text[span.end:]
        return _LETTER.search(text) is not None


@dataclass(frozen=True)
class Repair:
    """What was done to, or found in, a machine translation's protected text:
    by :func:`restore` and :func:`check` here, and by the placeholder repair
    of catalogs (:mod:`toolkit.gettext.placeholders`).

    Attributes:
        action (str): ``"replaced"`` (a damaged copy was replaced by the
            original), ``"inserted"`` (a missing span was inserted),
            ``"placed"`` (inner markup was put back by alignment or position),
            ``"missing"`` (a span is not in the target; :func:`check` only),
            ``"added"`` (the target has a number that is not in the source);
            for placeholders also ``"normalised"`` (a damaged form such as
            ``％（name）s`` was rewritten), ``"renamed"`` (a translated name
            was given back) and ``"removed"`` (a repeated or unknown one was
            taken out).
        kind (str): the span's kind (:data:`VERBATIM_KINDS`,
            :data:`MARKUP_KINDS`) or the placeholder's syntax (``printf``,
            ``brace``, ``tag``, ``entity``; ``token`` for a masking token).
        text (str): the protected text (for ``"added"``: the target's).
        found (str | None): what the model wrote instead.
    """

    action: str
    kind: str
    text: str
    found: str | None = None

    def describe(self) -> str:
        """One line for a report, e.g. ``'2.200.112' restored (model wrote '2,200,12')``."""
        if self.action == "replaced":
            return f"{self.text!r} restored (model wrote {self.found!r})"
        if self.action == "inserted":
            return f"{self.text!r} was missing; inserted at the aligned position"
        if self.action == "placed":
            return f"markup {self.text!r} put back by alignment; check its position"
        if self.action == "added":
            return f"{self.text!r} is not in the source"
        if self.action == "missing":
            return f"{self.text!r} is missing"
        return str(self)

    def __str__(self) -> str:
        return f"{self.action} {self.text!r}" + (f" (was {self.found!r})" if self.found else "")

    def to_dict(self) -> dict:
        return {"action": self.action, "kind": self.kind, "text": self.text, "found": self.found}


@dataclass(frozen=True)
class Restored:
    """The result of :func:`restore`.

    Attributes:
        text (str): ``prefix + repaired translation + suffix``.
        repairs (tuple[Repair, ...]): what was changed or is suspicious.
    """

    text: str
    repairs: tuple[Repair, ...] = ()


# --------------------------------------------------------------------------
# finding


def find_spans(text: str, *, markdown: bool = False) -> list[Span]:
    """Find the protected spans of ``text``.

    Args:
        text (str): a sentence or line.
        markdown (bool): also recognise Markdown inline code, links and
            emphasis.

    Returns:
        list[Span]: non-overlapping, sorted by ``start``. Where candidates
        overlap, the earlier kind in :data:`VERBATIM_KINDS`/markup wins
        (markup first, then code, url, email, domain, entity, date, time,
        number).

    >>> [(s.kind, s.text) for s in find_spans("On 12.03.2024 <b>2.200.112</b> visited akorda.kz")]
    [('date', '12.03.2024'), ('tag', '<b>'), ('number', '2.200.112'), ('tag', '</b>'), ('domain', 'akorda.kz')]
    """
    taken: list[Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s.start or start >= s.end for s in taken)

    def add(kind: str, start: int, end: int) -> None:
        taken.append(Span(kind, text[start:end], start, end))

    if markdown:
        for match in _VERBATIM[0][1].finditer(text):  # inline code hides everything in it
            add("code", match.start(), match.end())
    for match in TAG.finditer(text):
        if free(match.start(), match.end()):
            add("comment" if match.group().startswith("<!--") else "tag", match.start(), match.end())
    if markdown:
        for match in _FOOTNOTE_REF.finditer(text):
            if free(match.start(), match.end()):
                add("footnote", match.start(), match.end())
        for match in _LINK_OPEN.finditer(text):
            close = _LINK_CLOSE.search(text, match.end())
            if close and free(match.start(), match.end()) and free(close.start(), close.end()):
                add("link", match.start(), match.end())
                add("link", close.start(), close.end())
    for kind, pattern, md_only in _VERBATIM:
        if md_only:
            continue
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if kind in ("url", "domain"):
                end = start + len(strip_trailing_punctuation(match.group()))
            if end > start and free(start, end):
                add(kind, start, end)
    if markdown:
        for pattern in _EMPHASIS:
            for match in pattern.finditer(text):
                a, b = match.span(1), match.span(2)
                if free(*a) and free(*b):
                    add("emphasis", *a)
                    add("emphasis", *b)
    taken.sort(key=lambda s: s.start)
    return taken


def strip_trailing_punctuation(url: str) -> str:
    """``url`` without the sentence punctuation that follows it."""
    while url and url[-1] in _TRAILING_PUNCT:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


# --------------------------------------------------------------------------
# masking


def mask(sentence: str, *, markdown: bool = False) -> Masked:
    """Prepare ``sentence`` for the model: cut off surrounding markup, remove
    inner markup, note the verbatim spans.

    Args:
        sentence (str): one sentence (as cut by :mod:`toolkit.documents`).
        markdown (bool): the sentence is Markdown.

    Returns:
        Masked

    >>> m = mask("<p>Visit <b>akorda.kz</b> today.</p>")
    >>> m.prefix, m.model_input, m.suffix
    ('<p>', 'Visit akorda.kz today.', '</p>')
    """
    spans = find_spans(sentence, markdown=markdown)
    markup = [s for s in spans if s.kind in MARKUP_KINDS]
    roles, pairs = pair_markup(markup)

    # Markup at the very start and end of the sentence is cut off, as long as
    # no cut-off open markup loses its close (and vice versa).
    lead = _edge_run(sentence, markup, from_start=True)
    trail = _edge_run(sentence, markup, from_start=False)
    while True:
        lead_set, trail_set = set(lead), set(trail)
        bad_lead = [k for k in lead if roles[k] == "open" and pairs[k] is not None
                    and pairs[k] not in lead_set and pairs[k] not in trail_set]
        bad_trail = [k for k in trail if roles[k] == "close" and pairs[k] is not None
                     and pairs[k] not in lead_set and pairs[k] not in trail_set]
        if not bad_lead and not bad_trail:
            break
        if bad_lead:
            lead = lead[: lead.index(bad_lead[0])]
        if bad_trail:
            trail = [k for k in trail if k > bad_trail[-1]]
    start = markup[lead[-1]].end if lead else 0
    end = markup[trail[0]].start if trail else len(sentence)
    if start > end:  # only markup
        start = end
    core = sentence[start:end]
    core_lead = len(core) - len(core.lstrip())
    core_trail = len(core) - len(core.rstrip())
    start += core_lead
    end -= core_trail
    if start > end:
        start = end = len(sentence)
    prefix, suffix = sentence[:start], sentence[end:]

    inner_ids = [k for k, s in enumerate(markup) if start <= s.start and s.end <= end]
    new_index = {k: n for n, k in enumerate(inner_ids)}
    markup_by_start = {markup[k].start: k for k in inner_ids}

    def build(force_spaces: bool) -> tuple[str, list[Span], list[tuple]]:
        out: list[str] = []
        cursor = start
        kept: list[Span] = []
        placed: list[tuple[str, str, int, str, int | None, bool]] = []
        for span in spans:
            if span.start < start or span.end > end:
                continue
            out.append(sentence[cursor: span.start])
            cursor = span.end
            offset = sum(map(len, out))
            if span.start in markup_by_start and span.kind in MARKUP_KINDS:
                k = markup_by_start[span.start]
                before = "".join(out)[-1:]
                after = sentence[span.end: span.end + 1]
                spaced = (before.isalnum() and after.isalnum()) or (
                    force_spaces and before.strip() != "" and after.strip() != "")
                if spaced:
                    out.append(" ")  # "line<br>next": keep the words apart
                pair = pairs[k]
                role = roles[k]
                if pair is not None and pair not in new_index:
                    pair, role = None, "standalone"
                placed.append((span.text, span.kind, offset, role,
                               new_index[pair] if pair is not None else None, spaced))
            else:
                out.append(span.text)
                kept.append(Span(span.kind, span.text, offset, offset + len(span.text)))
        out.append(sentence[cursor:end])
        return "".join(out), kept, placed

    model_input, kept, placed = build(False)
    if placed and [s.text for s in find_spans(model_input, markdown=markdown)
                   if s.kind not in MARKUP_KINDS] != [s.text for s in kept]:
        # Taking the markup out glued protected spans together ("12<b>,13"):
        # a space in place of every inner markup keeps them apart.
        model_input, kept, placed = build(True)
    return Masked(
        source=sentence, prefix=prefix, suffix=suffix, model_input=model_input,
        kept=tuple(kept),
        markup=tuple(Markup(*item) for item in placed),
        markdown=markdown,
    )


def pair_markup(markup: list[Span]) -> tuple[list[str], list[int | None]]:
    """Roles (``open``, ``close``, ``standalone``) and partners (index in
    ``markup`` or None) of markup spans, in order: tags by name, emphasis by
    its marker, a link's ``[`` with its ``](url)``."""
    roles = ["standalone"] * len(markup)
    pairs: list[int | None] = [None] * len(markup)
    stack: list[tuple[str, int]] = []
    emphasis_open: dict[str, int] = {}
    link_open: int | None = None
    for k, span in enumerate(markup):
        if span.kind == "tag":
            name = re.match(r"</?([A-Za-z][A-Za-z0-9:-]*)", span.text).group(1).lower()
            if span.text.startswith("</"):
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == name:
                        opener = stack[depth][1]
                        del stack[depth:]
                        roles[opener], roles[k] = "open", "close"
                        pairs[opener], pairs[k] = k, opener
                        break
            elif not span.text.endswith("/>") and name not in _VOID_TAGS:
                stack.append((name, k))
        elif span.kind == "emphasis":
            if span.text in emphasis_open:
                opener = emphasis_open.pop(span.text)
                roles[opener], roles[k] = "open", "close"
                pairs[opener], pairs[k] = k, opener
            else:
                emphasis_open[span.text] = k
        elif span.kind == "link":
            if span.text.startswith(("[", "![")):
                link_open = k
            elif link_open is not None:
                roles[link_open], roles[k] = "open", "close"
                pairs[link_open], pairs[k] = k, link_open
                link_open = None
    return roles, pairs


def _edge_run(sentence: str, markup: list[Span], *, from_start: bool) -> list[int]:
    """Indices of the markup that, with whitespace only, starts (or ends) the sentence."""
    run: list[int] = []
    order = range(len(markup)) if from_start else range(len(markup) - 1, -1, -1)
    position = 0 if from_start else len(sentence)
    for k in order:
        span = markup[k]
        gap = sentence[position: span.start] if from_start else sentence[span.end: position]
        if gap.strip():
            break
        run.append(k)
        position = span.end if from_start else span.start
    return run if from_start else sorted(run)


# --------------------------------------------------------------------------
# checking


def check(source: str, target: str, *, markdown: bool = False) -> list[Repair]:
    """Verify without changing anything: every protected span (verbatim and
    markup) of ``source`` must occur in ``target`` as often.

    Returns:
        list[Repair]: one ``"missing"`` record per span not found, in source
        order; empty when all is well.

    >>> check("Paid 2.200.112 tenge", "Оплачено 2,200,12 тенге")
    [Repair(action='missing', kind='number', text='2.200.112', found=None)]
    """
    spans = find_spans(source, markdown=markdown)
    return [Repair("missing", span.kind, span.text) for span in missing_spans(spans, target)]


def missing_spans(spans: Sequence[Span], target: str) -> list[Span]:
    """The spans of ``spans`` that ``target`` does not contain as often as
    they occur (numbers must stand alone: "12" is not found in "2012")."""
    needed: dict[str, int] = {}
    missing: list[Span] = []
    for span in spans:
        needed[span.text] = needed.get(span.text, 0) + 1
        if needed[span.text] > _count(target, span.text, glued=span.kind not in NUMERIC_KINDS):
            missing.append(span)
    return missing


#: Kinds of span that are numbers: kept apart from letters and digits around them.
NUMERIC_KINDS = ("number", "date", "time")


def _count(text: str, part: str, *, glued: bool = True) -> int:
    """Occurrences of ``part`` in ``text``; with ``glued=False`` only those
    not glued to further letters or digits (so "12" is not found in "2012")."""
    if glued:
        return text.count(part)
    count = 0
    start = 0
    while True:
        found = text.find(part, start)
        if found < 0:
            return count
        before = text[max(found - 2, 0): found]
        after = text[found + len(part): found + len(part) + 2]
        if not _glued(before[-1:], before[:-1][-1:]) and not _glued(after[:1], after[1:2]):
            count += 1
            start = found + len(part)
        else:
            start = found + 1


def _glued(neighbour: str, beyond: str) -> bool:
    """A number touching ``neighbour`` (then ``beyond``) is part of a longer
    token: a letter or digit, or a separator followed by a digit ("12" in "12.03")."""
    return neighbour.isalnum() or (neighbour in (".", ",", ":", "/", "-", "–") and neighbour != ""
                                   and beyond.isdigit())




# --------------------------------------------------------------------------
# ALL CAPS: models are trained on mixed case and garble capitals, so an ALL
# CAPS sentence is translated in sentence case and given back in capitals.

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def is_all_caps(text: str, kept: Sequence[Span] = ()) -> bool:
    """True when every cased letter of ``text`` outside ``kept`` is a capital
    and there are at least two words of two letters or more (a lone "NATO"
    is an acronym, not a headline).

    >>> is_all_caps("PRESIDENT MEETS DEPUTIES"), is_all_caps("NATO"), is_all_caps("The UN met")
    (True, False, False)
    """
    text = _blank(text, kept)
    words = [w for w in _WORD.findall(text) if len(w) >= 2]
    return len(words) >= 2 and any(c.isupper() for c in text) and not any(c.islower() for c in text)


def truecase_map(texts: Sequence[str]) -> dict[str, str]:
    """How words are written inside mixed-case sentences (not their first
    word): lower case -> the most frequent spelling ("senate" -> "Senate",
    "nato" -> "NATO"), for :func:`sentence_case`."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        if is_all_caps(text):
            continue
        for match in list(_WORD.finditer(text))[1:]:
            word = match.group()
            forms = counts.setdefault(word.lower(), {})
            forms[word] = forms.get(word, 0) + 1
    return {lower: max(forms.items(), key=lambda item: (item[1], item[0] != lower))[0]
            for lower, forms in counts.items()}


def sentence_case(text: str, kept: Sequence[Span] = (), known: dict[str, str] | None = None) -> str:
    """``text`` (ALL CAPS) in sentence case: lower case but for the first
    letter and the words ``known`` spells otherwise (:func:`truecase_map`);
    ``kept`` spans unchanged. The result has the same length (offsets stay
    valid).

    >>> sentence_case("PRESIDENT TOKAYEV MEETS DEPUTIES", known={"tokayev": "Tokayev"})
    'President Tokayev meets deputies'
    """
    known = known or {}
    chars = list(text)
    blocked = [False] * len(text)
    for span in kept:
        for k in range(span.start, min(span.end, len(text))):
            blocked[k] = True
    first = True
    for match in _WORD.finditer(text):
        start, end = match.span()
        if any(blocked[start:end]):
            first = False
            continue
        word = match.group()
        form = known.get(word.lower())
        if form is None or len(form) != len(word):
            form = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
            if first:
                form = form[:1].upper() + form[1:] if len(form[:1].upper()) == 1 else form
        chars[start:end] = list(form)
        first = False
    return "".join(chars)


def upper_case(text: str, *, markdown: bool = False) -> str:
    """``text`` in capitals, except its protected spans (markup, URLs, code),
    which stay as they are."""
    spans = find_spans(text, markdown=markdown)
    out, cursor = [], 0
    for span in spans:
        out.append(_upper(text[cursor:span.start]))
        out.append(span.text)
        cursor = span.end
    out.append(_upper(text[cursor:]))
    return "".join(out)


def _upper(text: str) -> str:
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


def _blank(text: str, kept: Sequence[Span]) -> str:
    for span in sorted(kept, key=lambda s: -s.start):
        text = text[: span.start] + " " * (span.end - span.start) + text[span.end:]
    return text

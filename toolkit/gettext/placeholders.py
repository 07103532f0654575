"""Placeholders in gettext messages: finding, masking before machine
translation, restoring and repairing afterwards, and checking.

A placeholder is anything a program or a renderer substitutes or interprets
and that a translation must therefore keep character for character:

``python-format`` / ``c-format`` (*printf*)
    ``%s``, ``%d``, ``%5.2f``, ``%(name)s``, ``%%``, positional ``%1$s``.
``python-brace-format`` (*brace*)
    ``{name}``, ``{0}``, ``{0:.2f}``, ``{name!r}``, ``{}``, escapes ``{{`` ``}}``.
markup (always)
    HTML/XML tags ``<b>``, ``</a>``, ``<br/>``, ``<a href="...">``, comments,
    and character entities ``&amp;``, ``&#8212;``, ``&#x2014;``.

Which printf and brace syntaxes apply comes from the entry's PO flags, as
``msgfmt --check-format`` does: a ``python-format`` entry is parsed with
Python's rules (so a lone ``%`` is an error). Entries without a format flag
get only the unambiguous forms (``%s``, ``%d``, ``%(name)s``, ``%1$s``,
``{name}``, ``{0}``), so that "50% done" is left alone.

Machine translation damages raw placeholders in known ways: it translates
the names inside ``%(name)s``, turns ``%`` and ``(`` into full-width
``％`` ``（``, splits ``%1$s`` into ``% 1 $ s``, drops or repeats them.
:func:`mask` therefore replaces each one by an XML-like token ``<x1/>``
(an empty element: models trained on web text copy such tags, and Atau's own
MT pipeline, :mod:`toolkit.mt.protect`, takes tags out of the model's input and
puts them back by alignment). :func:`unmask` recognises damaged tokens
(``< x1 />``, ``<x1>``, Cyrillic ``<х1/>``, full-width ``＜x1／＞``) and then
calls :func:`repair`, which also fixes damaged *raw* placeholders and
re-inserts missing ones; :func:`compare` verifies the result.

>>> m = mask("Delete %(count)d files from <b>%s</b>?", {"python-format"})
>>> m.text
'Delete <x1/> files from <x2/><x3/><x4/>?'
>>> unmask(m, "Удалить <x1/> файлов из <x2/><x3/><x4/>?").text
'Удалить %(count)d файлов из <b>%s</b>?'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from ..mt.protect import ENTITY, TAG, Repair, Restored

__all__ = [
    "PRINTF_FLAGS",
    "BRACE_FLAGS",
    "Placeholder",
    "Issue",
    "MaskedMessage",
    "find_placeholders",
    "compare",
    "mask",
    "unmask",
    "repair",
    "is_count",
]

#: PO flags whose messages use printf-style directives (C dialect except
#: ``python-format``, which also has ``%(name)s``).
PRINTF_FLAGS = frozenset({"python-format", "c-format", "objc-format", "php-format"})
#: PO flags whose messages use Python's ``str.format`` syntax.
BRACE_FLAGS = frozenset({"python-brace-format"})

# printf: positional index, python name, flags, width, precision, length, conversion
_PRINTF = re.compile(r"""
    %
    (?:(?P<pos>[1-9]\d*)\$)?
    (?:\((?P<name>[^()%]*)\))?
    (?P<flags>[-#0 +']*)
    (?P<width>\*|\d+)?
    (?:\.(?P<prec>\*|\d+))?
    (?P<len>hh|h|ll|l|L|q|j|z|t)?
    (?P<conv>[diouxXeEfFgGaAcrsp%])
""", re.VERBOSE)
# Without a format flag: only what cannot be ordinary prose.
_PRINTF_LOOSE = re.compile(r"""
    %(?:
        (?P<pos>[1-9]\d*)\$[-#0+]*\d*(?:\.\d+)?(?P<c1>[diouxXeEfFgGcrs])
      | \((?P<name>[^\W\d]\w*)\)[-#0+]*\d*(?:\.\d+)?(?P<c2>[diouxXeEfFgGcrs])
      | (?P<c3>[sd])(?![^\W\d_])
      | (?P<c4>%)
    )
""", re.VERBOSE)
_BRACE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
_BRACE_LOOSE = re.compile(r"\{(?P<field>(?:[A-Za-z_]\w*|\d+)(?:\.[A-Za-z_]\w*|\[\w+\])*"
                          r"(?:![rsa])?(?::[^{}\s]*)?)\}")

_CONV_CLASS = {**dict.fromkeys("diouxX", "int"), **dict.fromkeys("eEfFgGaA", "float"),
               "c": "char", "s": "str", "r": "repr", "p": "pointer"}

# Full-width forms MT produces for ASCII punctuation and digits.
_WIDE = {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)}
_WIDE.update({"\u3000": " ", "\u2215": "/", "\u00a0": " "})
_WIDE_OF: dict[str, str] = {}
for _w, _a in _WIDE.items():
    _WIDE_OF.setdefault(_a, "")
    _WIDE_OF[_a] += _w


@dataclass(frozen=True)
class Placeholder:
    """One placeholder in a message.

    Attributes:
        text (str): as written, e.g. ``"%(name)s"``, ``"{0:.2f}"``, ``"<b>"``.
        start (int), end (int): character offsets in the message.
        syntax (str): ``"printf"``, ``"brace"``, ``"tag"`` or ``"entity"``.
        key (str): what must agree between msgid and msgstr: for printf the
            argument (name, or 1-based position, counting ``%s`` and ``%1$s``
            alike) and the type (``"(name):str"``, ``"2:int"``); for brace
            the field with its conversion and spec (``"0:.2f"``); for markup
            the text with whitespace collapsed. Empty for the escapes ``%%``,
            ``{{`` and ``}}``, which are kept but never compared.
    """

    text: str
    start: int
    end: int
    syntax: str
    key: str

    @property
    def escape(self) -> bool:
        """True for ``%%``, ``{{`` and ``}}``."""
        return self.key == ""


@dataclass(frozen=True)
class Issue:
    """A placeholder difference between a source and its translation.

    Attributes:
        problem (str): ``"missing"`` (in the source, not in the translation),
            ``"extra"`` (in the translation only), ``"malformed"`` (a ``%``
            or brace that is not a valid directive in a flagged message) or
            ``"misnested"`` (the same tags as the source, but a tag closes
            what is not open or stays open, where the source's tags nest).
        syntax (str): ``"printf"``, ``"brace"``, ``"tag"`` or ``"entity"``.
        text (str): the placeholder as written (source's for missing).
        format (str | None): the PO flag that makes it an error
            (``"python-format"``, ...), None for unflagged and markup.
    """

    problem: str
    syntax: str
    text: str
    format: str | None = None

    def __str__(self) -> str:
        return f"{self.problem} {self.syntax} placeholder {self.text!r}"

    def to_dict(self) -> dict:
        return {"problem": self.problem, "syntax": self.syntax, "text": self.text,
                "format": self.format}


@dataclass(frozen=True)
class MaskedMessage:
    """A message prepared for machine translation by :func:`mask`.

    Attributes:
        source (str): the message as given.
        text (str): the message with token ``<xN/>`` for ``placeholders[N-1]``.
        placeholders (tuple[Placeholder, ...]): in source order.
        flags (frozenset[str]): the PO flags it was masked with.
    """

    source: str
    text: str
    placeholders: tuple[Placeholder, ...]
    flags: frozenset[str] = frozenset()


# --------------------------------------------------------------------------
# finding


def _syntaxes(flags: Iterable[str]) -> tuple[str | None, str | None, bool]:
    """(printf flag or None, brace flag or None, loose detection wanted)."""
    flags = set(flags)
    printf = next((f for f in sorted(PRINTF_FLAGS) if f in flags), None)
    brace = next((f for f in sorted(BRACE_FLAGS) if f in flags), None)
    negated = {f[3:] for f in flags if f.startswith("no-")}
    return printf, brace, not (printf or brace) and not negated


def _printf(text: str, python: bool, loose: bool) -> list[Placeholder]:
    out: list[Placeholder] = []
    sequence = 0
    for m in (_PRINTF_LOOSE if loose else _PRINTF).finditer(text):
        if loose:
            conv = m.group("c1") or m.group("c2") or m.group("c3") or m.group("c4")
        else:
            conv = m.group("conv")
            if m.group("name") is not None and not python:
                continue  # %(name)s is Python only
        if conv == "%":
            if not loose and m.group() != "%%":
                continue  # "%5%" and the like: left for the malformed check
            out.append(Placeholder(m.group(), m.start(), m.end(), "printf", ""))
            continue
        cls = _CONV_CLASS.get(conv, conv)
        if m.group("name") is not None:
            arg = f"({m.group('name')})"
        elif m.group("pos"):
            arg = m.group("pos")
        else:
            sequence += 1
            arg = str(sequence)
        out.append(Placeholder(m.group(), m.start(), m.end(), "printf", f"{arg}:{cls}"))
    return out


def _brace(text: str, loose: bool) -> list[Placeholder]:
    out: list[Placeholder] = []
    auto = 0
    for m in (_BRACE_LOOSE if loose else _BRACE).finditer(text):
        field = m.group("field") if "field" in m.groupdict() else None
        if field is None:
            out.append(Placeholder(m.group(), m.start(), m.end(), "brace", ""))
            continue
        key = field.strip()
        if key == "" or key[0] in ":!":
            key = str(auto) + key
            auto += 1
        out.append(Placeholder(m.group(), m.start(), m.end(), "brace", key))
    return out


def _markup(text: str) -> list[Placeholder]:
    out = [Placeholder(m.group(), m.start(), m.end(), "tag", " ".join(m.group().split()))
           for m in TAG.finditer(text)]
    out += [Placeholder(m.group(), m.start(), m.end(), "entity", m.group())
            for m in ENTITY.finditer(text)]
    return out


def _all(text: str, flags: Iterable[str]) -> list[Placeholder]:
    printf, brace, loose = _syntaxes(flags)
    found: list[Placeholder] = []
    if printf:
        found += _printf(text, printf == "python-format", loose=False)
    elif loose:
        found += _printf(text, True, loose=True)
    if brace:
        found += _brace(text, loose=False)
    elif loose:
        found += _brace(text, loose=True)
    found += _markup(text)
    return found


def find_placeholders(text: str, flags: Iterable[str] = ()) -> list[Placeholder]:
    """The placeholders of ``text``, in order, without overlaps (a tag that
    contains a placeholder, ``<a href="%s">``, counts as one).

    Args:
        text (str): a msgid or msgstr.
        flags (Iterable[str]): the entry's PO flags (``{"python-format"}``...).

    Returns:
        list[Placeholder]

    >>> [p.text for p in find_placeholders("%(n)d of {total} <i>files</i> &amp; 50% done")]
    ['%(n)d', '{total}', '<i>', '</i>', '&amp;']
    """
    found = sorted(_all(text, flags), key=lambda p: (p.start, -p.end))
    out: list[Placeholder] = []
    for p in found:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


def is_count(placeholder: Placeholder) -> bool:
    """True for a placeholder that can hold the number of a plural message:
    an integer printf directive (``%d``, ``%(count)d``, ``%1$d``) or a brace
    field with an integer spec or a count-like name (``{n}``, ``{count}``,
    ``{0:d}``)."""
    if placeholder.syntax == "printf":
        return placeholder.key.endswith(":int")
    if placeholder.syntax == "brace" and placeholder.key:
        name, _, spec = placeholder.key.partition(":")
        return spec.endswith("d") or name in {"n", "num", "number", "count", "total", "0"}
    return False


# --------------------------------------------------------------------------
# checking


def _malformed(text: str, flags: Iterable[str], found: list[Placeholder]) -> list[Issue]:
    printf, brace, _loose = _syntaxes(flags)
    covered = [(p.start, p.end) for p in found if p.syntax in ("printf", "brace")]

    def inside(i: int) -> bool:
        return any(s <= i < e for s, e in covered)

    issues: list[Issue] = []
    if printf:
        for i, char in enumerate(text):
            if char == "%" and not inside(i):
                issues.append(Issue("malformed", "printf", text[i:i + 4].rstrip(), printf))
    if brace:
        for i, char in enumerate(text):
            if char in "{}" and not inside(i):
                issues.append(Issue("malformed", "brace", char, brace))
    return issues


def compare(source: str, target: str, flags: Iterable[str] = (), *,
            optional: Iterable[str] = ()) -> list[Issue]:
    """Check that ``target`` has the placeholders of ``source``.

    Placeholders are compared as multisets of :attr:`Placeholder.key`, per
    syntax: ``%s %d`` may become ``%2$d %1$s``; ``%(n)d`` may move; a
    ``%(n)d`` that became ``%(n)s`` is one missing and one extra.

    Args:
        source (str): the msgid (or msgid_plural).
        target (str): the msgstr.
        flags (Iterable[str]): the entry's PO flags.
        optional (Iterable[str]): keys the target may leave out (the count of
            a plural form used for one number only).

    Returns:
        list[Issue]: missing, extra and malformed placeholders; empty when
        the two agree.

    >>> [str(i) for i in compare("%(name)s: %d", "%(имя)s: %d", {"python-format"})]
    ["missing printf placeholder '%(name)s'", "extra printf placeholder '%(имя)s'"]
    """
    flags = set(flags)
    printf, brace, _ = _syntaxes(flags)
    src = [p for p in _all(source, flags) if not p.escape]
    tgt_all = _all(target, flags)
    tgt = [p for p in tgt_all if not p.escape]
    fmt_of = {"printf": printf, "brace": brace}
    issues: list[Issue] = []
    for syntax in ("printf", "brace", "tag", "entity"):
        want = Counter(p.key for p in src if p.syntax == syntax)
        have = Counter(p.key for p in tgt if p.syntax == syntax)
        for key in optional:
            if want[key] and not have[key]:
                want[key] = 0
        text_of = {p.key: p.text for p in src + tgt if p.syntax == syntax}
        for key in want:
            for _ in range(want[key] - have[key]):
                issues.append(Issue("missing", syntax, text_of[key], fmt_of.get(syntax)))
        for key in have:
            for _ in range(have[key] - want[key]):
                issues.append(Issue("extra", syntax, text_of[key], fmt_of.get(syntax)))
    issues += _malformed(target, flags, tgt_all)
    if not any(i.syntax == "tag" for i in issues):
        src_tags = [p.text for p in src if p.syntax == "tag"]
        tgt_tags = [p.text for p in tgt if p.syntax == "tag"]
        wrong = _misnested(tgt_tags)
        if wrong is not None and _misnested(src_tags) is None:
            issues.append(Issue("misnested", "tag", wrong))
    return issues


def _misnested(tags: list[str]) -> str | None:
    """The first tag that closes what is not open (``</b>…<b>``, ``<a><b></a></b>``)
    or that is left open, or None when the tags nest; empty elements
    (``<br/>``) and comments are skipped."""
    stack: list[tuple[str, str]] = []  # (name, tag) of the open tags
    for tag in tags:
        name = _tag_name(tag)
        closing, empty = _tag_shape(tag)
        if name is None or empty:
            continue
        if not closing:
            stack.append((name, tag))
        elif not stack or stack[-1][0] != name:
            return tag
        else:
            stack.pop()
    return stack[0][1] if stack else None


# --------------------------------------------------------------------------
# masking and restoring


def mask(text: str, flags: Iterable[str] = ()) -> MaskedMessage:
    """Replace each placeholder of ``text`` by a token ``<x1/>``, ``<x2/>``...

    Args:
        text (str): the message.
        flags (Iterable[str]): its PO flags.

    Returns:
        MaskedMessage: the model input and what the tokens stand for.

    >>> mask("{0:.2f} &amp; %s", {"python-brace-format"}).text
    '<x1/> <x2/> %s'
    """
    flags = frozenset(flags)
    found = find_placeholders(text, flags)
    out, cursor = [], 0
    for n, p in enumerate(found, start=1):
        out.append(text[cursor:p.start])
        out.append(f"<x{n}/>")
        cursor = p.end
    out.append(text[cursor:])
    return MaskedMessage(text, "".join(out), tuple(found), flags)


# Damaged tokens: "< x1 />", "<x1>", "</x1>", "<X1/>", Cyrillic "<х1/>",
# full-width "＜ｘ１／＞", "<x 1/>".
_TOKEN = re.compile(r"[<＜]\s*[/／]?\s*[xXхХｘＸ]\s*([0-9０-９]+)\s*[/／]?\s*[>＞]")


def unmask(masked: MaskedMessage, translation: str) -> Restored:
    """Put the placeholders back into the translation of ``masked.text``.

    Tokens are found even when damaged (see :data:`_TOKEN`); a token the
    model repeated is kept once, an unknown one is dropped, and whatever is
    still missing is repaired by :func:`repair`.

    Returns:
        Restored: the translation and the repairs made.

    >>> m = mask("Hello %(name)s!", {"python-format"})
    >>> unmask(m, "Привет, < х1 / >!").text
    'Привет, %(name)s!'
    >>> r = unmask(m, "Привет!"); r.text, [str(x) for x in r.repairs]
    ('Привет %(name)s!', ["inserted '%(name)s'"])
    """
    repairs: list[Repair] = []
    seen: set[int] = set()

    def put_back(m: re.Match) -> str:
        n = int(m.group(1).translate(_DIGITS))
        if 1 <= n <= len(masked.placeholders) and n not in seen:
            seen.add(n)
            return masked.placeholders[n - 1].text
        text = masked.placeholders[n - 1].text if 1 <= n <= len(masked.placeholders) else m.group()
        repairs.append(Repair("removed", "token", text, m.group()))
        return ""

    text = _TOKEN.sub(put_back, translation)
    text = re.sub(r"[ \t]{2,}", " ", text) if any(r.action == "removed" for r in repairs) else text
    fixed = repair(masked.source, text, masked.flags)
    return Restored(fixed.text, tuple(repairs) + fixed.repairs)


_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _loose_pattern(placeholder: str) -> re.Pattern:
    """A pattern for ``placeholder`` written with full-width characters
    and/or spaces between its characters."""
    parts = []
    for char in placeholder:
        variants = char + _WIDE_OF.get(char, "")
        if char.isspace():
            parts.append(r"\s*")
            continue
        parts.append("[" + "".join(re.escape(v) for v in variants) + "]")
    return re.compile(r"\s*".join(parts))


def repair(source: str, translation: str, flags: Iterable[str] = ()) -> Restored:
    """Make the placeholders of ``translation`` those of ``source``.

    In this order: damaged forms of a missing placeholder are rewritten
    (full-width ``％（name）s``, spaced ``% 1 $ s``, ``{ 0 }``); a named
    placeholder whose name was translated (``%(имя)s``, ``{имя}``) gets its
    name back; placeholders the source does not have are removed; what is
    still missing is inserted next to the placeholder it follows in the
    source, else at the same relative position (on a word boundary; at the
    start or end when it is there in the source).

    Args:
        source (str): the msgid.
        translation (str): the machine translation.
        flags (Iterable[str]): the entry's PO flags.

    Returns:
        Restored: the repaired text and what was done; ``compare(source,
        result.text, flags)`` is then empty.

    >>> repair("%1$s of %2$s", "% 1 $ s из ％2＄s", {"c-format"}).text
    '%1$s из %2$s'
    >>> repair("Hello %(name)s", "Привет %(имя)s", {"python-format"}).text
    'Привет %(name)s'
    """
    flags = frozenset(flags)
    repairs: list[Repair] = []
    text = translation
    wanted = find_placeholders(source, flags)
    # 1. damaged forms of what is missing
    for p in _missing(wanted, find_placeholders(text, flags)):
        taken = [(q.start, q.end) for q in find_placeholders(text, flags)]
        for m in _loose_pattern(p.text).finditer(text):
            if m.group() != p.text and not any(s < m.end() and m.start() < e for s, e in taken):
                text = text[:m.start()] + p.text + text[m.end():]
                repairs.append(Repair("normalised", p.syntax, p.text, m.group()))
                break
    # 2. translated names, one at a time (offsets change after each)
    source_texts = Counter(p.text for p in wanted)
    renamed = True
    while renamed:
        renamed = False
        have = find_placeholders(text, flags)
        still = _missing(wanted, have)
        for q in have:
            if source_texts[q.text] or q.escape:
                continue
            twin = next((p for p in still if p.syntax == q.syntax and _same_shape(p, q)), None)
            if twin is not None:
                text = text[:q.start] + twin.text + text[q.end:]
                repairs.append(Repair("renamed", twin.syntax, twin.text, q.text))
                renamed = True
                break
    # 3. placeholders the source does not have, or has fewer of
    seen: Counter = Counter()
    drop: list[Placeholder] = []
    for q in find_placeholders(text, flags):
        seen[q.text] += 1
        if seen[q.text] > source_texts[q.text]:
            drop.append(q)
    for q in reversed(drop):
        text = _cut(text, q.start, q.end)
        repairs.append(Repair("removed", q.syntax, q.text))
    # 4. what is still missing, in source order
    for p in _missing(wanted, find_placeholders(text, flags)):
        text = _insert(source, text, p, flags)
        repairs.append(Repair("inserted", p.syntax, p.text))
    return Restored(text, tuple(repairs))


def _missing(wanted: list[Placeholder], have: list[Placeholder]) -> list[Placeholder]:
    count = Counter(p.text for p in have)
    out = []
    for p in wanted:
        if count[p.text] > 0:
            count[p.text] -= 1
        else:
            out.append(p)
    return out


def _same_shape(p: Placeholder, q: Placeholder) -> bool:
    """``q`` could be ``p`` with its name translated: same syntax and type."""
    if p.syntax == "printf":
        return p.text.startswith("%(") and q.text.startswith("%(") and \
            p.key.split(":")[-1] == q.key.split(":")[-1]
    if p.syntax == "brace":
        return p.key.partition(":")[2] == q.key.partition(":")[2]
    if p.syntax == "tag":
        return _tag_name(p.text) is not None and _tag_shape(p.text) == _tag_shape(q.text)
    return False


def _tag_name(tag: str) -> str | None:
    m = re.match(r"</?([A-Za-z][\w:.-]*)", tag)
    return m.group(1).lower() if m else None


def _tag_shape(tag: str) -> tuple[bool, bool]:
    return tag.startswith("</"), tag.endswith("/>")


def _cut(text: str, start: int, end: int) -> str:
    before, after = text[:start], text[end:]
    if before.endswith(" ") and (after.startswith(" ") or not after or after[0] in ".,;:!?"):
        before = before[:-1]
    elif not before and after.startswith(" "):
        after = after[1:]
    return before + after


def _insert(source: str, text: str, p: Placeholder, flags: frozenset) -> str:
    """Insert missing placeholder ``p`` of ``source`` into ``text``."""
    src_all = find_placeholders(source, flags)
    have = find_placeholders(text, flags)
    # next to the placeholder it follows (or precedes) in the source
    i = next(k for k, q in enumerate(src_all) if q.start == p.start)
    if i > 0:
        prev = src_all[i - 1]
        gap = source[prev.end:p.start]
        if not gap.strip(" "):
            match = [q for q in have if q.text == prev.text]
            if match:
                at = match[0].end
                return text[:at] + gap + p.text + text[at:]
    if i + 1 < len(src_all):
        nxt = src_all[i + 1]
        gap = source[p.end:nxt.start]
        if not gap.strip(" "):
            match = [q for q in have if q.text == nxt.text]
            if match:
                at = match[0].start
                return text[:at] + p.text + gap + text[at:]
    stripped = source.strip()
    if source.lstrip().startswith(p.text) or not text.strip():
        sep = re.match(r"[\s:;,.\-–—]*", source[p.end:]).group()
        lead = len(text) - len(text.lstrip())
        if text[lead:].startswith(sep.strip()) and sep.strip():
            sep = ""
        return text[:lead] + p.text + sep + text[lead:]
    tail = re.search(r"[\s.,;:!?…)\]»\"']*$", text).start()
    src_tail = re.search(r"[\s.,;:!?…)\]»\"']*$", stripped).start()
    if stripped[:src_tail].endswith(p.text):
        sep = " " if source[p.start - 1:p.start] == " " else ""
        return text[:tail] + sep + p.text + text[tail:]
    # relative position, moved to the nearest word boundary
    ratio = p.start / max(len(source), 1)
    target = round(ratio * len(text))
    spaces = [m.start() for m in re.finditer(r" ", text[:tail])] or [tail]
    at = min(spaces, key=lambda s: abs(s - target))
    if at == tail:
        return text[:at] + " " + p.text + text[at:]
    if p.start > 0 and not source[p.start - 1].isspace():  # "</b>" sticks to the word before
        return text[:at] + p.text + text[at:]
    if p.end < len(source) and not source[p.end].isspace():  # "<b>" to the word after
        return text[:at + 1] + p.text + text[at + 1:]
    return text[:at] + " " + p.text + text[at:]

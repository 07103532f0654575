r"""Printing for the CLI: rich tables for people, JSON for machines, progress
bars on stderr. Only CLI modules import this, and every command prints
through it (tests/cli/test_output.py keeps it so).

Text from files and from a remote index never reaches the terminal as it
is: an escape sequence in a term, a file name or a package name could
otherwise move the cursor, rewrite the screen, set the window title (OSC)
or reverse the text (bidi controls). So, in one place:

* reports and tables (:data:`stdout`, :data:`stderr`, :func:`table`): every
  control character but line feed and tab (C0, DEL, C1: ESC, CSI, OSC...),
  every invisible format character (bidi controls, zero-width characters,
  soft hyphen...), the line and paragraph separators and lone surrogates
  are shown as their Python escapes (``\x1b``, ``\u202e``), always;
* error lines (:func:`one_line`): the same, line feeds and tabs too;
* JSON (:func:`print_json`, :func:`write_json_line`): exact (the same
  value), with those characters written as JSON ``\u`` escapes;
* documents written to standard output (:func:`write_text`): exact when
  standard output is a file or a pipe; on a terminal, escaped as reports
  are but keeping carriage returns (CRLF documents).
"""

from __future__ import annotations

import json
import re
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from rich.console import Console

# Unicode's format characters (category Cf, Unicode 15): bidi controls,
# zero-width characters, soft hyphen, tags. tests/cli/test_output.py checks
# the list against unicodedata.
_FORMAT = (r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
           r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
           r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
           r"\U000e0020-\U000e007f")
_OTHERS = r"\x7f-\x9f" + _FORMAT + r"\u2028\u2029\ud800-\udfff"
#: What is never printed as it is: C0 controls but tab and line feed, DEL,
#: C1 controls, format characters, line/paragraph separators, surrogates.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f" + _OTHERS + "]")
_UNSAFE_OR_BREAK = re.compile(r"[\x00-\x1f" + _OTHERS + "]")
_UNSAFE_BUT_CR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f" + _OTHERS + "]")


def _escape(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x100:
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe(text: str) -> str:
    r"""``text`` for a report line: the characters of :data:`UNSAFE` shown
    as Python escapes; line feeds and tabs kept.

    >>> safe("Сенат\x1b]0;owned\x07 \u202eabc")
    'Сенат\\x1b]0;owned\\x07 \\u202eabc'
    """
    return UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` for an error line: as :func:`safe`, line feeds and tabs
    escaped too, so that the message is one line."""
    return _UNSAFE_OR_BREAK.sub(_escape, text)


#: Tables with more rows than this are printed as plain aligned columns:
#: rich needs about a millisecond per row (a minute for a 50,000-concept
#: glossary), plain text a microsecond.
PLAIN_TABLE_ROWS = 1000


class _Console(Console):
    """A rich Console that shows unsafe characters as escapes
    (:func:`safe`) and prints large tables as plain text."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        from rich.table import Table

        if len(objects) == 1 and isinstance(objects[0], Table) and objects[0].row_count > PLAIN_TABLE_ROWS:
            self.file.write(plain_table(objects[0]))
            self.file.flush()
            return
        super().print(*(_safe_renderable(o) for o in objects), **kwargs)


def _safe_renderable(thing: Any) -> Any:
    """A string or a rich Text with :func:`safe` applied (a Text keeps its
    styles on the same characters); other renderables as they are (tables
    are made safe by :func:`table`)."""
    if isinstance(thing, str):
        return safe(thing)
    from rich.text import Span, Text

    if not isinstance(thing, Text) or UNSAFE.search(thing.plain) is None:
        return thing
    plain = thing.plain
    where = [0]  # where each character of plain starts in the escaped text, and the end
    pieces = []
    for char in plain:
        piece = safe(char)
        pieces.append(piece)
        where.append(where[-1] + len(piece))
    result = thing.copy()
    result.plain = "".join(pieces)
    result.spans = [Span(where[span.start], where[min(span.end, len(plain))], span.style) for span in thing.spans]
    return result


def plain_table(table) -> str:
    """A rich Table as text: a header line, then one line per row, columns
    separated by two spaces and padded to their width in terminal cells."""
    from rich.cells import cell_len

    columns = [[str(column.header)] + [str(cell) for cell in column.cells] for column in table.columns]
    if not columns:
        return ""
    widths = [max(cell_len(cell) for cell in column) for column in columns]
    lines = []
    for row in zip(*columns):
        cells = [cell + " " * (width - cell_len(cell)) for cell, width in zip(row[:-1], widths)]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    return "\n".join(lines) + "\n"


stdout = _Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
stderr = _Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def visible(text: str) -> str:
    """``text`` with every character that is not printable (control
    characters such as ESC, bidi controls, line breaks, unusual spaces)
    written as its Python escape (``\\x1b``, ``\\u202e``, ``\\n``), so that
    text from a file or a server can never drive the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def set_quiet(quiet: bool = True) -> None:
    """``--quiet``: nothing on stderr but errors (which the CLI prints
    itself, not through :data:`stderr`): no notes, summaries, progress."""
    stderr.quiet = quiet


def print_json(data: Any) -> None:
    """Print ``data`` as UTF-8 JSON (not ASCII-escaped) on stdout; the
    characters of :data:`UNSAFE` are written as ``\\u`` escapes (the same
    JSON value)."""
    sys.stdout.write(json_text(data, indent=2) + "\n")
    sys.stdout.flush()


def write_json_line(data: Any) -> None:
    """Print ``data`` as one line of JSON (JSON Lines), as :func:`print_json`."""
    sys.stdout.write(json_text(data) + "\n")
    sys.stdout.flush()


def json_text(data: Any, indent: int | None = None) -> str:
    """``data`` as JSON text, UTF-8 but for the characters of
    :data:`UNSAFE`, written as ``\\u`` escapes (a surrogate pair beyond
    U+FFFF)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=_default)
    return UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match) -> str:
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i] << 8 | units[i + 1]:04x}" for i in range(0, len(units), 2))


def write_text(text: str) -> None:
    """Write ``text`` (a document) to stdout as UTF-8 bytes: exactly (no
    newline translation) to a file or a pipe; to a terminal, with the
    characters of :data:`UNSAFE` but carriage returns shown as escapes."""
    sys.stdout.flush()
    if _is_terminal(sys.stdout):
        text = _UNSAFE_BUT_CR.sub(_escape, text)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8", "surrogateescape"))
        buffer.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def table(*columns: str, title: str | None = None):
    """A rich Table with the given column headers; the text of its cells is
    shown with :func:`safe`."""
    from rich.table import Table

    class SafeTable(Table):
        def add_row(self, *renderables, **kwargs):
            super().add_row(*(safe(r) if isinstance(r, str) else r for r in renderables), **kwargs)

    result = SafeTable(title=safe(title) if title else title, show_lines=False, header_style="bold")
    for column in columns:
        result.add_column(column, overflow="fold")
    return result


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, shown only when stderr is a terminal (and
    not with ``--quiet``).

    Yields a function ``advance(n)`` (or ``update(done, total)`` through
    keyword ``total=``) to report work done.
    """
    if not stderr.is_terminal or stderr.quiet:
        def noop(*_args: Any, **_kwargs: Any) -> None:
            return None

        yield noop
        return
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TimeRemainingColumn(), console=stderr, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(n: int = 1, *, done: int | None = None, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total)
            if done is not None:
                bar.update(task, completed=done)
            else:
                bar.advance(task, n)

        yield advance


@contextmanager
def naming(file) -> Iterator[None]:
    """Errors about the content of ``file`` (a broken JSON document, a
    damaged PO header) that do not say which file it is name it
    (``None`` or ``-``: standard input)."""
    from ..errors import InputError

    try:
        yield
    except InputError as exc:
        if exc.path is None:
            exc.path = "<stdin>" if file in (None, "-") else str(file)
        raise

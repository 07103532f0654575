"""Printing for the CLI: rich tables for people, JSON for machines, progress
bars on stderr. Only CLI modules import this."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from rich.console import Console

#: Tables with more rows than this are printed as plain aligned columns:
#: rich needs about a millisecond per row (a minute for a 50,000-concept
#: glossary), plain text a microsecond.
PLAIN_TABLE_ROWS = 1000


class _Console(Console):
    """A rich Console that prints large tables as plain text."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        from rich.table import Table

        if len(objects) == 1 and isinstance(objects[0], Table) and objects[0].row_count > PLAIN_TABLE_ROWS:
            self.file.write(plain_table(objects[0]))
            self.file.flush()
            return
        super().print(*objects, **kwargs)


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
    """Print ``data`` as UTF-8 JSON (not ASCII-escaped) on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")
    sys.stdout.flush()


def write_text(text: str) -> None:
    """Write ``text`` to stdout as UTF-8 bytes, exactly (no newline translation)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    return str(obj)


def table(*columns: str, title: str | None = None):
    """A rich Table with the given column headers."""
    from rich.table import Table

    result = Table(title=title, show_lines=False, header_style="bold")
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

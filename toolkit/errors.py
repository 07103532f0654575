"""Exceptions raised by Atau's core.

Every error a user can cause is an :class:`AtauError` with a message that says
what went wrong and, where known, in which file and on which line. The command
line turns them into one line on stderr and exit code :attr:`AtauError.exit_code`.
"""

from __future__ import annotations

import os

__all__ = [
    "AtauError",
    "InputError",
    "GlossaryError",
    "ConflictError",
    "ModelError",
    "ModelNotFoundError",
    "PackageError",
    "DownloadError",
]


class AtauError(Exception):
    """Root of Atau's exceptions.

    Attributes:
        exit_code (int): exit status the CLI uses for this error (2: usage or
            input error).
    """

    exit_code = 2


class InputError(AtauError):
    """A file or argument could not be read or does not make sense.

    Args:
        message (str): what is wrong, in words a user understands.
        path (str | os.PathLike | None): the file concerned, if any.
        line (int | None): 1-based line number in that file, if known.
        column (int | None): 1-based column, if known.

    ``str(error)`` is ``"path:line:column: message"`` with the known parts
    (``"line 3, column 7: message"`` when only the position is known).
    """

    def __init__(self, message: str, path: str | os.PathLike | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.column = column
        super().__init__(message)

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}" + (f", column {self.column}" if self.column is not None else "") + ": "
        return where + self.message


class GlossaryError(InputError):
    """A glossary is malformed, or an operation on it is impossible
    (unknown concept id, duplicate id, ...)."""


class ConflictError(GlossaryError):
    """An import would overwrite differing data and ``on_conflict='fail'``.

    Attributes:
        conflicts (list): the :class:`toolkit.termbase.merge.Conflict` records found.
    """

    def __init__(self, message: str, conflicts: list | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.conflicts = list(conflicts or [])


class ModelError(AtauError):
    """A translation model cannot be loaded or run."""


class ModelNotFoundError(ModelError):
    """No installed package translates the requested language pair.

    Attributes:
        from_code (str), to_code (str): the pair asked for.
    """

    def __init__(self, message: str, from_code: str, to_code: str) -> None:
        super().__init__(message)
        self.from_code = from_code
        self.to_code = to_code


class PackageError(InputError):
    """A model package (.argosmodel) is damaged, unsafe or incomplete."""


class DownloadError(AtauError):
    """A download failed: no network, HTTP error, truncated or damaged file."""

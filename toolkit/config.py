"""Atau's settings file: defaults for the options one types every day.

The file is TOML (tomllib, or tomli on Python 3.10) at ``$ATAU_CONFIG``, else
``config.toml`` in the user's config folder (platformdirs:
``$XDG_CONFIG_HOME/atau/config.toml``, by default
``~/.config/atau/config.toml`` on Linux). Every key is optional::

    from = "en"            # --from of translate, enforce, check, eval, catalog translate
    to = "kk"              # --to of the same commands
    glossary = "~/terms"   # the glossary, after --glossary and $ATAU_GLOSSARY
    beam_size = 2          # translate --beam-size (1-16)
    threads = 4            # translate --threads (0: all cores, at most 8)
    quiet = true           # --quiet for every command
    cache_max_mb = 256     # the cache's size limit (toolkit.cache)
    cache_max_age_days = 30  # cache entries unused this long are deleted

An option given on the command line wins over the file; the file wins over
Atau's built-in defaults. A relative ``glossary`` path is taken from the
file's folder. ``atau config`` shows each setting in force and where it
comes from.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError
from .i18n import _

__all__ = ["Setting", "Config", "config_path", "load_config", "KEYS", "DEFAULTS"]

#: The keys of the file, with the type of their value.
KEYS: dict[str, type] = {"from": str, "to": str, "glossary": str, "beam_size": int, "threads": int,
                         "quiet": bool, "cache_max_mb": int, "cache_max_age_days": int}
#: Atau's built-in values (None: no default, the option must be given).
DEFAULTS: dict[str, Any] = {"from": None, "to": None, "glossary": None, "beam_size": 4, "threads": 0,
                            "quiet": False, "cache_max_mb": 256, "cache_max_age_days": 30}
_RANGES = {"beam_size": (1, 16), "threads": (0, 256), "cache_max_mb": (1, 1 << 20),
           "cache_max_age_days": (1, 36500)}
#: Longest config file read (it holds a few short settings).
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Setting:
    """One setting in force.

    Attributes:
        key (str): a key of :data:`KEYS`.
        value: its value (None: not set, no default).
        source (str): where it comes from: the config file's path, or
            ``"default"`` (Atau's built-in value).
    """

    key: str
    value: Any
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "source": self.source}


@dataclass(frozen=True)
class Config:
    """The settings file as read.

    Attributes:
        path (Path): where the file is (or would be).
        exists (bool): whether it exists.
        values (dict): the keys it sets, checked (a glossary path expanded).
    """

    path: Path
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """The file's value for ``key``, else Atau's default."""
        return self.values.get(key, DEFAULTS[key])

    def settings(self) -> list[Setting]:
        """Every key with its value and source, in :data:`KEYS` order."""
        return [Setting(key, self.values[key], str(self.path)) if key in self.values
                else Setting(key, DEFAULTS[key], "default") for key in KEYS]


def config_path() -> Path:
    """``$ATAU_CONFIG``, else ``config.toml`` in the user's config folder."""
    if os.environ.get("ATAU_CONFIG"):
        return Path(os.environ["ATAU_CONFIG"]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("atau", appauthor=False) / "config.toml"


def load_config(path: str | os.PathLike | None = None) -> Config:
    """Read and check the settings file (:func:`config_path` when ``path``
    is None); a missing file is no settings. Read once per process and file
    version (path, size, modification time).

    Raises:
        InputError: the file is not TOML (with line and column), sets an
            unknown key (with a suggestion), or a value of the wrong type or
            out of range; a language that is not one (``to = "kz"``).
    """
    path = Path(path) if path is not None else config_path()
    try:
        info = path.stat()
    except OSError:
        return Config(path)
    return _load(str(path), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path_text: str, size: int, mtime: int) -> Config:
    from .fileio import decode_text, read_bytes

    path = Path(path_text)
    if size > MAX_BYTES:
        raise InputError(_("the settings file is {size} bytes; a settings file holds a few lines").format(size=size),
                         path)
    text = decode_text(read_bytes(path), path)
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if found:
            raise InputError(_("not TOML: {error}").format(error=message[: found.start()]), path,
                             int(found.group(1)), int(found.group(2))) from exc
        raise InputError(_("not TOML: {error}").format(error=message), path) from exc
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(key.replace("-", "_"), list(KEYS), n=1, cutoff=0.6)
            hint = (_("; did you mean {key!r}?").format(key=close[0]) if close
                    else _("; the settings are: {keys}").format(keys=", ".join(KEYS)))
            raise InputError(_("unknown setting {key!r}").format(key=key) + hint, path)
        values[key] = _checked(key, value, path)
    return Config(path, True, values)


def _checked(key: str, value: Any, path: Path) -> Any:
    kind = KEYS[key]
    if kind is int and isinstance(value, bool) or not isinstance(value, kind):
        names = {str: _("text in quotes"), int: _("a whole number"), bool: _("true or false")}
        raise InputError(_("{key} must be {kind}, not {value!r}").format(key=key, kind=names[kind], value=value),
                         path)
    if key in _RANGES:
        low, high = _RANGES[key]
        if not low <= value <= high:
            raise InputError(_("{key} must be from {low} to {high}, not {value}").format(
                key=key, low=low, high=high, value=value), path)
    if key in ("from", "to"):
        from .langtags import check_language

        try:
            check_language(value)
        except InputError as exc:
            raise InputError(f"{key}: {exc.message}", path) from exc
    if key == "glossary":
        glossary = Path(value).expanduser()
        return str(glossary if glossary.is_absolute() else path.parent / glossary)
    return value

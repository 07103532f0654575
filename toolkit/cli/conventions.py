"""What every ``atau`` command does alike: help and usage errors in the
user's language and on one line, language options checked, ``--quiet``.

typer 0.28 runs on its own copy of click (``typer._click``), whose words
("Usage:", "Show this message and exit.", "Missing option", "No such
option", ...) are plain English strings, not gettext messages; typer's own
("Options", "Commands", "[required]") go through gettext's global
``messages`` domain, which Atau does not touch. So Atau translates them
where they are printed:

* help: every command's context makes its help with
  :class:`AtauHelpFormatter`, which puts the fixed words through
  :func:`toolkit.i18n._` (the table in :func:`_click_words`, extracted into
  Atau's catalog like any message);
* usage errors: :func:`usage_message` rebuilds click's exception as one
  translated line from the exception's data (which option, which value), and
  :class:`toolkit.cli.main.AtauGroup` prints it as ``atau: error: ...``.

:func:`install` applies this to a command tree: the help formatter, a
``--quiet`` option on every command, and a check of ``--from``, ``--to``,
``--lang`` and ``--langs`` values and the FROM/TO arguments of ``atau models``
(:func:`toolkit.langtags.check_language`:
``--to kz`` is "unknown language 'kz'; did you mean 'kk' (Kazakh)?").
"""

from __future__ import annotations

import re
from typing import Any, Callable

from typer.core import TyperOption

try:  # typer 0.22 to 0.28 run on their own copy of click
    from typer._click import core as _core
    from typer._click import exceptions as _exceptions
    from typer._click import formatting as _formatting
except ImportError:  # pragma: no cover - typer on click itself
    from click import core as _core
    from click import exceptions as _exceptions
    from click import formatting as _formatting

from ..i18n import _

__all__ = ["AtauContext", "AtauHelpFormatter", "install", "usage_message", "quiet_option",
           "LANGUAGE_OPTIONS"]

#: Options whose value is one language code, and one with a comma-separated list.
LANGUAGE_OPTIONS = frozenset({"--from", "--to", "--lang"})
LANGUAGE_LIST_OPTIONS = frozenset({"--langs"})
#: Arguments whose value is a language code (``atau models install en kk``).
LANGUAGE_ARGUMENTS = frozenset({"from_code", "to_code"})


def _click_words() -> dict[str, str]:
    """click's and typer's fixed words in help output, translated."""
    return {
        "Usage:": _("Usage:"),
        "Options": _("Options"),
        "Commands": _("Commands"),
        "Arguments": _("Arguments"),
        "Show this message and exit.": _("Show this message and exit."),
        "required": _("required"),
    }


_EXTRA = re.compile(r"^(?P<help>.*?)(?P<gap>\s*)\[(?P<extra>[^\[\]]*)\]$", re.S)


class AtauHelpFormatter(_formatting.HelpFormatter):
    """click's help formatter with its fixed words in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = _click_words()["Usage:"] + " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_click_words().get(heading, heading))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(first, _translate_help(second)) for first, second in rows], col_max, col_spacing)


def _translate_help(text: str) -> str:
    """A help text with click's words translated: "Show this message and
    exit." and the ``[required]``, ``[default: X]``, ``[env var: X]`` that
    typer appends."""
    words = _click_words()
    if text in words:
        return words[text]
    found = _EXTRA.match(text)
    if not found:
        return text
    parts = []
    for part in found.group("extra").split("; "):
        if part in words:
            parts.append(words[part])
        elif part.startswith("default: "):
            parts.append(_("default: {default}").format(default=part[len("default: "):]))
        elif part.startswith("env var: "):
            parts.append(_("env var: {var}").format(var=part[len("env var: "):]))
        else:
            parts.append(part)
    help_text = words.get(found.group("help"), found.group("help"))
    return f"{help_text}{found.group('gap')}[{'; '.join(parts)}]"


class AtauContext(_core.Context):
    """A click context whose help is made by :class:`AtauHelpFormatter`."""

    formatter_class = AtauHelpFormatter


# --------------------------------------------------------------------------
# usage errors


def usage_message(exc: _exceptions.ClickException) -> str:
    """click's usage error as one line in the user's language, without
    click's usage block: ``no such command 'translat'; did you mean
    'translate'?``, ``missing option --from``, ``invalid value for
    --beam-size: 0 is not in the range 1<=x<=16``."""
    ctx = getattr(exc, "ctx", None)
    message = exc.message if isinstance(exc.message, str) else str(exc)
    if isinstance(exc, _exceptions.MissingParameter):
        return _missing(exc)
    if isinstance(exc, _exceptions.NoSuchOption):
        text = _("no such option: {option}").format(option=exc.option_name)
        possible = sorted(exc.possibilities or ())
        if possible:
            text += _("; did you mean {suggestion}?").format(suggestion=possible[0])
        return text
    if isinstance(exc, _exceptions.BadParameter):
        hint = _param_name(exc.param, ctx) if exc.param is not None else None
        problem = _value_problem(message)
        if hint is None:
            return _("invalid value: {problem}").format(problem=problem)
        return _("invalid value for {param}: {problem}").format(param=hint, problem=problem)
    found = re.fullmatch(r"No such command '(.*)'\.(?: Did you mean .*)?", message, re.S)
    if found:
        return _no_such_command(found.group(1), ctx)
    if message == "Missing command.":
        return _("missing command; the commands are: {commands}").format(commands=", ".join(_commands(ctx)))
    found = re.fullmatch(r"Option '(.*)' requires (?:an argument|(\d+) arguments)\.", message)
    if found:
        return _("option {option} needs a value").format(option=found.group(1))
    found = re.fullmatch(r"Option '(.*)' does not take a value\.", message)
    if found:
        return _("option {option} takes no value").format(option=found.group(1))
    found = re.fullmatch(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message, re.S)
    if found:
        return _("unexpected extra argument(s): {args}").format(args=found.group(1))
    return exc.format_message()


def _commands(ctx) -> list[str]:
    command = getattr(ctx, "command", None)
    if command is None or not hasattr(command, "list_commands"):
        return []
    return list(command.list_commands(ctx))


def _no_such_command(name: str, ctx) -> str:
    import difflib

    commands = _commands(ctx)
    close = difflib.get_close_matches(name, commands, n=1, cutoff=0.6)
    if close:
        return _("no such command {name!r}; did you mean {suggestion!r}?").format(name=name, suggestion=close[0])
    return _("no such command {name!r}; the commands are: {commands}").format(
        name=name, commands=", ".join(commands))


def _param_name(param, ctx) -> str:
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "option" and opts:
        return max(opts, key=len)
    return (param.metavar or param.name or "").upper() if param is not None else ""


def _missing(exc) -> str:
    param = exc.param
    name = _param_name(param, exc.ctx) if param is not None else ""
    kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
    if kind == "option":
        return _("missing option {name}").format(name=name)
    if kind == "argument":
        return _("missing argument {name}").format(name=name)
    return _("missing parameter {name}").format(name=name)


_NUMBER_TYPES = {"integer": "whole", "int": "whole", "integer range": "whole", "int range": "whole",
                 "float": "number", "float range": "number"}
_VALUE_PROBLEMS: tuple[tuple[re.Pattern, Callable[[re.Match], str]], ...] = (
    (re.compile(r"(?P<v>.*) is not in the range (?P<r>.*)\.", re.S),
     lambda m: _("{value} is not in the range {range}").format(value=m.group("v"), range=m.group("r"))),
    (re.compile(r"'(?P<v>.*)' is not a valid boolean\..*", re.S),
     lambda m: _("{value!r} is not true or false").format(value=m.group("v"))),
    (re.compile(r"'(?P<v>.*)' is not one of (?P<c>.*)\.", re.S),
     lambda m: _("{value!r} is not one of {choices}").format(value=m.group("v"), choices=m.group("c"))),
    (re.compile(r"'(?P<v>.*)' is not a valid (?P<t>[a-z ]+)\.", re.S), lambda m: _not_valid(m.group("v"), m.group("t"))),
)


def _not_valid(value: str, kind: str) -> str:
    number = _NUMBER_TYPES.get(kind)
    if number == "whole":
        return _("{value!r} is not a whole number").format(value=value)
    if number == "number":
        return _("{value!r} is not a number").format(value=value)
    return _("{value!r} is not a valid {kind}").format(value=value, kind=kind)


def _value_problem(message: str) -> str:
    for pattern, render in _VALUE_PROBLEMS:
        found = pattern.fullmatch(message)
        if found:
            return render(found)
    return message


# --------------------------------------------------------------------------
# --quiet and language options


def _set_quiet(ctx, param, value: bool) -> bool:
    if value:
        from . import output

        output.set_quiet(True)
    return value


def quiet_option() -> TyperOption:
    """``-q/--quiet``: only errors on stderr (no notes, summaries, progress)."""
    return TyperOption(param_decls=["--quiet", "-q"], is_flag=True, default=False, expose_value=False,
                       is_eager=True, callback=_set_quiet,
                       help=_("Print nothing but errors on stderr: no notes, summaries or progress."))


def _installed_languages() -> list[str]:
    """The languages of the installed models (read only when a code is
    unknown: the common case costs nothing)."""
    try:
        from ..mt.packages import installed_packages

        return sorted({code for p in installed_packages() for code in (p.from_code, p.to_code)})
    except Exception:  # noqa: BLE001 - no Argos settings, unreadable folders: Atau's own languages
        return []


def check_language_value(value: str) -> str:
    """A language option's value checked (:func:`toolkit.langtags.check_language`)
    against Atau's languages, CLDR's and the installed models'. The value is
    returned as typed: the commands normalise it themselves."""
    from ..errors import InputError
    from ..langtags import check_language

    try:
        check_language(value)
    except InputError:
        check_language(value, known=_installed_languages())
    return value


def _checked(callback: Callable | None, many: bool) -> Callable:
    def check(ctx, param, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            if many:
                for code in value.split(","):
                    if code.strip():
                        check_language_value(code.strip())
            else:
                check_language_value(value)
        return callback(ctx, param, value) if callback is not None else value

    return check


#: Commands whose options take their default from the settings file
#: (:mod:`toolkit.config`), and which options: those that give a translation
#: direction or translation settings (``glossary import --from`` names a
#: file's languages and ``models list --to`` filters: they keep theirs).
CONFIGURED_COMMANDS = frozenset({"translate", "enforce", "check", "eval", "catalog translate"})
CONFIGURED_OPTIONS = {"--from": "from", "--to": "to", "--beam-size": "beam_size", "--threads": "threads"}


def install(command: _core.Command, *, config=None, path: str | None = None, quiet: bool = True) -> None:
    """Apply Atau's conventions to ``command`` and its subcommands, in place:
    help in the user's language, language options checked, ``--quiet``, and
    defaults from the settings file ``config`` (a :class:`toolkit.config.Config`)
    for the options of :data:`CONFIGURED_COMMANDS`.

    Args:
        path (str): the command's name after ``atau`` (``"catalog translate"``);
            default ``command.name``.
    """
    path = path if path is not None else (command.name or "")
    command.context_class = AtauContext
    names = {opt for param in command.params for opt in getattr(param, "opts", [])}
    for param in command.params:
        opts = set(getattr(param, "opts", []))
        if getattr(param, "param_type_name", "") == "argument" and param.name in LANGUAGE_ARGUMENTS:
            param.callback = _checked(param.callback, many=False)
        if getattr(param, "param_type_name", "") != "option":
            continue
        if opts & LANGUAGE_OPTIONS:
            param.callback = _checked(param.callback, many=False)
        elif opts & LANGUAGE_LIST_OPTIONS:
            param.callback = _checked(param.callback, many=True)
        if config is not None and path in CONFIGURED_COMMANDS:
            for opt in opts & set(CONFIGURED_OPTIONS):
                value = config.values.get(CONFIGURED_OPTIONS[opt])
                if value is not None:
                    param.default = value
                    param.required = False
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in subcommands.items():
            install(sub, config=config, path=f"{path} {name}".strip(), quiet=quiet)
    elif quiet and not names & {"--quiet", "-q"}:
        command.params.append(quiet_option())

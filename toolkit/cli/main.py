"""The ``atau`` command: command groups, global options, error handling.

This is the one place that turns :class:`toolkit.errors.AtauError` and
click's usage errors into a message and an exit code: 0 success, 1 findings,
2 usage or input errors, 3 an unexpected error (a bug: one line, the
traceback only with ``--debug``). Every error is one line,
``atau: error: ...``, in the user's language (:mod:`.conventions`), with
control characters from the input shown as escapes (:func:`_error`).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from .. import __version__
from ..errors import AtauError
from ..i18n import _
from .conventions import AtauContext, usage_message


class AtauGroup(TyperGroup):
    """Click group that prints AtauError as one line and exits 2 (or the
    error's own exit code); a traceback only with ``--debug``/``ATAU_DEBUG=1``.
    click's usage errors are one line too (:func:`.conventions.usage_message`)."""

    context_class = AtauContext

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode: bool = True, **extra):
        """click's ``main``, with usage errors printed as one translated line
        (``atau: error: no such command 'translat'; did you mean
        'translate'?``, exit 2) instead of click's usage block."""
        if os.environ.get("_ATAU_COMPLETE"):  # shell completion (atau completion): typer's classes
            from typer._completion_classes import completion_init

            completion_init()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        from typer import _click

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except _click.exceptions.ClickException as exc:
            _error(f"{_('error')}: {usage_message(exc)}")
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo(f"atau: {_('interrupted')}", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _silence_broken_pipe()
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def list_commands(self, ctx) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx, cmd_name: str):
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in COMMANDS:
            command = self.commands[cmd_name] = load_command(cmd_name)
        return command

    def shell_complete(self, ctx, incomplete: str):
        """Shell completion of a command name from :data:`COMMANDS`, without
        importing the commands (options: click's own completion)."""
        if incomplete.startswith("-"):
            return super().shell_complete(ctx, incomplete)
        from typer._click.shell_completion import CompletionItem

        return [CompletionItem(name, help=short) for name, (_module, _attribute, short) in COMMANDS.items()
                if name.startswith(incomplete)]

    def format_commands(self, ctx, formatter) -> None:
        # The listing comes from COMMANDS, so that `atau --help` builds no subcommand.
        rows = [(name, short) for name, (_module, _attribute, short) in COMMANDS.items()]
        with formatter.section("Commands"):  # as click writes "Options"
            formatter.write_dl(rows)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AtauError as exc:
            if _debug(ctx):
                _print_traceback()
            _error(f"{_('error')}: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo(f"atau: {_('interrupted')}", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            _silence_broken_pipe()
            raise typer.Exit(1) from None
        except OSError as exc:
            if _debug(ctx):
                _print_traceback()
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            _error(f"{_('error')}: {where}{exc.strerror or exc}")
            raise typer.Exit(2) from None
        except (TyperException, typer.Exit):  # usage errors, --help, exit codes: click's own handling
            raise
        except MemoryError:
            if _debug(ctx):
                _print_traceback()
            _error(f"{_('error')}: {_('out of memory (is the input absurdly large?)')}")
            raise typer.Exit(INTERNAL_ERROR) from None
        except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
            if _debug(ctx):
                _print_traceback()
            _error(f"{_('internal error')}: {type(exc).__name__}: {_shorten(str(exc))} "
                   f"({_('a bug in atau: run with --debug for the traceback and report it')})")
            raise typer.Exit(INTERNAL_ERROR) from None


INTERNAL_ERROR = 3
"""Exit status for an error that is a bug in Atau, not in the input."""


def _error(message: str) -> None:
    """Print ``atau: MESSAGE`` on stderr as one line, the characters that
    could drive the terminal (escape sequences, bidi controls) or break the
    line shown as escapes (:func:`.output.one_line`): an error quotes text
    from files and servers."""
    from .output import one_line

    typer.echo(f"atau: {one_line(message)}", err=True)


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _print_traceback() -> None:
    """With --debug: the traceback on stderr before the one-line error, and
    the exit status stays the error's (2 for input, 3 for a bug), not
    Python's 1, which means findings."""
    import traceback

    traceback.print_exc()


def _debug(ctx) -> bool:
    return bool((ctx.obj or {}).get("debug")) or os.environ.get("ATAU_DEBUG") == "1"


def _silence_broken_pipe() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


app = typer.Typer(
    cls=AtauGroup,
    name="atau",
    help=_("Atau: offline translation and terminology for Kazakhstan's official names "
           "(English, Russian, Kazakh).\n\nExample: atau glossary list --lang ru"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"atau {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks for errors."))] = False,
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_version_callback, is_eager=True,
        help=_("Print the version and exit."))] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help=_("Print nothing but errors on stderr: no notes, summaries or progress."))] = False,
) -> None:
    """Atau: offline translation and terminology for Kazakhstan's official names."""
    ctx.obj = {"debug": debug}
    from ..config import load_config
    from . import output

    # `atau config` reports a broken settings file itself (and --path works despite it).
    output.set_quiet(quiet or (ctx.invoked_subcommand != "config" and bool(load_config().get("quiet"))))


# The subcommands, in the order ``atau --help`` lists them: name -> (module
# of toolkit.cli, attribute: a typer.Typer group or a command function, the
# one-line help of the listing). They are imported and built only when
# used, so ``atau --help`` and ``atau glossary list`` do not pay for the
# translation and catalog commands (start-up, benchmarks/bench_startup.py).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "translate": ("translate", "translate", _("Translate a document offline, enforcing the glossary.")),
    "enforce": ("terms", "enforce", _("Put the glossary's preferred terms into a machine translation.")),
    "check": ("terms", "check", _("Check a translation against the glossary; change nothing.")),
    "eval": ("terms", "eval_", _("Score a translation: term-use rate, chrF and BLEU.")),
    "glossary": ("glossary", "app", _("Keep the termbase: list, search, edit, import, export, validate.")),
    "catalog": ("catalog", "app", _("Gettext catalogs: the glossary as PO/MO, PO for post-editing.")),
    "models": ("models", "app", _("Manage translation models (Argos Translate packages).")),
    "serve": ("serve", "serve", _("Serve LibreTranslate's HTTP API, glossary enforced, and a page.")),
    "memory": ("memory", "app", _("The translation memory: import, export (TMX, CSV), stats, search.")),
    "config": ("config", "config", _("Show the settings in force and where each comes from.")),
    "completion": ("completion", "completion", _("Print or install shell completion (bash, zsh, fish).")),
}


def load_command(name: str):
    """Import and build the subcommand ``name`` of :data:`COMMANDS`.

    Returns a click command (a group for ``glossary``, ``catalog`` and
    ``models``). Raises ``KeyError`` for a name not in :data:`COMMANDS`.
    """
    import importlib

    module_name, attribute, _short = COMMANDS[name]
    target = getattr(importlib.import_module(f"{__package__}.{module_name}"), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    _translate_help(command)
    from ..config import load_config
    from .conventions import CONFIGURED_COMMANDS, install

    configured = any(path.split()[0] == name for path in CONFIGURED_COMMANDS)
    install(command, config=load_config() if configured else None, path=name)
    return command


def _translate_help(command) -> None:
    """Commands' help texts are their docstrings, extracted as messages by
    scripts/update_locales.py: show them in the user's language."""
    if command.help:
        command.help = _(command.help)
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


def run() -> None:
    """Console-script entry point."""
    app(prog_name="atau")

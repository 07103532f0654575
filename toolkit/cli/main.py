"""The ``atau`` command: command groups, global options, error handling.

This is the one place that turns :class:`toolkit.errors.AtauError` into a
message and an exit code: 0 success, 1 findings, 2 usage or input errors,
3 an unexpected error (a bug: one line, the traceback only with ``--debug``).
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


class AtauGroup(TyperGroup):
    """Click group that prints AtauError as one line and exits 2 (or the
    error's own exit code); a traceback only with ``--debug``/``ATAU_DEBUG=1``."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AtauError as exc:
            if _debug(ctx):
                raise
            typer.echo(f"atau: {_('error')}: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo(f"atau: {_('interrupted')}", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            _silence_broken_pipe()
            raise typer.Exit(1) from None
        except OSError as exc:
            if _debug(ctx):
                raise
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            typer.echo(f"atau: {_('error')}: {where}{exc.strerror or exc}", err=True)
            raise typer.Exit(2) from None
        except (TyperException, typer.Exit):  # usage errors, --help, exit codes: click's own handling
            raise
        except MemoryError:
            if _debug(ctx):
                raise
            typer.echo(f"atau: {_('error')}: {_('out of memory (is the input absurdly large?)')}", err=True)
            raise typer.Exit(INTERNAL_ERROR) from None
        except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
            if _debug(ctx):
                raise
            typer.echo(f"atau: {_('internal error')}: {type(exc).__name__}: {_shorten(str(exc))} "
                       f"({_('a bug in atau: run with --debug for the traceback and report it')})", err=True)
            raise typer.Exit(INTERNAL_ERROR) from None


INTERNAL_ERROR = 3
"""Exit status for an error that is a bug in Atau, not in the input."""


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


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
) -> None:
    """Atau: offline translation and terminology for Kazakhstan's official names."""
    ctx.obj = {"debug": debug}


def _register() -> None:
    from . import glossary as glossary_cli

    app.add_typer(glossary_cli.app, name="glossary")

    from . import catalog as catalog_cli

    app.add_typer(catalog_cli.app, name="catalog")

    from . import models as models_cli
    from . import translate as translate_cli

    app.add_typer(models_cli.app, name="models")
    app.command("translate")(translate_cli.translate)

    from . import terms as terms_cli

    app.command("enforce")(terms_cli.enforce)
    app.command("check")(terms_cli.check)
    app.command("eval")(terms_cli.eval_)


_register()


def run() -> None:
    """Console-script entry point."""
    app(prog_name="atau")

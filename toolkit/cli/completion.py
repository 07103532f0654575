"""``atau completion``: shell completion for bash, zsh and fish.

The scripts are typer's (``typer._completion_shared``): the shell calls
``atau`` with ``_ATAU_COMPLETE=complete_<shell>`` and the command line so far,
and :class:`toolkit.cli.main.AtauGroup` answers with the commands, options
and values that fit. ``--install`` puts the script where each shell finds it:

* bash: ``$XDG_DATA_HOME/bash-completion/completions/atau`` (bash-completion
  loads it by itself), and a line in ``~/.bashrc`` that sources it (for a
  bash without bash-completion);
* zsh: ``~/.zfunc/_atau``, and ``fpath``/``compinit`` lines in ``~/.zshrc``;
* fish: ``$XDG_CONFIG_HOME/fish/completions/atau.fish`` (fish loads it by itself).

Lines added to a shell's start-up file carry the comment ``# atau completion``
and are added once: installing again only rewrites the script.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..i18n import _
from . import output

SHELLS = ("bash", "zsh", "fish")
PROG = "atau"
COMPLETE_VAR = "_ATAU_COMPLETE"
MARK = "# atau completion"


def completion_script(shell: str) -> str:
    """The completion script for ``shell`` (bash, zsh or fish).

    Raises:
        InputError: another shell.
    """
    if shell not in SHELLS:
        raise InputError(_("no completion for the shell {shell!r}; Atau has it for {shells}").format(
            shell=shell, shells=", ".join(SHELLS)))
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell).strip() + "\n"


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def _xdg(name: str, default: str) -> Path:
    value = os.environ.get(name)
    return Path(value) if value and os.path.isabs(value) else _home() / default


def install_completion(shell: str) -> list[Path]:
    """Install the completion script of ``shell`` for the current user
    (see the module docs for where).

    Returns:
        list[Path]: the files written or changed.

    Raises:
        InputError: another shell.
        OSError: a file cannot be written.
    """
    from ..fileio import atomic_write

    script = completion_script(shell)
    changed: list[Path] = []
    if shell == "bash":
        target = _xdg("XDG_DATA_HOME", ".local/share") / "bash-completion" / "completions" / PROG
        rc, lines = _home() / ".bashrc", [f"[ -f {_quote(target)} ] && . {_quote(target)}  {MARK}"]
    elif shell == "zsh":
        target = _home() / ".zfunc" / f"_{PROG}"
        rc, lines = _home() / ".zshrc", [f"fpath+=({_quote(target.parent)})  {MARK}",
                                         f"autoload -Uz compinit && compinit  {MARK}"]
    else:
        target = _xdg("XDG_CONFIG_HOME", ".config") / "fish" / "completions" / f"{PROG}.fish"
        rc, lines = None, []
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != script:
        atomic_write(target, script)
    changed.append(target)
    if rc is not None:
        text = rc.read_text(encoding="utf-8") if rc.exists() else ""
        missing = [line for line in lines if line not in text.splitlines()]
        if missing:
            atomic_write(rc, text + ("" if not text or text.endswith("\n") else "\n") + "\n".join(missing) + "\n")
            changed.append(rc)
    return changed


def _quote(path: Path) -> str:
    text = str(path)
    home = str(_home())
    if text.startswith(home + os.sep):
        return '"$HOME' + text[len(home):].replace('"', '\\"') + '"'
    return '"' + text.replace('"', '\\"') + '"'


def completion(
    shell: Annotated[Optional[str], typer.Argument(metavar="[bash|zsh|fish]", help=_("The shell (default: the one in $SHELL)."))] = None,
    install: Annotated[bool, typer.Option("--install", help=_("Install the script for your user instead of printing it."))] = False,
) -> None:
    """Print the shell completion script for bash, zsh or fish, or install it
    with --install (then open a new shell). Completes commands, options and
    their values.

    Example: atau completion --install
    """
    if shell is None:
        shell = Path(os.environ.get("SHELL", "")).name
        if shell not in SHELLS:
            raise InputError(_("cannot tell your shell from $SHELL; name it: atau completion bash|zsh|fish"))
    if not install:
        output.write_text(completion_script(shell))
        return
    for path in install_completion(shell):
        output.stdout.print(_("wrote {path}").format(path=path))
    output.stderr.print(_("{shell} completion installed; it works in shells started from now on").format(shell=shell))

#!/usr/bin/env python3
"""Regenerate every gettext catalog in the repository, in one command:

    python scripts/update_locales.py            # write what changed
    python scripts/update_locales.py --check    # only report; exit 1 if stale

1. Glossary catalogs: ``locales/<lang>/LC_MESSAGES/glossary.po`` and ``.mo``
   for ru and kk, built from the shipped glossary (``toolkit/data/kazakhstan.tbx``)
   with ``atau catalog build``'s code. Run after every change to the glossary.
2. Atau's own messages: every ``_()`` / ``ngettext()`` string under
   ``toolkit/`` and the help of every command (its function's docstring)
   is extracted with babel into ``locales/atau.pot`` (file names
   without line numbers, so moving code does not churn the files; the
   POT-Creation-Date changes only when the messages do), merged into
   ``locales/<lang>/LC_MESSAGES/atau.po`` (babel's update: new messages are
   added untranslated or with a fuzzy guess, vanished ones dropped), and the
   translations compiled into ``toolkit/locales/<lang>/LC_MESSAGES/atau.mo``
   (polib), which the package ships and :mod:`toolkit.i18n` loads.

Run it after adding or changing a user-facing string, then translate the new
(empty or fuzzy) entries of the two ``atau.po`` files (Poedit, Lokalize, or
``atau catalog translate locales/atau.pot --to ru --update ...`` for a draft)
and run it again to compile. ``atau catalog check`` checks the result.

The tests (tests/test_i18n.py, tests/test_catalog.py) fail when a catalog is
out of date and name this command.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGS = ("ru", "kk")
DOMAIN = "atau"
POT = ROOT / "locales" / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "ngettext": (1, 2)}


def po_path(lang: str) -> Path:
    return ROOT / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return ROOT / "toolkit" / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract(creation_date: datetime | None = None):
    """A babel Catalog of every message marked in ``toolkit/``."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    from toolkit import __version__

    catalog = Catalog(project="atau", version=__version__, charset="utf-8",
                      copyright_holder="Atau developers", msgid_bugs_address="",
                      creation_date=creation_date or datetime.now(timezone.utc))
    for filename, _lineno, message, comments, context in extract_from_dir(
            ROOT / "toolkit", method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        catalog.add(message, None, [(f"toolkit/{filename}", None)],
                    auto_comments=comments, context=context)
    # babel does not look inside f-strings (f"atau: {_('error')}"): find those too
    for path in sorted((ROOT / "toolkit").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for match in _IN_FSTRING.finditer(path.read_text(encoding="utf-8")):
            message = ast.literal_eval(match.group("literal"))
            if message not in catalog:
                catalog.add(message, None, [(name, None)])
            elif (name, None) not in catalog[message].locations:
                catalog[message].locations.append((name, None))
    # The help of every command is its function's docstring (typer reads
    # it): toolkit.cli.main translates it at run time, so it is a message too.
    for message, name in command_helps():
        if message not in catalog:
            catalog.add(message, None, [(name, None)],
                        auto_comments=["help of a command: keep the layout and the example line"])
    return catalog


def command_helps() -> list[tuple[str, str]]:
    """``(help text, module file)`` of every ``atau`` command whose help is
    its docstring, as typer shows it (``inspect.getdoc``)."""
    import importlib
    import inspect

    import typer

    from toolkit.cli.main import COMMANDS

    found: list[tuple[str, str]] = []
    for module_name, attribute, _short in COMMANDS.values():
        module = importlib.import_module(f"toolkit.cli.{module_name}")
        name = f"toolkit/cli/{module_name}.py"
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            callbacks = [info.callback for info in target.registered_commands if info.help is None]
        else:
            callbacks = [target]
        for callback in callbacks:
            doc = inspect.getdoc(callback)
            if doc and (doc, name) not in found:
                found.append((doc, name))
    return found


_IN_FSTRING = re.compile(r"""\{_\((?P<literal>'[^'\\]*'|"[^"\\]*")\)\}""")


def _po_text(catalog, **options) -> str:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_lineno=False, **options)
    return buffer.getvalue().decode("utf-8")


def _without_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(('"POT-Creation-Date:', "# Copyright (C)")))


def pot_text() -> str:
    """The POT as it should be; the old creation date is kept when no
    message changed."""
    from babel.messages.pofile import read_po

    fresh = _po_text(extract())
    if POT.exists():
        old = POT.read_text(encoding="utf-8")
        if _without_date(old) == _without_date(fresh):
            return old
        if "POT-Creation-Date" in old:
            date = read_po(io.StringIO(old)).creation_date
            if _without_date(_po_text(extract(date))) == _without_date(old):
                return old
    return fresh


def po_text(lang: str, template_text: str) -> str:
    """locales/<lang>/LC_MESSAGES/atau.po merged with the template."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    template = read_po(io.StringIO(template_text))
    path = po_path(lang)
    if path.exists():
        catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")), locale=lang)
    else:
        catalog = Catalog(locale=lang, project="atau", version=template.version,
                          charset="utf-8", creation_date=template.creation_date,
                          revision_date=template.creation_date,
                          copyright_holder="Atau developers")
    catalog.update(template, update_header_comment=False, update_creation_date=True)
    catalog.fuzzy = False
    catalog.language_team = catalog.locale.get_display_name("en") if catalog.locale else lang
    if catalog.last_translator == "FULL NAME <EMAIL@ADDRESS>":
        catalog.last_translator = "Atau developers"
    catalog.msgid_bugs_address = ""
    return _po_text(catalog, ignore_obsolete=True)


def mo_bytes(text: str) -> bytes:
    """The MO of a PO text, compiled with polib (deterministic)."""
    from toolkit.gettext.po import read_po, write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.StringIO(text)))
    return buffer.getvalue()


def glossary_files() -> dict[Path, bytes]:
    """The glossary catalogs, as they should be, by path."""
    from toolkit.gettext.glossary_catalogs import glossary_catalog
    from toolkit.gettext.po import write_mo, write_po
    from toolkit.termbase.store import PACKAGED_GLOSSARY, load_glossary

    glossary = load_glossary(PACKAGED_GLOSSARY)
    out: dict[Path, bytes] = {}
    for lang in LANGS:
        catalog = glossary_catalog(glossary, lang)
        folder = ROOT / "locales" / lang / "LC_MESSAGES"
        text = io.StringIO()
        write_po(text, catalog)
        binary = io.BytesIO()
        write_mo(binary, catalog)
        out[folder / "glossary.po"] = text.getvalue().encode("utf-8")
        out[folder / "glossary.mo"] = binary.getvalue()
    return out


def expected_files() -> dict[Path, bytes]:
    """Every generated file and the bytes it should have."""
    files = glossary_files()
    template = pot_text()
    files[POT] = template.encode("utf-8")
    for lang in LANGS:
        text = po_text(lang, template)
        files[po_path(lang)] = text.encode("utf-8")
        files[mo_path(lang)] = mo_bytes(text)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="report stale files and exit 1; write nothing")
    args = parser.parse_args(argv)
    from toolkit.fileio import atomic_write

    stale = [path for path, data in expected_files().items()
             if not path.exists() or path.read_bytes() != data]
    files = expected_files() if stale and not args.check else {}
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path.relative_to(ROOT)))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, files[path])
    if not stale:
        print("all catalogs up to date")
    for lang in LANGS:
        if po_path(lang).exists():
            from toolkit.gettext.po import load_po

            po = load_po(po_path(lang))
            todo = len(po.untranslated_entries()) + len(po.fuzzy_entries())
            if todo:
                print(f"{po_path(lang).relative_to(ROOT)}: {todo} message(s) to translate "
                      "(empty or fuzzy)")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())

"""``atau enforce``, ``atau check`` and ``atau eval``: terminology on
existing translations."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import _
from . import output
from .glossary import GlossaryOpt, JsonOpt

FromOpt = Annotated[str, typer.Option("--from", "-f", metavar="LANG", help=_("Source language (en, ru, kk)."))]
ToOpt = Annotated[str, typer.Option("--to", "-t", metavar="LANG", help=_("Target language (en, ru, kk)."))]
SourceOpt = Annotated[Optional[Path], typer.Option(
    "--source", "-s", metavar="FILE", help=_("Source text, one segment per line (not needed for a PO target)."))]


def _summary_line(summary: dict) -> str:
    return _("{terms} term(s): {ok} already right, {fixed} fixed, {unresolved} unresolved; "
             "{changed} of {segments} segment(s) changed").format(
        terms=summary["terms"], ok=summary["ok"], fixed=summary["fixed"], unresolved=summary["unresolved"],
        changed=summary["segments_changed"], segments=summary["segments"])


def enforce(
    from_code: FromOpt,
    to_code: ToOpt,
    target: Annotated[Path, typer.Option("--target", metavar="FILE", help=_("Machine translation: text aligned with --source, or a PO file."))],
    source: SourceOpt = None,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help=_("Write the result here (default: stdout)."))] = None,
    report: Annotated[Optional[Path], typer.Option("--report", metavar="FILE", help=_("Write a JSON report of every change and unresolved term."))] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Post-edit machine translation: put the glossary's preferred terms,
    correctly inflected, in place of deprecated and forbidden ones. OUT has
    the same lines (or PO entries) as the input; a summary goes to stderr.

    Example: atau enforce --from en --to ru --source article.en.txt --target article.mt.ru.txt -o article.ru.txt
    """
    from ..fileio import atomic_write, check_outputs
    from ..service import enforce_file

    check_outputs([source, target], [out, report])
    with output.progress(_("Enforcing")) as advance:
        result = enforce_file(target, source, from_code, to_code, glossary=glossary, progress=advance)
    if out is None:
        output.write_text(result.output)
    else:
        atomic_write(out, result.output)
    if report is not None:
        atomic_write(report, jsonlib.dumps(result.report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    output.stderr.print(_summary_line(result.report.summary))
    for segment in result.report.segments:
        line = result.lines[segment.index]
        for edit in segment.edits:
            output.stderr.print(_("  line {line}: {before!r} -> {after!r} ({reason})").format(
                line=line, before=edit.before, after=edit.after, reason=edit.reason))
        for term in segment.unresolved:
            output.stderr.print(_("  line {line}: unresolved: {source!r} needs {expected!r}").format(
                line=line, source=term.source, expected=term.expected))


def check(
    from_code: FromOpt,
    to_code: ToOpt,
    target: Annotated[Path, typer.Option("--target", metavar="FILE", help=_("Translation: text aligned with --source, or a PO file."))],
    source: SourceOpt = None,
    strict: Annotated[bool, typer.Option("--strict", help=_("Also report admitted terms used instead of preferred ones."))] = False,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Check a translation against the glossary; change nothing. Reports
    source terms whose preferred target term is missing and forbidden or
    deprecated terms used. Exit 1 when anything is found, 0 when clean.

    Example: atau check --from en --to kk --source article.en.txt --target article.kk.txt
    """
    from rich.text import Text

    from ..service import check_file

    with output.progress(_("Checking")) as advance:
        result = check_file(target, source, from_code, to_code, glossary=glossary, strict=strict,
                            progress=advance)
    report = result.report
    if json:
        output.print_json(report.to_dict())
    else:
        for finding in report.findings:
            line = Text(f"{target}:{finding.line}: ", style="bold")
            line.append(finding.message, style="red" if finding.severity == "error" else "yellow")
            output.stdout.print(line)
            start, end = finding.span or (None, None)
            output.stdout.print(_excerpt(result.targets[finding.segment], start, end))
        counts = report.to_dict()["summary"]
        output.stderr.print(_("{segments} segment(s), {terms} source term(s), {findings} finding(s)").format(
            segments=counts["segments"], terms=counts["terms"], findings=counts["findings"]))
    if report.findings:
        raise typer.Exit(1)


EXCERPT = 160
"""At most this many characters of a segment are shown under a finding."""


def _excerpt(segment: str, start, end):
    """The segment indented, the finding highlighted; a long segment (a whole
    article on one line) is cut to :data:`EXCERPT` characters around the
    finding, with "…" where text was left out."""
    from rich.text import Text

    first, last = 0, len(segment)
    if last > EXCERPT:
        middle = (start + end) // 2 if start is not None else 0
        first = max(0, min(middle - EXCERPT // 2, len(segment) - EXCERPT))
        if start is not None:
            first = min(first, start)
        last = max(first + EXCERPT, end or 0)
    lead = "…" if first > 0 else ""
    shown = Text("    " + lead + segment[first:last] + ("…" if last < len(segment) else ""))
    if start is not None:
        offset = 4 + len(lead) - first
        shown.stylize("reverse red", offset + start, offset + end)
    return shown


def eval_(
    from_code: FromOpt,
    to_code: ToOpt,
    target: Annotated[Path, typer.Option("--target", metavar="FILE", help=_("Translation to score (aligned with --source, or a PO file)."))],
    source: SourceOpt = None,
    ref: Annotated[Optional[Path], typer.Option("--ref", metavar="FILE", help=_("Reference translation, aligned, for chrF, BLEU and exact match."))] = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Score a translation: term-use rate (share of source terms rendered with
    an approved target term, any inflection), forbidden-term rate, and with a
    reference chrF, BLEU (sacrebleu) and exact match.

    Example: atau eval --from en --to ru --source test.en --target test.ru --ref test.ref.ru
    """
    from ..service import evaluate_file

    scores = evaluate_file(target, source, from_code, to_code, reference=ref, glossary=glossary)
    data = scores.to_dict()
    if json:
        output.print_json(data)
        return
    table = output.table(_("measure"), _("value"))
    rate = data["term_use_rate"]
    table.add_row(_("segments"), str(data["segments"]))
    table.add_row(_("source terms"), str(data["terms"]))
    table.add_row(_("term-use rate"), "-" if rate is None else f"{rate:.1%} ({data['terms_used']}/{data['terms']})")
    table.add_row(_("deprecated/forbidden-term rate"), f"{data['forbidden_rate']:.1%} ({data['forbidden_segments']}/{data['segments']})")
    if data["chrf"] is not None:
        table.add_row(_("exact match"), f"{data['exact_match']:.1%}")
        table.add_row("chrF", f"{data['chrf']:.2f}")
        table.add_row("BLEU", f"{data['bleu']:.2f}")
    output.stdout.print(table)

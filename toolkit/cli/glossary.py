"""``atau glossary``: the termbase commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError
from ..i18n import _, ngettext
from . import output

app = typer.Typer(
    help=_("Keep the termbase: concepts with English, Russian and Kazakh terms.\n\n"
           "Example: atau glossary search Mazhilis"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

GlossaryOpt = Annotated[Optional[Path], typer.Option(
    "--glossary", "-g", metavar="PATH",
    help=_("Glossary file or folder of .tbx files (default: $ATAU_GLOSSARY, ./glossary/, "
           "your edited copy, then the built-in Kazakhstan glossary)."))]
JsonOpt = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of a table."))]
STATUS_HELP = _("Term status: preferred, admitted, deprecated or forbidden.")
POS_HELP = _("Part of speech: noun, properNoun, adjective, verb, adverb or other.")
GENDER_HELP = _("Grammatical gender: masculine, feminine, neuter or other.")
NUMBER_HELP = _("Grammatical number: singular, plural, dual, mass or other.")


def _store(glossary: Optional[Path], *, create: bool = False):
    from ..termbase.store import GlossaryStore

    return GlossaryStore.open(glossary, create=create)


def _edited_note(store, was_builtin: bool) -> None:
    """On the first edit of the built-in glossary, say where the edits went
    (an edit that changed nothing made no copy and says nothing)."""
    if was_builtin and not store.builtin:
        output.stderr.print(_("note: the built-in glossary is read-only; your edits are in {path}")
                            .format(path=store.path))


def _parse_terms(specs: list[str], status: str, **fields) -> list:
    from ..langtags import check_language
    from ..termbase.model import Term, clean_term_text

    terms = []
    for spec in specs:
        lang, sep, text = spec.partition("=")
        if not sep or not any(char.isalnum() for char in text):
            raise InputError(_("--term takes LANG=TEXT, e.g. --term ru=Сенат; got {spec!r}").format(spec=spec))
        terms.append(Term(clean_term_text(text), check_language(lang.strip()), status=status, **fields))
    return terms


def _grammar(**values) -> dict:
    """``pos``/``gender``/``number`` options checked and spelled as TBX-Basic
    has them (a blank value gives None)."""
    from ..termbase.model import grammar_value

    return {name: grammar_value(name, value) for name, value in values.items()}


@app.command("list")
def list_(
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help=_("Only this language; show every term with its status."))] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help=_("Only concepts of this subject field."))] = None,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """List the concepts with their preferred terms.

    Example: atau glossary list --lang ru
    """
    everything = _store(glossary).load()
    if lang:
        lang = everything.check_language(lang)
    concepts = [c for c in everything if subject is None or c.subject == subject]
    if subject is not None and not concepts:
        subjects = sorted({c.subject for c in everything if c.subject})
        output.stderr.print(_("no concept has the subject {subject!r}; the subjects are: {subjects}").format(
            subject=subject, subjects=", ".join(subjects) or "-"))
    if lang:
        rows = [(c, t) for c in concepts for t in c.terms_in(lang)]
        if json:
            output.print_json([{"id": c.id, **t.to_dict()} for c, t in rows])
            return
        table = output.table(_("id"), _("term"), _("status"), _("grammar"))
        for c, t in rows:
            grammar = ", ".join(v for v in (t.pos, t.gender, t.number) if v)
            table.add_row(c.id, t.text, t.status, grammar)
        output.stdout.print(table)
        return
    if json:
        output.print_json([c.to_dict() for c in concepts])
        return
    langs = _languages(concepts)
    table = output.table(_("id"), *langs)
    for c in concepts:
        table.add_row(c.id, *[(c.preferred(lg).text if c.preferred(lg) else "") for lg in langs])
    output.stdout.print(table)


def _languages(concepts) -> list[str]:
    from ..termbase.model import Glossary

    return Glossary(concepts).languages()


@app.command()
def show(
    concept_id: Annotated[str, typer.Argument(metavar="ID", help=_("Concept id."))],
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Show one concept with all its terms.

    Example: atau glossary show mazhilis
    """
    concept = _store(glossary).load()[concept_id]
    if json:
        output.print_json(concept.to_dict())
        return
    title = concept.id + (f" ({concept.subject})" if concept.subject else "")
    output.stdout.print(title, style="bold")
    if concept.definition:
        output.stdout.print(concept.definition)
    if concept.note:
        output.stdout.print(_("Note: {note}").format(note=concept.note))
    table = output.table(_("lang"), _("term"), _("status"), _("grammar"), _("source"), _("note"))
    for t in concept.terms:
        grammar = ", ".join(v for v in (t.pos, t.gender, t.number) if v)
        if t.case_sensitive:
            grammar += (", " if grammar else "") + _("case-sensitive")
        table.add_row(t.lang, t.text, t.status, grammar, t.source or "", t.note or "")
    output.stdout.print(table)


@app.command()
def search(
    query: Annotated[str, typer.Argument(metavar="TEXT", help=_("Text to look for, in any language."))],
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help=_("Only this language."))] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help=_("At most this many results."))] = 20,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Find concepts by substring or fuzzy match across all languages
    (typos allowed). Exit 1 when nothing is found.

    Example: atau glossary search "Меджлис"
    """
    terms = _store(glossary).load()
    if lang:
        lang = terms.check_language(lang)
    hits = terms.search(query, lang=lang, limit=limit)
    if json:
        output.print_json([h.to_dict() for h in hits])
    else:
        table = output.table(_("id"), _("lang"), _("matched term"), _("status"), _("score"), _("preferred (en)"))
        for h in hits:
            pref = h.concept.preferred("en")
            table.add_row(h.concept.id, h.term.lang, h.term.text, h.term.status, f"{h.score:.0f}",
                          pref.text if pref else "")
        if hits:
            output.stdout.print(table)
        else:
            output.stderr.print(_("no match for {query!r}").format(query=query))
    if not hits:
        raise typer.Exit(1)


@app.command()
def add(
    terms: Annotated[list[str], typer.Option("--term", "-t", metavar="LANG=TEXT",
                                             help=_("A term, e.g. --term ru=Сенат (repeatable)."))],
    concept_id: Annotated[Optional[str], typer.Option("--id", help=_("Add to this concept (created if new); default: a new concept named after the first term."))] = None,
    status: Annotated[str, typer.Option("--status", "-s", help=STATUS_HELP)] = "preferred",
    pos: Annotated[Optional[str], typer.Option("--pos", help=POS_HELP)] = None,
    gender: Annotated[Optional[str], typer.Option("--gender", help=GENDER_HELP)] = None,
    number: Annotated[Optional[str], typer.Option("--number", help=NUMBER_HELP)] = None,
    case_sensitive: Annotated[bool, typer.Option("--case-sensitive", help=_("Match this term only with its exact capitalisation."))] = False,
    note: Annotated[Optional[str], typer.Option("--note", help=_("Note for translators."))] = None,
    source: Annotated[Optional[str], typer.Option("--source", help=_("Where the spelling comes from."))] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help=_("Subject field of a new concept."))] = None,
    definition: Annotated[Optional[str], typer.Option("--definition", help=_("Definition of a new concept."))] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Add terms: a new concept, or more terms for an existing one.

    Example: atau glossary add --id senate --term ru="верхняя палата Парламента" --status admitted
    """
    from ..termbase.merge import add_terms

    new_terms = _parse_terms(terms, status, **_grammar(pos=pos, gender=gender, number=number),
                             case_sensitive=case_sensitive, note=note, source=source)
    store = _store(glossary, create=True)
    builtin = store.builtin
    with store.edit() as g:
        concept, created = add_terms(g, new_terms, concept_id, subject=subject, definition=definition)
    if created:
        message = _("added concept {id} with {n} term(s)").format(id=concept.id, n=len(new_terms))
    else:
        message = _("added {n} term(s) to {id}").format(n=len(new_terms), id=concept.id)
    _edited_note(store, builtin)
    output.stdout.print(message)


@app.command()
def edit(
    concept_id: Annotated[str, typer.Argument(metavar="ID", help=_("Concept id."))],
    term: Annotated[Optional[str], typer.Option("--term", "-t", metavar="LANG=TEXT", help=_("The term to change; without it, the concept's own fields change."))] = None,
    text: Annotated[Optional[str], typer.Option("--text", help=_("New spelling of the term."))] = None,
    status: Annotated[Optional[str], typer.Option("--status", "-s", help=STATUS_HELP + " " + _("Making a term preferred makes the old preferred term admitted."))] = None,
    pos: Annotated[Optional[str], typer.Option("--pos", help=POS_HELP)] = None,
    gender: Annotated[Optional[str], typer.Option("--gender", help=GENDER_HELP)] = None,
    number: Annotated[Optional[str], typer.Option("--number", help=NUMBER_HELP)] = None,
    case_sensitive: Annotated[Optional[bool], typer.Option("--case-sensitive/--case-insensitive", help=_("Whether capitalisation matters."))] = None,
    note: Annotated[Optional[str], typer.Option("--note", help=_("Note (of the term, or of the concept without --term)."))] = None,
    source: Annotated[Optional[str], typer.Option("--source", help=_("Source of the term's spelling."))] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help=_("Subject field of the concept."))] = None,
    definition: Annotated[Optional[str], typer.Option("--definition", help=_("Definition of the concept."))] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Change a concept's fields or one of its terms.

    Example: atau glossary edit mazhilis --term ru=Меджлис --status forbidden
    """
    from ..termbase.merge import edit_concept, edit_term

    grammar = _grammar(**{k: v for k, v in (("pos", pos), ("gender", gender), ("number", number))
                          if v is not None})
    store = _store(glossary)
    builtin = store.builtin
    with store.edit() as g:
        if term is None:
            if any(v is not None for v in (text, status, pos, gender, number, case_sensitive, source)):
                raise InputError(_("name the term to change with --term LANG=TEXT"))
            edit_concept(g, concept_id, subject=subject, definition=definition, note=note)
        else:
            (target,) = _parse_terms([term], "preferred")
            edit_term(g, concept_id, target, text=text, status=status, case_sensitive=case_sensitive,
                      note=note, source=source, **grammar)
    _edited_note(store, builtin)
    output.stdout.print(_("updated {id}").format(id=concept_id))


@app.command()
def remove(
    concept_id: Annotated[str, typer.Argument(metavar="ID", help=_("Concept id."))],
    term: Annotated[Optional[str], typer.Option("--term", "-t", metavar="LANG=TEXT", help=_("Remove only this term."))] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Remove a concept, or one of its terms.

    Example: atau glossary remove senate --term en="Upper Chamber"
    """
    from ..termbase.merge import remove as remove_from

    target = _parse_terms([term], "preferred")[0] if term is not None else None
    store = _store(glossary)
    builtin = store.builtin
    with store.edit() as g:
        remove_from(g, concept_id, target)
    if target is None:
        message = _("removed concept {id}").format(id=concept_id)
    else:
        message = _("removed {lang} term {text!r} from {id}").format(lang=target.lang, text=target.text,
                                                                     id=concept_id)
    _edited_note(store, builtin)
    output.stdout.print(message)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=_("TBX (v3 or v2), CSV, TSV, JSON or PO file."))],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help=_("tbx, csv, tsv, json, po or deepl-csv (default: from the extension)."))] = None,
    from_lang: Annotated[Optional[str], typer.Option("--from", metavar="LANG", help=_("Source language of a file that does not name it: two columns without header, DeepL, Weblate CSV; for PO the msgid language (default en)."))] = None,
    to_lang: Annotated[Optional[str], typer.Option("--to", metavar="LANG", help=_("Target language of such a file; for PO the msgstr language (default: the PO's Language header)."))] = None,
    on_conflict: Annotated[str, typer.Option("--on-conflict", help=_("When imported data differs: keep ours, replace with theirs, or fail."))] = "fail",
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Report what would change; write nothing."))] = False,
    glossary: GlossaryOpt = None,
    json: JsonOpt = False,
) -> None:
    """Merge a glossary file into the termbase: the same concept id or the same
    preferred term in the same language is the same concept; identical data is
    never duplicated; differing data is a conflict. A concept keeps one
    preferred term per language: with --on-conflict replace, the imported
    preferred term takes over and the old one stays as an admitted term; with
    keep, the termbase's terms and statuses stay as they are.

    Reads TBX v3 and v2 (martif), CSV/TSV with a header of language codes,
    DeepL's and Weblate's CSV, JSON and PO glossaries (msgid the source term,
    msgstr the target term, as atau catalog build writes them). Rows of one
    file that give the same term twice are one concept; if they translate it
    differently, --on-conflict decides as well (keep: the earlier row).

    Example: atau glossary import colleagues.csv --on-conflict keep
    """
    from ..termbase.store import import_glossary_file

    if on_conflict not in ("keep", "replace", "fail"):
        raise InputError(_("--on-conflict takes keep, replace or fail"))
    langs = (from_lang, to_lang) if from_lang or to_lang else None
    imported = import_glossary_file(file, fmt, langs, on_conflict=on_conflict)
    incoming = imported.glossary
    store = _store(glossary, create=not dry_run)
    builtin = store.builtin
    if dry_run:
        report = store.load().merge(incoming, on_conflict="keep" if on_conflict == "fail" else on_conflict)
    else:
        with store.edit() as g:
            report = g.merge(incoming, on_conflict=on_conflict)
        _edited_note(store, builtin)
    if json:
        output.print_json({**report.to_dict(), "file_conflicts": [c.to_dict() for c in imported.conflicts]})
        return
    output.stdout.print(_("{file}: {added} added, {updated} updated, {unchanged} unchanged, {conflicts} conflict(s)").format(
        file=file, added=len(report.added), updated=len(report.updated), unchanged=len(report.unchanged),
        conflicts=len(report.conflicts)))
    for conflict in report.conflicts:
        output.stdout.print(f"  {_('conflict')}: {conflict}")
    for conflict in imported.conflicts:
        output.stdout.print(f"  {_('conflict in the file')}: {conflict}")


@app.command()
def export(
    file: Annotated[str, typer.Argument(metavar="FILE", help=_("Output file, or - for stdout."))],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="FORMAT", help=_("tbx (TBX v3), tbx2 (TBX v2 martif, for translate-toolkit and Weblate), csv, tsv, json or deepl-csv (default: from the extension)."))] = None,
    langs: Annotated[Optional[str], typer.Option("--langs", help=_("Comma-separated languages, in column order (e.g. en,ru); deepl-csv takes exactly two, source and target."))] = None,
    glossary: GlossaryOpt = None,
) -> None:
    """Write the termbase as TBX v3 or v2 (everything), JSON (everything),
    CSV/TSV (preferred terms under a header row of language codes: the layout
    of Google's and Amazon's glossaries) or deepl-csv (DeepL: one
    source,target pair per line and no header row, which DeepL would import
    as an entry).

    Example: atau glossary export kazakhstan.csv --format deepl-csv --langs en,ru
    """
    from ..termbase.store import EXPORT_FORMATS, export_glossary, format_of, write_glossary_file

    lang_list = [x.strip() for x in langs.split(",") if x.strip()] if langs else None
    store = _store(glossary)
    if file != "-":
        store.check_output(file)
    g = store.load()
    if lang_list:
        lang_list = [g.check_language(lang) for lang in lang_list]
    if file == "-":
        exported = export_glossary(g, format_of("-", fmt or "tbx", formats=EXPORT_FORMATS), lang_list)
        output.write_text(exported.text)
    else:
        exported = write_glossary_file(g, file, fmt, lang_list)
        output.stderr.print(_("wrote {n} concepts to {file}").format(n=exported.entries, file=file))
    if exported.left_out:
        output.stderr.print(ngettext(
            "left out {n} concept whose source term an earlier one has (DeepL takes each source term once): {ids}",
            "left out {n} concepts whose source term an earlier one has (DeepL takes each source term once): {ids}",
            len(exported.left_out)).format(n=len(exported.left_out), ids=", ".join(exported.left_out)))


@app.command("validate")
def validate_cmd(
    glossary: GlossaryOpt = None,
    review: Annotated[bool, typer.Option("--review", help=_("Also list what editors should review: notes that say 'to be checked', concepts whose period has ended, attested spellings with another alphabet's letters."))] = False,
    json: JsonOpt = False,
) -> None:
    """Check the termbase: duplicate ids, ambiguous terms, missing preferred
    terms, mixed scripts, another alphabet's letters (Kazakh letters in
    Russian), stray whitespace, empty terms, grammar values TBX-Basic does
    not have. Exit 1 when a problem is found, 0 when clean; what is only to
    be reviewed is counted, and listed with --review.

    Example: atau glossary validate --review
    """
    from ..termbase.validate import validate

    store = _store(glossary)
    findings = validate(store.load_concepts())
    problems = [f for f in findings if f.severity != "info"]
    to_review = [f for f in findings if f.severity == "info"]
    if json:
        output.print_json([f.to_dict() for f in (findings if review else problems)])
    else:
        shown = problems + (to_review if review else [])
        if shown:
            table = output.table(_("severity"), _("check"), _("concept"), _("lang"), _("problem"))
            for f in shown:
                table.add_row(f.severity, f.code, f.concept or "", f.data.get("lang") or "", f.message)
            output.stdout.print(table)
        if problems:
            output.stderr.print(_("{n} problem(s) in {path}").format(n=len(problems), path=store.path))
        else:
            output.stdout.print(_("{path}: clean").format(path=store.path))
        if to_review and not review:
            concepts = len({f.concept for f in to_review})
            output.stderr.print(ngettext("{n} concept to review (atau glossary validate --review)",
                                         "{n} concepts to review (atau glossary validate --review)",
                                         concepts).format(n=concepts))
    if problems:
        raise typer.Exit(1)

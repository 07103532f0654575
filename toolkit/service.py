"""The workflows behind Atau's commands, for every front end.

Each function does one job a user asks for — translate a document, enforce
the glossary on a machine translation, check or score a translation,
pre-translate a catalog — and returns a dataclass with the result, its
provenance (:class:`~toolkit.signature.Signature`) and what the user should
be told (``notices``: fallbacks taken, such as a PO file written without a
model). The command line (:mod:`toolkit.cli`) and the HTTP server call these
functions and only parse and print; nothing here prints or exits.

Glossary arguments take a loaded :class:`~toolkit.termbase.model.Glossary`,
a path (a ``.tbx`` file or a folder of them), or None for the glossary
Atau would use (:func:`toolkit.termbase.store.load_glossary`). Engine
arguments take a loaded engine (a server keeps its engines loaded) or None
to load the installed package(s) for the pair.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Collection, Sequence, Union

from .errors import GlossaryError, InputError, ModelNotFoundError
from .i18n import _
from .langtags import normalize_tag
from .signature import Signature

if TYPE_CHECKING:
    import polib

    from .documents.bitext import Bitext
    from .documents.model import Document
    from .mt.engine import Translator
    from .mt.pipeline import DocumentTranslation
    from .termbase.model import Glossary
    from .terms.check import CheckReport
    from .terms.enforce import EnforcementReport
    from .terms.evaluate import Scores

__all__ = [
    "GlossaryArg",
    "load_terms",
    "load_translator",
    "TranslatedDocument",
    "translate_document_text",
    "document_output",
    "EnforcedFile",
    "enforce_file",
    "enforce_segments",
    "CheckedFile",
    "check_file",
    "check_segments",
    "evaluate_file",
    "PretranslatedCatalog",
    "pretranslate_catalog",
    "AppliedCatalog",
    "apply_document_po",
]

GlossaryArg = Union["Glossary", str, os.PathLike, None]
"""A loaded glossary, the path of one, or None for the default."""


def load_terms(glossary: GlossaryArg, *langs: str) -> "Glossary":
    """The glossary, checked to have terms in every language of ``langs``
    (so that a check in a language it lacks is an error, never a silent
    "0 findings").

    Raises:
        GlossaryError: the glossary cannot be read, or lacks a language (the
            message names the languages it has).
        InputError: a language is not a language tag.
    """
    from .termbase.model import Glossary
    from .termbase.store import load_glossary

    loaded = glossary if isinstance(glossary, Glossary) else load_glossary(glossary)
    for lang in langs:
        loaded.check_language(lang)
    return loaded


def load_translator(from_code: str, to_code: str, *, device: str = "auto", threads: int = 0) -> "Translator":
    """The installed model(s) for a pair, loaded (a pivot through English
    when only the two halves are installed).

    Args:
        threads (int): CPU threads for the model; 0 chooses
            (:func:`toolkit.mt.engine.default_threads`).

    Raises:
        InputError: the two languages are one (``en`` and ``en-US``).
        ModelNotFoundError: no route is installed (the message says what to
            install).
        ModelError: a model cannot be loaded.
    """
    from .langtags import primary_language
    from .mt.engine import default_threads, load_engine

    if primary_language(from_code) == primary_language(to_code):
        raise InputError(_("--from and --to are the same language ({code}): nothing to translate").format(
            code=primary_language(from_code)))
    return load_engine(from_code, to_code, device=device, threads=threads or default_threads())


# --------------------------------------------------------------------------
# translating documents


@dataclass(frozen=True)
class TranslatedDocument:
    """A translated document (or its PO file for post-editing).

    Attributes:
        output (str): the translated document with the source's layout, or
            the text of the PO file (``po``).
        po (bool): ``output`` is a PO file.
        translation (DocumentTranslation | None): segments, scores and flags;
            None when no model was available (a PO file with empty msgstr).
        terminology (EnforcementReport | None): what enforcement changed and
            left unresolved; None when the glossary was not enforced.
        signature (Signature): the provenance of ``output``.
        notices (tuple[str, ...]): what the user should be told (fallbacks
            taken), one sentence each.
        reused (tuple[int, ...]): indexes of the sentences given a person's
            translation from the translation memory.
    """

    output: str
    po: bool
    translation: "DocumentTranslation | None"
    terminology: "EnforcementReport | None"
    signature: Signature
    notices: tuple[str, ...] = ()
    reused: tuple[int, ...] = ()

    def unresolved(self) -> list[tuple[int, str, str, str]]:
        """The terms enforcement could not put in: ``(line, source term,
        expected target term, target segment)``, in document order."""
        if self.terminology is None or self.translation is None:
            return []
        lines = {s.index: s.line for s in self.translation.segments}
        return [(lines.get(segment.index, 0), term.source, term.expected, segment.target)
                for segment in self.terminology.segments for term in segment.unresolved]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``signature``, ``segments``, ``text`` (the output),
        ``terminology`` (when enforced) and ``notices``."""
        data: dict[str, Any] = {"signature": self.signature.to_dict(),
                                "segments": [s.to_dict() for s in self.translation.segments]
                                if self.translation else [],
                                "text": self.output}
        if self.terminology is not None:
            data["terminology"] = self.terminology.to_dict()
        data["notices"] = list(self.notices)
        if self.reused:
            data["reused"] = {"human": list(self.reused)}
        return data


def translate_document_text(text: str, from_code: str, to_code: str, *, fmt: str = "txt",
                            as_po: bool = False, glossary: GlossaryArg = None, enforce: bool = True,
                            engine: "Translator | None" = None, beam_size: int = 4,
                            device: str = "auto", threads: int = 0, source_name: str | None = None,
                            progress: Callable[[int, int], None] | None = None,
                            use_memory: bool = False,
                            memory: str | os.PathLike | None = None) -> TranslatedDocument:
    """Translate a document offline, keeping its layout, and enforce the glossary.

    With ``use_memory``, a sentence a person translated before (a human
    unit of the pair's translation memory, ``memory`` or the default one,
    for its segment key) gets that translation, exactly as stored, neither
    machine-translated nor enforced; in a PO file it is not fuzzy. The
    memory is only read (folder jobs also fill it:
    :func:`translate_folder`); a memory that does not exist is skipped.

    Fallbacks, each reported in ``notices``: with ``as_po`` and no model
    installed, the PO file is written without translations (with the
    glossary's notes); a glossary without terms in the pair's languages is
    not enforced (the document is translated all the same).

    Args:
        text (str): the document.
        from_code (str), to_code (str): the pair (BCP 47).
        fmt (str): the document format (:func:`toolkit.documents.formats`).
        as_po (bool): return a PO file for post-editing instead of the document.
        glossary (GlossaryArg): the glossary to enforce (and, for a PO file,
            to note in the comments).
        enforce (bool): enforce the glossary on the translation.
        engine (Translator | None): a loaded engine, or None to load one.
        beam_size (int), device (str), threads (int): model settings.
        source_name (str | None): the document's file name (PO occurrences).
        progress (Callable[[int, int], None] | None): ``(done, total)``
            sentences, called during the model's work; None translates in
            one call (fastest).
        use_memory (bool), memory (path | None): reuse human translations.

    Returns:
        TranslatedDocument

    Raises:
        ModelNotFoundError: no model for the pair (and not ``as_po``).
        InputError: unknown format, a document the format cannot read.
        GlossaryError: the glossary cannot be read.
        ModelError: the model fails.
    """
    from .documents import formats

    if fmt not in formats():
        raise InputError(_("--format must be one of: {formats}").format(formats=", ".join(formats() + ("po",))))
    notices: list[str] = []
    terms = load_terms(glossary) if (enforce or as_po) else None
    if engine is None:
        try:
            engine = load_translator(from_code, to_code, device=device, threads=threads)
        except ModelNotFoundError:
            if not as_po:
                raise
            notices.append(_("no model for {src}->{tgt}: writing a PO file without translations, "
                             "with glossary notes").format(src=from_code, tgt=to_code))
    hook = None
    if engine is not None and terms is not None and enforce:
        try:
            for lang in (from_code, to_code):
                terms.check_language(lang)
        except GlossaryError as exc:  # a pair the glossary does not cover: translate all the same
            notices.append(_("the glossary is not enforced: {reason}").format(reason=exc))
        else:
            from .terms.enforce import Enforcer

            hook = Enforcer(terms, from_code, to_code).postedit(engine=engine, beam_size=beam_size)
    translation = None
    reused: dict = {}
    if engine is not None:
        from .mt.pipeline import translate_document

        postedit = hook
        if use_memory:
            reused = _human_translations(text, fmt, from_code, to_code, memory)
            if reused:
                from .memory.reuse import ReusingHook

                postedit = ReusingHook(hook, reused)
        translation = translate_document(text, engine, fmt=fmt, beam_size=beam_size, progress=progress,
                                         postedit=postedit, from_code=from_code)
    output, signature = document_output(text, translation, from_code, to_code, fmt=fmt, as_po=as_po,
                                        glossary=terms, enforced=hook is not None, source_name=source_name,
                                        reviewed=list(reused))
    return TranslatedDocument(output, as_po, translation, hook.report if hook is not None else None,
                              signature, tuple(notices), tuple(sorted(reused)))


def _human_translations(text: str | bytes, fmt: str, from_code: str, to_code: str,
                        memory: str | os.PathLike | None) -> dict:
    """Sentence index -> the human unit the memory has for it (empty when
    the memory does not exist)."""
    from .documents import parse_document
    from .memory.model import HUMAN, segment_key
    from .memory.store import default_memory_path

    path = memory or default_memory_path(from_code, to_code)
    if not os.path.exists(path):
        return {}
    sentences = parse_document(text, fmt, from_code).sentences
    with open_memory(normalize_tag(from_code), normalize_tag(to_code), path) as store:
        found = store.recall(segment_key(s.text) for s in sentences)
    return {s.index: found[segment_key(s.text)] for s in sentences
            if segment_key(s.text) in found and found[segment_key(s.text)].origin == HUMAN}


def document_output(document: "str | Document", translation: "DocumentTranslation | None",
                    from_code: str, to_code: str, *, fmt: str, as_po: bool = False,
                    glossary: "Glossary | None" = None, glossary_sha: str | None = None,
                    enforced: bool = False, source_name: str | None = None,
                    reviewed: "Collection[int]" = ()) -> tuple[str, Signature]:
    """What a translated document is written as, and its provenance: the
    translated text, or (``as_po``) the PO file for post-editing with the
    machine translations fuzzy and the flags as comments. Shared by
    :func:`translate_document_text` and the folder jobs
    (:func:`toolkit.batch.document.translate_reusing`), so one document
    comes out the same either way.

    Args:
        document (str | Document): the source document (text, or parsed).
        translation (DocumentTranslation | None): the pipeline's result;
            None when no model was available (a PO file with empty msgstr).
        glossary (Glossary | None): its fingerprint goes into the signature
            and, in a PO file, its terms into the comments.
        glossary_sha (str | None): the glossary's fingerprint when the
            caller has it (a folder job's worker); else computed.
        enforced (bool): the glossary was enforced (a signature setting).
        reviewed (Collection[int]): sentence indexes whose target a person
            wrote (from the memory): not fuzzy in the PO file.

    Returns:
        tuple[str, Signature]: the output (ending with a newline when a PO
        file) and its signature.
    """
    if translation is not None:
        signature = translation.signature
    else:
        signature = Signature(normalize_tag(from_code), normalize_tag(to_code), settings={"format": fmt})
    sha = glossary_sha if glossary_sha is not None else glossary.fingerprint() if glossary is not None else None
    if sha is not None:
        signature = replace(signature, glossary=sha)
    signature = signature.with_settings(enforce=enforced)
    if not as_po:
        return translation.text, signature
    from .gettext.documents import document_to_po

    segments = translation.segments if translation is not None else None
    po = document_to_po(
        document, from_code, to_code, fmt=fmt, glossary=glossary,
        translations=[s.target for s in segments] if segments is not None else None,
        notes=[[f"mt: {f.code}: {f.message}" for f in s.flags] for s in segments] if segments is not None else None,
        source_name=source_name, signature=signature)
    if reviewed:
        entries = [e for e in po if e.msgid]
        for index in reviewed:
            if index < len(entries) and "fuzzy" in entries[index].flags:
                entries[index].flags.remove("fuzzy")
    text = str(po)
    return (text if text.endswith("\n") else text + "\n"), signature


# --------------------------------------------------------------------------
# terminology on existing translations


@dataclass(frozen=True)
class EnforcedFile:
    """A machine translation file after enforcement.

    Attributes:
        output (str): the target file with the repaired segments, in its own
            shape (same lines and line endings, or the same PO entries).
        report (EnforcementReport): every edit and unresolved term.
        lines (tuple[int, ...]): the line of each segment in the target file.
    """

    output: str
    report: "EnforcementReport"
    lines: tuple[int, ...]


def _bitext(target: str | os.PathLike, source: str | os.PathLike | None) -> "Bitext":
    from .documents.bitext import read_bitext

    return read_bitext(target, source)


def enforce_segments(sources: Sequence[str], targets: Sequence[str], from_code: str, to_code: str, *,
                     glossary: GlossaryArg = None,
                     progress: Callable[[int], None] | None = None) -> "EnforcementReport":
    """Enforce the glossary on aligned segments (see :class:`toolkit.terms.enforce.Enforcer`).

    Raises:
        InputError: the sequences differ in length.
        GlossaryError: the glossary lacks one of the languages.
    """
    from .terms.enforce import Enforcer

    terms = load_terms(glossary, from_code, to_code)
    return Enforcer(terms, from_code, to_code).enforce_all(sources, targets, progress=progress)


def enforce_file(target: str | os.PathLike, source: str | os.PathLike | None, from_code: str, to_code: str,
                 *, glossary: GlossaryArg = None,
                 progress: Callable[[int], None] | None = None) -> EnforcedFile:
    """Enforce the glossary on a machine translation file: line-aligned text
    with its ``source`` (``"-"``: standard input), or a PO file (msgid is the
    source). Lines without an edit are written back exactly as read.

    Raises:
        InputError: unreadable files, line counts that differ, PO errors.
        GlossaryError: the glossary lacks one of the languages.
    """
    bitext = _bitext(target, source)
    report = enforce_segments(bitext.sources, bitext.targets, from_code, to_code, glossary=glossary,
                              progress=progress)
    output = bitext.render([s.target for s in report.segments])
    return EnforcedFile(output, report, tuple(bitext.line_of(i) for i in range(len(bitext.targets))))


@dataclass(frozen=True)
class CheckedFile:
    """A translation checked against the glossary.

    Attributes:
        report (CheckReport): the findings, each with its line in the file.
        targets (tuple[str, ...]): the target segments (for excerpts).
    """

    report: "CheckReport"
    targets: tuple[str, ...]


def check_segments(sources: Sequence[str], targets: Sequence[str], from_code: str, to_code: str, *,
                   glossary: GlossaryArg = None, strict: bool = False,
                   progress: Callable[[int], None] | None = None) -> "CheckReport":
    """Check aligned segments against the glossary (see :mod:`toolkit.terms.check`).

    Raises:
        InputError: the sequences differ in length.
        GlossaryError: the glossary lacks one of the languages.
    """
    from .terms.check import check_segments as check

    terms = load_terms(glossary, from_code, to_code)
    return check(terms, sources, targets, from_code, to_code, strict=strict, progress=progress)


def check_file(target: str | os.PathLike, source: str | os.PathLike | None, from_code: str, to_code: str,
               *, glossary: GlossaryArg = None, strict: bool = False,
               progress: Callable[[int], None] | None = None) -> CheckedFile:
    """Check a translation file against the glossary (line-aligned text
    with its ``source``, or a PO file); nothing is changed.

    Raises:
        InputError: unreadable files, line counts that differ, PO errors.
        GlossaryError: the glossary lacks one of the languages.
    """
    bitext = _bitext(target, source)
    report = check_segments(bitext.sources, bitext.targets, from_code, to_code, glossary=glossary,
                            strict=strict, progress=progress)
    report.findings[:] = [replace(f, line=bitext.line_of(f.segment)) for f in report.findings]
    return CheckedFile(report, tuple(bitext.targets))


def evaluate_file(target: str | os.PathLike, source: str | os.PathLike | None, from_code: str, to_code: str,
                  *, reference: str | os.PathLike | None = None, glossary: GlossaryArg = None) -> "Scores":
    """Score a translation file: term-use rate, deprecated/forbidden-term
    rate and, with a line-aligned ``reference``, exact match, chrF and BLEU
    (see :func:`toolkit.terms.evaluate.evaluate`).

    Raises:
        InputError: unreadable files, or a reference with another number of lines.
        GlossaryError: the glossary lacks one of the languages.
    """
    from .documents.bitext import read_lines
    from .terms.evaluate import evaluate

    bitext = _bitext(target, source)
    references = None
    if reference is not None:
        references = read_lines(reference)[0]
        if len(references) != len(bitext.targets):
            raise InputError(_("{ref} has {n} lines but the target has {m} segments").format(
                ref=reference, n=len(references), m=len(bitext.targets)))
    terms = load_terms(glossary, from_code, to_code)
    return evaluate(terms, bitext.sources, bitext.targets, from_code, to_code, references)


# --------------------------------------------------------------------------
# catalogs


@dataclass(frozen=True)
class PretranslatedCatalog:
    """A catalog whose untranslated entries were machine-translated.

    Attributes:
        catalog (polib.POFile): the catalog (a new one from the template, or
            the updated one).
        report (PretranslateReport): entries translated, kept, failed, repairs.
        signature (Signature | None): what translated (None when nothing
            needed it); also written to the catalog's ``X-Atau-Signature`` header.
        notices (tuple[str, ...]): what the user should be told.
        remembered (int): human translations of the updated PO newly
            recorded in the translation memory.
        reused (int): untranslated entries given a person's earlier
            translation from the memory (fuzzy, not machine-translated).
        suggested (int): entries given fuzzy memory matches as suggestions.
    """

    catalog: "polib.POFile"
    report: Any
    signature: Signature | None = None
    notices: tuple[str, ...] = field(default=())
    remembered: int = 0
    reused: int = 0
    suggested: int = 0


def pretranslate_catalog(template: "polib.POFile", to_code: str, *, from_code: str = "en",
                         existing: "polib.POFile | None" = None, glossary: GlossaryArg = None,
                         use_glossary: bool = True, engine: "Translator | None" = None,
                         now: datetime | None = None,
                         progress: Callable[[int, int], None] | None = None,
                         use_memory: bool = False,
                         memory: str | os.PathLike | None = None) -> PretranslatedCatalog:
    """Pre-translate a template: a new catalog for ``to_code`` (or
    ``existing`` merged with the template, as msgmerge does) whose
    untranslated entries get a fuzzy machine translation with placeholders
    kept, every plural form filled and the glossary enforced. Entries that
    have a translation are never changed.

    With ``use_memory`` the pair's translation memory (``memory``, else
    the default one) takes part: the human translations of ``existing``
    are recorded first (:func:`remember_po`); an untranslated message a
    person translated before gets that translation, fuzzy, instead of a
    machine one (:func:`toolkit.memory.reuse.fill_from_memory`); the others
    get fuzzy matches as suggestions (:func:`suggest_from_memory`). A
    memory that does not exist yet is only created to record.

    Raises:
        ModelNotFoundError: entries need translating and no model is installed.
        InputError: unknown language, a bad memory.
        GlossaryError: the glossary cannot be read.
    """
    from .gettext.pretranslate import new_catalog, pretranslate, update_catalog

    to_code, from_code = normalize_tag(to_code), normalize_tag(from_code)
    remembered = reused = suggested = 0
    if use_memory and existing is not None:
        remembered = remember_po(existing, from_code=from_code, to_code=to_code, memory=memory)
    if existing is not None:
        catalog = existing
        update_catalog(catalog, template, to_code)
    else:
        catalog = new_catalog(template, to_code, now=now)
    memory_path = None
    if use_memory:
        from .memory.store import default_memory_path

        memory_path = memory or default_memory_path(from_code, to_code)
        if os.path.exists(memory_path):
            from .memory.reuse import fill_from_memory

            with open_memory(from_code, to_code, memory_path) as store:
                reused = fill_from_memory(catalog, store)
    terms = load_terms(glossary) if use_glossary else None
    signature = None
    if any(_untranslated(e) for e in catalog):
        if engine is None:
            engine = load_translator(from_code, to_code)
        from .documents.limits import translate_in_pieces
        from .mt.pipeline import translate_texts

        def translate(texts: list[str]) -> list[str]:
            # a line longer than MAX_SEGMENT_CHARS goes to the model in pieces
            return translate_in_pieces(lambda pieces: translate_texts(engine, pieces), texts)

        info = engine.info
        signature = Signature(from_code, to_code, terms.fingerprint() if terms is not None else None,
                              info.packages, info.pivot)
    else:
        def translate(texts: list[str]) -> list[str]:
            return []
    report = pretranslate(catalog, translate, to_code, from_code=from_code, glossary=terms,
                          provenance=signature.model if signature else None, progress=progress)
    if signature is not None:
        from .signature import PO_HEADER

        catalog.metadata[PO_HEADER] = str(signature)
    if memory_path is not None:
        suggested = suggest_from_memory(catalog, from_code=from_code, to_code=to_code, memory=memory_path)
    return PretranslatedCatalog(catalog, report, signature, remembered=remembered, reused=reused,
                                suggested=suggested)


@dataclass(frozen=True)
class AppliedCatalog:
    """A document rebuilt from its post-edited PO file.

    Attributes:
        document (AppliedDocument): the document
            (:class:`toolkit.gettext.documents.AppliedDocument`: text, or
            bytes for a binary format, and the untranslated sentences).
        remembered (int): reviewed translations newly recorded in the
            translation memory.
    """

    document: Any
    remembered: int = 0


def apply_document_po(catalog: "polib.POFile", *, original: bytes | None = None, use_fuzzy: bool = True,
                      remember: bool = True, memory: str | os.PathLike | None = None) -> AppliedCatalog:
    """Rebuild the translated document from a post-edited PO made by
    ``atau translate --format po``
    (:func:`toolkit.gettext.documents.po_to_document`) and, with
    ``remember``, record its reviewed (not fuzzy) translations in the
    pair's translation memory (:func:`remember_po`; skipped when the PO has
    no ``Language`` header).

    Args:
        original (bytes | None): the document the PO was made from; needed
            for a binary format (``docx``).

    Raises:
        InputError: not such a PO (no or a damaged layout header), a binary
            format without its original or with another file, a bad memory.
    """
    from .gettext.documents import po_to_document

    document = po_to_document(catalog, use_fuzzy=use_fuzzy, original=original)
    remembered = 0
    if remember and (memory is not None or (catalog.metadata.get("Language") or "").strip()):
        remembered = remember_po(catalog, memory=memory)
    return AppliedCatalog(document, remembered)


def _untranslated(entry) -> bool:
    return bool(entry.msgid) and not entry.obsolete and not entry.msgstr \
        and not any(entry.msgstr_plural.values())


# --------------------------------------------------------------------------
# archives: folder jobs and the translation memory (issue 17)
# (toolkit/batch, toolkit/memory; appended here, existing functions unchanged)

if TYPE_CHECKING:
    from .batch.job import DocumentOutcome, FolderOptions, FolderSummary


def __getattr__(name: str) -> Any:
    """The section's types, imported when first asked for (``from
    toolkit.service import FolderOptions``): importing the folder-job
    machinery costs every command that uses this module ~13 ms at start-up
    (benchmarks/bench_startup.py)."""
    if name in ("DocumentOutcome", "FolderOptions", "FolderSummary"):
        from .batch import job

        return getattr(job, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ += ["FolderOptions", "FolderSummary", "DocumentOutcome", "translate_folder", "open_memory",
            "MemoryImport", "import_memory", "export_memory", "memory_stats", "search_memory",
            "remember_po", "suggest_from_memory"]


def translate_folder(inputs: Sequence[str | os.PathLike], outdir: str | os.PathLike, options: FolderOptions, *,
                     on_event: Callable[[str, Any], None] | None = None) -> FolderSummary:
    """Translate folders (or a list of files) into ``outdir``, the same tree,
    resumably, reusing and filling the translation memory, in this process,
    in worker processes or on Ray (see :mod:`toolkit.batch.job`).

    Raises:
        InputError: no documents, bad output folder, another job on it,
            an unreadable memory, Ray not installed.
        ModelNotFoundError, ModelError: no model, or it fails.
        GlossaryError: the glossary cannot be read.
    """
    from .batch.job import run_folder_job

    return run_folder_job(inputs, outdir, options, on_event=on_event)


def open_memory(from_code: str | None, to_code: str | None, path: str | os.PathLike | None = None):
    """The translation memory at ``path``, else the default one of the pair
    (:func:`toolkit.memory.store.default_memory_path`); a
    :class:`~toolkit.memory.store.TranslationMemory` to close (or use in ``with``).

    Raises:
        InputError: not a memory, another pair, or no pair for a new one.
    """
    from .memory.store import TranslationMemory, default_memory_path

    if path is None:
        if from_code is None or to_code is None:
            raise InputError(_("give the languages (--from, --to) or the memory (--memory PATH)"))
        path = default_memory_path(from_code, to_code)
    return TranslationMemory(path, from_code, to_code)


@dataclass(frozen=True)
class MemoryImport:
    """What :func:`import_memory` did: the memory's ``path``, units read,
    ``skipped`` (no segment in both languages, or too long) and what the
    memory made of the rest (``added``, ``updated``, ``unchanged``)."""

    path: str
    read: int
    skipped: int
    added: int
    updated: int
    unchanged: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _memory_format(path: str | os.PathLike, fmt: str | None) -> str:
    fmt = (fmt or os.path.splitext(str(path))[1].lstrip(".")).lower()
    if fmt not in ("tmx", "csv"):
        raise InputError(_("unknown memory file format {fmt!r} (expected .tmx or .csv, or --format)")
                         .format(fmt=fmt), path)
    return fmt


def import_memory(file: str | os.PathLike, from_code: str | None, to_code: str | None, *,
                  memory: str | os.PathLike | None = None, fmt: str | None = None,
                  origin: str | None = None) -> MemoryImport:
    """Import a TMX 1.4b or CSV file into a memory: all of it, or nothing.

    Without ``from_code``/``to_code`` the pair comes from the memory, else
    from the TMX header's ``srclang`` and the one other language of its
    segments.

    Raises:
        InputError: unreadable or malformed file (with file and line),
            languages that cannot be told, a bad memory.
    """
    from .fileio import read_bytes
    from .memory.tabular import read_csv
    from .memory.tmx import read_tmx, tmx_units

    fmt = _memory_format(file, fmt)
    data = read_bytes(file)
    if fmt == "tmx":
        import io

        tmx = read_tmx(io.BytesIO(data), file)
        known = memory is not None and os.path.exists(memory)  # an existing memory knows its pair
        if from_code is None and not known and tmx.srclang:
            from_code = normalize_tag(tmx.srclang).split("-")[0]
        if to_code is None and not known and from_code is not None:
            others = [lang for lang in tmx.languages() if lang != normalize_tag(from_code).split("-")[0]]
            if len(others) != 1:
                raise InputError(_("the file has segments in {langs}: give the languages (--from, --to)")
                                 .format(langs=", ".join(tmx.languages()) or "no language"), file)
            to_code = others[0]
        with open_memory(from_code, to_code, memory) as store:
            units, skipped = tmx_units(tmx, store.from_code, store.to_code, origin=origin)
            result = store.add(units)
            path = str(store.path)
    else:
        from .fileio import decode_text

        with open_memory(from_code, to_code, memory) as store:
            units = read_csv(decode_text(data, file), store.from_code, store.to_code, file)
            if origin is not None:
                units = [replace(u, origin=origin) for u in units]
            skipped = 0
            result = store.add(units)
            path = str(store.path)
    return MemoryImport(path, len(units) + skipped, skipped + result.skipped, result.added, result.updated,
                        result.unchanged)


def export_memory(file: str | os.PathLike, from_code: str | None, to_code: str | None, *,
                  memory: str | os.PathLike | None = None, fmt: str | None = None,
                  origin: str | None = None, now: str | None = None) -> int:
    """Export a memory (or one origin's units) as TMX 1.4b or CSV, written
    atomically; returns the number of units written.

    Raises:
        InputError: unknown format, no such memory.
    """
    from .fileio import atomic_open
    from .memory.model import utc_now
    from .memory.tabular import write_csv
    from .memory.tmx import write_tmx

    fmt = _memory_format(file, fmt)
    with open_memory(from_code, to_code, memory) as store:
        with atomic_open(file, "w") as handle:
            if fmt == "tmx":
                written, _skipped = write_tmx(handle, store.units(origin), store.from_code, store.to_code,
                                              created=now or utc_now())
            else:
                written = write_csv(handle, store.units(origin), store.from_code, store.to_code)
    return written


def memory_stats(from_code: str | None, to_code: str | None, *, memory: str | os.PathLike | None = None):
    """The counts of a memory (:class:`toolkit.memory.store.MemoryStats`);
    a pair's default memory that nothing has filled yet has all counts 0
    (it is not created).

    Raises:
        InputError: no memory at an explicit ``memory`` path.
    """
    from .memory.store import MemoryStats, default_memory_path

    path = memory or (default_memory_path(from_code, to_code) if from_code and to_code else None)
    if path is not None and not os.path.exists(path):
        if memory is None:
            return MemoryStats(str(path), normalize_tag(from_code), normalize_tag(to_code), 0, 0, 0, 0, 0, None, None)
        raise InputError(_("no translation memory here yet (it is filled by 'atau translate DIR' "
                           "and 'atau memory import')"), path)
    with open_memory(from_code, to_code, memory) as store:
        return store.stats()


def search_memory(text: str, from_code: str | None, to_code: str | None, *,
                  memory: str | os.PathLike | None = None, threshold: float = 75.0, limit: int = 10):
    """Fuzzy matches of ``text`` in a memory, best first
    (:meth:`toolkit.memory.store.TranslationMemory.search`).

    Raises:
        InputError: no memory at an explicit ``memory`` path.
    """
    stats = memory_stats(from_code, to_code, memory=memory)
    if not os.path.exists(stats.path):
        return []
    with open_memory(from_code, to_code, stats.path) as store:
        return store.search(text, threshold=threshold, limit=limit)


def remember_po(catalog: "polib.POFile", *, from_code: str | None = None, to_code: str | None = None,
                memory: str | os.PathLike | None = None) -> int:
    """Record the human translations of a PO file in the memory (entries
    translated and not fuzzy: a person wrote or reviewed them;
    :func:`toolkit.memory.reuse.human_units`); returns how many units were
    added or changed. The pair defaults to the PO's ``X-Atau-Source-Language``
    (else ``en``) and ``Language`` headers.

    Called by ``atau catalog apply`` and ``atau catalog translate --update``.

    Raises:
        InputError: the target language cannot be told, a bad memory.
    """
    from .memory.reuse import record_human_translations

    from_code = from_code or catalog.metadata.get("X-Atau-Source-Language") or "en"
    to_code = to_code or (catalog.metadata.get("Language") or "").strip() or None
    if to_code is None and memory is None:
        raise InputError(_("the PO file has no Language header: give the target language"))
    with open_memory(normalize_tag(from_code), normalize_tag(to_code) if to_code else None, memory) as store:
        return record_human_translations(catalog, store)


def suggest_from_memory(catalog: "polib.POFile", *, from_code: str | None = None, to_code: str | None = None,
                        memory: str | os.PathLike | None = None, threshold: float = 75.0, limit: int = 1) -> int:
    """Add fuzzy matches (≥ ``threshold``) from the memory to a PO file's
    untranslated and fuzzy entries, as msgmerge would (``#|`` previous
    msgid for an empty msgstr, else translator comments;
    :func:`toolkit.memory.reuse.add_suggestions`); returns how many entries
    got one. Nothing happens when the pair has no memory yet.

    Raises:
        InputError: a bad memory.
    """
    from .memory.reuse import add_suggestions
    from .memory.store import default_memory_path

    from_code = from_code or catalog.metadata.get("X-Atau-Source-Language") or "en"
    to_code = to_code or (catalog.metadata.get("Language") or "").strip() or None
    path = memory or (default_memory_path(from_code, to_code) if to_code else None)
    if path is None or not os.path.exists(path):
        return 0
    with open_memory(normalize_tag(from_code), normalize_tag(to_code) if to_code else None, path) as store:
        return add_suggestions(catalog, store, threshold=threshold, limit=limit)


# --------------------------------------------------------------------------
# Short texts for the HTTP server (issue 15: `atau serve`). Appended here so
# that the server, like the command line, only parses and answers.


@dataclass(frozen=True)
class PlacedEdit:
    """An enforcement edit with its place in the translated text.

    Attributes:
        start (int | None), end (int | None): the span of ``after`` in the
            output text (characters); None when the output's escaping makes
            the place unknown (a JSON document).
        before (str), after (str), concept_id (str), reason (str), form (str):
            as :class:`toolkit.terms.enforce.Edit`.
    """

    start: int | None
    end: int | None
    before: str
    after: str
    concept_id: str
    reason: str
    form: str = "-"

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "before": self.before, "after": self.after,
                "concept": self.concept_id, "reason": self.reason, "form": self.form}


@dataclass(frozen=True)
class TextTerminology:
    """What enforcement did to one translated text.

    Attributes:
        edits (tuple[PlacedEdit, ...]): in text order.
        unresolved (tuple[TermOutcome, ...]): source terms whose preferred
            target term could not be put in.
    """

    edits: tuple[PlacedEdit, ...] = ()
    unresolved: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"edits": [e.to_dict() for e in self.edits],
                "unresolved": [{"concept": t.concept_id, "source": t.source, "expected": t.expected}
                               for t in self.unresolved]}


@dataclass(frozen=True)
class TranslatedTexts:
    """Independent texts translated together (one batched model call).

    Attributes:
        texts (tuple[str, ...]): one translation per input text, in order;
            each keeps its text's layout (lines, blank lines, list markers).
        terminology (tuple[TextTerminology, ...] | None): per text; None when
            the glossary was not enforced.
        report (EnforcementReport | None): the whole enforcement report.
        flags (tuple[tuple[Finding, ...], ...]): per text, what the pipeline
            flagged (``empty``, ``repetition``...).
        signature (Signature): provenance (model, glossary SHA-256, settings).
        notices (tuple[str, ...]): fallbacks taken.
    """

    texts: tuple[str, ...]
    terminology: "tuple[TextTerminology, ...] | None"
    report: "EnforcementReport | None"
    flags: tuple[tuple[Any, ...], ...]
    signature: Signature
    notices: tuple[str, ...] = ()


def translate_texts(texts: Sequence[str], from_code: str, to_code: str, *, markup: str = "text",
                    glossary: GlossaryArg = None, enforce: bool = True, engine: "Translator | None" = None,
                    beam_size: int = 4) -> TranslatedTexts:
    """Translate independent texts (API strings) as :func:`translate_document_text`
    translates a document — sentence by sentence, layout kept, numbers and
    markup protected, the glossary enforced — in one pass for all of them:
    the texts become the string values of one JSON document, so the model
    gets all their sentences in one batched call.

    Args:
        texts (Sequence[str]): the texts (plain text, or HTML fragments).
        from_code (str), to_code (str): the pair.
        markup (str): ``"text"`` or ``"html"``. Tags and entities are
            protected in both (:mod:`toolkit.mt.protect`); with ``"html"``
            and an ``html`` document format installed
            (:func:`toolkit.documents.formats`), each text is translated as an
            HTML document instead.
        glossary (GlossaryArg), enforce (bool), engine (Translator | None),
            beam_size (int): as :func:`translate_document_text`.

    Returns:
        TranslatedTexts

    Raises:
        InputError: ``markup`` is neither ``text`` nor ``html``.
        ModelNotFoundError, ModelError, GlossaryError: as :func:`translate_document_text`.
    """
    import json

    from .documents import formats

    if markup not in ("text", "html"):
        raise InputError(_("{format} format is not supported").format(format=markup))
    texts = list(texts)
    if markup == "html" and "html" in formats() and texts:
        if engine is None:
            engine = load_translator(from_code, to_code)
        parts = [translate_document_text(text, from_code, to_code, fmt="html", glossary=glossary,
                                         enforce=enforce, engine=engine, beam_size=beam_size)
                 for text in texts]
        return _joined(parts)
    document = json.dumps(texts, ensure_ascii=False, indent=0)
    result = translate_document_text(document, from_code, to_code, fmt="json", glossary=glossary,
                                     enforce=enforce, engine=engine, beam_size=beam_size)
    outputs = json.loads(result.output)
    if not isinstance(outputs, list) or len(outputs) != len(texts):  # pragma: no cover - the format keeps shape
        raise InputError("the translated texts lost their shape")
    segments = result.translation.segments if result.translation else ()
    per_text = _segments_per_text(texts, segments, from_code)
    flags = tuple(tuple(f for s in group for f in s.flags) for group in per_text)
    terminology = None
    if result.terminology is not None:
        by_index = {s.index: s for s in result.terminology.segments}
        terminology = tuple(_text_terminology(output, group, by_index)
                            for output, group in zip(outputs, per_text))
    return TranslatedTexts(tuple(outputs), terminology, result.terminology, flags,
                           result.signature.with_settings(format=markup), result.notices)


def _joined(parts: list[TranslatedDocument]) -> TranslatedTexts:
    """One :class:`TranslatedTexts` from documents translated one by one."""
    terminology = None
    report = None
    if all(p.terminology is not None for p in parts):
        from .terms.enforce import EnforcementReport

        report = EnforcementReport([], parts[0].terminology.signature)
        terminology = []
        for part in parts:
            report.segments.extend(part.terminology.segments)
            by_index = {s.index: s for s in part.terminology.segments}
            terminology.append(_text_terminology(part.output, part.translation.segments, by_index))
        terminology = tuple(terminology)
    flags = tuple(tuple(f for s in p.translation.segments for f in s.flags) if p.translation else ()
                  for p in parts)
    return TranslatedTexts(tuple(p.output for p in parts), terminology, report, flags,
                           parts[0].signature.with_settings(format="html"),
                           tuple(dict.fromkeys(n for p in parts for n in p.notices)))


def _segments_per_text(texts: Sequence[str], segments: Sequence[Any], from_code: str) -> list[list[Any]]:
    """The document's segments grouped by the text they came from: in the
    JSON document of :func:`translate_texts` (``indent=0``), text ``i`` is
    the string on line ``i + 2``."""
    groups: list[list[Any]] = [[] for _ in texts]
    for segment in segments:
        k = segment.line - 2
        if not 0 <= k < len(groups):  # pragma: no cover - the JSON format keeps each string's line
            raise InputError("the translated texts lost their sentences")
        groups[k].append(segment)
    return groups


def placed_edits(output: str, segments: Sequence[Any], results: dict[int, Any]) -> tuple[PlacedEdit, ...]:
    """The edits of enforcement placed in a translated document: where each
    ``after`` stands in ``output`` (``start``/``end``, characters).

    Each segment's final target is looked for in ``output`` after the
    previous one (so placement does not depend on the format's structure):
    as it is, else with its whitespace matching any whitespace (a
    soft-wrapped paragraph re-flowed into lines). Where the target is not
    there as it is (a sentence rendered with inline markup, an escaped
    string), each edit's ``after`` is looked for instead; an edit not found
    has no place.

    Args:
        output (str): the translated document (or one translated text).
        segments (Sequence[Segment]): the translation's segments in document
            order, targets after enforcement.
        results (dict[int, SegmentResult]): enforcement by segment index.
    """
    import re

    edits: list[PlacedEdit] = []
    cursor = 0
    for segment in segments:
        result = results.get(segment.index)
        target = result.target if result is not None else segment.target
        at = output.find(target, cursor) if target else -1
        where: list[int] | None = None
        if at >= 0:
            where = list(range(at, at + len(target) + 1))
            cursor = at + len(target)
        elif target.strip():
            words = target.split()
            found = re.compile(r"\s+".join(re.escape(w) for w in words)).search(output, cursor)
            if found is not None:
                where = _char_map(target, output, found.start(), found.end())
                cursor = found.end()
        if result is not None and result.edits:
            placed = _place(result, where)
            if where is None:  # each replacement on its own, in order
                found_edits = []
                for edit in placed:
                    at = output.find(edit.after, cursor) if edit.after else -1
                    if at >= 0:
                        edit = replace(edit, start=at, end=at + len(edit.after))
                        cursor = at + len(edit.after)
                    found_edits.append(edit)
                placed = found_edits
            edits.extend(placed)
    return tuple(edits)


def _char_map(target: str, output: str, start: int, end: int) -> list[int]:
    """Offsets in ``output[start:end]`` of each character position of
    ``target`` (and of its end), where the two differ only in whitespace."""
    out: list[int] = []
    j = start
    i = 0
    while i < len(target):
        if target[i].isspace():
            out.append(j)
            while i < len(target) and target[i].isspace():
                i += 1
                if i < len(target) and target[i].isspace():
                    out.append(j)
            while j < end and output[j].isspace():
                j += 1
        else:
            out.append(j)
            i += 1
            j += 1
    out.append(j)
    return out


def _place(result: Any, where: list[int] | None) -> list[PlacedEdit]:
    """The edits of one segment, placed through ``where`` (position in the
    output of each character position of the segment's final target; None:
    not placed). Edits apply left to right; one overlapping an earlier edit
    was not applied, as in :func:`toolkit.terms.enforce._apply`."""
    out = []
    shift, last = 0, 0
    for edit in sorted(result.edits, key=lambda e: e.start):
        if edit.start < last:
            continue
        start = edit.start + shift
        end = start + len(edit.after)
        if where is None or end >= len(where) or result.target[start:end] != edit.after:
            out.append(PlacedEdit(None, None, edit.before, edit.after, edit.concept_id, edit.reason, edit.form))
        else:
            out.append(PlacedEdit(where[start], where[end - 1] + 1, edit.before, edit.after, edit.concept_id,
                                  edit.reason, edit.form))
        shift += len(edit.after) - (edit.end - edit.start)
        last = edit.end
    return out


def _text_terminology(output: str, segments: Sequence[Any], by_index: dict[int, Any]) -> TextTerminology:
    """One text's edits (placed in its translation ``output``) and unresolved terms."""
    results = {s.index: by_index[s.index] for s in segments if s.index in by_index}
    edits = placed_edits(output, segments, results) if any(r.edits for r in results.values()) else ()
    unresolved = tuple(t for r in results.values() for t in r.unresolved)
    return TextTerminology(edits, unresolved)


def installed_pairs() -> dict[str, tuple[str, ...]]:
    """The languages the installed packages translate from, each with the
    languages it translates into, directly or through English (as
    :func:`load_translator` routes them): ``{"en": ("ru",), ...}``, sorted."""
    from .mt.packages.local import installed_packages

    direct: dict[str, set[str]] = {}
    for package in installed_packages():
        direct.setdefault(package.from_code, set()).add(package.to_code)
    pivot = "en"
    routes = {source: set(targets) for source, targets in direct.items()}
    for source, targets in direct.items():
        if source != pivot and pivot in targets:
            routes[source] |= {t for t in direct.get(pivot, ()) if t != source}
    return {source: tuple(sorted(targets)) for source, targets in sorted(routes.items())}


__all__ += ["PlacedEdit", "TextTerminology", "TranslatedTexts", "translate_texts", "placed_edits",
            "installed_pairs"]

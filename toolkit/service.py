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
from typing import TYPE_CHECKING, Any, Callable, Sequence, Union

from .errors import GlossaryError, InputError, ModelNotFoundError
from .i18n import _
from .langtags import normalize_tag
from .signature import Signature

if TYPE_CHECKING:
    import polib

    from .documents.bitext import Bitext
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
    "EnforcedFile",
    "enforce_file",
    "enforce_segments",
    "CheckedFile",
    "check_file",
    "check_segments",
    "evaluate_file",
    "PretranslatedCatalog",
    "pretranslate_catalog",
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
        ModelNotFoundError: no route is installed (the message says what to
            install).
        ModelError: a model cannot be loaded.
    """
    from .mt.engine import default_threads, load_engine

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
    """

    output: str
    po: bool
    translation: "DocumentTranslation | None"
    terminology: "EnforcementReport | None"
    signature: Signature
    notices: tuple[str, ...] = ()

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
        return data


def translate_document_text(text: str, from_code: str, to_code: str, *, fmt: str = "txt",
                            as_po: bool = False, glossary: GlossaryArg = None, enforce: bool = True,
                            engine: "Translator | None" = None, beam_size: int = 4,
                            device: str = "auto", threads: int = 0, source_name: str | None = None,
                            progress: Callable[[int, int], None] | None = None) -> TranslatedDocument:
    """Translate a document offline, keeping its layout, and enforce the glossary.

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
    if engine is not None:
        from .mt.pipeline import translate_document

        translation = translate_document(text, engine, fmt=fmt, beam_size=beam_size, progress=progress,
                                         postedit=hook, from_code=from_code)
        signature = translation.signature
    else:
        signature = Signature(normalize_tag(from_code), normalize_tag(to_code), settings={"format": fmt})
    if terms is not None:
        signature = replace(signature, glossary=terms.fingerprint())
    signature = signature.with_settings(enforce=hook is not None)
    if as_po:
        from .gettext.documents import document_to_po

        po = document_to_po(
            text, from_code, to_code, fmt=fmt, glossary=terms,
            translations=[s.target for s in translation.segments] if translation else None,
            notes=[[f"mt: {f.code}: {f.message}" for f in s.flags] for s in translation.segments]
            if translation else None,
            source_name=source_name, signature=signature)
        output = str(po) if str(po).endswith("\n") else str(po) + "\n"
    else:
        output = translation.text
    return TranslatedDocument(output, as_po, translation, hook.report if hook is not None else None,
                              signature, tuple(notices))


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
    """

    catalog: "polib.POFile"
    report: Any
    signature: Signature | None = None
    notices: tuple[str, ...] = field(default=())


def pretranslate_catalog(template: "polib.POFile", to_code: str, *, from_code: str = "en",
                         existing: "polib.POFile | None" = None, glossary: GlossaryArg = None,
                         use_glossary: bool = True, engine: "Translator | None" = None,
                         now: datetime | None = None,
                         progress: Callable[[int, int], None] | None = None) -> PretranslatedCatalog:
    """Pre-translate a template: a new catalog for ``to_code`` (or
    ``existing`` merged with the template, as msgmerge does) whose
    untranslated entries get a fuzzy machine translation with placeholders
    kept, every plural form filled and the glossary enforced. Entries that
    have a translation are never changed.

    Raises:
        ModelNotFoundError: entries need translating and no model is installed.
        InputError: unknown language.
        GlossaryError: the glossary cannot be read.
    """
    from .gettext.pretranslate import new_catalog, pretranslate, update_catalog

    to_code, from_code = normalize_tag(to_code), normalize_tag(from_code)
    if existing is not None:
        catalog = existing
        update_catalog(catalog, template, to_code)
    else:
        catalog = new_catalog(template, to_code, now=now)
    terms = load_terms(glossary) if use_glossary else None
    signature = None
    if any(_untranslated(e) for e in catalog):
        if engine is None:
            engine = load_translator(from_code, to_code)
        from .mt.pipeline import translate_texts

        def translate(texts: list[str]) -> list[str]:
            return translate_texts(engine, texts)

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
    return PretranslatedCatalog(catalog, report, signature)


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
    """The counts of a memory (:class:`toolkit.memory.store.MemoryStats`).

    Raises:
        InputError: no such memory.
    """
    from .memory.store import default_memory_path

    path = memory or (default_memory_path(from_code, to_code) if from_code and to_code else None)
    if path is not None and not os.path.exists(path):
        raise InputError(_("no translation memory here yet (it is filled by 'atau translate DIR' "
                           "and 'atau memory import')"), path)
    with open_memory(from_code, to_code, memory) as store:
        return store.stats()


def search_memory(text: str, from_code: str | None, to_code: str | None, *,
                  memory: str | os.PathLike | None = None, threshold: float = 75.0, limit: int = 10):
    """Fuzzy matches of ``text`` in a memory, best first
    (:meth:`toolkit.memory.store.TranslationMemory.search`).

    Raises:
        InputError: no such memory.
    """
    stats = memory_stats(from_code, to_code, memory=memory)
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

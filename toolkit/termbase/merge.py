"""Merging termbases and editing concepts, with the rules that keep a
termbase consistent: one preferred term per language, no term twice in a
concept, terms grouped by language.

:func:`merge_into` is ``atau glossary import``; :func:`add_terms`,
:func:`edit_term`, :func:`edit_concept` and :func:`remove` are ``atau
glossary add/edit/remove`` (and any other front end's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable, Literal, Sequence

from ..errors import ConflictError, GlossaryError, InputError
from ..i18n import _
from .model import Concept, Glossary, Term, clean_term_text, fold

__all__ = ["Conflict", "MergeReport", "merge_into", "promote", "order_terms", "add_terms", "edit_term",
           "edit_concept", "remove"]


@dataclass(frozen=True)
class Conflict:
    """Imported data that differs from what the glossary has.

    Attributes:
        concept_id (str): the concept concerned.
        field (str): what differs: ``"subject"``, ``"definition"``, ``"note"``,
            ``"term"`` (same text, other attributes) or ``"preferred"``
            (another preferred term in the same language).
        lang (str | None): the language, for term conflicts.
        existing (str): the glossary's value.
        incoming (str): the imported value.
    """

    concept_id: str
    field: str
    existing: str
    incoming: str
    lang: str | None = None

    def __str__(self) -> str:
        where = f"{self.concept_id}" + (f" [{self.lang}]" if self.lang else "")
        return f"{where}: {self.field} {self.existing!r} vs imported {self.incoming!r}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MergeReport:
    """What :meth:`Glossary.merge` did.

    Attributes:
        added (list[str]): ids of new concepts.
        updated (list[str]): ids of concepts that gained terms or fields.
        unchanged (list[str]): ids of concepts already identical.
        conflicts (list[Conflict]): differing data, resolved per ``on_conflict``.
    """

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": [c.to_dict() for c in self.conflicts]}


def merge_into(glossary: Glossary, other: Iterable[Concept],
               on_conflict: Literal["keep", "replace", "fail"] = "fail") -> MergeReport:
    """Merge concepts into ``glossary``, in place (what ``atau glossary import`` does).

    A concept is the same as an existing one when it has the same id or
    the same preferred term in the same language. Identical data is never
    duplicated; new terms and fields are added; differing data is a
    :class:`Conflict`, resolved by ``on_conflict``: ``keep`` the
    glossary's value, ``replace`` it with the imported one, or ``fail``.

    A concept keeps one preferred term per language either way. With
    ``keep``, an imported preferred term that rivals the glossary's is
    left out (and a term the glossary has keeps its status). With
    ``replace``, the imported term becomes the preferred one and the
    previous preferred term stays in the concept, demoted to
    ``admitted`` (as ``atau glossary edit --status preferred`` does);
    a replaced term keeps the grammar the import does not give (its note
    and source too, when its status does not change).

    An empty glossary without a name (a new file) takes the name of
    ``other`` when it is a :class:`Glossary` with one (a TBX title).

    Returns:
        MergeReport: what was added, updated, unchanged and in conflict.

    Raises:
        ConflictError: ``on_conflict="fail"`` and there are conflicts; the
            glossary is then left unchanged.
        GlossaryError: ``on_conflict`` is not one of the three values.
    """
    if on_conflict not in ("keep", "replace", "fail"):
        raise GlossaryError(f"on_conflict must be keep, replace or fail, not {on_conflict!r}")
    report = MergeReport()
    staged: list[tuple[Concept | None, Concept]] = []
    for incoming in other:
        existing = glossary.match_concept(incoming)
        if existing is None:
            new = incoming if incoming.id not in glossary else replace(
                incoming, id=glossary.new_id(incoming.id))
            staged.append((None, new))
            report.added.append(new.id)
            continue
        merged, conflicts = _merge_concept(existing, incoming, on_conflict)
        report.conflicts.extend(conflicts)
        if merged == existing:
            report.unchanged.append(existing.id)
        else:
            report.updated.append(existing.id)
            staged.append((existing, merged))
    if report.conflicts and on_conflict == "fail":
        shown = "; ".join(str(c) for c in report.conflicts[:3])
        more = f" (and {len(report.conflicts) - 3} more)" if len(report.conflicts) > 3 else ""
        raise ConflictError(
            f"{len(report.conflicts)} conflict(s): {shown}{more}; "
            "choose --on-conflict keep or replace", conflicts=report.conflicts)
    if not glossary and not glossary.name:
        glossary.name = getattr(other, "name", None)
    for existing, merged in staged:
        if existing is None:
            glossary.add(merged)
        else:
            glossary.put(merged)
    return report




def _merge_concept(existing: Concept, incoming: Concept,
                   on_conflict: str) -> tuple[Concept, list[Conflict]]:
    conflicts: list[Conflict] = []
    values: dict[str, Any] = {}
    for name in ("subject", "definition", "note", "period"):
        old, new = getattr(existing, name), getattr(incoming, name)
        if new is None or new == old:
            values[name] = old
        elif old is None:
            values[name] = new
        else:
            conflicts.append(Conflict(existing.id, name, str(old), str(new)))
            values[name] = new if on_conflict == "replace" else old
    terms = list(existing.terms)
    for term in incoming.terms:
        same = [i for i, t in enumerate(terms) if t.key == term.key]
        if same:
            i = same[0]
            old = terms[i]
            if old == term:
                continue
            merged_term = _fill_term(old, term)
            if merged_term is not None:
                terms[i] = merged_term
                continue
            conflicts.append(Conflict(existing.id, "term", _describe(old), _describe(term), term.lang))
            if on_conflict == "replace":
                terms[i] = _take_imported(old, term)
                if term.status == "preferred":
                    promote(terms, i)
            continue
        if term.status == "preferred":
            rival = [i for i, t in enumerate(terms) if t.lang == term.lang and t.status == "preferred"]
            if rival:
                i = rival[0]
                conflicts.append(Conflict(existing.id, "preferred", terms[i].text, term.text, term.lang))
                if on_conflict == "replace":
                    terms.append(term)
                    promote(terms, len(terms) - 1)
                continue
        terms.append(term)
    merged = Concept(existing.id, tuple(order_terms(terms)), **values)
    return merged, conflicts


def _take_imported(old: Term, new: Term) -> Term:
    """``new`` (the imported term, which wins a conflict), completed with
    what only ``old`` has: an import that does not know a field (a CSV file
    knows none) does not erase it. The grammar is the word's own; the note
    and the source are kept only when the status stays, since they often
    explain the old status ("wrong for Kazakhstan" on a forbidden term)."""
    names = ("pos", "gender", "number", "period") + (("note", "source") if new.status == old.status else ())
    kept = {name: getattr(old, name) for name in names if getattr(new, name) is None}
    return replace(new, **kept)


def promote(terms: list[Term], index: int) -> None:
    """Make ``terms[index]`` the one preferred term of its language, in
    place: the other preferred terms of that language become admitted, and
    the new preferred term takes the place of the first of them."""
    term = terms[index]
    rivals = [i for i, t in enumerate(terms)
              if i != index and t.lang == term.lang and t.status == "preferred"]
    for i in rivals:
        terms[i] = replace(terms[i], status="admitted")
    if rivals and rivals[0] < index:
        terms.insert(rivals[0], terms.pop(index))


def _fill_term(old: Term, new: Term) -> Term | None:
    """``old`` completed with fields that only ``new`` has, or None when a
    field differs (text capitalisation counts as a difference)."""
    if old.text != new.text or old.status != new.status or old.case_sensitive != new.case_sensitive:
        return None
    values = {}
    for name in ("pos", "gender", "number", "note", "source", "period"):
        a, b = getattr(old, name), getattr(new, name)
        if a is not None and b is not None and a != b:
            return None
        values[name] = a if a is not None else b
    return replace(old, **values)


def _describe(term: Term) -> str:
    details = [term.status] + [str(v) for v in (term.pos, term.gender, term.number) if v]
    if term.case_sensitive:
        details.append("case-sensitive")
    return f"{term.text} ({', '.join(details)})"


def order_terms(terms: Sequence[Term]) -> list[Term]:
    """Group terms by language in first-seen language order, keeping the
    order within a language."""
    langs = list(dict.fromkeys(t.lang for t in terms))
    return [t for lang in langs for t in terms if t.lang == lang]


# --------------------------------------------------------------------------
# editing


def _check_one_preferred(concept_id: str, old_terms: Sequence[Term], new_terms: Sequence[Term]) -> None:
    seen = {t.lang: t.text for t in old_terms if t.status == "preferred"}
    for term in new_terms:
        if term.status != "preferred":
            continue
        if term.lang in seen:
            raise GlossaryError(_("concept {id!r} already has the preferred {lang} term {text!r}; "
                                  "add this one with --status admitted, or change the preferred term "
                                  "with 'atau glossary edit'").format(id=concept_id, lang=term.lang,
                                                                      text=seen[term.lang]))
        seen[term.lang] = term.text


def add_terms(glossary: Glossary, terms: Sequence[Term], concept_id: str | None = None, *,
              subject: str | None = None, definition: str | None = None) -> tuple[Concept, bool]:
    """Add ``terms`` to the concept ``concept_id``, or make a new concept of
    them (named after the first term when ``concept_id`` is None), in place.

    Rules: a concept has at most one preferred term per language; a term is
    never twice in a concept; a new concept's preferred term must not
    already be a term of another concept in that language (add it to that
    concept instead).

    Returns:
        tuple[Concept, bool]: the concept as it now is, and whether it is new.

    Raises:
        GlossaryError: a rule would be broken (the message says what to do).
    """
    existing = glossary.get(concept_id) if concept_id else None
    if existing is None:
        if concept_id is None:
            for term in terms:
                if term.status == "preferred" and glossary.lookup(term.text, term.lang):
                    owner = glossary.lookup(term.text, term.lang)[0][0].id
                    raise GlossaryError(_("{text!r} is already a term of concept {owner!r} in {lang}; "
                                          "add to it with --id {owner}").format(
                        text=term.text, lang=term.lang, owner=owner))
        concept = Concept(concept_id or glossary.new_id(terms[0].text), tuple(terms),
                          subject=subject, definition=definition)
        _check_one_preferred(concept.id, [], terms)
        glossary.add(concept)
        return concept, True
    for term in terms:
        if any(t.key == term.key for t in existing.terms):
            raise GlossaryError(_("concept {id!r} already has the {lang} term {text!r}").format(
                id=existing.id, lang=term.lang, text=term.text))
    _check_one_preferred(existing.id, existing.terms, terms)
    concept = existing.with_terms(order_terms(list(existing.terms) + list(terms)))
    glossary.put(concept)
    return concept, False


def edit_concept(glossary: Glossary, concept_id: str, **fields: str | None) -> Concept:
    """Change a concept's own fields (``subject``, ``definition``, ``note``;
    None leaves a field as it is), in place.

    Raises:
        GlossaryError: no such concept.
        InputError: no field to change, or an unknown field.
    """
    unknown = set(fields) - {"subject", "definition", "note"}
    if unknown:
        raise InputError(f"unknown concept field(s): {', '.join(sorted(unknown))}")
    changes = {name: value for name, value in fields.items() if value is not None}
    if not changes:
        raise InputError(_("nothing to change: give --subject, --definition or --note"))
    concept = replace(glossary[concept_id], **changes)
    glossary.put(concept)
    return concept


def edit_term(glossary: Glossary, concept_id: str, term: Term, **changes: Any) -> Concept:
    """Change the term of ``concept_id`` that has the language and text of
    ``term`` (``text``, ``status``, ``pos``, ``gender``, ``number``,
    ``case_sensitive``, ``note``, ``source``; a grammar field set to None is
    removed, other None values are no change), in place. Making a term
    preferred makes the language's old preferred term admitted.

    Returns:
        Concept: the concept as it now is.

    Raises:
        GlossaryError: no such concept or term, or the new text is already a
            term of the concept.
        InputError: nothing to change.
    """
    grammar = {name: changes.pop(name) for name in ("pos", "gender", "number") if name in changes}
    changes = {name: value for name, value in changes.items() if value is not None}
    if "text" in changes:
        changes["text"] = clean_term_text(changes["text"])
    changes.update(grammar)
    if not changes:
        raise InputError(_("nothing to change: give --text, --status, --pos, --note, ..."))
    concept = glossary[concept_id]
    index = next((i for i, t in enumerate(concept.terms) if t.key == term.key), None)
    if index is None:
        raise GlossaryError(_("concept {id!r} has no {lang} term {text!r}").format(
            id=concept.id, lang=term.lang, text=term.text))
    old = concept.terms[index]
    new = replace(old, **changes)
    terms = list(concept.terms)
    terms[index] = new
    if new.status == "preferred" and old.status != "preferred":
        terms = [replace(t, status="admitted") if i != index and t.lang == new.lang and t.status == "preferred"
                 else t for i, t in enumerate(terms)]
    if "text" in changes and any(i != index and fold(t.text) == fold(new.text) and t.lang == new.lang
                                 for i, t in enumerate(terms)):
        raise GlossaryError(_("concept {id!r} already has the {lang} term {text!r}").format(
            id=concept.id, lang=new.lang, text=new.text))
    concept = concept.with_terms(terms)
    glossary.put(concept)
    return concept


def remove(glossary: Glossary, concept_id: str, term: Term | None = None) -> Concept | None:
    """Remove the concept ``concept_id``, or only its term with the
    language and text of ``term``, in place.

    Returns:
        Concept | None: the concept as it now is, None when it was removed.

    Raises:
        GlossaryError: no such concept or term.
    """
    concept = glossary[concept_id]
    if term is None:
        glossary.remove(concept_id)
        return None
    kept = [t for t in concept.terms if t.key != term.key]
    if len(kept) == len(concept.terms):
        raise GlossaryError(_("concept {id!r} has no {lang} term {text!r}").format(
            id=concept.id, lang=term.lang, text=term.text))
    concept = concept.with_terms(kept)
    glossary.put(concept)
    return concept

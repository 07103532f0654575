#!/usr/bin/env python3
"""Check Atau's Kazakh forms against an independent analyser, apertium-kaz.

Dev tool, not used at run time or in CI. It needs a compiled apertium-kaz
morphological analyser in HFST format, built separately and kept outside this
repository (this project ships no apertium code, data or build recipe), and
the ``hfst-lookup`` program (Debian package ``hfst``)::

    python scripts/verify_kazakh_forms.py --analyser /path/to/kaz.automorf.hfst \\
        [--generator /path/to/kaz.autogen.hfst] [--tsv verified.tsv]

For every Kazakh term of ``glossary/kazakhstan.tbx`` and every word of
``tests/data/morphology/kk-words.txt`` it builds our paradigm
(:meth:`toolkit.morphology.kk.KazakhMorphology.paradigm`), analyses the last
word of each surface with apertium and prints one line per disagreement::

    TERM <tab> SURFACE <tab> OUR FORM <tab> KIND <tab> WHAT APERTIUM SAYS

KIND is ``unrecognised`` (apertium knows the term's lemma but has no reading
of the surface with that lemma) or ``other-form`` (it has, but none with our
case, number and possessive); surfaces that our paradigm lists only to find
a variant spelling (``активқа`` beside ``активке``), not the one
:meth:`inflect` writes, count as ``extra`` and are not printed. With
``--generator`` it also asks apertium to generate each of our forms and
reports ``missing`` when apertium writes a surface our paradigm does not
list under that form and did not confirm ours (``ерік`` 3rd-person
possessive: apertium ``еркі``), ``variant`` (not printed) when it confirmed
ours too. ``--all`` prints every line. Terms whose lemma apertium does not know at
all (Russian spellings such as ``Мажилис``, most proper names) cannot be
checked and are listed at the end.

How apertium's tags map onto :class:`toolkit.morphology.base.Form`:
``<nom> <gen> <dat> <acc> <loc> <abl> <ins>`` are our cases, ``<loc><attr>``
is ``locattr`` (-дағы), ``<gen><subst><nom>`` is ``gensubst`` (-нікі), ``<pl>``
the plural, ``<px1sg> <px2sg> <px3sp> <px1pl>`` the persons 1sg, 2sg, 3, 1pl
and ``<frm>`` the polite 2nd person. apertium's ``<px2pl>`` is -ыңдар; the
standard grammar (Қазақ грамматикасы, 2002, тәуелдік жалғау) gives the plural
owner сендер/сіздер the singular's suffixes, which is what Atau lists under
2pl and 2pl.pol, so those are checked against ``<px2sg>`` readings. A term
whose last word already carries the 3rd-person possessive (``Мемлекет
басшысы``) is checked as its stem + ``<px3sp>``.

``--tsv`` writes the forms apertium confirmed (surface, term, form, the
apertium reading) for ``tests/data/morphology/kk-verified.tsv``.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.morphology.base import Form, normalize_surface
from toolkit.morphology.kk import KazakhMorphology

try:  # the TBX reader moved into toolkit.termbase
    from toolkit.termbase.tbx import loads_tbx
except ImportError:
    from toolkit.tbx import loads_tbx

CASE_TAGS = ("nom", "gen", "dat", "acc", "loc", "abl", "ins")
PERSONS = {"px1sg": "1sg", "px2sg": "2sg", "px3sp": "3", "px3pl": "3", "px1pl": "1pl",
           "px2pl": "2pl"}
# apertium POS tags a glossary noun may come back with; <adj><subst> is an
# adjective used as a noun (жоғары -> Жоғарыға).
NOUN_POS = ("n", "np", "adj")


def glossary_terms(path: Path) -> list[str]:
    """The Kazakh (Cyrillic) terms of a TBX file, every status, in file order."""
    glossary = loads_tbx(path.read_bytes())
    terms = [term.text for concept in glossary for term in concept.terms
             if term.lang.lower() in ("kk", "kk-kz", "kk-cyrl")]
    return list(dict.fromkeys(terms))


def word_list(path: Path) -> list[str]:
    """Non-empty lines of ``path`` without ``#`` comments."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def lookup(fst: Path, inputs: Iterable[str], program: str = "hfst-lookup") -> dict[str, list[str]]:
    """``{input: [reading, ...]}`` from one run of ``hfst-lookup``; an input
    apertium does not know maps to ``[]``."""
    inputs = list(dict.fromkeys(inputs))
    result = subprocess.run([program, "-q", str(fst)], input="\n".join(inputs) + "\n",
                            capture_output=True, text=True, check=True)
    out: dict[str, list[str]] = {text: [] for text in inputs}
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0] in out and not fields[1].endswith("+?"):
            out[fields[0]].append(fields[1])
    return out


def parse_reading(reading: str) -> tuple[str, str | None, Form | None]:
    """``"басшы<n><px3sp><dat>+е<cop>..."`` -> ``("басшы", "<n>", Form("dat", "sg", "3"))``.

    The second item is the part-of-speech tags (``"<np><top>"``). Clitics
    after ``+`` are dropped. The form is None for a reading that is no form
    of ours (a verb, a case after -нікі, an orthographic-error reading).
    """
    head = reading.split("+", 1)[0]
    match = re.match(r"([^<]+)((?:<[^>]+>)*)$", head)
    if not match:
        return reading, None, None
    lemma, tags = match.group(1), re.findall(r"<([^>]+)>", match.group(2))
    if not tags or tags[0] not in NOUN_POS or "err_orth" in tags:
        return lemma, None, None
    inflection = {"pl", "attr", *PERSONS, *CASE_TAGS}
    split = next((i for i, tag in enumerate(tags) if tag in inflection), len(tags))
    pos, rest = "".join(f"<{t}>" for t in tags[:split]), tags[split:]
    number = "pl" if "pl" in rest else "sg"
    person = next((PERSONS[t] for t in rest if t in PERSONS), None)
    if person in ("2sg", "2pl") and "frm" in rest:
        person += ".pol"
    cases = [t for t in rest if t in CASE_TAGS]
    if "attr" in rest and cases[-1:] == ["loc"]:
        case = "locattr"
    elif "subst" in rest and "gen" in cases:
        if cases[cases.index("gen") + 1:] not in ([], ["nom"]):
            return lemma, pos, None
        case = "gensubst"
    elif cases:
        case = cases[-1]
    elif rest in ([], ["attr"]):
        case = "nom"
    else:
        return lemma, pos, None
    return lemma, pos, Form(case, number, person)


def same_form(ours: Form, theirs: Form) -> bool:
    """True when apertium's form is ours (2pl read as 2sg: see the docstring)."""
    if ours == theirs:
        return True
    if ours.possessive in ("2pl", "2pl.pol"):
        singular = ours.possessive.replace("pl", "sg")
        return Form(ours.case, ours.number, singular) == theirs
    return False


def generation_tags(lemma: str, pos: str, form: Form) -> str:
    """apertium's analysis string for ``lemma`` in ``form`` (for the generator)."""
    tags = [pos]
    if form.number == "pl":
        tags.append("<pl>")
    if form.possessive:
        person, _, polite = form.possessive.partition(".")
        tags.append({"1sg": "<px1sg>", "2sg": "<px2sg>", "2pl": "<px2sg>", "3": "<px3sp>",
                     "1pl": "<px1pl>"}[person])
        if polite:
            tags.append("<frm>")
    tags.append({"locattr": "<loc><attr>", "gensubst": "<gen><subst><nom>"}.get(
        form.case, f"<{form.case}>"))
    return lemma + "".join(tags)


class Checker:
    """Checks the paradigms of terms against apertium readings."""

    def __init__(self, analyser: Path, generator: Path | None, program: str) -> None:
        self.analyser, self.generator, self.program = analyser, generator, program
        self.kk = KazakhMorphology()

    def check(self, terms: list[str]):
        """Yields ``(term, surface, form, kind, detail)``; kind is ``ok``,
        ``unrecognised``, ``other-form``, ``extra``, ``missing``,
        ``variant`` or ``unknown-lemma`` (see the module docstring)."""
        jobs = []  # (term, apertium lemma, possessed, {last-word surface: forms}, prefix, word)
        tokens: set[str] = set()
        for term in terms:
            target = self.kk._target(term)
            if target is None:
                continue
            word = target.word
            lemma = word.casefold()
            if target.possessed:
                lemma = target.stem or lemma
            prefix = normalize_surface(target.prefix + "x")[:-1] if target.prefix else ""
            table = {surface[len(prefix):]: forms
                     for surface, forms in self.kk.paradigm(term).items()}
            jobs.append((term, lemma, target.possessed, table, prefix, word))
            for surface in [lemma, *table]:
                tokens.update(_variants(surface, word))
        readings = lookup(self.analyser, sorted(tokens), self.program)
        requests: dict[str, list[tuple[str, Form, str, set[str], bool]]] = {}
        for term, lemma, possessed, table, prefix, word in jobs:
            pos = self._known_pos(readings, lemma, word)
            if pos is None:
                yield term, lemma, None, "unknown-lemma", ""
                continue
            ours: dict[Form, set[str]] = {}
            confirmed: set[Form] = set()
            for surface, forms in table.items():
                theirs = [(r, f) for v in _variants(surface, word) for r in readings[v]
                          for lem, _, f in [parse_reading(r)]
                          if lem.casefold() == lemma and f is not None]
                for form in forms:
                    ours.setdefault(form, set()).add(surface)
                    generated = surface == self._generated(term, form, prefix)
                    wanted = Form(form.case, form.number, "3") if possessed else form
                    match = next((r for r, f in theirs if same_form(wanted, f)), None)
                    if match:
                        if generated:
                            confirmed.add(form)
                        yield term, prefix + surface, form, "ok", match
                    elif not generated:
                        # listed only so that a variant spelling is found
                        yield term, prefix + surface, form, "extra", ""
                    else:
                        kind = "other-form" if theirs else "unrecognised"
                        detail = "; ".join(sorted({r.split("+", 1)[0] for r, _ in theirs}))
                        yield term, prefix + surface, form, kind, detail
            # what apertium would generate for each of our forms
            base = word if lemma == word.casefold() else lemma
            for form, surfaces in ours.items():
                wanted = Form(form.case, form.number, "3") if possessed else form
                for spelling in dict.fromkeys([base, base.casefold()]):
                    requests.setdefault(generation_tags(spelling, pos, wanted), []).append(
                        (term, form, prefix, surfaces, form in confirmed))
        if not self.generator:
            return
        generated = lookup(self.generator, requests, self.program)
        for tags, uses in requests.items():
            for surface in generated[tags]:
                surface = normalize_surface(surface)
                for term, form, prefix, surfaces, confirmed_form in uses:
                    if surface not in surfaces:
                        kind = "variant" if confirmed_form else "missing"
                        yield term, prefix + surface, form, kind, tags

    def _generated(self, term: str, form: Form, prefix: str) -> str:
        """The last word of ``term`` as :meth:`inflect` writes it in ``form``."""
        return normalize_surface(self.kk.inflect(term, form))[len(prefix):]

    def _known_pos(self, readings, lemma: str, word: str) -> str | None:
        """apertium's part-of-speech tags for ``lemma`` (``"<n>"``,
        ``"<np><top>"``), None when it does not know the word."""
        for variant in _variants(lemma, word):
            for reading in readings.get(variant, []):
                lem, pos, form = parse_reading(reading)
                if lem.casefold() == lemma and form is not None and form.case == "nom":
                    return pos
        return None


def _variants(surface: str, word: str) -> list[str]:
    """The spellings to look up: lower case, and capitalised like the term's
    word (apertium's lexicon is case-sensitive: ``Астана``, ``мәжіліс``)."""
    out = [surface]
    if word[:1].isupper():
        out.append(surface[:1].upper() + surface[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--analyser", type=Path, required=True,
                        help="compiled apertium-kaz analyser (HFST)")
    parser.add_argument("--generator", type=Path, help="compiled apertium-kaz generator (HFST)")
    parser.add_argument("--glossary", type=Path, default=ROOT / "glossary" / "kazakhstan.tbx")
    parser.add_argument("--words", type=Path,
                        default=ROOT / "tests" / "data" / "morphology" / "kk-words.txt")
    parser.add_argument("--lookup", default="hfst-lookup", help="the hfst-lookup program")
    parser.add_argument("--tsv", type=Path, help="write the confirmed forms here")
    parser.add_argument("--all", action="store_true", help="print agreeing forms too")
    args = parser.parse_args(argv)

    terms = glossary_terms(args.glossary) + word_list(args.words)
    terms = list(dict.fromkeys(terms))
    counts: dict[str, int] = {}
    unknown: list[str] = []
    confirmed: list[tuple[str, str, str, str]] = []
    for term, surface, form, kind, detail in Checker(args.analyser, args.generator,
                                                     args.lookup).check(terms):
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "unknown-lemma":
            unknown.append(term)
            continue
        if kind == "ok":
            confirmed.append((surface, term, str(form), f"apertium-kaz: {detail}"))
        if kind in ("ok", "extra", "variant") and not args.all:
            continue
        print(f"{term}\t{surface}\t{form}\t{kind}\t{detail}")
    print(f"\n# {len(terms)} terms; " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    if unknown:
        print("# lemma unknown to apertium (not checked): " + ", ".join(unknown))
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8") as out:
            for row in confirmed:
                out.write("\t".join(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score glossary enforcement on the hand-written case sets in tests/data/terms/.

For each case (source, machine translation, expected editor output, terms
that must be reported unresolved) the enforcer's output is compared with
the expected text; a case is right when the output equals it and every
listed term is reported unresolved. Cases whose expected text equals the
machine translation must get no edit (false edits are counted apart).

    python benchmarks/eval_terms.py            # both sets, a table
    python benchmarks/eval_terms.py --show     # also every wrong case
    python benchmarks/eval_terms.py --json
    python benchmarks/eval_terms.py --sets DIR # DIR/en-ru.tsv, DIR/en-kk.tsv (e.g. a held-out set)

This is the measure of the README's terminology table; tests/terms/test_cases.py
runs the same cases.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETS = {"ru": ROOT / "tests" / "data" / "terms" / "en-ru.tsv", "kk": ROOT / "tests" / "data" / "terms" / "en-kk.tsv"}


@dataclass
class Case:
    id: str
    mechanism: str
    source: str
    mt: str
    expected: str
    unresolved: tuple[str, ...]
    note: str


def read_cases(path: Path) -> list[Case]:
    """The cases of a TSV set (a ``#`` header line, seven cells per row)."""
    out = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            unresolved = tuple(x.strip() for x in row[5].split(",") if x.strip())
            out.append(Case(row[0], row[1], row[2], row[3], row[4], unresolved, row[6]))
    return out


def judge(enforcer, case: Case) -> dict:
    """Enforce one case; ``right`` when the output is the expected text and
    each listed term is reported unresolved (by its source wording)."""
    result = enforcer.enforce(case.source, case.mt)
    reported = {t.source.casefold() for t in result.unresolved}
    missing_reports = [u for u in case.unresolved if not any(u.casefold() in r or r in u.casefold()
                                                              for r in reported)]
    false_edit = case.expected == case.mt and result.target != case.mt
    return {"id": case.id, "mechanism": case.mechanism, "right": result.target == case.expected
            and not missing_reports, "false_edit": false_edit, "output": result.target,
            "expected": case.expected, "unreported": missing_reports,
            "edits": [f"{e.before} -> {e.after} ({e.reason})" for e in result.edits],
            "reported": sorted(reported)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every wrong case")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lang", choices=sorted(SETS))
    parser.add_argument("--sets", type=Path, metavar="DIR",
                        help="score DIR/en-<lang>.tsv instead of the repository's sets")
    args = parser.parse_args(argv)
    sets = {lang: args.sets / path.name for lang, path in SETS.items()} if args.sets else SETS
    from toolkit import load_glossary
    from toolkit.terms.enforce import Enforcer

    glossary = load_glossary(ROOT / "glossary")
    report = {}
    for lang, path in sets.items():
        if args.lang and lang != args.lang or not path.exists():
            continue
        enforcer = Enforcer(glossary, "en", lang)
        results = [judge(enforcer, case) for case in read_cases(path)]
        report[lang] = results
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for lang, results in report.items():
        right = sum(r["right"] for r in results)
        unchanged = [r for r in results if r["expected"] == r["output"] or r["false_edit"]]
        false_edits = sum(r["false_edit"] for r in results)
        print(f"en-{lang}: {right}/{len(results)} right ({right / len(results):.1%}), "
              f"{false_edits} false edit(s)")
        mechanisms = sorted({r["mechanism"] for r in results})
        for mechanism in mechanisms:
            group = [r for r in results if r["mechanism"] == mechanism]
            print(f"  {mechanism:<11} {sum(r['right'] for r in group):>3}/{len(group)}")
        if args.show:
            for r in results:
                if not r["right"]:
                    print(f"\n  {r['id']}{' FALSE EDIT' if r['false_edit'] else ''}")
                    print(f"    got:      {r['output']}")
                    print(f"    expected: {r['expected']}")
                    if r["edits"]:
                        print(f"    edits:    {'; '.join(r['edits'])}")
                    if r["unreported"]:
                        print(f"    not reported: {', '.join(r['unreported'])} (reported: {r['reported']})")
        del unchanged
    return 0


if __name__ == "__main__":
    sys.exit(main())

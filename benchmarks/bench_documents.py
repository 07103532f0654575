#!/usr/bin/env python3
"""Per-document overhead of the document formats: a 50-page Word file.

    python benchmarks/bench_documents.py [--quick] [--pages N] [--reps N]

One process installs the repository's tiny test package (en->ru) into a
temporary package folder, loads the engine once, and translates a generated
50-page .docx (headings, paragraphs of 3-5 sentences with bold, italic and
hyperlinked words, a table every 5 pages, a header and a footer) with
:func:`toolkit.mt.pipeline.translate_document`, then the same text as plain
text. ``translate_batch`` is wrapped with a timer, so each run splits into
the model's share (every call to the engine, attention included) and
everything else: reading the zip, parsing the XML, segmentation, masking the
inline codes, putting them back, rendering, writing the zip. The goal is
that everything else costs at most 10% of the model's time. No glossary
enforcement (its overhead is bench_enforce's).

The test model is tiny, so its share is small and the ratio pessimistic: a
real model's time is 5-20 times longer for the same text.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import common  # noqa: E402
import textgen  # noqa: E402

TEST_MODEL = common.REPO / "tests" / "data" / "models" / "translate-en_ru-atau_test.argosmodel"
#: Words on a page of a typical report (A4, 11 pt).
WORDS_PER_PAGE = 450


def make_docx(pages: int, *, seed: int = 7) -> tuple[bytes, str, int]:
    """A .docx of about ``pages`` pages, its text as plain text, and its word count."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    rng = random.Random(seed)
    document = docx.Document()
    rid = document.part.relate_to("https://akorda.kz", "http://schemas.openxmlformats.org/officeDocument/"
                                  "2006/relationships/hyperlink", is_external=True)
    plain: list[str] = []
    words = 0
    page = 0
    while words < pages * WORDS_PER_PAGE:
        if words // WORDS_PER_PAGE >= page:
            page += 1
            title = f"Section {page}: report of the working group"
            document.add_heading(title, level=2)
            plain.append(title)
            if page % 5 == 0:
                table = document.add_table(rows=3, cols=2)
                for r in range(3):
                    for c in range(2):
                        table.cell(r, c).text = textgen.sentence(rng).split(".")[0] + "."
                        plain.append(table.cell(r, c).text)
        sentences = [textgen.sentence(rng) for _ in range(rng.randint(3, 5))]
        paragraph = document.add_paragraph()
        for k, sentence in enumerate(sentences):
            head, _, rest = sentence.partition(" ")
            if k == 1:
                paragraph.add_run(head).bold = True
                paragraph.add_run(" " + rest + " ")
            elif k == 2:
                first, _, tail = rest.partition(" ")
                paragraph.add_run(head + " ")
                paragraph._p.append(parse_xml(
                    f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
                    f'</w:rPr><w:t>{first}</w:t></w:r></w:hyperlink>'))
                paragraph.add_run(" " + tail + " ")
            elif k == 3:
                paragraph.add_run(head + " ")
                paragraph.add_run(rest).italic = True
                paragraph.add_run(" ")
            else:
                paragraph.add_run(sentence + " ")
        plain.append(" ".join(sentences))
        words += sum(len(s.split()) for s in sentences)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Press service of the Senate of the Republic of Kazakhstan"
    section.footer.paragraphs[0].text = "All rights reserved by the Senate."
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), "\n\n".join(plain) + "\n", words


def load_engine(root: Path, threads: int):
    from argostranslate import settings as argos

    from toolkit.mt import packages
    from toolkit.mt.engine import load_engine as load

    argos.package_data_dir, argos.package_dirs = root, [root]
    packages.install_file(TEST_MODEL)
    return load("en", "ru", device="cpu", threads=threads)


def measure(engine, data, fmt: str, reps: int) -> dict:
    from toolkit.mt.pipeline import translate_document

    batch = engine.translate_batch
    spent = {"s": 0.0}

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return batch(*args, **kwargs)
        finally:
            spent["s"] += time.perf_counter() - t

    engine.translate_batch = timed
    totals, models = [], []
    try:
        for _ in range(reps):
            spent["s"] = 0.0
            t = time.perf_counter()
            result = translate_document(data, engine, fmt=fmt, beam_size=4)
            totals.append(time.perf_counter() - t)
            models.append(spent["s"])
    finally:
        engine.translate_batch = batch
    others = [a - b for a, b in zip(totals, models)]
    return {"total_s": common.summary(totals), "model_s": common.summary(models),
            "outside_model_s": common.summary(others),
            "outside_share": round(statistics.median(others) / statistics.median(models), 4),
            "segments": len(result.segments), "model_calls": result.model_calls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 pages, 2 repetitions")
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    pages, reps = (10, 2) if args.quick else (args.pages, args.reps)
    if not TEST_MODEL.is_file():
        sys.exit(f"the test package is not built: {TEST_MODEL}")
    data, plain, words = make_docx(pages)
    with tempfile.TemporaryDirectory() as root:
        engine = load_engine(Path(root), args.threads)
        from toolkit.mt.pipeline import translate_document

        translate_document("The Senate met.", engine)  # warm-up
        docx = measure(engine, data, "docx", reps)
        txt = measure(engine, plain, "txt", reps)
    record = {"pages": pages, "words": words, "docx_bytes": len(data), "reps": reps, "threads": args.threads,
              "beam": 4, "model": TEST_MODEL.name, "docx": docx, "txt": txt,
              "goal": "outside the model <= 10% of the model's time (docx)",
              "met": docx["outside_share"] <= 0.10}
    path = common.save("documents", record, quick=args.quick, cpu=common.cpu_info())
    print(f"{pages} pages, {words} words, {docx['segments']} segments")
    for name, row in (("docx", docx), ("txt", txt)):
        print(f"  {name}: total {row['total_s']['median']:.2f} s, model {row['model_s']['median']:.2f} s, "
              f"outside the model {row['outside_model_s']['median']:.2f} s "
              f"= {100 * row['outside_share']:.1f}% of the model's time")
    print(f"results: {path}")


if __name__ == "__main__":
    main()

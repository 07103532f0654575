"""A folder of documents for folder jobs, made from the test model's corpus
(the repository's own sentences), so the tiny model translates them."""

from __future__ import annotations

import random
from pathlib import Path

CORPUS = Path(__file__).parent.parent / "data" / "corpus" / "en-ru.tsv"


def sentences() -> list[str]:
    return [line.split("\t", 1)[0] for line in CORPUS.read_text(encoding="utf-8").splitlines() if "\t" in line]


def make_folder(root: Path, count: int = 8, *, seed: int = 17, paragraphs: int = 3) -> Path:
    """``count`` documents (txt, md, a sub-folder), 3 sentences a paragraph;
    some sentences repeat across documents, as boilerplate does."""
    rng = random.Random(seed)
    pool = sentences()
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir(exist_ok=True)
    for i in range(count):
        suffix = ".md" if i % 4 == 0 else ".txt"
        folder = root / "sub" if i % 3 == 0 else root
        head = "# Parliament news\n\n" if suffix == ".md" else ""
        body = "\n\n".join(" ".join(rng.sample(pool, 3)) for _ in range(paragraphs))
        (folder / f"doc{i:03}{suffix}").write_text(head + body + "\n", encoding="utf-8")
    (root / "notes.bin").write_bytes(b"\x00not a document")
    (root / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the manifest and its lock: relative path -> bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".atau-manifest")}

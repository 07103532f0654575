"""Generated inputs: documents to translate, synthetic glossaries, a
megabyte of text to match terms in, a PO catalog. Deterministic (fixed
seeds), so every run measures the same input.

The one-page article is read at run time from
``/work/shared/inputs/article-en.txt`` (or ``$ATAU_BENCH_ARTICLE``) when it
exists; its text is never copied into the repository.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

ARTICLE_CANDIDATES = (os.environ.get("ATAU_BENCH_ARTICLE", ""), "/work/shared/inputs/article-en.txt")

SUBJECTS = [
    "The Senate", "The Mazhilis", "The Government", "The Head of State", "The Prime Minister",
    "The Ministry of Finance", "The Ministry of Justice", "The Constitutional Court",
    "The Central Election Commission", "The akim of the region", "The Supreme Court",
    "The Security Council", "The National Bank", "The Accounts Committee", "The Presidential Administration",
    "A working group", "The regional maslikhat", "The Ministry of Energy", "The State Secretary",
    "The Ministry of Education", "The Prosecutor General's Office", "The Ministry of Healthcare",
    "The Agency for Strategic Planning and Reforms", "The Ministry of Agriculture", "The Ombudsman",
    "Deputies of the Mazhilis", "Members of the Senate", "The Ministry of Foreign Affairs",
]
VERBS = [
    "approved", "discussed", "reviewed", "adopted", "published", "presented", "criticised", "supported",
    "amended", "examined", "welcomed", "postponed", "announced", "endorsed", "drafted", "rejected",
    "summarised", "proposed", "considered", "signed",
]
OBJECTS = [
    "the draft law on public procurement", "a report on regional development", "the national budget",
    "the new tax code", "a plan to modernise rural schools", "the programme for digital services",
    "amendments to the electoral legislation", "the strategy for water resources",
    "a bill on local self-government", "measures to support small businesses", "the annual audit",
    "the concept of legal policy", "a roadmap for industrial growth", "rules for public hearings",
    "the framework for housing construction", "proposals on environmental protection",
    "a list of priority infrastructure projects", "the results of the population census",
    "the report of the Accounts Committee", "a resolution on youth employment",
    "the law on mass media", "guidelines for civil servants", "a treaty with neighbouring states",
    "the memorandum on energy cooperation", "a programme against corruption",
]
ADJUNCTS = [
    "at a plenary session", "after a long debate", "in the first reading", "in Astana",
    "during a meeting with experts", "at the request of the deputies", "without amendments",
    "with several reservations", "following public consultations", "in the second reading",
    "at an extended meeting", "together with regional akims", "ahead of the deadline",
    "in a joint session of the chambers", "after consultations with civil society",
    "in line with the Constitution", "at the initiative of the Government", "by a majority vote",
]
TAILS = [
    "", "", "", " The decision takes effect on 1 January {year}.",
    " The document runs to {n} pages.", " {n} deputies voted in favour.",
    " Funding of {n} billion tenge is planned until {year}.",
    " Details are published at https://www.gov.kz/memleket/entities/{n}.",
    " The next hearing is scheduled for {day} {month}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


# Sentences that name nothing in the built-in termbase (for enforcement with
# nothing to repair).
PLAIN_SUBJECTS = [
    "The city library", "A local bakery", "The football club", "The weather service", "A small museum",
    "The railway company", "Our neighbours", "The school orchestra", "A group of hikers", "The bookshop",
    "The new cafe", "The river port", "A young painter", "The cinema", "The zoo", "The photo club",
]
PLAIN_VERBS = ["opened", "cleaned", "repaired", "visited", "painted", "photographed", "sold", "bought",
               "described", "celebrated", "moved", "decorated", "measured", "rented", "built", "found"]
PLAIN_OBJECTS = [
    "an old wooden bridge", "the garden behind the station", "a collection of maps",
    "three blue bicycles", "the long mountain trail", "a quiet reading room", "the spring market",
    "a set of winter coats", "the lake shore", "a yellow tram", "the apple orchard", "two hundred chairs",
    "a tall glass tower", "the morning concert", "a box of postcards", "the summer menu",
]
PLAIN_ADJUNCTS = [
    "on a rainy morning", "after lunch", "before the holidays", "with great care", "near the river",
    "in the old town", "for the first time", "during the festival", "at sunset", "without any help",
    "late in the evening", "next to the park", "in early spring", "with a few friends",
]


def plain_document(paragraphs: int, *, seed: int) -> str:
    """Like :func:`document`, with sentences that name no institution or
    office (see ``PLAIN_SUBJECTS``)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    for _ in range(paragraphs):
        chosen = []
        while len(chosen) < rng.randint(2, 5):
            s = (f"{rng.choice(PLAIN_SUBJECTS)} {rng.choice(PLAIN_VERBS)} {rng.choice(PLAIN_OBJECTS)} "
                 f"{rng.choice(PLAIN_ADJUNCTS)}.")
            if s not in seen:
                seen.add(s)
                chosen.append(s)
        out.append(" ".join(chosen))
    return "\n\n".join(out) + "\n"


def article() -> tuple[str, str]:
    """The one-page article and where it came from."""
    for candidate in ARTICLE_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8"), candidate
    return document(6, seed=7, sentences=(2, 4)), "generated (6 paragraphs)"


def sentence(rng: random.Random) -> str:
    text = (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(ADJUNCTS)}.")
    tail = rng.choice(TAILS).format(year=rng.randint(2024, 2035), n=rng.randint(2, 400),
                                    day=rng.randint(1, 28), month=rng.choice(MONTHS))
    return text + tail


def document(paragraphs: int, *, seed: int, sentences: tuple[int, int] = (2, 5)) -> str:
    """``paragraphs`` paragraphs of 2-5 generated sentences (no sentence
    repeats, so a tool that skips duplicates has no advantage), with a
    heading every 20 paragraphs, separated by blank lines."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    for p in range(paragraphs):
        if p % 20 == 0:
            out.append(f"Section {p // 20 + 1}: report of the working group")
        chosen = []
        while len(chosen) < rng.randint(*sentences):
            s = sentence(rng)
            if s not in seen:
                seen.add(s)
                chosen.append(s)
        out.append(" ".join(chosen))
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------ glossaries


def _word_pool() -> list[str]:
    import pydoc_data.topics

    words = set()
    for text in pydoc_data.topics.topics.values():
        words.update(w.lower() for w in re.findall(r"\b[a-zA-Z]{4,12}\b", text))
    return sorted(words)


_CYR = "абвгдежзиклмнопрстуфхцчшыэюя"


def russian_words() -> tuple[list[str], list[str]]:
    """(nouns, adjectives): dictionary forms of common nouns and adjectives
    from pymorphy3's dictionary (OpenCorpora), up to 120 for each of 324
    two-letter beginnings; kept in ``benchmarks/work/ru_words.json``."""
    import itertools
    import json

    cached = Path(__file__).resolve().parent / "work" / "ru_words.json"
    if cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        return data["nouns"], data["adjectives"]
    from toolkit.morphology.ru.analyzer import analyzer

    dictionary = analyzer().dictionary
    nouns: dict[str, None] = {}
    adjectives: dict[str, None] = {}
    for a, b in itertools.product("абвгдежзиклмнопрстуфхцчшэюя", "аеиоуяыкнрлт"):
        n = 0
        for word, tag, _normal, _para, idx in dictionary.iter_known_words(a + b):
            if idx != 0 or not word.isalpha():
                continue
            if tag.POS == "NOUN" and not {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"} & tag.grammemes:
                nouns.setdefault(word)
            elif tag.POS == "ADJF" and not {"Abbr", "Apro"} & tag.grammemes:
                adjectives.setdefault(word)
            else:
                continue
            n += 1
            if n >= 120:
                break
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"nouns": list(nouns), "adjectives": list(adjectives)}, ensure_ascii=False),
                      encoding="utf-8")
    return list(nouns), list(adjectives)


def synthetic_concepts(count: int, *, seed: int = 11, russian: str = "words"):
    """``count`` concepts with one English and one Russian preferred term and,
    for every fourth concept, a deprecated English variant. English terms are
    one to five words from an English word pool, in the shapes official names
    take ("Ministry of X and Y", "X Y Committee", "Head of X", ...). Russian
    terms (``russian="words"``) are one to three dictionary words in the
    shapes of Russian names (adjective + noun, noun + noun, adjective +
    adjective + noun, a noun alone for 5%), as real terms are; with
    ``russian="letters"`` they are one to three made-up words of 4-10 random
    letters (the earlier benchmarks' glossary: pymorphy3 must guess every
    word by analogy, about ten times slower per word than a dictionary word).
    The English terms do not depend on ``russian``. The first *n* concepts
    of ``synthetic_concepts(N)`` are ``synthetic_concepts(n)``."""
    from toolkit.termbase.model import Concept, Term

    rng = random.Random(seed)
    ru_rng = random.Random(seed + 1)
    nouns, adjectives = russian_words() if russian == "words" else ([], [])
    ru_seen: set[str] = set()

    def russian_term() -> str:
        while True:
            shape = ru_rng.random()
            if shape < 0.05:
                words = [ru_rng.choice(nouns)]
            elif shape < 0.5:
                words = [ru_rng.choice(adjectives), ru_rng.choice(nouns)]
            elif shape < 0.8:
                words = [ru_rng.choice(nouns), ru_rng.choice(nouns)]
            else:
                words = [ru_rng.choice(adjectives), ru_rng.choice(adjectives), ru_rng.choice(nouns)]
            text = " ".join(words)
            if text not in ru_seen:
                ru_seen.add(text)
                return text[:1].upper() + text[1:]

    pool = _word_pool()
    shapes = [
        lambda: f"{rng.choice(pool).title()} {rng.choice(pool).title()}",
        lambda: f"Ministry of {rng.choice(pool).title()} and {rng.choice(pool).title()}",
        lambda: f"{rng.choice(pool).title()} {rng.choice(pool).title()} Committee",
        lambda: f"Head of the {rng.choice(pool).title()} {rng.choice(pool).title()}",
        lambda: f"{rng.choice(pool)} {rng.choice(pool)}",
        lambda: f"Agency for {rng.choice(pool).title()} {rng.choice(pool).title()} and {rng.choice(pool).title()}",
        lambda: f"{rng.choice(pool).title()} of {rng.choice(pool).title()}",
        lambda: f"{rng.choice(pool)} {rng.choice(pool)} officer",
    ]
    seen: set[str] = set()
    concepts = []
    while len(concepts) < count:
        en = rng.choice(shapes)()
        if en.lower() in seen:
            continue
        seen.add(en.lower())
        ru = " ".join("".join(rng.choice(_CYR) for _ in range(rng.randint(4, 10))) for _ in range(rng.randint(1, 3)))
        if nouns:
            ru = russian_term()
        terms = [Term(en, "en"), Term(ru, "ru")]
        if len(concepts) % 4 == 0:
            variant = f"{en} office"
            if variant.lower() not in seen:
                seen.add(variant.lower())
                terms.append(Term(variant, "en", status="deprecated"))
        concepts.append(Concept(f"c{len(concepts)}", tuple(terms)))
    return concepts


def term_text(size: int, concepts, *, seed: int = 5, every: int = 12) -> tuple[list[str], int]:
    """About ``size`` characters of English prose in paragraphs, with a
    glossary term (plain, plural or possessive) about every ``every`` words,
    drawn from all of ``concepts``. The prose (its words and where terms go)
    depends only on ``seed``. Returns (paragraphs, terms inserted)."""
    from toolkit.morphology import get_morphology

    rng = random.Random(seed)  # the prose: the same whatever the glossary
    pick = random.Random(seed + 1)  # the terms put in
    morphology = get_morphology("en")
    pool = _word_pool()
    english = [t.text for c in concepts for t in c.terms if t.lang == "en" and t.status == "preferred"]
    paragraphs, total, inserted = [], 0, 0
    while total < size:
        words: list[str] = []
        for _ in range(rng.randint(60, 140)):
            if rng.randrange(every) == 0:
                term = pick.choice(english)
                forms = list(morphology.paradigm(term))
                words.append(term if pick.random() < 0.6 else pick.choice(forms))
                inserted += 1
            else:
                words.append(rng.choice(pool))
        sentences = [" ".join(words[i:i + 15]) for i in range(0, len(words), 15)]
        text = " ".join(s[:1].upper() + s[1:] + "." for s in sentences)
        paragraphs.append(text)
        total += len(text) + 1
    return paragraphs, inserted


# ---------------------------------------------------------------------- catalog


def pot(entries: int, *, seed: int = 3) -> str:
    """A POT file with ``entries`` messages: UI strings and sentences."""
    rng = random.Random(seed)
    ui = ["Save", "Cancel", "Open the report", "Delete the draft", "Search the registry",
          "Submit the application", "Print the certificate", "Sign with a digital signature"]
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '']
    seen: set[str] = set()
    while len(seen) < entries:
        kind = rng.random()
        if kind < 0.3:
            msg = f"{rng.choice(ui)} {rng.choice(OBJECTS)}"
        else:
            msg = sentence(rng)
        if msg in seen:
            continue
        seen.add(msg)
        lines += [f"#: app/views.py:{len(seen)}", f'msgid "{msg}"', 'msgstr ""', ""]
    return "\n".join(lines)


def terms_right_document(paragraphs: int, *, seed: int) -> str:
    """Up to ``paragraphs`` paragraphs of 3 English sentences (none repeated) of the test model's
    own corpus (``tests/data/corpus/en-ru.tsv``) that name concepts of the
    built-in termbase and whose Russian reference uses the glossary's terms
    (``atau check`` finds nothing). The test model reproduces its training
    targets, so enforcement finds every term already right: "no repair
    needed" with terms present."""
    from toolkit.terms.check import check_segments
    from toolkit.termbase.store import load_glossary

    corpus = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "en-ru.tsv"
    pairs = [line.split("\t") for line in corpus.read_text(encoding="utf-8").splitlines() if "\t" in line]
    glossary = load_glossary(None)
    report = check_segments(glossary, [en for en, _ in pairs], [ru for _, ru in pairs], "en", "ru")
    wrong = {finding.segment for finding in report.findings}
    from toolkit.terms.analysis import Terminology

    terminology = Terminology(glossary, "en", "ru")
    usable = [en for index, (en, ru) in enumerate(pairs)
              if index not in wrong and terminology.source_terms(en)]
    random.Random(seed).shuffle(usable)
    chunks = [usable[i:i + 3] for i in range(0, 3 * min(paragraphs, len(usable) // 3), 3)]
    return "\n\n".join(" ".join(chunk) for chunk in chunks) + "\n"


PAGE_CHARS = 2800
"""A page: the size of the one-page article (2,784 characters, ~450 words)."""


def pages(count: float, *, seed: int) -> str:
    """A generated document (:func:`document`) of about ``count`` pages of
    :data:`PAGE_CHARS` characters: whole paragraphs, the first ones of the
    same seed's longer documents."""
    paragraphs = max(1, round(count * PAGE_CHARS / 330))
    text = document(paragraphs, seed=seed)
    while len(text) < count * PAGE_CHARS * 0.97:
        paragraphs += max(1, paragraphs // 20)
        text = document(paragraphs, seed=seed)
    return text


_RU_WORDS: list[str] = []


def _ru_filler(rng: random.Random) -> str:
    """A Russian word of running text: drawn (skewed: a few words often,
    most rarely) from the words of the repository's English-Russian test corpus,
    so that words repeat as they do in real text."""
    if not _RU_WORDS:
        corpus = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
        seen: dict[str, None] = {}
        for tsv in sorted(corpus.glob("*en*ru*.tsv")) or sorted(corpus.glob("*.tsv")):
            for line in tsv.read_text(encoding="utf-8").splitlines():
                for word in re.findall(r"[а-яё]+", line.split("\t")[-1].lower()):
                    seen.setdefault(word)
        words = sorted(seen or ["слово"])
        random.Random(13).shuffle(words)  # which words are frequent: any
        _RU_WORDS.extend(words)
    return _RU_WORDS[int(len(_RU_WORDS) * rng.random() ** 3)]


def russian_target(paragraphs: list[str], glossary, *, seed: int = 7, wrong: float = 0.05,
                   missing: float = 0.05) -> list[str]:
    """A stand-in Russian translation of English ``paragraphs``: as many
    made-up Russian words as the English has, with the Russian term of every
    concept the English names (found by Atau's matcher) in its place, in a
    form of its paradigm; a share ``wrong`` of them a deprecated or
    forbidden Russian term of the concept where it has one, a share
    ``missing`` left out. Deterministic."""
    from toolkit.morphology import get_morphology
    from toolkit.terms.matching import TermMatcher

    rng = random.Random(seed)
    matcher = TermMatcher(glossary, "en")
    morphology = get_morphology("ru")
    paradigms: dict[str, list[str]] = {}
    out = []
    for paragraph in paragraphs:
        found = {m.start: m for m in matcher.find(paragraph)}
        words, position = [], 0
        for word in re.finditer(r"\S+", paragraph):
            if word.start() < position:
                continue
            match = found.get(word.start())
            if match is None:
                words.append(_ru_filler(rng) + ("." if word.group().endswith(".") else ""))
                continue
            position = match.end
            terms = match.concept.terms_in("ru")
            if not terms or rng.random() < missing:
                continue
            bad = [t for t in terms if not t.approved]
            term = rng.choice(bad) if bad and rng.random() < wrong else terms[0]
            forms = paradigms.get(term.text)
            if forms is None:
                try:
                    forms = paradigms[term.text] = list(morphology.paradigm(term.text))
                except Exception:  # noqa: BLE001 - as written
                    forms = paradigms[term.text] = [term.text]
            text = term.text if rng.random() < 0.5 or not forms else rng.choice(forms)
            words.append(text[:1].upper() + text[1:] if term.text[:1].isupper() else text)
        line = " ".join(words)
        out.append(line[:1].upper() + line[1:])
    return out

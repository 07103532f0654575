"""Helpers shared by the document tests."""

from toolkit.documents import split_sentences


def texts(document):
    return [s.text for s in document.sentences]


def identity(document):
    return document.render([s.text for s in document.sentences])


def sentences(text, lang="en"):
    return [text[a:b] for a, b in split_sentences(text, lang)]

"""The one Finding record and the one Signature."""

import json
import pickle

import pytest

from toolkit.findings import Finding
from toolkit.signature import PO_HEADER, Signature


def test_finding_data_reads_as_attributes_and_serialises_flat():
    finding = Finding("forbidden", "forbidden term 'Меджлис': use 'Мажилис'", line=3, segment=2,
                      concept="mazhilis", data={"expected": "Мажилис", "span": (0, 7)})
    assert finding.expected == "Мажилис"
    assert finding.to_dict() == {"code": "forbidden", "severity": "error",
                                 "message": "forbidden term 'Меджлис': use 'Мажилис'", "line": 3,
                                 "segment": 2, "concept": "mazhilis", "expected": "Мажилис", "span": [0, 7]}
    with pytest.raises(AttributeError):
        finding.nonexistent  # noqa: B018 - the attribute access is the test
    assert pickle.loads(pickle.dumps(finding)) == finding


def test_finding_is_frozen_and_checks_its_severity():
    finding = Finding("x", "y", data={"a": 1})
    with pytest.raises(TypeError):
        finding.data["a"] = 2  # type: ignore[index]
    with pytest.raises(ValueError, match="severity"):
        Finding("x", "y", severity="fatal")


def test_signature_line_and_dict_round_trip():
    signature = Signature("en", "ru", "ab" * 32, (("translate-en_ru", "1.9"),), None,
                          {"beam": 4, "format": "txt", "enforce": True})
    assert str(signature) == ("atau:0.1.0|en-ru|pkg:translate-en_ru@1.9|pivot:none|glossary:abababababab"
                              "|beam:4|format:txt|enforce:yes")
    data = json.loads(json.dumps(signature.to_dict()))
    assert Signature.from_dict(data) == signature
    assert data["glossary_sha256"] == "ab" * 32
    assert signature.model == "translate-en_ru@1.9"
    assert pickle.loads(pickle.dumps(signature)) == signature
    assert PO_HEADER == "X-Atau-Signature"


def test_signature_without_model_or_glossary():
    signature = Signature("en", "kk").with_settings(strict=False)
    assert str(signature) == "atau:0.1.0|en-kk|glossary:none|strict:no"
    assert signature.model is None

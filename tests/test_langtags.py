"""Language codes: normalisation, the check with a suggestion, and what Atau
says about a pair it has no model for."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.langtags import check_language, missing_model_advice, suggest_language

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("code, tag", [("ru", "ru"), ("RU", "ru"), ("ru-RU", "ru-RU"), ("ru_ru", "ru-RU"),
                                       ("KK-latn", "kk-Latn"), ("en", "en"), ("de", "de"), ("tt", "tt")])
def test_languages_atau_or_cldr_know_pass_normalised(code, tag):
    assert check_language(code) == tag


@pytest.mark.parametrize("code, message", [
    ("kz", "unknown language 'kz'; did you mean 'kk' (Kazakh)?"),
    ("KZ", "unknown language 'KZ'; did you mean 'kk' (Kazakh)?"),
    ("kaz_Cyrl", "unknown language 'kaz_Cyrl'; did you mean 'kk' (Kazakh)?"),
    ("rus", "unknown language 'rus'; did you mean 'ru' (Russian)?"),
    ("ua", "unknown language 'ua'; did you mean 'uk' (Ukrainian)?"),
    ("rr", "unknown language 'rr'; did you mean 'ru' (Russian)?"),
    ("qq", "unknown language 'qq'; use a language code such as en (English), ru (Russian), kk (Kazakh)"),
    ("und", "unknown language 'und'; use a language code such as en (English), ru (Russian), kk (Kazakh)"),
    ("12", "unknown language '12'; use a language code such as en (English), ru (Russian), kk (Kazakh)"),
])
def test_unknown_codes_get_a_suggestion(code, message):
    with pytest.raises(InputError) as info:
        check_language(code)
    assert str(info.value) == message


def test_languages_of_installed_models_count_as_known():
    assert check_language("xq", known=["xq", "en"]) == "xq"
    assert suggest_language("xw", ["xq"]) == "xq"
    with pytest.raises(InputError, match="use a language code such as en .English., ru .Russian., kk .Kazakh., xq"):
        check_language("zz", known=["xq"])


def test_the_suggestion_names_the_language_in_the_interface_language():
    code = ("from toolkit.langtags import check_language\n"
            "try:\n    check_language('kz')\nexcept Exception as exc:\n    print(exc)")
    env = {**os.environ, "LANGUAGE": "ru", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "'kk' (казахский)" in out.stdout, out.stdout + out.stderr


def test_en_kk_says_a_packed_model_is_needed():
    assert missing_model_advice("en", "kk") == (
        "no installed model translates en→kk, and the Argos package index has no Kazakh model: pack one "
        "from NLLB-200 or Tilmash with `atau models pack MODEL_DIR --sp sentencepiece.bpe.model --from en "
        "--to kk --source-prefix eng_Latn --target-prefix kaz_Cyrl -o en_kk.argosmodel`, then install it "
        "with `atau models install en_kk.argosmodel` (README: Kazakh and other models)")


def test_ru_kk_says_it_can_pivot_through_english_and_what_is_missing():
    assert missing_model_advice("ru", "kk", installed=[("ru", "en")]) == (
        "no installed model translates ru→kk; Atau can translate it through English with ru→en and en→kk: "
        "ru→en is installed; pack en→kk from NLLB-200 or Tilmash (`atau models pack MODEL_DIR --sp "
        "sentencepiece.bpe.model --from en --to kk --source-prefix eng_Latn --target-prefix kaz_Cyrl "
        "-o en_kk.argosmodel`) (or pack a direct ru→kk model)")
    assert "install kk→en" not in missing_model_advice("kk", "ru", installed=[("kk", "en")])
    assert "install en→ru with `atau models install en ru`" in missing_model_advice("kk", "ru")


def test_pairs_the_index_has_get_no_advice():
    assert missing_model_advice("en", "ru") is None
    assert missing_model_advice("ru-RU", "en") is None


@pytest.mark.parametrize("term_tag, wanted, expected", [
    ("ru", "ru", True),
    ("ru-RU", "ru", True),      # a regional term serves the language
    ("ru", "ru-RU", True),      # and the language's terms serve a regional request
    ("ru", "ru_RU", True),
    ("kk", "kk-KZ", True),
    ("ru-KZ", "ru-RU", False),  # another region
    ("kk", "kk-Latn", False),   # another script, either way
    ("kk-Latn", "kk", False),
    ("ru", "kk", False),
])
def test_tag_matches(term_tag, wanted, expected):
    from toolkit.langtags import tag_matches

    assert tag_matches(term_tag, wanted) is expected


def test_a_regional_tag_checks_and_enforces_with_the_languages_terms(tmp_path):
    from typer.testing import CliRunner

    from toolkit.cli.main import app

    (tmp_path / "s.en").write_text("The Mazhilis adopted the law.\n", encoding="utf-8")
    (tmp_path / "t.ru").write_text("Меджлис принял закон.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["enforce", "--from", "en-US", "--to", "ru_RU", "-s", str(tmp_path / "s.en"),
                                      "--target", str(tmp_path / "t.ru"), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Мажилис принял закон.\n"

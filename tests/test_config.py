"""The settings file (toolkit.config): where it is, what it may say, errors."""


import pytest

from toolkit.config import DEFAULTS, KEYS, config_path, load_config
from toolkit.errors import InputError


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_path_from_the_environment_else_the_xdg_config_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ATAU_CONFIG", str(tmp_path / "a.toml"))
    assert config_path() == tmp_path / "a.toml"
    monkeypatch.delenv("ATAU_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config_path() == tmp_path / "xdg" / "atau" / "config.toml"


def test_a_missing_file_is_the_defaults(tmp_path):
    config = load_config(tmp_path / "none.toml")
    assert not config.exists and config.values == {}
    assert [(s.key, s.value, s.source) for s in config.settings()] == [(k, DEFAULTS[k], "default") for k in KEYS]


def test_values_and_their_source(tmp_path):
    path = write(tmp_path, 'from = "en"\nto = "kk"\nbeam_size = 2\nthreads = 3\nquiet = true\n'
                           'glossary = "terms/g.tbx"\ncache_max_mb = 64\ncache_max_age_days = 7\n')
    config = load_config(path)
    assert config.values == {"from": "en", "to": "kk", "beam_size": 2, "threads": 3, "quiet": True,
                             "glossary": str(tmp_path / "terms" / "g.tbx"), "cache_max_mb": 64,
                             "cache_max_age_days": 7}
    assert {s.key: s.source for s in config.settings()} == {k: str(path) for k in KEYS}


def test_home_in_the_glossary_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config = load_config(write(tmp_path, 'glossary = "~/g.tbx"\n'))
    assert config.get("glossary") == str(tmp_path / "home" / "g.tbx")


@pytest.mark.parametrize("text, message", [
    ('to = "kz"\n', "to: unknown language 'kz'; did you mean 'kk' (Kazakh)?"),
    ("beam-size = 2\n", "unknown setting 'beam-size'; did you mean 'beam_size'?"),
    ("colour = 1\n", "unknown setting 'colour'; the settings are: from, to, glossary, beam_size, threads, "
                     "quiet, cache_max_mb, cache_max_age_days"),
    ('beam_size = "2"\n', "beam_size must be a whole number, not '2'"),
    ("quiet = 1\n", "quiet must be true or false, not 1"),
    ("threads = true\n", "threads must be a whole number, not True"),
    ("beam_size = 40\n", "beam_size must be from 1 to 16, not 40"),
])
def test_wrong_settings_are_refused_naming_the_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: {message}"


def test_toml_syntax_errors_have_line_and_column(tmp_path):
    path = write(tmp_path, 'from = "en"\nto = kk\n')
    with pytest.raises(InputError) as info:
        load_config(path)
    assert str(info.value) == f"{path}:2:6: not TOML: Invalid value"


def test_an_edited_file_is_read_again(tmp_path):
    path = write(tmp_path, 'to = "ru"\n')
    assert load_config(path).get("to") == "ru"
    path.write_text('to = "kk"  # now Kazakh\n', encoding="utf-8")
    assert load_config(path).get("to") == "kk"


def test_a_huge_file_is_not_read(tmp_path):
    path = write(tmp_path, "# x\n" * 20000)
    with pytest.raises(InputError, match="a settings file holds a few lines"):
        load_config(path)

"""What every command does alike: one-line usage errors, language codes
checked, help in the user's language, --quiet, shell completion, the
settings file."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.main import COMMANDS, app
from toolkit.termbase.store import PACKAGED_GLOSSARY

REPO = Path(__file__).resolve().parents[2]
G = ["-g", str(PACKAGED_GLOSSARY)]


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def atau(*args, env=None, cwd=None):
    """``python -m toolkit ARGS`` in a subprocess (the interface language is
    read once, at start-up)."""
    full = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    full.update({"PYTHONPATH": str(REPO), **(env or {})})
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True,
                          text=True, env=full, cwd=cwd or REPO, timeout=120)


# --------------------------------------------------------------------------
# usage errors: one line


@pytest.mark.parametrize("args, message", [
    (["translat"], "no such command 'translat'; did you mean 'translate'?"),
    (["frobnicate"], "no such command 'frobnicate'; the commands are: translate, enforce, check, eval, "
                     "glossary, catalog, models, serve, memory, config, completion"),
    (["glossary", "lst"], "no such command 'lst'; did you mean 'list'?"),
    (["glossary", "list", "--jsn"], "no such option: --jsn; did you mean --json?"),
    (["glossary", "list", "--bogus"], "no such option: --bogus"),
    (["check", "--to", "ru"], "missing option --from"),
    (["glossary", "show"], "missing argument ID"),
    (["glossary", "show", "a", "b"], "unexpected extra argument(s): b"),
    (["glossary", "list", "--lang"], "option --lang needs a value"),
    (["translate", "--from", "en", "--to", "ru", "--beam-size", "0"],
     "invalid value for --beam-size: 0 is not in the range 1<=x<=16"),
    (["translate", "--from", "en", "--to", "ru", "--beam-size", "x"],
     "invalid value for --beam-size: 'x' is not a whole number"),
])
def test_usage_errors_are_one_line(runner, args, message):
    result = run(runner, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"atau: error: {message}\n"


def test_usage_error_in_a_real_process_is_one_line():
    result = atau("translat")
    assert (result.returncode, result.stdout, result.stderr) == (
        2, "", "atau: error: no such command 'translat'; did you mean 'translate'?\n")


def test_no_arguments_still_show_the_help(runner):
    result = run(runner)
    assert result.exit_code == 2
    assert "Commands:" in result.output and "translate" in result.output


# --------------------------------------------------------------------------
# language codes


@pytest.mark.parametrize("args", [
    ["translate", "--from", "en", "--to", "kz", "x.txt"],
    ["check", "--from", "KZ", "--to", "ru"],
    ["catalog", "translate", "x.pot", "--to", "kz"],
    ["glossary", "list", "--lang", "kz"],
    ["glossary", "export", "-", "--langs", "en,kz"],
    ["models", "pack", "m", "--sp", "s", "--from", "en", "--to", "kz", "-o", "o"],
    ["models", "install", "en", "kz"],
    ["models", "remove", "kz", "ru"],
])
def test_unknown_language_codes_get_a_suggestion(runner, args):
    result = run(runner, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    code = "KZ" if "KZ" in args else "kz"
    assert result.stderr == f"atau: error: unknown language '{code}'; did you mean 'kk' (Kazakh)?\n"


def test_codes_are_normalised_as_before(runner):
    result = run(runner, "glossary", "list", "--lang", "RU", "--json", *G)
    assert result.exit_code == 0
    assert {row["lang"] for row in json.loads(result.stdout)} == {"ru"}


def test_a_language_of_an_installed_model_is_known(runner, argos_dirs, monkeypatch):
    from toolkit.cli import conventions

    monkeypatch.setattr(conventions, "_installed_languages", lambda: ["xq"])
    assert conventions.check_language_value("xq") == "xq"


# --------------------------------------------------------------------------
# the interface in Russian and Kazakh


@pytest.mark.parametrize("lang, words", [
    ("ru", ["Использование: atau glossary show", "Аргументы:", "Параметры:", "[обязательно]",
            "Показать это сообщение и выйти."]),
    ("kk", ["Қолданылуы: atau glossary show", "Аргументтер:", "Параметрлер:", "[міндетті]",
            "Осы хабарламаны көрсетіп, шығу."]),
])
def test_clicks_own_words_are_translated(lang, words):
    result = atau("glossary", "show", "--help", env={"LANGUAGE": lang})
    assert result.returncode == 0, result.stderr
    for word in words:
        assert word in result.stdout, (word, result.stdout)
    assert "Usage:" not in result.stdout and "Show this message" not in result.stdout


@pytest.mark.parametrize("lang, message", [
    ("ru", "atau: ошибка: нет команды 'translat'; может быть, 'translate'?\n"),
    ("kk", "atau: қате: 'translat' деген команда жоқ; мүмкін, 'translate'?\n"),
])
def test_usage_errors_are_translated(lang, message):
    result = atau("translat", env={"LANGUAGE": lang})
    assert (result.returncode, result.stderr) == (2, message)


def test_help_formatter_translates_through_the_catalog(monkeypatch):
    """The mechanism, without the catalogs: every fixed word of click goes through _()."""
    import gettext

    from toolkit import i18n

    class Upper(gettext.NullTranslations):
        def gettext(self, message):
            return message.upper()

    monkeypatch.setattr(i18n, "_translation", Upper())
    result = CliRunner().invoke(app, ["glossary", "show", "--help"])
    assert "USAGE: atau glossary show" in result.output
    assert "ARGUMENTS:" in result.output and "OPTIONS:" in result.output
    assert "[REQUIRED]" in result.output and "SHOW THIS MESSAGE AND EXIT." in result.output


# --------------------------------------------------------------------------
# --quiet


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_leaves_only_errors(runner, tmp_path, where):
    out = tmp_path / "x.csv"
    args = ["glossary", "export", out, *G]
    args = (["--quiet", *args] if where == "before" else [*args, "-q"])
    result = run(runner, *args)
    assert (result.exit_code, result.stderr) == (0, "")
    assert out.exists()
    error = run(runner, "--quiet", "glossary", "show", "nope", *G)
    assert error.exit_code == 2 and error.stderr == "atau: error: no concept with id 'nope'\n"


def test_every_command_takes_quiet(runner):
    for name in COMMANDS:
        from toolkit.cli.main import load_command

        command = load_command(name)
        leaves = list(getattr(command, "commands", {}).values()) or [command]
        for leaf in leaves:
            assert any("--quiet" in getattr(p, "opts", []) for p in leaf.params), (name, leaf.name)


# --------------------------------------------------------------------------
# shell completion


@pytest.mark.parametrize("shell, marker", [("bash", "complete_bash"), ("zsh", "#compdef atau"),
                                           ("fish", "complete --command atau")])
def test_completion_script_for_each_shell(runner, shell, marker):
    result = run(runner, "completion", shell)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout and "_ATAU_COMPLETE" in result.stdout


def test_completion_of_an_unknown_shell_is_refused(runner):
    result = run(runner, "completion", "tcsh")
    assert result.stderr == "atau: error: no completion for the shell 'tcsh'; Atau has it for bash, zsh, fish\n"


@pytest.mark.parametrize("shell, files", [
    ("bash", [".local/share/bash-completion/completions/atau", ".bashrc"]),
    ("zsh", [".zfunc/_atau", ".zshrc"]),
    ("fish", [".config/fish/completions/atau.fish"]),
])
def test_install_completion_with_one_command_and_only_once(runner, tmp_path, shell, files):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": ""}
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'", encoding="utf-8")
    for _ in range(2):
        result = run(runner, "completion", shell, "--install", env=env)
        assert result.exit_code == 0, result.output
    for name in files:
        assert (tmp_path / name).is_file(), name
    rc = {"bash": ".bashrc", "zsh": ".zshrc"}.get(shell)
    if rc:
        text = (tmp_path / rc).read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.endswith("# atau completion")]
        assert len(lines) == (1 if shell == "bash" else 2)
        if shell == "bash":
            assert text.startswith("alias ll='ls -l'\n")
            assert lines == ['[ -f "$HOME/.local/share/bash-completion/completions/atau" ] && '
                             '. "$HOME/.local/share/bash-completion/completions/atau"  # atau completion']


def test_completion_answers_the_shell():
    env = {"_ATAU_COMPLETE": "complete_bash", "COMP_WORDS": "atau glo", "COMP_CWORD": "1"}
    assert atau(env=env).stdout == "glossary\n"
    env.update(COMP_WORDS="atau glossary ex", COMP_CWORD="2")
    assert atau(env=env).stdout == "export\n"
    env.update(COMP_WORDS="atau glossary export --for", COMP_CWORD="3")
    assert atau(env=env).stdout == "--format\n"


# --------------------------------------------------------------------------
# the settings file


@pytest.fixture
def settings(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("ATAU_CONFIG", str(path))
    return path


def test_config_shows_what_is_in_force_and_where_from(runner, settings, tmp_path):
    glossary = tmp_path / "g.tbx"
    glossary.write_bytes(PACKAGED_GLOSSARY.read_bytes())
    settings.write_text('to = "kk"\nbeam_size = 2\nglossary = "g.tbx"\n', encoding="utf-8")
    result = run(runner, "config", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["file"], data["file_exists"]) == (str(settings), True)
    rows = {row["key"]: (row["value"], row["source"]) for row in data["settings"]}
    assert rows["to"] == ("kk", "settings file")
    assert rows["from"] == (None, "default")
    assert rows["beam_size"] == (2, "settings file")
    assert rows["threads"] == (0, "default")
    assert rows["glossary"] == (str(glossary), "settings file")
    env = run(runner, "config", "--json", env={"ATAU_GLOSSARY": str(PACKAGED_GLOSSARY)})
    rows = {row["key"]: (row["value"], row["source"]) for row in json.loads(env.stdout)["settings"]}
    assert rows["glossary"] == (str(PACKAGED_GLOSSARY), "$ATAU_GLOSSARY")
    table = run(runner, "config")
    assert f"settings file: {settings} (found)" in " ".join(table.stdout.split())
    assert run(runner, "config", "--path").stdout == f"{settings}\n"


def test_settings_give_the_defaults_of_from_and_to(runner, settings, tmp_path):
    source, target = tmp_path / "s.en", tmp_path / "t.ru"
    source.write_text("The Mazhilis met.\n", encoding="utf-8")
    target.write_text("Меджлис собрался.\n", encoding="utf-8")
    settings.write_text('from = "en"\nto = "ru"\n', encoding="utf-8")
    result = run(runner, "check", "--source", source, "--target", target, *G)
    assert result.exit_code == 1, result.output
    assert "forbidden term 'Меджлис': use 'Мажилис'" in result.stdout
    # the command line wins
    other = run(runner, "check", "--to", "kk", "--source", source, "--target", target, *G)
    assert other.exit_code == 1 and "'Меджлис' renders 'Mazhilis': use 'Мәжіліс'" in other.stdout


def test_settings_file_glossary_comes_after_the_environment(runner, settings, tmp_path):
    mine = tmp_path / "mine.tbx"
    mine.write_bytes(PACKAGED_GLOSSARY.read_bytes().replace(b'id="senate"', b'id="senate-of-mine"'))
    settings.write_text(f'glossary = "{mine}"\n', encoding="utf-8")
    assert run(runner, "glossary", "show", "senate-of-mine").exit_code == 0
    assert run(runner, "glossary", "show", "senate-of-mine", env={"ATAU_GLOSSARY": str(PACKAGED_GLOSSARY)}).exit_code == 2


def test_quiet_in_the_settings_file(runner, settings, tmp_path):
    settings.write_text("quiet = true\n", encoding="utf-8")
    result = run(runner, "glossary", "export", tmp_path / "x.csv", *G)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_broken_settings_file_is_one_error_line(runner, settings):
    settings.write_text('to = "kz"\n', encoding="utf-8")
    result = run(runner, "glossary", "list", *G)
    assert (result.exit_code, result.stderr) == (
        2, f"atau: error: {settings}: to: unknown language 'kz'; did you mean 'kk' (Kazakh)?\n")
    assert run(runner, "config", "--path").stdout == f"{settings}\n"

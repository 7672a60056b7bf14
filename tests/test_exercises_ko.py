"""The exercises in Korean: every message has its Korean with the same placeholders, numbers
and code; `--lang ko` and MINIGRAD_LANG=ko make the command line speak Korean; a report is the
same report in both languages (same verdict, same lines, same numbers), only the words differ;
English stays the default, word for word."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys

import numpy as np
import pytest
from test_docs_korean import FLAGGED

from minigrad.exercises import EXERCISES, check_file, cli, exercise_text, solution_path
from minigrad.exercises.messages import MESSAGES, say
from minigrad.languages import LANGS

HANGUL = re.compile("[\uac00-\ud7a3]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# What must read the same in both languages: `code`, file paths, commands.
CODE = re.compile(r"`[^`]*`|[A-Za-z0-9_/.-]+\.(?:py|md)(?![A-Za-z])|"
                  r"python -m minigrad(?: [a-z]+){1,2}")
PACKAGE = solution_path("sigmoid").parents[1]  # minigrad/exercises


def report(path, lang="en") -> tuple[bool, str]:
    lines: list[str] = []
    ok = check_file(path, out=lines.append, lang=lang)
    return ok, "\n".join(lines)


def write(tmp_path, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


def variant(name: str, old: str, new: str) -> str:
    text = solution_path(name).read_text(encoding="utf-8")
    assert old in text, f"the answer to {name} no longer has {old!r}"
    return text.replace(old, new)


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The {fields} of a message, with their conversion and format spec, in sorted order."""
    return sorted((field, spec or "", conversion or "")
                  for _, field, spec, conversion in string.Formatter().parse(text)
                  if field is not None)


def without_fields(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "", text)


def numbers_by_line(text: str) -> list[list[str]]:
    """The numbers of each line (in any order: the languages order the words differently)."""
    return [sorted(NUMBER.findall(line)) for line in text.splitlines()]


# ---- the catalogue


@pytest.mark.parametrize("key", list(MESSAGES))
def test_every_message_has_korean_with_the_same_placeholders(key):
    pair = MESSAGES[key]
    assert isinstance(pair, tuple) and len(pair) == len(LANGS), f"{key}: not an (en, ko) pair"
    english, korean = pair
    assert english.strip() and HANGUL.search(korean), f"{key}: the Korean is missing"
    assert placeholders(english) == placeholders(korean), key


@pytest.mark.parametrize("key", list(MESSAGES))
def test_every_message_keeps_numbers_and_code_in_korean(key):
    english, korean = MESSAGES[key]
    assert sorted(NUMBER.findall(without_fields(english))) == \
        sorted(NUMBER.findall(without_fields(korean))), key
    assert sorted(CODE.findall(english)) == sorted(CODE.findall(korean)), key


def test_the_korean_uses_the_sites_terms():
    found = [f"{key}: {m.group()!r}, use {instead}" for key, (_, korean) in MESSAGES.items()
             for pattern, instead in FLAGGED.items() for m in re.finditer(pattern, korean)]
    assert not found, "\n".join(found)


def test_every_message_is_asked_for_and_every_one_asked_for_exists():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py")
                       if p.name != "messages.py")
    named = set(re.findall(r'"([a-z_.]+)"', source))
    asked = {key for key in MESSAGES if key in named}
    per_exercise = {f"{kind}.{name}" for name in EXERCISES for kind in ("title", "read")}
    assert per_exercise <= set(MESSAGES), per_exercise - set(MESSAGES)
    assert set(MESSAGES) - asked - per_exercise == set()  # no message left unused
    calls = re.findall(r'say\(\w+, "([a-z_.]+)"', source)
    assert calls and set(calls) <= set(MESSAGES), set(calls) - set(MESSAGES)


def test_say_fills_in_the_fields_and_refuses_an_unknown_language():
    assert say("en", "case", k=2, n=3, label="x", verdict="right") == "case 2 of 3 (x): right"
    assert say("ko", "case", k=2, n=3, label="x", verdict="맞습니다") == "경우 2/3 (x): 맞습니다"
    with pytest.raises(ValueError, match="'en', 'ko'.*'fr'"):
        say("fr", "right")
    with pytest.raises(ValueError, match="'kr'"):
        check_file(solution_path("sigmoid"), out=lambda line: None, lang="kr")


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_exercise_and_case_is_described_in_both_languages(name):
    exercise = EXERCISES[name]
    assert HANGUL.search(exercise.title("ko")) and not HANGUL.search(exercise.title("en"))
    assert exercise.read_after("ko") != exercise.read_after("en")
    for case in exercise.cases(np.random.default_rng(0)):
        english, korean = case.describe("en"), case.describe("ko")
        assert HANGUL.search(korean) and " of shape " in english
        assert NUMBER.findall(english) == NUMBER.findall(korean)


# ---- the reports: the same checks, the same findings, in Korean words

SLIPS = [  # (exercise, the answer's text, the slip, the Korean that names it)
    ("sigmoid", "return g * z * (1 - z)", "return z * (1 - z)",
     "dL/dx의 값이 국소 도함수 그대로입니다: 위에서 들어오는 기울기 g를 곱하세요"),
    ("sigmoid", "return g * z * (1 - z)", "return -g * z * (1 - z)",
     "dL/dx의 크기는 맞지만 부호가 반대입니다"),
    ("sigmoid", "return g * z * (1 - z)", "return g * z",
     "dL/dx의 값은 0.393775이고, 맞는 값은 0.172262입니다 (맞는 값의 2.286배)"),
    ("sigmoid", "return g * z * (1 - z)", "return g * z * (1 - w)",
     "backward가 아는 것은 g와 forward가 남겨 둔 것"),
    ("mul", "return g * y, g * x", "return g * x, g * y",
     "dL/dx의 값은 dL/dy에 들어가야 할 값입니다: 둘이 뒤바뀌지 않았나요?"),
    ("mul", "return g * y, g * x", "return g * y, g * x + g",
     "dL/dy의 원소 3개 중 3개가 틀렸습니다"),
    ("mul", "return g * y, g * x", "return g * y", "backward가 기울기를 1개 돌려주었습니다"),
    ("mul", "return g * y, g * x", "return [g * y, g * x]", "backward가 리스트를 돌려주었습니다"),
    ("matmul", "return g @ b.T, a.T @ g", "return g @ b, a @ g",
     "모양: g (2, 4); 입력 A (2, 3), B (3, 4)"),
    ("matmul", "return g @ b.T, a.T @ g", "return g @ b.T, g.T @ a", "dL/dB의 값이 전치되어"),
    ("cross_entropy", "return g * (q - onehot) / n", "return g * (q - onehot)",
     "dL/dz의 값이 모든 곳에서 맞는 값의 4배입니다 (배치 크기 N = 4: 평균은 N으로 나누므로"),
    ("cross_entropy", "return g * (q - onehot) / n", "return g * (q - onehot) / n / n",
     "N으로 두 번 나누지 않았나요?"),
    ("squared_error", "return 0.5 * np.sum((target - yhat) ** 2)",
     "return np.sum((target - yhat) ** 2)",
     "forward가 틀렸습니다: E의 값은 0.0664789이고, 맞는 값은 0.0332395입니다 "
     "(2가 한 번 더 곱해졌습니다: 제곱 앞의 1/2이"),
    ("squared_error", "return 0.5 * np.sum((target - yhat) ** 2)",
     "return 0.5 * np.mean((target - yhat) ** 2)", "이 손실함수는 항의 평균이 아니라 합이므로"),
    ("squared_error", "return g * (yhat - y)", "return g * (yhat - y) / 2",
     "다시 반으로 나누지 마세요"),
    ("bernoulli_nll", "return -np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))",
     "return -np.sum(y * np.log(q) + (1 - y) * np.log(1 - q))", "(항의 개수 N = 6:"),
    ("sum_to_shape", "return g.sum(axis=ones, keepdims=True)", "return g.sum(axis=ones)",
     "결과의 모양은 (3,)인데, 맞는 모양은 (1, 3)입니다"),
]


@pytest.mark.parametrize(("name", "old", "new", "korean"), SLIPS,
                         ids=[f"{name}: {new}" for name, _, new, _ in SLIPS])
def test_a_slip_is_named_in_korean_as_in_english(tmp_path, name, old, new, korean):
    path = write(tmp_path, name, variant(name, old, new))
    ok_en, english = report(path)
    ok_ko, said = report(path, "ko")
    assert not ok_en and not ok_ko
    assert korean in said, said
    assert "WRONG" in english and "틀렸습니다" in said and "WRONG" not in said
    # one logic, two wordings: the same lines, and in them the same numbers
    assert numbers_by_line(said) == numbers_by_line(english)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_answers_and_blank_exercises_in_korean(tmp_path, name):
    ok, said = report(solution_path(name), "ko")
    assert ok and "개가 모두 맞았습니다. 이제 minigrad의 코드와 비교해 보세요" in said, said
    ok, said = report(write(tmp_path, name, exercise_text(name)), "ko")
    assert not ok and "를 아직 쓰지 않았습니다: `raise NotImplementedError` 줄을" in said, said


def test_a_file_that_is_missing_or_not_an_exercise_in_korean(tmp_path):
    ok, said = report(tmp_path / "nothere.py", "ko")
    assert not ok and "nothere.py: 그런 파일이 없습니다" in said
    ok, said = report(write(tmp_path, "mine", "EXERCISE = 'conv'\n"), "ko")
    assert not ok and "어느 연습문제인가요? 파일에는 EXERCISE = 'conv'라고" in said
    ok, said = report(write(tmp_path, "sigmoid", "x = 1\n"), "ko")
    assert not ok and "연습문제 'sigmoid'에는 Sigmoid 클래스가 필요한데, 파일에 없습니다" in said
    ok, said = report(write(tmp_path, "broken", "def f(:\n"), "ko")
    assert not ok and "broken.py 실행 중 오류가 났습니다: SyntaxError" in said


# ---- the command line

CROSS_ENTROPY_SLIP = ("cross_entropy", "return g * (q - onehot) / n", "return g * (q - onehot)")
ENGLISH_REPORT = """\
Exercise 'cross_entropy': the backward of cross-entropy on scores (logits)
  case 1 of 3 (scores z of shape (1, 3), targets y = [0]): right
  case 2 of 3 (scores z of shape (4, 3), targets y = [0, 0, 2, 0]): WRONG
    dL/dz is 4 times the right value everywhere (the batch size, N = 4: a mean divides by N, \
so does its gradient)
Not yet: 1 of 3 cases right. Fix it and run the check again.
"""
KOREAN_REPORT = """\
연습문제 'cross_entropy': 점수(로짓)에 대한 교차 엔트로피의 backward
  경우 1/3 (모양이 (1, 3)인 점수 z, 목표값 y = [0]): 맞습니다
  경우 2/3 (모양이 (4, 3)인 점수 z, 목표값 y = [0, 0, 2, 0]): 틀렸습니다
    dL/dz의 값이 모든 곳에서 맞는 값의 4배입니다 (배치 크기 N = 4: 평균은 N으로 나누므로 \
그 기울기도 N으로 나눕니다)
아직 다 맞지는 않았습니다: 경우 3개 중 1개가 맞았습니다. 고친 뒤 다시 검사해 보세요.
"""


@pytest.fixture
def slipped(tmp_path, monkeypatch):
    """cross_entropy.py with the mean's 1/N forgotten, in the current directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(cli.ENV, raising=False)
    write(tmp_path, "cross_entropy", variant(*CROSS_ENTROPY_SLIP))
    return "cross_entropy.py"


@pytest.mark.parametrize("env", [None, "", "en"])
def test_english_stays_the_default_word_for_word(slipped, monkeypatch, capsys, env):
    if env is not None:
        monkeypatch.setenv(cli.ENV, env)
    assert cli.check_main([slipped]) == 1
    assert capsys.readouterr().out == ENGLISH_REPORT


@pytest.mark.parametrize(("args", "env"), [
    (["--lang", "ko"], None),
    (["--lang=ko"], "en"),  # --lang wins over the environment
    ([], "ko"),
])
def test_check_speaks_korean_when_asked(slipped, monkeypatch, capsys, args, env):
    if env is not None:
        monkeypatch.setenv(cli.ENV, env)
    assert cli.check_main([slipped, *args]) == 1
    assert capsys.readouterr().out == KOREAN_REPORT


def test_lang_en_on_the_command_line_wins_over_korean_in_the_environment(slipped, monkeypatch,
                                                                          capsys):
    monkeypatch.setenv(cli.ENV, "ko")
    assert cli.check_main(["--lang", "en", slipped]) == 1
    assert capsys.readouterr().out == ENGLISH_REPORT


def test_exercise_list_and_start_speak_korean(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(cli.ENV, "ko")
    assert cli.exercise_main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "cross_entropy  점수(로짓)에 대한 교차 엔트로피의 backward" in listed
    assert "하나를 골라 시작하세요: python -m minigrad exercise start NAME" in listed
    monkeypatch.delenv(cli.ENV)
    assert cli.exercise_main(["start", "sigmoid", "--lang", "ko"]) == 0
    started = capsys.readouterr().out
    assert started.startswith("sigmoid.py 파일을 만들었습니다. docstring을 읽고")
    # the command to run next keeps the --lang given
    assert started.endswith("\n    python -m minigrad check --lang ko sigmoid.py\n")
    assert cli.exercise_main(["--lang", "ko", "start", "sigmoid"]) == 1
    assert "sigmoid.py: 이미 있는 파일이라 덮어쓰지 않았습니다" in capsys.readouterr().out


def test_help_speaks_korean_when_asked(capsys):
    with pytest.raises(SystemExit) as done:
        cli.check_main(["--help", "--lang", "ko"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "연습문제 파일을 검사하고 무엇이 틀렸는지 알려 줍니다." in shown
    assert "--lang {en,ko}" in shown


@pytest.mark.parametrize("main", [cli.check_main, cli.exercise_main])
def test_an_unknown_lang_is_a_clear_error(slipped, capsys, main):
    args = ["--lang", "kr", slipped] if main is cli.check_main else ["list", "--lang", "kr"]
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 2
    assert "argument --lang: invalid choice: 'kr' (choose from 'en', 'ko')" in \
        capsys.readouterr().err


@pytest.mark.parametrize("main", [cli.check_main, cli.exercise_main])
def test_an_unknown_minigrad_lang_is_a_clear_error(slipped, monkeypatch, capsys, main):
    monkeypatch.setenv(cli.ENV, "kr")
    with pytest.raises(SystemExit) as done:
        main([slipped] if main is cli.check_main else ["list"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "MINIGRAD_LANG='kr' is not a language of the exercises: set it to en or ko" in err
    assert "MINIGRAD_LANG='kr': 연습문제가 지원하지 않는 언어입니다" in err


def test_the_real_command_line_in_korean(tmp_path):
    """`python -m minigrad`, as a learner runs it: start, a slip, the answer."""
    def minigrad(*args, env=None):
        environ = {k: v for k, v in os.environ.items() if k != cli.ENV}
        return subprocess.run([sys.executable, "-m", "minigrad", *args], capture_output=True,
                              text=True, cwd=tmp_path, timeout=120,
                              env={**environ, **(env or {})})

    assert minigrad("exercise", "start", "cross_entropy", "--lang", "ko").returncode == 0
    checked = minigrad("check", "--lang", "ko", "cross_entropy.py")
    assert checked.returncode == 1
    assert "backward를 아직 쓰지 않았습니다" in checked.stdout, checked.stdout + checked.stderr
    write(tmp_path, "cross_entropy", variant(*CROSS_ENTROPY_SLIP))
    checked = minigrad("check", "cross_entropy.py", env={cli.ENV: "ko"})
    assert checked.returncode == 1 and checked.stdout == KOREAN_REPORT, checked.stderr
    write(tmp_path, "cross_entropy", solution_path("cross_entropy").read_text())
    checked = minigrad("check", "cross_entropy.py", env={cli.ENV: "ko"})
    assert checked.returncode == 0
    assert "경우 3개가 모두 맞았습니다. 이제 minigrad의 코드와 비교해 보세요: " \
           "minigrad/functional/classification.py의 IndexCrossEntropy 클래스." in checked.stdout
    checked = minigrad("check", "cross_entropy.py", "--lang", "ko")
    assert checked.returncode == 0 and "경우 3개가 모두 맞았습니다." in checked.stdout


# the report as a whole: the same in both languages but for the words
@pytest.mark.parametrize("name", ["mul", "cross_entropy", "squared_error"])
def test_a_right_answer_reports_the_same_cases_in_both_languages(name):
    ok_en, english = report(solution_path(name))
    ok_ko, korean = report(solution_path(name), "ko")
    assert ok_en and ok_ko
    assert numbers_by_line(english) == numbers_by_line(korean)
    cases = EXERCISES[name].cases(np.random.default_rng(0))
    assert sum(line.endswith("): 맞습니다") for line in korean.splitlines()) == len(cases)

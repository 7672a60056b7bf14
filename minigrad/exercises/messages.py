"""Every sentence the exercises print, in English and in Korean.

`MESSAGES` maps a short id to a pair (English, Korean); `say(lang, id, **fields)`
picks one and fills in its `{placeholders}`, which are the same in both. The
rest of the package builds no sentence itself: it asks for one by id, so a
fix to the checker's logic is a fix in both languages. Math, code, names and
numbers read the same in both (the tests check the placeholders, the numbers
and the `code` of every pair).

Korean sentences avoid a particle right after a placeholder (가/이, 를/을 ...
depend on how a name like dL/dz is read); they say `{name}의 값이` instead.
"""

from __future__ import annotations

from typing import Any

from ..languages import pick

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- the report of `check` (check.py)
    "header": ("Exercise {name!r}: {title}", "연습문제 {name!r}: {title}"),
    "case": ("case {k} of {n} ({label}): {verdict}", "경우 {k}/{n} ({label}): {verdict}"),
    "right": ("right", "맞습니다"),
    "wrong": ("WRONG", "틀렸습니다"),
    "not_yet": (
        "Not yet: {right} of {n} cases right. Fix it and run the check again.",
        "아직 다 맞지는 않았습니다: 경우 {n}개 중 {right}개가 맞았습니다. "
        "고친 뒤 다시 검사해 보세요."),
    "all_right": (
        "All {n} cases right. Now compare with minigrad's own: {read_after}.",
        "경우 {n}개가 모두 맞았습니다. 이제 minigrad의 코드와 비교해 보세요: {read_after}."),
    # ---- the file itself
    "no_file": (
        "{path}: no such file (python -m minigrad exercise start NAME makes one)",
        "{path}: 그런 파일이 없습니다(python -m minigrad exercise start NAME으로 만드세요)"),
    "not_python": ("{path}: not a Python file", "{path}: 파이썬 파일이 아닙니다"),
    "did_not_run": ("{path} did not run: {error}", "{path} 실행 중 오류가 났습니다: {error}"),
    "unknown_exercise": (
        "{path}: which exercise is this? The file says EXERCISE = {name!r}; the exercises "
        "are {names} (python -m minigrad exercise list)",
        "{path}: 어느 연습문제인가요? 파일에는 EXERCISE = {name!r}라고 되어 있는데, "
        "연습문제는 {names}입니다(python -m minigrad exercise list)"),
    "no_target": (
        "{path}: exercise {name!r} needs a {kind} named {target}, and the file has none",
        "{path}: 연습문제 {name!r}에는 {target} {kind}가 필요한데, 파일에 없습니다"),
    "class": ("class", "클래스"),
    "function": ("function", "함수"),
    # ---- running the learner's forward and backward
    "not_written": (
        "{what} is not written yet: replace the `raise NotImplementedError` line with "
        "your code",
        "{what}를 아직 쓰지 않았습니다: `raise NotImplementedError` 줄을 여러분의 "
        "코드로 바꾸세요"),
    "failed": ("{what} failed: {error}", "{what}에서 오류가 났습니다: {error}"),
    "it_failed": ("it failed: {error}", "실행 중 오류가 났습니다: {error}"),
    "line": ("line {number}: {code}", "{number}번째 줄: {code}"),
    "forward_gives": (
        "forward gives {got}, the right value is {want}",
        "forward가 돌려준 값: {got}, 맞는 값: {want}"),
    "forward_wrong": ("forward is wrong: {wrong}", "forward가 틀렸습니다: {wrong}"),
    "no_grad_fn": (
        "the output has no grad_fn: apply did not record the op (is it a Function?)",
        "출력에 grad_fn이 없습니다: apply가 연산을 기록하지 않았습니다"
        "(Function의 하위 클래스인가요?)"),
    "name_error": (
        "backward knows only g and what forward kept (the lines above yours): forward's "
        "variables are not there",
        "backward가 아는 것은 g와 forward가 남겨 둔 것(여러분이 쓰는 부분 위의 줄)뿐입니다: "
        "forward의 지역 변수는 backward에서 보이지 않습니다"),
    "the_shapes": ("the shapes: g {g}; the inputs {shapes}", "모양: g {g}; 입력 {shapes}"),
    "returned_list": (
        "backward returned a list; return a tuple, one gradient per input in their order: "
        "return {wanted}",
        "backward가 리스트를 돌려주었습니다. 입력마다 기울기 하나씩, 입력 순서대로 "
        "튜플로 돌려주세요: return {wanted}"),
    "returned_count": (
        "backward returned {count} gradient(s); it must return one per input ({n}), as a "
        "tuple, in the order of the inputs: return {wanted}",
        "backward가 기울기를 {count}개 돌려주었습니다. 입력마다 하나씩({n}개), 튜플로, "
        "입력 순서대로 돌려주어야 합니다: return {wanted}"),
    "grad_none": (
        "{name} is None: return the gradient for this input",
        "{name}의 값이 None입니다: 이 입력의 기울기를 돌려주세요"),
    "swapped": (
        "{name} is the value {other} should have: are the two swapped? backward returns "
        "({names}) in that order, and each input's gradient is built from the other input",
        "{name}의 값은 {other}에 들어가야 할 값입니다: 둘이 뒤바뀌지 않았나요? backward는 "
        "({names}) 순서로 돌려주고, 각 입력의 기울기는 다른 입력으로 만듭니다"),
    "result_shape": (
        "the result has shape {got}, but it must have shape {want}: sum over the leading "
        "axes g has and the shape lacks, and the axes where the shape has 1 (keep those "
        "size-1 axes)",
        "결과의 모양은 {got}인데, 맞는 모양은 {want}입니다: g에는 있고 shape에는 없는 "
        "앞쪽 축들과, shape에서 크기가 1인 축들을 따라 더하세요(크기 1인 축은 남겨 둡니다)"),
    "the_result": ("the result", "결과"),
    "the_output": ("the output", "출력"),
    # ---- what is wrong with a gradient (diagnose.py)
    "sign": (
        "{name} has the right size but the wrong sign: check the sign of each term",
        "{name}의 크기는 맞지만 부호가 반대입니다: 각 항의 부호를 확인하세요"),
    "no_g": (
        "{name} is the local derivative alone: multiply it by g, the gradient that arrives "
        "from above (the chain rule: {name} = g * the local derivative)",
        "{name}의 값이 국소 도함수 그대로입니다: 위에서 들어오는 기울기 g를 곱하세요"
        "(연쇄법칙: {name} = g * 국소 도함수)"),
    "transposed": (
        "{name} is transposed: its shape must be its input's shape {shape}",
        "{name}의 값이 전치되어 있습니다: 모양이 입력과 같아야 합니다(입력의 모양: {shape})"),
    "one_value": (
        "{name} is {got:.6g}, the right value is {want:.6g}{hint}",
        "{name}의 값은 {got:.6g}이고, 맞는 값은 {want:.6g}입니다{hint}"),
    "times_it": (" ({ratio:.4g} times it)", " (맞는 값의 {ratio:.4g}배)"),
    "times_everywhere": (
        "{name} is {ratio:.4g} times the right value everywhere{hint}",
        "{name}의 값이 모든 곳에서 맞는 값의 {ratio:.4g}배입니다{hint}"),
    "batch": (
        " ({what}, N = {n}: a mean divides by N, so does its gradient)",
        " ({what} N = {n}: 평균은 N으로 나누므로 그 기울기도 N으로 나눕니다)"),
    "the_batch_size": ("the batch size", "배치 크기"),
    "the_number_of_terms": ("the number of terms", "항의 개수"),
    "twice": (
        " (1/N, with N = {n}: is the division by N done twice?)",
        " (1/N, N = {n}: N으로 두 번 나누지 않았나요?)"),
    "not_a_mean": (
        " (1/n, with n = {n} terms: this loss is a sum of its terms, not a mean, so nothing "
        "divides by n)",
        " (1/n, 항의 개수 n = {n}: 이 손실함수는 항의 평균이 아니라 합이므로 어디에서도 "
        "n으로 나누지 않습니다)"),
    "two_square": (
        " (a factor of 2 too many: the 1/2 in front of the square cancels the 2 of its "
        "derivative)",
        " (2가 한 번 더 곱해졌습니다: 제곱 앞의 1/2이 미분에서 나오는 2와 약분됩니다)"),
    "two": (" (a factor of 2 too many)", " (2가 한 번 더 곱해졌습니다)"),
    "half_square": (
        " (half the right value: the 1/2 in front of the square already cancels the 2 of its "
        "derivative; do not halve again)",
        " (맞는 값의 절반: 제곱 앞의 1/2이 이미 미분에서 나오는 2와 약분되니, "
        "다시 반으로 나누지 마세요)"),
    "half": (" (half the right value)", " (맞는 값의 절반)"),
    "shape": (
        "{name} has shape {got}, but it must have shape {want}",
        "{name}의 모양은 {got}인데, 맞는 모양은 {want}입니다"),
    "elements": (
        "{name} is wrong at {bad} of {size} elements; the first{at}: yours is {got:.6g}, "
        "the right value is {want:.6g}",
        "{name}의 원소 {size}개 중 {bad}개가 틀렸습니다. 처음 틀린 원소{at}: "
        "여러분의 값은 {got:.6g}, 맞는 값은 {want:.6g}입니다"),
    "at_index": (" at index {index}", " (인덱스 {index})"),
    # ---- the exercises (catalog.py): title.NAME, read.NAME, and the cases' labels
    "title.sigmoid": ("the backward of sigmoid", "sigmoid의 backward"),
    "title.mul": (
        "the backward of x * y, with broadcasting", "브로드캐스팅이 있는 x * y의 backward"),
    "title.sum_to_shape": (
        "the backward of broadcasting: sum a gradient back to a shape",
        "브로드캐스팅의 backward: 기울기를 더해서 원래 모양으로 되돌리기"),
    "title.softmax": ("the backward of softmax", "softmax의 backward"),
    "title.cross_entropy": (
        "the backward of cross-entropy on scores (logits)",
        "점수(로짓)에 대한 교차 엔트로피의 backward"),
    "title.matmul": ("the backward of a matrix product", "행렬곱의 backward"),
    "title.squared_error": (
        "the lecture's squared error E = 1/2 sum (y - yhat)^2, both ways",
        "강의의 제곱오차 E = 1/2 sum (y - yhat)^2, forward와 backward 모두"),
    "title.bernoulli_nll": (
        "the lecture's Bernoulli negative log-likelihood, both ways",
        "강의의 베르누이 음의 로그우도, forward와 backward 모두"),
    "read.sigmoid": (
        "minigrad/ops/activations.py, class Sigmoid",
        "minigrad/ops/activations.py의 Sigmoid 클래스"),
    "read.mul": (
        "minigrad/ops/elementwise.py, class Mul", "minigrad/ops/elementwise.py의 Mul 클래스"),
    "read.sum_to_shape": (
        "minigrad/engine.py, function sum_to_shape", "minigrad/engine.py의 sum_to_shape 함수"),
    "read.softmax": (
        "minigrad/functional/softmax.py, class Softmax",
        "minigrad/functional/softmax.py의 Softmax 클래스"),
    "read.cross_entropy": (
        "minigrad/functional/classification.py, class IndexCrossEntropy",
        "minigrad/functional/classification.py의 IndexCrossEntropy 클래스"),
    "read.matmul": (
        "minigrad/ops/linalg.py, class MatMul", "minigrad/ops/linalg.py의 MatMul 클래스"),
    "read.squared_error": (
        "docs/tutorial/01-squared-error.md, the same loss with minigrad's ops",
        "docs/tutorial/01-squared-error.md, minigrad의 연산으로 쓴 같은 손실함수"),
    "read.bernoulli_nll": (
        "minigrad/functional/bce.py, class BinaryCrossEntropy",
        "minigrad/functional/bce.py의 BinaryCrossEntropy 클래스"),
    "case.shape": ("{name} of shape {shape}", "모양이 {shape}인 {name}"),
    "case.times": (
        "x of shape {a} times y of shape {b}", "모양이 {a}인 x 곱하기 모양이 {b}인 y"),
    "case.sum_to": ("g of shape {g} to shape {shape}", "모양이 {g}인 g, 목표 모양 {shape}"),
    "case.dim": ("x of shape {shape}, dim={dim}", "모양이 {shape}인 x, dim={dim}"),
    "case.scores": (
        "scores z of shape {shape}, targets y = {y}", "모양이 {shape}인 점수 z, 목표값 y = {y}"),
    "case.matmul": ("A of shape {a} @ B of shape {b}", "모양이 {a}인 A @ 모양이 {b}인 B"),
    # ---- `python -m minigrad exercise ...` and `check` (cli.py)
    "start_one": ("Start one with: {command}", "하나를 골라 시작하세요: {command}"),
    "wrote": (
        "wrote {path}: read its docstring, fill in the parts marked '# ---- yours', then run",
        "{path} 파일을 만들었습니다. docstring을 읽고 '# ---- yours'로 표시된 부분을 채운 "
        "다음, 이렇게 검사하세요:"),
    "exists": (
        "{path} exists already: not overwritten (delete it, or use --dir)",
        "{path}: 이미 있는 파일이라 덮어쓰지 않았습니다(지우거나 --dir로 다른 폴더를 "
        "고르세요)"),
    "bad_env": (
        "MINIGRAD_LANG={value!r} is not a language of the exercises: set it to en or ko, "
        "or unset it",
        "MINIGRAD_LANG={value!r}: 연습문제가 지원하지 않는 언어입니다. en 또는 ko로 "
        "설정하거나 설정을 지우세요"),
    "help_exercise": (
        "Exercises with checked answers: write a backward yourself, then run "
        "`minigrad check FILE`.",
        "답을 검사해 주는 연습문제: backward를 직접 쓰고 `minigrad check FILE`로 "
        "검사하세요."),
    "help_list": ("list the exercises", "연습문제 목록을 보여 줍니다"),
    "help_start": (
        "write the exercise file NAME.py to work on", "풀 연습문제 파일 NAME.py를 만듭니다"),
    "help_dir": ("where to write it (default: here)", "파일을 만들 폴더(기본값: 현재 폴더)"),
    "help_solution": (
        "print the worked answer (try first!)", "풀이를 보여 줍니다(먼저 직접 풀어 보세요!)"),
    "help_check": (
        "Check an exercise file and say what is wrong.",
        "연습문제 파일을 검사하고 무엇이 틀렸는지 알려 줍니다."),
    "help_file": ("the exercise file, e.g. sigmoid.py", "연습문제 파일, 예: sigmoid.py"),
    "help_lang": (
        "the language of the messages: en or ko (default: $MINIGRAD_LANG, else en)",
        "메시지의 언어: en 또는 ko(기본값: $MINIGRAD_LANG, 없으면 en)"),
}


def say(lang: str, key: str, **fields: Any) -> str:
    """The message `key` in `lang` ("en" or "ko"), its placeholders filled from `fields`."""
    return pick(MESSAGES, lang, key, **fields)

"""Every sentence `mg.explain` and the backprop stepper write, in English and in Korean.

The same design as minigrad/exercises/messages.py: `MESSAGES` maps a short id
to a pair (English, Korean), and `say(lang, id, **fields)` picks one and fills
in its `{placeholders}`, which are the same in both. explain.py, chain.py,
flow.py, style.py and steps.py build no sentence themselves; they ask for one
by id, so the logic is written once. Math, code, tensor names, shapes and
numbers read the same in both languages.

What stays English in Korean text: each op's own formula and derivatives (its
`Function.chain`, or the first line of its docstring: notation stated by the
op, like `z = sum of x over axis`), the value summaries (`min .., mean ..,
max ..`, numpy's names), error messages from a failed backward, and the
words `data` and `grad` in the boxes (the tensor's attributes).

Korean sentences avoid a particle right after a placeholder (가/이, 를/을 ...
depend on how a name like dL/dz is read); they say `{name} 쪽으로` or use
의 and 에, which fit any word.
"""

from __future__ import annotations

from typing import Any

from ..languages import pick

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- explain's text (explain.py): the whole walk
    "backward_from": (
        "Backward pass from {title}: {shape} {dtype}, {steps} in the order the engine runs them.",
        "{title}에서 시작하는 역전파: {shape} {dtype}, 엔진이 실행하는 순서대로 {steps}입니다."),
    "one_step": ("{n} step", "{n}단계"),
    "n_steps": ("{n} steps", "{n}단계"),
    "the_output": ("the output", "출력"),
    "start": ("Start: dL/dL = {value}.", "시작: dL/dL = {value}."),
    "nothing_to_do": (
        "Nothing to do: this tensor was not computed from tensors that require grad.",
        "할 일이 없습니다: 이 텐서는 기울기가 필요한 텐서(requires_grad=True)로부터 "
        "계산되지 않았습니다."),
    "leaves": (
        "Gradients reaching the leaves (what backward() adds to their .grad):",
        "리프 텐서에 도착하는 기울기(backward()가 각 텐서의 .grad에 더하는 값):"),
    "leaf_grad_kept": (
        " (its .grad, from backward(), is {grad})", " (backward()가 남긴 .grad: {grad})"),
    # ---- naming tensors (explain.Namer)
    "output_of_at": ("the output of {op} at step {k}", "{k}단계 {op}의 출력"),
    "output_of": ("the output of {op}", "{op}의 출력"),
    "unnamed_parameter": ("an unnamed parameter", "이름 없는 파라미터"),
    "constant": ("a constant", "상수"),
    "its_output": ("its output", "이 연산의 출력"),
    "input_k": ("input {k}", "입력 {k}"),
    "input_label": ("input {k} ({name})", "입력 {k} ({name})"),
    # ---- gradients arriving
    "unknown": ("unknown", "알 수 없음"),
    "sum_of_uses": (
        "the sum over its {n} uses, {parts} = {total}",
        "{n}번 쓰인 몫의 합, {parts} = {total}"),
    "share_from": ("{share} (from {source})", "{share} ({source}에서)"),
    "source": ("step {k}, {op}, as {role}", "{k}단계 {op}의 {role}"),
    # ---- one step (explain.step_lines)
    "step_head": ("Step {k} of {n}: {op}", "단계 {k}/{n}: {op}"),
    "derivative": ("  derivative: {text}", "  도함수: {text}"),
    "derivatives": ("  derivatives: {text}", "  국소 도함수: {text}"),
    "where": ("  where {legend}", "  여기서 {legend}"),
    "shapes": ("  shapes: {inputs} -> {output}", "  모양: {inputs} -> {output}"),
    "receives": ("  receives {grad}: {value}", "  받는 기울기 {grad}: {value}"),
    "cannot_send": (
        "  cannot compute what it sends: {problem}",
        "  보내는 기울기를 계산할 수 없습니다: {problem}"),
    "no_grad_needed": (
        "  {label}: no gradient, it does not require grad",
        "  {label}: 기울기 없음, 기울기가 필요 없는 텐서입니다(requires_grad=False)"),
    "no_grad_came": (
        "  {label}: no gradient came back for it", "  {label}: 돌아온 기울기가 없습니다"),
    "sends_to": ("  sends to {label}: {value}", "  {label} 쪽으로 보내는 기울기: {value}"),
    # ---- the chain rule for one input (chain.input_lines)
    "to_input": ("  to {name}: {rule}", "  {name} 쪽으로: {rule}"),
    "with_values": ("      with {values}", "      값: {values}"),
    "summed_axis": (
        "      summed over axis {axes} (the engine's sum_to_shape), as {role} {shape} was "
        "broadcast to {wide}: {sent}",
        "      {role} {shape}의 값이 {wide} 모양으로 브로드캐스트되었으므로 {axes}번 축을 따라 "
        "더합니다(엔진의 sum_to_shape): {sent}"),
    "summed_axes": (
        "      summed over axes {axes} (the engine's sum_to_shape), as {role} {shape} was "
        "broadcast to {wide}: {sent}",
        "      {role} {shape}의 값이 {wide} 모양으로 브로드캐스트되었으므로 {axes}번 축을 따라 "
        "더합니다(엔진의 sum_to_shape): {sent}"),
    # ---- why a step's gradients are unknown (flow.py)
    "freed": (
        "the values it saved for backward (its inputs among them) were freed by an "
        "earlier backward(); draw before calling backward(), or call "
        "backward(retain_graph=True)",
        "backward에 쓰려고 저장한 값(입력 포함)이 앞선 backward() 호출에서 해제되었습니다. "
        "backward()를 부르기 전에 그리거나 backward(retain_graph=True)로 호출하세요"),
    "failed": ("its backward failed: {error}", "이 연산의 backward에서 오류가 났습니다: {error}"),
    "unknown_above": (
        "the gradient reaching it is unknown", "이 연산에 도착하는 기울기를 알 수 없습니다"),
    # ---- inside a stepper frame (style.py, labels.py, dot.py)
    "op_step": ("{op}  (step {k})", "{op}  ({k}단계)"),
    "grad_not_yet": ("grad: not computed yet", "grad: 아직 계산되지 않음"),
    "grad_unknown_leaf": (
        "grad: unknown here; its .grad is ", "grad: 여기서는 알 수 없음, .grad 값: "),
    "grad_unknown": (
        "grad: unknown (see the dashed edges)", "grad: 알 수 없음(점선 간선을 보세요)"),
    "grad_none": ("grad: none reaches it", "grad: 도착하는 기울기 없음"),
    "data_freed": ("data: freed by backward()", "data: backward()가 해제함"),
    "legend.parameter": ("parameter (requires grad)", "파라미터(requires grad)"),
    "legend.input": ("input / constant", "입력 / 상수"),
    "legend.intermediate": ("intermediate result", "중간 결과"),
    "legend.output": ("output / loss", "출력 / 손실"),
    "legend.op": ("op", "연산"),
    "legend.summary": ("nodes left out", "생략된 노드"),
    "freed_note": (
        "some gradients are unknown: an earlier backward() freed what this graph saved for "
        "them; draw before backward(), or call backward(retain_graph=True)",
        "일부 기울기를 알 수 없습니다: 앞선 backward()가 이 그래프에 저장된 값을 해제했습니다. "
        "backward() 전에 그리거나 backward(retain_graph=True)로 호출하세요"),
    # ---- the stepper page (steps.py)
    "page_title": ("Backprop, step by step", "역전파, 한 단계씩"),
    "page_intro": (
        "{count} steps, in the order the backward pass runs them. Use the left and right\n"
        "arrow keys (or the buttons) to move; Home and End jump to the first and last step.",
        "역전파가 실행하는 순서대로 {count}단계입니다. 왼쪽·오른쪽 방향키(또는 버튼)로\n"
        "넘기고, Home과 End 키로 첫 단계와 마지막 단계로 갑니다."),
    "previous": ("previous", "이전"),
    "next": ("next", "다음"),
    "counter": ("step {k} of {n}", "단계 {k}/{n}"),
    "frame_alt": ("the graph at this step", "이 단계의 그래프"),
    "all_steps": ("All steps", "모든 단계"),
    "no_dot": (
        "<b>Graphviz's dot program was not found</b>, so each step is shown as DOT text. ",
        "<b>Graphviz의 dot 프로그램을 찾지 못해서</b> 각 단계를 DOT 텍스트로 보여 줍니다. "),
    "install_hint": (
        "Install Graphviz (the program, not only the Python package): "
        "`sudo apt-get install graphviz` on Debian/Ubuntu, `brew install graphviz` on macOS, "
        "`conda install -c conda-forge graphviz` with conda, or the installer from "
        "https://graphviz.org/download/ on Windows; then check that `dot -V` works.",
        "Graphviz를 설치하세요(파이썬 패키지만이 아니라 프로그램도 필요합니다): "
        "Debian/Ubuntu에서는 `sudo apt-get install graphviz`, macOS에서는 "
        "`brew install graphviz`, conda에서는 `conda install -c conda-forge graphviz`, "
        "Windows에서는 https://graphviz.org/download/ 의 설치 프로그램을 쓰세요. "
        "그다음 `dot -V`가 실행되는지 확인하세요."),
}


def say(lang: str, key: str, **fields: Any) -> str:
    """The message `key` in `lang` ("en" or "ko"), its placeholders filled from `fields`."""
    return pick(MESSAGES, lang, key, **fields)

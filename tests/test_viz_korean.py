"""mg.explain and the backprop stepper in Korean (`lang="ko"`, minigrad/viz/messages.py).

The Korean text is the English text with the words translated: the same lines,
and on each line the same numbers and shapes. English stays as it was (the
other viz tests check its exact text).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import string
import warnings
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad import viz
from minigrad.languages import LANGS
from minigrad.viz.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile("[가-힣]")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
# English prose explain writes; none of it may be left in the Korean text
ENGLISH_WORDS = ["Backward pass", "Start:", "Step ", "derivatives:", "  where ", "shapes:",
                 "receives ", "  to ", "sends to", "the output of", "its output", "no gradient",
                 "unnamed parameter", "a constant", "the sum over", "(from step", "summed over",
                 "Gradients reaching", "cannot compute", "were freed", "its .grad, from"]


def fields(text: str) -> list[str]:
    return sorted(f"{name}!{conv}:{spec}" for _, name, spec, conv in
                  string.Formatter().parse(text) if name is not None)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    english, korean = MESSAGES[key]
    assert len(MESSAGES[key]) == len(LANGS) == 2
    assert fields(english) == fields(korean)
    assert HANGUL.search(korean) and not HANGUL.search(english)


def broadcast_twice():
    """w is broadcast by both ops and used twice: the sum of shares, the engine's sum."""
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], name="x")
    w = mg.tensor([0.5, -1.0], requires_grad=True, name="w")
    return (x * w + w).sum()


def large_and_unnamed():
    """Big tensors (summaries), a matmul (dL/dA = G @ B^T), a constant, an unnamed leaf."""
    z = mg.tensor(np.random.default_rng(0).standard_normal((4, 30)).astype(np.float32),
                  requires_grad=True)
    ce = mg.functional.cross_entropy(z, mg.tensor([0, 3, 1, 4]))
    return ce + z.mean() + (z @ mg.ones(30, 2)).sum()


def freed():
    """After backward(): the values are freed, some gradients are unknown."""
    x = mg.tensor(np.linspace(-1.0, 1.0, 40), name="x")
    w = mg.tensor(np.full(40, 0.5), requires_grad=True, name="w")
    loss = ((w * x).tanh().sum() - 1.0) ** 2
    loss.backward()
    return loss


def no_chain_rule():
    """log1p states no chain rule: its docstring, and what it sends."""
    p = mg.tensor([0.5, 2.0], requires_grad=True, name="p")
    return p.log1p().sum()


GRAPHS = {"broadcast_twice": broadcast_twice, "large_and_unnamed": large_and_unnamed,
          "freed": freed, "no_chain_rule": no_chain_rule, "no_steps": lambda: mg.tensor(3.0) * 2}


@pytest.mark.parametrize("graph", sorted(GRAPHS))
def test_explain_in_korean_is_the_english_text_line_by_line(graph):
    loss = GRAPHS[graph]()
    english = mg.explain(loss, print=False)
    korean = mg.explain(loss, print=False, lang="ko")
    assert mg.explain(loss, print=False, lang="en") == english
    en_lines, ko_lines = english.splitlines(), korean.splitlines()
    assert len(ko_lines) == len(en_lines)
    for en, ko in zip(en_lines, ko_lines):
        # the same numbers and shapes (the order within a line may differ)
        assert sorted(NUMBER.findall(ko)) == sorted(NUMBER.findall(en)), (en, ko)
        if en != ko:
            assert HANGUL.search(ko), ko
        else:  # left as it is: a line of math only (values, a leaf's gradient)
            assert re.fullmatch(r"\s*(=.*|\w+: \(.*)?", en), en
    left = [w for w in ENGLISH_WORDS if w in korean]
    assert not left, left
    assert HANGUL.search(korean.splitlines()[0])


def test_the_english_words_checked_are_the_ones_explain_writes():
    english = "".join(mg.explain(make(), print=False) for make in GRAPHS.values())
    assert [w for w in ENGLISH_WORDS if w not in english] == []


def test_korean_explain_of_a_small_graph():
    text = mg.explain(broadcast_twice(), print=False, lang="ko")
    assert text.startswith(
        "출력에서 시작하는 역전파: () float32, 엔진이 실행하는 순서대로 3단계입니다.\n")
    assert "단계 2/3: Add  z = u + y\n" in text
    assert "  여기서 u = 3단계 Mul의 출력, y = w, z = 이 연산의 출력\n" in text
    assert "  x: 기울기 없음, 기울기가 필요 없는 텐서입니다(requires_grad=False)\n" in text
    assert ("      y (2,)의 값이 (2, 2) 모양으로 브로드캐스트되었으므로 0번 축을 따라 "
            "더합니다(엔진의 sum_to_shape): [4, 6]\n") in text
    assert ("  w: 2번 쓰인 몫의 합, [2, 2] (2단계 Add의 y에서) + [4, 6] (3단계 Mul의 y에서) "
            "= (2,) = [6, 8]\n") in text


def test_korean_explain_says_why_a_freed_graph_is_unknown():
    text = mg.explain(freed(), print=False, lang="ko")
    assert "앞선 backward() 호출에서 해제되었습니다" in text
    assert "  w: 알 수 없음 (backward()가 남긴 .grad: (40,), min " in text


def test_the_korean_api_page_shows_what_explain_prints():
    page = (ROOT / "docs/api/viz.ko.md").read_text(encoding="utf-8")
    block = re.search(r"checks this block.*?```text\n(.*?)```", page, re.S)
    assert block is not None
    shown = block.group(1)
    assert mg.explain(broadcast_twice(), print=False, lang="ko").startswith(shown)
    assert len(shown.splitlines()) >= 8


@pytest.mark.parametrize("lang", ["kr", "KO", "english", None, ""])
def test_a_bad_lang_is_a_clear_error(lang, tmp_path):
    loss = broadcast_twice()
    with pytest.raises(ValueError, match=r"^explain: lang must be one of 'en', 'ko', got "):
        mg.explain(loss, lang=lang)
    with pytest.raises(ValueError, match=r"^backprop_steps: lang must be one of 'en', 'ko', "):
        viz.backprop_steps(loss, tmp_path / "steps", lang=lang)
    assert not (tmp_path / "steps").exists()  # refused before writing anything


def page_frames(index: Path) -> list[dict[str, str]]:
    text = index.read_text(encoding="utf-8")
    return json.loads(re.search(r"const frames = (\[.*?\n\]);", text, re.S).group(1))


def svg_texts(svg: str) -> list[str]:
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [html.unescape(t).replace("\xa0", " ").strip() for t in texts]


@needs_dot
def test_the_korean_stepper_page_and_frames(tmp_path):
    loss = broadcast_twice()
    english = viz.backprop_steps(loss, tmp_path / "en")
    korean = viz.backprop_steps(loss, tmp_path / "ko", lang="ko")
    assert [p.name for p in korean] == [p.name for p in english] == [
        "step_001.svg", "step_002.svg", "step_003.svg"]
    page = (tmp_path / "ko" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "<title>역전파, 한 단계씩</title>" in page
    assert "&larr; 이전</button>" in page and "다음 &rarr;</button>" in page
    assert 'const counter = "\\ub2e8\\uacc4 {k}/{n}";' in page  # 단계 {k}/{n}, JSON-escaped
    assert "step " not in page and "previous" not in page  # no English word of the page left
    # the captions are explain's Korean text, step by step
    told = mg.explain(loss, print=False, lang="ko").split("\n\n")[1:]
    captions = [f["caption"] for f in page_frames(tmp_path / "ko" / "index.html")]
    assert captions == [block.strip("\n") for block in told][:3]
    for en_path, ko_path in zip(english, korean):
        en = svg_texts(en_path.read_text(encoding="utf-8"))
        ko = svg_texts(ko_path.read_text(encoding="utf-8"))
        assert any(t.startswith("단계 ") for t in ko) and "파라미터(requires grad)" in ko
        assert not any("(step " in t or "not computed" in t or t == "op" for t in ko)
        # the numbers on the edges and in the boxes are the same in both
        assert [t for t in en if not re.search("[A-Za-z]", t)] == [
            t for t in ko if not re.search("[A-Za-z가-힣]", t)]
    ko3 = svg_texts(korean[2].read_text(encoding="utf-8"))
    assert "Mul  (3단계)" in ko3 and "Add  (2단계)" in ko3


def test_the_korean_stepper_without_graphviz(tmp_path, monkeypatch):
    monkeypatch.setattr(viz.steps, "find_dot", lambda: None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        paths = viz.backprop_steps(freed(), tmp_path, lang="ko")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Graphviz의 dot 프로그램을 찾지 못해서" in page and "Graphviz를 설치하세요" in page
    dot = paths[-1].read_text(encoding="utf-8")
    assert "일부 기울기를 알 수 없습니다" in dot and 'label="  알 수 없음"' in dot
    assert "grad: 여기서는 알 수 없음, .grad 값: " in dot
    assert "unknown" not in dot and "freed what" not in dot


def test_the_korean_guide_shows_the_korean_stepper():
    guide = (ROOT / "docs/guide/backprop-by-hand.ko.md").read_text(encoding="utf-8")
    shown = re.findall(r"\]\((\.\./assets/backprop/steps[^/]*/[^)]+)\)", guide)
    assert len(shown) == 8 and all("/steps_ko/" in s for s in shown), shown
    index = ROOT / "docs/assets/backprop/steps_ko/index.html"
    assert '<html lang="ko">' in index.read_text(encoding="utf-8")
    assert all(f["caption"].startswith("단계 ") for f in page_frames(index))

"""Whatever a tensor is named, every picture renders: control characters and lone
surrogates are shown as escapes, very long names are shortened, and the step-by-step
page and Mermaid text stay well formed. Rendered with Graphviz's real `dot`."""

from __future__ import annotations

import json
import re
import shutil
from xml.etree import ElementTree

import pytest

import minigrad as mg
from minigrad import nn, viz
from minigrad.viz.labels import MAX_NAME, printable

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")

AWKWARD = {
    "nul": "a\x00b",
    "long": "x" * 20_000,
    "surrogate": "a\ud800b",
    "newline": "first\nsecond",
    "carriage return": "a\rb",
    "tab and bell": "a\tb\x07",
    "separator": "a\u2028b",
    "comment": "<!-- c",
    "script": "</script><script>alert(1)</script>",
    "comment then script": "<!--<script>",
    "quote and backslash": 'say "hi" \\n',
    "mermaid markup": "#quot; `code` <b>|x|",
}


def loss_named(name: str) -> mg.Tensor:
    w = mg.tensor([1.0, 2.0], requires_grad=True, name=name)
    return (w * 2.0).sum()


# ---- the one cleaning function ---------------------------------------------------------
def test_printable_escapes_what_no_output_can_carry() -> None:
    assert printable("a\x00b") == "a\\x00b"
    assert printable("first\nsecond") == "first\\nsecond"
    assert printable("a\ud800b") == "a\\ud800b"
    assert printable("a\u2028b\x85") == "a\\u2028b\\x85"
    assert printable("Gewicht ü 가중치 <b>") == "Gewicht ü 가중치 <b>"  # nothing else changes
    long = printable("x" * 20_000)
    assert long == "x" * MAX_NAME + "… (20,000 characters)"
    assert printable(42) == "42"  # a name that is not a str


# ---- every output renders --------------------------------------------------------------
@needs_dot
@pytest.mark.parametrize("kind", sorted(AWKWARD))
def test_svg_renders_for_any_name(kind: str, tmp_path) -> None:
    name = AWKWARD[kind]
    path = viz.save(viz.draw_graph(loss_named(name)), tmp_path / "g.svg")
    root = ElementTree.parse(path).getroot()  # well-formed XML
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(text.startswith(printable(name)[:40]) for text in texts), texts


@pytest.mark.parametrize("kind", sorted(AWKWARD))
def test_dot_and_explain_text_are_writable(kind: str, tmp_path) -> None:
    loss = loss_named(AWKWARD[kind])
    viz.save(viz.to_dot(loss), tmp_path / "g.dot").read_text(encoding="utf-8")
    text = mg.explain(loss, print=False)
    text.encode("utf-8")  # no lone surrogate left
    assert "\x00" not in text and printable(AWKWARD[kind]) in text


def test_long_names_are_shortened_in_the_dot_text() -> None:
    dot = viz.to_dot(loss_named("x" * 20_000))
    assert "… (20,000 characters)" in dot
    assert max(len(line) for line in dot.splitlines()) < 1_000  # far below dot's 16,384


def test_a_name_with_a_newline_stays_one_mermaid_label() -> None:
    mermaid = viz.to_mermaid(loss_named("first\nsecond"))
    assert "first\\nsecond<br/>" in mermaid
    for line in mermaid.splitlines()[1:]:
        assert line.startswith("  "), f"a label broke the line: {line!r}"


def test_mermaid_markup_in_a_name_is_escaped() -> None:
    mermaid = viz.to_mermaid(loss_named(AWKWARD["mermaid markup"]))
    label = next(line for line in mermaid.splitlines() if "code" in line)
    assert '"' not in label.split('["', 1)[1].rsplit('"]', 1)[0]  # only the outer quotes
    assert "`" not in label and "<b>" not in label


def test_names_from_names_and_module_are_cleaned_too() -> None:
    w = mg.tensor([1.0], requires_grad=True)
    dot = viz.to_dot((w * 2.0).sum(), names={w: "a\x00b"})
    assert "a\\\\x00b" in dot and "\x00" not in dot  # the backslash itself escaped for DOT

    class Odd(nn.Module):
        def __init__(self):
            super().__init__()
            self.add_module("in\nner", nn.Linear(2, 2))
            self.out = nn.Linear(2, 1)

        def forward(self, x):
            return self.out(getattr(self, "in\nner")(x))

    model = Odd()
    loss = model(mg.randn(3, 2)).sum()
    dot = viz.to_dot(loss, module=model, max_nodes=8, legend=False)
    assert "in\\\\nner" in dot and "in\nner" not in dot
    dot = viz.to_dot(loss, module=model, max_nodes=8)  # the note in an HTML label: no escapes
    assert "in\\nner" in dot and "in\nner" not in dot


# ---- the step-by-step page -------------------------------------------------------------
def script_body(page: str) -> str:
    body = page.split("<script>", 1)[1]
    return body.split("</script>", 1)[0]


@pytest.mark.parametrize("kind", ["comment", "script", "comment then script", "surrogate", "nul"])
def test_step_page_stays_well_formed(kind: str, tmp_path) -> None:
    name = AWKWARD[kind]
    viz.backprop_steps(loss_named(name), tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page.count("<script>") == 1 and page.count("</script>") == 1
    body = script_body(page)
    assert "<" not in body.split("const frames = ", 1)[1].split(";\n", 1)[0]  # data has no <
    assert "<!--" not in body
    frames = json.loads(body.split("const frames = ", 1)[1].split(";\nconst pictures", 1)[0])
    assert any(printable(name) in frame["caption"] for frame in frames)
    assert re.search(r"<li><a href=\"step_001\.\w+\">Step 1 of", page)

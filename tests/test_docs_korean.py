"""The Korean site is complete and reads like Korean ML writing.

* Every page in docs/ has a Korean twin `x.ko.md` (the PyTorch mapping page may
  lag behind its English one), and every title in the navigation has its
  Korean in mkdocs.yml's `nav_translations`.
* A Korean page links only to pages that have a Korean twin, so a Korean reader
  is never sent to English prose, and it shows the Korean-labelled plots
  (`x.ko.png`, made by tools/make_docs_assets.py) where they exist.
* The Korean pages use the terms a Korean ML student uses (손실함수, 확률변수,
  기댓값, 정보량, 엔트로피, 교차 엔트로피, 최대우도추정, 역전파, 기울기, 리프 텐서),
  not the word-for-word renderings a review flagged.

(test_docs.py runs the Korean pages' code and checks it is the English code.)
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
ENGLISH = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".ko.md"))
KOREAN = sorted(DOCS.rglob("*.ko.md"))
MAY_LAG = {"guide/pytorch.md"}  # translated by hand as its English grows

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s#]+\.md)(?:#[^)]*)?\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")

# Literal renderings a review flagged, each with the term to use instead.
FLAGGED = {
    r"떨어진 값": "이산적인 값 (discrete values)",
    r"잎\s*(텐서|\(leaf\)|노드)": "리프 텐서 (leaf tensor)",
    r"휜 동전": "치우친 동전 (a biased coin)",
    r"되밀어": "a plain verb: 바로잡다, 밀어붙이다",
    r"예제\s*(들|마다|하나|\d|[한두세네N]\s*개)|[\dN두세네]\s*개의?\s*예제|각 예제":
        "샘플 or 표본 for the samples of a data set (예제 is example code)",
    r"연쇄 법칙": "연쇄법칙 (one word, as everywhere else on the site)",
    r"크로스\s+엔트로피(?!\s+손실함수\*)":
        "교차 엔트로피 (only the lecture's title keeps 크로스 엔트로피)",
}


def rel(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def twin(english: Path) -> Path:
    return english.with_name(english.name[: -len(".md")] + ".ko.md")


@pytest.mark.parametrize("page", ENGLISH, ids=rel)
def test_every_page_has_a_korean_twin(page: Path):
    if rel(page) in MAY_LAG and not twin(page).exists():
        pytest.skip(f"{rel(page)} may lag behind in Korean")
    assert twin(page).exists(), f"{rel(page)} has no Korean twin {rel(twin(page))}"


@pytest.mark.parametrize("page", KOREAN, ids=rel)
def test_korean_page_uses_the_usual_terms(page: Path):
    text = page.read_text(encoding="utf-8")
    found = []
    for pattern, instead in FLAGGED.items():
        for m in re.finditer(pattern, text):
            line = text.count("\n", 0, m.start()) + 1
            found.append(f"{rel(page)}:{line}: '{m.group()}'; use {instead}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("page", KOREAN, ids=rel)
def test_korean_page_links_to_korean_pages(page: Path):
    """A link to x.md from a Korean page opens x.ko.md (mkdocs-static-i18n), if it exists."""
    english_only = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith("http"):
            continue
        linked = (page.parent / target).resolve()
        if linked.name.endswith(".md") and not twin(linked).exists():
            english_only.append(target)
    assert not english_only, f"{rel(page)} sends the reader to English pages: {english_only}"


@pytest.mark.parametrize("page", KOREAN, ids=rel)
def test_korean_page_shows_the_korean_plots(page: Path):
    english_labels = []
    for target in IMAGE.findall(page.read_text(encoding="utf-8")):
        path = page.parent / target
        korean = path.with_name(path.stem + ".ko" + path.suffix)
        if ".ko." not in path.name and korean.exists():
            english_labels.append(target)
    assert not english_labels, f"{rel(page)} shows English-labelled plots: {english_labels}"


@pytest.mark.parametrize("page", [p for p in KOREAN if p.parent.name == "api"], ids=rel)
def test_korean_api_page_documents_the_same_objects(page: Path):
    """The API pages' twins translate the prose, never drop a `::: module` section."""
    english = page.with_name(page.name.replace(".ko.md", ".md"))

    def directives(p: Path) -> list[str]:
        return re.findall(r"^::: .*$", p.read_text(encoding="utf-8"), re.M)

    assert directives(page) == directives(english)


def _nav_titles(items: list) -> list[str]:
    titles = []
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(title)
                if isinstance(value, list):
                    titles += _nav_titles(value)
    return titles


def test_korean_navigation_translates_every_title():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    korean = next(lang for lang in i18n["languages"] if lang["locale"] == "ko")
    missing = [t for t in _nav_titles(config["nav"]) if t not in korean["nav_translations"]]
    assert not missing, f"add these to the Korean nav_translations in mkdocs.yml: {missing}"


def _assets_script():
    spec = importlib.util.spec_from_file_location("make_docs_assets",
                                                  ROOT / "tools" / "make_docs_assets.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_every_plot_label_has_its_korean():
    script = _assets_script()
    source = (ROOT / "tools" / "make_docs_assets.py").read_text(encoding="utf-8")
    labels = set(re.findall(r'say\("([^"]*)"', source))
    assert labels, "the plots' labels go through say()"
    assert not labels - set(script.KOREAN), f"no Korean for: {sorted(labels - set(script.KOREAN))}"
    for name in script.PLOTS:
        assert name.replace(".png", ".ko.png") in script.PICTURES


def test_korean_plot_without_a_korean_font_gets_english_labels(tmp_path, monkeypatch, capsys):
    """A missing font never fails `make docs-assets`: the twin is drawn, in English."""
    script = _assets_script()
    monkeypatch.setattr(script, "korean_font", lambda: None)
    drawn = []
    monkeypatch.setattr(script.plt.Axes, "set_xlabel",
                        lambda self, text, *a, **k: drawn.append(text))
    script.PICTURES["tutorial/die-running-mean.ko.png"](tmp_path / "x.ko.png")
    assert (tmp_path / "x.ko.png").stat().st_size > 0
    assert drawn == ["number of rolls n"]
    assert "no Korean font" in capsys.readouterr().err
    assert script.say("number of rolls n") == "number of rolls n"  # back to English after


@pytest.mark.filterwarnings("ignore:Glyph")  # DejaVu Sans stands in for a Korean font
def test_korean_plot_labels_are_korean_with_a_font(tmp_path, monkeypatch):
    script = _assets_script()
    monkeypatch.setattr(script, "korean_font", lambda: "DejaVu Sans")  # any font will do here
    drawn = []
    monkeypatch.setattr(script.plt.Axes, "set_xlabel",
                        lambda self, text, *a, **k: drawn.append(text))
    script.PICTURES["tutorial/die-running-mean.ko.png"](tmp_path / "x.ko.png")
    assert drawn == ["던진 횟수 n"]
    assert script.say("number of rolls n") == "number of rolls n"

"""The PyTorch page's "Name by name" table (docs/guide/pytorch.md) cannot go stale.

Each row of the table is `| PyTorch names | minigrad names | status: why |`,
names in backticks. In the minigrad column `mg` is minigrad, `nn` minigrad.nn,
`F` minigrad.nn.functional, `optim` minigrad.optim, `data` minigrad.utils.data
and `x` a Tensor; in the PyTorch column `torch.` is torch and `x.` a
torch.Tensor. The tests check that every minigrad name the table lists
exists, that every public name of minigrad, minigrad.nn, minigrad.nn.functional,
minigrad.optim (with its lr_scheduler), minigrad.utils.data, minigrad.linalg and the
Tensor is
listed, that a PyTorch name marked "missing" is really absent, that the links
lead to headings of the page, and that the Korean page has the same rows. With
torch installed, every PyTorch name listed must exist in torch.
"""

from __future__ import annotations

import functools
import re
import types
from pathlib import Path

import pytest
from torch_or_skip import torch_or_skip

import minigrad as mg
import minigrad.nn.functional as F  # noqa: N812
from minigrad import nn, optim
from minigrad.utils import data

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "guide" / "pytorch.md"
KOREAN_PAGE = ROOT / "docs" / "guide" / "pytorch.ko.md"
STATUSES = {"same": "same", "different": "different", "missing": "missing",
            "minigrad only": "minigrad only"}
KOREAN_STATUSES = {"같음": "same", "다름": "different", "없음": "missing",
                   "minigrad에만": "minigrad only"}
MINIGRAD_PREFIXES = {"mg": mg, "nn": nn, "F": F, "optim": optim, "data": data, "x": mg.Tensor}
# Where a PyTorch name would be in minigrad (to check that a "missing" one is absent).
TORCH_TO_MINIGRAD = [("torch.nn.functional.", F), ("torch.nn.", nn), ("torch.optim.", optim),
                     ("torch.utils.data.", data), ("torch.linalg.", mg.linalg), ("torch.", mg),
                     ("x.", mg.Tensor)]


def name_by_name(path: Path) -> str:
    """The section "Name by name" of a page: from its heading to the next '## '."""
    text = path.read_text(encoding="utf-8")
    start = re.search(r"^## .*\{#name-by-name\}$|^## Name by name$", text, flags=re.M)
    assert start, f"{path.name} has no section 'Name by name'"
    end = re.search(r"^## ", text[start.end():], flags=re.M)
    return text[start.end(): start.end() + end.start() if end else len(text)]


def names(cell: str) -> list[str]:
    """The names in one cell: its code spans, without call parentheses."""
    return [span.split("(")[0] for span in re.findall(r"`([^`]+)`", cell)]


def rows(path: Path, statuses: dict[str, str]) -> list[tuple[list[str], list[str], str]]:
    """(PyTorch names, minigrad names, status) of every row of the section's tables."""
    found = []
    for line in name_by_name(path).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith(
            "|") else []
        if len(cells) != 3 or set(cells[0]) <= set("- ") or cells[0] == "PyTorch":
            continue
        status = next((s for word, s in statuses.items()
                       if cells[2] == word or cells[2].startswith(word + ":")), None)
        assert status, f"{path.name}: a row's status must start with one of {list(statuses)}:" \
                       f" {line}"
        found.append((names(cells[0]), names(cells[1]), status))
    return found


def resolve(name: str, prefixes: dict[str, object]) -> object:
    """The object a table name stands for (AttributeError if there is none)."""
    head, _, rest = name.partition(".")
    if head not in prefixes or not rest:
        raise AttributeError(f"{name}: unknown prefix {head!r}")
    return functools.reduce(getattr, rest.split("."), prefixes[head])


@functools.cache
def english_rows() -> list[tuple[list[str], list[str], str]]:
    return rows(PAGE, STATUSES)


def listed_minigrad_names() -> set[str]:
    return {n for _, mg_names, _ in english_rows() for n in mg_names}


def public(module: types.ModuleType) -> set[str]:
    """A module's public names that are not modules (its __all__ where it has one)."""
    every = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return {n for n in every if not isinstance(getattr(module, n), types.ModuleType)}


# ---- the tests ------------------------------------------------------------------------
def test_the_table_is_well_formed() -> None:
    table = english_rows()
    assert len(table) >= 40
    for torch_names, mg_names, status in table:
        assert bool(mg_names) == (status != "missing"), (torch_names, mg_names, status)
        assert bool(torch_names) == (status != "minigrad only"), (torch_names, mg_names)
        if status in ("same", "different"):
            assert len(torch_names) == len(mg_names), f"names must pair up: {torch_names}"


def test_every_minigrad_name_listed_exists() -> None:
    absent = []
    for name in sorted(listed_minigrad_names()):
        try:
            resolve(name, MINIGRAD_PREFIXES)
        except AttributeError:
            absent.append(name)
    assert not absent, f"the table lists names minigrad does not have: {absent}"


def test_every_public_name_is_in_the_table() -> None:
    expected = {f"mg.{n}" for n in public(mg)}
    expected |= {f"nn.{n}" for n in public(nn)}
    expected |= {f"F.{n}" for n in public(F)}
    expected |= {f"optim.{n}" for n in public(optim)}
    expected |= {f"optim.lr_scheduler.{n}" for n in public(optim.lr_scheduler)
                 if getattr(getattr(optim.lr_scheduler, n), "__module__", "").startswith(
                     "minigrad")}
    expected |= {f"data.{n}" for n in public(data)}
    expected |= {f"mg.linalg.{n}" for n in public(mg.linalg)}
    expected |= {f"x.{n}" for n in dir(mg.Tensor) if not n.startswith("_")}
    unlisted = sorted(expected - listed_minigrad_names())
    assert not unlisted, ("add these names to the table on docs/guide/pytorch.md (and "
                          f"pytorch.ko.md), with PyTorch's name and same/different: {unlisted}")


def test_names_marked_missing_are_missing() -> None:
    present = []
    for torch_names, _, status in english_rows():
        for name in torch_names if status == "missing" else []:
            prefix, module = next((p, m) for p, m in TORCH_TO_MINIGRAD if name.startswith(p))
            try:
                functools.reduce(getattr, name[len(prefix):].split("."), module)
            except AttributeError:
                continue
            present.append(name)
    assert not present, f"minigrad has these now: give them their row in the table: {present}"


def test_the_links_lead_to_headings_of_the_page() -> None:
    page = PAGE.read_text(encoding="utf-8")
    anchors = set(re.findall(r"\{:?\s*#([\w-]+)", page))
    for heading in re.findall(r"^#+\s+(.*?)\s*$", page, flags=re.M):
        slug = re.sub(r"[^\w\s-]", "", heading.lower()).strip()
        anchors.add(re.sub(r"[-\s]+", "-", slug))
    linked = re.findall(r"\]\(#([^)]+)\)", name_by_name(PAGE))
    assert linked and not set(linked) - anchors, set(linked) - anchors


def test_the_korean_table_has_the_same_rows() -> None:
    assert rows(KOREAN_PAGE, KOREAN_STATUSES) == english_rows()
    korean_links = re.findall(r"\]\(#([^)]+)\)", name_by_name(KOREAN_PAGE))
    assert korean_links == re.findall(r"\]\(#([^)]+)\)", name_by_name(PAGE))


@pytest.mark.torch
def test_every_pytorch_name_listed_exists_in_torch() -> None:
    torch = torch_or_skip()
    absent = []
    for name in sorted({n for torch_names, _, _ in english_rows() for n in torch_names}):
        try:
            resolve(name, {"torch": torch, "x": torch.Tensor})
        except AttributeError:
            absent.append(name)
    assert not absent, f"the table lists names PyTorch does not have: {absent}"

"""`mg.load` never unpickles: damaged or hostile files give a clear error and run nothing."""

from __future__ import annotations

import io
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad import io as mgio


class Hostile:
    """Unpickling this creates the file `marker`: code from the file runs."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def expect_load_error(path: Path, *words: str) -> str:
    with pytest.raises(ValueError) as info:
        mg.load(path)
    assert isinstance(info.value, mgio.LoadError)
    message = str(info.value)
    assert "load" in message and path.name in message, message
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
    return message


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.npz"
    state = {"fc.weight": mg.randn(4, 3), "fc.bias": mg.zeros(4), "step": np.arange(3)}
    mg.save(state, path)
    return path


def test_a_good_file_round_trips(good_file: Path) -> None:
    state = mg.load(good_file)
    assert state["fc.weight"].shape == (4, 3)
    np.testing.assert_array_equal(np.asarray(state["step"]), np.arange(3))


def test_truncated_file(good_file: Path, tmp_path: Path) -> None:
    data = good_file.read_bytes()
    for keep in (len(data) // 2, len(data) - 10, 30):
        cut = tmp_path / f"cut{keep}.npz"
        cut.write_bytes(data[:keep])
        expect_load_error(cut)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    expect_load_error(path)


def test_corrupted_file(good_file: Path, tmp_path: Path) -> None:
    data = bytearray(good_file.read_bytes())
    rng = np.random.default_rng(0)
    for trial in range(5):
        bad = bytearray(data)
        start = int(rng.integers(0, len(bad) - 40))
        bad[start : start + 40] = bytes(rng.integers(0, 256, 40, dtype=np.uint8))
        path = tmp_path / f"corrupt{trial}.npz"
        path.write_bytes(bytes(bad))
        expect_load_error(path)


def test_text_file_is_not_a_model(tmp_path: Path) -> None:
    path = tmp_path / "notes.npz"
    path.write_text("hello, these are not weights\n")
    expect_load_error(path)


def test_object_array_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran_object_array"
    path = tmp_path / "objects.npz"
    np.savez(path, weights=np.array([Hostile(marker), 1], dtype=object))
    expect_load_error(path)
    assert not marker.exists()


def test_object_array_inside_a_minigrad_file(good_file: Path, tmp_path: Path) -> None:
    """A real minigrad file with one member swapped for a pickled object array."""
    marker = tmp_path / "ran_member"
    path = tmp_path / "swapped.npz"
    hostile = io.BytesIO()
    np.save(hostile, np.array([Hostile(marker)], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(good_file) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename != "__minigrad__.npy":
                body = hostile.getvalue()
            dst.writestr(info.filename, body)
    expect_load_error(path)
    assert not marker.exists()


def test_pickle_that_runs_code_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran_pickle"
    path = tmp_path / "model.pt"
    path.write_bytes(pickle.dumps({"weight": Hostile(marker)}))
    # The file is really hostile: unpickling it would create the marker.
    control = tmp_path / "control"
    pickle.loads(pickle.dumps(Hostile(control))).close()  # the open file it made
    assert control.exists()

    expect_load_error(path)
    assert not marker.exists()


def test_npy_holding_a_pickle_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "ran_npy"
    path = tmp_path / "weights.npy"
    np.save(path, np.array([Hostile(marker)], dtype=object), allow_pickle=True)
    expect_load_error(path)
    assert not marker.exists()


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        mg.load(tmp_path / "nowhere.npz")

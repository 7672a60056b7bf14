"""mg.save / mg.load: round trips, and damaged or hostile files that must not load."""

import json
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
from minigrad import nn
from minigrad.io import LoadError


def test_tensor_round_trip_keeps_dtype_shape_and_requires_grad(tmp_path):
    for t in (mg.randn(3, 4), mg.tensor(np.arange(6).reshape(2, 3)),
              mg.tensor(2.5, dtype=np.float64, requires_grad=True), mg.tensor([True, False])):
        path = tmp_path / "t.npz"
        mg.save(t, path)
        back = mg.load(path)
        assert type(back) is mg.Tensor
        assert back.dtype == t.dtype and back.shape == t.shape
        assert back.requires_grad == t.requires_grad
        np.testing.assert_array_equal(back.numpy(), t.numpy())


def test_array_and_parameter_round_trip(tmp_path):
    array = np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4))
    mg.save(array, tmp_path / "a.npz")
    back = mg.load(tmp_path / "a.npz")
    assert isinstance(back, np.ndarray) and back.dtype == np.int32
    np.testing.assert_array_equal(back, array)
    back[0, 0] = 7  # writable, like any loaded array
    mg.save(nn.Parameter([1.0, 2.0]), tmp_path / "p.npz")
    p = mg.load(tmp_path / "p.npz")
    assert isinstance(p, nn.Parameter) and p.requires_grad


def test_state_dict_round_trip_restores_the_model(tmp_path):
    def make():
        return nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))

    model = make().double()
    path = str(tmp_path / "model.pt")  # any name: no '.npz' is appended
    mg.save(model.state_dict(), path)
    loaded = mg.load(path)
    assert list(loaded) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert all(v.dtype == np.float64 and v.shape == model.state_dict()[k].shape
               for k, v in loaded.items())
    other = make().double()
    other.load_state_dict(loaded)
    x = mg.randn(5, 3).double()
    np.testing.assert_array_equal(model(x).numpy(), other(x).numpy())


def test_nested_dicts_are_stored_with_dotted_names(tmp_path):
    obj = OrderedDict(model={"fc.weight": mg.ones(2, 2), "empty": {}}, step=np.array(7),
                      note={"ünicode 키": np.zeros(1)})
    path = tmp_path / "ckpt.npz"
    mg.save(obj, path)
    with np.load(path, allow_pickle=False) as plain:  # an ordinary npz for numpy too
        assert {"model.fc.weight", "step", "note.ünicode 키"} <= set(plain.files)
    back = mg.load(path)
    assert list(back) == ["model", "step", "note"]
    assert list(back["model"]) == ["fc.weight", "empty"] and back["model"]["empty"] == {}
    assert back["step"].shape == () and back["step"] == 7


def test_plain_numpy_npz_loads_as_dict_of_arrays(tmp_path):
    np.savez(tmp_path / "plain.npz", w=np.ones(3), b=np.zeros(2, dtype=np.float32))
    back = mg.load(tmp_path / "plain.npz")
    assert set(back) == {"w", "b"} and back["b"].dtype == np.float32


def test_save_rejects_what_it_cannot_store(tmp_path):
    path = tmp_path / "x.npz"
    with pytest.raises(TypeError, match="keys must be strings or ints"):
        mg.save({1.5: mg.zeros(1)}, path)
    with pytest.raises(TypeError, match="keys must be strings or ints"):
        mg.save({True: mg.zeros(1)}, path)  # a bool key would come back as an int
    with pytest.raises(TypeError, match="cannot save a set"):
        mg.save({"a": {1, 2}}, path)
    with pytest.raises(TypeError, match="complex"):
        mg.save(np.ones(2, dtype=np.complex128), path)
    with pytest.raises(TypeError, match="pickle"):
        mg.save(np.array([object()]), path)
    with pytest.raises(ValueError, match="'a.b'"):
        mg.save({"a.b": np.ones(1), "a": {"b": np.ones(1)}}, path)
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_failed_save_keeps_the_old_file(tmp_path):
    path = tmp_path / "x.npz"
    mg.save({"w": mg.ones(2)}, path)
    with pytest.raises(TypeError):
        mg.save({"w": mg.zeros(2), "bad": object()}, path)
    np.testing.assert_array_equal(mg.load(path)["w"].numpy(), [1, 1])


def test_save_failing_while_writing_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "x.npz"
    mg.save({"w": mg.ones(2)}, path)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np.lib.format, "write_array", disk_full)
    with pytest.raises(OSError, match="No space"):
        mg.save({"w": mg.zeros(2)}, path)
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["x.npz"]
    np.testing.assert_array_equal(mg.load(path)["w"].numpy(), [1, 1])


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.npz"):
        mg.load(tmp_path / "nope.npz")
    with pytest.raises(FileNotFoundError, match="folder"):
        mg.save(mg.ones(1), tmp_path / "no" / "x.npz")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_truncated_file_gives_a_clear_error(tmp_path, keep):
    path = tmp_path / "model.npz"
    mg.save({"w": mg.randn(50, 50)}, path)
    raw = path.read_bytes()
    path.write_bytes(raw[: int(len(raw) * keep)])
    with pytest.raises(LoadError, match="model.npz"):
        mg.load(path)


def test_flipped_bytes_are_detected(tmp_path):
    path = tmp_path / "model.npz"
    mg.save({"w": mg.zeros(100)}, path)
    raw = bytearray(path.read_bytes())
    raw[300] ^= 0xFF  # inside an array's data: the zip checksum no longer matches
    path.write_bytes(bytes(raw))
    with pytest.raises(LoadError, match="damaged"):
        mg.load(path)


def test_not_a_zip_and_pickle_files(tmp_path):
    import pickle

    path = tmp_path / "evil.pt"
    path.write_bytes(pickle.dumps({"w": [1, 2]}))
    with pytest.raises(LoadError, match="evil.pt"):
        mg.load(path)
    np.save(tmp_path / "single.npy", np.ones(2))
    with pytest.raises(LoadError):
        mg.load(tmp_path / "single.npy")


class Boom:
    """Unpickling this would run code; loading must refuse before that."""

    def __reduce__(self):
        return (exec, ("import sys; sys.modules['__main__'].HACKED = True",))


def test_npz_with_pickled_object_array_is_refused(tmp_path):
    import sys

    path = tmp_path / "hostile.npz"
    np.savez(path, w=np.array([Boom()], dtype=object))
    with pytest.raises(LoadError, match="unpickling"):
        mg.load(path)
    assert not hasattr(sys.modules["__main__"], "HACKED")


def test_header_that_lies_about_the_size(tmp_path):
    path = tmp_path / "lie.npz"
    with zipfile.ZipFile(path, "w") as zf:
        with zf.open("w.npy", "w") as f:
            header = {"descr": "<f8", "fortran_order": False, "shape": (10**6,)}
            np.lib.format.write_array_header_1_0(f, header)
            f.write(b"\0" * 80)
    with pytest.raises(LoadError, match="declares 8000000 bytes"):
        mg.load(path)


@pytest.mark.parametrize("meta", [
    "not json", json.dumps({"format": "other"}),
    json.dumps({"format": "minigrad-npz-1", "root": {"kind": "pickle", "name": "w"}}),
    json.dumps({"format": "minigrad-npz-1", "root": {"kind": "tensor", "name": "missing"}}),
    json.dumps({"format": "minigrad-npz-1", "root": {"kind": "dict", "items": [[1, 2]]}}),
])
def test_bad_structure_description(tmp_path, meta):
    path = tmp_path / "meta.npz"
    np.savez(path, __minigrad__=np.array(meta), w=np.ones(2))
    with pytest.raises(LoadError, match="meta.npz"):
        mg.load(path)


def test_other_members_in_the_zip_are_refused(tmp_path):
    path = tmp_path / "extra.npz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("run_me.py", "print('hi')")
    with pytest.raises(LoadError, match="run_me.py"):
        mg.load(path)


def test_checkpoint_values_round_trip_with_their_types(tmp_path):
    obj = {
        "state": {0: {"step": 3, "buf": mg.ones(2)}, -7: {}},
        "groups": [{"lr": 0.1, "betas": (0.9, 0.999), "nesterov": False, "params": [0, 1]}],
        "misc": [None, "text ✓", 2**80, float("inf"), -0.0, np.float32(0.5), np.int8(-3), ()],
        "1": "a str key beside the int key 1",
        1: "an int key",
    }
    path = tmp_path / "ckpt.npz"
    mg.save(obj, path)
    back = mg.load(path)
    assert list(back) == ["state", "groups", "misc", "1", 1]
    assert list(back["state"]) == [0, -7] and back["state"][-7] == {}
    assert back["state"][0]["step"] == 3 and back["state"][0]["buf"].tolist() == [1.0, 1.0]
    assert back["groups"] == obj["groups"] and type(back["groups"][0]["betas"]) is tuple
    misc = back["misc"]
    assert misc[:5] == [None, "text ✓", 2**80, float("inf"), 0.0] and str(misc[4]) == "-0.0"
    assert type(misc[5]) is np.float32 and misc[5] == 0.5
    assert type(misc[6]) is np.int8 and misc[6] == -3 and misc[7] == ()
    assert back["1"] == obj["1"] and back[1] == "an int key"
    nan = mg.load(_saved(tmp_path, {"x": float("nan")}))["x"]
    assert nan != nan


def _saved(tmp_path, obj):
    path = tmp_path / "obj.npz"
    mg.save(obj, path)
    return path


def test_files_of_format_1_still_load(tmp_path):
    path = tmp_path / "old.npz"
    meta = {"format": "minigrad-npz-1", "root": {"kind": "dict", "items": [
        ["fc.weight", {"kind": "parameter", "name": "fc.weight", "requires_grad": True}],
        ["step", {"kind": "array", "name": "step", "requires_grad": False}]]}}
    np.savez(path, __minigrad__=np.array(json.dumps(meta)), **{"fc.weight": np.ones((2, 2)),
                                                               "step": np.array(7)})
    back = mg.load(path)
    assert isinstance(back["fc.weight"], nn.Parameter) and back["fc.weight"].requires_grad
    assert back["step"] == 7


def test_loaded_arrays_are_fresh_and_writable(tmp_path):
    array = np.arange(6.0).reshape(2, 3)
    path = _saved(tmp_path, {"a": array, "t": mg.tensor(array)})
    back = mg.load(path)
    back["a"][0, 0] = 99.0
    assert array[0, 0] == 0.0 and back["a"].flags.writeable and back["a"].flags.c_contiguous
    assert not np.shares_memory(back["a"], back["t"].numpy())


# ---- any mix of the kinds save accepts comes back exactly ------------------------
_ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.float32, np.float64, np.int64, np.uint8, np.bool_]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
)
_LEAVES = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4)
           | _ARRAYS | _ARRAYS.map(mg.tensor))
_KEYS = st.text(alphabet="ab", min_size=1, max_size=2) | st.integers(-2, 2)
_TREES = st.recursive(
    _LEAVES,
    lambda inner: (st.lists(inner, max_size=3) | st.lists(inner, max_size=3).map(tuple)
                   | st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=8,
)


def _same(a, b) -> bool:
    """Equal with the same types all the way down (dict order, key types, -0.0, nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (list(map(repr, a)) == list(map(repr, b))
                and all(_same(a[k], b[k]) for k in a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, mg.Tensor):
        a, b = a.numpy(), b.numpy()
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return repr(a) == repr(b)  # also nan == nan and -0.0 != 0.0
    return a == b


@given(_TREES)
def test_save_then_load_gives_the_same_object(obj):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.npz"
        try:
            mg.save(obj, path)
        except ValueError as error:  # {1: x, "1": y} would both be stored as '1'
            assume("two entries" not in str(error))
            raise
        assert _same(mg.load(path), obj)

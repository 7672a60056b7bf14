"""Forged and damaged archives: `mg.load` refuses them with its own LoadError,
naming the file and the entry, and never takes memory a header merely claims."""

from __future__ import annotations

import io
import json
import random
import struct
import tracemalloc
import warnings
import zipfile
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import LoadError


def expect_load_error(path: Path, *words: str, **kwargs) -> str:
    """mg.load(path) raises LoadError whose message names the file and each of `words`."""
    with pytest.raises(LoadError) as info:
        mg.load(path, **kwargs)
    message = str(info.value)
    assert path.name in message, message
    for word in words:
        assert word in message, f"{word!r} missing from: {message}"
    return message


def npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def npy_header(shape: tuple[int, ...], descr: str = "<f8") -> bytes:
    """Only the header of a .npy file: whatever shape we like, no data."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue()


def write_zip(path: Path, entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_STORED):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", compression=method) as zf:
            for name, body in entries:
                zf.writestr(name, body)
    return path


def patch_directory(path: Path, name: str, **fields: int) -> None:
    """Overwrite fields of `name`'s central-directory record, as a forger would.

    The record is 'PK\\1\\2' then fixed fields: flag bits at offset 8, the
    compression method at 10, the unpacked size at 24. zipfile trusts these.
    """
    offsets = {"flag_bits": (8, "<H"), "compress_type": (10, "<H"), "file_size": (24, "<I")}
    raw = bytearray(path.read_bytes())
    start = raw.index(b"PK\x01\x02")
    while raw[start + 46 : start + 46 + len(name)] != name.encode():
        start = raw.index(b"PK\x01\x02", start + 4)
    for field, value in fields.items():
        offset, fmt = offsets[field]
        struct.pack_into(fmt, raw, start + offset, value)
    path.write_bytes(bytes(raw))


def minigrad_file(path: Path, root: object, arrays: dict[str, np.ndarray]) -> Path:
    """A file in minigrad's layout with a structure description we write ourselves."""
    meta = json.dumps({"format": "minigrad-npz-2", "root": root})
    entries = [("__minigrad__.npy", npy(np.array(meta)))]
    entries += [(name + ".npy", npy(a)) for name, a in arrays.items()]
    return write_zip(path, entries)


# ---- sizes: refused before any memory is taken ---------------------------------
def deflate_bomb(path: Path, mib: int) -> Path:
    """A real deflate entry: `mib` MiB of zeros (float64) packed into ~mib KiB."""
    n = mib * 2**20 // 8
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("w.npy", "w", force_zip64=True) as f:
            f.write(npy_header((n,)))
            zeros = bytes(2**20)
            for _ in range(mib):
                f.write(zeros)
    return path


def test_a_compression_bomb_is_refused_before_reading(tmp_path):
    path = deflate_bomb(tmp_path / "bomb.npz", mib=64)
    assert path.stat().st_size < 2**20  # 1 MB on disk, 64 MiB unpacked
    tracemalloc.start()
    try:
        message = expect_load_error(path, "'w.npy'", "max_bytes", max_bytes=2**20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20, peak  # nothing near the 64 MiB was ever allocated
    assert "mg.load(path, max_bytes=" in message  # says how to load it anyway
    # Raising the limit loads it, with no second copy of the data.
    tracemalloc.start()
    try:
        w = mg.load(path, max_bytes=2**27)["w"]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert w.shape == (2**23,) and not w.any()
    assert peak < 1.2 * w.nbytes, (peak, w.nbytes)


def test_a_forged_size_over_the_default_limit_is_refused_before_reading(tmp_path):
    # Header and zip directory agree on 2 GiB of float64, but only a few bytes exist.
    n = 2**28
    body = npy_header((n,)) + bytes(64)
    path = write_zip(tmp_path / "forged.npz", [("w.npy", body)], zipfile.ZIP_DEFLATED)
    patch_directory(path, "w.npy", file_size=len(npy_header((n,))) + 8 * n)
    assert refused_within_1_mib(lambda: expect_load_error(path, "'w.npy'",
                                                           "max_bytes=1,073,741,824"))


def refused_within_1_mib(load) -> bool:
    """Run `load` (which expects a refusal) and check it allocated less than 1 MiB."""
    tracemalloc.start()
    try:
        load()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20, peak
    return True


def test_the_limit_counts_the_whole_file(tmp_path):
    path = tmp_path / "two.npz"
    mg.save({"a": np.zeros(1000), "b": np.zeros(1000)}, path)  # 8000 bytes each
    assert mg.load(path, max_bytes=17000)["a"].shape == (1000,)
    expect_load_error(path, "'a.npy'", "max_bytes=12,000", max_bytes=12000)
    with pytest.raises(ValueError, match="max_bytes"):
        mg.load(path, max_bytes=-1)


def test_a_header_claiming_a_huge_shape_allocates_nothing(tmp_path):
    path = write_zip(tmp_path / "huge.npz", [("w.npy", npy_header((10**6, 10**6)) + bytes(8))])
    assert refused_within_1_mib(lambda: expect_load_error(path, "'w.npy'",
                                                           "declares 8000000000000 bytes"))


def test_an_entry_shorter_than_its_directory_size(tmp_path):
    # Zip directory and .npy header agree, but the stored data stops early.
    body = npy(np.zeros(100))
    path = write_zip(tmp_path / "short.npz", [("w.npy", body[:-80])])
    patch_directory(path, "w.npy", file_size=len(body))
    expect_load_error(path, "'w.npy'")


# ---- compression: only what numpy writes, and damage is a LoadError ------------
@pytest.mark.parametrize("method", [zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2])
def test_entries_compressed_otherwise_than_numpy_are_refused(tmp_path, method):
    path = write_zip(tmp_path / "packed.npz", [("w.npy", npy(np.ones(3)))], method)
    expect_load_error(path, "'w.npy'", f"method {method}", "deflate")


def test_a_damaged_lzma_entry(tmp_path):
    path = write_zip(tmp_path / "lzma.npz", [("w.npy", npy(np.arange(500.0)))], zipfile.ZIP_LZMA)
    raw = bytearray(path.read_bytes())
    raw[40:120] = bytes(80)  # inside the compressed stream
    path.write_bytes(bytes(raw))
    expect_load_error(path, "'w.npy'")


def test_a_bad_deflate_stream(tmp_path):
    path = write_zip(tmp_path / "deflate.npz", [("w.npy", npy(np.arange(500.0)))],
                     zipfile.ZIP_DEFLATED)
    raw = bytearray(path.read_bytes())
    data = 30 + len("w.npy")  # the local header, then the deflate stream
    raw[data : data + 60] = b"\xff" * 60  # not a valid stream: zlib.error inside zipfile
    path.write_bytes(bytes(raw))
    expect_load_error(path, "'w.npy'", "damaged")


def test_an_unknown_compression_method(tmp_path):
    path = write_zip(tmp_path / "method.npz", [("w.npy", npy(np.ones(3)))])
    patch_directory(path, "w.npy", compress_type=99)  # AES: zipfile raises NotImplementedError
    expect_load_error(path, "'w.npy'", "method 99")


def test_an_encrypted_entry(tmp_path):
    path = write_zip(tmp_path / "secret.npz", [("w.npy", npy(np.ones(3)))])
    patch_directory(path, "w.npy", flag_bits=0x1)  # zipfile raises RuntimeError
    expect_load_error(path, "'w.npy'", "encrypted")


# ---- what the entries hold ------------------------------------------------------
@pytest.mark.parametrize("array", [
    np.ones(2, dtype=np.complex64), np.array(["a", "bc"]), np.array([b"x"]),
    np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]), np.array(["2020-01-01"], "datetime64[D]"),
], ids=["complex", "str", "bytes", "record", "datetime"])
def test_dtypes_that_are_not_numbers_are_refused(tmp_path, array):
    path = tmp_path / "plain.npz"
    np.savez(path, w=array)
    expect_load_error(path, "'w.npy'", str(array.dtype))
    root = {"kind": "array", "name": "w"}
    expect_load_error(minigrad_file(tmp_path / "mine.npz", root, {"w": array}), "'w.npy'")


def test_the_description_must_be_text(tmp_path):
    path = write_zip(tmp_path / "meta.npz", [("__minigrad__.npy", npy(np.zeros(3)))])
    expect_load_error(path, "__minigrad__.npy", "text")
    path = write_zip(tmp_path / "meta2.npz", [("__minigrad__.npy", npy(np.array(["a", "b"])))])
    expect_load_error(path, "__minigrad__.npy")


def test_two_entries_with_one_name(tmp_path):
    path = write_zip(tmp_path / "twice.npz", [("w.npy", npy(np.ones(2))),
                                              ("w.npy", npy(np.zeros(2)))])
    expect_load_error(path, "two entries named 'w.npy'")


def test_two_objects_never_share_one_array(tmp_path):
    root = {"kind": "dict", "items": [["a", {"kind": "tensor", "name": "w"}],
                                      ["b", {"kind": "array", "name": "w"}]]}
    path = minigrad_file(tmp_path / "shared.npz", root, {"w": np.ones(2)})
    expect_load_error(path, "'w'", "twice")


def test_an_entry_the_description_does_not_mention(tmp_path):
    root = {"kind": "array", "name": "w"}
    path = minigrad_file(tmp_path / "extra.npz", root, {"w": np.ones(2), "x": np.ones(2)})
    expect_load_error(path, "'x.npy'")


@pytest.mark.parametrize("root", [
    {"kind": "dict", "items": [["a", 1], ["a", 2]]},
    {"kind": "dict", "items": [[True, 1]]},
    {"kind": "list", "items": "nope"},
    {"kind": "scalar", "name": "w"},  # w is not 0-d
    [1, 2],
], ids=["same-key", "bool-key", "list-items", "scalar-shape", "bare-list"])
def test_forged_descriptions(tmp_path, root):
    path = minigrad_file(tmp_path / "forged.npz", root, {"w": np.ones(2)})
    expect_load_error(path)


def test_a_description_nested_too_deep(tmp_path):
    root: object = 1
    for _ in range(150):
        root = {"kind": "list", "items": [root]}
    path = minigrad_file(tmp_path / "deep.npz", root, {})
    expect_load_error(path, "nested")
    with pytest.raises(ValueError, match="nested more than"):
        nested: list = []
        nested.append(nested)  # a list that contains itself
        mg.save(nested, tmp_path / "x.npz")


# ---- any damage at all ---------------------------------------------------------
def test_random_damage_only_ever_gives_load_error(tmp_path):
    """Truncations and flipped bytes anywhere, in stored and deflate files."""
    stored = tmp_path / "stored.npz"
    mg.save({"w": mg.randn(20, 5), "b": np.arange(7), "lr": 0.1, "betas": (0.9, 0.99)}, stored)
    packed = tmp_path / "packed.npz"
    np.savez_compressed(packed, w=np.random.default_rng(0).normal(size=(20, 5)), b=np.arange(7))
    rng = random.Random(0)
    bad = tmp_path / "bad.npz"
    for source in (stored, packed):
        data = source.read_bytes()
        for trial in range(150):
            mutated = bytearray(data)
            if trial % 3 == 0:
                mutated = mutated[: rng.randrange(len(data))]
            else:
                for _ in range(rng.randint(1, 4)):
                    mutated[rng.randrange(len(data))] = rng.randrange(256)
            bad.write_bytes(bytes(mutated))
            try:
                mg.load(bad)
            except LoadError as error:
                assert "bad.npz" in str(error)
            # A flip that lands in a spot nothing checks (e.g. a timestamp) may load.


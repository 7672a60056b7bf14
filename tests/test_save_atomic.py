"""mg.save replaces a file in one step: concurrent saves and readers, symlinks,
permission bits, and no temporary files left behind."""

from __future__ import annotations

import os
import stat
import sys
import threading
import time

import numpy as np
import pytest

import minigrad as mg


def test_readers_never_see_a_half_written_file_while_threads_save(tmp_path):
    path = tmp_path / "shared.npz"
    mg.save({"w": np.zeros(50_000), "tag": np.zeros(1)}, path)
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            while not stop.is_set():  # each writer saves its own consistent pair
                mg.save({"w": np.full(50_000, float(k)), "tag": np.full(1, float(k))}, path)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    writers = [threading.Thread(target=writer, args=(k,)) for k in range(1, 5)]
    for t in writers:
        t.start()
    loads, seen = 0, set()
    deadline = time.monotonic() + 1.5
    try:
        while time.monotonic() < deadline:
            state = mg.load(path)  # a LoadError here is the bug
            w, tag = state["w"], state["tag"]
            assert np.all(w == tag[0]), "a file mixing two saves"
            seen.add(float(tag[0]))
            loads += 1
    finally:
        stop.set()
        for t in writers:
            t.join()
    assert errors == []
    assert loads > 10 and len(seen) > 1  # the race really happened
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.npz"]  # no temporaries


def test_saving_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real" / "model.npz"
    target.parent.mkdir()
    link = tmp_path / "latest.npz"
    link.symlink_to(target)  # dangling until the first save
    mg.save({"w": mg.ones(2)}, link)
    mg.save({"w": mg.zeros(2)}, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert mg.load(target)["w"].tolist() == [0.0, 0.0]
    assert sorted(p.name for p in target.parent.iterdir()) == ["model.npz"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_permission_bits_are_kept(tmp_path):
    path = tmp_path / "private.npz"
    mg.save({"w": mg.ones(2)}, path)
    path.chmod(0o600)
    mg.save({"w": mg.zeros(2)}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    mg.save({"w": mg.ones(2)}, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_new_file_follows_the_umask_like_open(tmp_path):
    old = os.umask(0o022)
    try:
        mg.save({"w": mg.ones(2)}, tmp_path / "new.npz")
    finally:
        os.umask(old)
    # 0o666 minus the umask, as open() gives; not a temporary file's private 0o600
    assert stat.S_IMODE((tmp_path / "new.npz").stat().st_mode) == 0o644


def test_the_data_reaches_the_disk_before_the_rename(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace",
                        lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    mg.save({"w": mg.ones(2)}, tmp_path / "x.npz")
    assert events[:2] == ["fsync", "replace"]


def test_a_folder_is_not_a_file_name(tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder"):
        mg.save(mg.ones(1), tmp_path)
    assert list(tmp_path.iterdir()) == []

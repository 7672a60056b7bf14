"""The `.npz` file under `mg.save` / `mg.load`: a zip of `.npy` arrays, written
atomically and read with every size checked first.

Writing (`write_npz`): the zip goes to a new temporary file with a unique name
in the target's folder, is flushed to the disk (fsync), and then renamed over
the target in one step (`os.replace`). Another program reading the path sees
the old file or the new one, never half of one, even while several saves to
the same path run at once. Saving through a symlink writes the file it points
to, and an existing file keeps its permission bits.

Reading (`read_npz`): a file may come from anyone, so nothing in it is trusted
before it is checked. The zip directory's sizes are compared with a limit
before any array is read (a 1 MB zip can unpack to gigabytes); each `.npy`
header must agree with its entry's size; only bool, integer and float arrays
are accepted; and an array is streamed into memory allocated once, in chunks.
Whatever goes wrong becomes a `LoadError` naming the file and the entry.
"""

from __future__ import annotations

import contextlib
import math
import os
import secrets
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable

import numpy as np

from .errors import LoadError

MAX_BYTES = 2**30  # mg.load's default limit: 1 GiB of unpacked data per file
_CHUNK = 2**20  # arrays are read 1 MiB at a time

# What zipfile, zlib and numpy's header parser raise for bad bytes (zipfile
# raises RuntimeError for encryption, NotImplementedError for unknown methods):
# a truncated or forged file must end up as a LoadError, never as one of these.
_DAMAGED = (
    zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError,
    TypeError, OverflowError, SyntaxError, RuntimeError, NotImplementedError, struct.error,
    zlib.error,
)

# numpy writes entries uncompressed (np.savez) or with deflate (np.savez_compressed).
# Other methods (bzip2, LZMA, ...) are refused: minigrad never writes them, and
# they cost time or memory to unpack.
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


# ---- writing ------------------------------------------------------------------
def write_npz(path: str, arrays: Iterable[tuple[str, np.ndarray]]) -> None:
    """Write `arrays` (name, array) as the `.npy` entries of a zip at `path`, atomically."""
    target = os.path.realpath(path)  # through a symlink: the file it points to
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"save: the folder {folder!r} for {path!r} does not exist")
    if os.path.isdir(target):
        raise IsADirectoryError(f"save: {path!r} is a folder; give a file name inside it")
    fd, tmp = _new_temporary(folder, os.path.basename(target))
    try:
        with os.fdopen(fd, "wb") as f:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as zf:
                for name, array in arrays:
                    with zf.open(name + ".npy", "w", force_zip64=True) as member:
                        np.lib.format.write_array(member, array, allow_pickle=False)
            _copy_mode(target, tmp)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on the disk before the name points at them
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    _sync_folder(folder)


def _new_temporary(folder: str, base: str) -> tuple[int, str]:
    """A new file with a name nobody else uses (threads and processes save at once).

    Created with mode 0o666 like any `open()`, so the user's umask applies.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{base}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"save: could not create a temporary file in {folder!r}")


def _copy_mode(target: str, tmp: str) -> None:
    """Give the new file the old one's permission bits (a private 0600 file stays private)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return
    os.chmod(tmp, mode)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---- reading ------------------------------------------------------------------
Fail = Callable[[str], LoadError]


def read_npz(
    path: str, max_bytes: int, fail: Fail, text_entry: str | None = None
) -> dict[str, np.ndarray]:
    """The arrays of the zip at `path` by entry name (without '.npy').

    `fail(problem)` makes the LoadError to raise. `text_entry` names the one
    entry that may hold a string (minigrad's JSON description).
    """
    with open(path, "rb") as file:  # a file we may not read is not a damaged file
        try:
            zf = zipfile.ZipFile(file)
        except _DAMAGED as error:
            raise fail(
                f"it is not a .npz file (a zip of .npy arrays), or it is damaged ({_why(error)})"
            ) from None
        with zf:
            infos = zf.infolist()
            _check_directory(infos, max_bytes, fail)
            arrays = {}
            for info in infos:
                name = info.filename[: -len(".npy")]
                try:
                    arrays[name] = _read_entry(zf, info, fail, text_ok=name == text_entry)
                except LoadError:
                    raise
                except _DAMAGED as error:
                    raise fail(
                        f"its entry {info.filename!r} is damaged ({_why(error)})"
                    ) from None
    return arrays


def _check_directory(infos: list[zipfile.ZipInfo], max_bytes: int, fail: Fail) -> None:
    """Refuse, before reading any data, entries minigrad would not read or that are too big."""
    seen = set()
    for info in infos:
        name = info.filename
        if not name.endswith(".npy"):
            raise fail(f"it contains {name!r}, which is not a .npy array")
        if name in seen:
            raise fail(f"it holds two entries named {name!r}")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise fail(f"its entry {name!r} is encrypted")
        if info.compress_type not in _METHODS:
            raise fail(
                f"its entry {name!r} uses zip compression method {info.compress_type}; "
                "minigrad reads only stored or deflate entries (what np.savez and "
                "np.savez_compressed write)"
            )
    # The sizes in the zip directory bound what zipfile will unpack: it stops
    # at an entry's declared size and then checks the checksum.
    total = sum(info.file_size for info in infos)
    if total > max_bytes:
        big = max(infos, key=lambda info: info.file_size)
        raise fail(
            f"its entries unpack to {total:,} bytes (the largest, {big.filename!r}, to "
            f"{big.file_size:,}), more than max_bytes={max_bytes:,}; if you trust the file, "
            f"load it with mg.load(path, max_bytes={total})"
        )


def _read_entry(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail: Fail, text_ok: bool
) -> np.ndarray:
    """One `.npy` entry, its header checked against the entry's size, read in chunks."""
    entry = repr(info.filename)
    with zf.open(info) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise fail(f"its entry {entry} uses .npy format version {version}, not 1.0 or 2.0")
        if dtype.hasobject:
            raise fail(f"its entry {entry} holds Python objects, which would need unpickling")
        if dtype.kind not in "biuf" and not (text_ok and dtype.kind == "U" and shape == ()):
            raise fail(
                f"its entry {entry} has dtype {dtype}; minigrad files hold only bool, "
                "integer and float arrays (not complex, strings or records)"
            )
        if any(n < 0 for n in shape):
            raise fail(f"its entry {entry} declares a negative shape {shape}")
        nbytes = math.prod(shape) * dtype.itemsize
        if info.file_size - f.tell() != nbytes:
            raise fail(
                f"its entry {entry} declares {nbytes} bytes of data (shape {shape}, dtype "
                f"{dtype}) but holds {info.file_size - f.tell()}"
            )
        # Allocate once and fill it: no second copy of the data, and never more
        # than the entry's checked size.
        array = np.empty(shape, dtype, order="F" if fortran else "C")
        raw = array.reshape(-1, order="A").view(np.uint8)  # the same memory, as bytes
        done = 0
        while done < nbytes:
            chunk = f.read(min(_CHUNK, nbytes - done))
            if not chunk:
                raise fail(f"its entry {entry} ends after {done} of its {nbytes} bytes")
            raw[done : done + len(chunk)] = np.frombuffer(chunk, np.uint8)
            done += len(chunk)
        if f.read(1):  # reading to the end also makes zipfile check the CRC
            raise fail(f"its entry {entry} holds more than its {nbytes} bytes")
    return array


def _why(error: BaseException) -> str:
    """A short reason for a low-level error: its type and message."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

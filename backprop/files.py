"""The files the project writes, README sections and figures: written
atomically (a temporary file beside the target, flushed to disk, then a
rename), or with --check only compared.
"""
import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path

# The project's folder: the README and figures/ are in it.
ROOT = Path(__file__).resolve().parent.parent
# The figures, by the script that draws each: what `make` writes into figures/.
FOLDER = ROOT / "figures"
FIGURES = {
    "plot_convergence": ("simple_convergence.png", "convergence_comparison.png"),
    "plot_key_differences": ("key_differences.png",),
    "plot_all_variables": ("all_variables_evolution.png", "weight_trajectories.png"),
    "sweep": ("learning_rate_sweep.png",),
}
# Every file this process has written, in order: what an interrupted run reports.
WRITTEN = []
# A temporary file of ours older than this was left by a run that was killed.
STALE_SECONDS = 60


class WriteError(OSError):
    """A file the project writes cannot be written; the message says which and why."""


def temporary_prefix(path):
    return f".{path.name}."


def remove_stale_temporaries(path):
    """Delete temporary files of our own naming beside `path` that a killed run left."""
    for old in path.parent.glob(f"{temporary_prefix(path)}*.tmp"):
        try:
            if time.time() - old.stat().st_mtime > STALE_SECONDS:
                old.unlink()
        except OSError:
            pass  # another run's, or gone already: not ours to insist on


@contextmanager
def atomic_file(path, mode="w"):
    """A file to write `path` through: a temporary file beside it, flushed to
    disk and renamed onto `path` when the block ends, deleted if it raises, so
    that `path` is always either the old or the new file. A symbolic link is
    written through to its target; a read-only file is refused. Raises
    WriteError with a one-line message, at once when `path` cannot be written."""
    path = Path(path).resolve()  # through a symlink: the link stays, its target changes
    if path.is_dir():
        raise WriteError(f"{path} is a folder: not replaced")
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError(f"{path} is read-only: not replaced")
    remove_stale_temporaries(path)
    import tempfile  # here, not above: the training scripts write no file and start faster

    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
    except OSError as e:
        raise WriteError(f"cannot write into {path.parent}: {e.strerror}") from None
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, WriteError):
            raise WriteError(f"cannot write {path}: {e.strerror}") from None
        raise
    WRITTEN.append(path)


def write_atomic(path, data):
    """Write bytes to `path` atomically (see atomic_file)."""
    with atomic_file(path, "wb") as f:
        f.write(data)


def write_or_check(path, data, check):
    """Write bytes to `path` atomically, or with `check` only compare: returns 0
    when `path` holds `data` (now), 1 when `check` finds it stale."""
    path = Path(path)
    if check:
        if path.is_file() and path.read_bytes() == data:
            return 0
        print(f"{path} is stale: run `make` and commit the result.")
        return 1
    write_atomic(path, data)
    return 0

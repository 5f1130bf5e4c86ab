"""The files the project writes, README sections and figures: written
atomically (a temporary file beside the target, flushed to disk, then a
rename), or with --check only compared. A character device or a FIFO
(/dev/null, a pipe) is written straight into: there is nothing to rename.
"""
import errno
import fcntl
import os
import re
import signal
import stat
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from backprop.cli import WRITTEN, WriteError  # what the commands report

# The project's folder: the README and figures/ are in it.
ROOT = Path(__file__).resolve().parent.parent
# The figures, by the script that draws each: what `make` writes into figures/.
FOLDER = ROOT / "figures"
FIGURES = {
    "plot_convergence": ("simple_convergence.png", "convergence_comparison.png"),
    "plot_key_differences": ("key_differences.png",),
    "plot_all_variables": ("all_variables_evolution.png", "weight_trajectories.png"),
    "sweep": ("learning_rate_sweep.png",),
    "sweep_depth": ("depth_sweep.png",),
}
# The derivation pages (backprop/page.py), by file name in docs/: the example
# file each derives (None: the worked example, its published values marked).
DOCS = ROOT / "docs"
PAGES = {
    "worked_example.html": None,
    "homework_three_mistakes.html": "examples/homework_three_mistakes.json",
}
# A temporary file of ours older than this, that no run holds locked, was left by a run that
# was killed (the age also covers the instant between mkstemp and the lock).
STALE_SECONDS = 60
# mkstemp's random part of a name: 8 characters of [a-z0-9_].
RANDOM_PART = r"[a-z0-9_]{8}"


def temporary_prefix(path):
    """How the names of `path`'s temporary files begin: '.NAME.'."""
    return f".{path.name}."


def is_temporary(path, name):
    """Whether `name` is exactly a temporary file's name of ours for `path`:
    '.NAME.' then mkstemp's 8 random characters, then '.tmp'."""
    pattern = re.escape(temporary_prefix(path)) + RANDOM_PART + r"\.tmp"
    return re.fullmatch(pattern, name) is not None


def remove_if_stale(old):
    """Delete the temporary file `old` if it is a regular file older than
    STALE_SECONDS that no live run holds locked; quietly leave it otherwise,
    and tolerate its being gone already."""
    try:  # not a FIFO's open that waits, not through a link
        fd = os.open(old, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while its run writes it
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > STALE_SECONDS:
            os.unlink(old)
    except OSError:
        pass  # in use, or gone already: not ours to insist on
    finally:
        os.close(fd)


def remove_stale_temporaries(path):
    """Delete the temporary files beside `path` that a killed run left (see remove_if_stale):
    only names exactly of our own pattern (is_temporary)."""
    with suppress(OSError):
        for name in os.listdir(path.parent):
            if is_temporary(path, name):
                remove_if_stale(path.parent / name)


def examined(path):
    """`path` resolved through symbolic links (the link stays, its target
    changes), and its os.stat, None when it does not exist yet. Any OSError in
    resolving or checking it (a link loop, a name too long) is a WriteError
    naming `path` as given."""
    try:
        resolved = Path(path).resolve()
        try:
            return resolved, os.stat(path)
        except FileNotFoundError:
            return resolved, None
    except RuntimeError:  # Python before 3.13: a symbolic link loop
        cause = os.strerror(errno.ELOOP)
    except OSError as e:
        cause = e.strerror or str(e)
    raise WriteError(f"cannot write {path}: {cause}")


def standard_stream(info):
    """Standard output or error when `info` (an os.stat) is that very file
    (`--csv /dev/stdout`), else None."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, OSError, ValueError):  # closed, or not a real file
            if os.path.samestat(info, os.fstat(stream.fileno())):
                return stream
    return None


def straight_descriptor(path, info):
    """A descriptor to write `path` (whose os.stat is `info`) straight into, or
    None when it is a regular file to replace: a duplicate of standard output's
    or error's when `path` is that file (what was printed, or was there before
    `>>`, stays), else a character device or a FIFO opened (a FIFO waits for its
    reader, as the shell's `>` does). A block device or a socket is refused."""
    stream = standard_stream(info)
    if stream is not None:
        stream.flush()
    elif stat.S_ISREG(info.st_mode):
        return None
    elif not (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        raise WriteError(f"{path} is not a regular file, a character device or a FIFO: "
                         "not written")
    try:
        return os.open(path, os.O_WRONLY) if stream is None else os.dup(stream.fileno())
    except OSError as e:
        raise WriteError(f"cannot write {path}: {e.strerror}") from None


def write_error(path, e):
    """The WriteError for an OSError `e` in writing `path`; a WriteError stays itself."""
    return e if isinstance(e, WriteError) else WriteError(f"cannot write {path}: {e.strerror}")


@contextmanager
def written_straight(path, fd, mode):
    """A file to write `path` through, straight into the descriptor `fd`."""
    try:
        with open(fd, mode) as f:
            yield f
    except OSError as e:
        raise write_error(path, e) from None
    WRITTEN.append(Path(path))


# The signals a command stops at: Ctrl-C's SIGINT and cli.STOPPING
HELD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextmanager
def replaced(path, info, mode):
    """A file to write the regular file `path` (resolved; os.stat `info`, None
    when new) through: a temporary file beside it, locked while it is written
    (no other run's sweep deletes it), flushed to disk and renamed onto `path`
    when the block ends, deleted if it raises."""
    remove_stale_temporaries(path)
    import tempfile  # here, not above: the training scripts write no file and start faster

    # Ctrl-C, SIGTERM and SIGHUP (cli.py) wait while the file is made, and come
    # within the block below that removes it: not between the two
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temporary_prefix(path), suffix=".tmp")
    except OSError as e:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        raise WriteError(f"cannot write into {path.parent}: {e.strerror}") from None
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
        with os.fdopen(fd, mode) as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)  # until it is closed, after the rename
            yield f
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), 0o644 if info is None else info.st_mode & 0o777)
            os.replace(tmp, path)
    except BaseException as e:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError):
            raise write_error(path, e) from None
        raise
    WRITTEN.append(path)


@contextmanager
def atomic_file(path, mode="w"):
    """A file to write `path` through, so that `path` is always either the old
    or the new file: a regular file (or a new one) is replaced (see replaced), a
    character device, a FIFO or standard output is written straight into (see
    straight_descriptor). A symbolic link is written through to its target; a
    folder or a read-only file is refused. Raises WriteError with a one-line
    message, at once when `path` cannot be written."""
    resolved, info = examined(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise WriteError(f"{resolved} is a folder: not replaced")
    if info is not None and not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError(f"{resolved} is read-only: not replaced")
    fd = None if info is None else straight_descriptor(path, info)
    with replaced(resolved, info, mode) if fd is None else written_straight(path, fd, mode) as f:
        yield f


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

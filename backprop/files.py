"""The files the project writes, README sections and figures: written
atomically (a temporary file beside the target, then a rename), or with
--check only compared.
"""
import os
import tempfile
from pathlib import Path

# The project's folder: the README and figures/ are in it.
ROOT = Path(__file__).resolve().parent.parent


def write_atomic(path, data):
    """Write bytes to `path` through a temporary file beside it and a rename,
    so that `path` is always either the old or the new file, never half of one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


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

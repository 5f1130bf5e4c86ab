"""Issue 21's faults in the files the project writes: nothing destroyed (a
device, a FIFO), and one line, never a traceback, for a --csv path that cannot
be resolved or checked. The oracle: the file system's state afterwards (what
kind of node, what bytes) and the exact line on standard error."""
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from backprop import files
from commands import run

ROOT = Path(__file__).resolve().parent.parent
HOUR_AGO = time.time() - 3600
# A node made with mknod: a null device, a full device, a block device (loop0, never opened).
NODES = {"null": (stat.S_IFCHR, 1, 3), "full": (stat.S_IFCHR, 1, 7), "block": (stat.S_IFBLK, 7, 0)}


@pytest.fixture(autouse=True)
def nothing_written_yet():
    """files.WRITTEN as a fresh process has it, and as it was again after the test."""
    before = files.WRITTEN[:]
    files.WRITTEN.clear()
    yield
    files.WRITTEN[:] = before


def make_node(path, kind):
    """A device node at `path` of NODES[kind]; the test is skipped where mknod is not allowed."""
    mode, major, minor = NODES[kind]
    try:
        os.mknod(path, mode | 0o666, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("mknod is not allowed here")
    return path


def same_node(path, before):
    """Whether `path` is still the node whose os.stat was `before`."""
    after = os.stat(path)
    return (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino,
                                                            before.st_rdev)


# Data destroyed: device nodes and FIFOs are written into or refused, never replaced.

def test_a_fifo_is_written_into_not_replaced(tmp_path):
    path = tmp_path / "fifo"
    os.mkfifo(path)
    before = os.stat(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        files.write_atomic(path, b"iteration,E_total\n")
        assert os.read(reader, 100) == b"iteration,E_total\n"
    finally:
        os.close(reader)
    assert same_node(path, before) and os.listdir(tmp_path) == ["fifo"]


@pytest.mark.parametrize("device", ["null", "/dev/null"])
def test_a_null_device_is_written_into_not_replaced(tmp_path, device):
    path = make_node(tmp_path / device, device) if device == "null" else Path(device)
    before = os.stat(path)
    files.write_atomic(path, b"iteration,E_total\n")
    assert same_node(path, before)
    assert not [name for name in os.listdir(path.parent) if name.startswith(f".{path.name}.")]


@pytest.mark.parametrize("device", ["full", "/dev/full"])
def test_a_full_device_is_one_line_and_stays(tmp_path, device):
    path = make_node(tmp_path / device, device) if device == "full" else Path(device)
    before = os.stat(path)
    with pytest.raises(files.WriteError) as error:
        files.write_atomic(path, b"iteration,E_total\n")
    assert str(error.value) == f"cannot write {path}: No space left on device"
    assert same_node(path, before)


def test_a_block_device_is_refused(tmp_path):
    path = make_node(tmp_path / "disk", "block")
    before = os.stat(path)
    with pytest.raises(files.WriteError) as error:
        files.write_atomic(path, b"iteration,E_total\n")
    assert str(error.value) == (f"{path} is not a regular file, a character device or a FIFO: "
                                "not written")
    assert same_node(path, before) and os.listdir(tmp_path) == ["disk"]


def test_the_file_standard_output_appends_to_is_written_into_not_replaced(tmp_path,
                                                                           monkeypatch):
    # `--csv /dev/stdout >> log`: the log's earlier lines stay, the report follows the CSV
    log = tmp_path / "log"
    log.write_text("before\n")
    with open(log, "a") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        print("printed", flush=True)
        files.write_atomic(log, b"iteration,E_total\n")
        print("after")
    assert log.read_text() == "before\nprinted\niteration,E_total\nafter\n"


# Tracebacks: every OSError from resolving or checking a --csv path is one line naming it.

def test_a_csv_path_that_cannot_be_resolved_is_one_line_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("l.csv").symlink_to("l.csv")
    Path("loop").symlink_to("loop")
    Path("file.txt").write_text("keep")
    cases = {
        "l.csv": "Too many levels of symbolic links",
        "loop/x.csv": "Too many levels of symbolic links",
        "a" * 300 + ".csv": "File name too long",
        "file.txt/x.csv": "Not a directory",
    }
    for given, cause in cases.items():
        with pytest.raises(files.WriteError) as error:
            files.write_atomic(given, b"new")
        assert str(error.value) == f"cannot write {given}: {cause}"
    assert sorted(os.listdir()) == ["file.txt", "l.csv", "loop"]
    assert Path("file.txt").read_text() == "keep"


def test_the_csv_file_onto_standard_output_through_a_pipe():
    result = run("ann_numpy.py", "2", "--csv", "/dev/stdout")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("iteration,E_total,")
    assert result.stdout.endswith("\nwrote /dev/stdout: a row per iteration, 0 to 2\n")

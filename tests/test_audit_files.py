"""Issue 21's faults in the files the project writes and in how a command
runs: nothing destroyed (a device, a FIFO, another run's live temporary file,
a user's own file), nothing lost (SIGTERM, SIGHUP, a closed output), and one
line, never a traceback, for a --csv path that cannot be resolved or checked
and for a MemoryError. The oracle: the file system's state afterwards (what
kind of node, what bytes) and the exact line on standard error."""
import fcntl
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backprop import cli, files
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


# Data destroyed: the sweep of stale temporary files deletes only a killed run's.

@pytest.mark.parametrize("target, name, age, locked, removed", [
    ("x.csv", ".x.csv.abcd_123.tmp", 3600, False, True),
    ("x.csv", ".x.csv.abcd_123.tmp", 0, False, False),
    ("x.csv", ".x.csv.abcd_123.tmp", 3600, True, False),
    ("x.csv", ".x.csv.notes.tmp", 3600, False, False),
    ("x.csv", ".x.csv.ABCD1234.tmp", 3600, False, False),
    ("x.csv", ".x.csv.abcd12345.tmp", 3600, False, False),
    ("x.csv", ".x.csv.ab.d1234.tmp", 3600, False, False),
    ("x[1].csv", ".x[1].csv.abcd_123.tmp", 3600, False, True),
], ids=["a killed run's", "a recent one", "a live run's, locked", "a user's notes",
        "capitals", "nine random characters", "a dot in the random part",
        "beside a name with brackets"])
def test_the_sweep_removes_only_a_killed_runs_temporary_file(tmp_path, target, name, age,
                                                              locked, removed):
    old = tmp_path / name
    old.write_bytes(b"half")
    os.utime(old, (time.time() - age,) * 2)
    with open(old) as holder:
        if locked:
            fcntl.flock(holder, fcntl.LOCK_EX)
        files.write_atomic(tmp_path / target, b"new")
    assert old.exists() != removed
    assert (tmp_path / target).read_bytes() == b"new"


def test_the_sweep_leaves_a_fifo_of_our_naming_and_does_not_wait_on_it(tmp_path):
    fifo = tmp_path / ".x.csv.abcd_123.tmp"
    os.mkfifo(fifo)
    os.utime(fifo, (HOUR_AGO,) * 2)
    files.write_atomic(tmp_path / "x.csv", b"new")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_live_runs_temporary_file_survives_another_runs_sweep(tmp_path):
    # the first run has written nothing for an hour (a slow run, or one stopped by SIGSTOP)
    target = tmp_path / "s.csv"
    with files.atomic_file(target) as f:
        f.write("the first run's\n")
        f.flush()
        (tmp,) = tmp_path.iterdir()
        os.utime(tmp, (HOUR_AGO,) * 2)
        files.write_atomic(target, b"the second run's\n")
        assert tmp.exists()
    assert target.read_text() == "the first run's\n"
    assert os.listdir(tmp_path) == ["s.csv"]


def test_the_cleanup_tolerates_its_temporary_file_being_gone(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with files.atomic_file(tmp_path / "x.csv"):
            for tmp in tmp_path.iterdir():
                tmp.unlink()
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == []


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


# Tracebacks: a closed standard output or error; the files are still written.

@pytest.fixture
def command(monkeypatch, capsys):
    """Run main() as cli.run does, in this process, as probe.py: its exit status."""
    monkeypatch.setattr(sys, "argv", ["probe.py"])
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # restored after cli.run replaces it
    monkeypatch.setattr(sys, "stderr", sys.stderr)

    def status(main):
        with pytest.raises(SystemExit) as exit_:
            cli.run(main)
        return exit_.value.code
    return status


def printing(path, *streams):
    """A main() that writes `path` and prints a line on each of `streams` (names in sys)."""
    def main():
        files.write_atomic(path, b"written")
        for name in streams:
            print("a line", file=getattr(sys, name))
        return 0
    return main


@pytest.mark.parametrize("closed, printed, status, message", [
    (["stdout"], ["stdout"], 1, "probe.py: error: cannot write the output: standard output "
                                "is closed; wrote {path}\n"),
    (["stderr"], ["stdout", "stderr"], 1, ""),
    (["stderr"], ["stdout"], 0, ""),
    (["stdout", "stderr"], ["stdout", "stderr"], 1, ""),
], ids=["output closed", "error closed, printed on", "error closed, unused", "both closed"])
def test_a_closed_standard_stream_loses_only_the_printed_lines(tmp_path, monkeypatch, capsys,
                                                               command, closed, printed, status,
                                                               message):
    path = tmp_path / "x.csv"
    for name in closed:
        monkeypatch.setattr(sys, name, None)
    assert command(printing(path, *printed)) == status
    assert path.read_bytes() == b"written"
    assert capsys.readouterr().err == message.format(path=os.path.relpath(path))


@pytest.mark.parametrize("script", [["ann_numpy.py", "3"], ["ann_numpy_no_loop.py"]],
                         ids=["training", "derivation"])
def test_a_script_with_its_standard_output_closed_writes_its_files_and_says_so(tmp_path,
                                                                               script):
    csv = ["--csv", str(tmp_path / "x.csv")] if script[0] == "ann_numpy.py" else []
    closed = subprocess.run([sys.executable, *script, *csv], cwd=ROOT, stderr=subprocess.PIPE,
                            text=True, timeout=60, preexec_fn=lambda: os.close(1))
    written = f"wrote {os.path.relpath(tmp_path / 'x.csv', ROOT)}" if csv else "nothing written"
    assert closed.returncode == 1
    assert closed.stderr == (f"{script[0]}: error: cannot write the output: standard output "
                             f"is closed; {written}\n")
    if csv:  # the same bytes as with an open output: nothing else took its descriptor
        first = (tmp_path / "x.csv").read_bytes()
        assert run(*script, *csv).returncode == 0
        assert (tmp_path / "x.csv").read_bytes() == first


# Data lost: SIGTERM and SIGHUP are Ctrl-C: the temporary file removed, 128 + the signal.

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_terminated_run_removes_its_temporary_file_and_says_so(tmp_path, sig):
    with subprocess.Popen([sys.executable, str(ROOT / "ann_numpy.py"), "1000000", "--csv",
                           "x.csv"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True) as process:
        end = time.monotonic() + 30
        while not os.listdir(tmp_path) and time.monotonic() < end:
            time.sleep(0.01)
        assert os.listdir(tmp_path), "the run never opened its temporary file"
        process.send_signal(sig)
        stderr = process.stderr.read()
    assert process.returncode == 128 + sig
    assert stderr == f"ann_numpy.py: stopped by {sig.name}; nothing written\n"
    assert os.listdir(tmp_path) == []


def test_an_ignored_hangup_stays_ignored_and_the_handlers_are_restored():
    terminate = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    hangup = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup leaves it
    try:
        with cli.stopped_by_signals():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            with pytest.raises(cli.Stopped):
                os.kill(os.getpid(), signal.SIGTERM)
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, terminate)
        signal.signal(signal.SIGHUP, hangup)


# Tracebacks: a MemoryError is one line; a file being written is removed.

def test_a_memory_error_is_one_line_and_leaves_no_temporary_file(tmp_path, capsys, command):
    def main():
        with files.atomic_file(tmp_path / "x.csv"):
            raise MemoryError
    assert command(main) == 1
    assert capsys.readouterr().err == "probe.py: error: out of memory; nothing written\n"
    assert os.listdir(tmp_path) == []


def test_a_stopped_command_gives_128_and_the_signals_number(capsys, command):
    def main():
        raise cli.Stopped(signal.SIGTERM)
    assert command(main) == 143
    assert capsys.readouterr().err == "probe.py: stopped by SIGTERM; nothing written\n"

"""Faults a user meets: a page (README.md, docs/*.md) that is a link, read-only, not text or on a
full disk; a folder that cannot be written; an output that is full, closed or
cannot show a character; interrupted and failing runs; sizes too large. Each
gives one line and a non-zero status, never a traceback, and loses no text."""
import errno
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import convergence_test
import plot_key_differences
import regenerate
from backprop import files, readme, report
from backprop.network import WORKED_EXAMPLE
import commands
from inline_pool import InlinePool

ROOT = Path(__file__).resolve().parent.parent


run = partial(commands.run, timeout=300)


# The page convergence_test.py writes into, relative to the folder given as --root.
PAGE = readme.HOMES["convergence-tables"]


@pytest.fixture
def copy(tmp_path):
    """A copy of the page convergence_test.py writes into, in tmp_path as its --root."""
    target = tmp_path / PAGE
    target.parent.mkdir()
    target.write_bytes((ROOT / PAGE).read_bytes())
    return target


def stale(path):
    """Make the convergence tables of the page at `path` stale; return its text."""
    path.write_text(path.read_text().replace("### Error progression", "### Stale", 1))
    return path.read_text()


def test_a_symlinked_readme_is_written_through_to_its_target(copy, tmp_path):
    text = stale(copy)
    linked = tmp_path / "linked"
    (linked / "docs").mkdir(parents=True)
    link = linked / PAGE
    link.symlink_to(copy)
    assert run("convergence_test.py", "--root", str(linked)).returncode == 0
    assert link.is_symlink() and copy.read_text() != text
    assert run("convergence_test.py", "--check", "--root", str(tmp_path)).returncode == 0


def test_a_read_only_readme_is_refused(copy):
    text = stale(copy)
    copy.chmod(0o444)
    result = run("convergence_test.py", "--root", str(copy.parent.parent))
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"convergence_test.py: error: {copy} is read-only: not replaced"]
    assert copy.read_text() == text


PNG = (ROOT / "figures" / "key_differences.png").read_bytes()


@pytest.mark.parametrize("data", [b"\xff\xfe not UTF-8\n", PNG], ids=["not UTF-8", "a PNG"])
def test_a_readme_that_is_not_text_is_one_line(tmp_path, data):
    target = tmp_path / PAGE
    target.parent.mkdir()
    target.write_bytes(data)
    result = run("convergence_test.py", "--root", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"convergence_test.py: error: {target} is not UTF-8 text"]
    assert target.read_bytes() == data


def test_a_full_disk_is_one_line_and_leaves_the_old_file(copy, monkeypatch, capsys):
    text = stale(copy)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert convergence_test.main(["--root", str(copy.parent.parent)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(f": error: cannot write {copy}: No space left on device")
    assert copy.read_text() == text
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]


def test_a_folder_that_cannot_be_written_is_named(tmp_path, monkeypatch, capsys):
    def refused(**kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    assert plot_key_differences.main(["--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.endswith(
        f"error: cannot write into {tmp_path}: Permission denied\n")


def test_a_killed_runs_temporary_file_is_removed_by_the_next_run(tmp_path):
    target = tmp_path / "figure.png"
    old = tmp_path / ".figure.png.abc123de.tmp"
    recent = tmp_path / ".figure.png.def456gh.tmp"
    old.write_bytes(b"half")
    recent.write_bytes(b"another run, now")
    os.utime(old, (time.time() - 3600,) * 2)
    files.write_atomic(target, b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [recent.name, target.name]


def test_a_full_output_is_one_line_and_status_1():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "ann_numpy.py", "10"], cwd=ROOT, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == ("ann_numpy.py: error: cannot write the output: No space left on "
                             "device; nothing written\n")


PROBE = """
import sys
from backprop import cli, files
def main():
    print("first line")
    sys.stdout.flush()
    sys.stdin.readline()  # the reader has closed the pipe by now
    for k in range(10_000):
        print("a line the reader will never see", k)
    files.write_atomic(sys.argv[1], b"written after the reader left")
    {end}
    return 0
sys.argv[0] = "probe.py"
cli.run(main)
"""


def test_a_closed_pipe_ends_the_output_quietly_and_the_work_goes_on(tmp_path):
    target = tmp_path / "out.txt"
    with subprocess.Popen([sys.executable, "-c", PROBE.format(end=""), str(target)], cwd=ROOT,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout.readline() == "first line\n"
        process.stdout.close()
        process.stdin.close()
        stderr = process.stderr.read()
    assert process.returncode == 0 and stderr == ""
    assert target.read_bytes() == b"written after the reader left"


def test_an_interrupted_run_says_what_it_wrote(tmp_path):
    target = tmp_path / "out.txt"
    result = run("-c", PROBE.format(end="raise KeyboardInterrupt"), str(target), input="\n")
    assert result.returncode == 130
    assert result.stderr == f"\nprobe.py: interrupted; wrote {os.path.relpath(target, ROOT)}\n"


def test_an_output_that_cannot_show_a_character_does_not_crash(copy):
    text = stale(copy)
    result = run("convergence_test.py", "--root", str(copy.parent.parent),
                 env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and result.stderr == ""
    assert "Sequential ? parallel" in result.stdout  # "−" shown as "?"
    assert copy.read_text() != text


def test_regenerate_checks_every_marker_before_computing(tmp_path, monkeypatch, capsys):
    for page in readme.by_page(readme.SECTIONS):
        (tmp_path / page).parent.mkdir(exist_ok=True)
        (tmp_path / page).write_bytes((ROOT / page).read_bytes())
    broken = tmp_path / readme.HOMES["proof"]
    broken.write_text("<!-- BEGIN proof -->\nno end\n")
    monkeypatch.setattr(readme, "ROOT", tmp_path)
    monkeypatch.setattr(regenerate.importlib, "import_module", pytest.fail)
    with pytest.raises(SystemExit) as exit_:
        regenerate.main([])
    assert exit_.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(f": error: {broken}: line 1: BEGIN proof is never ended")


def test_a_tiny_error_prints_in_significant_digits():
    summary = report.summarize(ann_numpy.step, "sequential", WORKED_EXAMPLE, 0, 0.5)
    tiny = summary._replace(error=np.array([3.2e-20]))
    assert "0  3.20000000000e-20" in report.report(tiny)


SWEEP_BAD = [
    (["--starts", "1000000000"], "argument --starts: must be between 1 and 1,000,000, got "
                                 "'1000000000'"),
    (["--rates", str(10 ** 100)], "argument --rates: must be between 1 and 1,000,000, got "
                                  f"'{'1' + '0' * 19}…'"),
    (["--updates", str(10 ** 100)], "argument --updates: must be between 1 and 1,000,000, got "
                                    f"'{'1' + '0' * 19}…'"),
    (["--rates", "1000", "--starts", "1001"],
     "--rates times --starts is 1,001,000 networks; at most 1,000,000 fit"),
    (["--threshold", "1e308"], "argument --threshold: must be a finite positive number of at "
                               "most 1, got '1e308'"),
]


@pytest.mark.parametrize("args, message", SWEEP_BAD)
def test_sweep_sizes_are_bounded(args, message):
    result = run("sweep.py", *args)
    assert result.returncode == 2 and result.stderr == f"sweep.py: error: {message}\n"


def test_a_threshold_every_start_is_below_gives_equal_medians_without_warnings():
    result = run("-W", "error", "sweep.py", "--threshold", "1", "--rates", "3", "--starts", "2",
                 "--updates", "5", "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert "sequential 0, parallel 0 updates (ratio 1.0000)" in result.stdout


def test_the_regeneration_benchmark_writes_nothing_unless_asked():
    before = {p: p.read_bytes() for p in [ROOT / "README.md", *(ROOT / "docs").iterdir(),
                                          *(ROOT / "figures").iterdir()]}
    # its smallest run: one part, in a copy of the project like every run
    result = run("bench/regenerate.py", "--runs", "1", "--part", "convergence_test")
    assert result.returncode == 0 and "case=convergence_test" in result.stdout
    assert {p: p.read_bytes() for p in before} == before


def test_regenerate_runs_every_part_and_names_the_ones_that_failed(monkeypatch, capsys):
    ran = []

    class Part:
        def __init__(self, name):
            self.name = name

        def default_run(self):
            return "the sweep's result"

        def main(self, flags, computed=None):
            ran.append(self.name)
            assert (computed is not None) == (self.name in regenerate.BESIDE)
            return 2 if self.name == "analyze_convergence" else 0

    monkeypatch.setattr(regenerate.importlib, "import_module", Part)
    monkeypatch.setattr(regenerate.workers, "pool", lambda processes=None: InlinePool())
    assert regenerate.main([]) == 2
    assert ran == regenerate.SCRIPTS
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(": analyze_convergence failed; the others ran to the end")

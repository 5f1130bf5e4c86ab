"""The sweep's counts against single-network runs (the worked example's 2-2-2
and XOR's 2-2-1, online over four samples); the sweep's command line. The
batched engine itself: tests/test_batched.py."""
import os
import pty
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
import sweep
from backprop import batched, example
from backprop.network import LR, RUN_LENGTH, START, W1_INIT, W2_INIT, WORKED_EXAMPLE, Params
from commands import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
def test_the_count_at_the_worked_example_matches_a_single_network_run(module, sequential):
    record = module.train(RUN_LENGTH)
    expected = int(np.argmax(record.error < sweep.THRESHOLD))
    assert sweep.counts(np.array([LR]), EXAMPLE, RUN_LENGTH, sweep.THRESHOLD,
                        sequential)[0] == expected


@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
def test_the_counts_on_xor_match_single_network_runs(module, sequential):
    lr, updates, threshold = [0.5, 2, 8], 3000, 0.05
    xor = example.load(ROOT / "examples" / "xor.json")
    found = sweep.counts(np.array(lr), batched.stack([xor.start] * len(lr)), updates, threshold,
                         sequential, example=xor)
    for rate, count in zip(lr, found):
        below = module.train(updates, rate, xor).error < threshold
        # the first pass after which E_total is below the threshold; a code below 0 if none
        assert count == np.argmax(below) if below.any() else count < 0


EXAMPLE = np.concatenate([W1_INIT.ravel(), W2_INIT.ravel()])[:, None]
# A start from which one update at learning rate 100 saturates every sigmoid.
SATURATING = np.array([-0.07, 0.33, -0.48, 0.0, -0.03, 0.23, -0.29, -0.8])[:, None]


@pytest.mark.parametrize("w, lr, expected", [
    (EXAMPLE, 0.5, sweep.STILL_FALLING),  # 1,000 updates are too few; the error falls fast
    (SATURATING, 100.0, sweep.STALLED),   # E_total creeps down just below 1e-4
    (EXAMPLE, 1e300, sweep.DIVERGED),     # the first step sends the weights to infinity
])
def test_how_a_network_that_never_gets_there_ends(w, lr, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings: divergence is an outcome
        assert sweep.counts(np.array([lr]), w, 1_000, sweep.THRESHOLD, True)[0] == expected


def test_a_saturated_network_sits_between_the_threshold_and_1e_4():
    W = SATURATING[:, 0]
    start = Params(W[:4].reshape(2, 2), W[4:].reshape(2, 2), *START.b)
    record = ann_numpy.train(1_000, 100.0, WORKED_EXAMPLE._replace(start=start))
    assert np.all((sweep.THRESHOLD < record.error[1:]) & (record.error[1:] < 1e-4))


@pytest.mark.parametrize("args, message", [
    (["--rates", "0"], "argument --rates: must be between 1 and 1,000,000, got '0'"),
    (["--starts", "x"], "argument --starts: must be a whole number in the digits 0-9, got 'x'"),
    (["--threshold", "-1"],
     "argument --threshold: must be a finite positive number of at most 1, got '-1'"),
    (["--check", "--rates", "3"],
     "--check compares the page with the default sweep: give no other options"),
])
def test_bad_sweep_arguments_get_one_line_and_status_2(args, message):
    result = run("sweep.py", *args, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"sweep.py: error: {message}\n"


def test_another_sweep_leaves_the_readme_and_its_figure_alone(tmp_path):
    pages = [ROOT / "docs" / "sweeps.md", ROOT / "README.md"]
    pages_before = [page.read_bytes() for page in pages]
    figure_before = (ROOT / "figures" / "learning_rate_sweep.png").read_bytes()
    args = ["--rates", "3", "--starts", "2", "--updates", "50", "--quiet"]
    result = run("sweep.py", *args, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    assert ("README.md section sweep-answer; docs/sweeps.md section sweep left as it is"
            in result.stdout and "No figure written" in result.stdout)
    result = run("sweep.py", *args, "--out", str(tmp_path), timeout=60)
    assert result.returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["learning_rate_sweep.png"]
    assert [page.read_bytes() for page in pages] == pages_before
    assert (ROOT / "figures" / "learning_rate_sweep.png").read_bytes() == figure_before


def terminal_text(fd):
    """The rest of what a process wrote to a pseudo-terminal, whose master is
    `fd` (closed here), with its line ends as newlines."""
    chunks = []
    try:
        while chunk := os.read(fd, 4096):
            chunks.append(chunk)
    except OSError:  # EIO: the process has ended
        pass
    os.close(fd)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_ctrl_c_stops_cleanly_and_writes_nothing(tmp_path):
    readme_before = (ROOT / "docs" / "sweeps.md").read_bytes()
    # standard error a terminal, which shows the progress bar; a job started in the
    # background inherits an ignored SIGINT: give the sweep the default
    terminal, stderr = pty.openpty()
    proc = subprocess.Popen([sys.executable, "sweep.py", "--updates", "200000",
                             "--out", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=stderr, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(stderr)
    assert os.read(terminal, 8) == b"\rsweep ("  # the bar: the sweep is running
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    err = terminal_text(terminal)
    assert proc.returncode == 130 and out == ""
    assert err.rstrip().endswith("sweep.py: interrupted; nothing written")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
    assert (ROOT / "docs" / "sweeps.md").read_bytes() == readme_before

"""The batched engine against the training scripts, network by network; the
sweep's counts against single-network runs; the sweep's command line."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
import batched
import sweep
from network import W1_INIT, W2_INIT

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
def test_batched_equals_the_scripts_stacked_steps_network_by_network(module, sequential):
    rng = np.random.default_rng(11)
    W1, W2 = rng.uniform(-1, 1, (50, 2, 2)), rng.uniform(-1, 1, (50, 2, 2))
    lr = np.geomspace(0.01, 100, 50)
    w = tuple(np.concatenate([W1.reshape(50, 4), W2.reshape(50, 4)], axis=1).T)
    for _ in range(300):
        W1, W2, _, _ = module.step(W1, W2, lr)
        w, _ = batched.step(w, lr, sequential)
    ours = np.stack(w, axis=1)
    theirs = np.concatenate([W1.reshape(50, 4), W2.reshape(50, 4)], axis=1)
    np.testing.assert_allclose(ours, theirs, rtol=1e-15, atol=1e-15)


@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
def test_the_count_at_the_worked_example_matches_a_single_network_run(module, sequential):
    record = module.train(10_000)
    expected = int(np.argmax(record.error < sweep.THRESHOLD))
    w = np.concatenate([W1_INIT.ravel(), W2_INIT.ravel()])[:, None]
    assert sweep.counts(np.array([0.5]), w, 10_000, sweep.THRESHOLD, sequential)[0] == expected


def test_a_network_that_never_gets_there_counts_minus_one():
    w = np.concatenate([W1_INIT.ravel(), W2_INIT.ravel()])[:, None]
    assert sweep.counts(np.array([0.5]), w, 100, sweep.THRESHOLD, True)[0] == -1


@pytest.mark.parametrize("args, message", [
    (["--rates", "0"], "argument --rates: must be a whole number of at least 1, got '0'"),
    (["--starts", "x"], "argument --starts: must be a whole number of at least 1, got 'x'"),
    (["--threshold", "-1"], "argument --threshold: must be a finite positive number, got '-1'"),
    (["--check", "--rates", "3"],
     "--check compares the README with the default sweep: give no other options"),
])
def test_bad_sweep_arguments_get_one_line_and_status_2(args, message):
    result = subprocess.run([sys.executable, "sweep.py", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"sweep.py: error: {message}\n"

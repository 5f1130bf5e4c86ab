"""The training scripts against the independent 50-digit recomputation
(backprop/highprec.py), at 1e-12 relative; the command line's summary against
the record."""
import math
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
from backprop import example, highprec, report
from backprop.network import LR, WORKED_EXAMPLE, T

ROOT = Path(__file__).resolve().parent.parent

SCHEMES = [(ann_numpy, True), (ann_numpy_original, False)]


@pytest.mark.parametrize("module, sequential", SCHEMES)
@pytest.mark.parametrize("n", [1, 10_000])
def test_float64_run_matches_independent_recomputation(module, sequential, n):
    record = module.train(n)
    exact = highprec.trajectory(str(LR), sequential, {n})[n]
    for ours, theirs in [(record.weights(n), exact.w), (record.out_h[n, 0], exact.out_h[0]),
                         (record.out_o[n, 0], exact.out_o[0]), ([record.error[n]], [exact.error])]:
        np.testing.assert_allclose(ours, [float(v) for v in theirs], rtol=1e-12, atol=0)


@pytest.mark.parametrize("module, sequential", SCHEMES)
def test_record_holds_every_state_from_the_initial_network(module, sequential):
    record = module.train(3, lr=0.7)
    assert record.iterations == 3 and record.error.shape == (4,)
    exact = highprec.trajectory("0.7", sequential, set(range(4)))
    np.testing.assert_array_equal(record.weights(0), [float(w) for w in highprec.START])
    for n in range(4):
        np.testing.assert_allclose(record.weights(n), [float(w) for w in exact[n].w],
                                   rtol=1e-14, atol=0)
    # the step from state n is W[n+1] = W[n] - lr * grad_W[n]
    np.testing.assert_allclose(record.W1[1:], record.W1[:-1] - 0.7 * record.grad_W1[:-1],
                               rtol=1e-15, atol=0)
    np.testing.assert_allclose(record.W2[1:], record.W2[:-1] - 0.7 * record.grad_W2[:-1],
                               rtol=1e-15, atol=0)


def test_the_schemes_agree_on_the_output_layer_and_differ_on_the_hidden():
    seq, par = ann_numpy.train(1), ann_numpy_original.train(1)
    np.testing.assert_array_equal(seq.W2[1], par.W2[1])
    assert np.all(seq.W1[1] != par.W1[1])


@pytest.mark.parametrize("module", [ann_numpy, ann_numpy_original])
def test_a_saturating_learning_rate_runs_without_warnings(module):
    with np.errstate(all="raise"):
        record = module.train(50, lr=1000.0)
    assert np.isfinite(record.error).all()


@pytest.mark.parametrize("module", [ann_numpy, ann_numpy_original])
@pytest.mark.parametrize("iterations, lr", [(0, 0.5), (40_000, 0.5), (report.BLOCK + 10, 1e300)])
def test_the_command_lines_summary_is_the_record_bit_for_bit(module, iterations, lr):
    # across blocks, and for a run whose weights leave the finite numbers
    record = module.train(iterations, lr)
    summary = report.summarize(module.step, module.SCHEME, WORKED_EXAMPLE, iterations, lr)
    np.testing.assert_array_equal(summary.error, record.error)
    for ours, theirs in zip(summary.params, record.params):
        np.testing.assert_array_equal(ours, theirs[-1])
    finite = np.isfinite(record.W1).all((1, 2)) & np.isfinite(record.W2).all((1, 2))
    np.testing.assert_array_equal(summary.params_finite, finite)
    for n, out in summary.out_o.items():
        np.testing.assert_array_equal(out, record.out_o[n])
    assert sorted(summary.out_o) == report.checkpoints(iterations)


def test_the_distance_from_the_targets_is_from_the_examples_own_targets():
    # XOR's four samples (one output each): each sample's output against its own target,
    # not broadcast against the worked example's two targets 0.01 and 0.99
    xor = example.load(ROOT / "examples" / "xor.json")
    record = ann_numpy.train(1_000, example=xor)
    for s in range(4):
        expected = math.dist(record.out_o[1_000, s], xor.t[s])  # independent: math.dist
        assert record.distance(1_000, s) == pytest.approx(expected, rel=1e-15)
    assert record.distance(1_000, 0) != pytest.approx(np.linalg.norm(record.out_o[1_000, 0] - T))


def test_the_runs_of_a_process_are_shared_however_they_are_asked_for():
    from backprop.runs import example_runs, runs
    assert runs(5) is runs(5, LR) is runs(5, str(LR)) is runs(5, lr=LR)
    assert runs(5, 0.1) is not runs(5)
    xor = example_runs(5, "xor.json")
    assert xor is example_runs(5, "xor.json") and xor["sequential"].t.shape == (4, 1)

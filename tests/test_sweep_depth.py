"""sweep_depth.py: the steps at depth against prove.py and the float64 scripts;
the depth sweep's counts against single-network runs of ann_numpy.train and
ann_numpy_original.train; its sentences against the data they describe."""
import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
import prove
import sweep
import sweep_depth as S
from backprop.network import Params, model

SCRIPTS = {"sequential": ann_numpy, "parallel": ann_numpy_original}


def test_one_hidden_layer_gives_the_proofs_coefficient_exactly_linear():
    steps = S.measure_steps(S.chain(1))
    # the proof's sequential distance / eta at its smallest rate, from its own code
    (lr, _, seq), *_ = prove.step_table(prove.exact_gradient())
    assert abs(steps.coefficient[0] - seq / lr) < 1e-9
    assert f"{steps.coefficient[0]:.4f}" == "0.3154"
    assert all(abs(S.residual(steps, 0, r)) < 1e-12 for r in S.STEP_RATES)
    assert steps.at["0.5"][-1] < 1e-25 and steps.parallel < S.PARALLEL_BOUND  # the output layer


def test_two_layers_below_the_output_are_not_linear_so_the_check_can_fail():
    steps = S.measure_steps(S.chain(2))
    assert abs(S.residual(steps, 0, "2")) > 0.01  # two layers below: eta^2 and beyond
    assert abs(S.residual(steps, 1, "2")) < 1e-12  # one layer below: exactly linear


def test_the_50_digit_sequential_step_is_the_float64_scripts():
    spec = S.chain(3)
    x, t = (np.array([[float(v) for v in part]]) for part in spec.samples[0])
    W = [np.array(layer.W, dtype=float) for layer in spec.start.layers]
    b = [np.array(layer.b, dtype=float) for layer in spec.start.layers]
    _, direction = ann_numpy.step(Params.of(W, b), 2.0, x, t, False, model(["sigmoid"] * 4))
    ours = np.array([float(v) for v in S.step50(spec, "2", True)])
    theirs = np.concatenate([d.ravel() for d in direction.W])
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-13 * np.abs(theirs).max())


def single_network(params, k):
    """Network k of the engine's Params, as the scripts take it."""
    return Params(*(p[..., k] if p.shape[-1] > 1 else p[..., 0] for p in params))


@pytest.mark.parametrize("task, depth", [("worked example", 2), ("XOR", 1)])
def test_the_counts_are_single_network_runs(task, depth):
    grid, task_ = S.Grid(3, 3, 1_200), S.tasks()[task]
    found = S.sweep_one(task_, depth, grid)
    starts = S.starts(task_, depth, grid.starts, S.SEED)
    per_pass = len(task_.example.x)
    net = model(["sigmoid"] * (depth + 1))
    checked = 0
    for name, module in SCRIPTS.items():
        for i, lr in enumerate(np.geomspace(*task_.rates, grid.rates)):
            for k in range(grid.starts):
                ex = task_.example._replace(start=single_network(starts, k), model=net)
                below = module.train(grid.updates // per_pass, lr, ex).error < task_.threshold
                count = found[name][i, k]
                if below.any():
                    assert count == per_pass * np.argmax(below)
                    checked += 1
                else:
                    assert count < 0
    assert checked >= 2  # some reach the threshold: the comparison is not only of failures


def summary(ratio, low, high, failed=0.0):
    rates = len(ratio)
    s = {"ratio": np.array(ratio), "sequential": {"failed": np.full(rates, failed),
                                                  "median": np.ones(rates)},
         "parallel": {"failed": np.zeros(rates), "median": np.ones(rates)}}
    return S.Summary(s, np.array([low, high]), (failed, failed / 2, 2 * failed))


def test_the_verdicts_follow_the_band():
    sm = summary([0.9, 0.98, 1.3, np.nan, 2.0], [0.8, 0.95, 1.1, np.nan, np.nan],
                 [0.95, 1.01, 1.5, np.nan, np.nan])
    assert list(S.verdicts(sm)) == ["faster", "same", "slower", "none", "unbanded"]


def test_a_ratio_within_its_band_is_said_to_be_not_distinguishable():
    lrs, grid = np.array([1.0, 10.0]), S.GRIDS["small"]
    text = S.depth_sentence("worked example", 2, summary([0.98, 0.9], [0.95, 0.8],
                                                         [1.01, 0.95]), lrs, grid)
    assert "not distinguishable at η = 1 (ratio 0.980, 1 within its band)" in text
    assert "sequential faster at η = 10 (ratio 0.900, its band below 1)" in text
    failing = S.depth_sentence("XOR", 1, summary([np.nan, np.nan], [np.nan] * 2,
                                                 [np.nan] * 2, failed=0.2), lrs, grid)
    assert "no ratio at η = 1, 10" in failing and "Sequential fails more often: 20%" in failing


def test_the_thresholds_are_below_their_failure_modes():
    assert S.tasks()["worked example"].threshold == sweep.THRESHOLD
    # XOR: one output stuck at 0.5, the others exact, is twice the threshold
    assert S.XOR_THRESHOLD == 0.5 * 0.5 * 0.5 ** 2

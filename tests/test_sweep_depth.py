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


@pytest.mark.parametrize("task, hidden", [("worked example", (2, 2)), ("XOR", (2,)),
                                          ("worked example", S.WIDE[1:-1])])
def test_the_counts_are_single_network_runs(task, hidden):
    grid, task_ = S.Grid(3, 3, 1_200, False), S.tasks()[task]
    found = S.sweep_one(task_, hidden, grid)
    starts = S.starts(task_, hidden, grid.starts, S.SEED)
    assert [w.shape[:2] for w in starts.W] == list(zip(S.sizes_of(task_, hidden)[1:],
                                                       S.sizes_of(task_, hidden)))
    per_pass = len(task_.example.x)
    net = model(["sigmoid"] * (len(hidden) + 1))
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


def summary(ratio, low, high, failed=0.0, starts=10):
    """A Summary: sequential never gets there from `failed` of the starts at each
    rate, parallel always does; the difference's band from half of it to twice it."""
    rates = len(ratio)
    s = {"ratio": np.array(ratio), "sequential": {"failed": np.full(rates, failed),
                                                  "median": np.ones(rates)},
         "parallel": {"failed": np.zeros(rates), "median": np.ones(rates)}}
    never = round(failed * starts) * rates
    return S.Summary(s, np.array([low, high]),
                     S.Fails(never, 0, rates * starts, never / 2, 2 * never))


def test_the_verdicts_follow_the_band():
    sm = summary([0.9, 0.98, 1.3, np.nan, 2.0], [0.8, 0.95, 1.1, np.nan, np.nan],
                 [0.95, 1.01, 1.5, np.nan, np.nan])
    assert list(S.verdicts(sm)) == ["faster", "same", "slower", "none", "unbanded"]


def test_a_ratio_within_its_band_is_said_to_be_not_distinguishable():
    lrs, grid = np.array([1.0, 10.0]), S.GRIDS["small"]
    text = S.depth_sentence("worked example", (2, 2), summary([0.98, 0.9], [0.95, 0.8],
                                                         [1.01, 0.95]), lrs, grid)
    assert "not distinguishable at η = 1 (ratio 0.980, 1 within its band)" in text
    assert "sequential faster at η = 10 (ratio 0.900, its band below 1)" in text
    failing = S.depth_sentence("XOR", (2,), summary([np.nan, np.nan], [np.nan] * 2,
                                                 [np.nan] * 2, failed=0.2), lrs, grid)
    assert "no ratio at η = 1, 10" in failing
    assert ("Sequential fails more often: 4 of its 20 runs never get there within 2,000 "
            "updates, 0 of parallel's (difference +4 runs, band +2 to +8).") in failing


def test_the_thresholds_are_below_their_failure_modes():
    assert S.tasks()["worked example"].threshold == sweep.THRESHOLD
    # XOR: one output stuck at 0.5, the others exact, is twice the threshold
    assert S.XOR_THRESHOLD == 0.5 * 0.5 * 0.5 ** 2


def test_the_wide_network_is_in_the_large_grid_only():
    assert S.WIDE[1:-1] in S.networks(S.GRIDS["large"])
    assert S.WIDE[1:-1] not in S.networks(S.GRIDS["small"])
    assert S.networks(S.GRIDS["small"]) == [(2,) * depth for depth in S.DEPTHS]


def answered(by_net, rates=(1.0, 10.0, 100.0)):
    """The answer paragraph of one task's summaries {hidden layers: Summary}."""
    grid = S.GRIDS["small"]._replace(rates=len(rates))
    task = S.Task(None, 2, None, (rates[0], rates[-1]))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(S, "tasks", lambda: {"worked example": task})
        return S.answer({"worked example": by_net}, grid)


def test_the_answer_says_the_gain_grows_with_depth_only_beyond_the_bands():
    one = summary([1.0, 0.99, 0.95], [0.99, 0.98, 0.93], [1.01, 1.0, 0.97])
    deeper = summary([1.0, 0.995, 0.6], [0.99, 0.99, 0.5], [1.01, 1.0, 0.7])
    overlapping = summary([1.0, 0.995, 0.9], [0.99, 0.99, 0.8], [1.01, 1.0, 0.94])
    text = answered({(2,): one, (2, 2): deeper, (2, 2, 2): overlapping})
    assert ("at best 5% fewer (ratio 0.950 at η = 100) with 1 hidden layer, 40% (0.600 at "
            "η = 100) with 2, 10% (0.900 at η = 100) with 3.") in text
    assert ("The gain is larger than with 1 hidden layer, beyond both bands, with 2 hidden "
            "layers at η = 100.") in text
    assert "Up to η = 10 the medians are within 1% of each other at every depth." in text
    text = answered({(2,): one, (2, 2): overlapping})
    assert "gain is larger" not in text
    assert "with 2 hidden layers at η = 100" not in text


def test_the_answer_says_where_sequential_is_slower_and_fails_more():
    slower = summary([1.0, 1.3, np.nan], [0.99, 1.1, np.nan], [1.01, 1.5, np.nan], failed=0.2)
    text = answered({(2,): slower, (2, 2): slower})
    assert "sequential is never distinguishably faster with 1 and 2 hidden layers." in text
    assert "Sequential is slower (the band above 1) with 1 and 2 hidden layers at η = 10." in text
    assert ("Sequential fails more often with 1 and 2 hidden layers (its runs that never get "
            "there minus parallel's, of 30 each: +6, +6; the band beyond 0).") in text
    assert "Up to η = 1 the medians" in text  # 1.3 at the second rate: not within 1%


def test_the_answer_says_whether_width_changes_it():
    narrow = summary([1.0, 0.99, 0.95], [0.99, 0.98, 0.93], [1.01, 1.0, 0.97])
    wide = summary([0.9, 0.8, 1.0], [0.85, 0.7, 0.99], [0.95, 0.9, 1.01])
    text = answered({(2, 2, 2): narrow, (8, 8, 8): wide})
    assert ("Width changes this: at η = 1, 10, 100 the ratio in 2-8-8-8-2 differs from "
            "2-2-2-2-2's beyond both bands. In 2-8-8-8-2, sequential needs fewer updates than "
            "parallel (the ratio's band below 1): at best 20% fewer (ratio 0.800 at η = 10) with "
            "3 hidden layers of 8.") in text
    text = answered({(2, 2, 2): narrow, (8, 8, 8): narrow})
    assert "Width does not distinguishably change this: in 2-8-8-8-2, " in text
    unbanded = summary([1.2, np.nan, np.nan], [np.nan] * 3, [np.nan] * 3)
    text = answered({(2, 2, 2): narrow, (8, 8, 8): unbanded})
    assert ("Width: in 2-8-8-8-2, sequential is never distinguishably faster with 3 hidden "
            "layers of 8.") in text
    no_ratio = summary([np.nan] * 3, [np.nan] * 3, [np.nan] * 3)
    text = answered({(2, 2, 2): narrow, (8, 8, 8): no_ratio})
    assert ("Width: in 2-8-8-8-2, with 3 hidden layers of 8 there is no ratio at any rate: "
            "most starts of a scheme never get there") in text
    assert text.count("never distinguishably faster") == 0


def test_a_network_without_a_ratio_is_not_said_to_be_never_faster():
    same = summary([1.0, 0.99, 1.3], [0.99, 0.98, 1.1], [1.01, 1.0, 1.5])
    faster = summary([1.0, 0.99, 0.95], [0.99, 0.98, 0.93], [1.01, 1.0, 0.97])
    no_ratio = summary([np.nan] * 3, [np.nan] * 3, [np.nan] * 3)
    text = answered({(2,): same, (2, 2): no_ratio})
    assert text.startswith("On the worked example's task, sequential is never "
                           "distinguishably faster with 1 hidden layer. ")
    assert "With 2 hidden layers there is no ratio at any rate" in text
    text = answered({(2,): faster, (2, 2): same, (2, 2, 2): no_ratio})
    assert "; never distinguishably with 2 hidden layers. " in text
    text = answered({(2,): no_ratio, (2, 2): no_ratio})
    assert text.startswith("On the worked example's task, with 1 and 2 hidden layers there "
                           "is no ratio at any rate: ")
    assert "never distinguishably" not in text


def never_counts(per_rate, starts=40):
    """Counts (rates, starts): at each rate the first per_rate[i] starts never get
    there, the others after 100 updates."""
    counts = np.full((len(per_rate), starts), 100)
    for i, never in enumerate(per_rate):
        counts[i, :never] = S.sweep.STILL_FALLING
    return counts


def test_the_printed_failures_add_up():
    # 64 and 55 of 360 runs: 17.78% and 15.28%, apart by 2.50 points; 23 and 27 of 40
    # starts: 57.5% and 67.5%, which rounding separately prints as 57% and 68%
    grid = S.GRIDS["small"]
    runs = {"sequential": [23, 27, 14, 0, 0, 0, 0, 0, 0], "parallel": [20, 20, 15] + [0] * 6}
    result = {name: never_counts(per_rate) for name, per_rate in runs.items()}
    summaries = S.summarise({"worked example": {(2,): result}, "XOR": {(2,): result}})
    text = S.sweep_section(None, summaries, grid)
    assert ("Sequential fails more often: 64 of its 360 runs never get there within 2,000 "
            "updates, 55 of parallel's (difference +9 runs, band ") in text
    assert "(its runs that never get there minus parallel's, of 360 each: +9; " in text
    assert "At the worked example's lowest rate, 2.5, up to 23 of the 40 starts" in text
    rows = [line.split("|")[-3:-1] for line in text.splitlines()
            if line.startswith("| worked example")]
    assert [[int(cell) for cell in row] for row in rows] == [list(r) for r in
                                                             zip(*runs.values())]

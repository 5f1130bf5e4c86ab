"""Per-pass metrics (backprop/metrics.py) published and marked. The oracles: the
book's streetlight loop rerun here in exact decimal arithmetic (its inputs are 0
and 1, its weights decimals: every product is exact), and the 50-digit
reference (backprop/highprec.py) for the outputs the other metrics are taken of,
each metric then computed here in decimal from its definition."""
import json
from decimal import Decimal, getcontext
from pathlib import Path

import pytest

import ann_numpy_no_loop
from backprop import example, highprec, marking, metrics
from commands import run

ROOT = Path(__file__).resolve().parent.parent
A, C, K, W = marking.AGREES, marking.CARRIED, marking.CONVENTION, marking.WRONG
STREETLIGHTS = ROOT / "examples/grokking_streetlights.json"


def streetlight_passes(passes):
    """{N: (Error as the book prints it, the predictions)} of its pass from
    iteration N: each sample's (goal - prediction)^2 before its own update,
    summed; weights -= alpha input (prediction - goal), exactly."""
    data = json.loads(STREETLIGHTS.read_text(), parse_float=Decimal)
    x = [[Decimal(v) for v in row] for row in data["inputs"]]
    t = [Decimal(row[0]) for row in data["targets"]]
    w, alpha, found = list(data["layers"][0]["W"][0]), Decimal("0.1"), {}
    for n in range(passes):
        error, predictions = Decimal(0), []
        for inputs, goal in zip(x, t):
            prediction = sum(a * b for a, b in zip(inputs, w))
            predictions.append(prediction)
            error += (goal - prediction) ** 2
            w = [wi - alpha * xi * (prediction - goal) for wi, xi in zip(w, inputs)]
        found[n] = error, predictions
    return found


def published_of(path):
    data = json.loads(Path(path).read_text(), parse_float=str)
    at = {int(n): v for n, v in data.get("published_at", {}).items()}
    return {0: data["published"], **at} if "published" in data else at


def test_every_printed_streetlight_value_is_the_exact_recomputations():
    getcontext().prec = 60
    exact = streetlight_passes(40)
    checked = 0
    for n, values in published_of(STREETLIGHTS).items():
        for key, printed in values.items():
            error, predictions = exact[n]
            value = error if key == "error_for_all_lights" else predictions[int(key[-1]) - 1]
            # the book prints 17 significant digits; its float64 loop keeps 13 to 16
            # right, the fewest after many passes (iteration 24's Error: 1.1e-14)
            assert abs(value - Decimal(printed)) <= abs(value) * Decimal("1e-12")
            checked += 1
    assert checked == 52


def test_the_streetlights_are_marked_as_the_recomputation_finds_them():
    ex = example.load(STREETLIGHTS)
    exact = streetlight_passes(40)
    marks = {n: ann_numpy_no_loop.marked(ex, False, n, values)
             for n, values in ex.published.items()}
    verdicts = [(m.name, m.verdict, m.convention) for n in marks for m in marks[n][2]]
    assert len(verdicts) == 52
    assert [v for v in verdicts if v[0] != "running_error"] == [
        (f"out_o1_s{s}", A, None) for s in range(1, 7)] * 2
    # the book's Error is the squared error without the 1/2 its update is the gradient of
    assert [v for v in verdicts if v[0] == "running_error"] == [
        ("running_error", K, marking.TWICE)] * 40
    for n, (ours, *_) in marks.items():
        assert ours.values["running_error"] == pytest.approx(float(exact[n][0]) / 2, rel=1e-13)


def xor_file(tmp_path, published_at, mode="online"):
    data = json.loads((ROOT / "examples/xor.json").read_text())
    path = tmp_path / "xor_metrics.json"
    path.write_text(json.dumps({**data, "mode": mode, "published_at": published_at}))
    return path


def exact_metrics(n):
    """rmse, mean_abs_error, max_abs_error of xor.json at iteration n (online,
    parallel), in decimal from the 50-digit reference's outputs; and E_total there."""
    getcontext().prec = 50
    spec, lr = highprec.from_file(ROOT / "examples/xor.json")
    state = highprec.trajectory(lr, False, {n}, spec)[n]
    targets = [Decimal(0), Decimal(1), Decimal(1), Decimal(0)]
    errors = [t - out[0] for t, out in zip(targets, state.out_o)]
    return {"rmse": (sum(e * e for e in errors) / 4).sqrt(),
            "mean_abs_error": sum(abs(e) for e in errors) / 4,
            "max_abs_error": max(abs(e) for e in errors)}, state.error


def digits(value, n=12):
    return f"{float(value):.{n}g}"


def test_rmse_mean_and_largest_error_are_the_definitions_at_the_50_digit_outputs(tmp_path):
    exact, _ = exact_metrics(3)
    path = xor_file(tmp_path, {"3": {name: digits(v) for name, v in exact.items()}})
    ex = example.load(path)
    ours, _, marks, missing = ann_numpy_no_loop.marked(ex, False, 3, ex.published[3])
    assert missing == [] and [(m.name, m.verdict) for m in marks] == [
        ("rmse", A), ("mean_abs_error", A), ("max_abs_error", A)]
    for name, value in exact.items():
        assert ours.values[name] == pytest.approx(float(value), rel=1e-12)


def test_a_metric_off_in_its_last_digit_is_wrong_and_one_of_the_next_state_a_convention(
        tmp_path):
    exact3, _ = exact_metrics(3)
    exact4, _ = exact_metrics(4)
    right = digits(exact3["mean_abs_error"], 6)
    off = right[:-1] + str((int(right[-1]) + 1) % 10)
    path = xor_file(tmp_path, {"3": {"mean_abs_error": off,
                                     "rmse": digits(exact4["rmse"], 9)}})
    ex = example.load(path)
    got = {m.name: m for m in ann_numpy_no_loop.marked(ex, False, 3, ex.published[3])[2]}
    assert got["mean_abs_error"].verdict == W and got["mean_abs_error"].should == right
    assert (got["rmse"].verdict, got["rmse"].convention) == (K, marking.AFTER)


def test_the_running_error_online_is_each_samples_error_before_its_update(tmp_path):
    ex = example.load(xor_file(tmp_path, {"2": {"running_error": "1"}}))
    ours = ann_numpy_no_loop.marked(ex, False, 2, ex.published[2])[0]
    errors = [ours.values[f"E_total_s{s}"] for s in range(1, 5)]
    assert ours.values["running_error"] == sum(errors)
    # online, sample 2's error is taken after sample 1's update: not E_total at 2
    _, at_2 = exact_metrics(2)
    assert abs(ours.values["running_error"] - float(at_2)) > 1e-6


def test_in_batch_mode_the_running_error_is_E_total_before_the_update(tmp_path):
    data = json.loads((ROOT / "examples/xor.json").read_text())
    path = tmp_path / "xor_batch.json"
    path.write_text(json.dumps({**data, "mode": "batch"}))
    spec, lr = highprec.from_file(path)
    before = highprec.trajectory(lr, False, {2}, spec)[2].error
    path.write_text(json.dumps({**data, "mode": "batch",
                                "published_at": {"2": {"running_error": digits(before)}}}))
    ex = example.load(path)
    (m,) = ann_numpy_no_loop.marked(ex, False, 2, ex.published[2])[2]
    assert m.verdict == A


def test_the_running_error_from_the_sources_own_errors_and_its_mean(tmp_path):
    ex = example.load(xor_file(tmp_path, {"0": {"running_error": "1"}}))
    ours = ann_numpy_no_loop.marked(ex, False, 0, ex.published[0])[0]
    errors = {f"E_total_s{s}": round(Decimal(ours.values[f"E_total_s{s}"]), 3)
              for s in range(1, 5)}
    total = sum(errors.values())  # 3 decimals each, as a source rounds them
    assert not marking.within(ours.values["running_error"], str(total))
    mean = Decimal(ours.values["running_error"]) / 4
    ex = example.load(xor_file(tmp_path, {"0": {**{k: str(v) for k, v in errors.items()},
                                                "running_error": str(total)},
                                          "5": {"running_error": digits(mean, 8)}}))
    marks = ann_numpy_no_loop.marked(ex, False, 0, ex.published[0])[2]
    m = next(m for m in marks if m.name == "running_error")
    assert m.verdict == C and "E_total_s1 + E_total_s2" in m.why
    (m,) = ann_numpy_no_loop.marked(ex, False, 5, ex.published[5])[2]
    assert (m.verdict, m.convention) == (W, None)  # iteration 5's, not 0's
    ex = example.load(xor_file(tmp_path, {"0": {"running_error": digits(mean, 8)}}))
    (m,) = ann_numpy_no_loop.marked(ex, False, 0, ex.published[0])[2]
    assert (m.verdict, m.convention) == (K, marking.MEAN.format(4))


def test_the_metrics_are_printed_only_where_published():
    plain = run("ann_numpy_no_loop.py", "--example", "examples/mazur_published.json")
    assert "Metrics of iteration" not in plain.stdout
    marked = run("ann_numpy_no_loop.py", "--example", str(STREETLIGHTS))
    assert marked.returncode == 0 and marked.stderr == ""
    assert marked.stdout.splitlines()[2:4] == [
        "12 of 52 agree, 0 right from the source's own values, 40 explained by a convention "
        "(a factor of 2:", "  the loss without the ½: 40), 0 wrong."]
    assert marked.stdout.count("Metrics of iteration") == 40


@pytest.mark.parametrize("published_at, message", [
    ({"3": {"rmse2": 0.5}}, "unknown quantity 'rmse2' (closest: rmse"),
    ({"-1": {"rmse": 0.5}}, "published_at: \"-1\" is not an iteration"),
    ({"1.5": {"running_error": 0.5}}, "published_at: \"1.5\" is not an iteration"),
    ({"99999999999": {"rmse": 0.5}}, "is not an iteration, an integer from 0 to"),
])
def test_a_bad_metric_gets_one_line_and_status_2(tmp_path, published_at, message):
    path = xor_file(tmp_path, published_at)
    result = run("ann_numpy_no_loop.py", "--example", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_the_metric_names_have_one_home():
    from backprop import names
    assert metrics.NAMES == names.METRICS == ("running_error", "rmse", "mean_abs_error",
                                              "max_abs_error")


RELU = ROOT / "examples/grokking_relu_3_4_1.json"


def test_the_relu_networks_printed_errors_are_the_exact_recomputations_and_twice_ours():
    # the book's loop in exact decimal from the file's weights (the float64s of its
    # np.random.seed(1)): ReLU hidden layer, linear output, its deltas through the
    # weights before their update
    getcontext().prec = 80
    data = json.loads(RELU.read_text())
    W1 = [[Decimal(w) for w in row] for row in data["layers"][0]["W"]]
    W2 = [Decimal(w) for w in data["layers"][1]["W"][0]]
    x, t, alpha = data["inputs"], [row[0] for row in data["targets"]], Decimal("0.2")
    found = {}
    for n in range(60):
        error = Decimal(0)
        for inputs, goal in zip(x, t):
            nets = [sum(w * v for w, v in zip(row, inputs)) for row in W1]
            assert min(abs(net) for net in nets) > Decimal("1e-6")  # clear of ReLU's kink
            hidden = [max(net, Decimal(0)) for net in nets]
            out = sum(w * h for w, h in zip(W2, hidden))
            error += (out - goal) ** 2
            deltas = [(out - goal) * w * (net > 0) for w, net in zip(W2, nets)]
            W2 = [w - alpha * h * (out - goal) for w, h in zip(W2, hidden)]
            W1 = [[w - alpha * v * d for w, v in zip(row, inputs)] for row, d in zip(W1, deltas)]
        found[n] = error
    ex = example.load(RELU)
    for n, values in published_of(RELU).items():
        printed = Decimal(values["layer_2_error"])
        assert abs(found[n] - printed) <= found[n] * Decimal("1e-12")
        ours, _, (m,), _ = ann_numpy_no_loop.marked(ex, False, n, ex.published[n])
        assert (m.name, m.verdict, m.convention) == ("running_error", K, marking.TWICE)
        assert ours.values["running_error"] == pytest.approx(float(found[n]) / 2, rel=1e-12)

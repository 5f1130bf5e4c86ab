"""The derivation (backprop/derivation.py) of networks of any depth, activation,
loss and bias convention. Oracles: the NumPy training steps (ann_numpy.step,
ann_numpy_original.step), whose every delta is recorded as they compute it and
whose parameters after the update are compared, to 1e-12 relative (of the
layer's largest value, where a sum cancels); the 50-digit reference
(backprop/highprec.py, which shares no code with either) at 12 digits; and
each printed line, multiplied out from its printed numbers."""
import json
import re

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
from backprop import derivation, example, highprec
from backprop.activations import is_out_minus_t
from backprop.names import METRICS, Names, derived_names
from backprop.network import Example, Params, constant, one_pass
from commands import ROOT, run
from test_derivation import multiplies_out, printed_lines
from test_layers import as_file, configs

SCHEMES = [(ann_numpy, True), (ann_numpy_original, False)]


def examples(seed):
    """configs(seed) (depth 1 to 4, every activation and allowed loss, shared or
    per-neuron biases, bias input 1 or -1, 1 to 3 samples) as Examples, each
    online and batch, biases trained."""
    return [Example(constant(x), constant(t), Params(*map(constant, params)), 0.3, True, online,
                    network)
            for params, x, t, network in configs(seed) for online in (True, False)]


EXAMPLES = examples(41)


def recorded_deltas(module, monkeypatch):
    """A list that gets each delta (S, n) `module`'s step computes, in its order:
    for each update, the output layer's, then each layer's below."""
    deltas = []
    for name in ("output_delta", "hidden_delta"):
        def recording(*args, original=getattr(module, name)):
            deltas.append(original(*args))
            return deltas[-1]
        monkeypatch.setattr(module, name, recording)
    return deltas


def close(ours, theirs):
    """Equal to 1e-12 relative, or within 1e-12 of the largest of theirs (a sum
    that cancels keeps only the absolute precision of its terms)."""
    theirs = np.asarray(theirs, dtype=float)
    scale = np.max(np.abs(theirs), initial=0.0) if np.isfinite(theirs).all() else 0.0
    np.testing.assert_allclose(np.asarray(ours, dtype=float), theirs, rtol=1e-12,
                               atol=1e-12 * scale)


def delta_names(ex, layer, s):
    """The derivation's names of the deltas of `layer` for sample s."""
    names = Names(ex.start, len(ex.x))
    own = layer == names.depth and not is_out_minus_t(ex.model.activations[-1], ex.model.loss)
    return [names.delta(layer, j, own) + names.of(s) for j in range(names.sizes[layer])]


@pytest.mark.parametrize("module, sequential", SCHEMES, ids=["sequential", "parallel"])
@pytest.mark.parametrize("ex", EXAMPLES)
def test_every_derived_delta_and_parameter_is_the_training_steps(ex, module, sequential,
                                                                 monkeypatch):
    deltas = recorded_deltas(module, monkeypatch)
    with np.errstate(over="ignore", invalid="ignore"):  # a deep sequential pass can explode
        after, _ = one_pass(module.step, ex.start, ex.lr, ex.batches(), True, ex.model)
    d = derivation.derive(ex.start, ex.x, ex.t, ex.lr, sequential, True, ex.online, ex.model)
    for ours, theirs in zip(d.params, after):
        close(ours, theirs)
    depth, found = len(ex.start.W), iter(deltas)
    batches = [[s] for s in range(len(ex.x))] if ex.online else [list(range(len(ex.x)))]
    assert len(deltas) == depth * len(batches)
    for batch in batches:
        for layer in range(depth, 0, -1):
            theirs = next(found)
            ours = [[d.values[name] for name in delta_names(ex, layer, s)] for s in batch]
            close(ours, theirs)


def test_the_delta_check_catches_a_wrong_delta(monkeypatch):
    ex = EXAMPLES[1]
    deltas = recorded_deltas(ann_numpy, monkeypatch)
    one_pass(ann_numpy.step, ex.start, ex.lr, ex.batches(), True, ex.model)
    with pytest.raises(AssertionError):
        close(deltas[-1] * (1 + 1e-11), deltas[-1])


@pytest.mark.parametrize("online", [True, False], ids=["online", "batch"])
@pytest.mark.parametrize("sequential", [True, False], ids=["sequential", "parallel"])
def test_the_derived_update_is_the_50_digit_references(tmp_path, sequential, online):
    checked = 0
    for k, (params, x, t, network) in enumerate(configs(42)[::3]):
        path = as_file(tmp_path / f"{k}.json", params, x, t, network, online)
        ex = example.load(path)
        spec, lr = highprec.from_file(path)
        d = derivation.derive(ex.start, ex.x, ex.t, ex.lr, sequential, True, online, ex.model)
        ours = np.concatenate([np.ravel(p) for p in d.params])
        exact = highprec.computed(lr, sequential, {1}, spec)[1]
        if not np.isfinite(ours).all():  # a deep sequential pass can explode
            continue
        np.testing.assert_allclose(ours, np.array([*exact.w, *exact.b], dtype=float),
                                   rtol=1e-12, atol=1e-14)
        checked += 1
    assert checked >= 25


@pytest.mark.parametrize("ex", EXAMPLES[::5], ids=lambda ex: "-".join(ex.model.names[0]))
def test_the_published_names_are_the_derivations_at_any_depth(ex):
    parallel, sequential = (list(derivation.derive(ex.start, ex.x, ex.t, ex.lr, seq, True,
                                                   ex.online, ex.model).values)
                            for seq in (False, True))
    for seq, d in [(False, parallel), (True, sequential)]:
        assert list(derived_names(ex.start, len(ex.x), ex.online, ex.model, seq)) == d
    own = [name for name in sequential if name not in parallel]  # step_w1, ...
    assert all(name.startswith("step_") for name in own)
    assert example.quantity_names(ex) == [*parallel, *own, "E_total+", *METRICS]


FILES = sorted(path.name for path in (ROOT / "examples").glob("*.json"))


@pytest.mark.parametrize("ex", [example.load(ROOT / "examples" / name) for name in FILES]
                         + EXAMPLES[::7], ids=lambda ex: "-".join(ex.model.names[0]))
@pytest.mark.parametrize("sequential", [True, False], ids=["sequential", "parallel"])
def test_every_printed_formula_multiplies_out_at_any_depth(ex, sequential):
    derivations = derivation.both(ex, ex.start, ex.lr, sequential)
    text = derivation.explain(ex, ex.lr, sequential, "", derivations)
    if derivation.overflow(derivations[0]) is not None:  # a deep sequential pass can explode
        assert "the numbers overflowed float64" in text
        return
    lines, singular = list(printed_lines(text)), 0
    assert len(lines) > 5
    for numbers, printed in lines:
        try:
            assert multiplies_out(numbers, printed), (numbers, printed)
        except ValueError:  # ln(1 − 1): a saturated sigmoid's out, 1 at 9 digits
            singular += 1
    assert singular <= len(lines) // 20


def derived(tmp_path, data, *options):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(data))
    result = run("ann_numpy_no_loop.py", "--example", str(path), *options)
    assert result.returncode == 0 and result.stderr == ""
    return result.stdout


def layers_file(activations, loss, **more):
    """A small network file of these layers (2 inputs, 2 neurons a layer)."""
    layers = [{"W": [[0.5, -0.25], [0.75, 0.125]], "b": 0.0, "activation": f}
              for f in activations]
    return {"inputs": [0.5, 0.25], "targets": [0.25, 0.75], "layers": layers, "loss": loss,
            "learning_rate": 0.5, "train_biases": True, **more}


def test_a_relus_slope_at_0_is_0(tmp_path):
    # net_h1 = 0.5 x 0.5 - 0.25 x 0.25 + b, with b = -0.1875: exactly 0
    data = layers_file(["relu", "linear"], "half_sse")
    data["layers"][0]["b"] = [-0.1875, 0.0]
    out = derived(tmp_path, data)
    assert "  dout_h1/dnet_h1 = 1 if net_h1 > 0 else 0\n" \
           "                  = 1 if 0 > 0 else 0 = 0\n" in out
    assert "  dout_o1/dnet_o1 = 1\n" in out


def test_mse_shows_its_1_over_n(tmp_path):
    out = derived(tmp_path, {**layers_file(["sigmoid", "linear"], "mse"), "mode": "batch",
                             "inputs": [[0.5, 0.25], [0.1, 0.2]],
                             "targets": [[0.25, 0.75], [0.5, 0.5]]})
    assert "n = 4: the samples x outputs of an update, which mse averages over." \
        in " ".join(out.split())
    assert "  dE_total/dout_o1_s1 = -2 × (target_o1 − out_o1) / n\n" in out
    # out_o1 = 0.5 sigma(0.1875) - 0.25 sigma(0.40625) = 0.123321986..., by hand
    assert "= -2 × (0.25 − 0.123321986) / 4 = -0.0633390069114\n" in out


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_cross_entropy_after_a_sigmoid_or_softmax_has_delta_out_minus_t(tmp_path, output):
    out = derived(tmp_path, layers_file(["tanh", output], "cross_entropy"))
    assert "  dE_total/dnet_o1 = out_o1 − target_o1\n" in out
    assert "dE_total/dout_o1" not in out and "dout_o1/dnet_o1" not in out
    assert "  dE_o1/dout_h1 = dE_total/dnet_o1 × w5\n" in out  # 2-2-2: w1..w8


def test_a_threshold_on_an_input_of_minus_1_is_subtracted_and_its_gradient_negated(tmp_path):
    out = derived(tmp_path, layers_file(["sigmoid", "sigmoid"], "half_sse", bias_input=-1))
    assert "  net_h1 = w1 × i1 + w2 × i2 − b1\n" in out
    assert "\nThresholds (dnet/db = -1): the update\n" in out
    assert "  dE_total/db2 = −(dE_o1/dnet_o1 + dE_o2/dnet_o2)\n" in out


def test_the_sequential_scheme_carries_each_delta_down_through_the_updated_weights(tmp_path):
    data = layers_file(["sigmoid"] * 4, "half_sse")
    sequential = derived(tmp_path, data, "--scheme", "sequential")
    parallel = derived(tmp_path, data, "--scheme", "parallel")
    for layer in (3, 2, 1):
        assert f"\nHidden layer {layer}, through the updated W{layer + 1} (sequential)\n" \
            in sequential
    assert "  dE_h3.1/dout_h2.2 = dE_total/dnet_h3.1 × w_h2.2h3.1+\n" in sequential
    assert "  dE_h3.1/dout_h2.2 = dE_total/dnet_h3.1 × w_h2.2h3.1\n" in parallel
    assert not re.search(r"× w\S*\+", parallel) and re.search(r"× w\S*\+", sequential)


def published_file(tmp_path, published):
    data = json.loads((ROOT / "examples/hagan_1_2_1.json").read_text())
    path = tmp_path / "hagan_published.json"
    path.write_text(json.dumps({**data, "published": published}))
    return path


def test_a_published_value_of_a_1_2_1_linear_output_network_is_checked(tmp_path):
    ex = example.load(ROOT / "examples/hagan_1_2_1.json")
    after = ann_numpy_original.train(1, example=ex).params  # the oracle: the NumPy step
    w, b = after.W2[1, 0, 0], after.b2[1, 0]
    path = published_file(tmp_path, {"w_h1o1+": f"{w:.9f}", "b_o1+": f"{b + 1e-6:.9f}"})
    result = run("ann_numpy_no_loop.py", "--example", str(path))
    assert result.returncode == 1 and result.stderr == ""
    assert f"published {w:.9f}: agrees" in result.stdout
    assert "1 of 2 agree, 0 right from the source's own values" in result.stdout
    assert (f"b_o1+: published {b + 1e-6:.9f}: WRONG: should be {b:.9f}: exact "
            f"{derivation.result(b)}") in result.stdout


def test_an_unknown_published_name_of_a_deep_network_gets_the_closest_names(tmp_path):
    data = json.loads((ROOT / "examples/net_2_2_2_2.json").read_text())
    path = tmp_path / "deep.json"
    path.write_text(json.dumps({**data, "published": {"dE_h2.1/dout_h1.3": 0.1}}))
    result = run("ann_numpy_no_loop.py", "--example", str(path))
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    close = line.split("(closest: ")[1].split(")")[0].split(", ")
    assert "dE_h2.1/dout_h1.2" in close and "dE_h2.1/dout_h1.1" in close

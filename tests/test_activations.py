"""Activations and losses (backprop/activations.py). Oracles: the expressions
the scripts and the 50-digit reference use today, bit for bit (sigmoid, half
SSE); central finite differences of each function, seeded; each 50-digit
version against float64 at 1e-15 relative; the output delta against finite
differences of the loss through the output activation."""
from decimal import Decimal, localcontext

import numpy as np
import pytest

from backprop import activations, highprec
from backprop.activations import ACTIVATIONS, LOSSES, loss_for, output_delta, output_delta50

H = 1e-6  # central differences: truncation ~h^2 = 1e-12, rounding ~1e-16 |E| / h = 1e-10 |E|
# float64 computes 1 - out^2 and out (1 - out) to an ulp of 1, not of the slope
SLOPE_ULPS = 4e-16


def fd_tolerance(error):
    """What central differences of E are exact to: rounding grows with |E|."""
    return 1e-9 * max(1.0, float(np.max(np.abs(error))))


def central(f, x, h=H):
    """d f(x) / dx elementwise, for an f acting elementwise (or summing)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def points(seed, shape, scale=2.0):
    return np.random.default_rng(seed).normal(scale=scale, size=shape)


def decimals(array):
    """An array's floats as exact Decimals, nested as the array."""
    return np.vectorize(Decimal, otypes=[object])(array)


def to_float(values):
    return np.vectorize(float, otypes=[float])(np.asarray(values, dtype=object))


def outputs_and_targets(loss, seed, shape):
    """Random outputs and targets a loss is defined for, of `shape` (..., S, K)."""
    rng = np.random.default_rng(seed)
    if loss == "cross_entropy":
        return rng.uniform(0.05, 0.95, shape), rng.uniform(0.0, 1.0, shape)
    return rng.normal(size=shape), rng.normal(size=shape)


# --- bit for bit: what the scripts and the 50-digit reference computed before ---

# the sigmoid and the error as backprop/network.py wrote them
ONE = np.array(1.0)

def test_the_sigmoid_and_its_slope_are_the_scripts_bit_for_bit():
    z = np.concatenate([points(1, 1000, scale=10.0), [0.0, -745.0, 40.0, 710.0]])
    with np.errstate(over="ignore"):
        out = ACTIVATIONS["sigmoid"].f(z)
        assert np.array_equal(out, ONE / (ONE + np.exp(-z)))
    assert np.array_equal(ACTIVATIONS["sigmoid"].slope(z, out), out * (1.0 - out))


def test_half_sse_is_the_scripts_error_bit_for_bit():
    out, t = outputs_and_targets("half_sse", 2, (7, 5, 3))
    half_sse = LOSSES["half_sse"]
    assert np.array_equal(half_sse.error(out, t), np.sum(0.5 * np.sum((t - out) ** 2, axis=-1),
                                                         axis=-1))
    assert np.array_equal(half_sse.dE_dout(out, t), out - t)


def test_the_decimal_sigmoid_and_half_sse_are_the_references_bit_for_bit():
    # as backprop/highprec.py computed them before it took them from activations.py
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        for z in map(Decimal, ["0.3775", "-1.105905967", "12.5", "-40", "0", "1e-30"]):
            assert ACTIVATIONS["sigmoid"].f50(z) == 1 / (1 + (-z).exp())
        outs = [[Decimal("0.75136507"), Decimal("0.772928465")], [Decimal("0.1"), Decimal("0.2")]]
        targets = [[Decimal("0.01"), Decimal("0.99")], [Decimal("0.3"), Decimal("0.4")]]
        assert LOSSES["half_sse"].error50(outs, targets) == sum(
            (t_k - o_k) ** 2 / 2 for o, t in zip(outs, targets) for t_k, o_k in zip(t, o))


# --- NumPy: each slope and dE/dout against central differences ---

ELEMENTWISE = ["sigmoid", "tanh", "relu", "linear"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_each_slope_is_the_derivative_of_its_function(name):
    activation = ACTIVATIONS[name]
    net = points(3, (4, 6))
    assert np.min(np.abs(net)) > 10 * H  # relu: no point within h of its kink
    slope = activation.slope(net, activation.f(net))
    assert slope.shape == net.shape
    np.testing.assert_allclose(slope, central(activation.f, net), rtol=0, atol=1e-9)


def test_relu_has_slope_0_at_0():
    assert ACTIVATIONS["relu"].slope(np.array([0.0]), np.array([0.0]))[0] == 0.0
    with localcontext():
        assert ACTIVATIONS["relu"].slope50(Decimal(0), Decimal(0)) == 0


def test_softmax_is_a_distribution_over_the_last_axis_and_does_not_overflow():
    net = points(4, (3, 5, 4), scale=5.0)
    out = ACTIVATIONS["softmax"].f(net)
    np.testing.assert_allclose(np.sum(out, axis=-1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(ACTIVATIONS["softmax"].f(net + 1000.0), out, rtol=1e-13)
    e = np.exp(net)
    np.testing.assert_allclose(out, e / np.sum(e, axis=-1, keepdims=True), rtol=1e-14)
    assert ACTIVATIONS["softmax"].slope is None


def losses():
    """(name, Loss) of every loss, softmax's cross-entropy too."""
    return [*LOSSES.items(), ("softmax cross_entropy", activations.SOFTMAX_CROSS_ENTROPY)]


@pytest.mark.parametrize("name, loss", losses(), ids=[n for n, _ in losses()])
def test_each_dE_dout_is_the_derivative_of_its_loss(name, loss):
    out, t = outputs_and_targets(loss.name, 5, (2, 3, 4))
    assert loss.error(out, t).shape == (2,)
    numeric = np.empty_like(out)
    for index in np.ndindex(out.shape):
        step = np.zeros_like(out)
        step[index] = H
        lead = index[:1]  # the error of the network this output belongs to
        numeric[index] = (loss.error(out + step, t)[lead] - loss.error(out - step, t)[lead]) / (
            2 * H)
    np.testing.assert_allclose(loss.dE_dout(out, t), numeric, rtol=1e-8,
                               atol=fd_tolerance(loss.error(out, t)))


def test_mse_averages_over_samples_and_outputs():
    out, t = outputs_and_targets("mse", 6, (5, 3))
    assert LOSSES["mse"].error(out, t) == pytest.approx(np.mean((t - out) ** 2), rel=1e-15)
    assert LOSSES["sse"].error(out, t) == pytest.approx(15 * np.mean((t - out) ** 2), rel=1e-15)


# --- decimal: each 50-digit version against float64 ---

@pytest.mark.parametrize("name", ELEMENTWISE)
def test_each_50_digit_activation_and_slope_agree_with_float64(name):
    activation = ACTIVATIONS[name]
    net = points(7, 40, scale=4.0)
    out = activation.f(net)
    with localcontext() as ctx:
        ctx.prec = 50
        out50 = [activation.f50(v) for v in decimals(net)]
        slope50 = [activation.slope50(v, o) for v, o in zip(decimals(net), out50)]
    assert all(isinstance(v, Decimal) for v in out50 + slope50)
    np.testing.assert_allclose(to_float(out50), out, rtol=1e-15, atol=0)
    np.testing.assert_allclose(to_float(slope50), activation.slope(net, out), rtol=1e-14,
                               atol=SLOPE_ULPS)


def textbook_tanh(x, digits):
    """(e^2x - 1) / (e^2x + 1) at `digits` digits."""
    with localcontext() as ctx:
        ctx.prec = digits
        e = (2 * x).exp()
        return (e - 1) / (e + 1)


def test_the_50_digit_tanh_does_not_overflow_and_keeps_every_digit():
    with localcontext() as ctx:
        ctx.prec = 50
        tanh50 = ACTIVATIONS["tanh"].f50
        assert tanh50(Decimal("1e7")) == 1 and tanh50(Decimal("-1e7")) == -1
        assert tanh50(Decimal(0)) == 0
        # every digit, also where 1 - e^-2|net| cancels many (the oracle has 1000, less 400)
        for x in map(Decimal, ["0.5", "-3.25", "0.001", "1e-30", "-1e-10", "3e-26", "1e-400"]):
            assert abs(tanh50(x) - textbook_tanh(x, digits=1000)) <= abs(x) * Decimal("1e-49")


def test_the_50_digit_softmax_agrees_with_float64():
    net = points(8, (6, 3), scale=4.0)
    with localcontext() as ctx:
        ctx.prec = 50
        out50 = [ACTIVATIONS["softmax"].f50(tuple(row)) for row in decimals(net)]
        big = ACTIVATIONS["softmax"].f50(tuple(map(Decimal, ["1e6", "0"])))  # no overflow
        assert big[0] == 1 and 0 < big[1] < Decimal("1e-434294")
    assert all(isinstance(row, tuple) for row in out50)
    np.testing.assert_allclose(to_float(out50), ACTIVATIONS["softmax"].f(net), rtol=1e-15)


@pytest.mark.parametrize("name, loss", losses(), ids=[n for n, _ in losses()])
def test_each_50_digit_loss_and_dE_dout_agree_with_float64(name, loss):
    out, t = outputs_and_targets(loss.name, 9, (4, 3))
    with localcontext() as ctx:
        ctx.prec = 50
        outs, targets = decimals(out), decimals(t)
        error50 = loss.error50(outs, targets)
        dE_dout50 = [[loss.dE_dout50(o, tk, out.size) for o, tk in zip(os, ts)]
                     for os, ts in zip(outs, targets)]
    assert isinstance(error50, Decimal)
    np.testing.assert_allclose(float(error50), loss.error(out, t), rtol=1e-15, atol=0)
    np.testing.assert_allclose(to_float(dE_dout50), loss.dE_dout(out, t), rtol=1e-14, atol=0)


# --- the output delta: dE/dnet through the output activation ---

OUTPUT_PAIRS = [(a, loss) for a in ACTIVATIONS for loss in LOSSES
                if activations.pairing_error([a], loss) is None]


def test_every_output_activation_has_an_allowed_loss():
    assert {a for a, _ in OUTPUT_PAIRS} == set(ACTIVATIONS)
    # each activation but softmax with the three squared errors; cross_entropy after a
    # sigmoid and after a softmax
    assert ("softmax", "cross_entropy") in OUTPUT_PAIRS and ("sigmoid", "cross_entropy") in \
        OUTPUT_PAIRS and len(OUTPUT_PAIRS) == (len(ACTIVATIONS) - 1) * 3 + 2


def targets_for(activation, loss, seed, shape):
    """Targets a pairing is defined for: each sample's summing to 1 after softmax."""
    rng = np.random.default_rng(seed)
    if activation == "softmax":
        t = rng.uniform(0.0, 1.0, shape)
        return t / np.sum(t, axis=-1, keepdims=True)
    if loss == "cross_entropy":
        return rng.uniform(0.0, 1.0, shape)
    return rng.normal(size=shape)


@pytest.mark.parametrize("name, loss_name", OUTPUT_PAIRS)
def test_the_output_delta_is_the_derivative_of_the_loss_by_net(name, loss_name):
    activation, loss = ACTIVATIONS[name], loss_for(name, loss_name)
    net = points(10, (4, 3))  # 4 samples, 3 outputs (3 classes for softmax)
    t = targets_for(name, loss_name, 11, net.shape)

    def error(v):
        return loss.error(activation.f(v), t)

    numeric = np.empty_like(net)
    for index in np.ndindex(net.shape):
        step = np.zeros_like(net)
        step[index] = H
        numeric[index] = (error(net + step) - error(net - step)) / (2 * H)
    delta = output_delta(activation, loss, net, activation.f(net), t)
    np.testing.assert_allclose(delta, numeric, rtol=1e-7, atol=fd_tolerance(error(net)))
    # and its decimal twin, per sample
    with localcontext() as ctx:
        ctx.prec = 50
        out50 = [activation.f50(tuple(row)) if name == "softmax" else
                 tuple(map(activation.f50, row)) for row in decimals(net)]
        delta50 = [output_delta50(activation, loss, nets, outs, ts, net.size)
                   for nets, outs, ts in zip(decimals(net), out50, decimals(t))]
    np.testing.assert_allclose(to_float(delta50), delta, rtol=1e-13, atol=1e-15)


def test_the_cross_entropy_deltas_are_out_minus_t_exactly():
    net = points(12, (2, 3))
    t = targets_for("softmax", "cross_entropy", 13, net.shape)
    for name in ("softmax", "sigmoid"):
        out = ACTIVATIONS[name].f(net)
        delta = output_delta(ACTIVATIONS[name], loss_for(name, "cross_entropy"), net, out, t)
        assert np.array_equal(delta, out - t)


def test_the_half_sse_sigmoid_delta_is_the_scripts_bit_for_bit():
    net = points(14, (3, 2))
    out = ONE / (ONE + np.exp(-net))
    t = targets_for("sigmoid", "half_sse", 15, net.shape)
    delta = output_delta(ACTIVATIONS["sigmoid"], LOSSES["half_sse"], net, out, t)
    assert np.array_equal(delta, (out - t) * (out * (1.0 - out)))
    # a hidden layer's, from dE/dout: left to right, as the scripts' hidden delta was
    dE_dout = points(16, net.shape)
    assert np.array_equal(activations.hidden_delta(ACTIVATIONS["sigmoid"], dE_dout, net, out),
                          dE_dout * out * (1.0 - out))


def test_cross_entropy_after_softmax_is_the_categorical_one():
    assert loss_for("softmax", "cross_entropy") is activations.SOFTMAX_CROSS_ENTROPY
    assert loss_for("sigmoid", "cross_entropy") is LOSSES["cross_entropy"]
    out, t = np.array([[0.2, 0.5, 0.3]]), np.array([[0.0, 1.0, 0.0]])
    assert activations.SOFTMAX_CROSS_ENTROPY.error(out, t) == pytest.approx(-np.log(0.5))


# --- which pairings are allowed ---

KNOWN_ACTIVATIONS = "sigmoid, tanh, relu, linear, softmax"


@pytest.mark.parametrize("layers, loss, message", [
    (["sigmoid", "sigmoid"], "half_sse", None),
    (["tanh", "relu", "linear"], "mse", None),
    (["relu", "softmax"], "cross_entropy", None),
    (["linear", "sigmoid"], "cross_entropy", None),
    (["softmax"], "cross_entropy", None),
    (["softmax", "sigmoid"], "cross_entropy",
     "layer 1: softmax is allowed only on the output layer (layer 2)"),
    (["sigmoid", "softmax"], "half_sse", "softmax outputs need the loss cross_entropy, not "
     "half_sse"),
    (["sigmoid", "tanh"], "cross_entropy", "cross_entropy needs sigmoid or softmax outputs, "
     "not tanh"),
    (["sigmoid", "swish"], "sse", f"layer 2: unknown activation 'swish'; the activations are "
     f"{KNOWN_ACTIVATIONS}"),
    (["sigmoid"], "hinge", "unknown loss 'hinge'; the losses are half_sse, sse, mse, "
     "cross_entropy"),
    ([], "sse", "a network needs at least one layer"),
])
def test_pairing_error(layers, loss, message):
    assert activations.pairing_error(layers, loss) == message


def test_softmax_without_cross_entropy_has_no_delta():
    with pytest.raises(ValueError, match="softmax outputs need the loss cross_entropy"):
        output_delta(ACTIVATIONS["softmax"], LOSSES["sse"], np.zeros((1, 3)), np.zeros((1, 3)),
                     np.zeros((1, 3)))

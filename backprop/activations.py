"""Each activation and each loss, defined once: its NumPy function, its slope
(or derivative), the formula a derivation prints, and its 50-digit decimal twin.
Looked up by name (ACTIVATIONS, LOSSES); pairing_error says which pairings of
activations and loss a network may use. Imported by every implementation; the
decimal twins use only Python's decimal module, never NumPy or a float.

Legend: net = a neuron's weighted sum, out = f(net) its output, t = target;
dE_dout = dE/dout, slope = dout/dnet, delta = dE/dnet. NumPy arrays of
samples and outputs have the shape (..., S, K): S samples of K outputs.
"""
from collections import namedtuple
import decimal
from decimal import Decimal

import numpy as np

# 1 as a 0-d array: NumPy combines it with a small array sooner than the float 1.0
# (about 140 ns of 430 for a 2 x 2 array; the same bits)
ONE = np.array(1.0)


class Activation(namedtuple("Activation", "name f slope formula slope_formula f50 slope50")):
    """A neuron's activation: f(net) -> out (NumPy, any shape; a float gives a
    float); slope(net, out) -> dout/dnet elementwise (None for softmax, whose
    Jacobian is not diagonal); the formulas a derivation prints (see FORMULAS):
    formula(size, j), out of neuron j of a layer of `size` neurons, and
    slope_formula, dout/dnet (None for softmax); f50(net) and slope50(net,
    out), the same on Decimals in the current decimal context (softmax's f50
    takes and returns a layer's outputs)."""

    __slots__ = ()


class Loss(namedtuple("Loss", "name error dE_dout term formula dE_dout_formula error50 "
                             "dE_dout50")):
    """A loss E: error(out, t) -> E of shape (...) from out, t of shape
    (..., S, K); dE_dout(out, t) -> dE/dout of shape (..., S, K); term(out,
    t, n) -> one output's share of E, on floats; the formulas a derivation
    prints (see FORMULAS): formula, of that share (a pair: with names, with
    the numbers put in), and dE_dout_formula, of dE/dout; and the decimal
    twins: error50(outs, targets) -> E, outs and targets holding per sample a
    sequence of its outputs (S sequences of K Decimals); dE_dout50(out,
    target, n) -> dE/dout of one output, n = S K being the count E averages
    over (only mse divides by it; the others ignore it), in plain arithmetic:
    on Decimals, or on floats as the derivation calls it."""

    __slots__ = ()


# FORMULAS: a formula as a derivation prints it is a string of named fields, each
# a quantity of one neuron: {net}, {out}, {t} (its target), {n} (mse's S K), and
# {net1}, {net2}, .. (the nets of its layer, for softmax). The derivation puts in
# the quantities' names, then their numbers.


def each(formula):
    """The formula(size, j) of an activation applied neuron by neuron: `formula`."""
    return lambda size, j: formula


def softmax_formula(size, j):
    """out_j = e^net_j / (e^net_1 + ... + e^net_size), j 0-based."""
    return f"e^({{net{j + 1}}}) / (" + " + ".join(f"e^({{net{k}}})"
                                                  for k in range(1, size + 1)) + ")"


# delta = dE/dnet of an output whose slope cancels the loss's denominator (OUT_MINUS_T)
OUT_MINUS_T_FORMULA = "{out} − {t}"


# --- activations: NumPy ---

def sigmoid(net):
    """Logistic sigmoid 1 / (1 + e^-net), for any net (e^-net overflows to inf
    below -709, giving 0, the right limit, with NumPy's overflow warning)."""
    # out = 1 / (1 + e^-net)
    return ONE / (ONE + np.exp(-net))


def sigmoid_slope(net, out):
    # dout/dnet = out (1 - out)
    return out * (ONE - out)


def tanh_slope(net, out):
    # dout/dnet = 1 - out^2
    return 1.0 - out ** 2


def relu(net):
    # out = max(net, 0)
    return np.maximum(net, 0.0)


def relu_slope(net, out):
    # dout/dnet = 1 if net > 0 else 0 (0 at net = 0)
    return np.where(net > 0, 1.0, 0.0)


def linear(net):
    """out = net: net itself, not a copy."""
    return net


def linear_slope(net, out):
    # dout/dnet = 1
    return np.ones_like(net, dtype=float)


def softmax(net):
    """out_j = e^net_j / sum_k e^net_k over the last axis, computed from
    net - max(net), which does not change it and cannot overflow."""
    # e^(net_j - max net) <= 1
    e = np.exp(net - np.max(net, axis=-1, keepdims=True))
    # out_j = e_j / sum_k e_k
    return e / np.sum(e, axis=-1, keepdims=True)


# --- activations: decimal ---

def sigmoid50(net):
    # sigma(net) = 1 / (1 + e^-net)
    return 1 / (1 + (-net).exp())


def sigmoid_slope50(net, out):
    # dout/dnet = out (1 - out)
    return out * (1 - out)


def tanh50(net):
    """tanh(net) = (e^2net - 1) / (e^2net + 1), to the context's digits,
    written with e^-2|net| <= 1 so that a large |net| cannot overflow:
    tanh(|net|) = (1 - e^-2|net|) / (1 + e^-2|net|), and tanh is odd. For a
    small |net|, 1 - e^-2|net| cancels about -log10 |net| digits, computed
    as guard digits; below 10^-(digits/2), tanh(net) = net - net^3/3 is net
    to the context's digits."""
    digits = decimal.getcontext().prec
    if net.adjusted() < -(digits // 2) - 1:
        # tanh(net) = net (1 - net^2/3 + ...), net^2 < 10^-digits
        return +net
    with decimal.localcontext() as ctx:
        ctx.prec = digits + max(0, -net.adjusted())
        # e^-2|net|, at most 1
        e = (-2 * abs(net)).exp()
        # tanh(|net|) = (1 - e^-2|net|) / (1 + e^-2|net|)
        magnitude = (1 - e) / (1 + e)
    # rounded to the context's digits
    return -magnitude if net < 0 else +magnitude


def tanh_slope50(net, out):
    # dout/dnet = 1 - out^2
    return 1 - out * out


def relu50(net):
    # out = max(net, 0)
    return net if net > 0 else Decimal(0)


def relu_slope50(net, out):
    # dout/dnet = 1 if net > 0 else 0
    return Decimal(1) if net > 0 else Decimal(0)


def linear50(net):
    # out = net
    return net


def linear_slope50(net, out):
    # dout/dnet = 1
    return Decimal(1)


def softmax50(nets):
    """out_j = e^(net_j - max net) / sum_k e^(net_k - max net), for one sample's
    nets (a sequence of Decimals): a tuple of Decimals."""
    top = max(nets)
    # e^(net_j - max net) <= 1
    e = [(v - top).exp() for v in nets]
    total = sum(e)
    # out_j = e_j / sum_k e_k
    return tuple(v / total for v in e)


def outputs50(activation, nets):
    """The outputs of a layer whose neurons' nets are `nets` (Decimals), as a
    tuple: softmax over the layer, any other activation neuron by neuron."""
    if activation.name == "softmax":
        return activation.f50(nets)
    return tuple(activation.f50(v) for v in nets)


ACTIVATIONS = {a.name: a for a in [
    Activation("sigmoid", sigmoid, sigmoid_slope, each("1 / (1 + e^(−{net}))"),
               "{out} × (1 − {out})", sigmoid50, sigmoid_slope50),
    Activation("tanh", np.tanh, tanh_slope, each("tanh({net})"), "1 − {out}²", tanh50,
               tanh_slope50),
    Activation("relu", relu, relu_slope, each("max({net}, 0)"), "1 if {net} > 0 else 0",
               relu50, relu_slope50),
    Activation("linear", linear, linear_slope, each("{net}"), "1", linear50, linear_slope50),
    # the Jacobian dout_j/dnet_k = out_j (delta_jk - out_k) is not diagonal: no slope.
    # Allowed only with cross_entropy, where the output delta is out - t.
    Activation("softmax", softmax, None, softmax_formula, None, softmax50, None),
]}


# --- losses: NumPy; out, t of shape (..., S, K), E of shape (...) ---

def half_sse(out, t):
    """E = sum over samples and outputs of 1/2 (t - out)^2."""
    # E = sum_s sum_k 1/2 (t - out)^2
    return np.sum(0.5 * np.sum((t - out) ** 2, axis=-1), axis=-1)


def half_sse_dE_dout(out, t):
    # dE/dout = -(t - out)
    return out - t


def sse(out, t):
    """E = sum over samples and outputs of (t - out)^2."""
    # E = sum_s sum_k (t - out)^2
    return np.sum(np.sum((t - out) ** 2, axis=-1), axis=-1)


def sse_dE_dout(out, t):
    # dE/dout = -2 (t - out)
    return 2.0 * (out - t)


def count(out):
    """n = S K, the samples x outputs that mse averages over (one update's)."""
    return np.shape(out)[-2] * np.shape(out)[-1]


def mse(out, t):
    """E = the mean over samples and outputs of (t - out)^2."""
    # E = 1/n sum_s sum_k (t - out)^2, n = S K
    return np.sum(np.sum((t - out) ** 2, axis=-1), axis=-1) / count(out)


def mse_dE_dout(out, t):
    # dE/dout = -2 (t - out) / n, n = S K
    return 2.0 * (out - t) / count(out)


def binary_cross_entropy(out, t):
    """E = -sum over samples and outputs of [t ln out + (1 - t) ln(1 - out)]
    (sigmoid outputs; an output of exactly 0 or 1 gives inf or nan)."""
    # E = -sum_s sum_k [t ln out + (1 - t) ln(1 - out)]
    return -np.sum(np.sum(t * np.log(out) + (1.0 - t) * np.log(1.0 - out), axis=-1), axis=-1)


def binary_cross_entropy_dE_dout(out, t):
    # dE/dout = -(t / out) + (1 - t) / (1 - out)
    return -(t / out) + (1.0 - t) / (1.0 - out)


def categorical_cross_entropy(out, t):
    """E = -sum over samples and outputs of t ln out (softmax outputs)."""
    # E = -sum_s sum_k t ln out
    return -np.sum(np.sum(t * np.log(out), axis=-1), axis=-1)


def categorical_cross_entropy_dE_dout(out, t):
    # dE/dout = -(t / out)
    return -(t / out)


# --- losses: one output's share of E, on floats (the derivation's E_o) ---

def half_sse_term(out, t, n):
    # E_o = 1/2 (t - out)^2
    return 0.5 * (t - out) ** 2


def sse_term(out, t, n):
    # E_o = (t - out)^2
    return (t - out) ** 2


def mse_term(out, t, n):
    # E_o = (t - out)^2 / n, n = S K
    return (t - out) ** 2 / n


def binary_cross_entropy_term(out, t, n):
    # E_o = -[t ln out + (1 - t) ln(1 - out)]
    return -(t * np.log(out) + (1.0 - t) * np.log(1.0 - out))


def categorical_cross_entropy_term(out, t, n):
    # E_o = -t ln out
    return -(t * np.log(out))


# --- losses: decimal; outs, targets: per sample, a sequence of its outputs ---

def pairs(outs, targets):
    """(out, target) of every output of every sample, sample by sample."""
    return ((o, t) for os, ts in zip(outs, targets) for o, t in zip(os, ts))


def half_sse50(outs, targets):
    # E = sum_s sum_k 1/2 (t - out)^2
    return sum((t - o) ** 2 / 2 for o, t in pairs(outs, targets))


def half_sse_dE_dout50(out, target, n):
    # dE/dout = -(t - out)
    return -(target - out)


def sse50(outs, targets):
    # E = sum_s sum_k (t - out)^2
    return sum((t - o) ** 2 for o, t in pairs(outs, targets))


def sse_dE_dout50(out, target, n):
    # dE/dout = -2 (t - out)
    return -2 * (target - out)


def mse50(outs, targets):
    # E = 1/n sum_s sum_k (t - out)^2, n = S K
    return sum((t - o) ** 2 for o, t in pairs(outs, targets)) / sum(map(len, outs))


def mse_dE_dout50(out, target, n):
    # dE/dout = -2 (t - out) / n
    return -2 * (target - out) / n


def binary_cross_entropy50(outs, targets):
    # E = -sum_s sum_k [t ln out + (1 - t) ln(1 - out)]
    return -sum(t * o.ln() + (1 - t) * (1 - o).ln() for o, t in pairs(outs, targets))


def binary_cross_entropy_dE_dout50(out, target, n):
    # dE/dout = -(t / out) + (1 - t) / (1 - out)
    return -(target / out) + (1 - target) / (1 - out)


def categorical_cross_entropy50(outs, targets):
    # E = -sum_s sum_k t ln out
    return -sum(t * o.ln() for o, t in pairs(outs, targets))


def categorical_cross_entropy_dE_dout50(out, target, n):
    # dE/dout = -(t / out)
    return -(target / out)


LOSSES = {loss.name: loss for loss in [
    Loss("half_sse", half_sse, half_sse_dE_dout, half_sse_term,
         ("½ ({t} − {out})²", "½ × ({t} − {out})²"), "−({t} − {out})", half_sse50,
         half_sse_dE_dout50),
    Loss("sse", sse, sse_dE_dout, sse_term, ("({t} − {out})²",) * 2, "−2 × ({t} − {out})",
         sse50, sse_dE_dout50),
    Loss("mse", mse, mse_dE_dout, mse_term, ("({t} − {out})² / {n}",) * 2,
         "−2 × ({t} − {out}) / {n}", mse50, mse_dE_dout50),
    Loss("cross_entropy", binary_cross_entropy, binary_cross_entropy_dE_dout,
         binary_cross_entropy_term, ("−({t} × ln({out}) + (1 − {t}) × ln(1 − {out}))",) * 2,
         "−({t} / {out}) + (1 − {t}) / (1 − {out})", binary_cross_entropy50,
         binary_cross_entropy_dE_dout50),
]}
# cross_entropy after a softmax: -sum t ln out, not the binary form of LOSSES
SOFTMAX_CROSS_ENTROPY = Loss("cross_entropy", categorical_cross_entropy,
                             categorical_cross_entropy_dE_dout, categorical_cross_entropy_term,
                             ("−{t} × ln({out})",) * 2, "−({t} / {out})",
                             categorical_cross_entropy50, categorical_cross_entropy_dE_dout50)


def loss_for(activation, loss):
    """The Loss a network trains whose output layer has the activation named
    `activation` and whose loss is named `loss`: LOSSES[loss], except that
    cross_entropy after softmax is the categorical -sum t ln out."""
    if activation == "softmax" and loss == "cross_entropy":
        return SOFTMAX_CROSS_ENTROPY
    return LOSSES[loss]


def hidden_delta(activation, dE_dout, net, out):
    """delta = dE/dnet = dE/dout * dout/dnet of a hidden layer of `activation`;
    the sigmoid's multiplied left to right, dE/dout * out * (1 - out): the bits
    the training scripts have always computed (its slope as one factor rounds
    differently in the last bit)."""
    if activation.name == "sigmoid":
        return dE_dout * out * (ONE - out)
    return dE_dout * activation.slope(net, out)


# (loss, output activation) whose dE/dnet at the output layer is out - t:
# cross_entropy after a sigmoid (any t) or a softmax (each sample's targets summing to 1).
# A set, not a function: the training step asks it at every update.
OUT_MINUS_T = {("cross_entropy", "sigmoid"), ("cross_entropy", "softmax")}


def is_out_minus_t(activation, loss):
    """Whether the output layer's delta dE/dnet is out - t (see OUT_MINUS_T)."""
    return (loss.name, activation.name) in OUT_MINUS_T


def output_delta(activation, loss, net, out, t):
    """delta = dE/dnet of the output layer, (..., S, K), for the Activation
    and Loss objects of a network (loss as loss_for gives it)."""
    if (loss.name, activation.name) in OUT_MINUS_T:
        # delta = out - t: the slope cancels the loss's denominator
        return out - t
    if activation.slope is None:
        raise ValueError(pairing_error([activation.name], loss.name))
    # delta = dE/dout * dout/dnet
    return loss.dE_dout(out, t) * activation.slope(net, out)


def output_delta50(activation, loss, nets, outs, targets, n):
    """output_delta for one sample in decimal: its nets, outputs and targets
    (sequences of Decimals) and n = samples x outputs (mse's divisor); a tuple."""
    if (loss.name, activation.name) in OUT_MINUS_T:
        # delta = out - t
        return tuple(o - t for o, t in zip(outs, targets))
    if activation.slope50 is None:
        raise ValueError(pairing_error([activation.name], loss.name))
    # delta = dE/dout * dout/dnet
    return tuple(loss.dE_dout50(o, t, n) * activation.slope50(v, o)
                 for v, o, t in zip(nets, outs, targets))


def pairing_error(activations, loss):
    """None if a network whose layers (first hidden to output) have the
    activations named `activations` may be trained with the loss named
    `loss`; else a one-line message saying why not."""
    if not activations:
        return "a network needs at least one layer"
    for i, name in enumerate(activations):
        if name not in ACTIVATIONS:
            return (f"layer {i + 1}: unknown activation {name!r}; the activations are "
                    f"{', '.join(ACTIVATIONS)}")
    if loss not in LOSSES:
        return f"unknown loss {loss!r}; the losses are {', '.join(LOSSES)}"
    *below, last = activations
    if "softmax" in below:
        return (f"layer {below.index('softmax') + 1}: softmax is allowed only on the output "
                f"layer (layer {len(activations)})")
    if last == "softmax" and loss != "cross_entropy":
        return f"softmax outputs need the loss cross_entropy, not {loss}"
    if loss == "cross_entropy" and last not in ("sigmoid", "softmax"):
        return f"cross_entropy needs sigmoid or softmax outputs, not {last}"
    return None

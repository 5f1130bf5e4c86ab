"""A fast batched engine: many networks of the worked example trained at once,
one NumPy array of length N per weight (structure of arrays).

The same update rules as ann_numpy.py (sequential) and ann_numpy_original.py
(parallel), written weight by weight so that each NumPy call works on N
networks; tests/test_sweep.py proves it equal to the scripts' steps, network
by network. Used by sweep.py and bench/throughput.py.

For speed, each intermediate is computed in place in an array the step owns
(the same operations in the same order as the formula above it, so the same
bits), and more than CHUNK networks are updated a chunk at a time, so that a
chunk's arrays stay in the CPU's cache, its results written straight into
arrays for all the networks.
"""
import numpy as np

from backprop.network import B1, B2, T, X

I1, I2 = X
T1, T2 = T
CHUNK = 10_000


def sigmoid_in_place(z):
    # 1 / (1 + e^-z), in z's memory
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.divide(1.0, z, out=z)


def weighted_sum(a, x, b, y, scratch):
    # a x + b y (scratch holds b y)
    s = a * x
    s += np.multiply(b, y, out=scratch)
    return s


def neuron(a, x, b, y, bias, scratch):
    # out = sigmoid(net), net = a x + b y + bias
    z = weighted_sum(a, x, b, y, scratch)
    z += bias
    return sigmoid_in_place(z)


def forward(w, scratch):
    """out_h1, out_h2, out_o1, out_o2 for weights w = (w1..w8), each of shape (N,)."""
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    h1, h2 = neuron(w1, I1, w2, I2, B1, scratch), neuron(w3, I1, w4, I2, B1, scratch)
    o1, o2 = neuron(w5, h1, w6, h2, B2, scratch), neuron(w7, h1, w8, h2, B2, scratch)
    return h1, h2, o1, o2


def error(o1, o2, scratch, out=None):
    # E_total = 1/2 (t1 - o1)^2 + 1/2 (t2 - o2)^2
    e = np.subtract(T1, o1, out=out)
    e *= e
    e *= 0.5
    s = np.subtract(T2, o2, out=scratch)
    s *= s
    s *= 0.5
    e += s
    return e


def delta(slope, y, scratch):
    # delta = dE/dy * dy/dnet = slope y (1 - y) for a neuron's output y, in slope's memory
    slope *= y
    slope *= np.subtract(1.0, y, out=scratch)
    return slope


def updated(w, lr, d, x, scratch, out=None):
    # w+ = w - eta (delta x)
    s = np.multiply(d, x, out=scratch)
    s *= lr
    return np.subtract(w, s, out=out)


def update(w, lr, sequential, out=(None,) * 9):
    """One update of every network; returns (new w, E_total before the update),
    written into `out`'s nine arrays if given."""
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    s = np.empty_like(w1)
    h1, h2, o1, o2 = forward(w, s)
    # delta_o = (out_o - target) out_o (1 - out_o)
    d1, d2 = delta(o1 - T1, o1, s), delta(o2 - T2, o2, s)
    # w5+ = w5 - eta delta_o1 out_h1, and likewise w6, w7, w8
    n5, n6 = updated(w5, lr, d1, h1, s, out[4]), updated(w6, lr, d1, h2, s, out[5])
    n7, n8 = updated(w7, lr, d2, h1, s, out[6]), updated(w8, lr, d2, h2, s, out[7])
    # dE/dout_h1 = delta_o1 w5 + delta_o2 w7: the updated w5, w7 if sequential, else the old
    v5, v6, v7, v8 = (n5, n6, n7, n8) if sequential else (w5, w6, w7, w8)
    # delta_h = dE/dout_h out_h (1 - out_h)
    e1 = delta(weighted_sum(d1, v5, d2, v7, s), h1, s)
    e2 = delta(weighted_sum(d1, v6, d2, v8, s), h2, s)
    # w1+ = w1 - eta delta_h1 i1, and likewise w2, w3, w4
    new = (updated(w1, lr, e1, I1, s, out[0]), updated(w2, lr, e1, I2, s, out[1]),
           updated(w3, lr, e2, I1, s, out[2]), updated(w4, lr, e2, I2, s, out[3]),
           n5, n6, n7, n8)
    return new, error(o1, o2, s, out[8])


def step(w, lr, sequential):
    """One update of every network, CHUNK networks at a time; returns (new w,
    E_total before the update)."""
    n = len(lr)
    if n <= CHUNK:
        return update(w, lr, sequential)
    out = [np.empty(n) for _ in range(9)]
    for i in range(0, n, CHUNK):
        part = slice(i, i + CHUNK)
        update(tuple(x[part] for x in w), lr[part], sequential, [x[part] for x in out])
    return tuple(out[:8]), out[8]

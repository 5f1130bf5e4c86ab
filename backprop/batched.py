"""A fast batched engine: many networks of the worked example trained at once,
one NumPy array of length N per weight (structure of arrays).

The same update rules as ann_numpy.py (sequential) and ann_numpy_original.py
(parallel), written weight by weight so that each NumPy call works on N
networks; tests/test_sweep.py proves it equal to the scripts' stacked steps,
network by network. Used by sweep.py and bench/throughput.py.
"""

from backprop.network import B1, B2, T, X
from backprop.network import sigmoid as sig

I1, I2 = X
T1, T2 = T


def forward(w):
    """out_h1, out_h2, out_o1, out_o2 for weights w = (w1..w8), each of shape (N,)."""
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    h1 = sig(w1 * I1 + w2 * I2 + B1)
    h2 = sig(w3 * I1 + w4 * I2 + B1)
    o1 = sig(w5 * h1 + w6 * h2 + B2)
    o2 = sig(w7 * h1 + w8 * h2 + B2)
    return h1, h2, o1, o2


def error(o1, o2):
    # E_total = 1/2 (t1 - o1)^2 + 1/2 (t2 - o2)^2
    return 0.5 * (T1 - o1) ** 2 + 0.5 * (T2 - o2) ** 2


def step(w, lr, sequential):
    """One update of every network; returns (new w, E_total before the update)."""
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    h1, h2, o1, o2 = forward(w)
    # delta_o = dE/dout_o * dout_o/dnet_o = (out_o - target) out_o (1 - out_o)
    d1 = (o1 - T1) * o1 * (1.0 - o1)
    d2 = (o2 - T2) * o2 * (1.0 - o2)
    # w5+ = w5 - eta delta_o1 out_h1, and likewise w6, w7, w8
    n5, n6 = w5 - lr * (d1 * h1), w6 - lr * (d1 * h2)
    n7, n8 = w7 - lr * (d2 * h1), w8 - lr * (d2 * h2)
    # dE/dout_h1 = delta_o1 w5 + delta_o2 w7: the updated w5, w7 if sequential, else the old
    v5, v6, v7, v8 = (n5, n6, n7, n8) if sequential else (w5, w6, w7, w8)
    # delta_h = dE/dout_h * out_h (1 - out_h)
    e1 = (d1 * v5 + d2 * v7) * h1 * (1.0 - h1)
    e2 = (d1 * v6 + d2 * v8) * h2 * (1.0 - h2)
    # w1+ = w1 - eta delta_h1 i1, and likewise w2, w3, w4
    new = (w1 - lr * (e1 * I1), w2 - lr * (e1 * I2), w3 - lr * (e2 * I1), w4 - lr * (e2 * I2),
           n5, n6, n7, n8)
    return new, error(o1, o2)


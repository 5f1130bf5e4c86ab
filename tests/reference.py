"""An independent recomputation of both schemes in plain Python floats.

Shares no code with the NumPy scripts: the worked example's numbers are typed
in again, the network is written out weight by weight. The oracle for the
float64 tests of the training scripts.
"""
import math

INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)
START = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)  # w1..w8
B1, B2 = 0.35, 0.60


def sig(z):
    return 1.0 / (1.0 + math.exp(-z))


def run(w, i=INPUTS):
    """Hidden outputs, outputs and error for weights w = (w1..w8)."""
    h1 = sig(w[0] * i[0] + w[1] * i[1] + B1)
    h2 = sig(w[2] * i[0] + w[3] * i[1] + B1)
    o1 = sig(w[4] * h1 + w[5] * h2 + B2)
    o2 = sig(w[6] * h1 + w[7] * h2 + B2)
    err = 0.5 * (TARGETS[0] - o1) ** 2 + 0.5 * (TARGETS[1] - o2) ** 2
    return (h1, h2), (o1, o2), err


def update(w, lr, sequential):
    """One update; the hidden layer sees the new w5..w8 only if sequential."""
    i = INPUTS
    (h1, h2), (o1, o2), _ = run(w)
    d1 = (o1 - TARGETS[0]) * o1 * (1 - o1)
    d2 = (o2 - TARGETS[1]) * o2 * (1 - o2)
    out = [w[4] - lr * d1 * h1, w[5] - lr * d1 * h2, w[6] - lr * d2 * h1, w[7] - lr * d2 * h2]
    w5, w6, w7, w8 = out if sequential else w[4:]
    e1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1)
    e2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2)
    hidden = [w[0] - lr * e1 * i[0], w[1] - lr * e1 * i[1],
              w[2] - lr * e2 * i[0], w[3] - lr * e2 * i[1]]
    return tuple(hidden + out)


def train(n, lr=0.5, sequential=False, w=START):
    """Weights w1..w8 after n updates."""
    for _ in range(n):
        w = update(w, lr, sequential)
    return w

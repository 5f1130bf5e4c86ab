"""Central finite differences of E_total against the backpropagated gradient.

For every weight w1..w8 and both biases b1, b2. Used by prove.py and the tests.
"""
import numpy as np

from backprop.network import forward, total_error

STEP = 1e-5  # h, relative to max(1, |parameter|)


def pack(W1, W2, b1, b2):
    return np.concatenate([np.ravel(W1), np.ravel(W2), [b1, b2]])


def error_at(p, x, t):
    """E_total for the parameters p = (w1..w8, b1, b2)."""
    return total_error(forward(p[:4].reshape(2, 2), p[4:8].reshape(2, 2), x, p[8], p[9])[1], t)


def finite_differences(W1, W2, x, t, b1, b2, step=STEP):
    """dE_total/dp ~ (E(p + h) - E(p - h)) / 2h for each parameter p."""
    p = pack(W1, W2, b1, b2)
    grad = np.empty_like(p)
    for k in range(p.size):
        h = step * max(1.0, abs(p[k]))
        up, down = p.copy(), p.copy()
        up[k] += h
        down[k] -= h
        # central difference: error O(h^2) from truncation, O(eps E / h) from rounding
        grad[k] = (error_at(up, x, t) - error_at(down, x, t)) / (up[k] - down[k])
    return grad


def relative_error(backprop, W1, W2, x, t, b1, b2):
    """max |finite difference - backprop| / max |backprop| over the ten
    parameters; backprop(W1, W2, x, t, b1, b2) returns gradients .W1 .W2 .b1 .b2."""
    g = backprop(W1, W2, x, t, b1, b2)
    analytic = pack(g.W1, g.W2, g.b1, g.b2)
    numeric = finite_differences(W1, W2, x, t, b1, b2)
    return float(np.max(np.abs(numeric - analytic)) / np.max(np.abs(analytic)))


def random_cases(count, seed):
    """Seeded random (W1, W2, x, t, b1, b2): weights and biases N(0, 1),
    inputs U(0, 1), targets U(0.05, 0.95)."""
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=(2, 2)), rng.normal(size=(2, 2)), rng.uniform(0, 1, 2),
             rng.uniform(0.05, 0.95, 2), rng.normal(), rng.normal()) for _ in range(count)]

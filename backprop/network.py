"""What every scheme shares: the worked example's numbers, the sigmoid, the
forward pass, the total error, and the loop that records a training run.

Imported by the training scripts. The update rules themselves live in
ann_numpy.py (sequential) and ann_numpy_original.py (parallel), each in full.

Conventions
- Weights: W1 = [[w1, w2], [w3, w4]] (input -> hidden), W2 = [[w5, w6], [w7, w8]]
  (hidden -> output); row j holds the weights into neuron j, so w1: i1->h1,
  w2: i2->h1, w3: i1->h2, w4: i2->h2, w5: h1->o1, w6: h2->o1, w7: h1->o2,
  w8: h2->o2.
- Biases b1 (one shared by both hidden neurons) and b2 (one shared by both
  outputs) are fixed, as in the worked example: they are never updated.
- Iteration N is the state after N updates; iteration 0 is the initial network.
- A step takes the parameters as one value, Params(W1, W2), and returns the
  parameters after it and its direction (after = before - lr * direction),
  both Params. Stacks: forward, total_error and the schemes' steps take
  weights with leading batch axes, (..., 2, 2), and a learning rate of shape
  (...) or a scalar, one network per index; train records one network.
"""
from collections import namedtuple

import numpy as np


def constant(values):
    """A read-only array: the example's numbers cannot be changed by accident."""
    array = np.asarray(values, dtype=float)
    array.flags.writeable = False
    return array


# Named tuples from collections, not dataclasses or typing: the training
# scripts start a few milliseconds sooner without importing those.
class Params(namedtuple("Params", "W1 W2")):
    """The trained parameters of a network: W1 (input -> hidden), W2 (hidden -> output)."""

    __slots__ = ()


# The worked example (Mazur 2015: see published.py).
X = constant([0.05, 0.10])  # inputs i1, i2
T = constant([0.01, 0.99])  # targets for o1, o2
W1_INIT = constant([[0.15, 0.20], [0.25, 0.30]])  # [[w1, w2], [w3, w4]]
W2_INIT = constant([[0.40, 0.45], [0.50, 0.55]])  # [[w5, w6], [w7, w8]]
START = Params(W1_INIT, W2_INIT)
B1 = 0.35  # hidden bias, not updated
B2 = 0.60  # output bias, not updated
LR = 0.5  # learning rate eta
RUN_LENGTH = 10_000  # the worked example's long run: "after 10,000 rounds"

# The command line refuses longer runs (a million updates take about 20 s), and
# train() keeps every state of a run: 168 bytes an iteration.
MAX_ITERATIONS = 1_000_000

WEIGHT_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + e^-z), for any z. For z < -709, e^-z overflows
    to inf and 1/(1+inf) = 0, the right limit, with NumPy's overflow warning:
    where that can happen (a diverging run) the caller silences it, as train does."""
    return 1.0 / (1.0 + np.exp(-z))


def matvec(W, v):
    """W v for stacks: (..., j, k) times (..., k) gives (..., j)."""
    return np.matvec(W, v)


def vecmat(v, W):
    """v^T W, that is W^T v, for stacks: (..., j) times (..., j, k) gives (..., k)."""
    return np.vecmat(v, W)


def outer(a, b):
    """a b^T for stacks: (..., j) and (..., k) give (..., j, k)."""
    return a[..., :, None] * b[..., None, :]


def forward(W1, W2, x=X, b1=B1, b2=B2):
    """Hidden outputs out_h and outputs out_o of the network."""
    # net_h = W1 x + b1,  out_h = sigmoid(net_h)
    out_h = sigmoid(matvec(W1, x) + b1)
    # net_o = W2 out_h + b2,  out_o = sigmoid(net_o)
    out_o = sigmoid(matvec(W2, out_h) + b2)
    return out_h, out_o


def total_error(out_o, t=T):
    """E_total = sum over outputs of 1/2 (target - out)^2."""
    return 0.5 * np.sum((t - out_o) ** 2, axis=-1)


def per_network(lr):
    """A learning rate, scalar or (...), shaped to scale (..., 2, 2) weights."""
    return np.asarray(lr, dtype=float)[..., None, None]


class Record(namedtuple("Record", "scheme lr W1 W2 out_h out_o error grad_W1 grad_W2")):
    """A training run, indexed by iteration n = 0..N (the state after n updates):
    the scheme's name, the learning rate, W1 and W2 (N+1, 2, 2), out_h and out_o
    (N+1, 2), error (N+1,), grad_W1 and grad_W2 (N+1, 2, 2).

    grad_W1[n] and grad_W2[n] are the directions the scheme's step takes from
    state n (W[n+1] = W[n] - lr * grad_W[n]); the last one is computed, not
    applied. For the sequential scheme grad_W1 is formed with the updated W2.
    """

    __slots__ = ()

    @property
    def iterations(self):
        return len(self.error) - 1

    def weights(self, n=-1):
        """w1..w8 at iteration n, in the order of WEIGHT_NAMES."""
        return np.concatenate([self.W1[n].ravel(), self.W2[n].ravel()])

    def distance(self, n):
        """Euclidean distance of the outputs from the targets at iteration n."""
        return float(np.linalg.norm(self.out_o[n] - T))


def states(step, iterations, lr, start, block):
    """Apply `step` `iterations` times from `start` (Params): yields the states
    0..iterations in order, `block` at a time, as (W1s, W2s, G1s, G2s): the
    weights at each iteration and the direction of the step taken from it.

    step(params, lr) -> (params after, direction), both Params.
    Overflow in a diverging run gives inf or nan, not a warning.
    """
    params, n = start, iterations + 1
    for first in range(0, n, block):
        size = min(block, n - first)
        W1s, W2s, G1s, G2s = (np.empty((size, 2, 2)) for _ in range(4))
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(size):
                W1s[i], W2s[i] = params
                params, (G1s[i], G2s[i]) = step(params, lr)
        yield W1s, W2s, G1s, G2s


def train(step, scheme, iterations, lr=LR, start=START):
    """Record every state of `iterations` applications of `step` (see states)."""
    (W1s, W2s, G1s, G2s), = states(step, iterations, lr, start, block=iterations + 1)
    with np.errstate(over="ignore", invalid="ignore"):
        out_h, out_o = forward(W1s, W2s)
        error = total_error(out_o)
    # read-only: records are shared (see runs.py)
    return Record(scheme, lr, *map(constant, [W1s, W2s, out_h, out_o, error, G1s, G2s]))

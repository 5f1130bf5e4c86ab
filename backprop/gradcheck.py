"""Central finite differences of E_total against the backpropagated gradient,
for every weight and bias of a network, with any sizes and samples.

Used by prove.py and the tests.
"""
import numpy as np
# Loaded now, not by NumPy on first use: prove.py's workers are running by then,
# and a Ctrl-C while NumPy loads numpy.random is lost (its compiled module swallows it).
from numpy.random import default_rng

from backprop.network import Params, model, outputs

STEP = 1e-5  # h, relative to max(1, |parameter|)


def flatten(params):
    return np.concatenate([np.ravel(p) for p in params])


def unflatten(flat, like):
    """The Params shaped as `like` holding the numbers of `flat` (..., n): a stack
    of Params (leading axes ...) where flat has leading axes."""
    ends = np.cumsum([np.size(p) for p in like])
    return Params(*(part.reshape(np.shape(flat)[:-1] + np.shape(p))
                    for part, p in zip(np.split(flat, ends[:-1], axis=-1), like)))


def finite_differences(params, x, t, network, step=STEP):
    """dE_total/dp ~ (E(p + h) - E(p - h)) / 2h for each parameter p, E_total
    (network's loss) over the samples x, t; flattened as flatten(params). Every
    moved network is evaluated at once, as a stack."""
    p = flatten(params)
    h = step * np.maximum(1.0, np.abs(p))
    # row k: every parameter as it is but the k-th, moved up (or down) by h_k
    up, down = p + np.diag(h), p - np.diag(h)
    moved = unflatten(np.concatenate([up, down]), params)
    errors = network.loss.error(outputs(moved, x, network)[1], t)
    # central difference: error O(h^2) from truncation, O(eps E / h) from rounding
    return (errors[:p.size] - errors[p.size:]) / (np.diagonal(up) - np.diagonal(down))


def relative_error(backprop, params, x, t, network):
    """max |finite difference - backprop| / max |backprop| over every parameter
    of the network `network` (a Model) computes; backprop(params, x, t, network)
    returns the gradient as Params."""
    analytic = flatten(backprop(params, x, t, network))
    numeric = finite_differences(params, x, t, network)
    return float(np.max(np.abs(numeric - analytic)) / np.max(np.abs(analytic)))


def random_cases(count, seed):
    """Seeded random 2-2-2 sigmoid networks with one sample, as (params, x, t,
    model): weights and the shared biases N(0, 1), inputs U(0, 1), targets
    U(0.05, 0.95), the 1/2 squared error."""
    rng = default_rng(seed)
    cases = []
    for _ in range(count):
        W1, W2 = rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
        x, t = rng.uniform(0, 1, 2), rng.uniform(0.05, 0.95, 2)
        b1, b2 = rng.normal(), rng.normal()
        cases.append((Params(W1, W2, np.array([b1]), np.array([b2])), x[None], t[None],
                      model(["sigmoid"] * 2)))
    return cases


def random_configs(count, seed):
    """Seeded random networks of every kind, as (params, x, t, train_biases,
    online): 1 to 5 inputs, 1 to 7 hidden neurons, 1 to 4 outputs, 1 to 4
    samples; each bias shared or per neuron; weights, biases N(0, 1), inputs
    U(0, 1), targets U(0.05, 0.95)."""
    rng = default_rng(seed)
    configs = []
    for _ in range(count):
        n_in, n_hid, n_out, samples = (int(rng.integers(1, m + 1)) for m in (5, 7, 4, 4))
        b1 = rng.normal(size=1 if rng.random() < 0.5 else n_hid)
        b2 = rng.normal(size=1 if rng.random() < 0.5 else n_out)
        params = Params(rng.normal(size=(n_hid, n_in)), rng.normal(size=(n_out, n_hid)), b1, b2)
        x, t = rng.uniform(0, 1, (samples, n_in)), rng.uniform(0.05, 0.95, (samples, n_out))
        configs.append((params, x, t, bool(rng.random() < 0.5), bool(rng.random() < 0.5)))
    return configs

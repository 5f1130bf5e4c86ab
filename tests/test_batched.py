"""The batched engine (backprop/batched.py) against the training scripts' steps,
network by network. The oracle: ann_numpy.step (sequential) and
ann_numpy_original.step (parallel), one network at a time, and the error of
network.layers' outputs. The scripts' forward pass (ndarray.dot) rounds
w1 i1 + w2 i2 in one step where the engine's einsum rounds twice (a fused
multiply-add: a quarter of random 2x2 products differ in the last bit), so
passes agree within 1e-13 of the largest number of each array compared. From
the same forward pass, an update whose sums have one or two terms (one sample,
layers of at most two neurons) adds the same products in the same order as the
scripts, and must agree to the last bit, give or take one: on a CPU with AVX-512
(this AMD EPYC) NumPy's kernels round some of those updates one unit in the last
place (ulp) apart, where on others every bit agreed."""
import warnings

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
from backprop import batched
from backprop.network import Params, layers, model, one_pass

SCHEMES = [(ann_numpy.step, True), (ann_numpy_original.step, False)]
NETWORKS, PASSES = 6, 30
# (hidden activation, output activation, loss)
KINDS = [("sigmoid", "sigmoid", "half_sse"), ("tanh", "tanh", "mse"),
         ("relu", "linear", "half_sse"), ("sigmoid", "softmax", "cross_entropy")]


# XOR's inputs, and the worked example's one sample
XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
ONE = np.array([[0.05, 0.10]])


def networks(sizes, kind, per_neuron, bias_input, seed, x=XOR):
    """NETWORKS seeded random networks of the layer sizes `sizes` and the kind,
    their samples (x, a column repeated for a third input, and random targets),
    the Model, and per network its learning rate and Params (the scripts' form)."""
    rng = np.random.default_rng(seed)
    hidden, output, loss = kind
    net = model([hidden] * (len(sizes) - 2) + [output], loss, bias_input)
    x = np.hstack([x, x[:, :1]])[:, :sizes[0]]
    if output == "softmax":
        t = rng.dirichlet(np.ones(sizes[-1]), len(x))  # each sample's targets sum to 1
    else:
        t = rng.uniform(0.05, 0.95, (len(x), sizes[-1]))
    lr = np.geomspace(0.01, 0.1, NETWORKS)
    starts = [Params.of([rng.uniform(-1, 1, (n, m)) for m, n in zip(sizes, sizes[1:])],
                        [rng.uniform(-1, 1, n if per_neuron else 1) for n in sizes[1:]])
              for _ in range(NETWORKS)]
    return x, t, net, lr, starts


def case(sizes, kind, per_neuron, bias_input, train_biases, online, x=XOR):
    return pytest.param(sizes, kind, per_neuron, bias_input, train_biases, online, x,
                        id=f"{'-'.join(map(str, sizes))}-{kind[0]}-{kind[1]}-{kind[2]}-"
                           f"{'per' if per_neuron else 'shared'}{bias_input:+d}-"
                           f"{'trained' if train_biases else 'fixed'}-"
                           f"{'online' if online else 'batch'}-{len(x)}")


# depth 1 to 4 of 2-2-..-2, several kinds, biases and sample sets; a wider and an odd shape
CASES = [case((2,) * (depth + 1) + (2,), kind, per_neuron, bias_input, train_biases, online, x)
         for depth in (1, 2, 3, 4)
         for kind, per_neuron, bias_input, train_biases, x in [
             (KINDS[0], False, 1, False, ONE), (KINDS[0], False, 1, False, XOR),
             (KINDS[0], True, -1, True, XOR), (KINDS[1], True, 1, True, XOR),
             (KINDS[2], False, -1, True, ONE), (KINDS[3], True, 1, True, XOR)]
         for online in (True, False)]
CASES += [case((2, 8, 8, 8, 2), KINDS[0], True, 1, True, True),
          case((3, 5, 1), KINDS[1], False, 1, True, False)]


@pytest.mark.parametrize("step, sequential", SCHEMES, ids=["sequential", "parallel"])
@pytest.mark.parametrize("sizes, kind, per_neuron, bias_input, train_biases, online, x", CASES)
def test_passes_of_the_engine_are_the_scripts_network_by_network(sizes, kind, per_neuron,
                                                                bias_input, train_biases,
                                                                online, x, step, sequential):
    x, t, net, lr, starts = networks(sizes, kind, per_neuron, bias_input, len(sizes), x)
    batches = [(x[s:s + 1], t[s:s + 1]) for s in range(len(x))] if online else [(x, t)]
    ours, errors = batched.stack(starts), []
    for _ in range(PASSES):
        ours, error = batched.one_pass(ours, lr, x, t, train_biases, net, sequential, online)
        errors.append(error)
    for k, params in enumerate(starts):
        theirs = []
        for _ in range(PASSES):
            theirs.append(net.loss.error(layers(params.W, params.b, x, net)[1][-1], t))
            params = one_pass(step, params, lr[k], batches, train_biases, net)[0]
        assert all(np.all(np.isfinite(p)) for p in params)
        for mine, their in zip(ours, params):
            assert_same(mine[..., k], their, to_the_ulp=False)
        assert_same(np.array(errors)[:, k], np.array(theirs), to_the_ulp=False)


@pytest.mark.parametrize("step, sequential", SCHEMES, ids=["sequential", "parallel"])
@pytest.mark.parametrize("sizes, kind, per_neuron, bias_input, train_biases, online, x", CASES)
def test_an_update_from_the_scripts_forward_pass_is_the_scripts_step(sizes, kind, per_neuron,
                                                                    bias_input, train_biases,
                                                                    online, x, step,
                                                                    sequential):
    x, t, net, lr, starts = networks(sizes, kind, per_neuron, bias_input, len(sizes), x)
    x, t = (x[:1], t[:1]) if online else (x, t)  # online: the first sample's update
    forwards = [layers(params.W, params.b, x, net) for params in starts]
    # each layer's (S, n) of every network, as the engine holds them: (n, S, N)
    nets, outs = ([np.stack([f[part][l].T for f in forwards], axis=-1)
                   for l in range(len(forwards[0][part]))] for part in (0, 1))
    ours = batched.update(batched.stack(starts), lr, nets, outs, t, train_biases, net, sequential)
    to_the_ulp = len(x) == 1 and max(sizes[1:]) <= 2
    for k, params in enumerate(starts):
        theirs = step(params, lr[k], x, t, train_biases, net)[0]
        for mine, their in zip(ours, theirs):
            assert_same(mine[..., k], their, to_the_ulp)


def assert_same(ours, theirs, to_the_ulp):
    """Within one ulp of each number if `to_the_ulp`, else within 1e-13 of the
    largest number."""
    ours = np.broadcast_to(ours, np.shape(theirs))
    if to_the_ulp:
        ulps = np.abs(ours - theirs) / np.spacing(np.abs(theirs))
        assert np.all(ulps <= 1), np.max(ulps)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-13 * np.max(np.abs(theirs)))


def test_the_two_schemes_differ_so_the_comparison_can_fail():
    x, t, net, lr, starts = networks((2, 2, 2, 2), KINDS[0], True, 1, 3, ONE)
    after = [batched.one_pass(batched.stack(starts), lr, x, t, True, net, sequential, True)[0]
             for sequential in (True, False)]
    # the output layer is the same; every layer below differs, at every network
    assert np.array_equal(after[0].W[-1], after[1].W[-1])
    assert all(np.all(a != b) for a, b in zip(after[0].W[:-1], after[1].W[:-1]))


def test_selecting_networks_keeps_them_and_their_axis_last_in_memory():
    x, t, net, lr, starts = networks((2, 8, 8, 2), KINDS[0], True, 1, 4)
    all_of_them, keep = batched.stack(starts), np.arange(NETWORKS) % 2 == 0
    some = batched.select(all_of_them, keep)
    assert all(p.flags.c_contiguous for p in some)
    expected = batched.stack([s for s, kept in zip(starts, keep) if kept])
    assert all(np.array_equal(a, b) for a, b in zip(some, expected))


def test_a_diverging_network_gives_inf_and_nan_among_finite_ones_without_warnings():
    x, t, net, lr, starts = networks((2, 2, 2), KINDS[0], False, 1, 5, ONE)
    params, lr = batched.stack(starts[:2]), np.array([0.5, 1e300])
    with warnings.catch_warnings(), np.errstate(over="ignore", invalid="ignore"):
        warnings.simplefilter("error")
        for _ in range(3):
            params, error = batched.one_pass(params, lr, x, t, False, net, True, True)
    assert list(batched.finite(params)) == [True, False] and np.isfinite(error[0])

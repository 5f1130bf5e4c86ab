"""The gradients against finite differences and a 50-digit reference; what
each scheme's step is."""
import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
import prove
from backprop import gradcheck, highprec, workers
from backprop.network import WORKED_EXAMPLE, Params, layers
from backprop.published import TRUSTED_DIGITS
from backprop.schemes import SCHEMES, script
from inline_pool import InlinePool

TOLERANCE = prove.GRADIENT_TOLERANCE
SIGMOID = WORKED_EXAMPLE.model  # two sigmoid layers, the 1/2 squared error
WORKED = (WORKED_EXAMPLE.start, WORKED_EXAMPLE.x, WORKED_EXAMPLE.t, SIGMOID)


def test_backprop_matches_finite_differences_at_the_worked_example():
    assert gradcheck.relative_error(ann_numpy_original.backprop, *WORKED) < TOLERANCE


@pytest.mark.parametrize("case", gradcheck.random_cases(200, seed=7))
def test_backprop_matches_finite_differences_at_random_networks(case):
    assert gradcheck.relative_error(ann_numpy_original.backprop, *case) < TOLERANCE


def without_hidden_derivative(params, x, t, network):
    """backprop with one chain-rule factor dropped: dout_h/dnet_h."""
    g = ann_numpy_original.backprop(params, x, t, network)
    W1, W2, b1, b2 = params
    out_o = layers(params.W, params.b, x, network)[1][-1]
    delta_out = (out_o - t) * out_o * (1 - out_o)
    wrong_hidden = delta_out.dot(W2)  # missing * out_h (1 - out_h)
    return Params(wrong_hidden.T @ x, g.W2, wrong_hidden.sum(0).sum(-1, keepdims=True), g.b2)


@pytest.mark.parametrize("case", [WORKED] + gradcheck.random_cases(20, seed=8))
def test_the_check_catches_a_dropped_chain_rule_factor(case):
    assert gradcheck.relative_error(without_hidden_derivative, *case) > 1e-2


CONFIGS = gradcheck.random_configs(300, seed=14)


def test_the_random_configurations_cover_every_kind():
    kinds = {(len(p.b1) == 1, len(p.b2) == 1, trained, online, len(x) > 1)
             for p, x, t, trained, online in CONFIGS}
    assert len(kinds) == 32
    assert {p.W1.shape[1] for p, *_ in CONFIGS} == {1, 2, 3, 4, 5}
    assert {p.W1.shape[0] for p, *_ in CONFIGS} == set(range(1, 8))
    assert {p.W2.shape[0] for p, *_ in CONFIGS} == {1, 2, 3, 4}


@pytest.mark.parametrize("params, x, t, trained, online", CONFIGS)
def test_the_gradient_of_any_network_matches_finite_differences(params, x, t, trained, online):
    # every weight and bias, shared or per neuron, E_total summed over the samples
    assert gradcheck.relative_error(ann_numpy_original.backprop, params, x, t, SIGMOID) < TOLERANCE


def update_by_hand(params, lr, x, t, trained, sequential):
    """One update written again sample by sample and neuron by neuron, in
    float64 loops: the independent recomputation of both schemes' steps."""
    W1, W2, b1, b2 = (np.array(p, dtype=float) for p in params)
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    gW1, gW2 = np.zeros_like(W1), np.zeros_like(W2)
    d_outs, hs = [], []
    for xs, ts in zip(x, t):
        h = np.array([sig(W1[j] @ xs + b1[0 if len(b1) == 1 else j]) for j in range(len(W1))])
        o = np.array([sig(W2[k] @ h + b2[0 if len(b2) == 1 else k]) for k in range(len(W2))])
        d_outs.append((o - ts) * o * (1 - o))
        hs.append(h)
    for d, h in zip(d_outs, hs):
        gW2 += np.outer(d, h)
    W2_new = W2 - lr * gW2
    seen = W2_new if sequential else W2
    gb1 = np.zeros(len(W1))
    for d, h, xs in zip(d_outs, hs, x):
        dh = np.array([sum(d[k] * seen[k, j] for k in range(len(W2))) for j in range(len(W1))])
        delta_h = dh * h * (1 - h)
        gW1 += np.outer(delta_h, xs)
        gb1 += delta_h
    gb2 = np.sum(d_outs, axis=0)
    if trained:
        b1 = b1 - lr * (gb1 if len(b1) > 1 else gb1.sum(keepdims=True))
        b2 = b2 - lr * (gb2 if len(b2) > 1 else gb2.sum(keepdims=True))
    return Params(W1 - lr * gW1, W2_new, b1, b2)


@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
def test_each_schemes_step_of_any_network_equals_a_recomputation_by_hand(module, sequential):
    for params, x, t, trained, online in CONFIGS[:100]:
        after, direction = module.step(params, 0.7, x, t, trained, SIGMOID)
        expected = update_by_hand(params, 0.7, x, t, trained, sequential)
        for ours, theirs in zip(after, expected):
            np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("params, x, t, trained, online", CONFIGS[:100])
def test_one_parallel_step_of_any_network_is_the_gradient_times_the_rate(params, x, t, trained,
                                                                       online):
    _, direction = ann_numpy_original.step(params, 0.7, x, t, True, SIGMOID)
    numeric = gradcheck.finite_differences(params, x, t, SIGMOID)
    np.testing.assert_allclose(gradcheck.flatten(direction), numeric,
                               rtol=0, atol=TOLERANCE * np.max(np.abs(numeric)))


@pytest.fixture(scope="module")
def references():
    with workers.pool() as pool:
        highprec.share(prove.fifty_digit_runs(), pool)
        return prove.references()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lr", prove.LEARNING_RATES)
def test_float64_runs_agree_with_the_50_digit_reference(references, scheme, lr):
    record = script(scheme).train(max(prove.CHECKPOINTS), float(lr))
    for n in prove.CHECKPOINTS:
        exact = references[scheme, lr][n]
        # float64 rounding accumulates over the updates (prove.py: >= 13.1 digits here)
        rtol = 1e-14 if n <= 100 else 1e-13
        np.testing.assert_allclose(record.weights(n), [float(w) for w in exact.w],
                                   rtol=rtol, atol=0)
        np.testing.assert_allclose(record.error[n], float(exact.error), rtol=rtol, atol=0)
        # what the README states, with the margin the last bits of exp need
        assert prove.correct_digits(list(record.weights(n)) + [record.error[n]],
                                    list(exact.w) + [exact.error]) > TRUSTED_DIGITS + 0.5


def test_the_reference_reproduces_the_published_step():
    state = highprec.trajectory("0.5", False, {0, 1})[1]
    assert f"{state.w[4]:.8f}" == "0.35891648" and f"{state.w[0]:.9f}" == "0.149780716"
    assert f"{state.error:.15f}" == "0.291027773693599"  # the C# program's second line
    assert f"{state.out_o[0][0]:.15f}" == "0.742088111190782"


def test_each_50_digit_run_is_computed_once_per_process_and_shared(monkeypatch, tmp_path):
    calls, run = [], highprec.run
    monkeypatch.setattr(highprec, "run", lambda *args: calls.append(args[:2]) or run(*args))
    monkeypatch.setattr(highprec, "KNOWN", {})
    monkeypatch.setattr(highprec, "PENDING", {})
    monkeypatch.setattr(highprec, "STORE", tmp_path)  # none kept yet
    # two requests of one run: computed once, at the union of their checkpoints
    example = highprec.WORKED_EXAMPLE
    highprec.share([("0.7", True, {1}, example), (0.7, True, {3}, example),
                    ("0.7", False, {2}, example)], InlinePool())
    assert calls == [("0.7", True), ("0.7", False)]
    assert highprec.trajectory("0.7", True, {1, 3}) == run("0.7", True, {1, 3})
    assert highprec.trajectory("0.7", False, {2}) == run("0.7", False, {2})
    assert len(calls) == 2
    highprec.share([("0.7", True, {3}, example)], InlinePool())
    assert len(calls) == 2  # had already
    assert highprec.trajectory("0.7", True, {0}) == run("0.7", True, {0})
    assert len(calls) == 3  # a checkpoint it lacked


def test_a_kept_run_is_read_where_it_is_asked_for_not_queued_in_the_pool(monkeypatch, tmp_path):
    example = highprec.WORKED_EXAMPLE
    monkeypatch.setattr(highprec, "STORE", tmp_path)
    kept = highprec.run("0.7", True, {1, 3})  # computed, and kept in tmp_path
    monkeypatch.setattr(highprec, "KNOWN", {})
    monkeypatch.setattr(highprec, "PENDING", {})

    class NoPool:
        def apply_async(self, *args):
            raise AssertionError("a kept run was sent to the pool")
    highprec.share([("0.7", True, {3}, example)], NoPool())
    assert highprec.trajectory("0.7", True, {3}) == {3: kept[3]}
    with pytest.raises(AssertionError, match="sent to the pool"):
        highprec.share([("0.7", True, {2}, example)], NoPool())  # a checkpoint not kept


def test_one_parallel_step_is_one_step_of_gradient_descent():
    gradient = prove.exact_gradient()
    for lr in prove.STEP_RATES:
        step = prove.step_directions(lr)["parallel"]
        np.testing.assert_allclose(step, gradient, rtol=2e-15, atol=0)


def test_the_sequential_hidden_step_departs_from_the_gradient_in_proportion_to_lr():
    gradient = prove.exact_gradient()
    rows = prove.step_table(gradient)
    ratios = [seq / lr for lr, _, seq in rows]
    assert ratios == pytest.approx([ratios[0]] * len(ratios), rel=1e-9)
    assert 0.3 < ratios[0] < 0.33
    seq = prove.step_directions(0.5)["sequential"]
    np.testing.assert_allclose(seq[4:], gradient[4:], rtol=2e-15, atol=0)  # output layer: equal


def test_autodiff_agrees_with_backprop():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed; the cross-check "
                                "against automatic differentiation is optional")
    cases = [WORKED] + gradcheck.random_cases(20, 9) + [
        (params, x, t, SIGMOID) for params, x, t, *_ in gradcheck.random_configs(50, 13)]
    # several samples summed in one gradient (a batch), with per-neuron biases
    assert any(len(x) > 1 and len(p.b1) > 1 and len(p.b2) > 1 for p, x, t, _ in cases)
    for params, x, t, network in cases:
        tensors = [torch.tensor(np.asarray(v, dtype=float), requires_grad=True) for v in params]
        tw1, tw2, tb1, tb2 = tensors
        h = torch.sigmoid(torch.tensor(x) @ tw1.T + tb1)  # a bias of length 1 broadcasts
        out = torch.sigmoid(h @ tw2.T + tb2)
        (0.5 * ((torch.tensor(t) - out) ** 2).sum()).backward()
        for ours, theirs in zip(ann_numpy_original.backprop(params, x, t, network), tensors):
            # a sum over samples may cancel: the tolerance is relative to the largest entry
            expected = theirs.grad.numpy()
            np.testing.assert_allclose(ours, expected, rtol=1e-13,
                                       atol=1e-13 * np.max(np.abs(expected)))


@pytest.mark.parametrize("x, bound", [(2.31e-9, "3e-09"), (3e-9, "3e-09"), (9.5e-9, "1e-08"),
                                      (5.1e-11, "6e-11")])
def test_a_bound_is_rounded_up_to_one_digit(x, bound):
    assert prove.at_most(x) == bound


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", prove.EXAMPLE_FILES)
def test_example_files_keep_the_digits_the_readme_states(references, scheme, name):
    record, checkpoints = prove.float64_run(scheme, name)
    for n in checkpoints:
        exact = references[scheme, name][n]
        params = [*record.weights(n), *record.params.b1[n], *record.params.b2[n], record.error[n]]
        assert prove.correct_digits(params, [*exact.w, *exact.b, exact.error]) > \
            TRUSTED_DIGITS + 0.5


@pytest.fixture
def store(tmp_path, monkeypatch):
    """An empty store of 50-digit runs, and the list of the runs computed."""
    calls, computed = [], highprec.computed
    monkeypatch.setattr(highprec, "STORE", tmp_path / "store")
    monkeypatch.setattr(highprec, "computed",
                        lambda *args: calls.append(args[:3]) or computed(*args))
    return calls


def test_a_kept_50_digit_run_is_the_computed_run_and_is_read_not_recomputed(store):
    fresh = highprec.computed("0.7", True, {0, 3, 5})
    assert highprec.run("0.7", True, {0, 5}) == {n: fresh[n] for n in (0, 5)}
    assert highprec.run("0.7", True, {5, 0}) == {n: fresh[n] for n in (0, 5)}
    assert len(store) == 2  # the second from the store
    # a checkpoint it lacks: computed again, with the kept ones
    assert highprec.run("0.7", True, {3}) == {3: fresh[3]}
    assert store[-1] == ("0.7", True, {0, 3, 5})
    assert highprec.run("0.7", True, {0, 3, 5}) == fresh and len(store) == 3


def test_a_damaged_or_unwritable_store_is_computed_around(store, monkeypatch):
    expected = highprec.computed("0.7", False, {2})
    path = highprec.stored("0.7", False, highprec.WORKED_EXAMPLE)
    path.parent.mkdir(parents=True)
    path.write_text('{"2": ["not a number"')
    assert highprec.run("0.7", False, {2}) == expected
    assert highprec.load(path) == expected  # mended
    monkeypatch.setattr(highprec, "STORE", path / "in a file")  # a folder that cannot be made
    assert highprec.run("0.7", False, {2}) == expected


def test_a_run_is_kept_under_its_arguments_and_this_code():
    name = highprec.stored("0.5", True, highprec.WORKED_EXAMPLE)
    assert name != highprec.stored("0.5", False, highprec.WORKED_EXAMPLE)
    assert name != highprec.stored("0.50", True, highprec.WORKED_EXAMPLE)
    spec = highprec.Spec(highprec.WORKED_EXAMPLE.samples, highprec.WORKED_EXAMPLE.start, True)
    assert name != highprec.stored("0.5", True, spec)
    changed = highprec.SOURCE + b"\n# an edit\n"
    with pytest.MonkeyPatch.context() as m:
        m.setattr(highprec, "SOURCE", changed)
        assert name != highprec.stored("0.5", True, highprec.WORKED_EXAMPLE)

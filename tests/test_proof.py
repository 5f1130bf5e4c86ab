"""The gradients against finite differences and a 50-digit reference; what
each scheme's step is."""
import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
import prove
from backprop import gradcheck, highprec
from backprop.network import B1, B2, T, W1_INIT, W2_INIT, X, forward, matvec, outer
from backprop.published import TRUSTED_DIGITS

TOLERANCE = prove.GRADIENT_TOLERANCE


def test_backprop_matches_finite_differences_at_the_worked_example():
    assert gradcheck.relative_error(ann_numpy_original.backprop,
                                    W1_INIT, W2_INIT, X, T, B1, B2) < TOLERANCE


@pytest.mark.parametrize("case", gradcheck.random_cases(200, seed=7))
def test_backprop_matches_finite_differences_at_random_networks(case):
    assert gradcheck.relative_error(ann_numpy_original.backprop, *case) < TOLERANCE


def without_hidden_derivative(W1, W2, x, t, b1, b2):
    """backprop with one chain-rule factor dropped: dout_h/dnet_h."""
    g = ann_numpy_original.backprop(W1, W2, x, t, b1, b2)
    _, out_o = forward(W1, W2, x, b1, b2)
    delta_out = (out_o - t) * out_o * (1 - out_o)
    wrong_hidden = matvec(W2.T, delta_out)  # missing * out_h (1 - out_h)
    return g._replace(W1=outer(wrong_hidden, x), delta_hidden=wrong_hidden)


@pytest.mark.parametrize("case", [(W1_INIT, W2_INIT, X, T, B1, B2)]
                         + gradcheck.random_cases(20, seed=8))
def test_the_check_catches_a_dropped_chain_rule_factor(case):
    assert gradcheck.relative_error(without_hidden_derivative, *case) > 1e-2


@pytest.fixture(scope="module")
def references():
    return prove.references()


@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
@pytest.mark.parametrize("lr", prove.LEARNING_RATES)
def test_float64_runs_agree_with_the_50_digit_reference(references, module, sequential, lr):
    record = module.train(max(prove.CHECKPOINTS), float(lr))
    for n in prove.CHECKPOINTS:
        exact = references[sequential, lr][n]
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
    assert f"{state.out_o[0]:.15f}" == "0.742088111190782"


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
    for W1, W2, x, t, b1, b2 in [(W1_INIT, W2_INIT, X, T, B1, B2)] + gradcheck.random_cases(20, 9):
        params = [torch.tensor(np.asarray(v, dtype=float), requires_grad=True)
                  for v in (W1, W2, b1, b2)]
        tw1, tw2, tb1, tb2 = params
        h = torch.sigmoid(tw1 @ torch.tensor(x) + tb1)
        out = torch.sigmoid(tw2 @ h + tb2)
        (0.5 * ((torch.tensor(t) - out) ** 2).sum()).backward()
        g = ann_numpy_original.backprop(W1, W2, x, t, b1, b2)
        for ours, theirs in zip((g.W1, g.W2, g.b1, g.b2), params):
            np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-13, atol=1e-17)


@pytest.mark.parametrize("x, bound", [(2.31e-9, "3e-09"), (3e-9, "3e-09"), (9.5e-9, "1e-08"),
                                      (5.1e-11, "6e-11")])
def test_a_bound_is_rounded_up_to_one_digit(x, bound):
    assert prove.at_most(x) == bound

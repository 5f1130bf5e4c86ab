"""Parallel updates: plain gradient descent on a one-hidden-layer sigmoid
network (by default the worked example's 2-2-2 network).

Every gradient of a step is formed from the weights at the start of the step,
then all weights change together, as the worked example's text describes.
Run: python ann_numpy_original.py [ITERATIONS] [--lr LR] [--example FILE]   (--help for more)

Legend: dE_dout = dE_total/dout_o, dout_dnet = dout_o/dnet_o,
delta_out = dE_total/dnet_o, delta_hidden = dE_total/dnet_h; W1, W2, b1, b2,
the samples and the weight names w1..w8 as in backprop/network.py.
"""
from backprop import cli, report
from backprop.network import WORKED_EXAMPLE, Params, bias_gradient, forward, vecmat
from backprop.network import train as train_with

SCHEME = "parallel"


def backprop(params, x, t, biases=True):
    """The gradient of E_total, summed over the samples x (S, n_inputs) with
    targets t (S, n_outputs), as Params: with respect to W1, W2 and, if
    `biases`, b1 and b2 (else 0.0 for them)."""
    W1, W2, b1, b2 = params
    out_h, out_o = forward(W1, W2, x, b1, b2)
    # dE_total/dout_o = -(target - out_o)
    dE_dout = out_o - t
    # dout_o/dnet_o = out_o (1 - out_o)
    dout_dnet = out_o * (1.0 - out_o)
    # delta_out = dE_total/dnet_o = dE_total/dout_o * dout_o/dnet_o
    delta_out = dE_dout * dout_dnet
    # dE_total/dw5 = delta_o1 * dnet_o1/dw5 = delta_o1 * out_h1, summed over the
    # samples; all of W2 at once: sum over samples of delta_out out_h^T
    grad_W2 = delta_out.T @ out_h
    # dE_total/dout_h = W2^T delta_out (delta_out^T W2), with W2 from the start of the step
    dE_dout_h = vecmat(delta_out, W2)
    # delta_hidden = dE_total/dnet_h = dE_total/dout_h * out_h (1 - out_h)
    delta_hidden = dE_dout_h * out_h * (1.0 - out_h)
    # dE_total/dw1 = delta_h1 * dnet_h1/dw1 = delta_h1 * i1, summed over the
    # samples; all of W1 at once: sum over samples of delta_hidden x^T
    grad_W1 = delta_hidden.T @ x
    if not biases:
        return Params(grad_W1, grad_W2, 0.0, 0.0)
    # dE_total/db = delta summed over the samples (and the layer's neurons, if b is shared)
    return Params(grad_W1, grad_W2, bias_gradient(delta_hidden, b1), bias_gradient(delta_out, b2))


def step(params, lr, x, t, train_biases):
    """One parallel update from the samples x with targets t: every parameter
    moves along the gradient at `params` (biases only if `train_biases`).
    Returns (Params after the update, its direction: the gradient)."""
    W1, W2, b1, b2 = params
    grad = backprop(params, x, t, train_biases)
    # W <- W - eta dE_total/dW and, if trained, b <- b - eta dE_total/db, all together
    b1_new, b2_new = (b1 - lr * grad.b1, b2 - lr * grad.b2) if train_biases else (b1, b2)
    after = Params(W1 - lr * grad.W1, W2 - lr * grad.W2, b1_new, b2_new)
    return after, grad


def train(iterations, lr=None, example=WORKED_EXAMPLE):
    """Record of `iterations` parallel passes over the example's samples
    (network.Record); lr None: the example's."""
    return train_with(step, SCHEME, iterations, lr, example)


def main(argv=None):
    return report.main(step, SCHEME, __doc__, argv)


if __name__ == "__main__":
    cli.run(main)

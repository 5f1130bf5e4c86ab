"""Sequential updates: the output layer first, then the hidden layer with the
updated output weights, on a one-hidden-layer sigmoid network (by default the
worked example's 2-2-2 network).

This is not plain gradient descent: the hidden-layer step uses W2 after its
update (see ann_numpy_original.py for the parallel scheme).
Run: python ann_numpy.py [ITERATIONS] [--lr LR] [--example FILE]   (--help for more)

Legend: dE_dout = dE_total/dout_o, dout_dnet = dout_o/dnet_o,
delta_out = dE_total/dnet_o, delta_hidden = dE_total/dnet_h; W1, W2, b1, b2,
the samples and the weight names w1..w8 as in backprop/network.py.
"""
from backprop import cli, report
from backprop.network import WORKED_EXAMPLE, Params, bias_gradient, forward, vecmat
from backprop.network import train as train_with

SCHEME = "sequential"


def step(params, lr, x, t, train_biases):
    """One sequential update from the samples x (S, n_inputs) with targets t
    (S, n_outputs): W2 and b2 first, then W1 and b1 through the updated W2,
    each gradient summed over the samples; biases move only if `train_biases`.
    Returns (Params after the update, its direction)."""
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
    # dE_total/db2 = delta_out summed over the samples (and the outputs, if b2 is shared)
    grad_b2 = bias_gradient(delta_out, b2) if train_biases else 0.0
    # W2 <- W2 - eta dE_total/dW2,  b2 <- b2 - eta dE_total/db2 (if trained): the output layer first
    W2_new = W2 - lr * grad_W2
    b2_new = b2 - lr * grad_b2 if train_biases else b2
    # dE/dout_h = W2_new^T delta_out: the *updated* W2, which makes this scheme sequential
    dE_dout_h = vecmat(delta_out, W2_new)
    # delta_hidden = dE/dnet_h = dE/dout_h * out_h (1 - out_h)
    delta_hidden = dE_dout_h * out_h * (1.0 - out_h)
    # dE/dw1 = delta_h1 * dnet_h1/dw1 = delta_h1 * i1, summed over the samples;
    # all of W1 at once: sum over samples of delta_hidden x^T
    grad_W1 = delta_hidden.T @ x
    # dE/db1 = delta_hidden summed over the samples (and the hidden neurons, if b1 is shared)
    grad_b1 = bias_gradient(delta_hidden, b1) if train_biases else 0.0
    # W1 <- W1 - eta dE/dW1,  b1 <- b1 - eta dE/db1 (if trained)
    W1_new = W1 - lr * grad_W1
    b1_new = b1 - lr * grad_b1 if train_biases else b1
    return Params(W1_new, W2_new, b1_new, b2_new), Params(grad_W1, grad_W2, grad_b1, grad_b2)


def train(iterations, lr=None, example=WORKED_EXAMPLE):
    """Record of `iterations` sequential passes over the example's samples
    (network.Record); lr None: the example's."""
    return train_with(step, SCHEME, iterations, lr, example)


def main(argv=None):
    return report.main(step, SCHEME, __doc__, argv)


if __name__ == "__main__":
    cli.run(main)

"""Sequential updates: the output layer first, then the hidden layer with the
updated output weights, on the 2-2-2 sigmoid network.

This is not plain gradient descent: the hidden-layer step uses W2 after its
update (see ann_numpy_original.py for the parallel scheme).
Run: python ann_numpy.py [ITERATIONS] [--lr LR]   (--help for more)

Legend: dE_dout = dE_total/dout_o, dout_dnet = dout_o/dnet_o,
delta_out = dE_total/dnet_o, delta_hidden = dE_total/dnet_h; W1, W2 and the
weight names w1..w8 as in backprop/network.py. Biases are not updated.
"""
from backprop import cli, report
from backprop.network import LR, START, T, X, Params, forward, outer, per_network, vecmat
from backprop.network import train as train_with

SCHEME = "sequential"


def step(params, lr):
    """One sequential update: W2 first, then W1 through the updated W2.
    Returns (Params after the update, its direction: the gradients used)."""
    W1, W2 = params
    eta = per_network(lr)
    out_h, out_o = forward(W1, W2)
    # dE_total/dout_o = -(target - out_o)
    dE_dout = out_o - T
    # dout_o/dnet_o = out_o (1 - out_o)
    dout_dnet = out_o * (1.0 - out_o)
    # delta_out = dE_total/dnet_o = dE_total/dout_o * dout_o/dnet_o
    delta_out = dE_dout * dout_dnet
    # dE_total/dw5 = delta_o1 * dnet_o1/dw5 = delta_o1 * out_h1; all four: delta_out out_h^T
    grad_W2 = outer(delta_out, out_h)
    # W2 <- W2 - eta dE_total/dW2, first
    W2_new = W2 - eta * grad_W2
    # dE/dout_h = W2_new^T delta_out: the *updated* W2, which makes this scheme sequential
    dE_dout_h = vecmat(delta_out, W2_new)
    # delta_hidden = dE/dnet_h = dE/dout_h * out_h (1 - out_h)
    delta_hidden = dE_dout_h * out_h * (1.0 - out_h)
    # dE/dw1 = delta_h1 * dnet_h1/dw1 = delta_h1 * i1; all four: delta_hidden x^T
    grad_W1 = outer(delta_hidden, X)
    # W1 <- W1 - eta dE/dW1
    W1_new = W1 - eta * grad_W1
    return Params(W1_new, W2_new), Params(grad_W1, grad_W2)


def train(iterations, lr=LR, start=START):
    """Record of `iterations` sequential updates from `start` (network.Record)."""
    return train_with(step, SCHEME, iterations, lr, start)


def main(argv=None):
    return report.main(step, SCHEME, __doc__, argv)


if __name__ == "__main__":
    cli.run(main)

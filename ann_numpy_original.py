"""Parallel updates: plain gradient descent on the 2-2-2 sigmoid network.

Every gradient of a step is formed from the weights at the start of the step,
then all weights change together, as the worked example's text describes.
Run: python ann_numpy_original.py [ITERATIONS] [--lr LR]   (--help for more)

Legend: dE_dout = dE_total/dout_o, dout_dnet = dout_o/dnet_o,
delta_out = dE_total/dnet_o, delta_hidden = dE_total/dnet_h; W1, W2, b1, b2
and the weight names w1..w8 as in backprop/network.py. Biases are not updated.
"""
from collections import namedtuple

from backprop import cli, report
from backprop.network import B1, B2, LR, START, T, X, Params, forward, outer, per_network, vecmat
from backprop.network import train as train_with

SCHEME = "parallel"


class Gradients(namedtuple("Gradients", "W1 W2 delta_hidden delta_out")):
    """dE_total/dW1 and dE_total/dW2, and the deltas the bias gradients come from."""

    __slots__ = ()

    @property
    def b1(self):
        # b1 feeds both hidden neurons: dE_total/db1 = delta_h1 + delta_h2
        return self.delta_hidden.sum(-1)

    @property
    def b2(self):
        # b2 feeds both outputs: dE_total/db2 = delta_o1 + delta_o2
        return self.delta_out.sum(-1)


def backprop(W1, W2, x=X, t=T, b1=B1, b2=B2):
    """The gradient of E_total with respect to W1, W2, b1 and b2."""
    out_h, out_o = forward(W1, W2, x, b1, b2)
    # dE_total/dout_o = -(target - out_o)
    dE_dout = out_o - t
    # dout_o/dnet_o = out_o (1 - out_o)
    dout_dnet = out_o * (1.0 - out_o)
    # delta_out = dE_total/dnet_o = dE_total/dout_o * dout_o/dnet_o
    delta_out = dE_dout * dout_dnet
    # dE_total/dw5 = delta_o1 * dnet_o1/dw5 = delta_o1 * out_h1; all four: delta_out out_h^T
    grad_W2 = outer(delta_out, out_h)
    # dE_total/dout_h = W2^T delta_out (delta_out^T W2), with W2 from the start of the step
    dE_dout_h = vecmat(delta_out, W2)
    # delta_hidden = dE_total/dnet_h = dE_total/dout_h * out_h (1 - out_h)
    delta_hidden = dE_dout_h * out_h * (1.0 - out_h)
    # dE_total/dw1 = delta_h1 * dnet_h1/dw1 = delta_h1 * i1; all four: delta_hidden x^T
    grad_W1 = outer(delta_hidden, x)
    return Gradients(grad_W1, grad_W2, delta_hidden, delta_out)


def step(params, lr):
    """One parallel update: both layers move along the gradient at `params`.
    Returns (Params after the update, its direction: the gradient)."""
    W1, W2 = params
    grad = backprop(W1, W2)
    # W <- W - eta dE_total/dW, for W1 and W2 together
    eta = per_network(lr)
    return Params(W1 - eta * grad.W1, W2 - eta * grad.W2), Params(grad.W1, grad.W2)


def train(iterations, lr=LR, start=START):
    """Record of `iterations` parallel updates from `start` (network.Record)."""
    return train_with(step, SCHEME, iterations, lr, start)


def main(argv=None):
    return report.main(step, SCHEME, __doc__, argv)


if __name__ == "__main__":
    cli.run(main)

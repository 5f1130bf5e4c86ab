"""Sequential updates: the output layer first, then each layer below through
the updated weights of the layer above, on a network of any depth, activations
and loss (by default the worked example's 2-2-2 sigmoid network).

This is not plain gradient descent: each hidden layer's step uses the weights
above it after their update (see ann_numpy_original.py for the parallel scheme).
Run: python ann_numpy.py [ITERATIONS] [--lr LR] [--example FILE]   (--help for more)

Legend: dE_dout = dE_total/dout of the output layer, dout_dnet = dout/dnet,
delta = dE_total/dnet of the layer being updated; out[l] is the input of
layer l (out[0]: the samples' inputs); W[l], b[l], the samples and the weight
names w1..w8 as in backprop/network.py.
"""
from backprop import cli, report
from backprop.activations import hidden_delta, output_delta
from backprop.network import WORKED_EXAMPLE, Params, bias_gradient, layers
from backprop.network import train as train_with

SCHEME = "sequential"


def step(params, lr, x, t, train_biases, model):
    """One sequential update from the samples x (S, n_inputs) with targets t
    (S, n_outputs): the output layer first, then each layer below through the
    updated weights above, each gradient summed over the samples; biases move
    only if `train_biases`. Returns (Params after the update, its direction)."""
    W, b, f = params.W, params.b, model.activations
    net, out = layers(W, b, x, model)
    # delta_out = dE_total/dnet_o = dE_total/dout_o * dout_o/dnet_o: with the 1/2
    # squared error and sigmoid outputs -(target - out_o) * out_o (1 - out_o); with
    # cross-entropy after a sigmoid or softmax out_o - target (activations.output_delta)
    delta = output_delta(f[-1], model.loss, net[-1], out[-1], t)
    W_new, b_new, grad_W, grad_b = [*W], [*b], [*W], [*b]
    for l in reversed(range(len(W))):  # the output layer first
        # dE_total/dw5 = delta_o1 * dnet_o1/dw5 = delta_o1 * out_h1, summed over the
        # samples; all of W[l] at once: sum over samples of delta out[l]^T
        grad_W[l] = delta.T.dot(out[l])
        # dE_total/db = delta summed over the samples (and the layer's neurons, if b is
        # shared), negated for a threshold on an input of -1
        grad_b[l] = bias_gradient(delta, b[l], model.bias_input) if train_biases else 0.0
        # W <- W - eta dE_total/dW,  b <- b - eta dE_total/db (if trained): this layer now
        W_new[l] = W[l] - lr * grad_W[l]
        b_new[l] = b[l] - lr * grad_b[l] if train_biases else b[l]
        if l > 0:
            # dE/dout below = W_new^T delta: the *updated* W, which makes this scheme sequential
            dE_dout_below = delta.dot(W_new[l])
            # delta below = dE/dnet = dE/dout * dout/dnet, e.g. * out (1 - out) for a sigmoid
            delta = hidden_delta(f[l - 1], dE_dout_below, net[l - 1], out[l])
    return Params.of(W_new, b_new), Params.of(grad_W, grad_b)


def train(iterations, lr=None, example=WORKED_EXAMPLE):
    """Record of `iterations` sequential passes over the example's samples
    (network.Record); lr None: the example's."""
    return train_with(step, SCHEME, iterations, lr, example)


def main(argv=None):
    return report.main(step, SCHEME, __doc__, argv)


if __name__ == "__main__":
    cli.run(main)

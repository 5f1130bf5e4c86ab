"""Parallel updates: plain gradient descent on a network of any depth,
activations and loss (by default the worked example's 2-2-2 sigmoid network).

Every gradient of a step is formed from the weights at the start of the step,
then all weights change together, as the worked example's text describes.
Run: python ann_numpy_original.py [ITERATIONS] [--lr LR] [--example FILE]   (--help for more)

Legend: dE_dout = dE_total/dout of the output layer, dout_dnet = dout/dnet,
delta = dE_total/dnet of the layer being updated; out[l] is the input of
layer l (out[0]: the samples' inputs); W[l], b[l], the samples and the weight
names w1..w8 as in backprop/network.py.
"""
from backprop import cli, report
from backprop.activations import hidden_delta, output_delta
from backprop.network import WORKED_EXAMPLE, Params, bias_gradient, layers
from backprop.network import train as train_with

SCHEME = "parallel"


def step(params, lr, x, t, train_biases, model):
    """One parallel update from the samples x (S, n_inputs) with targets t
    (S, n_outputs): every parameter moves along the gradient at `params`,
    summed over the samples (biases only if `train_biases`). Returns (Params
    after the update, its direction: the gradient)."""
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
        # W <- W - eta dE_total/dW,  b <- b - eta dE_total/db (if trained)
        W_new[l] = W[l] - lr * grad_W[l]
        b_new[l] = b[l] - lr * grad_b[l] if train_biases else b[l]
        if l > 0:
            # dE/dout below = W^T delta, with W from the start of the step: the gradient
            dE_dout_below = delta.dot(W[l])
            # delta below = dE/dnet = dE/dout * dout/dnet, e.g. * out (1 - out) for a sigmoid
            delta = hidden_delta(f[l - 1], dE_dout_below, net[l - 1], out[l])
    return Params.of(W_new, b_new), Params.of(grad_W, grad_b)


def backprop(params, x, t, model, biases=True):
    """The gradient of E_total, summed over the samples x with targets t, of
    the network `model` computes, as Params: with respect to every W and, if
    `biases`, every b (else 0.0 for them). It is the direction of a parallel step."""
    return step(params, 0.0, x, t, biases, model)[1]


def train(iterations, lr=None, example=WORKED_EXAMPLE):
    """Record of `iterations` parallel passes over the example's samples
    (network.Record); lr None: the example's."""
    return train_with(step, SCHEME, iterations, lr, example)


def main(argv=None):
    return report.main(step, SCHEME, __doc__, argv)


if __name__ == "__main__":
    cli.run(main)

"""The names of a network's quantities, one home for them: its neurons,
weights and biases at any depth, its samples' outputs, the lines of a derivation
(backprop/derivation.py) in the order it prints them, and the sentence that names
a quantity that overflowed. Used by the example files' reader, the report, the
CSV file and the derivation; it imports none of them.

Neurons: i1.. (inputs), h1.. (one hidden layer) or h1.1.., h2.1.. (several:
hidden layer, then neuron), o1.. (outputs). Weights: w1..w8 for a 2-2-2
network (the worked example's), else "w_" and the two neurons' names. Biases:
b1, b2, .. by layer when shared, else "b_" and the neuron's name.
"""
import numpy as np

from backprop.network import WEIGHT_NAMES


def sizes(params):
    """The neurons of each layer of a network's Params, the inputs first:
    (n_inputs, n_hidden, n_outputs) with one hidden layer."""
    return (np.shape(params.W[0])[1], *(len(W) for W in params.W))


def weight_name(sizes, layer, j, k):
    """The name of the weight into neuron j of `layer` (1 to the depth; the
    last: the outputs) from neuron k of the layer below (0-based), in a
    network of `sizes`: w1..w8 for a 2-2-2 network, else "w_" and the two
    neurons' names, w_i1h1 (from i1 into h1), w_h1o1, w_h1.2h2.1."""
    if sizes == (2, 2, 2):
        return WEIGHT_NAMES[4 * (layer - 1) + 2 * j + k]
    depth = len(sizes) - 1
    return f"w_{neuron_name(depth, layer - 1, k)}{neuron_name(depth, layer, j)}"


def weight_names(example):
    """Every weight's name, layer by layer, each row by row: w1..w8 for a 2-2-2 network."""
    network = sizes(example.start)
    return [weight_name(network, layer, j, k) for layer in range(1, len(network))
            for j in range(network[layer]) for k in range(network[layer - 1])]


def bias_name(depth, shared, layer, j):
    """The name of the bias of neuron j (0-based) of `layer` (1 to `depth`):
    b1, b2, .. (by layer) when one is `shared` by the layer, else "b_" and the
    neuron's name, b_h1.., b_o1.."""
    return f"b{layer}" if shared else f"b_{neuron_name(depth, layer, j)}"


def bias_names(params):
    """The names of each layer's biases, layer by layer: ["b1"] when shared, else b_h1.."""
    depth = len(params.b)
    return [[bias_name(depth, len(b) == 1, layer, j) for j in range(len(b))]
            for layer, b in enumerate(params.b, 1)]


def neuron_name(depth, layer, j):
    """The name of neuron j (0-based) of `layer` (0: the inputs; 1 to `depth`:
    the network's layers, the last its outputs): i1.., o1.., and h1.. with one
    hidden layer, or h1.1.., h2.1.. (hidden layer, then neuron) with several."""
    if layer == 0:
        return f"i{j + 1}"
    if layer == depth:
        return f"o{j + 1}"
    return f"h{j + 1}" if depth == 2 else f"h{layer}.{j + 1}"


def sample_suffix(s, samples):
    """The suffix of sample s's (0-based) own quantities: none with a single sample."""
    return "" if samples == 1 else f"_s{s + 1}"


def output_names(example):
    """Every output's name, sample by sample: out_o1.. (one sample) or out_o1_s1.."""
    samples, n_outputs = example.t.shape
    return [f"out_o{k}{sample_suffix(s, samples)}" for s in range(samples)
            for k in range(1, n_outputs + 1)]


def overflow_note(name, value, iteration=None):
    """The sentence, in the report and in the derivation alike, on the first
    quantity that left float64's range (value: inf, -inf or nan)."""
    at = "" if iteration is None else f" at iteration {iteration:,}"
    return (f"{name} is {float(value)}{at}: the numbers overflowed float64, so it and "
            "everything computed from it differ from the exact arithmetic.")


class Names:
    """The worked example's names for a network's quantities: i1.. inputs,
    h1.. hidden neurons, o1.. outputs, and the weights' and biases' names of
    this module (w1..w8 for a 2-2-2 network)."""

    def __init__(self, params, samples):
        self.sizes = sizes(params)
        self.shared = (len(params.b1) == 1, len(params.b2) == 1)
        self.samples = samples

    def w1(self, j, k):
        """The weight into hidden neuron j from input k (0-based)."""
        return weight_name(self.sizes, 1, j, k)

    def w2(self, j, k):
        """The weight into output j from hidden neuron k (0-based)."""
        return weight_name(self.sizes, 2, j, k)

    def b1(self, j):
        return bias_name(2, self.shared[0], 1, j)

    def b2(self, j):
        return bias_name(2, self.shared[1], 2, j)

    def of(self, s):
        """The suffix of sample s's own quantities: none with a single sample."""
        return sample_suffix(s, self.samples)


def derived_names(params, samples, online):
    """The names of derivation.derive's lines, in its order, for `samples` samples, biases
    trained, without computing anything (the scheme changes no name); a name
    that several lines share (dE_total/db1, online) comes each time."""
    names = Names(params, samples)
    n_inputs, n_hidden, n_outputs = names.sizes
    hidden, outputs = range(1, n_hidden + 1), range(1, n_outputs + 1)
    batches = [[s] for s in range(samples)] if online else [list(range(samples))]
    for batch in batches:
        after = names.of(batch[0]) if online else ""
        for s in batch:  # forward
            of = names.of(s)
            for neuron, count in (("h", hidden), ("o", outputs)):
                for j in count:
                    yield from (f"net_{neuron}{j}{of}", f"out_{neuron}{j}{of}")
            yield from [f"E_o{k}{of}" for k in outputs] + [f"E_total{of}"]
        for s in batch:  # output layer
            of = names.of(s)
            for j in outputs:
                yield from (f"dE_total/dout_o{j}{of}", f"dout_o{j}/dnet_o{j}{of}")
                for k in hidden:
                    w = names.w2(j - 1, k - 1)
                    yield from (f"dnet_o{j}/d{w}{of}", f"dE_total/d{w}{of}")
        yield from updated_weight_names(names.w2, n_outputs, n_hidden, batch, after)
        for s in batch:  # hidden layer
            of = names.of(s)
            yield from [f"dE_o{j}/dnet_o{j}{of}" for j in outputs]
            for k in hidden:
                yield from [f"dE_o{j}/dout_h{k}{of}" for j in outputs]
                yield from (f"dE_total/dout_h{k}{of}", f"dout_h{k}/dnet_h{k}{of}")
                for i in range(n_inputs):
                    w = names.w1(k - 1, i)
                    yield from (f"dnet_h{k}/d{w}{of}", f"dE_total/d{w}{of}")
                yield f"dE_total/dnet_h{k}{of}"
        yield from updated_weight_names(names.w1, n_hidden, n_inputs, batch, after)
        if len(batch) > 1:  # the deltas summed over the batch
            yield from [f"dE_total/dnet_o{j}" for j in outputs]
            yield from [f"dE_total/dnet_h{k}" for k in hidden]
        for layer, bias, count in ((2, names.b2, n_outputs), (1, names.b1, n_hidden)):
            for j in range(1 if names.shared[layer - 1] else count):
                yield from (f"dE_total/d{bias(j)}", f"{bias(j)}+{after}")


def updated_weight_names(weight, rows, columns, batch, after):
    """A layer's summed gradients (with several samples a batch) and updated weights."""
    cells = [weight(j, k) for j in range(rows) for k in range(columns)]
    return [f"dE_total/d{w}" for w in cells if len(batch) > 1] + [f"{w}+{after}" for w in cells]

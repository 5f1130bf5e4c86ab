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
import re

import numpy as np

from backprop.activations import is_out_minus_t
from backprop.network import WEIGHT_NAMES


# A sample's own suffix at the end of a quantity's name: out_o1_s2 (see sample_suffix).
SAMPLE_SUFFIX = re.compile(r"_s\d+$")
# The metrics a source may print once a pass, by name (defined in backprop/metrics.py).
METRICS = ("running_error", "rmse", "mean_abs_error", "max_abs_error")


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


def shared_biases(params, model=None):
    """Per layer, whether one bias is shared by it: as the Model says (an
    example file's number, not a list, even of one element), else when the
    layer's b has length 1."""
    flags = None if model is None else model.shared_biases
    return list(flags) if flags is not None else [len(b) == 1 for b in params.b]


def bias_names(params, model=None):
    """The names of each layer's biases, layer by layer: ["b1"] when shared, else b_h1.."""
    depth = len(params.b)
    return [[bias_name(depth, shared, layer, j) for j in range(len(b))]
            for layer, (b, shared) in enumerate(zip(params.b, shared_biases(params, model)), 1)]


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
    """The worked example's names for a network's quantities, at any depth: i1..
    inputs, h1.. (or h1.1..) hidden neurons, o1.. outputs, and the weights' and
    biases' names of this module (w1..w8 for a 2-2-2 network); layers 1 to
    depth, the last the outputs."""

    def __init__(self, params, samples, model=None):
        self.sizes = sizes(params)
        self.depth = len(self.sizes) - 1
        self.shared = shared_biases(params, model)
        self.samples = samples

    def neuron(self, layer, j):
        return neuron_name(self.depth, layer, j)

    def output(self, j):
        return self.neuron(self.depth, j)

    def input(self, layer, k):
        """The name of input k (0-based) of `layer`: i1.., or out_ and the neuron below."""
        return f"i{k + 1}" if layer == 1 else f"out_{self.neuron(layer - 1, k)}"

    def weight(self, layer, j, k):
        """The weight into neuron j of `layer` from neuron k below (0-based)."""
        return weight_name(self.sizes, layer, j, k)

    def bias(self, layer, j):
        return bias_name(self.depth, self.shared[layer - 1], layer, j)

    def delta(self, layer, j, own_error):
        """The name of dE_total/dnet of neuron j of `layer`: dE_o1/dnet_o1 (the
        worked example's) for an output whose error E_o1 is its own
        (`own_error`: dE_total/dout_o1 x dout_o1/dnet_o1), else dE_total/dnet_h1.."""
        v = self.neuron(layer, j)
        return f"dE_{v}/dnet_{v}" if own_error else f"dE_total/dnet_{v}"

    def of(self, s):
        """The suffix of sample s's own quantities: none with a single sample."""
        return sample_suffix(s, self.samples)


def derived_names(params, samples, online, model, sequential=False):
    """The names of derivation.derive's lines, in its order, for `samples` samples, biases
    trained, of the network `model` computes (Model: its output delta is out - t
    after a softmax or a sigmoid on cross_entropy), under the `sequential` scheme
    or the parallel one, without computing anything. The sequential scheme names
    a hidden parameter's direction step_w1, step_b1 (see gradient), not dE_total/dw1."""
    names = Names(params, samples, model)
    depth, out_minus_t = names.depth, is_out_minus_t(model.activations[-1], model.loss)
    layers = range(depth, 0, -1)  # the output layer first

    def neurons(layer):
        return [names.neuron(layer, j) for j in range(names.sizes[layer])]
    batches = [[s] for s in range(samples)] if online else [list(range(samples))]
    for batch in batches:
        after = names.of(batch[0]) if online else ""
        for s in batch:  # forward
            of = names.of(s)
            for layer, f in enumerate(model.activations, 1):
                nets = [f"net_{v}{of}" for v in neurons(layer)]
                outs = [f"out_{v}{of}" for v in neurons(layer)]
                yield from (nets + outs if f.slope is None else
                            [n for pair in zip(nets, outs) for n in pair])
            yield from [f"E_{o}{of}" for o in neurons(depth)] + [f"E_total{of}"]
        for layer in layers:
            for s in batch:
                yield from layer_names(names, layer, s, out_minus_t,
                                       gradient(sequential, layer, depth))
            yield from updated_weight_names(names, layer, batch, after,
                                            gradient(sequential, layer, depth))
        for layer in layers:  # the deltas summed over the batch
            yield from [f"dE_total/dnet_{v}" for v in neurons(layer) if len(batch) > 1]
        for layer in layers:
            for j in range(1 if names.shared[layer - 1] else names.sizes[layer]):
                bias = names.bias(layer, j)
                yield from (f"{gradient(sequential, layer, depth)}{bias}{after}",
                            f"{bias}+{after}")


def gradient(sequential, layer, depth):
    """What the direction of a parameter of `layer` is named before the parameter's
    name: dE_total/d, or step_ under the sequential scheme below the output layer,
    where it is formed through the updated weights above and is not the gradient."""
    return "step_" if sequential and layer < depth else "dE_total/d"


def layer_names(names, layer, s, out_minus_t, gradient):
    """The names of sample s's lines of `layer` in derive's order, biases trained."""
    of, depth = names.of(s), names.depth
    above = [names.neuron(layer + 1, j) for j in range(names.sizes[layer + 1])] \
        if layer < depth else []
    if layer == depth - 1 and not out_minus_t:  # the output deltas, printed where used
        yield from [f"{names.delta(depth, j, True)}{of}" for j in range(len(above))]
    for j in range(names.sizes[layer]):
        v = names.neuron(layer, j)
        weights = [names.weight(layer, j, k) for k in range(names.sizes[layer - 1])]
        if layer == depth and out_minus_t:
            yield f"{names.delta(layer, j, False)}{of}"
        else:
            yield from [f"dE_{a}/dout_{v}{of}" for a in above]
            yield from (f"dE_total/dout_{v}{of}", f"dout_{v}/dnet_{v}{of}")
        for w in weights:
            yield from (f"dnet_{v}/d{w}{of}", f"{gradient}{w}{of}")
        if layer < depth or depth == 1 and not out_minus_t:
            yield f"{names.delta(layer, j, layer == depth)}{of}"


def updated_weight_names(names, layer, batch, after, gradient):
    """A layer's summed gradients (with several samples a batch) and updated weights."""
    cells = [names.weight(layer, j, k) for j in range(names.sizes[layer])
             for k in range(names.sizes[layer - 1])]
    return [f"{gradient}{w}" for w in cells if len(batch) > 1] + [f"{w}+{after}" for w in cells]


# A part's name (a weight's, bias's or neuron's) inside a quantity's name or a formula: at
# the start, after a space, "(", "−", "_" or "/d"; before "/", "+", a sample's "_s2", a
# space, ")", ",", "²" or the end (so h1 is not the h1 of h1.2, nor w1 that of w12).
PART_BEFORE, PART_AFTER = r"(?:^|(?<=[\s(−_])|(?<=/d))", r"(?=$|[\s/+),²]|_s\d)"
# A whole quantity's name: alone between spaces, parentheses or after "−", a "+" (after
# the update) or a sample's "_s2" after it.
WHOLE_BEFORE, WHOLE_AFTER = r"(?:^|(?<=[\s(−]))", r"(?=$|[\s),²+]|_s\d)"


class Renaming:
    """The source's names for this project's, the one home of an example file's
    field names ({"the source's name": "this project's"}): `parts` {ours: theirs}
    for weights, biases and neurons, which then stand for them inside every
    quantity's name and formula, and `wholes` {ours: theirs} for whole
    quantities. text() writes a name or a line in the source's names; None
    renames nothing (every output byte for byte as without names)."""

    def __init__(self, parts, wholes, hidden=()):
        self.parts, self.wholes = dict(parts), dict(wholes)
        # wholes read but not written: a derivative of E the source prints with the
        # other sign (error_term "target - out"), whose name would then mislabel ours
        self.shown = {ours: theirs for ours, theirs in self.wholes.items() if ours not in hidden}
        alternatives = [f"{WHOLE_BEFORE}(?P<whole>{alternation(self.shown)}){WHOLE_AFTER}"
                        ] if self.shown else []
        alternatives += [f"{PART_BEFORE}(?P<part>{alternation(self.parts)}){PART_AFTER}"
                         ] if self.parts else []
        self.pattern = re.compile("|".join(alternatives)) if alternatives else None

    def text(self, text):
        """`text` (a name, a formula, a heading) in the source's names."""
        if self.pattern is None:
            return text
        def theirs(m):
            found = m.groupdict()
            return (self.shown[found["whole"]] if found.get("whole") is not None
                    else self.parts[found["part"]])
        return self.pattern.sub(theirs, text)

    def keys(self, quantities):
        """{a name a published value may have: the quantity it is} for every name
        of `quantities`: its own, its name written with the source's parts, or
        with its whole quantities' names too (out_o1_s2 as y_s2 for "y": "out_o1"),
        and the source's name of a whole quantity."""
        keys = {name: name for name in quantities}
        for renaming in (Renaming(self.parts, {}), Renaming(self.parts, self.wholes)):
            keys.update({renaming.text(name): name for name in quantities})
        keys.update({theirs: ours for ours, theirs in self.wholes.items()})
        return keys


def alternation(names):
    """A regular expression of any of `names`, the longest first."""
    return "|".join(map(re.escape, sorted(names, key=len, reverse=True)))


def rename(renaming, text):
    """`text` in the source's names of `renaming` (a Renaming, or None: as it is)."""
    return text if renaming is None else renaming.text(text)

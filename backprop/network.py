"""What every scheme shares: the network's numbers (the worked example's, or
an example file's), its Params and Model, the forward pass, and the loop that
records a training run. The activations and losses are backprop/activations.py's.

Imported by the training scripts. The update rules themselves live in
ann_numpy.py (sequential) and ann_numpy_original.py (parallel), each in full.

Conventions
- Layers from the first hidden layer to the output layer, one or more. W[l]
  (n_out, n_in): row j holds the weights into neuron j of layer l. With one
  hidden layer W1 is the hidden layer's, W2 the output layer's; for the worked
  example W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]], so w1: i1->h1,
  w2: i2->h1, w3: i1->h2, w4: i2->h2, w5: h1->o1, w6: h2->o1, w7: h1->o2,
  w8: h2->o2.
- Biases b[l] are vectors: of length 1 when one bias is shared by the whole
  layer (the worked example: b1 = 0.35, b2 = 0.60, never updated), of the
  layer's length when each neuron has its own. With the bias input -1 they are
  thresholds: net = W x - theta.
- Samples: inputs x (S, n_inputs) and targets t (S, n_outputs), one row each.
  E_total is the Model's loss over the samples and outputs (the worked
  example's: the sum of 1/2 (target - out)^2).
- Iteration N is the state after N passes over the samples (with one sample,
  N updates); iteration 0 is the initial network.
- A step takes the parameters as one value, Params (each W, then each b), the
  samples of one update and the Model, and returns the parameters after it
  and its direction (after = before - lr * direction), both Params. layers,
  outputs and the errors also take stacks of networks, with leading axes: a
  record's states.
"""
from collections import namedtuple

import numpy as np

from backprop.activations import ACTIVATIONS, loss_for, pairing_error


def constant(values):
    """A read-only array: the example's numbers cannot be changed by accident."""
    array = np.asarray(values, dtype=float)
    array.flags.writeable = False
    return array


# The worked example (Mazur 2015: see published.py).
X = constant([0.05, 0.10])  # inputs i1, i2
T = constant([0.01, 0.99])  # targets for o1, o2
W1_INIT = constant([[0.15, 0.20], [0.25, 0.30]])  # [[w1, w2], [w3, w4]]
W2_INIT = constant([[0.40, 0.45], [0.50, 0.55]])  # [[w5, w6], [w7, w8]]
B1 = 0.35  # hidden bias, shared by h1 and h2, not updated
B2 = 0.60  # output bias, shared by o1 and o2, not updated
LR = 0.5  # learning rate eta
RUN_LENGTH = 10_000  # the worked example's long run: "after 10,000 rounds"


# Named tuples from collections, not dataclasses or typing: the training
# scripts start a few milliseconds sooner without importing those.
class Params(tuple):
    """A network's parameters, one array each: the weights of every layer from
    the first hidden layer to the output layer, then their biases in the same
    order; with one hidden layer (W1, W2, b1, b2). W[l] (n_out, n_in): row j
    holds the weights into neuron j of layer l; b[l]: length 1 (shared by the
    layer) or one per neuron. Stacks (a record's states) have leading axes."""

    __slots__ = ()

    def __new__(cls, *arrays):
        return super().__new__(cls, arrays)

    @classmethod
    def of(cls, W, b):
        """The Params of the layers' weights W and biases b (sequences, in order)."""
        return tuple.__new__(cls, [*W, *b])  # as __new__, without its call: steps make many

    W = property(lambda self: self[:len(self) // 2])
    b = property(lambda self: self[len(self) // 2:])
    # with one hidden layer: the hidden layer's and the output layer's
    W1, W2 = property(lambda self: self.W[0]), property(lambda self: self.W[-1])
    b1, b2 = property(lambda self: self.b[0]), property(lambda self: self.b[-1])


class Model(namedtuple("Model", "activations loss bias_input shared_biases",
                       defaults=(None,))):
    """How a network computes, besides its numbers: each layer's Activation,
    from the first hidden layer to the output layer, the Loss it is trained
    on (see backprop/activations.py), and the bias input: 1, net = W x + b;
    or -1, b being a threshold theta on an input of -1, net = W x - theta.
    shared_biases: per layer, whether its bias is one shared by the layer (an
    example file's number) rather than one per neuron (a list), which a layer
    of one neuron cannot tell from b's length; None: a b of length 1 is shared."""

    __slots__ = ()

    @property
    def names(self):
        """(the activations' names, the loss's name, the bias input)."""
        return tuple(f.name for f in self.activations), self.loss.name, self.bias_input

    @property
    def description(self):
        """Its layers' activations, its loss and its thresholds, as a report says them."""
        activations, loss, bias_input = self.names
        thresholds = "; thresholds on an input of -1" if bias_input == -1 else ""
        return f"its layers {', '.join(activations)}; loss {loss}{thresholds}"


def model(activations, loss="half_sse", bias_input=1):
    """The Model of the named activations (one a layer) and loss; ValueError
    with a one-line message for a pairing that is not defined."""
    wrong = pairing_error(activations, loss)
    if wrong is not None:
        raise ValueError(wrong)
    if bias_input not in (1, -1):
        raise ValueError(f"bias_input must be 1 or -1, got {bias_input!r}")
    return Model(tuple(ACTIVATIONS[name] for name in activations),
                 loss_for(activations[-1], loss), bias_input)


class Example(namedtuple("Example", "x t start lr train_biases online model published names",
                         defaults=(None, None))):
    """What a run trains: the samples x (S, n_inputs) and t (S, n_outputs), the
    initial Params, the learning rate, whether biases are updated, whether a
    pass makes one update per sample in order (online) or one update with the
    gradient summed over the samples (batch), the Model; and published values
    ({iteration N: {quantity name: published.Printed}}, for the update from N
    to N+1) or None; and the source's names for its quantities (a
    names.Renaming) or None. See backprop/example.py."""

    __slots__ = ()

    @property
    def parameters(self):
        """How many weights and biases the network has."""
        return sum(np.size(p) for p in self.start)

    def batches(self):
        """The (x, t) of each update of a pass, in order."""
        if not self.online:
            return [(self.x, self.t)]
        return [(self.x[s:s + 1], self.t[s:s + 1]) for s in range(len(self.x))]


START = Params(W1_INIT, W2_INIT, constant([B1]), constant([B2]))
WORKED_EXAMPLE = Example(X[None], T[None], START, LR, False, True, model(["sigmoid"] * 2))

# The command line refuses longer runs, and train() keeps every state of a run:
# 200 bytes an iteration of the worked example.
MAX_ITERATIONS = 1_000_000
# ... and runs of more parameters x samples x iterations than this: any network
# that fits in memory (8 bytes a parameter, a few copies) makes at least one
# update. A run of the bound's size takes seconds for a large network (about
# 4 ns a parameter and sample: 16 ms an update of a 2000 x 2000 W1) and up to
# half an hour for a small one with many samples, online (15 us an update).
MAX_WORK = 10**9
# A step-by-step derivation (ann_numpy_no_loop.py, --trace) is refused for more
# parameters x samples than this: it prints about 5 lines, 600 bytes, for each.
MAX_DERIVED = 10_000

WEIGHT_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def layers(W, b, x, model):
    """The weighted sums and the outputs of every layer of the network `model`
    computes with the weights W and biases b (sequences, a layer each: a
    Params' .W and .b), from the first hidden layer up, for the samples x:
    (nets, outs), outs[0] being x, so that layer l takes outs[l] and gives
    outs[l + 1]. One network's W[l] is (n_out, n_in); a stack's (..., n_out,
    n_in), with b[l] (..., 1, n_out) and outs (..., S, n): see stacked_layers."""
    nets, outs, out = [], [x], x
    plus, stack = model.bias_input == 1, W[0].ndim > 2
    for W_l, b_l, f in zip(W, b, model.activations):
        # W out_below for every sample, as the rows of out_below W^T: for one network
        # ndarray.dot (the steps' case: on such small arrays it is faster than matmul,
        # whose call costs more, and has its bits on a stack in row-major order), for a
        # stack matmul
        weighted = np.matmul(out, np.swapaxes(W_l, -1, -2)) if stack else out.dot(W_l.T)
        # net = W out_below + b  (or - theta, on an input of -1),  out = f(net)
        net = weighted + b_l if plus else weighted - b_l
        out = f.f(net)
        nets.append(net)
        outs.append(out)
    return nets, outs


def stacked_layers(params, x, model):
    """layers() of the network(s) `params` (a stack: leading axes ...) for each
    sample of x (S, n_inputs): each net and out (..., S, n) of its layer."""
    # a sample axis before each bias's neuron axis; x as samples, even a single one
    return layers(params.W, [b[..., None, :] for b in params.b], np.atleast_2d(x), model)


def outputs(params, x, model):
    """The outputs of the layer below the output layer (the inputs, if there is
    no hidden layer), and of the output layer, of the network(s) `params` (a
    stack: leading axes ...) for each sample of x (S, n_inputs)."""
    outs = stacked_layers(params, x, model)[1]
    return outs[-2], outs[-1]


def bias_gradient(delta, b, bias_input):
    """dE_total/db from delta = dE_total/dnet (..., S, n) of the layer b (..., n_b)
    feeds (leading axes: a stack of networks): dE/db_j = sum over samples of
    delta_j (times the bias input: a threshold's is -delta_j); a bias shared by
    the layer (n_b = 1) feeds every neuron, so its gradient is the sum over them too."""
    per_neuron = np.add.reduce(delta, -2)
    if bias_input == -1:
        per_neuron = -per_neuron
    if np.shape(b)[-1] == np.shape(per_neuron)[-1]:
        return per_neuron
    return np.add.reduce(per_neuron, -1, keepdims=True)


class Record(namedtuple("Record", "scheme lr params direction out_h out_o error t")):
    """A training run, indexed by iteration n = 0..N (the state after n passes):
    the scheme's name, the learning rate, the Params at each iteration (W1 of
    shape (N+1, n_hidden, n_inputs) and so on), the direction of the pass
    taken from each (Params of the same shapes), out_h (N+1, S, n_hidden),
    out_o (N+1, S, n_outputs), error (N+1,), and the samples' targets t (S, n_outputs).

    W[n+1] = W[n] - lr * direction.W[n] (with several online updates a pass,
    the directions' sum: equal up to rounding); the last direction is
    computed, not applied. The sequential scheme's direction.W1 is formed with
    the updated W2.
    """

    __slots__ = ()

    @property
    def iterations(self):
        return len(self.error) - 1

    W1 = property(lambda self: self.params.W1)
    W2 = property(lambda self: self.params.W2)
    grad_W1 = property(lambda self: self.direction.W1)
    grad_W2 = property(lambda self: self.direction.W2)

    def weights(self, n=-1):
        """Every weight at iteration n, layer by layer, each row by row (w1..w8 for 2-2-2)."""
        return np.concatenate([W[n].ravel() for W in self.params.W])

    def distance(self, n, sample=0):
        """Euclidean distance of a sample's outputs from its own targets at iteration n."""
        return float(np.linalg.norm(self.out_o[n, sample] - self.t[sample]))


def one_pass(step, params, lr, batches, train_biases, model, total=True):
    """One update per batch of `batches`, in order: (params after, direction),
    the direction being the sum of the updates' directions (if `total`, else
    the last update's)."""
    direction = None
    for x, t in batches:
        params, more = step(params, lr, x, t, train_biases, model)
        direction = more if direction is None or not total else Params(*map(np.add, direction,
                                                                              more))
    return params, direction


def states(step, example, iterations, lr, block, directions=True):
    """Apply `step` for `iterations` passes over the example's samples from its
    start: yields the states 0..iterations in order, `block` at a time, as
    (params, direction), each a Params of arrays with a leading iteration axis:
    the parameters at each iteration and the direction of the pass taken from
    it (None unless `directions`).

    step(params, lr, x, t, train_biases, model) -> (params after, direction), both Params.
    Overflow in a diverging run gives inf or nan, not a warning.
    """
    start, n, batches = example.start, iterations + 1, example.batches()
    # lr as a 0-d array: NumPy multiplies it into a small array sooner than a float
    # (as activations.ONE), with the same bits
    lr = np.array(lr, dtype=float)
    trained = example.train_biases
    # untrained biases keep their start and their direction 0.0: written once a block
    moving = len(start) if trained else len(start) // 2
    params = start
    if not trained:
        # an untrained bias of one number goes into the steps as a 0-d array, the same
        # number: NumPy adds it to a layer's nets without broadcasting (length 1 to the
        # layer's), about 3,700 instructions fewer a layer and update
        params = Params.of(start.W, [b.reshape(()) if b.size == 1 else b for b in start.b])
    for first in range(0, n, block):
        size = min(block, n - first)
        P = Params(*(np.empty((size, *np.shape(p))) for p in start))
        D = Params(*(np.zeros((size, *np.shape(p))) for p in start)) if directions else None
        for kept, p in zip(P[moving:], start[moving:]):
            kept[:] = p
        with np.errstate(over="ignore", invalid="ignore"):
            for i in range(size):
                for kept, p in zip(P[:moving], params):
                    kept[i] = p
                params, direction = one_pass(step, params, lr, batches, trained, example.model,
                                             directions)
                if directions:
                    for kept, d in zip(D[:moving], direction):
                        kept[i] = d
        yield P, D


def train(step, scheme, iterations, lr=None, example=WORKED_EXAMPLE):
    """Record every state of `iterations` passes of `step` over the example's
    samples (see states); lr None: the example's."""
    lr = example.lr if lr is None else lr
    (params, direction), = states(step, example, iterations, lr, block=iterations + 1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out_h, out_o = outputs(params, example.x, example.model)
        error = example.model.loss.error(out_o, example.t)
    # read-only: records are shared (see runs.py)
    return Record(scheme, lr, Params(*map(constant, params)), Params(*map(constant, direction)),
                  *map(constant, [out_h, out_o, error]), example.t)

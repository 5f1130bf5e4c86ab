"""An independent high-precision implementation of both schemes in Python's
decimal module, at 50 significant digits: the reference for the float64 runs,
for a network of any depth, activations, loss and bias convention.

Shares no code with the NumPy path: the worked example's numbers are typed
in again as decimal strings, an example file is read again with its numbers
as decimals, and the network is written out neuron by neuron in plain loops;
of backprop/activations.py it calls only the decimal twins (f50, slope50,
error50, dE_dout50, output_delta50, outputs50), looked up by name in its
registries (ACTIVATIONS, loss_for), and pairing_error. Being
decimal, it gives the same digits on every machine: the reconciliation of the
published figures uses it for that. Used by prove.py, analyze_convergence.py
and the tests.

A Network is its layers, from the first hidden layer to the output layer (one
layer: no hidden layer), its loss and its bias input. A Layer is W, b and the
name of its activation: W[j][k] from input k of the layer into its neuron j;
a bias tuple of length 1 is shared by the layer. net_j = sum_k W[j][k] in_k +
bias_input b_j: with bias_input -1, b is a threshold theta, net = sum w x - theta.
"""
import contextlib
import decimal
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from pathlib import Path

from backprop.activations import ACTIVATIONS, loss_for, output_delta50, outputs50, pairing_error
from backprop.files import ROOT
from backprop.schemes import SCHEMES

DIGITS = 50
D = Decimal


@dataclass(frozen=True)
class Layer:
    """W (a row per neuron, a column per input of the layer), b (length 1:
    shared by the layer) and the name of the activation (see activations.py)."""

    W: tuple
    b: tuple
    activation: str


@dataclass(frozen=True)
class Network:
    """Layers (Layer, ...) from the first hidden layer to the output layer,
    the name of the loss and the bias input (1, or -1: b is a threshold).
    An activation that may not be used where it is, or with this loss, is
    refused (ValueError)."""

    layers: tuple
    loss: str
    bias_input: int

    def __post_init__(self):
        problem = pairing_error([layer.activation for layer in self.layers], self.loss)
        if problem is not None:
            raise ValueError(problem)


@dataclass(frozen=True)
class Spec:
    """What a run trains: samples ((inputs, targets), ...), the initial Network,
    whether biases are updated, and online (an update per sample) or batch."""

    samples: tuple
    start: Network
    train_biases: bool = False
    online: bool = True


WORKED_EXAMPLE = Spec(
    samples=(((D("0.05"), D("0.10")), (D("0.01"), D("0.99"))),),
    start=Network(layers=(
        Layer(((D("0.15"), D("0.20")), (D("0.25"), D("0.30"))), (D("0.35"),), "sigmoid"),
        Layer(((D("0.40"), D("0.45")), (D("0.50"), D("0.55"))), (D("0.60"),), "sigmoid")),
        loss="half_sse", bias_input=1))
START = tuple(w for layer in WORKED_EXAMPLE.start.layers for row in layer.W for w in row)  # w1..w8


def from_file(path):
    """The Spec and learning rate of an example file (assumed valid: the NumPy
    path's reader checks it), its numbers read as decimals. Either form: the
    shorthand W1, W2, b1, b2 for two sigmoid layers, or "layers" ({"W", "b",
    "activation" (default sigmoid)}, ...); "loss" defaults to half_sse,
    "bias_input" to 1."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f, parse_float=D, parse_int=D)

    def rows(v):  # one sample (a list of numbers) or several
        return [v] if not isinstance(v[0], list) else v

    def vector(b):  # a number: shared by the layer
        return tuple(b) if isinstance(b, list) else (b,)

    samples = tuple((tuple(x), tuple(t)) for x, t in zip(rows(data["inputs"]),
                                                       rows(data["targets"])))
    if "layers" in data:
        layers = tuple(Layer(tuple(map(tuple, layer["W"])), vector(layer["b"]),
                             layer.get("activation", "sigmoid")) for layer in data["layers"])
    else:
        layers = tuple(Layer(tuple(map(tuple, data[W])), vector(data[b]), "sigmoid")
                       for W, b in (("W1", "b1"), ("W2", "b2")))
    network = Network(layers, data.get("loss", "half_sse"), int(data.get("bias_input", 1)))
    return Spec(samples, network, data.get("train_biases", False),
                data.get("mode", "online") == "online"), data["learning_rate"]


def bias(b, j):
    """The bias of neuron j: b[0] if shared by the layer."""
    return b[0] if len(b) == 1 else b[j]


def layer_pass(layer, inputs, bias_input):
    """The nets and outputs of a layer's neurons for its inputs."""
    # net_j = sum_k W[j][k] in_k + bias_input b_j
    nets = tuple(sum(w * v for w, v in zip(row, inputs)) + bias_input * bias(layer.b, j)
                 for j, row in enumerate(layer.W))
    # out_j = f(net_j); softmax: over the layer
    return nets, outputs50(ACTIVATIONS[layer.activation], nets)


def passes(net, x):
    """[(inputs, nets, outputs) of each layer, from the first] for the inputs x."""
    result, inputs = [], x
    for layer in net.layers:
        nets, outs = layer_pass(layer, inputs, net.bias_input)
        result.append((inputs, nets, outs))
        inputs = outs
    return result


def forward(net, x):
    """The outputs of every hidden layer, layer after layer (none without a
    hidden layer), and the outputs, for the inputs x."""
    *hidden, (_, _, out) = passes(net, x)
    return tuple(o for _, _, outs in hidden for o in outs), out


def loss_of(net):
    """The network's Loss: cross_entropy after softmax is the categorical one."""
    return loss_for(net.layers[-1].activation, net.loss)


def total_error(net, samples):
    """E_total: the network's loss over the samples and outputs (mse: their mean)."""
    return loss_of(net).error50([forward(net, x)[1] for x, _ in samples],
                                [t for _, t in samples])


def bias_step(b, gradient, lr):
    """b - lr * dE/db, gradient[j] = dE/db_j of each neuron; a shared bias
    takes the sum over its layer."""
    if len(b) == 1:
        return (b[0] - lr * sum(gradient),)
    return tuple(b_j - lr * g for b_j, g in zip(b, gradient))


def layer_step(layer, inputs, deltas, lr, bias_input, train_biases):
    """The layer after W <- W - lr dE/dW (and b <- b - lr dE/db if
    `train_biases`), from its inputs and deltas = dE/dnet, per sample."""
    # dE/dW[j][k] = sum over samples of delta_j * in_k
    W = tuple(tuple(w - lr * sum(d[j] * x[k] for d, x in zip(deltas, inputs))
                    for k, w in enumerate(row)) for j, row in enumerate(layer.W))
    if not train_biases:
        return replace(layer, W=W)
    # dE/db_j = sum over samples of delta_j * dnet_j/db_j, dnet_j/db_j = bias_input
    gradient = [bias_input * sum(d[j] for d in deltas) for j in range(len(W))]
    return replace(layer, W=W, b=bias_step(layer.b, gradient, lr))


def hidden_delta(W_above, delta_above, layer, nets, outs):
    """dE/dnet of a layer's neurons for one sample, from the delta of the layer
    above and the weights W_above that carry it down."""
    slope = ACTIVATIONS[layer.activation].slope50
    # delta_k = (sum over neurons j above of delta_j W_above[j][k]) * dout_k/dnet_k
    return tuple(sum(d * row[k] for d, row in zip(delta_above, W_above)) * slope(v, o)
                 for k, (v, o) in enumerate(zip(nets, outs)))


def update(net, lr, batch, sequential, train_biases):
    """One update from the samples in `batch`, each gradient summed over them:
    the output layer first, then each layer below, its delta formed per sample
    through the weights of the layer above after their update if `sequential`
    (delta_l = (W'_l+1)^T delta_l+1 * f'_l(net_l)), before it otherwise (plain
    gradient descent). Only weights carry the delta down, never a bias."""
    per_sample = [passes(net, x) for x, _ in batch]
    top = net.layers[-1]
    # mse: the mean over the update's samples and outputs
    n = len(batch) * len(top.W)
    # delta_o = dE/dnet_o, per sample
    deltas = [output_delta50(ACTIVATIONS[top.activation], loss_of(net), nets, outs, t, n)
              for (*_, (_, nets, outs)), (_, t) in zip(per_sample, batch)]
    updated = []
    for l in reversed(range(len(net.layers))):
        layer = net.layers[l]
        if updated:
            # the weights that carry the delta down: the updated ones (sequential) or not
            W_above = updated[0].W if sequential else net.layers[l + 1].W
            deltas = [hidden_delta(W_above, d, layer, p[l][1], p[l][2])
                      for d, p in zip(deltas, per_sample)]
        inputs = [p[l][0] for p in per_sample]
        updated.insert(0, layer_step(layer, inputs, deltas, lr, net.bias_input, train_biases))
    return replace(net, layers=tuple(updated))


@dataclass(frozen=True)
class State:
    """The network after some number of passes."""

    w: tuple  # every weight, layer by layer, row by row (w1..w8 for the worked example)
    b: tuple  # every bias (threshold, with bias input -1), layer by layer
    out_h: tuple  # per sample: the outputs of every hidden layer, layer by layer (out_h1, ...)
    out_o: tuple  # per sample: out_o1, out_o2, ...
    error: Decimal  # E_total


def state(net, samples):
    """The State of the network `net` on these samples."""
    outputs = [forward(net, x) for x, _ in samples]
    return State(tuple(w for layer in net.layers for row in layer.W for w in row),
                 tuple(b for layer in net.layers for b in layer.b),
                 tuple(h for h, _ in outputs), tuple(o for _, o in outputs),
                 total_error(net, samples))


def computed(lr, sequential, checkpoints, spec=WORKED_EXAMPLE):
    """{n: State after n passes over the samples} for each n in `checkpoints`,
    at DIGITS significant digits. lr: a decimal string or number."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        lr = D(str(lr))
        batches = [[s] for s in spec.samples] if spec.online else [list(spec.samples)]
        net, states = spec.start, {}
        for n in range(max(checkpoints) + 1):
            if n in checkpoints:
                states[n] = state(net, spec.samples)
            for batch in batches:
                net = update(net, lr, batch, sequential, spec.train_biases)
        return states


# Runs computed before by any process of this checkout (`make`, the tests): a run
# depends only on its arguments and on this file, so it is kept in a file named
# by both. Not committed; `make clean` removes it.
STORE = ROOT / ".cache" / "fifty-digit"
SOURCE = Path(__file__).read_bytes()


def stored(lr, sequential, spec):
    """The file that keeps the run of these arguments."""
    key = repr((str(lr), sequential, spec, DIGITS, decimal.__version__)).encode()
    return STORE / f"{hashlib.sha256(SOURCE + key).hexdigest()[:40]}.json"


def encoded(value):
    """A State's field for JSON: each decimal as its string, tuples as lists."""
    return str(value) if isinstance(value, Decimal) else [encoded(v) for v in value]


def decoded(value):
    return D(value) if isinstance(value, str) else tuple(decoded(v) for v in value)


def load(path):
    """{n: State} kept in `path`, or {} if there is none or it cannot be read."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return {int(n): State(*decoded(fields[:-1]), D(fields[-1])) for n, fields in kept.items()}
    except (OSError, ValueError, TypeError, decimal.InvalidOperation):
        return {}


def save(path, states):
    """Keep `states` in `path`, atomically; where it cannot be written, not at all."""
    text = json.dumps({n: [encoded(s.w), encoded(s.b), encoded(s.out_h), encoded(s.out_o),
                           str(s.error)] for n, s in states.items()})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return  # a folder that cannot be written: nothing kept
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        pass  # a full disk: nothing kept
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # there only if it was not renamed


def run(lr, sequential, checkpoints, spec=WORKED_EXAMPLE):
    """computed(), read from STORE where it has these checkpoints; else computed
    (at these and the kept ones) and kept there."""
    path = stored(lr, sequential, spec)
    states = load(path)
    if not set(checkpoints) <= states.keys():
        states = computed(lr, sequential, set(checkpoints) | states.keys(), spec)
        save(path, states)
    return {n: states[n] for n in checkpoints}


# The runs this process has, by (lr as a string, sequential, spec): {n: State};
# and those it is being given: multiprocessing results of run() (see share).
KNOWN, PENDING = {}, {}


def trajectory(lr, sequential, checkpoints, spec=WORKED_EXAMPLE):
    """run(), once per process: read from a run this process has or is being
    given (it waits for that) whose checkpoints include these."""
    key = (str(lr), sequential, spec)
    if key in PENDING:
        KNOWN[key] = PENDING.pop(key).get()
    if not set(checkpoints) <= KNOWN.get(key, {}).keys():
        KNOWN[key] = run(lr, sequential, checkpoints, spec)
    return {n: KNOWN[key][n] for n in checkpoints}


def share(requests, pool):
    """Start computing in `pool` the runs of `requests` (run()'s four arguments)
    this process lacks, one per (lr, sequential, spec) with their checkpoints
    united, in the order first asked for; trajectory() waits for each when it
    needs it. A run kept in STORE is read here: in the pool it would wait
    behind the pool's other work."""
    wanted = {}
    for lr, sequential, checkpoints, spec in requests:
        wanted.setdefault((str(lr), sequential, spec), set()).update(checkpoints)
    for key, checkpoints in wanted.items():
        if key in PENDING or checkpoints <= KNOWN.get(key, {}).keys():
            continue
        lr, sequential, spec = key
        kept = load(stored(lr, sequential, spec))
        if checkpoints <= kept.keys():
            KNOWN[key] = kept
        else:
            PENDING[key] = pool.apply_async(run, (lr, sequential, checkpoints, spec))


def with_weights(w, spec=WORKED_EXAMPLE):
    """The spec's initial network with its weights replaced by w (layer by
    layer, row by row: W1 then W2 for two layers)."""
    layers, first = [], 0
    for layer in spec.start.layers:
        width = len(layer.W[0])
        W = tuple(tuple(w[first + j * width:first + (j + 1) * width]) for j in range(len(layer.W)))
        layers.append(replace(layer, W=W))
        first += len(layer.W) * width
    return replace(spec.start, layers=tuple(layers))


@dataclass(frozen=True)
class Run:
    """One scheme's exact run of an example, read like network.Record at its
    checkpoints: error[n], out_o[n][sample][k], distance(n, sample)."""

    scheme: str
    states: dict  # {n: State}
    targets: tuple  # per sample, a tuple of its targets (Spec.samples)

    @property
    def iterations(self):
        return max(self.states)

    @property
    def error(self):
        return {n: s.error for n, s in self.states.items()}

    @property
    def out_o(self):
        return {n: s.out_o for n, s in self.states.items()}

    def distance(self, n, sample=0):
        """Euclidean distance of a sample's outputs from its own targets after n updates."""
        with localcontext() as ctx:
            ctx.prec = DIGITS
            pairs = zip(self.states[n].out_o[sample], self.targets[sample])
            return sum((o - t) ** 2 for o, t in pairs).sqrt()


def requests(lr, checkpoints):
    """{scheme name: run()'s arguments} of both schemes from the worked example's start."""
    return {scheme: (lr, scheme == "sequential", set(checkpoints), WORKED_EXAMPLE)
            for scheme in SCHEMES}


def runs(lr, checkpoints):
    """{scheme name: Run} of both schemes from the worked example's start."""
    return {scheme: Run(scheme, trajectory(*request), tuple(t for _, t in request[-1].samples))
            for scheme, request in requests(lr, checkpoints).items()}

"""An independent high-precision implementation of both schemes in Python's
decimal module, at 50 significant digits: the reference for the float64 runs.

Shares no code with the NumPy scripts: the worked example's numbers are typed
in again as decimal strings, an example file is read again with its numbers
as decimals, and the network is written out neuron by neuron in plain loops.
Being decimal, it gives the same digits on every machine: the reconciliation
of the published figures uses it for that. Used by prove.py,
analyze_convergence.py and the tests.

A network is (W1, W2, b1, b2) of tuples: W1[j][k] from input k into hidden
neuron j, W2[j][k] from hidden neuron k into output j; a bias tuple of length
1 is shared by its layer.
"""
import contextlib
import decimal
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path

from backprop.files import ROOT

DIGITS = 50
D = Decimal


@dataclass(frozen=True)
class Spec:
    """What a run trains: samples ((inputs, targets), ...), the initial network,
    whether biases are updated, and online (an update per sample) or batch."""

    samples: tuple
    start: tuple  # (W1, W2, b1, b2)
    train_biases: bool = False
    online: bool = True


WORKED_EXAMPLE = Spec(
    samples=(((D("0.05"), D("0.10")), (D("0.01"), D("0.99"))),),
    start=(((D("0.15"), D("0.20")), (D("0.25"), D("0.30"))),
           ((D("0.40"), D("0.45")), (D("0.50"), D("0.55"))), (D("0.35"),), (D("0.60"),)))
START = tuple(w for W in WORKED_EXAMPLE.start[:2] for row in W for w in row)  # w1..w8


def from_file(path):
    """The Spec and learning rate of an example file (assumed valid: the NumPy
    path's reader checks it), its numbers read as decimals."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f, parse_float=D, parse_int=D)

    def rows(v):  # one sample (a list of numbers) or several
        return [v] if not isinstance(v[0], list) else v

    def vector(b):
        return tuple(b) if isinstance(b, list) else (b,)

    samples = tuple((tuple(x), tuple(t)) for x, t in zip(rows(data["inputs"]),
                                                       rows(data["targets"])))
    start = (tuple(map(tuple, data["W1"])), tuple(map(tuple, data["W2"])),
             vector(data["b1"]), vector(data["b2"]))
    return Spec(samples, start, data.get("train_biases", False),
                data.get("mode", "online") == "online"), data["learning_rate"]


def sig(z):
    # sigma(z) = 1 / (1 + e^-z)
    return 1 / (1 + (-z).exp())


def bias(b, j):
    """The bias of neuron j: b[0] if shared by the layer."""
    return b[0] if len(b) == 1 else b[j]


def layer(W, b, inputs):
    """sigma(sum_k W[j][k] inputs[k] + b_j) for each neuron j."""
    return tuple(sig(sum(w * v for w, v in zip(row, inputs)) + bias(b, j))
                 for j, row in enumerate(W))


def forward(net, x):
    """Hidden outputs and outputs for the inputs x."""
    W1, W2, b1, b2 = net
    h = layer(W1, b1, x)
    return h, layer(W2, b2, h)


def total_error(net, samples):
    """E_total = sum over samples and outputs of 1/2 (target - out)^2."""
    return sum((t_k - o_k) ** 2 / 2 for x, t in samples
               for t_k, o_k in zip(t, forward(net, x)[1]))


def bias_step(b, deltas, lr):
    """b - lr * dE/db, deltas[j] = dE/dnet_j summed over samples; a shared bias
    takes the sum over its layer."""
    if len(b) == 1:
        return (b[0] - lr * sum(deltas),)
    return tuple(b_j - lr * d for b_j, d in zip(b, deltas))


def update(net, lr, batch, sequential, train_biases):
    """One update from the samples in `batch`, gradients summed over them; the
    hidden layer sees W2 after its update if `sequential`, before it otherwise."""
    W1, W2, b1, b2 = net
    n_out, n_hid, n_in = len(W2), len(W1), len(W1[0])
    passes = [(x, t, *forward(net, x)) for x, t in batch]
    # delta_o = (out_o - target) out_o (1 - out_o), per sample
    d_out = [[(o[j] - t[j]) * o[j] * (1 - o[j]) for j in range(n_out)] for _, t, _, o in passes]
    # dE/dW2[j][k] = sum over samples of delta_oj * out_hk
    W2_new = tuple(tuple(W2[j][k] - lr * sum(d[j] * p[2][k] for d, p in zip(d_out, passes))
                         for k in range(n_hid)) for j in range(n_out))
    W2_seen = W2_new if sequential else W2
    # delta_h = (sum over outputs of delta_o * W2[o][h]) out_h (1 - out_h), per sample
    d_hid = [[sum(d[j] * W2_seen[j][k] for j in range(n_out)) * p[2][k] * (1 - p[2][k])
              for k in range(n_hid)] for d, p in zip(d_out, passes)]
    W1_new = tuple(tuple(W1[j][k] - lr * sum(d[j] * p[0][k] for d, p in zip(d_hid, passes))
                         for k in range(n_in)) for j in range(n_hid))
    if train_biases:
        b1 = bias_step(b1, [sum(d[j] for d in d_hid) for j in range(n_hid)], lr)
        b2 = bias_step(b2, [sum(d[j] for d in d_out) for j in range(n_out)], lr)
    return W1_new, W2_new, b1, b2


@dataclass(frozen=True)
class State:
    """The network after some number of passes."""

    w: tuple  # every weight, W1 row by row then W2 (w1..w8 for the worked example)
    b: tuple  # every bias, b1's then b2's
    out_h: tuple  # per sample: out_h1, out_h2, ...
    out_o: tuple  # per sample: out_o1, out_o2, ...
    error: Decimal  # E_total


def state(net, samples):
    W1, W2, b1, b2 = net
    passes = [forward(net, x) for x, _ in samples]
    return State(tuple(w for W in (W1, W2) for row in W for w in row), b1 + b2,
                 tuple(h for h, _ in passes), tuple(o for _, o in passes),
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
    needs it."""
    wanted = {}
    for lr, sequential, checkpoints, spec in requests:
        wanted.setdefault((str(lr), sequential, spec), set()).update(checkpoints)
    for key, checkpoints in wanted.items():
        if key not in PENDING and not checkpoints <= KNOWN.get(key, {}).keys():
            lr, sequential, spec = key
            PENDING[key] = pool.apply_async(run, (lr, sequential, checkpoints, spec))


def with_weights(w, spec=WORKED_EXAMPLE):
    """The spec's initial network with its weights replaced by w (W1 row by row, then W2)."""
    W1, W2, b1, b2 = spec.start
    n1 = len(W1) * len(W1[0])

    def shaped(flat, W):
        return tuple(tuple(flat[j * len(W[0]):(j + 1) * len(W[0])]) for j in range(len(W)))
    return shaped(w[:n1], W1), shaped(w[n1:], W2), b1, b2


@dataclass(frozen=True)
class Run:
    """One scheme's exact run of the worked example, read like network.Record
    at its checkpoints: error[n], out_o[n][sample][k], distance(n)."""

    scheme: str
    states: dict  # {n: State}

    @property
    def iterations(self):
        return max(self.states)

    @property
    def error(self):
        return {n: s.error for n, s in self.states.items()}

    @property
    def out_o(self):
        return {n: s.out_o for n, s in self.states.items()}

    def distance(self, n):
        """Euclidean distance of the outputs from the targets after n updates."""
        with localcontext() as ctx:
            ctx.prec = DIGITS
            (_, targets), = WORKED_EXAMPLE.samples
            return sum((o - t) ** 2 for o, t in zip(self.states[n].out_o[0], targets)).sqrt()


def requests(lr, checkpoints):
    """{scheme name: run()'s arguments} of both schemes from the worked example's start."""
    return {scheme: (lr, scheme == "sequential", set(checkpoints), WORKED_EXAMPLE)
            for scheme in ("sequential", "parallel")}


def runs(lr, checkpoints):
    """{scheme name: Run} of both schemes from the worked example's start."""
    return {scheme: Run(scheme, trajectory(*request))
            for scheme, request in requests(lr, checkpoints).items()}

"""The 50-digit reference (backprop/highprec.py) for any depth, activation,
loss and bias convention. Oracles, all at 50 digits and seeded: central
differences (h = 1e-20) of a loss written here again, against the parallel
update; a depth-3 sequential update written out here layer by layer; and the
states highprec.py gave before it took any depth, for every shipped example
(tests/highprec_before.json: highprec.py as of commit 795dc5f, computed(lr,
sequential, {1, 50}, spec) of each examples/*.json, a State as its fields'
decimal strings [w, b, out_h, out_o, error])."""
import json
import random
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

from backprop import highprec
from backprop.highprec import Layer, Network, Spec

ROOT = Path(__file__).resolve().parent.parent
D = Decimal
H = D("1e-20")  # truncation ~h^2 = 1e-40, rounding ~1e-50 / h = 1e-30
HIDDEN = ["sigmoid", "tanh", "relu", "linear"]
OUTPUT_PAIRS = [(a, loss) for a in HIDDEN + ["softmax"]
                for loss in ["half_sse", "sse", "mse", "cross_entropy"]
                if (loss == "cross_entropy") == (a == "softmax") or
                (a == "sigmoid" and loss == "cross_entropy")]
BIASES = ["fixed", "shared", "per neuron"]


# --- the network and its loss, written out again: the oracle ---

def activate(name, nets):
    """The outputs of a layer with these nets."""
    if name == "sigmoid":
        return [1 / (1 + (-v).exp()) for v in nets]
    if name == "tanh":
        return [((2 * v).exp() - 1) / ((2 * v).exp() + 1) for v in nets]
    if name == "relu":
        return [v if v > 0 else D(0) for v in nets]
    if name == "linear":
        return list(nets)
    exps = [v.exp() for v in nets]  # softmax
    return [e / sum(exps) for e in exps]


def slope(name, net, out):
    """dout/dnet of a neuron (not softmax)."""
    return {"sigmoid": out * (1 - out), "tanh": 1 - out * out, "linear": D(1),
            "relu": D(1) if net > 0 else D(0)}[name]


def run_forward(layers, activations, bias_input, x):
    """[(inputs, nets, outs) of each layer]; layers: [(W, b)], b of length 1 shared."""
    result = []
    for (W, b), name in zip(layers, activations):
        nets = [sum(w * v for w, v in zip(row, x)) + bias_input * (b[0] if len(b) == 1 else b[j])
                for j, row in enumerate(W)]
        outs = activate(name, nets)
        result.append((x, nets, outs))
        x = outs
    return result


def loss_value(loss, output_activation, outs, targets):
    """The loss of the outputs `outs` (per sample) against `targets`."""
    pairs = [(o, t) for os, ts in zip(outs, targets) for o, t in zip(os, ts)]
    if loss == "half_sse":
        return sum((t - o) ** 2 for o, t in pairs) / 2
    if loss == "sse":
        return sum((t - o) ** 2 for o, t in pairs)
    if loss == "mse":
        return sum((t - o) ** 2 for o, t in pairs) / len(pairs)
    if output_activation == "softmax":
        return -sum(t * o.ln() for o, t in pairs)
    return -sum(t * o.ln() + (1 - t) * (1 - o).ln() for o, t in pairs)


def dE_dout(loss, o, t, n):
    """dE/dout of one output, n = the outputs and samples mse averages over."""
    if loss == "half_sse":
        return o - t
    if loss == "sse":
        return 2 * (o - t)
    if loss == "mse":
        return 2 * (o - t) / n
    return -t / o + (1 - t) / (1 - o)


def error_of(case, layers, batch):
    outs = [run_forward(layers, case.activations, case.bias_input, x)[-1][2] for x, _ in batch]
    return loss_value(case.loss, case.activations[-1], outs, [t for _, t in batch])


def numbers(fields):
    """A State's numbers in order, nested tuples flattened."""
    for v in fields:
        if isinstance(v, (list, tuple)):
            yield from numbers(v)
        else:
            yield D(v)


# --- randomly drawn networks, seeded ---

class Case:
    """A drawn network: layers [(W, b)], activations, loss, bias_input, samples,
    whether biases are trained and whether an update takes one sample or all."""

    def __init__(self, depth, output, loss, index):
        rng = random.Random(1000 * depth + index)
        self.activations = [HIDDEN[(index + l) % len(HIDDEN)] for l in range(depth - 1)] + [output]
        self.loss, self.bias = loss, BIASES[index % 3]
        self.bias_input, self.online = (1, -1)[index % 2], (index // 2) % 2 == 0
        sizes = [rng.randint(1, 3)] + [rng.randint(1, 4) for _ in range(depth)]
        if output == "softmax":
            sizes[-1] = 3
        self.layers = [([[number(rng) for _ in range(n_in)] for _ in range(n_out)],
                        [number(rng) for _ in range(1 if self.bias == "shared" else n_out)])
                       for n_in, n_out in zip(sizes, sizes[1:])]
        self.samples = [([number(rng) for _ in range(sizes[0])], target(rng, output, loss,
                                                                         sizes[-1]))
                        for _ in range(3)]
        self.lr = D(rng.randint(1, 9)) / 10
        self.id = (f"{depth} layers {'-'.join(map(str, sizes))} {' '.join(self.activations)} "
                   f"{loss}, bias {self.bias} on {self.bias_input}, "
                   f"{'online' if self.online else 'batch'}")

    @property
    def train_biases(self):
        return self.bias != "fixed"

    def batch(self):
        """The samples of one update: the first alone (online), or all (batch)."""
        return self.samples[:1] if self.online else self.samples

    def network(self, layers=None):
        layers = self.layers if layers is None else layers
        return Network(tuple(Layer(tuple(map(tuple, W)), tuple(b), name)
                             for (W, b), name in zip(layers, self.activations)),
                       self.loss, self.bias_input)


def number(rng):
    """A random number in [-1, 1] of 4 decimals."""
    return D(rng.randint(-10_000, 10_000)) / 10_000


def target(rng, output, loss, size):
    """Targets the output layer can be trained to: for softmax, summing to 1."""
    if output == "softmax":
        t = [D(rng.randint(0, 100)) + 1 for _ in range(size)]
        return [v / sum(t) for v in t]
    return [D(rng.randint(0, 100)) / 100 for _ in range(size)]


CASES = [Case(depth, output, loss, index) for depth in range(1, 5)
         for index, (output, loss) in enumerate(OUTPUT_PAIRS)]


def test_the_cases_cover_every_activation_loss_bias_and_mode():
    assert {(c.activations[-1], c.loss) for c in CASES} == set(OUTPUT_PAIRS)
    assert len(OUTPUT_PAIRS) == 14
    assert {a for c in CASES for a in c.activations[:-1]} == set(HIDDEN)
    assert {len(c.layers) for c in CASES} == {1, 2, 3, 4}
    assert {(c.bias, c.bias_input, c.online) for c in CASES} == {
        (bias, bias_input, online) for bias in BIASES for bias_input in (1, -1)
        for online in (True, False)}


def flat(layers, with_biases):
    """Every weight (and bias), layer by layer: [(layer, "W" or "b", j, k)]."""
    names = []
    for i, (W, b) in enumerate(layers):
        names += [(i, "W", j, k) for j in range(len(W)) for k in range(len(W[0]))]
        names += [(i, "b", j, None) for j in range(len(b))] if with_biases else []
    return names


def value(layers, name):
    i, kind, j, k = name
    return layers[i][0][j][k] if kind == "W" else layers[i][1][j]


def moved(layers, name, by):
    """The layers with the parameter `name` moved by `by`."""
    copy = [([list(row) for row in W], list(b)) for W, b in layers]
    i, kind, j, k = name
    if kind == "W":
        copy[i][0][j][k] += by
    else:
        copy[i][1][j] += by
    return copy


def as_lists(network):
    return [([list(row) for row in layer.W], list(layer.b)) for layer in network.layers]


# --- (a) the parallel update is one step of gradient descent on the update's loss ---

@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_parallel_update_divided_by_lr_is_the_gradient(case):
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        after = as_lists(highprec.update(case.network(), case.lr, case.batch(), False,
                                         case.train_biases))
        names = flat(case.layers, case.train_biases)
        # dE/dp = (E(p + h) - E(p - h)) / 2h
        gradient = [(error_of(case, moved(case.layers, p, H), case.batch()) -
                     error_of(case, moved(case.layers, p, -H), case.batch())) / (2 * H)
                    for p in names]
        step = [(value(case.layers, p) - value(after, p)) / case.lr for p in names]
        scale = max(1, *map(abs, gradient))
        assert max(abs(s - g) for s, g in zip(step, gradient)) <= D("1e-25") * scale
        if not case.train_biases:
            assert [b for _, b in after] == [b for _, b in case.layers]


# --- (b) the sequential update, written out for three layers ---

def sequential_three_layers(case):
    """One sequential update of a 3-layer case, layer by layer, plainly."""
    (W1, b1), (W2, b2), (W3, b3) = case.layers
    f1, f2, f3 = case.activations
    batch, x0 = case.batch(), case.bias_input
    n = len(batch) * len(W3)
    runs = [run_forward(case.layers, case.activations, x0, x) for x, _ in batch]

    def step_W(W, deltas, inputs):
        # W[j][k] <- W[j][k] - lr sum over samples of delta_j in_k
        return [[W[j][k] - case.lr * sum(d[j] * i[k] for d, i in zip(deltas, inputs))
                 for k in range(len(W[0]))] for j in range(len(W))]

    def step_b(b, deltas):
        # b_j <- b_j - lr sum over samples of delta_j x0 (a shared b: summed over j too)
        g = [sum(d[j] for d in deltas) * x0 for j in range(len(deltas[0]))]
        if not case.train_biases:
            return b
        return [b[0] - case.lr * sum(g)] if len(b) == 1 else [v - case.lr * gj
                                                              for v, gj in zip(b, g)]

    def down(W_above, deltas_above, layer, f):
        # delta_k = (sum_j delta_above_j W_above[j][k]) f'(net_k), per sample
        return [[sum(d[j] * W_above[j][k] for j in range(len(W_above))) *
                 slope(f, r[layer][1][k], r[layer][2][k]) for k in range(len(W_above[0]))]
                for d, r in zip(deltas_above, runs)]

    # output layer: delta_3 = out - t (cross-entropy after sigmoid or softmax), else dE/dout f'
    if case.loss == "cross_entropy":
        delta3 = [[o - t for o, t in zip(r[2][2], tgt)] for r, (_, tgt) in zip(runs, batch)]
    else:
        delta3 = [[dE_dout(case.loss, o, t, n) * slope(f3, v, o)
                   for v, o, t in zip(r[2][1], r[2][2], tgt)] for r, (_, tgt) in zip(runs, batch)]
    W3_new = step_W(W3, delta3, [r[2][0] for r in runs])
    # layer 2 through the updated W3, then layer 1 through the updated W2
    delta2 = down(W3_new, delta3, 1, f2)
    W2_new = step_W(W2, delta2, [r[1][0] for r in runs])
    delta1 = down(W2_new, delta2, 0, f1)
    W1_new = step_W(W1, delta1, [r[0][0] for r in runs])
    return [(W1_new, step_b(b1, delta1)), (W2_new, step_b(b2, delta2)),
            (W3_new, step_b(b3, delta3))]


@pytest.mark.parametrize("case", [c for c in CASES if len(c.layers) == 3], ids=lambda c: c.id)
def test_the_sequential_update_is_the_one_written_out(case):
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        ours = as_lists(highprec.update(case.network(), case.lr, case.batch(), True,
                                        case.train_biases))
        theirs = sequential_three_layers(case)
        names = flat(case.layers, True)
        # the same products, summed perhaps in another order: the last digit or two
        assert max(abs(value(ours, p) - value(theirs, p)) for p in names) <= D("1e-48")
        parallel = as_lists(highprec.update(case.network(), case.lr, case.batch(), False,
                                            case.train_biases))
        assert ours[2] == parallel[2]  # the output layer: the same in both schemes


def test_a_pass_is_one_update_per_sample_online_and_one_for_all_in_batch():
    for case in [c for c in CASES if len(c.layers) == 2][:4]:
        spec = Spec(tuple((tuple(x), tuple(t)) for x, t in case.samples), case.network(),
                    case.train_biases, case.online)
        with localcontext() as ctx:
            ctx.prec = highprec.DIGITS
            net = spec.start
            for batch in ([[s] for s in spec.samples] if case.online else [spec.samples]):
                net = highprec.update(net, case.lr, batch, True, case.train_biases)
            expected = highprec.state(net, spec.samples)
        assert highprec.computed(case.lr, True, {1}, spec)[1] == expected


# --- the State, the bias convention, the file forms ---

def test_a_state_holds_every_layer_s_outputs():
    case = next(c for c in CASES if len(c.layers) == 3)
    state = highprec.computed("0.1", True, {0}, Spec(
        tuple((tuple(x), tuple(t)) for x, t in case.samples), case.network()))[0]
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        runs = [run_forward(case.layers, case.activations, case.bias_input, x)
                for x, _ in case.samples]
        # tanh here is the textbook form, not highprec's: the last digit may differ
        for ours, theirs in [(state.out_h, [r[0][2] + r[1][2] for r in runs]),
                             (state.out_o, [r[2][2] for r in runs])]:
            assert [len(o) for o in ours] == [len(o) for o in theirs]
            assert all(abs(a - b) <= D("1e-49") for a, b in zip(numbers(ours), numbers(theirs)))
    assert len(state.w) == sum(len(W) * len(W[0]) for W, _ in case.layers)
    single = next(c for c in CASES if len(c.layers) == 1)
    spec = Spec(tuple((tuple(x), tuple(t)) for x, t in single.samples), single.network())
    assert highprec.computed("0.1", True, {0}, spec)[0].out_h == ((),) * 3


def test_with_a_bias_input_of_minus_1_b_is_a_threshold():
    net = Network((Layer(((D(2),),), (D("0.5"),), "linear"),), "half_sse", -1)
    # net = sum w x - theta = 2 * 1 - 0.5
    assert highprec.forward(net, (D(1),)) == ((), (D("1.5"),))
    # dE/dtheta = -(out - t) = -0.5: theta rises by lr * 0.5
    after = highprec.update(net, D("0.1"), [((D(1),), (D(1),))], True, True)
    assert after.layers[0].b == (D("0.55"),)


def test_a_network_with_a_pairing_not_allowed_is_refused():
    W = ((D(1),),)
    with pytest.raises(ValueError, match="softmax outputs need the loss cross_entropy"):
        Network((Layer(W, (D(0),), "softmax"),), "sse", 1)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        Network((Layer(W, (D(0),), "swish"),), "sse", 1)


def test_both_file_forms_give_the_same_spec(tmp_path):
    data = json.loads((ROOT / "examples/mazur_bias_per_neuron.json").read_text())
    layered = {k: v for k, v in data.items() if k not in ("W1", "W2", "b1", "b2")}
    layered["layers"] = [{"W": data["W1"], "b": data["b1"], "activation": "sigmoid"},
                         {"W": data["W2"], "b": data["b2"]}]  # sigmoid by default
    path = tmp_path / "layered.json"
    path.write_text(json.dumps({**layered, "loss": "half_sse"}))
    assert highprec.from_file(path) == highprec.from_file(
        ROOT / "examples/mazur_bias_per_neuron.json")
    assert highprec.from_file(ROOT / "examples/mazur.json")[0] == highprec.WORKED_EXAMPLE


def test_the_issue_s_file_form_is_read(tmp_path):
    path = tmp_path / "hagan.json"
    path.write_text("""{"inputs": [1.0], "targets": [1.7071067811865475],
     "layers": [{"W": [[-0.27], [-0.41]], "b": [-0.48, -0.13], "activation": "sigmoid"},
                {"W": [[0.09, -0.17]], "b": [0.48], "activation": "linear"}],
     "loss": "sse", "learning_rate": 0.1, "train_biases": true, "bias_input": -1}""")
    spec, lr = highprec.from_file(path)
    assert lr == D("0.1") and spec.train_biases and spec.online
    assert spec.start.loss == "sse" and spec.start.bias_input == -1
    assert [layer.activation for layer in spec.start.layers] == ["sigmoid", "linear"]
    assert spec.start.layers[0] == Layer(((D("-0.27"),), (D("-0.41"),)),
                                         (D("-0.48"), D("-0.13")), "sigmoid")


# --- (c) two sigmoid layers with half SSE: the states of before ---

BEFORE = json.loads((Path(__file__).parent / "highprec_before.json").read_text())


def test_the_states_of_before_are_of_every_shipped_example_of_two_sigmoid_layers():
    shorthand = [p.name for p in (ROOT / "examples").glob("*.json")
                 if "layers" not in json.loads(p.read_text())]
    assert sorted(shorthand) == sorted(BEFORE)


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_two_sigmoid_layers_give_the_states_of_before(name):
    spec, lr = highprec.from_file(ROOT / "examples" / name)
    for scheme, states in BEFORE[name].items():
        ours = highprec.computed(lr, scheme == "sequential", {1, 50}, spec)
        for n, fields in states.items():
            state = ours[int(n)]
            old = list(numbers(fields))
            new = list(numbers([state.w, state.b, state.out_h, state.out_o, [state.error]]))
            assert len(old) == len(new)
            # the slope out (1 - out) is now one factor, as it was not: the 50th digit
            assert all(abs(a - b) <= D("1e-47") * abs(a) for a, b in zip(old, new)), (scheme, n)


def test_a_runs_distance_is_from_each_samples_own_targets():
    """Run.distance of XOR's four samples, after 0 and 3 passes, against the
    targets read from the file here: not the worked example's (0.01, 0.99),
    which the distance once used whatever the run."""
    spec, lr = highprec.from_file(ROOT / "examples/xor.json")
    targets = json.loads((ROOT / "examples/xor.json").read_text())["targets"]
    run = highprec.Run("parallel", highprec.trajectory(lr, False, {0, 3}, spec),
                       tuple(t for _, t in spec.samples))
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        for n in (0, 3):
            for s, sample in enumerate(targets):
                expected = sum((o - D(repr(t))) ** 2
                               for o, t in zip(run.states[n].out_o[s], sample)).sqrt()
                assert run.distance(n, s) == expected
    assert run.distance(3, 0) != run.distance(3, 1)

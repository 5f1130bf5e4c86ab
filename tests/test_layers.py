"""Networks of any depth, activation, loss and bias input in the NumPy training
scripts: the parallel step is the gradient (central finite differences of the
loss), a pass of either scheme is the 50-digit reference's (backprop/highprec.py,
which shares no code with them), and the layers form of the worked example is
the worked example, byte for byte."""
import decimal
import json

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
from backprop import example, gradcheck, highprec
from backprop.network import Params, layers, model, stacked_layers
from commands import ROOT, run

# (hidden activation, output activation, loss): every allowed pairing at the output
KINDS = [(hidden, output, loss) for hidden in ("sigmoid", "tanh", "relu", "linear")
         for output, loss in [("sigmoid", "half_sse"), ("sigmoid", "cross_entropy"),
                              ("linear", "sse"), ("tanh", "mse"), ("relu", "half_sse"),
                              ("softmax", "cross_entropy")]]


def configs(seed):
    """Seeded random networks: depth 1 to 4, 1 to 4 neurons a layer, biases shared
    or per neuron, bias input 1 or -1, 1 to 3 samples, of every kind in KINDS."""
    rng = np.random.default_rng(seed)
    cases = []
    for depth in (1, 2, 3, 4):
        for hidden, output, loss in KINDS:
            sizes = [int(rng.integers(1, 5)) for _ in range(depth + 1)]
            if output == "softmax":
                sizes[-1] = max(sizes[-1], 2)
            W = [rng.normal(size=(sizes[k + 1], sizes[k])) for k in range(depth)]
            b = [rng.normal(size=1 if rng.random() < 0.5 else n) for n in sizes[1:]]
            samples = int(rng.integers(1, 4))
            x = rng.uniform(-1, 1, (samples, sizes[0]))
            if loss == "cross_entropy" and output == "softmax":
                t = rng.dirichlet(np.ones(sizes[-1]), samples)  # each sample's targets sum to 1
            else:
                t = rng.uniform(0.05, 0.95, (samples, sizes[-1]))
            network = model([hidden] * (depth - 1) + [output], loss, int(rng.choice([1, -1])))
            cases.append((Params.of(W, b), x, t, network))
    return cases


@pytest.mark.parametrize("params, x, t, network", configs(31))
def test_the_parallel_step_is_the_gradient_of_the_loss(params, x, t, network):
    _, direction = ann_numpy_original.step(params, 0.3, x, t, True, network)
    numeric = gradcheck.finite_differences(params, x, t, network)
    analytic = gradcheck.flatten(direction)
    # relu's kink: a finite difference across it is wrong; none of these nets sits on one
    np.testing.assert_allclose(analytic, numeric, rtol=0,
                               atol=1e-7 * max(1, np.max(np.abs(numeric))))


@pytest.mark.parametrize("params, x, t, network", configs(32))
def test_a_stack_of_networks_computes_each_networks_forward_pass_to_the_bit(params, x, t,
                                                                          network):
    # a record's states (a stack) and the steps (one network) take different NumPy
    # calls (network.layers): their nets and outputs must be the same numbers
    stack = Params(*(np.stack([p, 2 * p, p + 0.5]) for p in params))
    nets, outs = stacked_layers(stack, x, network)
    for k in range(3):
        one = Params(*(p[k] for p in stack))
        one_nets, one_outs = layers(one.W, one.b, x, network)
        for theirs, ours in zip(one_nets + one_outs[1:], nets + outs[1:]):
            np.testing.assert_array_equal(ours[k], theirs)


def test_a_single_sample_given_as_a_vector_is_one_sample():
    params, x, _, network = configs(33)[0]
    stack = Params(*(np.stack([p, 2 * p]) for p in params))
    as_rows, as_vector = (stacked_layers(stack, sample, network) for sample in (x[:1], x[0]))
    for ours, theirs in zip(as_vector[0] + as_vector[1], as_rows[0] + as_rows[1]):
        np.testing.assert_array_equal(ours, theirs)


def as_file(path, params, x, t, network, online):
    """An example file of the network, for both readers (NumPy and 50 digits)."""
    activations, loss, bias_input = network.names
    layers = [{"W": W.tolist(), "b": b.tolist() if len(b) > 1 else float(b[0]), "activation": f}
              for W, b, f in zip(params.W, params.b, activations)]
    path.write_text(json.dumps({"inputs": x.tolist(), "targets": t.tolist(), "layers": layers,
                                "loss": loss, "bias_input": bias_input, "learning_rate": 0.3,
                                "train_biases": True, "mode": "online" if online else "batch"}))
    return path


@pytest.mark.parametrize("online", [True, False], ids=["online", "batch"])
@pytest.mark.parametrize("module, sequential", [(ann_numpy, True), (ann_numpy_original, False)])
def test_a_pass_of_either_scheme_is_the_50_digit_references(tmp_path, module, sequential,
                                                            online):
    for k, (params, x, t, network) in enumerate(configs(32)):
        path = as_file(tmp_path / f"{k}.json", params, x, t, network, online)
        ex = example.load(path)
        after = module.train(1, example=ex).params
        spec, lr = highprec.from_file(path)
        ours = np.concatenate([*(W[1].ravel() for W in after.W), *(b[1] for b in after.b)])
        try:
            exact = highprec.computed(lr, sequential, {1}, spec)[1]
        except decimal.Overflow:  # a deep sequential pass can explode: then both do
            assert not np.isfinite(ours).all()
            continue
        np.testing.assert_allclose(ours, np.array([*exact.w, *exact.b], dtype=float),
                                   rtol=1e-12, atol=1e-14)


def test_the_worked_example_in_the_layers_form_is_the_worked_example(tmp_path):
    data = json.loads((ROOT / "examples" / "mazur.json").read_text())
    layers = [{"W": data.pop("W1"), "b": data.pop("b1"), "activation": "sigmoid"},
              {"W": data.pop("W2"), "b": data.pop("b2")}]
    path = tmp_path / "layers.json"
    path.write_text(json.dumps({**data, "layers": layers, "loss": "half_sse", "bias_input": 1}))
    for script in ("ann_numpy.py", "ann_numpy_original.py"):
        assert run(script, "100", "--example", str(path)).stdout == run(script, "100").stdout


def test_a_threshold_on_an_input_of_minus_1_is_a_bias_of_the_opposite_sign(tmp_path):
    data = json.loads((ROOT / "examples" / "xor_thresholds.json").read_text())
    as_bias = {**data, "bias_input": 1,
               "layers": [{**layer, "b": [-v for v in layer["b"]]} for layer in data["layers"]]}
    paths = [tmp_path / "theta.json", tmp_path / "bias.json"]
    for path, data in zip(paths, (data, as_bias)):
        path.write_text(json.dumps(data))
    theta, bias = (ann_numpy.train(50, example=example.load(p)) for p in paths)
    np.testing.assert_array_equal(theta.error, bias.error)
    for W_theta, W_bias in zip(theta.params.W, bias.params.W):
        np.testing.assert_array_equal(W_theta, W_bias)
    for b_theta, b_bias in zip(theta.params.b, bias.params.b):
        np.testing.assert_array_equal(b_theta, -b_bias)  # theta = -b, trained as such


DERIVING = [["ann_numpy_no_loop.py"], ["ann_numpy.py", "3", "--trace", "1"]]


@pytest.mark.parametrize("command", DERIVING, ids=["no_loop", "trace"])
def test_a_network_of_two_hidden_layers_is_derived_through_every_layer(command):
    result = run(*command, "--example", "examples/net_2_2_2_2.json")
    assert result.returncode == 0 and result.stderr == ""
    for title in ("Output layer", "Hidden layer 2", "Hidden layer 1: the update"):
        assert f"\n{title}" in result.stdout
    # the sequential scheme's (the trace's) hidden step is not the gradient: step_w
    gradient = "step_" if "--trace" in command else "dE_total/d"
    assert f"  w_i1h1.1+ = w_i1h1.1 − η × {gradient}w_i1h1.1\n" in result.stdout


def test_autodiff_agrees_with_backprop_at_depth_with_softmax_and_cross_entropy():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed; the cross-check "
                                "against automatic differentiation is optional")
    functions = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
                 "linear": lambda z: z}
    deep = [c for c in configs(33) if len(c[0].W) >= 3 and c[3].names[0][-1] == "softmax"]
    assert deep
    for params, x, t, network in deep:
        activations, _, bias_input = network.names
        tensors = [torch.tensor(np.asarray(p, dtype=float), requires_grad=True) for p in params]
        W, b = tensors[:len(params.W)], tensors[len(params.W):]
        out = torch.tensor(x)
        for k, name in enumerate(activations):
            net = out @ W[k].T + bias_input * b[k]  # a bias of length 1 broadcasts
            out = torch.softmax(net, -1) if name == "softmax" else functions[name](net)
        (-(torch.tensor(t) * torch.log(out)).sum()).backward()
        ours = ann_numpy_original.backprop(params, x, t, network)
        # relative to the largest entry: a shared bias under a softmax has a gradient of 0
        # in exact arithmetic (the outputs and the targets both sum to 1), rounding here
        scale = max(np.max(np.abs(theirs.grad.numpy())) for theirs in tensors)
        for mine, theirs in zip(ours, tensors):
            np.testing.assert_allclose(mine, theirs.grad.numpy(), rtol=1e-12, atol=1e-13 * scale)


@pytest.mark.parametrize("name, line", [
    ("hagan_1_2_1.json", "a 1-2-1 network, its layers sigmoid, linear; loss sse"),
    ("xor_thresholds.json", "a 2-2-1 network, its layers sigmoid, sigmoid; loss half_sse; "
                            "thresholds on an input of -1"),
    ("net_2_3_2.json", None)])  # two sigmoid layers, the 1/2 squared error: as before
def test_the_report_says_what_network_it_trained(name, line):
    printed = run("ann_numpy.py", "1", "--example", f"examples/{name}").stdout.splitlines()
    assert (printed[1] == line) if line is not None else not printed[1].startswith("a ")


def test_only_sigmoid_layers_are_said_to_saturate(tmp_path):
    # a ReLU layer's out (1 - out) is negative above 1: it was taken for a saturated sigmoid
    path = tmp_path / "relu.json"
    path.write_text(json.dumps({
        "inputs": [1.0], "targets": [3.0], "loss": "half_sse", "learning_rate": 0.01,
        "layers": [{"W": [[2.0]], "b": 0.0, "activation": "relu"},
                   {"W": [[1.0]], "b": 0.0, "activation": "linear"}]}))
    last = run("ann_numpy.py", "3000", "--example", str(path)).stdout.splitlines()[-1]
    assert last.startswith("The error stopped falling after iteration ")
    assert "saturated" not in last and "resolution" not in last

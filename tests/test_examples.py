"""Example files (--example): the worked example's file gives today's output
byte for byte; every shipped example against the 50-digit reference; every
bad file gets one line and exit status 2; the CSV file."""
import json
import os
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
from backprop import example, highprec
from backprop.activations import ACTIVATIONS
from backprop.example import ExampleError
from commands import run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
SCHEMES = [(ann_numpy, True), (ann_numpy_original, False)]


def test_the_shipped_examples_are_the_ones_the_readme_names():
    assert [p.name for p in EXAMPLES] == [
        "bce_2_2_1.json", "gfg_bpn_2_2_1.json", "grokking_relu_3_4_1.json",
        "grokking_streetlights.json",
        "hagan_1_2_1.json", "homework_carried_forward.json",
        "homework_three_mistakes.json", "mazur.json",
        "mazur_bias_per_neuron.json", "mazur_bias_shared.json", "mazur_published.json",
        "net_2_2_2_2.json", "net_2_3_2.json", "nguyen_fuzzy_neural_control_p184.json",
        "primelearnpoint_2_2_1.json", "relu_1_2_1.json", "sghosh_single_neuron.json",
        "single_layer_2_1.json", "softmax_2_3_3.json", "softmax_ce_3class.json",
        "tanh_2_3_1.json", "xor.json", "xor_thresholds.json"]


@pytest.mark.parametrize("script", ["ann_numpy.py", "ann_numpy_original.py"])
@pytest.mark.parametrize("args", [["0"], ["1"], ["10000"], ["50", "--lr", "90"]])
def test_the_worked_examples_file_gives_the_default_output_byte_for_byte(script, args):
    default = run(script, *args)
    from_file = run(script, *args, "--example", "examples/mazur.json")
    assert default.returncode == from_file.returncode == 0
    assert from_file.stdout == default.stdout and from_file.stderr == ""


def test_the_file_s_learning_rate_is_used_and_lr_overrides_it(tmp_path):
    data = json.loads((ROOT / "examples/mazur.json").read_text())
    path = tmp_path / "fast.json"
    path.write_text(json.dumps({**data, "learning_rate": 0.7}))
    assert run("ann_numpy.py", "3", "--example", str(path)).stdout == \
        run("ann_numpy.py", "3", "--lr", "0.7").stdout
    assert run("ann_numpy.py", "3", "--example", str(path), "--lr", "0.5").stdout == \
        run("ann_numpy.py", "3").stdout


@pytest.fixture(scope="module")
def references():
    """{(file name, sequential): {n: highprec.State}} after 0, 1 and 1,000 passes."""
    result = {}
    for path in EXAMPLES:
        spec, lr = highprec.from_file(path)
        for _, sequential in SCHEMES:
            result[path.name, sequential] = highprec.trajectory(lr, sequential, {0, 1, 1_000},
                                                                spec)
    return result


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("module, sequential", SCHEMES)
def test_each_example_after_1_and_1000_passes_matches_the_50_digit_reference(
        references, path, module, sequential):
    ex = example.load(path)
    record = module.train(1_000, example=ex)
    for n in (0, 1, 1_000):
        exact = references[path.name, sequential][n]
        biases = np.concatenate([b[n] for b in record.params.b])
        # and within 1e-14 of the largest: a quantity that converges to 0 (the
        # streetlights' weights to 1e-31) is float64's rounding of the others, 3e-16,
        # and their E_total (exactly 5e-63) that of the outputs, squared
        outputs = np.abs(np.array(exact.out_o, dtype=float))
        floor = outputs.size * (1e-14 * outputs.max()) ** 2
        for ours, theirs, atol in [(record.weights(n), exact.w, None), (biases, exact.b, None),
                                   (record.out_o[n], exact.out_o, None),
                                   ([record.error[n]], [exact.error], floor)]:
            theirs = np.array(theirs, dtype=float)
            np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14 * np.abs(
                theirs).max() if atol is None else atol)


def test_the_biases_move_only_when_trained_and_a_shared_bias_stays_shared():
    fixed = ann_numpy.train(5, example=example.load(ROOT / "examples/net_2_3_2.json"))
    assert np.all(fixed.params.b1 == 0.35) and np.all(fixed.params.b2 == 0.60)
    shared = ann_numpy.train(5, example=example.load(ROOT / "examples/mazur_bias_shared.json"))
    assert shared.params.b1.shape == (6, 1) and np.all(np.diff(shared.params.b1[:, 0]) != 0)


def test_batch_mode_is_one_update_a_pass_with_the_gradient_summed(tmp_path):
    data = json.loads((ROOT / "examples/xor.json").read_text())
    path = tmp_path / "xor_batch.json"
    path.write_text(json.dumps({**data, "mode": "batch"}))
    spec, lr = highprec.from_file(path)
    assert not spec.online
    for module, sequential in SCHEMES:
        record = module.train(200, example=example.load(path))
        exact = highprec.trajectory(lr, sequential, {200}, spec)[200]
        np.testing.assert_allclose(record.weights(200), np.array(exact.w, dtype=float),
                                   rtol=1e-12, atol=0)
        online = module.train(200, example=example.load(ROOT / "examples/xor.json"))
        assert np.all(online.weights(200) != record.weights(200))


MAZUR = json.loads((ROOT / "examples/mazur.json").read_text())
# the worked example's samples, and its network in the layers form
INPUTS = {k: MAZUR[k] for k in ("inputs", "targets", "learning_rate")}
LAYERS = [{"W": MAZUR["W1"], "b": MAZUR["b1"]}, {"W": MAZUR["W2"], "b": MAZUR["b2"]}]
BAD_FILES = [
    ({**MAZUR, "W1": [[0.15, 0.20, 0.1], [0.25, 0.30, 0.1]]},
     "inputs: 2 values a sample for a network of 3 inputs (W1 has 3 columns, one per input)"),
    # a wrong count of targets or inputs names them, not the weights it does not fit
    ({**MAZUR, "targets": [0.01, 0.99, 0.5]},
     "targets: 3 values a sample for a network of 2 outputs (W2 has 2 rows, one per output)"),
    ({**MAZUR, "inputs": [[0.05, 0.1, 0.2]]},
     "inputs: 3 values a sample for a network of 2 inputs (W1 has 2 columns, one per input)"),
    ({**MAZUR, "W2": [[0.4, 0.45, 0.1], [0.5, 0.55, 0.1]]},
     "W2 is 2 x 3, expected 2 x 2 (a column per hidden neuron: W1 has 2 rows)"),
    ({**MAZUR, "W2": [[0.4, 0.45]]},
     "targets: 2 values a sample for a network of 1 output (W2 has 1 row, one per output)"),
    ({k: v for k, v in MAZUR.items() if k != "W2"}, "missing field 'W2'"),
    ({**MAZUR, "momentum": 0.9}, "unknown field 'momentum'; the fields are inputs, targets, "
     "learning_rate, W1, W2, b1, b2, layers, train_biases, mode, loss, bias_input, published, "
     "published_at, names, error_term, source"),
    ({**MAZUR, "b1": "0.35"}, "b1 must be a list of numbers, got \"0.35\""),
    ({**MAZUR, "inputs": [0.05, "x"]}, "inputs must be a list of lists of numbers, got "
     "[0.05, \"x\"]"),
    ({**MAZUR, "b2": [0.6, 0.6, 0.6]}, "b2 has 3 biases, expected a number (shared by the output "
     "layer) or a list of 2 (one per output neuron)"),
    ({**MAZUR, "inputs": [], "targets": []}, "inputs holds no sample: give one as a list of "
     "numbers, or several as a list of lists"),
    ({**MAZUR, "inputs": [[0.05, 0.1], [0.2, 0.3]]}, "2 samples of inputs but 1 of targets"),
    ({**MAZUR, "W1": [[0.15, 0.2], [0.25]]}, "W1: its rows must have the same length, got "
     "lengths [2, 1]"),
    ({**MAZUR, "train_biases": 1}, "train_biases must be true or false, got 1"),
    ({**MAZUR, "mode": "stochastic"}, "mode must be \"online\" or \"batch\", got \"stochastic\""),
    ({**MAZUR, "learning_rate": 0}, "learning_rate must be a finite positive number, got 0"),
    ({**MAZUR, "learning_rate": True}, "learning_rate must be a finite positive number, got "
     "true"),
    ({**MAZUR, "W1": [[1e400, 0.2], [0.25, 0.3]]}, "W1 must hold finite numbers"),
    ([1, 2], "expected a JSON object {...} with the fields inputs, targets, learning_rate, and "
     "layers or W1, W2, b1, b2"),
    # the layers form
    ({**MAZUR, "layers": LAYERS}, "give the network either as layers or as W1, W2, b1, b2, not "
     "both (this file has layers and W1, W2, b1, b2)"),
    ({**INPUTS, "layers": {"W": [[1, 2]]}}, "layers must be a list of objects {\"W\": ..., "
     "\"b\": ..., \"activation\": ...}, got {\"W\": [[1, 2]]}"),
    ({**INPUTS, "layers": [{"W": [[0.1, 0.2]], "b": 0}, {"W": [[0.1]], "b": 0}]},
     "targets: 2 values a sample for a network of 1 output (layers[2].W has 1 row, one per "
     "output)"),
    ({**INPUTS, "targets": [0.01, 0.99, 0.5], "layers": LAYERS},
     "targets: 3 values a sample for a network of 2 outputs (layers[2].W has 2 rows, one per "
     "output)"),
    ({**INPUTS, "layers": [{"W": [[0.1, 0.2]], "b": 0}, {"W": [[0.1, 0.2]] * 2, "b": 0}]},
     "layers[2].W is 2 x 2, expected 2 x 1 (a row per neuron; a column per neuron below: the "
     "layers[1] neurons have 1)"),
    ({**INPUTS, "layers": [{"W": [[0.1, 0.2, 0.3]] * 2, "b": 0}]},
     "inputs: 2 values a sample for a network of 3 inputs (layers[1].W has 3 columns, one per "
     "input)"),
    ({**INPUTS, "layers": [{"W": [[0.1, 0.2]] * 2, "b": [0, 0, 0]}]}, "layers[1].b has 3 "
     "biases, expected a number (shared by the layer) or a list of 2 (one per neuron)"),
    ({**INPUTS, "layers": [{"W": [[0.1, 0.2]] * 2, "bias": 0}]}, "layers[1] must have the fields "
     "W and b (and activation, default sigmoid), got 'W', 'bias'"),
    ({**INPUTS, "layers": [{**LAYERS[0], "activation": "swish"}, LAYERS[1]]}, "layer 1: "
     "unknown activation 'swish'; the activations are sigmoid, tanh, relu, linear, softmax"),
    ({**INPUTS, "layers": [{**LAYERS[0], "activation": "softmax"}, LAYERS[1]],
      "loss": "cross_entropy"}, "layer 1: softmax is allowed only on the output layer (layer 2)"),
    ({**INPUTS, "layers": [LAYERS[0], {**LAYERS[1], "activation": "softmax"}]},
     "softmax outputs need the loss cross_entropy, not half_sse"),
    ({**INPUTS, "layers": [LAYERS[0], {**LAYERS[1], "activation": "linear"}],
      "loss": "cross_entropy"}, "cross_entropy needs sigmoid or softmax outputs, not linear"),
    ({**INPUTS, "layers": LAYERS, "loss": "hinge"}, "loss must be one of half_sse, sse, mse, "
     "cross_entropy, got \"hinge\""),
    ({**INPUTS, "layers": LAYERS, "bias_input": 0}, "bias_input must be 1 or -1, got 0"),
    ({**INPUTS, "layers": LAYERS, "bias_input": True}, "bias_input must be 1 or -1, got true"),
]


@pytest.mark.parametrize("data, message", BAD_FILES)
def test_a_bad_file_gets_one_line_naming_the_problem(tmp_path, data, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data).replace("1e+400", "1e400").replace("Infinity", "1e400"))
    with pytest.raises(ExampleError) as error:
        example.load(path)
    assert str(error.value) == f"{path}: {message}"


@pytest.mark.parametrize("text, message", [
    ('{"inputs": [0.05, NaN]}', "NaN is not a number JSON allows"),
    ('{"inputs": [0.05, 0.1]', "not valid JSON: Expecting ',' delimiter at line 1, column 23"),
    ("", "not valid JSON: Expecting value at line 1, column 1"),
    ("[" * 100_000, "nested too deeply"),
])
def test_a_file_that_is_not_json_gets_one_line(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ExampleError) as error:
        example.load(path)
    assert str(error.value) == f"{path}: {message}"


@pytest.mark.parametrize("script", ["ann_numpy.py", "ann_numpy_original.py"])
def test_the_command_line_refuses_a_bad_file_in_one_line(tmp_path, script):
    missing = run(script, "--example", "nowhere.json")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == (f"{script}: error: argument --example: cannot read nowhere.json: "
                              "No such file or directory\n")
    path = tmp_path / "bad.json"
    path.write_bytes(b"\xff\xfe")
    result = run(script, "--example", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"{script}: error: argument --example: {path}: not a text file "
                             "in UTF-8\n")


def test_the_csv_file_has_a_row_per_iteration_with_every_parameter_and_output(tmp_path):
    path = tmp_path / "run.csv"
    result = run("ann_numpy.py", "20", "--example", "examples/xor.json", "--csv", str(path))
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.endswith(f"\nwrote {path}: a row per iteration, 0 to 20\n")
    header, *rows = path.read_text().splitlines()
    assert header == ("iteration,E_total,w_i1h1,w_i2h1,w_i1h2,w_i2h2,w_h1o1,w_h2o1,b_h1,b_h2,b_o1,"
                      "out_o1_s1,out_o1_s2,out_o1_s3,out_o1_s4")
    table = np.array([[float(v) for v in row.split(",")] for row in rows])
    record = ann_numpy.train(20, example=example.load(ROOT / "examples/xor.json"))
    np.testing.assert_array_equal(table[:, 0], np.arange(21))
    expected = np.column_stack([record.error, record.W1.reshape(21, -1), record.W2.reshape(21, -1),
                                record.params.b1, record.params.b2, record.out_o.reshape(21, -1)])
    # 12 significant digits, the ones that are the same on every machine
    np.testing.assert_allclose(table[:, 1:], expected, rtol=5e-12, atol=0)
    assert all(len(v.split("e")[0].replace(".", "").lstrip("-0")) <= 12
               for row in rows for v in row.split(",")[1:])


@pytest.mark.parametrize("target, message", [
    ("missing/run.csv", "cannot write into {tmp}/missing: No such file or directory"),
    (".", "{tmp} is a folder: not replaced"),
])
def test_a_csv_path_that_cannot_be_written_is_refused_before_training(tmp_path, target,
                                                                       message):
    result = run(str(ROOT / "ann_numpy.py"), "1000000", "--csv", target, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""  # refused at once, not after a run
    assert result.stderr == ("ann_numpy.py: error: " + message.format(tmp=tmp_path)
                             + "; nothing written\n")
    assert os.listdir(tmp_path) == []


def test_a_read_only_csv_file_is_not_replaced(tmp_path):
    path = tmp_path / "run.csv"
    path.write_text("keep")
    path.chmod(0o444)
    result = run("ann_numpy.py", "3", "--csv", str(path))
    assert result.returncode == 2 and path.read_text() == "keep"
    assert result.stderr == f"ann_numpy.py: error: {path} is read-only: not replaced; " \
                            "nothing written\n"


def test_the_docs_name_every_activation():
    # docs/example_files.md names the activations by hand, in its opening and in the
    # `activation` field: a new one in backprop/activations.py must be named in both
    text = " ".join((ROOT / "docs" / "example_files.md").read_text().split()).lower()
    opening = text.split("## your own network", 1)[1].split(" layers, ", 1)[0]
    field = text.split("`activation` (default `sigmoid`):", 1)[1].split("- `w1`", 1)[0]
    for name in ACTIVATIONS:
        assert name in opening and f"`{name}`" in field, name


def test_the_readme_shows_the_worked_examples_file_as_it_is():
    text = (ROOT / "docs" / "example_files.md").read_text()
    block = text.split("## Your own network", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    assert block == (ROOT / "examples/mazur.json").read_text()

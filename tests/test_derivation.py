"""The derivation of one update (backprop/derivation.py, ann_numpy_no_loop.py
--example, --trace): its numbers are the training scripts', every printed
formula multiplies out, published values are checked as the worked example's."""
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
from backprop import derivation, example, gradcheck
from backprop.network import WORKED_EXAMPLE, Example, Params, constant, one_pass, outputs
from backprop.names import Names
from commands import run

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = [(ann_numpy, True), (ann_numpy_original, False)]
FILES = ["mazur_published.json", "mazur_bias_shared.json", "mazur_bias_per_neuron.json",
         "xor.json", "net_2_3_2.json", "homework_three_mistakes.json"]


def random_examples():
    """Seeded random networks of every kind (see gradcheck.random_configs) as Examples."""
    return [Example(constant(x), constant(t), Params(*map(constant, params)), 0.7, trained,
                    online, WORKED_EXAMPLE.model)
            for params, x, t, trained, online in gradcheck.random_configs(60, 21)]


EXAMPLES = [example.load(ROOT / "examples" / name) for name in FILES] + random_examples()


@pytest.mark.parametrize("ex", EXAMPLES)
@pytest.mark.parametrize("module, sequential", SCHEMES)
def test_the_derived_update_is_the_training_scripts(ex, module, sequential):
    d = derivation.derive(ex.start, ex.x, ex.t, ex.lr, sequential, ex.train_biases, ex.online,
                         ex.model)
    after, direction = one_pass(module.step, ex.start, ex.lr, ex.batches(), ex.train_biases,
                                ex.model)
    for ours, theirs in zip(d.params, after):
        np.testing.assert_allclose(np.array(ours, dtype=float), theirs, rtol=1e-12, atol=1e-15)
    # the forward pass before the first update: of every sample in batch mode
    out_h, out_o = outputs(ex.start, ex.x, ex.model)
    for s in range(1 if ex.online else len(ex.x)):
        of = "" if len(ex.x) == 1 else f"_s{s + 1}"
        for k, value in enumerate(out_o[s]):
            assert d.values[f"out_o{k + 1}{of}"] == pytest.approx(value, rel=1e-12)
        for k, value in enumerate(out_h[s]):
            assert d.values[f"out_h{k + 1}{of}"] == pytest.approx(value, rel=1e-12)
    expected_error = outputs(Params(*map(np.asarray, after)), ex.x, ex.model)[1]
    assert d.error == pytest.approx(0.5 * np.sum((ex.t - expected_error) ** 2), rel=1e-12)
    if len(ex.batches()) == 1:  # one update: its gradients are the step's direction
        names = Names(ex.start, len(ex.x))
        for j, row in enumerate(direction.W2):
            for k, g in enumerate(row):
                assert d.values[f"dE_total/d{names.weight(2, j, k)}"] == pytest.approx(
                    g, rel=1e-12, abs=1e-15)


NUMBER = re.compile(r"\d+(?:\.\d*)?(?:e[+-]\d+)?")


def multiplies_out(numbers, printed):
    """Whether the printed numbers give the printed result within their rounding:
    9 significant digits for each number, 12 for the result (to first order)."""
    expression = (numbers.replace("−", "-").replace("×", "*").replace("½", "0.5")
                  .replace("²", "**2").replace("e^(", "exp(").replace("ln(", "log("))
    tokens = list(NUMBER.finditer(expression))

    def value(shift=None):
        text, last = "", 0
        for k, token in enumerate(tokens):
            x = float(token.group())
            if k == shift and x != 0:
                x += 0.5 * 10.0 ** (math.floor(math.log10(abs(x))) - 8)
            text += expression[last:token.start()] + repr(x)
            last = token.end()
        # our own printed line
        return eval(text + expression[last:], {"exp": math.exp, "log": math.log, "tanh": math.tanh})

    exact = value()
    bound = sum(abs(value(k) - exact) for k in range(len(tokens)))
    result = float(printed.replace("−", "-"))
    return abs(exact - result) <= bound + 5e-12 * abs(result) + 1e-300


def printed_lines(text):
    """(numbers, result) of every '= numbers = result' in a derivation's output,
    with its wrapped continuation lines joined."""
    joined = re.sub(r"\n {5,}(?=[+−] )", " ", text)
    for line in joined.splitlines():
        match = re.fullmatch(r"\s+= (.*) = (\S+)", line)
        if match:
            yield match.groups()


@pytest.mark.parametrize("ex", EXAMPLES[:len(FILES)] + EXAMPLES[len(FILES)::6])
@pytest.mark.parametrize("sequential", [True, False])
def test_every_printed_formula_multiplies_out(ex, sequential):
    text = derivation.explain(ex, ex.lr, sequential, "",
                              derivation.both(ex, ex.start, ex.lr, sequential))
    lines = list(printed_lines(text))
    assert len(lines) > 10
    for numbers, printed in lines:
        assert multiplies_out(numbers, printed), (numbers, printed)


def test_the_check_catches_a_misprinted_result():
    assert multiplies_out("0.74136507 × 0.186815602 × 0.593269992", "0.0821670405642")
    assert not multiplies_out("0.74136507 × 0.186815602 × 0.593269992", "0.0821670415642")
    assert not multiplies_out("1 / (1 + e^(−0.3775))", "0.593269982107")


# The published values' marking: tests/test_marking.py


def test_the_worked_example_default_is_unchanged_by_the_derivation():
    # the comparison without options, as before this derivation existed
    out = run("ann_numpy_no_loop.py").stdout
    assert out.startswith("Worked example: one parallel step at eta = 0.5")
    assert "dE_o2/dout_h1: the computed value -0.019049118258 rounds to -0.019049118" in out


def trace_part(text):
    return text[text.index("The update from iteration"):]


def test_the_trace_of_update_0_is_the_no_loop_derivation():
    traced = run("ann_numpy.py", "0", "--trace", "0")
    derived = run("ann_numpy_no_loop.py", "--scheme", "sequential")
    assert traced.returncode == derived.returncode == 0
    assert trace_part(traced.stdout) == derived.stdout


@pytest.mark.parametrize("module, sequential", SCHEMES)
def test_the_trace_of_a_later_update_starts_from_that_state(module, sequential):
    ex = example.load(ROOT / "examples/xor.json")
    traced = run(f"{module.__name__}.py", "30", "--trace", "17", "--example",
                 "examples/xor.json")
    assert traced.returncode == 0 and traced.stderr == ""
    record = module.train(30, example=ex)
    state = Params(*(p[17] for p in record.params))
    assert trace_part(traced.stdout) == derivation.explain(
        ex, ex.lr, sequential, "The update from iteration 17 to 18, step by step",
        derivation.both(ex, state, ex.lr, sequential)) + "\n"
    d = derivation.derive(state, ex.x, ex.t, ex.lr, sequential, True, True, ex.model)
    np.testing.assert_allclose(np.array(d.params[0]), record.params.W1[18], rtol=1e-12)


@pytest.mark.parametrize("args, message", [
    (["3", "--trace", "4"], "argument --trace: must be at most the iteration count 3, got 4"),
    (["3", "--trace", "-1"], "argument --trace: must be between 0 and 1,000,000, got '-1'"),
])
def test_a_trace_outside_the_run_is_refused_in_one_line(args, message):
    result = run("ann_numpy_original.py", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"ann_numpy_original.py: error: {message}\n"


def test_an_unknown_published_name_gets_one_line_with_the_closest_names(tmp_path):
    data = json.loads((ROOT / "examples/mazur.json").read_text())
    path = tmp_path / "typo.json"
    path.write_text(json.dumps({**data, "published": {"out_h1": 0.593269992, "dE/dw5": 0.08}}))
    result = run("ann_numpy_no_loop.py", "--example", str(path))
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line == (f"ann_numpy_no_loop.py: error: argument --example: {path}: published: "
                    "unknown quantity 'dE/dw5' (closest: dE_total/dw5, dnet_o1/dw5, "
                    "dE_total/dw8); the names are those the derivation prints (run it "
                    "without the published values)")


@pytest.mark.parametrize("value", ["true", '"x"', "[1]", '"NaN"', '"-Infinity"'])
def test_a_published_value_that_is_not_a_number_is_refused(tmp_path, value):
    text = (ROOT / "examples/mazur.json").read_text().rstrip().rstrip("}")
    path = tmp_path / "bad.json"
    path.write_text(text + f', "published": {{"out_h1": {value}}}}}')
    with pytest.raises(example.ExampleError, match="published: out_h1 must be a finite number"):
        example.load(path)


@pytest.mark.parametrize("name", ["mazur_published.json", "xor.json", "net_3_4_2"])
@pytest.mark.parametrize("mode", ["online", "batch"])
def test_a_derivation_fits_a_terminal_100_columns_wide(tmp_path, name, mode):
    if name == "net_3_4_2":
        data = {"inputs": [0.1, 0.2, 0.7], "targets": [0.2, 0.8],
                "W1": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [-0.3, 0.2, 0.1], [0.25, -0.15, 0.35]],
                "W2": [[0.3, -0.2, 0.5, 0.1], [0.6, 0.4, -0.1, 0.2]],
                "b1": [0.1, 0.2, 0.3, 0.4], "b2": 0.5, "learning_rate": 0.3,
                "train_biases": True}
    else:
        data = json.loads((ROOT / "examples" / name).read_text())
    path = tmp_path / "net.json"
    path.write_text(json.dumps({**data, "mode": mode}))
    for scheme in ("parallel", "sequential"):
        result = run("ann_numpy_no_loop.py", "--example", str(path), "--scheme", scheme)
        # 1: a published value is wrong (the parallel scheme's, under the sequential)
        assert result.returncode in (0, 1) and result.stderr == ""
        assert max(len(line) for line in result.stdout.splitlines()) <= derivation.WIDTH


def test_the_readmes_derivation_excerpt_is_printed_as_shown():
    text = (ROOT / "docs" / "marking.md").read_text()
    excerpt = text.split("## Checking a derivation by hand", 1)[1].split("```\n", 2)[1]
    assert excerpt in run("ann_numpy_no_loop.py", "--scheme", "parallel").stdout


def without_learning_rate(tmp_path, name="xor.json"):
    data = json.loads((ROOT / "examples" / name).read_text())
    del data["learning_rate"]
    path = tmp_path / "no_lr.json"
    path.write_text(json.dumps(data))
    return path


def test_the_no_loop_scripts_lr_overrides_the_files_and_stands_in_for_a_missing_one(tmp_path):
    path = without_learning_rate(tmp_path)
    result = run("ann_numpy_no_loop.py", "--example", str(path), "--lr", "0.25")
    assert result.returncode == 0 and result.stderr == ""
    assert "learning rate η = 0.25," in " ".join(result.stdout.split())
    # the oracle: the training script's first pass at 0.25
    ex = example.load(ROOT / "examples/xor.json")
    w = ann_numpy_original.train(1, lr=0.25, example=ex).params.W1[1, 0, 0]
    printed = re.search(r"\n  w_i1h1\+_s4 = .*\n.* = (\S+)\n", result.stdout).group(1)
    assert float(printed.replace("−", "-")) == pytest.approx(w, rel=1e-11)
    # alone, the worked example at that rate
    alone = run("ann_numpy_no_loop.py", "--lr", "2")
    assert alone.returncode == 0 and "learning rate η = 2," in " ".join(alone.stdout.split())
    assert alone.stdout == run("ann_numpy_no_loop.py", "--example", "examples/mazur.json",
                               "--lr", "2").stdout


@pytest.mark.parametrize("script", ["ann_numpy_no_loop.py", "ann_numpy.py",
                                    "ann_numpy_original.py"])
def test_a_file_without_learning_rate_needs_lr(tmp_path, script):
    path = without_learning_rate(tmp_path)
    refused = run(script, "--example", str(path))
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr == (f"{script}: error: argument --example: {path}: missing field "
                              "'learning_rate'\n")
    assert run(script, "--example", str(path), "--lr", "0.5").returncode == 0
    bad = run(script, "--example", str(path), "--lr", "0")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "argument --lr: must be a finite positive number, got '0'" in bad.stderr


def xor_with(tmp_path, **more):
    data = json.loads((ROOT / "examples/xor.json").read_text())
    path = tmp_path / "xor_more.json"
    path.write_text(json.dumps({**data, **more}))
    return path


def test_each_samples_bias_gradient_has_its_own_name(tmp_path):
    ex = example.load(ROOT / "examples/xor.json")
    # the oracle: each online update's direction, from the training script's step
    params, directions = ex.start, []
    for x, t in ex.batches():
        params, direction = ann_numpy_original.step(params, ex.lr, x, t, True, ex.model)
        directions.append(direction.b[-1][0])
    published = {f"dE_total/db_o1_s{s + 1}": f"{g:.12g}" for s, g in enumerate(directions)}
    result = run("ann_numpy_no_loop.py", "--example", str(xor_with(tmp_path,
                                                                   published=published)))
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count(": agrees") == 4 and "DISAGREES" not in result.stdout
    names = example.quantity_names(ex)
    assert len(names) == len(set(names))  # no two lines share a name


@pytest.mark.parametrize("b2, name", [([0.2], "b_o1"), (0.2, "b2")])
def test_a_one_element_bias_list_is_per_neuron_and_a_number_shared(tmp_path, b2, name):
    path = xor_with(tmp_path, b2=b2)
    other = "b2" if name == "b_o1" else "b_o1"
    names = example.quantity_names(example.load(path))
    assert f"{name}+_s1" in names and f"{other}+_s1" not in names
    derived = run("ann_numpy_no_loop.py", "--example", str(path)).stdout
    assert f"  net_o1_s1 = w_h1o1 × out_h1 + w_h2o1 × out_h2 + {name}\n" in derived
    trained = run("ann_numpy.py", "3", "--example", str(path), "--csv", str(tmp_path / "r.csv"))
    assert f"   {name} = " in trained.stdout and f" {other} = " not in trained.stdout
    assert (tmp_path / "r.csv").read_text().split("\n")[0].split(",")[10] == name


def test_the_1_2_1_networks_output_bias_is_named_per_neuron():
    out = run("ann_numpy.py", "1", "--example", "examples/hagan_1_2_1.json").stdout
    assert "b_h1 = " in out and "b_o1 = " in out and "b2 = " not in out


def test_the_hidden_deltas_are_printed_whether_or_not_the_biases_are_trained(tmp_path):
    out = run("ann_numpy_no_loop.py", "--scheme", "parallel").stdout
    assert "  dE_total/dnet_h1 = dE_total/dout_h1 × dout_h1/dnet_h1\n" in out
    # the oracle: the training step's dE_total/dw1, which is dE_total/dnet_h1 × i1
    ex = WORKED_EXAMPLE
    _, direction = ann_numpy_original.step(ex.start, ex.lr, ex.x, ex.t, False, ex.model)
    delta = direction.W1[0, 0] / ex.x[0, 0]
    path = tmp_path / "delta.json"
    data = json.loads((ROOT / "examples/mazur.json").read_text())
    path.write_text(json.dumps({**data, "published": {"dE_total/dnet_h1": f"{delta:.9f}"}}))
    checked = run("ann_numpy_no_loop.py", "--example", str(path)).stdout
    assert f"published {delta:.9f}: agrees" in checked


def test_the_sequential_hidden_steps_are_not_named_gradients(tmp_path):
    sequential = run("ann_numpy_no_loop.py", "--scheme", "sequential").stdout
    parallel = run("ann_numpy_no_loop.py", "--scheme", "parallel").stdout
    assert "  step_w1 = dE_total/dout_h1 × dout_h1/dnet_h1 × dnet_h1/dw1\n" in sequential
    assert "  w1+ = w1 − η × step_w1\n" in sequential and "dE_total/dw1" not in sequential
    assert "  dE_total/dw1 = dE_total/dout_h1" in parallel and "step_" not in parallel
    assert "  dE_total/dw5 = " in sequential  # the output layer's are gradients in both
    # the oracle: the sequential training step's direction for w1
    ex = WORKED_EXAMPLE
    _, direction = ann_numpy.step(ex.start, ex.lr, ex.x, ex.t, False, ex.model)
    d = derivation.derive(ex.start, ex.x, ex.t, ex.lr, True, False, True, ex.model)
    assert d.values["step_w1"] == pytest.approx(direction.W1[0, 0], rel=1e-12)
    # a published step_w1 is checked under the sequential scheme, and found elsewhere
    data = json.loads((ROOT / "examples/mazur.json").read_text())
    path = tmp_path / "step.json"
    path.write_text(json.dumps({**data, "published": {"step_w1": f"{d.values['step_w1']:.9f}",
                                                     "dE_total/dw1": "0.000438568"}}))
    seq = run("ann_numpy_no_loop.py", "--example", str(path), "--scheme", "sequential")
    assert seq.returncode == 0 and "agrees" in seq.stdout
    assert "Only in the parallel scheme's derivation (--scheme parallel):\n  dE_total/dw1\n" \
        in seq.stdout
    par = run("ann_numpy_no_loop.py", "--example", str(path)).stdout
    assert "Only in the sequential scheme's derivation (--scheme sequential):\n  step_w1\n" in par


NUMBER_TOKEN = re.compile(r"[−+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")


@pytest.mark.parametrize("args", [
    ["ann_numpy_no_loop.py"],
    ["ann_numpy_no_loop.py", "--example", "examples/homework_three_mistakes.json"],
    ["ann_numpy_no_loop.py", "--example", "examples/mazur_published.json"],
    ["ann_numpy_no_loop.py", "--example", "examples/xor_thresholds.json", "--scheme",
     "sequential"],
    ["ann_numpy_no_loop.py", "--example", "examples/softmax_2_3_3.json"],
    ["ann_numpy.py", "3", "--trace", "2", "--example", "examples/tanh_2_3_1.json"],
    ["ann_numpy_original.py", "2", "--trace", "1", "--example", "examples/xor.json"],
    ["ann_numpy.py", "2", "--example", "examples/hagan_1_2_1.json", "--trace", "0"],
])
def test_every_printed_number_can_be_pasted_into_float(args, tmp_path):
    out = run(*args).stdout
    data = json.loads((ROOT / "examples/xor.json").read_text())
    path = tmp_path / "neg.json"  # a published negative value, echoed as written
    path.write_text(json.dumps({**data, "published": {"b_h2+_s1": "-0.296463329557"}}))
    out += run("ann_numpy_no_loop.py", "--example", str(path)).stdout
    assert "published -0.296463329557: agrees" in out
    tokens = NUMBER_TOKEN.findall(out)
    assert any(t.startswith("-") for t in tokens)
    for token in tokens:
        float(token)  # U+2212 "−1" would raise ValueError

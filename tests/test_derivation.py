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


def test_an_unknown_published_name_gets_one_line_listing_the_names(tmp_path):
    data = json.loads((ROOT / "examples/mazur.json").read_text())
    path = tmp_path / "typo.json"
    path.write_text(json.dumps({**data, "published": {"out_h1": 0.593269992, "dE/dw5": 0.08}}))
    result = run("ann_numpy_no_loop.py", "--example", str(path))
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"ann_numpy_no_loop.py: error: argument --example: {path}: "
                           "published: unknown quantity 'dE/dw5'; the names are: net_h1, "
                           "out_h1, net_h2")
    names = line.split("the names are: ")[1].split(", ")
    assert {"dE_total/dw5", "w5+", "dE_o2/dout_h1", "dE_total/db1"} <= set(names)
    assert names[-1] == "E_total+"


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
    text = (ROOT / "README.md").read_text()
    excerpt = text.split("### Checking a derivation by hand", 1)[1].split("```\n", 2)[1]
    assert excerpt in run("ann_numpy_no_loop.py", "--scheme", "parallel").stdout

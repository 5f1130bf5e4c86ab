"""Issue 21's fault cases in the inputs (and issue 20's "stopped falling"):
every one ends in a one-line message or an honest sentence, never a traceback,
a hang or unbounded memory. Each runs in this process: example.load on a file
in tmp_path, or a script's main(argv) with its output captured."""
import json
import os
import re
import resource
import signal
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_no_loop
import ann_numpy_original
from backprop import derivation, example, metrics, published, report
from backprop.example import ExampleError
from backprop.network import START, WORKED_EXAMPLE, Params

ROOT = Path(__file__).resolve().parent.parent
MAZUR = json.loads((ROOT / "examples/mazur.json").read_text())


def written(tmp_path, text):
    """The path of a file in tmp_path holding `text`."""
    path = tmp_path / "example.json"
    path.write_text(text)
    return path


def mazur_with(tmp_path, raw=None, **fields):
    """The worked example's file with `fields` changed (as JSON) and `raw`
    {field: JSON text} written as given (numbers json.dumps cannot write)."""
    text = json.dumps({**MAZUR, **fields, **{field: "@" + field for field in raw or {}}})
    for field, value in (raw or {}).items():
        text = text.replace(json.dumps("@" + field), value)
    return written(tmp_path, text)


def refusal(path):
    """The one-line message example.load gives the file at `path`."""
    with pytest.raises(ExampleError) as error:
        example.load(path)
    (line,) = str(error.value).splitlines()
    return line


# Published values outside Decimal's default range: rounded() raised InvalidOperation.

@pytest.mark.parametrize("digits", ["1e-30", "8.2167041e-30", "0.0000000000000000000000000000001",
                                    "1e-400", "1e999999999"])
def test_a_published_value_of_any_exponent_is_checked(tmp_path, capsys, digits):
    path = mazur_with(tmp_path, raw={"published": f'{{"out_h1": {digits}, "w5+": 0.35891648}}'})
    assert ann_numpy_no_loop.main(["--example", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"published {digits}: WRONG" in out
    assert "published 0.35891648: agrees" in out
    assert "1 of 2 agree" in out


@pytest.mark.parametrize("value, digits, agrees", [
    (1e-30, "1e-30", True),
    (8.2167041e-30, "8.2167041e-30", True),
    (8.2167042e-30, "8.2167041e-30", False),
    (1e-31, "0.0000000000000000000000000000001", True),
    (0.0, "1e-400", False),
    (1e-300, "1e999999999", False),
    (0.0, "0e999999999", True),
    (float("inf"), "1", False),
    (float("nan"), "1", False),
])
def test_agreement_at_any_exponent(value, digits, agrees):
    assert published.agrees(value, digits) is agrees


def test_a_published_value_of_a_quantity_that_overflows_disagrees(tmp_path, capsys):
    # net_h1 = 10 x 1e308 + 10 x 1e308 + 0.35 overflows to inf
    path = mazur_with(tmp_path, inputs=[1e308, 1e308], W1=[[10, 10], [1, 1]],
                      published={"net_h1": 1, "out_h1": 1})
    assert ann_numpy_no_loop.main(["--example", str(path)]) == 1
    out = capsys.readouterr().out
    assert "net_h1: published 1: WRONG: should be inf: exact inf" in out
    assert "published 1: agrees" in out  # out_h1 = sigmoid(inf) = 1


# Huge integers: OverflowError, or with 5,000 digits "invalid example_argument value".

TOO_LARGE = "got a number beyond float64's range (about ±1.8e308)"


@pytest.mark.parametrize("field, digits, message", [
    ("learning_rate", 400, f"learning_rate must be a finite positive number, {TOO_LARGE}"),
    ("learning_rate", 5_000, f"learning_rate must be a finite positive number, {TOO_LARGE}"),
    ("b1", 400, f"b1 must be a finite number, {TOO_LARGE}"),
    ("b2", 5_000, f"b2 must be a finite number, {TOO_LARGE}"),
    ("train_biases", 5_000, f"train_biases must be true or false, {TOO_LARGE}"),
])
def test_a_huge_integer_is_named_and_said_to_be_too_large(tmp_path, field, digits, message):
    path = mazur_with(tmp_path, raw={field: "1" + "0" * digits})
    assert refusal(path) == f"{path}: {message}"


@pytest.mark.parametrize("raw", [{"W1": "[[1%s, 0.2], [0.25, 0.3]]" % ("0" * 5_000)},
                                 {"inputs": "[-1%s, 0.1]" % ("0" * 4_400)}])
def test_a_huge_integer_in_a_list_is_named(tmp_path, raw):
    path = mazur_with(tmp_path, raw=raw)
    (field,) = raw
    assert refusal(path) == f"{path}: {field} must hold finite numbers"


def test_an_integer_that_fits_a_float_is_read_as_one(tmp_path):
    # 300 digits: an int; 301 and more: a float, here finite
    path = mazur_with(tmp_path, raw={"learning_rate": "1" + "0" * 305})
    assert example.load(path).lr == 1e305
    path = mazur_with(tmp_path, raw={"learning_rate": "5" + "0" * 299})
    assert example.load(path).lr == 5e299


def test_a_huge_learning_rate_on_the_command_line_is_one_line(tmp_path, capsys):
    path = mazur_with(tmp_path, raw={"learning_rate": "1" + "0" * 5_000})
    with pytest.raises(SystemExit) as status:
        ann_numpy_no_loop.main(["--example", str(path)])
    (line,) = capsys.readouterr().err.splitlines()
    assert status.value.code == 2
    assert line.endswith(f": error: argument --example: {path}: learning_rate must be a finite "
                         f"positive number, {TOO_LARGE}")


# Duplicate keys: the last one silently won.

@pytest.mark.parametrize("text, key", [
    ('{"inputs": [0.05, 0.1], "inputs": [1, 2]}', "inputs"),
    (json.dumps(MAZUR)[:-1] + ', "b1": 0.5}', "b1"),
    (json.dumps(MAZUR)[:-1] + ', "published": {"out_h1": 0.59, "out_h1": 0.6}}', "out_h1"),
])
def test_a_repeated_key_is_refused_naming_it(tmp_path, text, key):
    path = written(tmp_path, text)
    assert refusal(path) == f'{path}: the key "{key}" appears more than once in an object'


# Files that are not regular files: /dev/zero read without limit, a FIFO hung.

@pytest.fixture
def deadline():
    """Fail, instead of hanging or filling the machine's memory, a test that takes
    more than 5 s or 1 GiB more than the tests have taken so far."""
    def late(*_):
        raise TimeoutError("took more than 5 s")
    previous = signal.signal(signal.SIGALRM, late)
    limits = resource.getrlimit(resource.RLIMIT_AS)
    size = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + 2**30, limits[1]))
    signal.alarm(5)
    yield
    signal.alarm(0)
    resource.setrlimit(resource.RLIMIT_AS, limits)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_unread(deadline, device):
    assert refusal(device) == f"cannot read {device}: not a regular file"


def test_a_fifo_is_refused_without_waiting_for_a_writer(deadline, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert refusal(fifo) == f"cannot read {fifo}: not a regular file"


def test_a_folder_is_refused(tmp_path):
    assert refusal(tmp_path) == f"cannot read {tmp_path}: not a regular file"


def test_a_file_larger_than_the_cap_is_refused(tmp_path, monkeypatch):
    path = mazur_with(tmp_path)
    monkeypatch.setattr(example, "MAX_FILE_BYTES", 2**20)
    assert example.load(path).lr == 0.5
    path.write_text(json.dumps(MAZUR) + " " * 2**20)
    assert refusal(path) == f"{path}: larger than 1 MiB, the most an example file may be"


def test_the_cap_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        ann_numpy_no_loop.main(["--help"])
    assert (f"regular file (not a FIFO or a device) of at most {example.MAX_FILE_BYTES // 2**20} "
            "MiB") in capsys.readouterr().out


# Misleading results: an overflowed weighted sum, said in the same words by the
# report and the derivation; overflow warnings.

OVERFLOW = dict(inputs=[1e308, 1e308], W1=[[10, -10], [1, 1]])  # net_h1 is exactly 0.35


def note(name, value, at=""):
    return (f"{name} is {value}{at}: the numbers overflowed float64, so it and everything "
            "computed from it differ from the exact arithmetic.")


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("module", [ann_numpy, ann_numpy_original])
def test_an_overflowed_weighted_sum_is_said_in_training(tmp_path, capsys, module):
    path = mazur_with(tmp_path, **OVERFLOW)
    assert module.main(["3", "--example", str(path)]) == 0
    # ndarray.dot sums 10 x 1e308 and -10 x 1e308 in its own order: -inf, not nan
    assert capsys.readouterr().out.splitlines()[-1] == note("net_h1", "-inf", " at iteration 0")


@pytest.mark.filterwarnings("error")
def test_an_overflowed_weighted_sum_is_said_in_the_derivation(tmp_path, capsys):
    path = mazur_with(tmp_path, **OVERFLOW)
    assert ann_numpy_no_loop.main(["--example", str(path)]) == 0
    out = capsys.readouterr().out
    assert "= 10 × 1e+308 + (-10) × 1e+308 + 0.35 = nan" in out
    assert " ".join(out.split()).endswith(note("net_h1", "nan"))
    assert ann_numpy.main(["0", "--trace", "0", "--example", str(path)]) == 0
    assert " ".join(capsys.readouterr().out.split()).endswith(note("net_h1", "nan"))


@pytest.mark.filterwarnings("error")
def test_a_saturated_derivation_is_right_and_without_warnings(tmp_path, capsys):
    # net_h = -800 x 10 - 800 x 10 + 0.35: e^16000 overflows, out_h = 0 exactly
    path = mazur_with(tmp_path, inputs=[10, 10], W1=[[-800, -800], [-800, -800]])
    assert ann_numpy_no_loop.main(["--example", str(path)]) == 0
    out = capsys.readouterr().out
    assert "out_h1 = 1 / (1 + e^(−net_h1))\n         = 1 / (1 + e^(−(-15999.65))) = 0" in out
    assert "overflowed" not in out


# Large networks: blocks sized by bytes, the run's and the derivation's bounds,
# published names from the sizes alone.

def network(n_inputs, n_hidden, n_outputs=2, samples=1):
    """An example file's fields for a network of these sizes, seeded."""
    rng = np.random.default_rng(n_inputs * n_hidden * samples)
    return {**MAZUR, "inputs": rng.random((samples, n_inputs)).tolist(),
            "targets": rng.random((samples, n_outputs)).tolist(),
            "W1": rng.random((n_hidden, n_inputs)).tolist(),
            "W2": rng.random((n_outputs, n_hidden)).tolist()}


def test_a_block_is_sized_in_bytes():
    # the worked example: 10 parameters, 2 + 2 nets and outs, 8 bytes each
    assert report.block(WORKED_EXAMPLE) == report.BLOCK == report.BLOCK_BYTES // (8 * 18)
    big = WORKED_EXAMPLE._replace(start=Params(np.zeros((2000, 2000)), np.zeros((2, 2000)),
                                               *START.b))
    assert report.block(big) == 1


def test_a_run_in_blocks_of_a_few_iterations_is_the_record(monkeypatch):
    monkeypatch.setattr(report, "BLOCK_BYTES", 3 * 8 * 18)  # three iterations a block
    record = ann_numpy.train(10)
    summary = report.summarize(ann_numpy.step, "sequential", WORKED_EXAMPLE, 10, 0.5)
    np.testing.assert_array_equal(summary.error, record.error)
    for ours, theirs in zip(summary.params, record.params):
        np.testing.assert_array_equal(ours, theirs[-1])


def test_a_run_beyond_the_bound_is_refused_in_one_line(tmp_path, capsys):
    path = mazur_with(tmp_path, **network(100, 100))  # 10,000 + 200 weights, 2 biases
    with pytest.raises(SystemExit) as status:
        ann_numpy.main(["1000000", "--example", str(path)])
    assert status.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(": error: argument ITERATIONS: at most 98,019 for this network: "
                         "parameters x samples x iterations (10,202 x 1 x 1,000,000) must be "
                         "at most 1,000,000,000")


def test_the_bound_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        ann_numpy.main(["--help"])
    out = capsys.readouterr().out
    assert "A run makes at most 1,000,000,000 parameters x samples x iterations." in out
    assert "of at most\n10,000 parameters x samples." in out
    assert " 15 s" not in out


def test_the_bound_counts_samples_and_lets_a_run_at_it_through(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(report, "MAX_WORK", 100)
    path = mazur_with(tmp_path, **network(2, 2, samples=2))  # 10 parameters
    assert ann_numpy.main(["5", "--example", str(path)]) == 0
    with pytest.raises(SystemExit):
        ann_numpy.main(["6", "--example", str(path)])
    assert capsys.readouterr().err.endswith("at most 5 for this network: parameters x samples x "
                                            "iterations (10 x 2 x 6) must be at most 100\n")


DERIVATION_REFUSED = ("a derivation step by step is for at most 10,000 parameters x samples; "
                      "this network has 10 x 1,001")


@pytest.mark.parametrize("script, argv", [
    (ann_numpy_no_loop, ["--example"]),
    (ann_numpy, ["0", "--trace", "0", "--example"]),
    (ann_numpy_original, ["0", "--trace", "0", "--example"]),
])
def test_a_derivation_beyond_its_bound_is_refused_in_one_line(tmp_path, capsys, script, argv):
    path = mazur_with(tmp_path, **network(2, 2, samples=1_001))
    with pytest.raises(SystemExit) as status:
        script.main([*argv, str(path)])
    assert status.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.endswith(f": {DERIVATION_REFUSED}")


def test_a_network_too_large_to_derive_still_trains(tmp_path, capsys):
    path = mazur_with(tmp_path, **network(2, 2, samples=1_001))
    assert ann_numpy.main(["1", "--example", str(path)]) == 0
    assert "1001 samples, online" in capsys.readouterr().out


def test_published_values_of_a_network_too_large_to_derive_are_refused(tmp_path):
    path = mazur_with(tmp_path, **network(2, 2, samples=1_001), published={"out_h1": 0.5})
    assert refusal(path) == f"{path}: published: {DERIVATION_REFUSED}"


def test_published_names_are_checked_without_deriving(monkeypatch):
    def derive(*_):
        raise AssertionError("derived")
    monkeypatch.setattr(derivation, "derive", derive)
    assert example.load(ROOT / "examples/mazur_published.json").published[0]["w5+"].digits == \
        "0.35891648"


@pytest.mark.parametrize("sizes, samples, mode, shared", [
    ((2, 2, 2), 1, "online", True), ((1, 1, 1), 2, "online", True), ((3, 2, 1), 3, "online", False),
    ((2, 3, 2), 2, "batch", True), ((1, 2, 3), 3, "batch", False), ((3, 1, 2), 1, "batch", False),
])
def test_the_published_names_are_the_derivations(sizes, samples, mode, shared):
    n_inputs, n_hidden, n_outputs = sizes
    data = {**network(n_inputs, n_hidden, n_outputs, samples), "mode": mode,
            "b1": 0.35 if shared else [0.35] * n_hidden, "b2": 0.6 if shared else [0.6] * n_outputs}
    ex = example.parse(data)
    parallel, sequential = (list(derivation.derive(ex.start, ex.x, ex.t, ex.lr, seq, True,
                                                   ex.online, ex.model).values)
                            for seq in (False, True))
    # the sequential scheme's own names (step_w1, ...) after the parallel scheme's
    own = [name for name in sequential if name not in parallel]
    assert example.quantity_names(ex) == [*parallel, *own, "E_total+", *metrics.NAMES]


# Issue 20: "The error stopped falling" said of float64's resolution as of saturation.

RESOLUTION = re.compile(r"The error stopped falling after iteration ([0-9,]+): at E_total = "
                        r"([-0-9.e]+) it has reached float64's resolution, where each rise is no "
                        r"larger than a change in the outputs' last bits can make \(not "
                        r"saturation\); it did not fall at [0-9,]+ of 12,000 updates\.")


@pytest.mark.parametrize("module", [ann_numpy, ann_numpy_original])
def test_the_error_at_float64s_resolution_is_not_said_to_stop_falling_from_saturation(module):
    # at eta = 90 the error reaches float64's resolution within 12,000 updates (about
    # 4e-31 at 11,000 updates); where exactly depends on exp's last bits
    summary = report.summarize(module.step, module.SCHEME, WORKED_EXAMPLE, 12_000, 90)
    n, error = RESOLUTION.fullmatch(report.progress_note(summary)).groups()
    assert 5_000 < int(n.replace(",", "")) < 12_000 and float(error) < 1e-29


@pytest.mark.parametrize("module, iterations, lr, expected", [
    (ann_numpy, 100, 1000, "after iteration 1: the sigmoids saturated (a slope out (1 - out) "
     "below float64's epsilon); it did not fall at 99 of 100 updates."),
    (ann_numpy_original, 100, 1000, "after iteration 1: the sigmoids saturated (a slope "
     "out (1 - out) below float64's epsilon); it did not fall at 99 of 100 updates."),
    (ann_numpy_original, 10, 1e300, "after iteration 1: the sigmoids saturated (a slope "
     "out (1 - out) below float64's epsilon); it did not fall at 9 of 10 updates."),
])
def test_saturated_sigmoids_are_said_to_stop_the_error(module, iterations, lr, expected):
    summary = report.summarize(module.step, module.SCHEME, WORKED_EXAMPLE, iterations, lr)
    assert report.progress_note(summary) == f"The error stopped falling {expected}"


@pytest.mark.parametrize("error, saturated, expected", [
    ([0.3, 0.2, 0.25], False, "after iteration 1: it did not fall at 1 of 2 updates."),
    ([0.3, 0.2, 0.25], True, "after iteration 1: the sigmoids saturated (a slope out (1 - out) "
     "below float64's epsilon); it did not fall at 1 of 2 updates."),
    ([1e-26, 1e-26, 1.0001e-26], False, "after iteration 0: at E_total = 1e-26 it has reached "
     "float64's resolution, where each rise is no larger than a change in the outputs' last "
     "bits can make (not saturation); it did not fall at 2 of 2 updates."),
    ([1e-26, 1e-26, 1.1e-26], False, "after iteration 0: it did not fall at 2 of 2 updates."),
])
def test_a_rise_beyond_the_outputs_last_bits_is_not_resolution(error, saturated, expected):
    error = np.array(error)
    summary = report.Summary("sequential", 0.5, WORKED_EXAMPLE, error, np.ones(3, bool), {}, None,
                             saturated=np.full(3, saturated))
    assert report.progress_note(summary) == f"The error stopped falling {expected}"


@pytest.mark.filterwarnings("error")
def test_the_first_overflowed_sum_is_named_by_layer_and_sample(tmp_path, capsys):
    # net_o2 = 1.7e308 out_h1 + 1.7e308 out_h2 + 0.6: sample 1's out_h are about 0.03
    # (finite), sample 2's about 0.99 (inf)
    path = mazur_with(tmp_path, inputs=[[-10, -10], [10, 10]], targets=[[0.01, 0.99], [0.5, 0.5]],
                      W2=[[0.4, 0.45], [1.7e308, 1.7e308]])
    assert ann_numpy.main(["2", "--example", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == note("net_o2_s2", "inf", " at iteration 0")

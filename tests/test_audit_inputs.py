"""Issue 21's fault cases in the inputs (and issue 20's "stopped falling"):
every one ends in a one-line message or an honest sentence, never a traceback,
a hang or unbounded memory. Each runs in this process: example.load on a file
in tmp_path, or a script's main(argv) with its output captured."""
import json
import os
import signal
from pathlib import Path

import pytest

import ann_numpy_no_loop
from backprop import example, published
from backprop.example import ExampleError

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
    assert ann_numpy_no_loop.main(["--example", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"published {digits.replace('-', '−')}: DISAGREES" in out
    assert "published 0.35891648: agrees" in out
    assert "1 of the 2 published values found agree" in out


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
    assert ann_numpy_no_loop.main(["--example", str(path)]) == 0
    out = capsys.readouterr().out
    assert "net_h1: published 1, computed inf" in out
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
                                 {"inputs": "[-1%s, 0.1]" % ("0" * 400)}])
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
    """Fail, instead of hanging, a test that takes more than 5 s."""
    def late(*_):
        raise TimeoutError("took more than 5 s")
    previous = signal.signal(signal.SIGALRM, late)
    signal.alarm(5)
    yield
    signal.alarm(0)
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

"""Example files: anyone's network of layers (any depth, activations, loss and
bias convention), its samples and how it trains, read from JSON into a
network.Example; and the names of its parameters and outputs, as the report,
the CSV file and the derivation print them (see FORMAT).

A file in the shorthand of two sigmoid layers (examples/mazur.json is the worked example):
  {"inputs": [0.05, 0.10], "targets": [0.01, 0.99],
   "W1": [[0.15, 0.20], [0.25, 0.30]], "W2": [[0.40, 0.45], [0.50, 0.55]],
   "b1": 0.35, "b2": 0.60, "learning_rate": 0.5,
   "train_biases": false, "mode": "online"}
Every problem gets one line (ExampleError), never a traceback.
"""
import math
import os
import stat
from decimal import Decimal, InvalidOperation

import numpy as np

from backprop.activations import ACTIVATIONS, LOSSES
from backprop.names import (METRICS, SAMPLE_SUFFIX, Renaming, bias_names, derived_names,
                            neuron_name, sizes, weight_names)
from backprop.network import (MAX_DERIVED, MAX_ITERATIONS, MAX_WORK, WORKED_EXAMPLE,
                              Example, Params, constant, model)
from backprop.published import Printed

REQUIRED = ("inputs", "targets", "learning_rate")
# The network: the shorthand of two sigmoid layers, or a list of layers.
SHORTHAND, LAYERS = ("W1", "W2", "b1", "b2"), "layers"
LAYER_FIELDS = ("W", "b", "activation")
OPTIONAL = {"train_biases": False, "mode": "online", "loss": "half_sse", "bias_input": 1,
            "published": None, "published_at": None, "names": None,
            "error_term": "out - target", "source": None}
MODES = ("online", "batch")
# The error term's sign: a file that prints the deltas with (t - o) declares it, and its
# published derivatives of E (the names dE...) are read with their sign turned.
ERROR_TERMS = ("out - target", "target - out")
# The fields of "source": where a file's published values are printed.
SOURCE_FIELDS = ("author", "title", "url", "section", "note")

# The largest example file read: a 2000 x 2000 W1 at full precision is 90 MB.
MAX_FILE_BYTES = 256 * 2**20
# A JSON integer of more digits is read as a float (inf beyond float64's range),
# which no integer of so many digits fits exactly anyway; Python's int() refuses
# more than 4,300 digits.
INTEGER_DIGITS = 300


FORMAT = f"""\
An example file (--example) is JSON with the fields
  inputs, targets  one sample as a list of numbers, or several as a list of lists
  layers           the layers from the first hidden layer to the output layer, each
                   {{"W": [[...], ...], "b": ..., "activation": "sigmoid"}}: W one row
                   per neuron, the weights into it from each neuron below (or input);
                   b a number (one bias shared by the layer) or a list (one per
                   neuron); activation (default sigmoid) one of
                   {", ".join(ACTIVATIONS)}
                   (softmax the output layer only, with the loss cross_entropy)
  W1, W2, b1, b2   instead of layers: two sigmoid layers, W1 the hidden layer's
                   weights, W2 the output layer's, b1 and b2 their biases
  loss             half_sse (default): 1/2 (target - out)^2; sse: (target - out)^2;
                   mse: (target - out)^2 averaged over the update's samples and
                   outputs; cross_entropy: -t ln out (- (1 - t) ln (1 - out) after
                   a sigmoid); each summed over samples and outputs
  bias_input       1 (default): net = W x + b; -1: b is a threshold, net = W x - b
  learning_rate    eta, a positive number (--lr overrides it; with --lr it may be left out)
  train_biases     true or false (default false): whether the biases are updated
  mode             "online" (default): an update per sample, in file order;
                   "batch": one update a pass, the gradient summed over the samples
  published        optional: values of the first update's quantities as printed
                   in a textbook, {{"out_h1": 0.593269992, "w5+": 0.35891648, ...}},
                   which ann_numpy_no_loop.py --example marks
  published_at     optional: the same for the update from iteration N to N+1 (the
                   state after N passes, then its update), {{"20": {{"E_total": ...}}}};
                   "published" is "published_at" {{"0": ...}}; also the metrics of
                   iteration N: running_error (each sample's E_total before its own
                   update, summed over the pass from N), rmse, mean_abs_error,
                   max_abs_error (of t - out over the samples and outputs at N)
  names            optional: the source's names for this project's, {{"v11": "w_i1h1",
                   "theta3": "b_h1", "z1": "h1", "delta": "dE_o1/dnet_o1"}}: a weight,
                   bias or neuron (then also inside every quantity's name: "dE_total/dv11",
                   "out_z1") or a whole quantity; published values may use either name,
                   and the derivation, report, CSV file and page print the source's
  error_term       "out - target" (default) or "target - out": the sign of the source's
                   deltas; with "target - out" the published derivatives of E (dE...)
                   are read with their sign turned
  source           optional: where the published values are printed, {{"author": ...,
                   "title": ..., "url": ..., "section": ..., "note": ...}} (strings)
Names: neurons i1.. (inputs), h1.. (one hidden layer) or h1.1.., h2.1.. (hidden
layer, then neuron), o1.. (outputs); a 2-2-2 network's weights are the worked
example's w1..w8, others' w_i1h1 (from i1 into h1), w_h1o1, w_h1.2h2.1; a shared
bias (a number) is b1, b2, .. (by layer), per-neuron ones (a list, even of one
element) b_h1.., b_o1..; with several samples, a sample's own quantities end in
_s1, _s2, ..: out_o1_s2 is output o1 for sample 2, dE_total/db_o1_s2 (online)
the gradient of its update.
The file is a regular file (not a FIFO or a device) of at most {MAX_FILE_BYTES // 2**20} MiB,
and no key appears twice in one of its objects. A step-by-step derivation
(ann_numpy_no_loop.py, --trace) and published values are for networks of at most
{MAX_DERIVED:,} parameters x samples."""


class ExampleError(ValueError):
    """An example file that cannot be used; the message is one line."""


def contents(path):
    """The text of the regular file at `path`, of at most MAX_FILE_BYTES. It is
    opened without blocking, so that a FIFO cannot hang the read; a FIFO, a
    device (/dev/zero) or a folder is refused before anything is read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise ExampleError(f"cannot read {path}: not a regular file")
    with open(fd, "rb") as f:
        # one byte more than the cap: a file that grew since fstat is refused too
        data = f.read(MAX_FILE_BYTES + 1) if status.st_size <= MAX_FILE_BYTES else b""
    if status.st_size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise ExampleError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB, the most an "
                           "example file may be")
    return data.decode("utf-8")


def integer(digits):
    """A JSON integer: an int, or with more than INTEGER_DIGITS digits a float."""
    return int(digits) if len(digits) <= INTEGER_DIGITS else float(digits)


def read(path):
    """The file's JSON object; its "published" values as the digits written."""
    import json  # here, not above: the training scripts start sooner without it
    def no_constant(name):
        raise ExampleError(f"{path}: {name} is not a number JSON allows")

    def unique(pairs):
        """An object's pairs as a dict, refused if a key appears twice (which one wins
        differs from reader to reader)."""
        data = {}
        for key, value in pairs:
            if key in data:
                raise ExampleError(f"{path}: the key {json.dumps(key)} appears more than "
                                   "once in an object")
            data[key] = value
        return data
    try:
        text = contents(path)
        data = json.loads(text, parse_constant=no_constant, parse_int=integer,
                          object_pairs_hook=unique)
        if isinstance(data, dict) and ("published" in data or "published_at" in data):
            # the digits as written: 0.511301270 keeps its last zero
            digits = json.loads(text, parse_float=str, parse_int=str,
                                parse_constant=no_constant)
            data.update({key: digits[key] for key in ("published", "published_at")
                         if key in data})
    except OSError as e:
        raise ExampleError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ExampleError(f"{path}: not a text file in UTF-8") from None
    except json.JSONDecodeError as e:
        raise ExampleError(f"{path}: not valid JSON: {e.msg} at line {e.lineno}, "
                           f"column {e.colno}") from None
    except RecursionError:
        raise ExampleError(f"{path}: nested too deeply") from None
    if not isinstance(data, dict):
        raise ExampleError(f"{path}: expected a JSON object {{...}} with the fields "
                           f"{', '.join(REQUIRED)}, and {LAYERS} or {', '.join(SHORTHAND)}")
    return data


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def shown(value):
    """A field's value as a message quotes it; an infinite one is a literal
    beyond float64's range (JSON has no infinity: see read)."""
    if isinstance(value, float) and math.isinf(value):
        return "a number beyond float64's range (about ±1.8e308)"
    import json  # as in read
    return json.dumps(value)[:60]


def numbers(data, field, depth, label=None):
    """data[field] as a float array of `depth` nesting levels (1: a list of
    numbers, 2: a list of lists), every number finite; `label` names it in a
    message (default: field)."""
    value, label = data[field], field if label is None else label
    kind = "a list of numbers" if depth == 1 else "a list of lists of numbers"

    def valid(v, level):
        if level == 0:
            return is_number(v)
        return isinstance(v, list) and len(v) > 0 and all(valid(u, level - 1) for u in v)

    if not valid(value, depth):
        raise ExampleError(f"{label} must be {kind}, got {shown(value)}")
    if depth == 2 and len({len(row) for row in value}) > 1:
        raise ExampleError(f"{label}: its rows must have the same length, got lengths "
                           f"{[len(row) for row in value]}")
    array = np.array(value, dtype=float)
    if not np.isfinite(array).all():
        raise ExampleError(f"{label} must hold finite numbers")
    return array


def samples(data, field):
    """inputs or targets as (S, n): one sample (a list) or several (a list of lists)."""
    if data[field] == [] or data[field] == [[]]:
        raise ExampleError(f"{field} holds no sample: give one as a list of numbers, or "
                           "several as a list of lists")
    one = isinstance(data[field], list) and all(is_number(v) for v in data[field])
    return numbers(data, field, 1)[None] if one else numbers(data, field, 2)


def expect_shape(field, array, shape, why):
    if array.shape != shape:
        got = " x ".join(map(str, array.shape))
        raise ExampleError(f"{field} is {got}, expected {' x '.join(map(str, shape))} ({why})")


def fits_samples(field, values, W, neurons):
    """Refuse samples (inputs or targets) of `values` numbers each for a network
    whose weights `W` give it `neurons` inputs (W's columns) or outputs (W's rows)."""
    if values != neurons:
        kind, part = ("input", "column") if field == "inputs" else ("output", "row")
        raise ExampleError(f"{field}: {values} value{'s' * (values != 1)} a sample for a network "
                           f"of {neurons} {kind}{'s' * (neurons != 1)} ({W} has {neurons} "
                           f"{part}{'s' * (neurons != 1)}, one per {kind})")


def bias(data, field, neurons, layer, label=None):
    """A layer's biases as a vector: length 1 (a number: shared) or one per
    neuron (a list); `layer` says which ("hidden", "output"; None: a layer of
    the field layers), `label` names the field in a message (default: field)."""
    label = field if label is None else label
    if is_number(data[field]):
        if not math.isfinite(data[field]):
            raise ExampleError(f"{label} must be a finite number, got {shown(data[field])}")
        return np.array([float(data[field])])
    b = numbers(data, field, 1, label)
    if b.shape != (neurons,):
        which = "" if layer is None else f"{layer} "
        raise ExampleError(f"{label} has {len(b)} biases, expected a number (shared by the "
                           f"{which}layer) or a list of {neurons} (one per {which}neuron)")
    return b


def parse(data, lr=None):
    """The Example of a file's JSON object (see FORMAT); `lr`, if given (--lr),
    is its learning rate, and the file then need not give one."""
    fields = (*REQUIRED, *SHORTHAND, LAYERS, *OPTIONAL)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ExampleError(f"unknown field {', '.join(map(repr, unknown))}; the fields are "
                           f"{', '.join(fields)}")
    given = [field for field in SHORTHAND if field in data]
    if LAYERS in data and given:
        raise ExampleError(f"give the network either as layers or as {', '.join(SHORTHAND)}, "
                           f"not both (this file has layers and {', '.join(given)})")
    network = [LAYERS] if LAYERS in data else list(SHORTHAND)
    required = [field for field in REQUIRED if lr is None or field != "learning_rate"]
    missing = [field for field in required + network if field not in data]
    if missing:
        raise ExampleError(f"missing field {', '.join(map(repr, missing))}")
    data = {**OPTIONAL, **data}
    x, t = samples(data, "inputs"), samples(data, "targets")
    if len(x) != len(t):
        raise ExampleError(f"{len(x)} samples of inputs but {len(t)} of targets")
    if LAYERS in data:
        W, b, activations = layers(data[LAYERS], x.shape[1], t.shape[1])
    else:
        W, b, activations = shorthand(data, x.shape[1], t.shape[1])
    if data["loss"] not in LOSSES:
        raise ExampleError(f"loss must be one of {', '.join(LOSSES)}, got {shown(data['loss'])}")
    if data["bias_input"] not in (1, -1) or isinstance(data["bias_input"], bool):
        raise ExampleError(f"bias_input must be 1 or -1, got {shown(data['bias_input'])}")
    try:
        network_model = model(activations, data["loss"], data["bias_input"])
    except ValueError as e:
        raise ExampleError(str(e)) from None
    # a number is one bias shared by the layer, a list one per neuron (even of one element)
    given_b = ([layer["b"] for layer in data[LAYERS]] if LAYERS in data
               else [data["b1"], data["b2"]])
    network_model = network_model._replace(shared_biases=tuple(map(is_number, given_b)))
    given_lr = data.get("learning_rate", lr)
    if not (is_number(given_lr) and 0 < given_lr < math.inf):
        raise ExampleError(f"learning_rate must be a finite positive number, got "
                           f"{shown(given_lr)}")
    lr = given_lr if lr is None else lr
    if not isinstance(data["train_biases"], bool):
        raise ExampleError(f"train_biases must be true or false, got {shown(data['train_biases'])}")
    if data["mode"] not in MODES:
        raise ExampleError(f"mode must be \"online\" or \"batch\", got {shown(data['mode'])}")
    start = Params.of(map(constant, W), map(constant, b))
    example = Example(constant(x), constant(t), start, float(lr), data["train_biases"],
                      data["mode"] == "online", network_model)
    if data["source"] is not None and not (isinstance(data["source"], dict) and all(
            key in SOURCE_FIELDS and isinstance(value, str)
            for key, value in data["source"].items())):
        raise ExampleError(f"source must be an object of strings, with the fields "
                           f"{', '.join(SOURCE_FIELDS)}, got {shown(data['source'])}")
    if data["error_term"] not in ERROR_TERMS:
        raise ExampleError(f"error_term must be \"out - target\" or \"target - out\", got "
                           f"{shown(data['error_term'])}")
    at = iterations_published(data, example)
    if not at and data["names"] is None:
        return example
    refusal = derivation_refusal(example)
    if refusal is not None:  # before naming its quantities, which takes a time of its size
        raise ExampleError(f"{'published' if at else 'names'}: {refusal}")
    turned = data["error_term"] == "target - out"
    valid = quantity_names(example)
    renaming = translation(data["names"], example, valid, turned)
    keys = (Renaming({}, {}) if renaming is None else renaming).keys(valid)
    return example._replace(published={n: published(values, keys, turned, example)
                                       for n, values in at.items()}, names=renaming)


def iterations_published(data, example):
    """{iteration: the raw published object} of the fields published and published_at."""
    at = {} if data["published"] is None else {0: data["published"]}
    given = data["published_at"]
    if given is None:
        return at
    if not isinstance(given, dict):
        raise ExampleError("published_at must be an object {\"N\": {\"name\": value, ...}}")
    for key, values in given.items():
        if not (key.isascii() and key.isdigit() and int(key) <= MAX_ITERATIONS):
            raise ExampleError(f"published_at: {shown(key)} is not an iteration, an "
                               f"integer from 0 to {MAX_ITERATIONS:,}")
        n = int(key)
        if n in at:
            raise ExampleError(f"published_at: iteration {n} is given twice"
                               + (" (published is iteration 0)" if n == 0 else ""))
        if example.parameters * len(example.x) * n > MAX_WORK:
            raise ExampleError(f"published_at: iteration {n:,} is beyond the "
                               f"{MAX_WORK:,} parameters x samples x iterations a run may make")
        at[n] = values
    return dict(sorted(at.items()))


def shorthand(data, n_inputs, n_outputs):
    """(W, b, activations) of the fields W1, W2, b1, b2: two sigmoid layers."""
    W1, W2 = numbers(data, "W1", 2), numbers(data, "W2", 2)
    n_hidden = W1.shape[0]
    fits_samples("inputs", n_inputs, "W1", W1.shape[1])
    expect_shape("W2", W2, (W2.shape[0], n_hidden), f"a column per hidden neuron: W1 has "
                 f"{n_hidden} rows")
    fits_samples("targets", n_outputs, "W2", W2.shape[0])
    b1 = bias(data, "b1", n_hidden, "hidden")
    b2 = bias(data, "b2", n_outputs, "output")
    return (W1, W2), (b1, b2), ("sigmoid", "sigmoid")


def layers(given, n_inputs, n_outputs):
    """(W, b, activations) of the field layers: a list of layer objects, each
    W with a column per neuron of the layer below (the inputs, for the first)
    and, for the last, a row per output."""
    if not (isinstance(given, list) and given and all(isinstance(g, dict) for g in given)):
        raise ExampleError(f"layers must be a list of objects {{\"W\": ..., \"b\": ..., "
                           f"\"activation\": ...}}, got {shown(given)}")
    W, b, activations, below = [], [], [], ("inputs", n_inputs)
    for k, layer in enumerate(given, 1):
        name = f"layers[{k}]"
        unknown = sorted(set(layer) - set(LAYER_FIELDS))
        if unknown or "W" not in layer or "b" not in layer:
            raise ExampleError(f"{name} must have the fields W and b (and activation, default "
                               f"sigmoid), got {', '.join(map(repr, sorted(layer)))}")
        weights = numbers(layer, "W", 2, f"{name}.W")
        rows = weights.shape[0]
        if k == 1:
            fits_samples("inputs", n_inputs, f"{name}.W", weights.shape[1])
        expect_shape(f"{name}.W", weights, (rows, below[1]), f"a row per neuron; a column per "
                     f"neuron below: the {below[0]} have {below[1]}")
        if k == len(given):
            fits_samples("targets", n_outputs, f"{name}.W", rows)
        W.append(weights)
        b.append(bias(layer, "b", rows, None, f"{name}.b"))
        activations.append(layer.get("activation", "sigmoid"))
        below = (f"{name} neurons", rows)
    return W, b, activations


def tokens(example):
    """The names of the network's weights, biases and neurons (the inputs' too)."""
    depth = len(example.start.W)
    network = sizes(example.start)
    neurons = [neuron_name(depth, layer, j) for layer in range(depth + 1)
               for j in range(network[layer])]
    return [*weight_names(example), *sum(bias_names(example.start, example.model), []), *neurons]


def translation(names, example, valid, turned=False):
    """The names.Renaming of the field names, {the source's name: this project's},
    a weight's, bias's or neuron's (which then stands for it inside every
    quantity's name) or a whole quantity's; None without names. Refused: a name
    of ours given two source names, and a source name that is another of this
    network's names of its kind (it would stand for two things). `turned`: the error term
    t - o, whose derivatives of E keep this project's names where printed;
    `valid`: the example's quantity_names."""
    if names is None:
        return None
    if not (isinstance(names, dict) and all(isinstance(v, str) for v in names.values())):
        raise ExampleError("names must be an object {\"the source's name\": \"this "
                           "project's\", ...}")
    parts = set(tokens(example))
    # a whole quantity, or a sample's quantity without its _s1: out_o1 for out_o1_s1, ..
    known = parts | set(valid) | {SAMPLE_SUFFIX.sub("", name) for name in valid}
    unknown = [ours for ours in names.values() if ours not in known]
    if unknown:
        raise ExampleError(f"names: {', '.join(map(repr, unknown))} is no weight, bias, "
                           "neuron or quantity of this network")
    seen = {}
    for source, ours in names.items():
        if ours in seen:
            raise ExampleError(f"names: {ours} is given two names, {seen[ours]!r} and "
                               f"{source!r}")
        seen[ours] = source
        # a part's source name that is another part's, or a whole's that is another
        # quantity's (a whole may be named like a part: h1 for out_h1)
        other = source in (parts if ours in parts else valid)
        if other and source != ours and source not in names.values():
            raise ExampleError(f"names: {source!r} for {ours} collides with this network's "
                               f"own {source}")
    wholes = {ours: source for source, ours in names.items() if ours not in parts}
    return Renaming({ours: source for source, ours in names.items() if ours in parts},
                    wholes, [ours for ours in wholes if turned and ours.startswith("dE")])


def published(values, keys, turned, example):
    """One iteration's published values: {quantity name: Printed}, every name
    one the derivation of the example's update prints, after `keys`
    (translation's); `turned`: the derivatives of E with their sign turned."""
    if not isinstance(values, dict):
        raise ExampleError("published must be an object {\"name\": value, ...}")
    digits = {}
    for key, value in values.items():
        try:  # a JSON number arrives as its digits (see read), a JSON string as itself
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ExampleError(f"published: {key} must be a finite number, got "
                               f"{shown(value)}")
        digits[key] = value
    unknown = [key for key in digits if key not in keys]
    if unknown:
        # one line: each name's closest, not all of them (a 2-2-2 network has 44)
        import difflib  # here, as json in read
        said = [repr(key) + (f" (closest: {', '.join(close)})" if close else "")
                for key in unknown for close in [difflib.get_close_matches(key, keys, 3, 0.5)]]
        raise ExampleError(f"published: unknown quantit{'ies' if len(unknown) > 1 else 'y'} "
                           f"{', '.join(said)}; the names are those the derivation prints "
                           "(run it without the published values)")
    found = {}
    for key, value in digits.items():
        name = keys[key]
        if name in found:
            raise ExampleError(f"published: {name} is given twice ({found[name].key}, {key})")
        turn = turned and name.startswith("dE")
        found[name] = Printed((value[1:] if value.startswith("-") else "-" + value) if turn
                              else value, key, value)
    return found


def quantity_names(example):
    """Every quantity the derivation of the example's first update can print, in
    order (the biases' too, trained or not): the parallel scheme's, then the
    sequential scheme's own (step_w1, ...), E_total+ (after the update) and the
    metrics of backprop/metrics.py (printed where published):
    from the network's sizes, without deriving anything."""
    parallel, sequential = (list(derived_names(example.start, len(example.x), example.online,
                                               example.model, seq)) for seq in (False, True))
    return [*parallel, *(name for name in sequential if name not in set(parallel)), "E_total+",
            *METRICS]


def derivation_refusal(example):
    """Why the example's first update cannot be derived step by step (see
    MAX_DERIVED), or None when it can."""
    samples = len(example.x)
    if example.parameters * samples <= MAX_DERIVED:
        return None
    return (f"a derivation step by step is for at most {MAX_DERIVED:,} parameters x samples; "
            f"this network has {example.parameters:,} x {samples:,}")


def load(path, lr=None):
    """The Example in the file at `path`, of learning rate `lr` if given (else
    the file's); ExampleError says what is wrong with it."""
    data = read(path)  # its errors name the file already
    try:
        return parse(data, lr)
    except ExampleError as e:
        raise ExampleError(f"{path}: {e}") from None


def is_worked_example(example):
    """Whether `example` has the worked example's network, samples and training
    (any learning rate): its report is then the worked example's, byte for byte."""
    def parts(e):
        return [e.x, e.t, *e.start]
    same = [example.train_biases, example.online, example.model.names] == [
        WORKED_EXAMPLE.train_biases, WORKED_EXAMPLE.online, WORKED_EXAMPLE.model.names]
    return same and len(example.start) == len(WORKED_EXAMPLE.start) and all(
        np.shape(a) == np.shape(b) and np.array_equal(a, b)
        for a, b in zip(parts(example), parts(WORKED_EXAMPLE)))

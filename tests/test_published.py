"""The worked example's published values, at their printed digits."""
from decimal import Decimal

import pytest

import ann_numpy_no_loop
import ann_numpy_original
from backprop import published
from backprop.network import RUN_LENGTH
from backprop.runs import runs
from commands import run

STEP = published.FORWARD + published.BACKWARD_OUTPUT + published.BACKWARD_HIDDEN
# The one single-step value whose last printed digit is not the exact value's.
OFF_BY_ONE_DIGIT = "dE_o2/dout_h1"


@pytest.fixture(scope="module")
def quantities():
    return ann_numpy_no_loop.single_step()


@pytest.mark.parametrize("name, value", STEP, ids=[name for name, _ in STEP])
def test_single_step_value_at_its_printed_digits(quantities, name, value):
    assert published.agrees(quantities[name], value) == (name != OFF_BY_ONE_DIGIT)


def test_the_disagreeing_digit_comes_from_a_rounded_intermediate(quantities):
    assert str(published.rounded(quantities[OFF_BY_ONE_DIGIT], "0.000000001")) == "-0.019049118"
    note = ann_numpy_no_loop.rounded_intermediate_note(quantities)
    assert note is not None and "rounded to -0.038098237" in note


def test_the_step_scripts_agree_with_the_scalar_step(quantities):
    record = ann_numpy_original.train(1)
    after = [quantities[f"w{k} after the update"] for k in range(1, 9)]
    assert record.weights(1).tolist() == pytest.approx(after, rel=1e-15, abs=0)
    assert ann_numpy_no_loop.worked_step().error == pytest.approx(record.error[1], rel=1e-15)


@pytest.mark.parametrize("value, printed, expected", [
    (0.75136506955, "0.75136507", True),
    (0.75136506955, "0.75136506", False),
    (0.0000351085481, "0.0000351085", True),
    (-0.0190491182, "-0.019049118", True),
    (0.125, "0.12", True),   # an exact tie goes to the even digit
    (0.375, "0.38", True),
    # past the 12th significant digit nothing is compared (the C# program prints 15)
    (Decimal("0.7752849682944595166"), "0.775284968294459", True),
    (Decimal("0.7752849682954595166"), "0.775284968294459", False),
    (0.0000351085481225128, "0.0000351085481225", True),
])
def test_agreement_is_rounding_to_the_printed_decimals(value, printed, expected):
    assert published.agrees(value, printed) is expected


@pytest.fixture(scope="module")
def records():
    return runs(RUN_LENGTH)


# What reproduces each figure reported after a number of rounds.
REPRODUCED_BY = {
    "E_total before any update": [("parallel", 0), ("sequential", 0)],
    "E_total after the first round": [("sequential", 1)],
    "E_total after 10,000 rounds": [("parallel", 9_999)],
    "out_o1 after 10,000 rounds": [("sequential", 10_000)],
    "out_o2 after 10,000 rounds": [("sequential", 10_000)],
    "C# Iteration = 1: Error": [("parallel", 0), ("sequential", 0)],
    "C# Iteration = 1: Outputs[0]": [("parallel", 0), ("sequential", 0)],
    "C# Iteration = 1: Outputs[1]": [("parallel", 0), ("sequential", 0)],
    "C# Iteration = 2: Error": [("parallel", 1)],
    "C# Iteration = 2: Outputs[0]": [("parallel", 1)],
    "C# Iteration = 2: Outputs[1]": [("parallel", 1)],
}


@pytest.mark.parametrize("claim, value, quantity, rounds", published.HEADLINE + published.CSHARP,
                         ids=[row[0] for row in published.HEADLINE + published.CSHARP])
def test_what_reproduces_each_reported_figure(records, claim, value, quantity, rounds):
    assert published.reproductions(value, quantity, rounds, records) == REPRODUCED_BY[claim]


def test_the_step_by_step_script_flags_exactly_the_disagreements():
    result = run("ann_numpy_no_loop.py")
    assert result.returncode == 0 and result.stderr == ""
    flagged = [line.split()[0] for line in result.stdout.splitlines()
               if line.rstrip().endswith(" NO")]
    assert flagged == [OFF_BY_ONE_DIGIT, "E_total", "E_total", "out_o1", "out_o2"]
    assert "is reproduced by: parallel, after 9,999 updates (before update 10,000)" in result.stdout

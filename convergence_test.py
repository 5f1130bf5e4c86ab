"""The two comparison tables of docs/convergence.md: both outputs and the error of the
sequential and the parallel scheme at iterations 0, 1, 2, 5, 10, 100, 1,000 and
10,000, each the state after N updates.

Run: python convergence_test.py [--check]. Prints the tables and writes them
into docs/convergence.md between the `convergence-tables` markers; --check
writes nothing and fails with a diff when the page is stale.
"""
from backprop import cli, readme
from backprop.compare import HEADER, ITERATIONS
from backprop.network import T
from backprop.runs import runs


def pair(values):
    return f"`[{values[0]:.10f}, {values[1]:.10f}]`"


def tables(records):
    seq, par = records["sequential"], records["parallel"]
    outputs = readme.markdown_table(
        [HEADER, "Sequential [out_o1, out_o2]", "Parallel [out_o1, out_o2]", "Target"],
        [(f"{n:,}", pair(seq.out_o[n, 0]), pair(par.out_o[n, 0]), f"`[{T[0]}, {T[1]}]`")
         for n in ITERATIONS])
    errors = readme.markdown_table(
        [HEADER, "Sequential E_total", "Parallel E_total", "Sequential − parallel"],
        [(f"{n:,}", f"`{seq.error[n]:.12f}`", f"`{par.error[n]:.12f}`",
          f"`{seq.error[n] - par.error[n]:+.3e}`") for n in ITERATIONS])
    return outputs, errors


def compute():
    outputs, errors = tables(runs(max(ITERATIONS)))
    text = f"Outputs\n\n{outputs}\n\nError progression\n\n{errors}"
    section = (f"### Outputs\n\n{outputs}\n\n### Error progression\n\n{errors}\n")
    return text, {"convergence-tables": section}


def main(argv=None):
    return readme.generator_main(__doc__, compute, ["convergence-tables"], argv)


if __name__ == "__main__":
    cli.run(main)

"""Run a script as if on a CPU whose exp rounds differently: every result of
numpy.exp moved by a few units in the last place (ulps).

Run: python tests/exp_perturbed.py up|down|alternating ULPS SCRIPT [ARGS...]
("alternating": up or down by the result's last bit, a different direction from
value to value, as a different implementation's rounding would be).
"""
import runpy
import sys
from pathlib import Path

import numpy as np

real_exp = np.exp


def shifted(direction, ulps):
    """numpy.exp with every result moved `ulps` floats up, down or alternating."""
    def exp(x, *args, **kwargs):
        y = real_exp(x, *args, **kwargs)
        if direction == "alternating":
            # up where the last bit of the result is 1, down where it is 0
            sign = 2.0 * (np.asarray(y, dtype=float).view(np.uint64) & 1) - 1.0
        else:
            sign = 1.0 if direction == "up" else -1.0
        # np.spacing(y): the distance from y to the next float away from zero, one ulp
        return y + sign * ulps * np.spacing(y)
    return exp


if __name__ == "__main__":
    direction, ulps, script, *args = sys.argv[1:]
    np.exp = shifted(direction, int(ulps))
    sys.argv = [script, *args]
    sys.path.insert(0, str(Path(script).resolve().parent))
    runpy.run_path(script, run_name="__main__")

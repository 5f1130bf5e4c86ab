"""The two weight-update schemes, named once: every table, figure and sweep
takes them from here. Each scheme's update rule is in full in its own script
(SCRIPTS), imported by name when first asked for, so that importing the
package imports no script.

- sequential (ann_numpy.py): the output layer first, then each layer below
  through the already updated weights above;
- parallel (ann_numpy_original.py): plain gradient descent, every gradient at
  the parameters from the start of the update.
"""
import importlib

# each scheme's name -> the script whose step() is its update rule, in the order
# tables and figures show them
SCRIPTS = {"sequential": "ann_numpy", "parallel": "ann_numpy_original"}
SCHEMES = tuple(SCRIPTS)


def named(sequential):
    """(the scheme's name, the other scheme's) of a scheme given as `sequential`, a bool."""
    return SCHEMES if sequential else SCHEMES[::-1]


def script(scheme):
    """The module of the script that holds the scheme's update rule (its step,
    train and main)."""
    return importlib.import_module(SCRIPTS[scheme])

"""Running the project's scripts from the tests, as a user runs them."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=ROOT, timeout=120, **kwargs):
    """`python ARGS` in `cwd` (the project's folder), its output captured as text."""
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, **kwargs)

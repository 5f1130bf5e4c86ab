"""The layout is the architecture: the README's map of the code matches the
files, the package never imports a script, and scripts import only the
training scripts among themselves."""
import ast
import re
from pathlib import Path

from backprop.runs import runs
from backprop.schemes import SCHEMES, script

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = {p.stem for p in ROOT.glob("*.py")}
TRAINING = {"ann_numpy", "ann_numpy_original", "ann_numpy_no_loop"}


def imported(path):
    """The top-level names of the modules that `path` imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_readme_map_lists_exactly_the_files():
    text = (ROOT / "README.md").read_text()
    block = re.search(r"## How the code is laid out\n.*?```\n(.*?)```", text, re.DOTALL).group(1)
    listed = {line.split()[0] for line in block.splitlines()}
    files = {p.name for p in ROOT.glob("*.py")} | {f"backprop/{p.name}"
                                                   for p in (ROOT / "backprop").glob("*.py")}
    folders = {"tests/", "bench/", "figures/", "examples/", "docs/"}
    assert listed == files | folders


def test_the_package_imports_no_script():
    for path in (ROOT / "backprop").glob("*.py"):
        assert not imported(path) & SCRIPTS, path.name


def test_scripts_import_only_the_training_scripts_among_scripts():
    for path in ROOT.glob("*.py"):
        assert imported(path) & SCRIPTS <= TRAINING, path.name


def test_each_scheme_is_named_once_and_its_script_says_so():
    """schemes.py is the one table of the schemes: each script it names reports
    that scheme (the name tables, figures and records carry), and its train is
    the step of that script."""
    for scheme in SCHEMES:
        module = script(scheme)
        assert module.SCHEME == scheme
        assert module.train(1).scheme == scheme
    assert runs(1).keys() == set(SCHEMES)

"""The suite runs on both cores (pytest-xdist, `make test`): the tests marked
`long` start first, so that the others run beside them."""
import decimal

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers",
                            "long: a test that takes far longer than the others, started first")


def pytest_collection_modifyitems(items):
    # a stable sort: the long tests first, the others in their order
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def own_decimal_context():
    """A test that sets decimal's precision (getcontext().prec = 40) sets it for
    itself: the next test in the process starts from decimal's default again."""
    with decimal.localcontext():
        yield

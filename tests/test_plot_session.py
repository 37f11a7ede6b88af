"""Importing the package changes nothing in the reader's session, and needs only numpy.

Each check runs in a fresh interpreter, as a reader's Jupyter kernel would be.
"""

import subprocess
import sys

import pytest


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_backprop_needs_numpy_only():
    code = (
        "import sys; import backprop; "
        "print(sorted(m for m in ('matplotlib', 'scipy', 'pandas', 'IPython') if m in sys.modules))"
    )
    assert run(code) == "[]"


def test_import_backprop_plot_keeps_the_backend_and_every_rcparam():
    code = (
        "import matplotlib; matplotlib.use('svg'); "
        "before = dict(matplotlib.rcParams); "
        "import backprop.plot; "
        "after = dict(matplotlib.rcParams); "
        "print(matplotlib.get_backend(), [k for k in before if before[k] != after[k]])"
    )
    assert run(code) == "svg []"


def test_drawing_with_a_tool_leaves_rcparams_as_they_were():
    code = (
        "import matplotlib; before = dict(matplotlib.rcParams); "
        "from backprop.plot import plot_tangent; fig = plot_tangent(lambda x: x**2, 1.0); "
        "after = dict(matplotlib.rcParams); "
        "changed = [k for k in before if before[k] != after[k]]; "
        "print(fig.axes[0].get_legend().get_frame_on(), changed)"
    )
    assert run(code) == "False []"


@pytest.mark.parametrize("module", ["backprop", "backprop.plot"])
def test_import_does_not_choose_a_backend(module):
    code = (
        "import matplotlib; "
        "sentinel = matplotlib.rcParams._get_backend_or_none(); "
        f"import {module}; "
        "print(sentinel is None, matplotlib.rcParams._get_backend_or_none() is None)"
    )
    assert run(code) == "True True"

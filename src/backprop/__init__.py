"""Backprop from Scratch: derivatives, gradient descent and backpropagation, from scratch.

Examples
--------
>>> import backprop
>>> round(backprop.derivative(lambda x: x**3, 2.0), 6)
12.0
"""

from importlib import metadata as _metadata

from backprop.autograd import Value
from backprop.calculus import default_step, derivative, difference_error, gradient

__all__ = ["Value", "default_step", "derivative", "difference_error", "gradient"]
__version__ = _metadata.version("backprop-from-scratch")  # written once, in pyproject.toml

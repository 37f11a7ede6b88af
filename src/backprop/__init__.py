"""Backprop from Scratch: derivatives, gradient descent and backpropagation, from scratch.

Examples
--------
>>> import backprop
>>> round(backprop.derivative(lambda x: x**3, 2.0), 6)
12.0
"""

from backprop.autograd import Value
from backprop.calculus import default_step, derivative, difference_error, gradient
from backprop.descent import DivergenceError, Trajectory, gradient_ascent, gradient_descent
from backprop.gradcheck import (
    GradcheckReport,
    check_layer,
    check_loss,
    check_model,
    numeric_gradient,
    relative_error,
)

__all__ = ["Value", "default_step", "derivative", "difference_error", "gradient"]
__all__ += ["DivergenceError", "GradcheckReport", "Trajectory", "check_layer", "check_loss"]
__all__ += ["check_model", "gradient_ascent", "gradient_descent", "numeric_gradient"]
__all__ += ["relative_error"]
__version__ = "0.1.0"

"""Backprop from Scratch: derivatives, gradient descent and backpropagation, from scratch.

Every public name of the package is importable from here; each lives in the module of its idea
(`backprop.calculus`, `backprop.descent`, `backprop.autograd`, `backprop.nn`, `backprop.optim`,
`backprop.gradcheck`, `backprop.data`, `backprop.train`; the figures are in `backprop.plot`,
which is not imported here, so `import backprop` needs numpy only).

Examples
--------
>>> import backprop
>>> round(backprop.derivative(lambda x: x**3, 2.0), 6)
12.0
"""

from importlib import metadata as _metadata

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
from backprop.nn import (
    BatchNorm1d,
    Dropout,
    Linear,
    MSELoss,
    ReLU,
    Sequential,
    Sigmoid,
    SoftmaxCrossEntropy,
    Tanh,
)
from backprop.optim import SGD, Adam, Momentum
from backprop.train import History, TrainingDivergedError, accuracy, fit, predict

__all__ = [
    "SGD",
    "Adam",
    "BatchNorm1d",
    "DivergenceError",
    "Dropout",
    "GradcheckReport",
    "History",
    "Linear",
    "MSELoss",
    "Momentum",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "SoftmaxCrossEntropy",
    "Tanh",
    "TrainingDivergedError",
    "Trajectory",
    "Value",
    "accuracy",
    "check_layer",
    "check_loss",
    "check_model",
    "default_step",
    "derivative",
    "difference_error",
    "fit",
    "gradient",
    "gradient_ascent",
    "gradient_descent",
    "numeric_gradient",
    "predict",
    "relative_error",
]
__version__ = _metadata.version("backprop-from-scratch")  # written once, in pyproject.toml

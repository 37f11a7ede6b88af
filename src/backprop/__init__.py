"""Backprop from Scratch: derivatives, gradient descent and backpropagation, from scratch.

Every class and function a learner builds with is importable from here; each lives in the module
of its idea (`backprop.calculus`, `backprop.descent`, `backprop.autograd`, `backprop.forward`,
`backprop.nn`, `backprop.optim`, `backprop.gradcheck`, `backprop.train`). Four kinds of names
stay in their own module: the book's data sets (`from backprop.data import two_moons`), the
figures (`backprop.plot`, not imported here, so `import backprop` needs numpy only), the
exercise checks (`from backprop.exercises import ExerciseError`) and each module's constants
(`backprop.gradcheck.DEFAULT_TOL`, `backprop.nn.INIT_SCHEMES`).

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
from backprop.forward import Dual
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
    Modes,
    MSELoss,
    Parameter,
    ReLU,
    Sequential,
    Sigmoid,
    SoftmaxCrossEntropy,
    Tanh,
    init_weights,
    sigmoid,
)
from backprop.optim import SGD, Adam, Momentum, Optimizer
from backprop.train import History, TrainingDivergedError, accuracy, fit, predict

__all__ = [
    "SGD",
    "Adam",
    "BatchNorm1d",
    "DivergenceError",
    "Dropout",
    "Dual",
    "GradcheckReport",
    "History",
    "Linear",
    "MSELoss",
    "Modes",
    "Momentum",
    "Optimizer",
    "Parameter",
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
    "init_weights",
    "numeric_gradient",
    "predict",
    "relative_error",
    "sigmoid",
]
__version__ = _metadata.version("backprop-from-scratch")  # written once, in pyproject.toml

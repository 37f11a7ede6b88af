"""Backprop from Scratch: derivatives, gradient descent and backpropagation, from scratch.

Examples
--------
>>> import backprop
>>> round(backprop.derivative(lambda x: x**3, 2.0), 6)
12.0
"""

from backprop.autograd import Value
from backprop.calculus import default_step, derivative, difference_error, gradient
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

__all__ = ["Value", "default_step", "derivative", "difference_error", "gradient"]
__all__ += [
    "SGD",
    "Adam",
    "BatchNorm1d",
    "Dropout",
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
    "accuracy",
    "fit",
    "predict",
]
__version__ = "0.1.0"

"""A confused learner's calls: each gets one clear error naming what was wrong, and no warning.

Every case here once failed somewhere else, or not at all: a string taken for a number, an empty
start blamed on ``f``, a class where an instance belongs failing deep inside, numpy's warnings
printed before the package's own error. Each must now raise ``ValueError`` or ``TypeError`` (or
the package's ``DivergenceError``) whose message contains the given words, with no warning
emitted on the way.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from backprop import (
    SGD,
    DivergenceError,
    Linear,
    MSELoss,
    Sequential,
    accuracy,
    check_layer,
    check_loss,
    check_model,
    fit,
    gradient,
    gradient_ascent,
    gradient_descent,
    relative_error,
)
from backprop.data import line, teacher_student, two_moons


def _model(dtype=np.float64):
    return Sequential(Linear(2, 1, rng=0, dtype=dtype))


X4, Y4 = np.zeros((4, 2)), np.zeros((4, 1))

CASES = {
    # descent: the start
    "x0 as text": (
        lambda: gradient_descent(lambda x: x * x, x0="3", lr=0.1),
        TypeError,
        "x0 must be numeric (a number or an array of numbers), got '3'",
    ),
    "x0 empty": (
        lambda: gradient_descent(lambda x: float((x**2).sum()), x0=[], lr=0.1),
        ValueError,
        "x0 must hold at least one number",
    ),
    "x0 None": (
        lambda: gradient_descent(lambda x: x * x, x0=None, lr=0.1),
        TypeError,
        "x0 must be numeric (a number or an array of numbers), got None",
    ),
    "x0 ragged": (
        lambda: gradient_descent(lambda x: 0.0, x0=[[1.0, 2.0], [3.0]], lr=0.1),
        ValueError,
        "x0 must be a number or a rectangular array",
    ),
    "lr infinite": (
        lambda: gradient_descent(lambda x: x * x, 1.0, lr=float("inf")),
        ValueError,
        "lr must be finite, got inf",
    ),
    "ascent lr negative": (
        lambda: gradient_ascent(lambda x: -x * x, 1.0, lr=-1),
        ValueError,
        "lr must be > 0, got -1",
    ),
    "a run that overflows": (
        lambda: gradient_descent(lambda v: float((v**2).sum()), [1.0, 1.0], lr=1e300),
        DivergenceError,
        "diverged at step 1 with lr=1e+300",
    ),
    "gradient of nothing": (
        lambda: gradient(lambda v: 0.0, []),
        ValueError,
        "x must hold at least one number",
    ),
    # training: classes where instances belong, empty data, labels
    "fit with the loss class": (
        lambda: fit(_model(), MSELoss, X4, Y4, SGD(_model().parameters(), lr=0.1)),
        TypeError,
        "loss must be an instance, got the class MSELoss: create one first, e.g. MSELoss()",
    ),
    "fit with the optimizer class": (
        lambda: fit(_model(), MSELoss(), X4, Y4, SGD),
        TypeError,
        "optimizer must be an instance, got the class SGD",
    ),
    "fit with the model class": (
        lambda: fit(Sequential, MSELoss(), X4, Y4, SGD(_model().parameters(), lr=0.1)),
        TypeError,
        "model must be an instance, got the class Sequential",
    ),
    "fit with a text rng": (
        lambda: fit(_model(), MSELoss(), X4, Y4, SGD(_model().parameters(), lr=0.1), rng="a"),
        TypeError,
        "rng must be an int seed, a numpy.random.Generator or None, got 'a'",
    ),
    "fit with no rows": (
        lambda: fit(_model(), MSELoss(), X4[:0], Y4[:0], SGD(_model().parameters(), lr=0.1)),
        ValueError,
        "X must have at least one row",
    ),
    "accuracy on no rows": (
        lambda: accuracy(_model(), np.zeros((0, 2)), np.zeros(0, dtype=int)),
        ValueError,
        "X must have at least one row, got shape (0, 2)",
    ),
    "accuracy with fractional labels": (
        lambda: accuracy(_model(), X4, np.array([0.5, 0.0, 0.0, 1.0])),
        ValueError,
        "y must hold integer class labels",
    ),
    # layers and models
    "an empty Sequential": (
        lambda: Sequential(),
        ValueError,
        "Sequential needs at least one layer",
    ),
    "a layer class in Sequential": (
        lambda: Sequential(Linear),
        TypeError,
        "layers[0] must be an instance, got the class Linear",
    ),
    "a list of layers in Sequential": (
        lambda: Sequential([Linear(2, 2)]),
        TypeError,
        "layers[0] must have a forward() method",
    ),
    "text into a layer": (
        lambda: Linear(3, 2, rng=0).forward("abc"),
        TypeError,
        "Linear(3, 2).forward: X must be numeric (a number or an array of numbers), got 'abc'",
    ),
    # gradient checks
    "float32 check with a vanishing h": (
        lambda: check_model(
            _model(np.float32),
            MSELoss(),
            np.ones((2, 2), np.float32),
            np.ones((2, 1), np.float32),
            h=1e-12,
        ),
        ValueError,
        "h=1e-12 is too small for float32 near X[0, 0]=1: x + h rounds back to x",
    ),
    "check_layer of a number": (
        lambda: check_layer(3, np.ones((2, 2))),
        TypeError,
        "layer must have a forward() method, got 3 of type int",
    ),
    "check_loss of a class": (
        lambda: check_loss(MSELoss, np.ones((2, 1)), np.ones((2, 1))),
        TypeError,
        "loss must be an instance, got the class MSELoss",
    ),
    "check_model of a class": (
        lambda: check_model(Sequential, MSELoss(), X4, Y4),
        TypeError,
        "model must be an instance, got the class Sequential",
    ),
    "relative_error of text": (
        lambda: relative_error("a", 1.0),
        TypeError,
        "a must be numeric (a number or an array of numbers), got 'a'",
    ),
    # data sets
    "a negative seed": (
        lambda: two_moons(10, rng=-1),
        ValueError,
        "rng must be a seed >= 0, got -1",
    ),
    "a float seed": (
        lambda: line(10, rng=0.5),
        TypeError,
        "rng must be an int seed",
    ),
    "a bool seed": (
        lambda: teacher_student(10, rng=True),
        TypeError,
        "rng must be an int seed",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gets_one_clear_error_and_no_warning(case):
    call, error, words = CASES[case]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning on the way fails the test
        with pytest.raises(error) as info:
            call()
    assert words in str(info.value)


def test_rng_means_the_same_everywhere():
    """One name, one meaning: a seed, a generator (advanced) or None, in every module."""
    import inspect

    import backprop
    from backprop import data, nn, train
    from backprop.plot import layers

    takers = [data.line, data.two_moons, data.teacher_student, data.spirals, data.digits]
    takers += [train.fit, nn.Linear, nn.Dropout, nn.init_weights, layers.layer_statistics]
    takers += [backprop.check_layer]
    for f in takers:
        params = inspect.signature(f).parameters
        assert "rng" in params and "seed" not in params, f.__qualname__
    X1, _ = line(5, rng=np.random.default_rng(3))
    X2, _ = line(5, rng=3)
    assert np.array_equal(X1, X2)


def test_top_level_exports_every_class_and_function_but_the_data_sets():
    """What the package's docstring promises: every class and function of the modules of ideas
    is importable from ``backprop``; data sets, figures and constants stay in their modules."""
    import importlib

    import backprop

    modules = ["calculus", "descent", "autograd", "forward", "nn", "optim", "gradcheck", "train"]
    for name in modules:
        module = importlib.import_module(f"backprop.{name}")
        for public in module.__all__:
            if public.isupper():  # a constant: DEFAULT_TOL, INIT_SCHEMES
                continue
            assert public in backprop.__all__, f"backprop.{name}.{public} is not at the top level"
            assert getattr(backprop, public) is getattr(module, public)
    data = importlib.import_module("backprop.data")
    assert not set(data.__all__) & set(backprop.__all__)
    assert sorted(backprop.__all__) == sorted(set(backprop.__all__))

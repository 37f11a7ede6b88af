"""Gradient checking: compare the gradients of a backward pass with central differences.

A backward pass is easy to get subtly wrong and still "train a bit". Gradient checking catches
that: move one number ``x_i`` by ``+h`` and ``-h``, recompute the scalar loss ``L``, and compare

```
numeric_i = (L(x_i + h) - L(x_i - h)) / (2 h)
```

with what ``backward`` computed. The comparison is the relative error, entry by entry,

```
rel_err = |a - n| / max(|a| + |n|, floor)
```

which is 0 for a perfect match, 1 when the two have opposite signs, and does not depend on
the scale of the loss. A correct float64 backward pass gives about 1e-10 to 1e-7; a wrong one
usually gives far more, often 1e-2 or more (a slip in one small entry gives less: "Why the
floor" below works out when it still shows).

**Choice of `h` and tolerance.** The central difference has truncation error of order ``h**2``
and rounding error of order ``eps * |L| / h`` (``eps`` is the machine precision). For float64
(``eps = 2.2e-16``) ``h = 1e-6`` keeps both small (the rounding error near 1e-10, the
truncation error far below), and the default tolerance is 1e-6:
correct gradients measured here stay below about 1e-7. For float32 (``eps = 1.2e-7``)
``h = 1e-6`` would leave only rounding noise; the default is ``h = 5e-3`` (about
``eps ** (1/3)``, where the two errors balance) with tolerance 1e-2, a rough check: correct
float32 gradients of a smooth network (tanh, sigmoid) come out near 1e-3, up to about twice
that with batch norm. A correct float32 *ReLU* network often fails it: with so large an ``h``,
some input of a ReLU lies within ``h`` of its kink (see "Kinks" below and the second example).
For a sharp check of a float32 model, check a float64 copy. Each step is
measured after rounding (``x + h`` is not exactly ``h`` away from ``x``, least of all in
float32), and ``x - h`` is placed by the same rounded step, so the two points are exactly
symmetric about ``x``.

To keep the noise down, [`check_layer`][] subtracts the outputs entry by entry before summing
(see [`numeric_gradient`][]), and the losses compute their value to full relative precision
(``SoftmaxCrossEntropy`` uses ``log1p``), so a small loss is not rounded to zero.

**Why the floor.** Where the true gradient is (nearly) zero, ``|a| + |n|`` is as small as the
rounding noise of ``n`` itself, and even a correct gradient would show a relative error near 1.
The denominator therefore never drops below ``floor``, which defaults to [`FLOOR_RATIO`][]
(1e-2) times the largest of ``|a| + |n|`` and of ``|L|`` at the points evaluated (the rounding
noise is about ``eps * |L| / h``): entries that small are compared in absolute terms, on the
scale of the loss and the largest gradient. A wrong entry still shows, unless it is tiny. In
float64, with ``G`` the largest gradient (and ``2 G`` larger than ``|L|``):

```text
largest entry        |a| + |n| = 2 G  (analytic and numeric agree)
floor                1e-2 * 2 G = 2e-2 G
small entry, wrong   true 1e-6 G, computed 2e-6 G: |a - n| = 1e-6 G
its relative error   1e-6 G / 2e-2 G = 5e-5 = 50 tol: fails
smallest to fail     tol * floor = 1e-6 * 2e-2 G = 2e-8 G
```

so only errors smaller than ``2e-8 G``, in entries too small to matter for training, pass.

**Kinks.** ReLU at 0 (and max, abs) has no derivative; if an input of a ReLU lies within
a step's reach of 0, the central difference straddles the kink and disagrees with a correct
backward pass. Two cases make that common:

- float32, whose ``h`` is 5000 times float64's;
- float64 with *zero biases* (how [`Linear`][backprop.nn.Linear] starts them): an example
  whose every unit of one layer is 0 (switched off by a ReLU, or dropped by dropout) feeds
  exactly 0 to the next layer, whose pre-activations are then the biases alone, exactly 0,
  on the kink whatever ``h`` is. Small random biases before the check avoid it.

The checks here watch every [`ReLU`][backprop.nn.ReLU] of the model (a ``ReLU`` subclass
too, however deep in nested ``Sequential``s): an entry whose ``+h`` and ``-h`` passes give a
ReLU different masks ``Z > 0`` crossed a kink. The report marks such entries (``kinks``) and
gives the worst error of the others (``max_rel_error_off_kinks``): a check that fails only on
kinks is a false alarm; a kink of an activation of your own is not seen.

**What else goes wrong.** Randomness: a dropout layer draws a new mask every forward pass; the
checks here save the state of every layer's ``rng`` and restore it before each pass, so every
pass draws the same mask. Side effects: each of the ``2 * (X.size + n_parameters)`` forward
passes updates the running statistics of a batch-norm layer in training mode (check a copy,
or save ``running_mean`` and ``running_var`` and put them back).

``print(report)`` shows a table: the worst entry of each array, analytic beside numeric. Walking
from the loss back towards the input, the bug lies between the last array that passes and the
first that fails (see [`check_model`][]). A layer that returns a wrong ``dX`` fails the arrays
of every layer before it, and ``X``; its own arrays and those after it pass. A layer that spoils
the ``dY`` it receives before using it fails its own arrays too, so the bug can also sit in the
first failing array's own layer. A wrong parameter gradient (a wrong ``db``, say) fails only
that array.

Examples
--------
>>> import numpy as np
>>> from backprop.gradcheck import check_model
>>> from backprop.nn import Linear, MSELoss, Sequential, Tanh
>>> model = Sequential(Linear(3, 4, rng=0), Tanh(), Linear(4, 2, rng=1))
>>> X = np.random.default_rng(2).standard_normal((5, 3))
>>> Y = np.random.default_rng(3).standard_normal((5, 2))
>>> report = check_model(model, MSELoss(), X, Y)
>>> report.passed, report.max_rel_error < 1e-7
(True, True)
>>> sorted(report.per_parameter)
['0.W', '0.b', '2.W', '2.b', 'X']

A correct ReLU network fails the rough float32 check, only where a step crosses a kink, and
passes the same network in float64:

>>> import numpy as np
>>> from backprop.gradcheck import check_model
>>> from backprop.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy
>>> def relu_net(dtype):
...     layers = [Linear(6, 8, rng=6, dtype=dtype), ReLU()]
...     return Sequential(*layers, Linear(8, 3, rng=7, dtype=dtype))
>>> rng = np.random.default_rng(6)
>>> X, y = rng.standard_normal((10, 6)), rng.integers(0, 3, 10)
>>> loss = SoftmaxCrossEntropy()
>>> f32 = check_model(relu_net(np.float32), loss, X.astype(np.float32), y)
>>> f32.passed, f32.where  # an input within h of the kink
(False, ('0.W', (1, 3)))
>>> bool(f32.kinks["0.W"][1, 3]), f32.max_rel_error_off_kinks < f32.tol
(True, True)
>>> check_model(relu_net(np.float64), loss, X, y).passed
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from backprop._checks import (
    check_callable,
    check_finite,
    check_methods,
    check_numeric,
    check_positive,
)

__all__ = [
    "DEFAULT_H",
    "DEFAULT_TOL",
    "FLOOR_RATIO",
    "GradcheckReport",
    "check_layer",
    "check_loss",
    "check_model",
    "numeric_gradient",
    "relative_error",
]

DEFAULT_H = {np.dtype(np.float64): 1e-6, np.dtype(np.float32): 5e-3}
"""The default step ``h`` of the central difference, by the dtype the model computes in."""

DEFAULT_TOL = {np.dtype(np.float64): 1e-6, np.dtype(np.float32): 1e-2}
"""The largest relative error a report still calls ``passed``, by dtype."""

FLOOR_RATIO = 1e-2
"""The default ``floor`` is this times the largest ``|analytic| + |numeric|`` or ``|L|`` seen."""

_TINY = float(np.finfo(np.float64).tiny)


def relative_error(a: Any, b: Any, tiny: float = 2.2250738585072014e-308) -> np.ndarray | float:
    """The relative error ``|a - b| / max(|a| + |b|, tiny)``, element by element.

    Symmetric in ``a`` and ``b``; between 0 (equal) and 1 (opposite signs, or one of them
    zero). ``tiny`` keeps ``0 / 0`` out: two zeros have relative error 0.

    Parameters
    ----------
    a : array_like
        Numbers, for example an analytic gradient.
    b : array_like
        Numbers of a shape that broadcasts with ``a``, for example a numeric gradient.
    tiny : float
        The smallest denominator. The default is the smallest normal float64 (about
        2.2e-308), which only keeps ``0 / 0`` out; the gradient checks pass their ``floor``
        here.

    Returns
    -------
    float or numpy.ndarray
        A float for two numbers, else an array of the broadcast shape.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.gradcheck import relative_error
    >>> relative_error(1.0, 1.0 + 1e-9) < 1e-9
    True
    >>> [relative_error(a, b) for a, b in [(1.0, -1.0), (0.0, 0.0), (0.0, 1e-20)]]
    [1.0, 0.0, 1.0]
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 3.0])).round(3).tolist()
    [0.0, 0.2]
    """
    a = check_numeric("a", a).astype(np.float64)
    b = check_numeric("b", b).astype(np.float64)
    err = np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), tiny)
    return float(err) if err.ndim == 0 else err


def numeric_gradient(f: Callable[[], Any], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of ``sum(f())`` with respect to the array ``x``, in place.

    For each entry ``x[i]``: set it to ``x[i] + h``, call ``f()``, set it to ``x[i] - h``, call
    ``f()``, put the entry back exactly, and divide the difference of the two results by the
    distance actually moved. (``x + h`` is rounded to ``x``'s dtype; the step down uses that
    same rounded step, so the two points stay symmetric about ``x``.) ``f`` takes no argument:
    it reads ``x`` (for example a layer's ``W``) itself. Costs ``2 * x.size`` calls.

    ``f`` may return a number or an array whose sum is the function. For an array the two
    results are subtracted entry by entry before summing: entries the change did not touch
    cancel exactly, so they add no rounding noise (summing first would keep the rounding error
    of the whole sum, about ``eps * |f|``, and divide it by ``2 h``).

    Raises
    ------
    TypeError
        If ``f`` cannot be called, or ``x`` is not a float numpy array (it must be changed
        in place, so a list or an integer array will not do).
    ValueError
        If ``h`` is not > 0; if ``h`` is so small that ``x[i] + h`` rounds back to ``x[i]``
        (the message names the entry and the smallest ``h`` that works); if ``f`` returns
        nan or inf at a moved point.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.gradcheck import numeric_gradient
    >>> w = np.array([1.0, 2.0])
    >>> g = numeric_gradient(lambda: w**3, w)
    >>> g.round(6).tolist(), w.tolist()
    ([3.0, 12.0], [1.0, 2.0])
    """
    check_callable("f", f)
    h = check_positive("h", h)
    return _central_differences(f, x, h)[0]


def _central_differences(
    f: Callable[[], Any],
    x: np.ndarray,
    h: float,
    name: str = "x",
    watch: Callable[[], list[np.ndarray]] | None = None,
) -> tuple[np.ndarray, float, np.ndarray]:
    """[`numeric_gradient`][], the largest ``|f|`` entry seen on the way, and the kinks.

    ``watch()``, called after each ``f()``, returns the masks ``Z > 0`` of the ReLUs; the
    third result is True for each entry whose ``+h`` and ``-h`` passes gave different masks
    (its step crossed a kink), all False without ``watch``.
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(f"x must be a float numpy array (changed in place), got {x!r}")
    grad = np.zeros(x.shape, dtype=np.float64)
    crossed = np.zeros(x.shape, dtype=bool)
    largest = 0.0
    for idx in np.ndindex(x.shape):
        orig = x[idx].copy()
        try:
            # h rounded where the spacing of floats is coarser (away from zero): then both
            # orig + step and orig - step are exact, and symmetric about orig.
            step = (abs(orig) + x.dtype.type(h)) - abs(orig)  # in x's dtype, numpy 1 or 2
            x[idx] = orig + step
            up, f_up = float(x[idx]), _value(f)
            masks_up = watch() if watch else ()
            x[idx] = orig - step
            down, f_down = float(x[idx]), _value(f)
            if watch:
                crossed[idx] = any(
                    not np.array_equal(a, b) for a, b in zip(masks_up, watch(), strict=True)
                )
        finally:
            x[idx] = orig
        if up == down:
            raise ValueError(_step_lost(name, x, idx, h))
        grad[idx] = float(np.sum(f_up - f_down)) / (up - down)
        largest = max(
            largest,
            float(np.max(np.abs(f_up), initial=0)),
            float(np.max(np.abs(f_down), initial=0)),
        )
    return grad, largest, crossed


@dataclass
class GradcheckReport:
    """Analytic against numeric gradients, for every array checked.

    Attributes
    ----------
    analytic, numeric : dict of str to numpy.ndarray
        The gradients, by name: ``"X"`` or ``"pred"`` for the input, the parameter names
        (``"W"``, ``"0.b"``, ...) for the rest.
    errors : dict of str to numpy.ndarray
        The relative error of each entry (see [`relative_error`][]), with ``floor``.
    h, floor, tol : float
        The step, the floor of the denominator, and the tolerance of ``passed``.
    max_rel_error : float
        The largest relative error over everything.
    where : tuple of (str, tuple of int)
        The name and index of that largest error, e.g. ``("0.W", (2, 1))``.
    per_parameter : dict of str to float
        The largest relative error of each array.
    passed : bool
        ``max_rel_error <= tol``.
    kinks : dict of str to numpy.ndarray
        By name, True for each entry whose ``+h`` and ``-h`` steps moved the input of a
        [`ReLU`][backprop.nn.ReLU] across 0, its kink: the numeric "gradient" there is the
        slope of a secant over the kink, not a derivative, and a correct backward pass can
        fail on it. All False where the model has no ``ReLU``, and for [`check_loss`][].
    max_rel_error_off_kinks : float
        The largest relative error over the entries whose steps crossed no kink.

    Notes
    -----
    ``print(report)`` shows the verdict and a table with the worst entry of each array,
    analytic beside numeric (examples under [`check_loss`][]); an entry whose step crossed a
    kink is marked ``kink``, and a last line counts such entries and gives the worst error
    elsewhere (example under [`check_model`][]).
    """

    analytic: dict[str, np.ndarray]
    numeric: dict[str, np.ndarray]
    h: float
    floor: float
    tol: float
    kinks: dict[str, np.ndarray] = field(default_factory=dict)
    errors: dict[str, np.ndarray] = field(init=False)
    per_parameter: dict[str, float] = field(init=False)
    max_rel_error: float = field(init=False)
    where: tuple[str, tuple[int, ...]] = field(init=False)
    max_rel_error_off_kinks: float = field(init=False)

    def __post_init__(self) -> None:
        self.errors = {
            name: np.asarray(relative_error(a, self.numeric[name], self.floor))
            for name, a in self.analytic.items()
        }
        self.kinks = {
            name: np.asarray(self.kinks.get(name, np.zeros(err.shape, dtype=bool)), dtype=bool)
            for name, err in self.errors.items()
        }
        self.max_rel_error_off_kinks = max(
            (float(err[~self.kinks[name]].max(initial=0)) for name, err in self.errors.items()),
            default=0.0,
        )
        self.per_parameter = {
            name: float(err.max()) if err.size else 0.0 for name, err in self.errors.items()
        }
        self.max_rel_error, self.where = 0.0, ("", ())
        for name, err in self.errors.items():
            if err.size and (not self.where[0] or self.per_parameter[name] > self.max_rel_error):
                idx = np.unravel_index(int(np.argmax(err)), err.shape)
                self.max_rel_error = self.per_parameter[name]
                self.where = (name, tuple(int(i) for i in idx))

    @property
    def passed(self) -> bool:
        return self.max_rel_error <= self.tol

    def __str__(self) -> str:
        name, idx = self.where
        verdict = "passed" if self.passed else "FAILED"
        # narrow enough for a page's output box (under 78 characters a line)
        lines = [
            f"gradcheck {verdict}: max relative error {self.max_rel_error:.2e} at "
            f"{_location(name, idx)}",
            f"(tolerance {self.tol:g}, h={self.h:g}); the worst entry of each array:",
            f"  {'array':<10} {'shape':<9} {'rel error':>9}  {'at':<8} "
            f"{'analytic':>11} {'numeric':>11}",
        ]
        for name, err in self.errors.items():
            if err.size:
                i = np.unravel_index(int(np.argmax(err)), err.shape)
                a, n = float(self.analytic[name][i]), float(self.numeric[name][i])
                at = str(list(int(j) for j in i))
                kink = " kink" if self.kinks[name][i] else ""
                lines.append(
                    f"  {name:<10} {err.shape!s:<9} {float(err[i]):>9.2e}  {at:<8} "
                    f"{a:>11.5g} {n:>11.5g}{kink}"
                )
        crossed = sum(int(k.sum()) for k in self.kinks.values())
        if crossed:
            lines += [
                f"kink: {crossed} {'entry moves' if crossed == 1 else 'entries move'} a ReLU "
                "input across 0, where it has no",
                f"derivative; the worst error of the others is {self.max_rel_error_off_kinks:.2e}.",
            ]
        return "\n".join(lines)


def check_layer(
    layer: Any,
    X: Any,
    rng: int | np.random.Generator = 0,
    h: float | None = None,
    floor: float | None = None,
    tol: float | None = None,
) -> GradcheckReport:
    """Check a layer's backward pass for ``dX`` and every parameter.

    A layer has no scalar loss of its own, so this uses ``L = sum(Y * R)`` with a fixed random
    ``R`` of the output's shape: its gradient ``dL/dY`` is ``R``, which exercises every entry
    of the backward pass with a different weight (a plain ``sum(Y)`` would hide mistakes that
    mix up rows or columns).

    Parameters
    ----------
    layer : object
        Has ``forward``, ``backward`` and ``parameters`` (see [`backprop.nn`][]).
    X : array_like
        A batch input, not changed (a copy is perturbed).
    rng : int or numpy.random.Generator
        The randomness of ``R``.
    h : float, optional
        The finite-difference step; by default it follows the dtype of the layer's output
        (see the module docstring).
    floor : float, optional
        The floor of the relative error's denominator; by default set from the sizes of the
        gradients and outputs.
    tol : float, optional
        The largest relative error that passes; by default it follows the dtype.

    Returns
    -------
    GradcheckReport
        With ``"X"`` and the layer's parameter names.

    Raises
    ------
    TypeError
        If ``layer`` lacks one of the three methods (or is a class, not an instance), or
        ``X`` is not numeric.
    ValueError
        If ``X`` holds nan or inf; if ``h``, ``floor`` or ``tol`` is not > 0; if ``h`` is
        too small to move an entry (the message names it and the smallest ``h`` that
        works); if the layer's output becomes nan or inf at a moved point.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.gradcheck import check_layer
    >>> from backprop.nn import Sigmoid
    >>> report = check_layer(Sigmoid(), np.array([[-30.0, 0.5, 3.0]]))
    >>> report.passed, report.where[0]
    (True, 'X')
    """
    check_methods("layer", layer, "forward", "backward", "parameters")
    X = check_finite("X", X).copy()
    generators = _generators(layer)
    states = _save(generators)
    Y = np.asarray(layer.forward(X))
    R = np.random.default_rng(rng).standard_normal(Y.shape).astype(Y.dtype)
    analytic = {"X": _backward_with_dX(layer, R)}
    params = list(layer.parameters())
    analytic.update({p.name: np.array(p.grad, dtype=np.float64) for p in params})

    def f() -> np.ndarray:
        _restore(generators, states)
        return np.asarray(layer.forward(X), dtype=np.float64) * R  # summed by numeric_gradient

    return _report(analytic, f, X, params, Y.dtype, h, floor, tol, watch=_relu_masks(layer))


def check_loss(
    loss: Any,
    pred: Any,
    target: Any,
    h: float | None = None,
    floor: float | None = None,
    tol: float | None = None,
) -> GradcheckReport:
    """Check a loss's ``backward()`` (``dL/dpred``) against central differences in ``pred``.

    Parameters
    ----------
    loss : object
        Has ``forward(pred, target) -> float`` and ``backward() -> dL/dpred``, like
        [`MSELoss`][backprop.nn.MSELoss].
    pred : array_like
        The predictions to check at; not changed (a copy is moved).
    target : array_like
        What ``loss.forward`` takes as its second argument (targets, or class labels).
    h : float, optional
        The finite-difference step; by default it follows the dtype of ``pred``.
    floor : float, optional
        The floor of the relative error's denominator; by default set from the sizes of the
        gradient and the loss.
    tol : float, optional
        The largest relative error that passes; by default it follows the dtype.

    Returns
    -------
    GradcheckReport
        With one array, ``"pred"``.

    Raises
    ------
    TypeError
        If ``loss`` lacks ``forward`` or ``backward``, or ``pred`` is not numeric.
    ValueError
        If ``pred`` holds nan or inf; if ``h``, ``floor`` or ``tol`` is not > 0; if ``h``
        is too small to move an entry; if the loss becomes nan or inf at a moved point;
        and whatever ``loss.forward`` raises (shapes that do not match, for example).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.gradcheck import check_loss
    >>> from backprop.nn import SoftmaxCrossEntropy
    >>> pred = np.array([[2.0, -1.0, 0.5], [0.0, 0.0, 0.0]])
    >>> check_loss(SoftmaxCrossEntropy(), pred, np.array([2, 0])).passed
    True

    ``print`` shows the report; here a loss whose backward pass forgets the 2 of
    ``d(e**2)/de = 2e`` fails, with analytic half of numeric:

    >>> import numpy as np
    >>> from backprop.gradcheck import check_loss
    >>> from backprop.nn import MSELoss
    >>> half = MSELoss()
    >>> half.backward = lambda: MSELoss.backward(half) / 2  # the bug
    >>> pred = np.array([[0.5, -1.0], [2.0, 0.0]])
    >>> target = np.array([[1.0, 0.0], [0.0, 0.0]])
    >>> print(check_loss(half, pred, target))
    gradcheck FAILED: max relative error 3.33e-01 at pred[0, 1]
    (tolerance 1e-06, h=1e-06); the worst entry of each array:
      array      shape     rel error  at          analytic     numeric
      pred       (2, 2)     3.33e-01  [0, 1]         -0.25        -0.5
    >>> print(check_loss(MSELoss(), pred, target))
    gradcheck passed: max relative error 1.11e-10 at pred[0, 1]
    (tolerance 1e-06, h=1e-06); the worst entry of each array:
      array      shape     rel error  at          analytic     numeric
      pred       (2, 2)     1.11e-10  [0, 1]          -0.5        -0.5
    """
    check_methods("loss", loss, "forward", "backward")
    pred = check_finite("pred", pred).copy()
    loss.forward(pred, target)
    analytic = {"pred": np.array(loss.backward(), dtype=np.float64)}

    def f() -> float:
        return float(loss.forward(pred, target))

    return _report(analytic, f, pred, [], pred.dtype, h, floor, tol, input_name="pred")


def check_model(
    model: Any,
    loss: Any,
    X: Any,
    y: Any,
    h: float | None = None,
    floor: float | None = None,
    tol: float | None = None,
) -> GradcheckReport:
    """Check a whole model with its loss: ``dL/dX`` and every parameter of ``model``.

    The loss is ``loss.forward(model.forward(X), y)``; one backward pass gives the analytic
    gradients, and every entry of ``X`` and of each parameter is moved by ``+h`` and ``-h``
    for the numeric ones (``2 * (X.size + n_parameters)`` forward passes). A
    [`Sequential`][backprop.nn.Sequential] is asked for ``dL/dX`` for this one pass even if
    it skips it otherwise.

    Parameters
    ----------
    model : object
        Has ``forward``, ``backward`` and ``parameters``, like
        [`Sequential`][backprop.nn.Sequential].
    loss : object
        Has ``forward(pred, target) -> float`` and ``backward() -> dL/dpred``.
    X : array_like
        A batch of inputs; not changed (a copy is moved).
    y : array_like
        The targets (or class labels) of the rows of ``X``, as ``loss.forward`` takes them.
    h : float, optional
        The finite-difference step; by default it follows the dtype of the model's output.
    floor : float, optional
        The floor of the relative error's denominator; by default set from the sizes of the
        gradients and the loss.
    tol : float, optional
        The largest relative error that passes; by default it follows the dtype.

    Returns
    -------
    GradcheckReport
        With ``"X"`` and the model's parameter names (``"0.W"``, ``"0.b"``, ...).

    Raises
    ------
    TypeError
        If ``model`` or ``loss`` lacks a method (or is a class, not an instance), or ``X``
        is not numeric.
    ValueError
        If ``X`` holds nan or inf; if ``h``, ``floor`` or ``tol`` is not > 0; if ``h`` is
        too small to move an entry (the message names it and the smallest ``h`` that
        works); if the loss becomes nan or inf at a moved point; and whatever the model or
        the loss raises (a wrong shape, or a batch norm layer given a single row).

    Notes
    -----
    Dropout draws the same mask in every pass (the checks restore each ``rng``), but a
    [`BatchNorm1d`][backprop.nn.BatchNorm1d] in training mode updates its running
    statistics in every one of the forward passes: check a copy of such a model, or save
    and restore ``running_mean`` and ``running_var``.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.gradcheck import check_model
    >>> from backprop.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy
    >>> model = Sequential(Linear(4, 5, rng=0), ReLU(), Linear(5, 3, rng=1))
    >>> X = np.random.default_rng(0).standard_normal((6, 4))
    >>> y = np.array([0, 1, 2, 0, 1, 2])
    >>> report = check_model(model, SoftmaxCrossEntropy(), X, y)
    >>> report.passed
    True

    A tanh whose backward pass forgets its slope ``1 - Y**2``: the layer after it (``2.W``,
    ``2.b``) still passes, the first layer and ``X`` fail. The bug sits between the last
    array that passes and the first that fails, counting from the loss:

    >>> import numpy as np
    >>> from backprop.gradcheck import check_model
    >>> from backprop.nn import Linear, MSELoss, Sequential, Tanh
    >>> class BadTanh(Tanh):
    ...     def backward(self, dY):
    ...         return dY  # the bug: should be dY * (1 - Y**2)
    >>> model = Sequential(Linear(3, 4, rng=0), BadTanh(), Linear(4, 2, rng=1))
    >>> X = np.random.default_rng(2).standard_normal((5, 3))
    >>> Y = np.random.default_rng(3).standard_normal((5, 2))
    >>> report = check_model(model, MSELoss(), X, Y)
    >>> {k: round(v, 2) for k, v in report.per_parameter.items()}
    {'X': 0.88, '0.W': 1.0, '0.b': 1.0, '2.W': 0.0, '2.b': 0.0}

    A correct float64 ReLU network that fails on a kink only: the first ReLU switches off
    every unit of example 3, so the second layer's pre-activations there are its biases,
    exactly 0 (they start at 0), and the step of ``2.b[0]`` crosses the second ReLU's kink:

    >>> import numpy as np
    >>> from backprop.gradcheck import check_model
    >>> from backprop.nn import Linear, MSELoss, ReLU, Sequential
    >>> layers = Linear(2, 3, rng=0), ReLU(), Linear(3, 2, rng=1), ReLU()
    >>> model = Sequential(*layers, Linear(2, 1, rng=2))
    >>> rng = np.random.default_rng(0)
    >>> X, Y = rng.standard_normal((4, 2)), rng.standard_normal((4, 1))
    >>> report = check_model(model, MSELoss(), X, Y)
    >>> print(report)
    gradcheck FAILED: max relative error 5.71e-03 at 2.b[0]
    (tolerance 1e-06, h=1e-06); the worst entry of each array:
      array      shape     rel error  at          analytic     numeric
      X          (4, 2)     4.39e-10  [2, 0]      0.038724    0.038724
      0.W        (2, 3)     1.92e-09  [1, 2]     0.0071968   0.0071968
      0.b        (3,)       7.82e-10  [2]         0.019903    0.019903
      2.W        (3, 2)     2.24e-10  [2, 1]      -0.10257    -0.10257
      2.b        (2,)       5.71e-03  [0]         -0.61328    -0.60631 kink
      4.W        (2, 1)     2.03e-09  [0, 0]     0.0026609   0.0026609
      4.b        (1,)       2.26e-11  [0]           1.0968      1.0968
    kink: 2 entries move a ReLU input across 0, where it has no
    derivative; the worst error of the others is 2.03e-09.
    >>> model.layers[2].b[...] = [0.1, -0.1]  # biases off 0: no kink in reach
    >>> check_model(model, MSELoss(), X, Y).passed
    True
    """
    check_methods("model", model, "forward", "backward", "parameters")
    check_methods("loss", loss, "forward", "backward")
    X = check_finite("X", X).copy()
    generators = _generators(model)
    states = _save(generators)
    pred = np.asarray(model.forward(X))
    loss.forward(pred, y)
    analytic = {"X": _backward_with_dX(model, loss.backward())}
    params = list(model.parameters())
    analytic.update({p.name: np.array(p.grad, dtype=np.float64) for p in params})

    def f() -> float:
        _restore(generators, states)
        return float(loss.forward(model.forward(X), y))

    return _report(analytic, f, X, params, pred.dtype, h, floor, tol, watch=_relu_masks(model))


# ---------------------------------------------------------------------------------- helpers


def _report(
    analytic: dict[str, np.ndarray],
    f: Callable[[], Any],
    x: np.ndarray,
    params: list[Any],
    dtype: np.dtype,
    h: float | None,
    floor: float | None,
    tol: float | None,
    input_name: str = "X",
    watch: Callable[[], list[np.ndarray]] | None = None,
) -> GradcheckReport:
    dtype = np.dtype(dtype)
    h = DEFAULT_H.get(dtype, 1e-6) if h is None else check_positive("h", h)
    tol = DEFAULT_TOL.get(dtype, 1e-6) if tol is None else check_positive("tol", tol)
    numeric, kinks, largest_f = {}, {}, 0.0
    for name, array in [(input_name, x)] + [(p.name, p.value) for p in params]:
        numeric[name], f_max, kinks[name] = _central_differences(f, array, h, name, watch)
        largest_f = max(largest_f, f_max)
    if floor is None:
        sizes = [largest_f] + [
            float(np.max(np.abs(a) + np.abs(numeric[k]))) for k, a in analytic.items() if a.size
        ]
        floor = max(FLOOR_RATIO * max(sizes), _TINY)
    else:
        floor = check_positive("floor", floor)
    return GradcheckReport(
        analytic=analytic, numeric=numeric, h=h, floor=floor, tol=tol, kinks=kinks
    )


def _backward_with_dX(model: Any, dY: np.ndarray) -> np.ndarray:
    """``model.backward(dY)`` as float64, with ``dL/dX`` even from a Sequential that skips it."""
    skips_dX = getattr(model, "input_grad", None) is False
    if skips_dX:  # a Sequential skips dL/dX unless asked: ask for it in this one pass
        model.input_grad = True
    try:
        return np.array(model.backward(dY), dtype=np.float64)
    finally:
        if skips_dX:
            model.input_grad = False


def _value(f: Callable[[], Any]) -> np.ndarray:
    value = np.asarray(f(), dtype=np.float64)
    if not np.isfinite(value).all():
        raise ValueError("the function returned nan or inf during the finite differences")
    return value


def _generators(obj: Any) -> list[np.random.Generator]:
    """Every ``rng`` generator of ``obj`` and of its ``layers``, recursively."""
    found: list[np.random.Generator] = []

    def walk(o: Any) -> None:
        rng = getattr(o, "rng", None)
        if isinstance(rng, np.random.Generator) and not any(rng is g for g in found):
            found.append(rng)
        for layer in getattr(o, "layers", ()):
            walk(layer)

    walk(obj)
    return found


def _relu_masks(obj: Any) -> Callable[[], list[np.ndarray]] | None:
    """A function giving the mask ``Z > 0`` of every ReLU in ``obj`` (recursively), or None."""
    from backprop.nn import ReLU  # gradcheck needs no nn otherwise

    relus: list[ReLU] = []

    def walk(o: Any) -> None:
        if isinstance(o, ReLU) and not any(o is r for r in relus):
            relus.append(o)
        for layer in getattr(o, "layers", ()):
            walk(layer)

    walk(obj)
    if not relus:
        return None
    return lambda: [r._Y > 0 for r in relus if r._Y is not None]


def _save(generators: list[np.random.Generator]) -> list[dict]:
    return [g.bit_generator.state for g in generators]


def _restore(generators: list[np.random.Generator], states: list[dict]) -> None:
    for g, state in zip(generators, states, strict=True):
        g.bit_generator.state = state


def _step_lost(name: str, x: np.ndarray, idx: tuple[int, ...], h: float) -> str:
    """Why ``h`` cannot be used: it rounds away next to the entry ``x[idx]``."""
    spacing = float(np.spacing(np.abs(x[idx])))
    return (
        f"h={h:g} is too small for {x.dtype} near {_location(name, idx)}={float(x[idx]):g}: "
        f"x + h rounds back to x (the spacing of {x.dtype} there is {spacing:.2g}); "
        f"use h >= {10 * spacing:.1g}"
    )


def _location(name: str, idx: tuple[int, ...]) -> str:
    return f"{name}[{', '.join(str(i) for i in idx)}]" if idx else name

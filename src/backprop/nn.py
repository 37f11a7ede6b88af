"""Layers, losses and initialisations of a small neural network, forward and backward.

Every layer works on a batch: ``X`` has one row per example, shape ``(N, n_in)``. A layer is
any object with three methods:

- ``forward(X) -> Y`` computes the output and remembers what the backward pass needs.
- ``backward(dY) -> dX`` takes the upstream gradient ``dY = dL/dY`` (the same shape as
  ``Y``), fills the gradients of the layer's own parameters (``Linear`` fills ``dW`` and
  ``db``) and returns ``dX = dL/dX``.
- ``parameters() -> iterator of Parameter`` yields each trainable array with its gradient (see
  [`Parameter`][]); none for activations.

Your own layer needs only these three methods: [`Parameter`][] shows one, checked with
[`check_layer`][backprop.gradcheck.check_layer] and placed in a [`Sequential`][], whose
``parameters()`` then hands its array to an optimiser with the others.

A layer with parameters also has ``backward_params(dY)``: the part of ``backward`` that fills
its gradients, without ``dX``. A [`Sequential`][] calls it for its first layer, because
nothing needs the gradient with respect to the data (PyTorch skips it too, for an input that
does not require grad); for a ``Linear`` layer that saves the product ``dY @ W.T``, as large
as its forward one and half of that layer's backward work. Build
``Sequential(..., input_grad=True)`` to get ``dL/dX`` back.

``backward`` *overwrites* the gradients, it does not add to them, so each backward pass gives
the gradient of the last forward pass. (An optimiser's ``zero_grad()`` is therefore harmless
but not needed; the one case this design does not cover is a layer used twice in one model.)

Parameters are plain numpy arrays on the layer: the chapters' $W$ is the code's ``W``, with
shape ``(n_in, n_out)`` so that a batch goes through as ``Y = X @ W + b``.

Precision: a layer with parameters has a ``dtype`` (float64 unless told); its ``forward``
converts ``X`` to that dtype (no copy when it already matches), so outputs and gradients are
always in the layer's dtype. Activations and losses keep the dtype of their input (integers
become float64). A float32 model fed float32 data stays float32 end to end. Change a weight's
values in place (``layer.W[...] = values``): a ``W`` replaced by an array of another dtype
makes ``forward`` raise a ``TypeError`` rather than compute silently in that dtype.

Errors name the layer and the argument: ``forward`` raises ``ValueError`` for an input of
the wrong shape or with nan or inf in it, ``backward`` raises ``ValueError`` for a ``dY``
whose shape is not that of the last output, and ``RuntimeError`` if no forward pass came
first.

Examples
--------
>>> import numpy as np
>>> from backprop.nn import Linear, MSELoss, Sequential, Sigmoid
>>> model = Sequential(Linear(2, 3, rng=0), Sigmoid(), Linear(3, 1, rng=1))
>>> X = np.array([[0.0, 1.0], [1.0, 0.0]])
>>> loss = MSELoss()
>>> round(loss.forward(model.forward(X), np.array([[1.0], [0.0]])), 4)
0.4061
>>> model.backward(loss.backward())  # fills every gradient; returns None
>>> [(p.name, p.value.shape) for p in model.parameters()]
[('0.W', (2, 3)), ('0.b', (3,)), ('2.W', (3, 1)), ('2.b', (1,))]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from backprop._checks import (
    check_finite,
    check_int,
    check_methods,
    check_number,
    check_numeric,
    check_positive,
    check_rng,
    check_shape,
    short_repr,
)

__all__ = [
    "INIT_SCHEMES",
    "BatchNorm1d",
    "Dropout",
    "Linear",
    "MSELoss",
    "Modes",
    "Parameter",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "SoftmaxCrossEntropy",
    "Tanh",
    "init_weights",
    "sigmoid",
]

INIT_SCHEMES = ("zeros", "uniform", "normal", "xavier", "glorot", "he")
"""The names [`init_weights`][] accepts ("glorot" is another name for "xavier")."""


# --------------------------------------------------------------------------------------------
# Parameters and initialisation
# --------------------------------------------------------------------------------------------


class Parameter:
    """One trainable array of a layer together with its gradient.

    A ``Parameter`` does not copy anything: ``value`` and ``grad`` look the arrays up on the
    layer each time (``layer.W`` and ``layer.dW`` for a ``Linear``), so an optimiser that
    updates ``p.value`` in place updates the layer, and ``p.grad`` is always the gradient of
    the last backward pass.

    A layer of your own makes one per trainable array in its ``parameters()``, naming the
    two attributes as strings: ``Parameter(self, "W", "W", "dW")`` is ``Linear``'s weight.
    (A [`Sequential`][] also takes, from a layer of your own, any objects with ``value``
    and ``grad`` arrays and an optional ``name``.)

    Parameters
    ----------
    owner : object
        The layer that holds the arrays.
    name : str
        The name shown in reports and histories.
    value_attr : str
        The name of the owner's attribute that holds the array, e.g. ``"W"``.
    grad_attr : str
        The name of the owner's attribute that holds its gradient, e.g. ``"dW"``.

    Attributes
    ----------
    name : str
        ``"W"``, ``"b"``, ... for a layer; a [`Sequential`][] prefixes the index of the
        layer, e.g. ``"0.W"``.
    value : numpy.ndarray
        The parameter itself (update it in place: ``p.value -= lr * p.grad``).
    grad : numpy.ndarray
        ``dL/d(value)``, the same shape and dtype as ``value``.

    Examples
    --------
    >>> from backprop.nn import Linear
    >>> layer = Linear(3, 2, rng=0)
    >>> W, b = layer.parameters()
    >>> W.name, W.value is layer.W, W.grad is layer.dW
    ('W', True, True)
    >>> W
    Parameter('W', shape=(3, 2), dtype=float64)

    A layer of your own, ``Y = X * s`` with one trainable scale per feature: its
    backward pass is checked against central differences, then it joins a model, whose
    ``parameters()`` list it with the others (so an optimiser updates it).

    >>> import numpy as np
    >>> from backprop.gradcheck import check_layer
    >>> from backprop.nn import Linear, Parameter, Sequential
    >>> class Scale:
    ...     def __init__(self, n):
    ...         self.s, self.ds = np.ones(n), np.zeros(n)
    ...     def forward(self, X):
    ...         self.X = np.asarray(X, dtype=float)
    ...         return self.X * self.s
    ...     def backward(self, dY):
    ...         self.ds = (dY * self.X).sum(axis=0)  # dL/ds
    ...         return dY * self.s                   # dL/dX
    ...     def parameters(self):
    ...         yield Parameter(self, "s", "s", "ds")
    >>> X = np.random.default_rng(0).standard_normal((4, 3))
    >>> check_layer(Scale(3), X).passed
    True
    >>> model = Sequential(Linear(2, 3, rng=0), Scale(3))
    >>> [p.name for p in model.parameters()]
    ['0.W', '0.b', '1.s']
    """

    __slots__ = ("_grad_attr", "_owner", "_value_attr", "name")

    def __init__(self, owner: Any, name: str, value_attr: str, grad_attr: str) -> None:
        self._owner = owner
        self.name = name
        self._value_attr = value_attr
        self._grad_attr = grad_attr

    @property
    def value(self) -> np.ndarray:
        return getattr(self._owner, self._value_attr)

    @property
    def grad(self) -> np.ndarray:
        return getattr(self._owner, self._grad_attr)

    def renamed(self, name: str) -> Parameter:
        """The same parameter under another name (how [`Sequential`][] prefixes names)."""
        return Parameter(self._owner, name, self._value_attr, self._grad_attr)

    def __repr__(self) -> str:
        value = self.value
        return f"Parameter({self.name!r}, shape={value.shape}, dtype={value.dtype})"


def init_weights(
    n_in: int,
    n_out: int,
    scheme: str = "xavier",
    rng: int | np.random.Generator | None = None,
    dtype: Any = np.float64,
    scale: float = 0.01,
) -> np.ndarray:
    """A weight matrix of shape ``(n_in, n_out)`` drawn by a named scheme.

    | scheme  | each entry of ``W`` |
    | ------- | ------------------- |
    | zeros   | 0 (every unit then computes the same thing: a bad start) |
    | uniform | uniform on ``[-scale, scale]`` |
    | normal  | normal with mean 0 and standard deviation ``scale`` |
    | xavier  | uniform on ``[-a, a]`` with ``a = sqrt(6 / (n_in + n_out))`` |
    | glorot  | the same as xavier |
    | he      | normal with standard deviation ``sqrt(2 / n_in)`` |

    Xavier (Glorot and Bengio, 2010) keeps the variance of signals and gradients about equal
    from layer to layer for an activation with slope 1 at 0, such as tanh (whose flattening
    away from 0 still shrinks the signal slowly; sigmoid, with slope 1/4, is not served by it);
    He (He et al., 2015) is the same idea for ReLU, which zeroes half of its inputs.

    The numbers are drawn in float64 and then converted, so a float32 matrix is the float64
    one rounded: the same seed gives the same network in either precision.

    Parameters
    ----------
    n_in : int
        The number of inputs, > 0.
    n_out : int
        The number of outputs, > 0.
    scheme : str
        One of [`INIT_SCHEMES`][].
    rng : int, numpy.random.Generator or None
        The randomness: a seed, a generator (which is advanced), or None for a fresh,
        unpredictable generator.
    dtype : numpy float dtype
        float64 (default) or float32.
    scale : float
        The half-width ("uniform") or standard deviation ("normal"), > 0; unused otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import init_weights
    >>> W = init_weights(300, 100, "xavier", rng=0)
    >>> W.shape, bool(np.abs(W).max() <= np.sqrt(6 / 400))
    ((300, 100), True)
    >>> round(float(init_weights(1000, 500, "he", rng=0).std()), 3)
    0.045
    >>> init_weights(2, 2, "zeros").tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    >>> init_weights(2, 2, "lecun")
    Traceback (most recent call last):
    ...
    ValueError: scheme must be one of zeros, uniform, normal, xavier, glorot, he;
    got 'lecun'
    """
    n_in = check_int("n_in", n_in, minimum=1)
    n_out = check_int("n_out", n_out, minimum=1)
    dtype = _check_float_dtype(dtype)
    if scheme not in INIT_SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(INIT_SCHEMES)}; got {scheme!r}")
    scale = check_positive("scale", scale)
    shape = (n_in, n_out)
    if scheme == "zeros":
        return np.zeros(shape, dtype=dtype)
    gen = check_rng(rng)
    if scheme == "uniform":
        W = gen.uniform(-scale, scale, size=shape)
    elif scheme == "normal":
        W = scale * gen.standard_normal(shape)
    elif scheme in ("xavier", "glorot"):
        limit = np.sqrt(6.0 / (n_in + n_out))
        W = gen.uniform(-limit, limit, size=shape)
    else:  # "he"
        W = np.sqrt(2.0 / n_in) * gen.standard_normal(shape)
    return W.astype(dtype, copy=False)


# --------------------------------------------------------------------------------------------
# Layers
# --------------------------------------------------------------------------------------------


class Linear:
    """A fully connected layer: ``Y = X @ W + b``.

    Forward, for a batch ``X`` of shape ``(N, n_in)``:

    ```text
    Y = X @ W + b                  # (N, n_out)
    ```

    Backward, given ``dY = dL/dY`` of shape ``(N, n_out)``:

    ```text
    dW = X.T @ dY                  # (n_in, n_out), summed over the batch
    db = dY.sum(axis=0)            # (n_out,)
    dX = dY @ W.T                  # (N, n_in), passed to the layer before
    ```

    ``backward_params(dY)`` does the first two lines only: how a [`Sequential`][] calls its
    first layer, whose ``dX`` nothing needs.

    Parameters
    ----------
    n_in : int
        The number of inputs, > 0.
    n_out : int
        The number of outputs, > 0.
    bias : bool
        With ``b`` (default) or without (``b`` and ``db`` are then None).
    init : str
        How ``W`` starts, one of [`INIT_SCHEMES`][] (see [`init_weights`][]); ``b``
        starts at zero.
    rng : int, numpy.random.Generator or None
        The randomness of the initialisation.
    scale : float
        For ``init="uniform"`` or ``"normal"``: the half-width or standard deviation.
    dtype : numpy float dtype
        The dtype of ``W``, ``b``, their gradients and the output (float64 by default).
        ``forward`` converts ``X`` to it.

    Attributes
    ----------
    W, b : numpy.ndarray
        The weights ``(n_in, n_out)`` and bias ``(n_out,)``.
    dW, db : numpy.ndarray
        Their gradients, filled by ``backward`` (zeros before the first one).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear
    >>> layer = Linear(3, 2, rng=0)
    >>> layer.W[...] = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    >>> layer.b[...] = [0.5, -0.5]
    >>> layer.forward(np.array([[1.0, 2.0, 3.0]])).tolist()
    [[4.5, 4.5]]
    >>> layer.backward(np.array([[1.0, -1.0]])).tolist()
    [[1.0, -1.0, 0.0]]
    >>> layer.dW.tolist(), layer.db.tolist()
    ([[1.0, -1.0], [2.0, -2.0], [3.0, -3.0]], [1.0, -1.0])
    >>> layer.forward(np.zeros((5, 4)))
    Traceback (most recent call last):
    ...
    ValueError: Linear(3, 2).forward: X must have shape (N, 3), got (5, 4)
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        bias: bool = True,
        init: str = "xavier",
        rng: int | np.random.Generator | None = None,
        *,
        scale: float = 0.01,
        dtype: Any = np.float64,
    ) -> None:
        self.n_in = check_int("n_in", n_in, minimum=1)
        self.n_out = check_int("n_out", n_out, minimum=1)
        self.dtype = _check_float_dtype(dtype)
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False, got {bias!r}")
        self.W = init_weights(n_in, n_out, init, rng, self.dtype, scale)
        self.dW = np.zeros_like(self.W)
        self.b = np.zeros(n_out, dtype=self.dtype) if bias else None
        self.db = np.zeros(n_out, dtype=self.dtype) if bias else None
        self._X: np.ndarray | None = None

    def forward(self, X: Any) -> np.ndarray:
        """Return ``Y = X @ W + b`` for a batch ``X`` of shape ``(N, n_in)``; keep ``X``.

        Raises
        ------
        ValueError
            If ``X`` is not of shape ``(N, n_in)``, or holds nan or inf.
        TypeError
            If ``W`` or ``b`` was replaced by an array of another dtype.
        """
        X = _as_batch(self, "X", X, self.dtype)
        if X.ndim != 2 or X.shape[1] != self.n_in:
            check_shape(f"{self!r}.forward: X", X, (None, self.n_in))  # raises, naming both
        W, b = self.W, self.b
        if W.dtype != self.dtype or (b is not None and b.dtype != self.dtype):
            raise _replaced_dtype(self)
        self._X = X
        Y = X @ W
        if b is not None:
            Y += b
        return Y

    def backward(self, dY: Any) -> np.ndarray:
        """Fill ``dW`` and ``db`` from ``dY = dL/dY`` and return ``dX = dY @ W.T``.

        Raises
        ------
        ValueError
            If ``dY`` does not have the shape ``(N, n_out)`` of the last output.
        RuntimeError
            If no forward pass came first.
        """
        dY = _as_upstream(self, dY, (_saved(self, self._X).shape[0], self.n_out), self.dtype)
        self.backward_params(dY)
        return dY @ self.W.T

    def backward_params(self, dY: Any) -> None:
        """Fill ``dW`` and ``db`` from ``dY``, without computing ``dX``."""
        X = _saved(self, self._X)
        dY = _as_upstream(self, dY, (X.shape[0], self.n_out), self.dtype)
        np.matmul(X.T, dY, out=self.dW)
        if self.db is not None:
            np.sum(dY, axis=0, out=self.db)

    def parameters(self) -> Iterator[Parameter]:
        """Yield ``W``, then ``b`` unless the layer has none, as [`Parameter`][]s."""
        yield Parameter(self, "W", "W", "dW")
        if self.b is not None:
            yield Parameter(self, "b", "b", "db")

    def __repr__(self) -> str:
        extra = "" if self.b is not None else ", bias=False"
        if self.dtype != np.float64:
            extra += f", dtype={self.dtype}"
        return f"Linear({self.n_in}, {self.n_out}{extra})"


def sigmoid(x: Any) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-x))``, without overflow for any ``x``.

    ``exp(-x)`` overflows for ``x < -709`` (float64) or ``x < -88`` (float32). Writing
    ``z = exp(-|x|)``, which is always in ``(0, 1]``, gives the same values safely:

    ```text
    sigmoid(x) = 1 / (1 + z)    for x >= 0
    sigmoid(x) = z / (1 + z)    for x < 0
    ```

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import sigmoid
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, z) / (1.0 + z)


class _Activation:
    """Shared plumbing of the element-wise layers: no parameters, output shape = input shape."""

    def parameters(self) -> Iterator[Parameter]:
        return iter(())

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Sigmoid(_Activation):
    """The logistic sigmoid, element-wise: ``Y = 1 / (1 + exp(-X))``.

    Its derivative is ``Y * (1 - Y)``, so backward is ``dX = dY * Y * (1 - Y)``. Computed
    without overflow for large ``|X|`` (see [`sigmoid`][]).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Sigmoid
    >>> layer = Sigmoid()
    >>> layer.forward(np.array([[0.0, 1000.0, -1000.0]])).tolist()
    [[0.5, 1.0, 0.0]]
    >>> layer.backward(np.array([[1.0, 1.0, 1.0]])).tolist()
    [[0.25, 0.0, 0.0]]
    """

    def __init__(self) -> None:
        self._Y: np.ndarray | None = None

    def forward(self, X: Any) -> np.ndarray:
        """Return ``Y = sigmoid(X)``, element by element, and keep ``Y`` for backward."""
        self._Y = sigmoid(_as_batch(self, "X", X))
        return self._Y

    def backward(self, dY: Any) -> np.ndarray:
        """Return ``dX = dY * Y * (1 - Y)``."""
        Y = _saved(self, self._Y)
        dY = _as_upstream(self, dY, Y.shape, Y.dtype)
        return dY * Y * (1 - Y)


class Tanh(_Activation):
    """The hyperbolic tangent, element-wise: ``Y = tanh(X)``; backward ``dX = dY * (1 - Y**2)``.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Tanh
    >>> layer = Tanh()
    >>> layer.forward(np.array([[0.0, 1000.0]])).tolist()
    [[0.0, 1.0]]
    >>> layer.backward(np.array([[2.0, 2.0]])).tolist()
    [[2.0, 0.0]]
    """

    def __init__(self) -> None:
        self._Y: np.ndarray | None = None

    def forward(self, X: Any) -> np.ndarray:
        """Return ``Y = tanh(X)``, element by element, and keep ``Y`` for backward."""
        self._Y = np.tanh(_as_batch(self, "X", X))
        return self._Y

    def backward(self, dY: Any) -> np.ndarray:
        """Return ``dX = dY * (1 - Y**2)``."""
        Y = _saved(self, self._Y)
        dY = _as_upstream(self, dY, Y.shape, Y.dtype)
        return dY * (1 - Y * Y)


class ReLU(_Activation):
    """The rectified linear unit, element-wise: ``Y = max(X, 0)``.

    Backward passes the gradient where the input was positive and blocks it elsewhere:
    ``dX = dY * (X > 0)``. (At exactly 0 the derivative is taken as 0.)

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import ReLU
    >>> layer = ReLU()
    >>> layer.forward(np.array([[-2.0, 0.0, 3.0]])).tolist()
    [[0.0, 0.0, 3.0]]
    >>> layer.backward(np.array([[5.0, 5.0, 5.0]])).tolist()
    [[0.0, 0.0, 5.0]]
    """

    def __init__(self) -> None:
        self._Y: np.ndarray | None = None

    def forward(self, X: Any) -> np.ndarray:
        """Return ``Y = max(X, 0)``, element by element, and keep ``Y`` for backward."""
        self._Y = np.maximum(_as_batch(self, "X", X), 0)
        return self._Y

    def backward(self, dY: Any) -> np.ndarray:
        """Return ``dX = dY * (X > 0)``."""
        Y = _saved(self, self._Y)
        dY = _as_upstream(self, dY, Y.shape, Y.dtype)
        return dY * (Y > 0)


class Modes:
    """Training and evaluation mode, for what behaves differently in each (dropout, batch norm).

    ``train()`` and ``eval()`` return the object, so ``model.eval().forward(X)`` reads as it runs.

    Examples
    --------
    >>> from backprop.nn import Dropout
    >>> layer = Dropout(0.5, rng=0)
    >>> layer.training, layer.eval().training, layer.train().training
    (True, False, True)
    """

    training: bool = True

    def train(self, mode: bool = True) -> Modes:
        """Switch to training mode (or to evaluation mode with ``mode=False``); return self."""
        self.training = bool(mode)
        return self

    def eval(self) -> Modes:
        """Switch to evaluation mode; return self."""
        return self.train(False)


class Dropout(Modes):
    """Inverted dropout: in training, zero each input with probability ``p``.

    Training (the default mode):

    ```text
    M = (random(X.shape) >= p) / (1 - p)  # 0 or 1/(1-p), drawn anew each forward
    Y = X * M
    dX = dY * M
    ```

    Scaling the survivors by ``1 / (1 - p)`` keeps the expected output equal to ``X``, so in
    evaluation mode (``eval()``) the layer is the identity and needs no rescaling.

    Parameters
    ----------
    p : float
        The probability of dropping a unit, in ``[0, 1)``.
    rng : int, numpy.random.Generator or None
        The randomness of the masks.

    Attributes
    ----------
    training : bool
        True in training mode; switch with ``train()`` and ``eval()``.
    M : numpy.ndarray or None
        The mask of the last training forward pass.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Dropout
    >>> layer = Dropout(0.5, rng=0)
    >>> layer.forward(np.ones((1, 6))).tolist()
    [[2.0, 0.0, 0.0, 0.0, 2.0, 2.0]]
    >>> layer.backward(np.full((1, 6), 3.0)).tolist()
    [[6.0, 0.0, 0.0, 0.0, 6.0, 6.0]]
    >>> layer.eval().forward(np.ones((1, 3))).tolist()
    [[1.0, 1.0, 1.0]]
    """

    def __init__(self, p: float = 0.5, rng: int | np.random.Generator | None = None) -> None:
        self.p = check_number("p", p)
        if not 0 <= self.p < 1:
            raise ValueError(f"p must be in [0, 1), got {p!r}")
        self.rng = check_rng(rng)
        self.training = True
        self.M: np.ndarray | None = None
        self._shape: tuple | None = None

    def forward(self, X: Any) -> np.ndarray:
        """Return ``X * M`` with a new mask ``M`` in training mode, ``X`` in evaluation mode."""
        X = _as_batch(self, "X", X)
        self._shape = X.shape
        if not self.training or self.p == 0:
            self.M = None
            return X
        keep = self.rng.random(X.shape) >= self.p
        self.M = keep.astype(X.dtype)
        self.M *= 1 / (1 - self.p)
        return X * self.M

    def backward(self, dY: Any) -> np.ndarray:
        """Return ``dX = dY * M``, with the mask of the last forward pass."""
        shape = _saved(self, self._shape)
        dY = _as_upstream(self, dY, shape, None)
        return dY if self.M is None else dY * self.M

    def parameters(self) -> Iterator[Parameter]:
        """Yield nothing: dropout has no trainable arrays."""
        return iter(())

    def __repr__(self) -> str:
        return f"Dropout(p={self.p:g})"


class BatchNorm1d(Modes):
    """Batch normalisation of each of ``D`` features over the batch, then a learned affine map.

    Training mode, for ``X`` of shape ``(N, D)`` (the names of the "Beyond" page):

    ```text
    mu = X.mean(axis=0)                        # (D,)
    var = X.var(axis=0)                        # (D,), biased: divides by N
    sigma = sqrt(var + eps)
    X_hat = (X - mu) / sigma                   # (N, D)
    Y = gamma * X_hat + beta
    ```

    Backward in the compact form (``mu`` and ``sigma`` depend on every row, which gives the
    two sums):

    ```text
    dbeta = dY.sum(axis=0)
    dgamma = (dY * X_hat).sum(axis=0)
    dX = gamma / (N * sigma) * (N * dY - dbeta - X_hat * dgamma)
    ```

    Each training pass also updates running estimates
    ``running = (1 - momentum) * running + momentum * batch_statistic`` (the running variance
    uses the unbiased batch variance, dividing by ``N - 1``, as PyTorch does). In evaluation
    mode (``eval()``) the layer uses them instead of the batch's own statistics, so it is a
    fixed affine map per feature, and backward is ``dX = dY * gamma / sigma``.

    Parameters
    ----------
    n_features : int
        ``D``, > 0.
    eps : float
        Added to the variance before the square root, > 0.
    momentum : float
        The weight of the newest batch in the running statistics, in ``(0, 1]``.
    dtype : numpy float dtype
        Of the parameters, statistics and output (float64 by default).

    Attributes
    ----------
    gamma, beta : numpy.ndarray
        Scale (starts at 1) and shift (starts at 0), shape ``(D,)``.
    dgamma, dbeta : numpy.ndarray
        Their gradients.
    running_mean, running_var : numpy.ndarray
        The statistics used in evaluation mode.

    Notes
    -----
    A batch of one row has no variance, so in training mode ``forward`` refuses it
    (``ValueError``). With [`fit`][backprop.train.fit] that happens when the last
    mini-batch of an epoch has one row: 65 rows with ``batch_size=32`` leave batches of 32,
    32 and 1. Pick a ``batch_size`` that does not leave a remainder of 1 (33 here, or None
    for the whole set).

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import BatchNorm1d
    >>> bn = BatchNorm1d(1)
    >>> bn.forward(np.array([[1.0], [3.0]])).round(4).tolist()
    [[-1.0], [1.0]]
    >>> bn.backward(np.array([[1.0], [0.0]])).round(4).tolist()
    [[0.0], [-0.0]]
    >>> bn.dgamma.round(4).tolist(), bn.dbeta.tolist()
    ([-1.0], [1.0])
    >>> bn.running_mean.tolist(), bn.running_var.tolist()
    ([0.2], [1.1])
    """

    def __init__(
        self,
        n_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
        dtype: Any = np.float64,
    ) -> None:
        self.n_features = check_int("n_features", n_features, minimum=1)
        self.eps = check_positive("eps", eps)
        momentum = check_positive("momentum", momentum)
        if momentum > 1:
            raise ValueError(f"momentum must be in (0, 1], got {momentum!r}")
        self.momentum = momentum
        self.dtype = _check_float_dtype(dtype)
        D = self.n_features
        self.gamma = np.ones(D, dtype=self.dtype)
        self.beta = np.zeros(D, dtype=self.dtype)
        self.dgamma = np.zeros(D, dtype=self.dtype)
        self.dbeta = np.zeros(D, dtype=self.dtype)
        self.running_mean = np.zeros(D, dtype=self.dtype)
        self.running_var = np.ones(D, dtype=self.dtype)
        self.training = True
        self.X_hat: np.ndarray | None = None
        self.sigma: np.ndarray | None = None
        self._batch_stats = True

    def forward(self, X: Any) -> np.ndarray:
        """Normalise ``X`` of shape ``(N, D)``: by the batch's statistics in training mode
        (updating the running ones), by the running ones in evaluation mode.

        Raises
        ------
        ValueError
            If ``X`` is not of shape ``(N, D)`` or holds nan or inf, or, in training mode,
            has a single row.
        """
        X = _as_batch(self, "X", X, self.dtype)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            check_shape(f"{self!r}.forward: X", X, (None, self.n_features))  # raises
        N = X.shape[0]
        self._batch_stats = self.training
        if self.training:
            if N < 2:
                raise ValueError(
                    f"{self!r}.forward: X needs at least 2 rows in training mode (a batch "
                    f"of 1 has no variance), got shape {X.shape}; in fit, pick a batch_size "
                    f"that leaves no last mini-batch of 1 row"
                )
            mu = X.mean(axis=0)
            var = X.var(axis=0)
            m = self.momentum
            self.running_mean *= 1 - m
            self.running_mean += m * mu
            self.running_var *= 1 - m
            self.running_var += m * var * (N / (N - 1))
        else:
            mu, var = self.running_mean, self.running_var
        self.sigma = np.sqrt(var + self.eps)
        self.X_hat = (X - mu) / self.sigma
        return self.gamma * self.X_hat + self.beta

    def backward(self, dY: Any) -> np.ndarray:
        """Fill ``dgamma`` and ``dbeta`` and return ``dX`` (see above).

        Raises
        ------
        ValueError
            If ``dY`` does not have the shape of the last output.
        RuntimeError
            If no forward pass came first.
        """
        dY = _as_upstream(self, dY, _saved(self, self.X_hat).shape, self.dtype)
        self.backward_params(dY)
        if not self._batch_stats:
            return dY * (self.gamma / self.sigma)
        N = dY.shape[0]
        return (self.gamma / (N * self.sigma)) * (N * dY - self.dbeta - self.X_hat * self.dgamma)

    def backward_params(self, dY: Any) -> None:
        """Fill ``dgamma`` and ``dbeta`` from ``dY``, without computing ``dX``."""
        X_hat = _saved(self, self.X_hat)
        dY = _as_upstream(self, dY, X_hat.shape, self.dtype)
        np.sum(dY, axis=0, out=self.dbeta)
        np.sum(dY * X_hat, axis=0, out=self.dgamma)

    def parameters(self) -> Iterator[Parameter]:
        """Yield ``gamma`` and ``beta`` as [`Parameter`][]s (the running statistics are not)."""
        yield Parameter(self, "gamma", "gamma", "dgamma")
        yield Parameter(self, "beta", "beta", "dbeta")

    def __repr__(self) -> str:
        return f"BatchNorm1d({self.n_features})"


class Sequential(Modes):
    """Layers applied one after another; backward runs them in reverse.

    ``forward`` feeds each layer's output to the next. ``backward(dY)`` hands each layer the
    gradient the layer after it returned (the chain rule, one layer at a time) and fills
    every parameter's gradient.

    The network's input is data: nothing needs ``dL/dX``, so by default ``backward`` does not
    ask for it. The layers before the first one with parameters are not run backward, and
    that layer is asked only for its parameters' gradients (its ``backward_params``): for a
    ``Linear`` first layer this skips ``dX = dY @ W.T``, a product as large as its forward
    one and half of that layer's backward work: in a network of ``L`` equal ``Linear``
    layers, ``1/(2L)`` of the backward pass (for the 4-8-3 network below, 32 of the 112
    multiply-adds per row, about 29%). PyTorch does the same for an input that does not
    require grad. ``backward`` then returns None.

    Parameters
    ----------
    *layers
        Objects with ``forward``, ``backward`` and ``parameters`` (see the module docstring).
        A ``Sequential`` can hold another, in any place (last example): the outer one asks
        it for the gradient of its input whenever a layer before it needs that, whatever the
        inner one's ``input_grad``, and for its parameters' gradients alone when it is the
        first layer with parameters.
    input_grad : bool
        Whether ``backward`` also computes and returns ``dL/dX`` for the network's input
        (to check it, or to pass it on to something before the network). False by default.

    Attributes
    ----------
    layers : list
        The layers, in order.
    training : bool
        The mode set by ``train()``/``eval()``, passed on to every layer that has one.
    input_grad : bool
        As given.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import Linear, ReLU, Sequential
    >>> model = Sequential(Linear(4, 8, rng=0), ReLU(), Linear(8, 3, rng=1))
    >>> model
    Sequential(Linear(4, 8), ReLU(), Linear(8, 3))
    >>> model.forward(np.ones((5, 4))).shape
    (5, 3)
    >>> print(model.backward(np.ones((5, 3))))  # gradients filled, no dL/dX
    None
    >>> [p.name for p in model.parameters()]
    ['0.W', '0.b', '2.W', '2.b']
    >>> layers = Linear(4, 8, rng=0), ReLU(), Linear(8, 3, rng=1)
    >>> model = Sequential(*layers, input_grad=True)
    >>> _ = model.forward(np.ones((5, 4)))
    >>> model.backward(np.ones((5, 3))).shape
    (5, 4)

    A model built from parts: a ``Sequential`` is a layer like any other.

    >>> import numpy as np
    >>> from backprop.nn import Linear, ReLU, Sequential
    >>> block = Sequential(Linear(8, 8, rng=2), ReLU())
    >>> model = Sequential(Linear(4, 8, rng=0), ReLU(), block, Linear(8, 3, rng=1))
    >>> _ = model.forward(np.ones((5, 4)))
    >>> model.backward(np.ones((5, 3)))  # fills every gradient, the block's too
    >>> [p.name for p in model.parameters()]
    ['0.W', '0.b', '2.0.W', '2.0.b', '3.W', '3.b']
    """

    def __init__(self, *layers: Any, input_grad: bool = False) -> None:
        if not layers:
            raise ValueError("Sequential needs at least one layer, e.g. Sequential(Linear(2, 1))")
        for i, layer in enumerate(layers):
            check_methods(f"layers[{i}]", layer, "forward", "backward", "parameters")
        if not isinstance(input_grad, (bool, np.bool_)):
            raise TypeError(f"input_grad must be True or False, got {input_grad!r}")
        self.layers = list(layers)
        self.training = True
        self.input_grad = bool(input_grad)

    def forward(self, X: Any) -> np.ndarray:
        """Run ``X`` through every layer in order and return the last output."""
        for layer in self.layers:
            X = layer.forward(X)
        return X

    def backward(self, dY: Any) -> np.ndarray | None:
        """Run the layers backward from ``dY = dL/d(output)``, filling every gradient.

        Returns
        -------
        numpy.ndarray or None
            ``dL/dX`` for the network's input if ``input_grad`` is True, else None.
        """
        if not self.input_grad:
            self.backward_params(dY)
            return None
        return self._backward_from(0, dY)

    def backward_params(self, dY: Any) -> None:
        """Fill every parameter's gradient without computing ``dL/dX`` (see above)."""
        first = self._first_with_parameters()
        dY = self._backward_from(first + 1, dY)
        if first < len(self.layers):
            layer = self.layers[first]
            # a layer of your own without backward_params computes its dX, which is dropped
            getattr(layer, "backward_params", layer.backward)(dY)

    def parameters(self) -> Iterator[Parameter]:
        """Yield every layer's parameters, named ``"index.name"`` (``"0.W"``, ``"2.b"``).

        Raises
        ------
        TypeError
            If a layer yields something without ``value`` and ``grad``.
        """
        for i, layer in enumerate(self.layers):
            for k, p in enumerate(layer.parameters()):
                yield _prefixed(p, i, k)

    def train(self, mode: bool = True) -> Sequential:
        """Put the model and every layer that has modes in training mode; return self."""
        for layer in self.layers:
            method = getattr(layer, "train", None)
            if callable(method):
                method(mode)
        return super().train(mode)

    def _backward_from(self, start: int, dY: Any) -> Any:
        """Run ``layers[start:]`` backward, the last first; return ``dL/d(their input)``.

        A ``Sequential`` among them is run through all its layers whatever its own
        ``input_grad``: its input is not the data, and the layers before it need ``dL/dX``.
        """
        for i in range(len(self.layers) - 1, start - 1, -1):
            layer = self.layers[i]
            if isinstance(layer, Sequential) and type(layer).backward is Sequential.backward:
                dY = layer._backward_from(0, dY)  # its input is not the data: dX is needed
            else:
                dY = layer.backward(dY)
            if dY is None:
                raise TypeError(
                    f"layers[{i}].backward ({short_repr(layer)}) returned None, not dL/dX, "
                    f"the gradient for its input"
                )
        return dY

    def _first_with_parameters(self) -> int:
        for i, layer in enumerate(self.layers):
            if any(True for _ in layer.parameters()):
                return i
        return len(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        return f"Sequential({', '.join(repr(layer) for layer in self.layers)})"


# --------------------------------------------------------------------------------------------
# Losses
# --------------------------------------------------------------------------------------------


class MSELoss:
    """Mean squared error over all elements: ``L = mean((pred - target)**2)``.

    With ``n = pred.size`` entries, backward is ``dL/dpred = 2 * (pred - target) / n``.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import MSELoss
    >>> loss = MSELoss()
    >>> Y_hat = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> Y = np.array([[1.0, 2.0], [3.0, 2.0]])
    >>> loss.forward(Y_hat, Y)
    1.0
    >>> loss.backward().tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    >>> loss.forward(np.zeros((5, 3)), np.zeros((5, 2)))
    Traceback (most recent call last):
    ...
    ValueError: MSELoss.forward: pred shape (5, 3) and target shape (5, 2) differ
    """

    def __init__(self) -> None:
        self._diff: np.ndarray | None = None

    def forward(self, pred: Any, target: Any) -> float:
        """Return ``mean((pred - target)**2)`` and keep the difference for backward.

        Parameters
        ----------
        pred : array_like
            The predictions, usually ``(N, n_outputs)``.
        target : array_like
            The targets, the same shape as ``pred`` (``(N, 1)`` for one output, not
            ``(N,)``: no broadcasting).

        Raises
        ------
        ValueError
            If the shapes differ, ``pred`` is empty, or either holds nan or inf.
        """
        pred = _as_batch("MSELoss", "pred", pred)
        target = _as_batch("MSELoss", "target", target, pred.dtype)
        if pred.shape != target.shape:
            raise ValueError(
                f"MSELoss.forward: pred shape {pred.shape} and target shape {target.shape} differ"
            )
        if pred.size == 0:
            raise ValueError(f"MSELoss.forward: pred must not be empty, got shape {pred.shape}")
        self._diff = pred - target
        return float(np.mean(self._diff * self._diff))

    def backward(self) -> np.ndarray:
        """Return ``dL/dpred = 2 * (pred - target) / pred.size`` for the last forward pass.

        Raises
        ------
        RuntimeError
            If no forward pass came first.
        """
        diff = _saved(self, self._diff)
        return diff * (2 / diff.size)

    def __repr__(self) -> str:
        return "MSELoss()"


class SoftmaxCrossEntropy:
    """Softmax followed by cross-entropy with integer class labels, as one stable step.

    For scores ``pred`` of shape ``(N, C)`` and labels ``target`` of shape ``(N,)`` with
    values in ``0 .. C-1``:

    ```text
    log_softmax(z)_k = z_k - log(sum_j exp(z_j))        (log-sum-exp)
    L = -mean_i log_softmax(pred_i)[target_i]
    dL/dpred = (softmax(pred) - onehot(target)) / N
    ```

    The log-sum-exp subtracts each row's largest score before ``exp``, so no ``exp``
    overflows, and takes ``log1p`` of the other terms, so a confident prediction's small loss
    keeps its digits. Fusing softmax with the loss gives the short backward formula above. Only
    a row whose scores span more than the largest float (about 1.8e308) overflows, in that
    subtraction, with numpy's overflow warning: a label whose score is the far-low one then
    gets the loss ``inf``.

    Examples
    --------
    >>> import numpy as np
    >>> from backprop.nn import SoftmaxCrossEntropy
    >>> loss = SoftmaxCrossEntropy()
    >>> Z = np.array([[0.0, 0.0], [1000.0, 0.0]])
    >>> round(loss.forward(Z, np.array([0, 0])), 6)
    0.346574
    >>> loss.backward().round(4).tolist()
    [[-0.25, 0.25], [-0.0, 0.0]]
    >>> loss.forward(np.zeros((2, 3)), np.array([0, 3]))
    Traceback (most recent call last):
    ...
    ValueError: SoftmaxCrossEntropy.forward: target labels must be in [0, 3), got 3
    at index 1
    """

    def __init__(self) -> None:
        self._probs: np.ndarray | None = None
        self._labels = self._top = self._rest = np.empty(0)

    def forward(self, pred: Any, target: Any) -> float:
        """Return the mean cross-entropy of ``softmax(pred)`` against the labels.

        Parameters
        ----------
        pred : array_like
            Scores (logits), shape ``(N, C)``: no softmax applied yet.
        target : array_like
            Integer class labels in ``0 .. C-1``, shape ``(N,)`` (not one-hot).

        Raises
        ------
        ValueError
            If the shapes do not fit, a label is outside ``0 .. C-1`` or not a whole
            number, or ``pred`` holds nan or inf.
        TypeError
            If the labels are not numbers.
        """
        where = "SoftmaxCrossEntropy.forward"
        pred = _as_batch("SoftmaxCrossEntropy", "pred", pred)
        if pred.ndim != 2 or pred.shape[0] == 0 or pred.shape[1] == 0:
            raise ValueError(
                f"{where}: pred must have shape (N, n_classes) with N, n_classes > 0, "
                f"got {pred.shape}"
            )
        N, C = pred.shape
        labels = _as_labels(where, target, N, C, pred.shape)
        rows = np.arange(N)
        top = np.argmax(pred, axis=1)
        z = pred - pred[rows, top][:, None]  # each row's largest score is now 0
        e = np.exp(z)
        # sum_j exp(z_j) = 1 + rest, where rest leaves out the largest score's exp(0) = 1:
        # log1p(rest) keeps the digits that log(1 + rest) would round away when rest is tiny.
        e[rows, top] = 0
        rest = e.sum(axis=1)
        e[rows, top] = 1
        e /= (1 + rest)[:, None]  # now softmax(pred)
        self._probs, self._labels, self._top, self._rest = e, labels, top, rest
        return float(np.mean(np.log1p(rest) - z[rows, labels]))

    def backward(self) -> np.ndarray:
        """Return ``dL/dpred = (softmax(pred) - onehot(target)) / N`` for the last forward pass.

        Raises
        ------
        RuntimeError
            If no forward pass came first.
        """
        probs = _saved(self, self._probs)
        labels = self._labels
        N = probs.shape[0]
        rows = np.arange(N)
        grad = probs.copy()
        grad[rows, labels] -= 1
        # Where the label has the largest score, p - 1 = 1/(1 + rest) - 1 cancels to 0 when
        # rest is tiny; -rest / (1 + rest) is the same number without the cancellation.
        hit = labels == self._top
        grad[rows[hit], labels[hit]] = -self._rest[hit] / (1 + self._rest[hit])
        grad *= 1 / N
        return grad

    def __repr__(self) -> str:
        return "SoftmaxCrossEntropy()"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _prefixed(p: Any, i: int, k: int) -> Parameter:
    """Parameter ``p`` of layer ``i`` (its ``k``-th) under the name ``"i.name"``.

    A layer of your own may yield any object with ``value`` and ``grad`` (an optimiser needs
    no more): it is wrapped in a [`Parameter`][] that reads them.
    """
    if isinstance(p, Parameter):
        return p.renamed(f"{i}.{p.name}")
    if not (hasattr(p, "value") and hasattr(p, "grad")):
        raise TypeError(
            f"layers[{i}].parameters() must yield objects with value and grad arrays, such "
            f"as backprop.nn.Parameter; got {short_repr(p)}"
        )
    return Parameter(p, f"{i}.{getattr(p, 'name', k)}", "value", "grad")


def _check_float_dtype(dtype: Any) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a numpy float dtype, got {dtype!r}") from None
    if dt not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dt}")
    return dt


def _as_batch(owner: Any, name: str, X: Any, dtype: np.dtype | None = None) -> np.ndarray:
    """``X`` as a float array (in ``dtype`` if given), raising ``ValueError`` on nan or inf.

    ``owner`` is the layer (or a loss's name) for the error message, which is built only when
    raising: formatting ``repr(owner)`` on every call would cost even when nothing is wrong.
    """
    if dtype is not None and not isinstance(X, np.ndarray):
        X = check_numeric(_where(owner, "forward", name), X)  # refuses text before casting it
    X = np.asarray(X) if dtype is None else np.asarray(X, dtype=dtype)
    if X.dtype.kind != "f":
        X = check_finite(_where(owner, "forward", name), X)  # converts integers, rejects text
    if not np.isfinite(X).all():
        check_finite(_where(owner, "forward", name), X)  # raises, naming the first bad entry
    return X


def _as_upstream(layer: Any, dY: Any, shape: tuple, dtype: np.dtype | None) -> np.ndarray:
    dY = np.asarray(dY) if dtype is None else np.asarray(dY, dtype=dtype)
    if dY.shape != shape:
        raise ValueError(
            f"{layer!r}.backward: dY must have the shape of the last output {tuple(shape)}, "
            f"got {dY.shape}"
        )
    return dY


def _saved(obj: Any, value: Any) -> Any:
    if value is None:
        raise RuntimeError(f"{obj!r}.backward called before forward")
    return value


def _where(owner: Any, method: str, name: str) -> str:
    """``"Linear(3, 2).forward: X"``: where an error happened, for its message."""
    return f"{owner if isinstance(owner, str) else repr(owner)}.{method}: {name}"


def _replaced_dtype(layer: Linear) -> TypeError:
    b = "" if layer.b is None else f" and b {layer.b.dtype}"
    return TypeError(
        f"{layer!r}.forward: the layer computes in {layer.dtype}, but W is {layer.W.dtype}{b}; "
        f"change the values in place (layer.W[...] = new_values) or build the layer with "
        f"dtype={layer.W.dtype}"
    )


def _as_labels(where: str, target: Any, N: int, C: int, pred_shape: tuple) -> np.ndarray:
    labels = np.asarray(target)
    if labels.shape != (N,):
        raise ValueError(
            f"{where}: target must hold one class label per row of pred, shape ({N},), got "
            f"pred shape {pred_shape} and target shape {labels.shape}"
        )
    if labels.dtype.kind == "f":
        labels = check_finite(f"{where}: target", labels)
        fractional = labels != np.round(labels)
        if fractional.any():
            i = int(np.argmax(fractional))
            raise ValueError(
                f"{where}: target labels must be integers, got {float(labels[i])!r} at index {i}"
            )
    elif labels.dtype.kind not in "iu":
        raise TypeError(f"{where}: target labels must be integers, got dtype {labels.dtype}")
    outside = (labels < 0) | (labels >= C)
    if outside.any():
        i = int(np.argmax(outside))
        value = labels[i].item()
        raise ValueError(f"{where}: target labels must be in [0, {C}), got {value!r} at index {i}")
    return labels.astype(np.intp, copy=False)

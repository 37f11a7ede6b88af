"""Optimisers: turn the gradients of the last backward pass into a step, in place.

Each optimiser takes ``params``, what ``model.parameters()`` gives: objects with a ``value``
array and a ``grad`` array of the same shape ([`backprop.nn.Parameter`][]). ``step()``
changes every ``value`` in place, so the model sees the new weights at once; ``zero_grad()``
sets every ``grad`` to zero. The layers of [`backprop.nn`][] need no ``zero_grad()``: their
``backward`` overwrites the gradients rather than adding to them.

For a parameter ``w`` with gradient ``g``, step ``t = 1, 2, ...``:

| optimiser | update |
| --------- | ------ |
| SGD | ``w -= lr * g`` |
| Momentum | ``v = beta * v + g``; ``w -= lr * v`` (``v`` starts at 0) |
| Adam, 1. moments | ``m = beta1 * m + (1 - beta1) * g``; ``s = beta2 * s + (1 - beta2) * g**2`` |
| Adam, 2. bias correction | ``m_hat = m / (1 - beta1**t)``; ``s_hat = s / (1 - beta2**t)`` |
| Adam, 3. step | ``w -= lr * m_hat / (sqrt(s_hat) + eps)`` (``m`` and ``s`` start at 0) |

Momentum is the "heavy ball" form PyTorch uses: ``v`` adds up past gradients, so in a long
valley of constant gradient the step grows to ``lr * g / (1 - beta)``. Adam divides each
coordinate by a running root mean square of its gradient, so a weight whose gradient keeps
its sign and its size moves about ``lr`` per step whatever that size (a gradient that shrinks
from step to step gives smaller steps; where the sign flips, ``m`` averages towards zero and
the steps shrink too); the ``1 - beta**t``
factors undo the bias of starting ``m`` and ``s`` at zero.

Examples
--------
>>> import numpy as np
>>> from backprop.nn import Linear, MSELoss
>>> from backprop.optim import SGD
>>> layer, loss = Linear(1, 1, bias=False, rng=0), MSELoss()
>>> opt = SGD(layer.parameters(), lr=0.1)
>>> X, Y = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
>>> for _ in range(100):
...     _ = loss.forward(layer.forward(X), Y)
...     _ = layer.backward(loss.backward())
...     opt.step()  # no zero_grad(): backward overwrites the gradients
>>> round(float(layer.W[0, 0]), 6)
2.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from backprop._checks import check_number, check_positive

__all__ = ["SGD", "Adam", "Momentum", "Optimizer"]


class Optimizer:
    """What the optimisers share: the list of parameters, ``lr`` and ``zero_grad()``.

    Parameters
    ----------
    params : iterable
        Objects with ``value`` and ``grad`` numpy arrays, e.g. ``model.parameters()``.
        Read once, into the list ``self.params``.
    lr : float
        The learning rate, > 0.
    """

    def __init__(self, params: Iterable[Any], lr: float) -> None:
        self.lr = check_positive("lr", lr)
        self.params = _check_params(params)
        self.t = 0  # steps taken

    def zero_grad(self) -> None:
        """Set every gradient to zero, in place."""
        for p in self.params:
            p.grad[...] = 0

    def step(self) -> None:  # pragma: no cover - every optimiser defines its own
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr:g})"


class SGD(Optimizer):
    """Plain gradient descent: ``w -= lr * g`` for every parameter.

    Examples
    --------
    >>> from backprop.nn import Linear
    >>> from backprop.optim import SGD
    >>> layer = Linear(2, 1, rng=0)
    >>> layer.W[...], layer.dW[...] = 1.0, [[1.0], [-2.0]]
    >>> SGD(layer.parameters(), lr=0.5).step()
    >>> layer.W.ravel().tolist()
    [0.5, 2.0]
    >>> SGD(layer.parameters(), lr=-0.1)
    Traceback (most recent call last):
    ...
    ValueError: lr must be > 0, got -0.1
    """

    def step(self) -> None:
        """Move every parameter against its gradient, in place."""
        self.t += 1
        lr = self.lr
        for p in self.params:
            value, grad = p.value, p.grad
            value -= lr * grad


class Momentum(Optimizer):
    """Gradient descent with momentum: ``v = beta * v + g``; ``w -= lr * v``.

    Parameters
    ----------
    params : iterable
        What ``model.parameters()`` gives.
    lr : float
        The learning rate, > 0.
    beta : float
        How much of the last velocity is kept, in ``[0, 1)``; 0 is plain SGD.

    Attributes
    ----------
    velocities : list of numpy.ndarray
        ``v`` for each parameter, in the order of ``params``.

    Examples
    --------
    With a constant gradient of 1 the steps grow: 1, 1.9, 2.71 (times ``lr``):

    >>> from backprop.nn import Linear
    >>> from backprop.optim import Momentum
    >>> layer = Linear(1, 1, bias=False, init="zeros")
    >>> layer.dW[...] = 1.0
    >>> opt = Momentum(layer.parameters(), lr=1.0, beta=0.9)
    >>> for _ in range(3):
    ...     opt.step()
    ...     print(round(float(layer.W[0, 0]), 2))
    -1.0
    -2.9
    -5.61
    """

    def __init__(self, params: Iterable[Any], lr: float, beta: float = 0.9) -> None:
        super().__init__(params, lr)
        self.beta = _check_beta("beta", beta)
        self.velocities = [np.zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        """Update each velocity, then move each parameter by ``-lr`` times it, in place."""
        self.t += 1
        lr, beta = self.lr, self.beta
        for p, v in zip(self.params, self.velocities, strict=True):
            v *= beta
            v += p.grad
            value = p.value
            value -= lr * v

    def __repr__(self) -> str:
        return f"Momentum({len(self.params)} parameters, lr={self.lr:g}, beta={self.beta:g})"


class Adam(Optimizer):
    """Adam: momentum on the gradient, scaled per coordinate by its running RMS.

    Parameters
    ----------
    params : iterable
        What ``model.parameters()`` gives.
    lr : float
        The learning rate, > 0: about the distance a weight moves in one step while its
        gradient keeps its sign and its size.
    beta1 : float
        The decay of the running mean of ``g``, in ``[0, 1)``.
    beta2 : float
        The decay of the running mean of ``g**2``, in ``[0, 1)``.
    eps : float
        Added to the root mean square so that it is never divided by zero, > 0.

    Attributes
    ----------
    m, s : list of numpy.ndarray
        The running (biased) first and second moments for each parameter.
    t : int
        The number of steps taken (for the bias correction).

    Examples
    --------
    Whatever the size of the gradient, the first step moves each weight by about ``lr``:

    >>> from backprop.nn import Linear
    >>> from backprop.optim import Adam
    >>> layer = Linear(2, 1, bias=False, init="zeros")
    >>> layer.dW[...] = [[1e-3], [1e3]]
    >>> Adam(layer.parameters(), lr=0.01).step()
    >>> layer.W.ravel().round(6).tolist()
    [-0.01, -0.01]
    >>> Adam(layer.parameters(), beta2=1.0)
    Traceback (most recent call last):
    ...
    ValueError: beta2 must be in [0, 1), got 1.0
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(params, lr)
        self.beta1 = _check_beta("beta1", beta1)
        self.beta2 = _check_beta("beta2", beta2)
        self.eps = check_positive("eps", eps)
        self.m = [np.zeros_like(p.value) for p in self.params]
        self.s = [np.zeros_like(p.value) for p in self.params]

    def step(self) -> None:
        """One Adam update of every parameter, in place."""
        self.t += 1
        b1, b2, t = self.beta1, self.beta2, self.t
        correction1 = 1 - b1**t
        correction2 = 1 - b2**t
        for p, m, s in zip(self.params, self.m, self.s, strict=True):
            g = p.grad
            m *= b1
            m += (1 - b1) * g
            s *= b2
            s += (1 - b2) * (g * g)
            m_hat = m / correction1
            s_hat = s / correction2
            value = p.value
            value -= self.lr * m_hat / (np.sqrt(s_hat) + self.eps)

    def __repr__(self) -> str:
        return (
            f"Adam({len(self.params)} parameters, lr={self.lr:g}, beta1={self.beta1:g}, "
            f"beta2={self.beta2:g}, eps={self.eps:g})"
        )


def _check_beta(name: str, beta: Any) -> float:
    value = check_number(name, beta)
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {beta!r}")
    return value


def _check_params(params: Iterable[Any]) -> list[Any]:
    if isinstance(params, np.ndarray) or not isinstance(params, Iterable):
        raise TypeError(
            "params must be an iterable of parameters (what model.parameters() gives), "
            f"got {type(params).__name__}"
        )
    params = list(params)
    if not params:
        raise ValueError("params must hold at least one parameter, got none")
    for i, p in enumerate(params):
        value, grad = getattr(p, "value", None), getattr(p, "grad", None)
        if not isinstance(value, np.ndarray) or not isinstance(grad, np.ndarray):
            raise TypeError(
                f"params[{i}] must have numpy arrays .value and .grad (a Parameter), "
                f"got {p!r} of type {type(p).__name__}"
            )
        if value.shape != grad.shape:
            raise ValueError(
                f"params[{i}]: value and grad must have the same shape, got value shape "
                f"{value.shape} and grad shape {grad.shape}"
            )
    return params

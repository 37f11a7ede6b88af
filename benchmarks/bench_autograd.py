"""Time ``backprop.Value`` against PyPI ``micrograd`` 0.1.0 on micrograd's own demo.

The workload is micrograd's ``demo.ipynb``: an MLP of shape 2-16-16-1 made of scalar nodes
(ReLU on the hidden layers, linear output) scores 100 two-moons points; the loss is the SVM
max-margin loss plus an L2 penalty, and one timed call is forward plus backward. Both engines
get the same weights (ours are copied from micrograd's), so they must also get the same loss.

Both run side by side in one process, alternating, with ``gc.collect()`` before each timed
call so that neither pays for the other's garbage (micrograd's graph is full of reference
cycles; ours has none). The speedup is the median over the runs of micrograd's time divided by
ours in the same round, so a slow moment of the machine hits both sides of a ratio alike.

Run it with ``python benchmarks/bench_autograd.py``; it prints a markdown table, the date and
the machine.
"""

from __future__ import annotations

import gc
import itertools
import random
import statistics
import time
from collections.abc import Callable

import numpy as np
from machine import describe, load_average  # benchmarks/machine.py

from backprop import Value

N_POINTS = 100
SHAPE = (2, 16, 16, 1)
ALPHA = 1e-4  # L2 penalty, as in micrograd's demo
REPEATS = 11


def make_moons(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles, scikit-learn's formula; labels are -1 and +1."""
    rng = np.random.default_rng(seed)
    n_out = n // 2
    n_in = n - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack(
        [
            np.column_stack([np.cos(t_out), np.sin(t_out)]),
            np.column_stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]),
        ]
    )
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    X += rng.normal(scale=noise, size=X.shape)
    order = rng.permutation(n)
    return X[order], 2 * y[order] - 1


class Neuron:
    """``relu(b + sum(w_i x_i))``, or no ReLU for the output layer; summed as micrograd does."""

    def __init__(self, w: list[float], b: float, nonlin: bool) -> None:
        self.w = [Value(wi) for wi in w]
        self.b = Value(b)
        self.nonlin = nonlin

    def __call__(self, x: list[Value]) -> Value:
        act = sum((wi * xi for wi, xi in zip(self.w, x, strict=True)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]


class MLP:
    """Layers of :class:`Neuron`, weights taken in micrograd's ``parameters()`` order."""

    def __init__(self, sizes: tuple[int, ...], params: list[float]) -> None:
        it = iter(params)
        self.layers = []
        for i, (nin, nout) in enumerate(itertools.pairwise(sizes)):
            nonlin = i != len(sizes) - 2
            layer = []
            for _ in range(nout):
                w = [next(it) for _ in range(nin)]
                layer.append(Neuron(w, next(it), nonlin))
            self.layers.append(layer)

    def __call__(self, x: list[Value]) -> Value:
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x[0]

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for n in layer for p in n.parameters()]


def svm_loss(model, value_cls, X: list[list[float]], y: list[float]):
    """micrograd's demo loss: mean of relu(1 - y * score) plus ``ALPHA * sum(p * p)``."""
    inputs = [[value_cls(xi) for xi in row] for row in X]
    scores = [model(row) for row in inputs]
    losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores, strict=True)]
    data_loss = sum(losses) * (1.0 / len(losses))
    reg_loss = ALPHA * sum(p * p for p in model.parameters())
    return data_loss + reg_loss


def step(model, value_cls, X, y) -> float:
    """One forward and backward pass; returns the loss."""
    for p in model.parameters():
        p.grad = 0.0
    loss = svm_loss(model, value_cls, X, y)
    loss.backward()
    return loss.data


def time_ms(fn: Callable[[], object]) -> float:
    gc.collect()  # so that nobody pays for the other engine's garbage
    t0 = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - t0)


def main() -> None:
    X_np, y_np = make_moons(N_POINTS, noise=0.1, seed=1)
    X, y = X_np.tolist(), y_np.tolist()

    try:
        from micrograd.engine import Value as MicroValue
        from micrograd.nn import MLP as MicroMLP
    except ImportError:
        MicroValue = MicroMLP = None

    if MicroMLP is not None:
        random.seed(1337)
        theirs = MicroMLP(SHAPE[0], list(SHAPE[1:]))
        weights = [float(p.data) for p in theirs.parameters()]
    else:
        rng = random.Random(1337)
        weights = [
            rng.uniform(-1, 1)
            for _ in range(sum((a + 1) * b for a, b in itertools.pairwise(SHAPE)))
        ]
    ours = MLP(SHAPE, weights)

    engines = {"backprop.Value": lambda: step(ours, Value, X, y)}
    if MicroMLP is not None:
        engines["micrograd 0.1.0"] = lambda: step(theirs, MicroValue, X, y)

    for fn in engines.values():  # warm up
        fn()
    times: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(REPEATS):  # interleaved, so that drift in the machine hits both alike
        for name, fn in engines.items():
            times[name].append(time_ms(fn))
    median = {name: statistics.median(t) for name, t in times.items()}
    ratios = []
    if "micrograd 0.1.0" in times:
        pairs = zip(times["micrograd 0.1.0"], times["backprop.Value"], strict=True)
        ratios = [theirs_ms / ours_ms for theirs_ms, ours_ms in pairs]

    n_nodes = len(svm_loss(ours, Value, X, y).topological_order())
    print(f"## Autograd: forward + backward, MLP {'-'.join(map(str, SHAPE))}, {N_POINTS} points")
    print()
    print(
        f"{n_nodes} nodes per graph; {REPEATS} alternating rounds, gc.collect() before each call."
    )
    print()
    print("| engine | median ms per forward+backward |")
    print("|---|---:|")
    for name, ms in median.items():
        print(f"| {name} | {ms:.1f} |")
    if MicroMLP is None:
        print("| micrograd 0.1.0 | skipped (not importable) |")
    print()
    if ratios:
        print(
            f"Speedup over micrograd 0.1.0: {statistics.median(ratios):.2f}x (median of the "
            f"{len(ratios)} rounds' ratios; lowest {min(ratios):.2f}x, highest {max(ratios):.2f}x)."
        )
        print()

    if MicroMLP is not None:
        loss_ours = step(ours, Value, X, y)
        loss_theirs = step(theirs, MicroValue, X, y)
        grad_diff = max(
            abs(a.grad - b.grad)
            for a, b in zip(ours.parameters(), theirs.parameters(), strict=True)
        )
        agree = "agree" if loss_ours == loss_theirs else "DISAGREE"
        print(f"Same weights, same loss: ours {loss_ours!r}, micrograd {loss_theirs!r} ({agree});")
        print(f"largest difference between the {len(weights)} parameter gradients: {grad_diff:.3g}")
    else:
        print("micrograd: skipped (pip install micrograd==0.1.0 to compare)")
    print()
    print("\n".join(describe()))
    print(f"- load average at the end (1, 5, 15 min): {load_average()}")


if __name__ == "__main__":
    main()

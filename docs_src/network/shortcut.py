# Train the same network from the same start with three backward rules, and measure each one.
from itertools import pairwise

import numpy as np

from backprop.data import teacher_student
from backprop.nn import init_weights, sigmoid

X, Y, _ = teacher_student(200, teacher_sizes=(3, 6, 2), seed=0)  # X (200, 3), Y (200, 2)
sizes = (3, 5, 4, 2)


def start(seed=1):
    rng = np.random.default_rng(seed)
    return [init_weights(n_in, n_out, "xavier", rng) for n_in, n_out in pairwise(sizes)]


def loss_and_step(Ws, rule):
    """The loss, and the update direction of each W under a backward rule."""
    A = [X]
    for W in Ws:
        A.append(sigmoid(A[-1] @ W))
    L = np.mean((A[-1] - Y) ** 2)
    e = (A[-1] - Y) * (2 / Y.size)  # dL/dA of the last layer
    dWs = [None] * len(Ws)
    for k in range(len(Ws), 0, -1):  # layers 3, 2, 1
        s_prime = A[k] * (1 - A[k])
        if rule == "true gradient":
            delta = e * s_prime
            dWs[k - 1] = A[k - 1].T @ delta
            e = delta @ Ws[k - 1].T
        elif rule == "drop sigma'":  # every s'(Z) replaced by 1
            dWs[k - 1] = A[k - 1].T @ e
            e = e @ Ws[k - 1].T
        elif rule == "book's code":  # own s'(Z) in the update, none in the error sent back
            dWs[k - 1] = A[k - 1].T @ (e * s_prime)
            e = e @ Ws[k - 1].T
    return L, dWs


def cosine(a, b):
    a = np.concatenate([x.ravel() for x in a])
    b = np.concatenate([x.ravel() for x in b])
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


runs = [("true gradient", 1.0), ("true gradient", 4.0), ("drop sigma'", 1.0), ("book's code", 1.0)]
print(f"{'':<22}| {'loss':^32} | cosine with the true gradient")
print(
    f"{'rule':<13} {'lr':>4}    | {'start':>6} {'at 300':>8} {'lowest':>7} {'at 3000':>8} | "
    f"{'start (angle)':<13} {'lowest':>7} {'at 3000':>8}"
)
for rule, lr in runs:
    Ws = start()
    losses, cosines = [], []
    for _ in range(3000):
        L, step = loss_and_step(Ws, rule)
        cosines.append(cosine(step, loss_and_step(Ws, "true gradient")[1]))
        losses.append(L)
        Ws = [W - lr * dW for W, dW in zip(Ws, step, strict=True)]
    angle = np.degrees(np.arccos(min(cosines[0], 1.0)))
    print(
        f"{rule:<13} {lr:>4g}    | {losses[0]:.4f} {losses[299]:8.5f} {min(losses):7.5f} "
        f"{losses[-1]:8.5f} | {cosines[0]:5.3f} ({angle:4.1f}°) "
        f"{min(cosines):7.3f} {cosines[-1]:8.3f}"
    )

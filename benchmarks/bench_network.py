"""One training step of a 784-256-10 ReLU network, ours (numpy) against PyTorch on the CPU.

A step is the forward pass, softmax cross-entropy, the backward pass and an SGD update, on a
batch of 256 float32 rows. Both run in the same process with the same number of threads
(numpy's BLAS thread count, or ``--threads N`` for both), interleaved in rounds, with garbage
collected and a pause before each timed block. Prints a markdown table and the machine it ran
on. Run: ``python benchmarks/bench_network.py [--threads N]``; PyTorch is optional (its rows
say "skipped" without it).

FLOPs per step count 2 * N * n_in * n_out for each matrix product: two in the forward pass and
three in the backward pass (dW of both layers and dX of the second; the first layer's dX is not
needed, and neither implementation computes it: ``backward(..., input_grad=False)`` here,
an input without ``requires_grad`` in PyTorch). Elementwise work is not counted.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

import numpy as np
from machine import describe, load_average  # benchmarks/machine.py

from backprop.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy
from backprop.optim import SGD

N, N_IN, N_HIDDEN, N_OUT = 256, 784, 256, 10
LR = 0.01
ROUNDS, STEPS_PER_ROUND, WARMUP = 12, 20, 20
MIN_ROUNDS, BUDGET = 4, 25.0  # stop adding rounds after BUDGET seconds (a loaded machine)
SETTLE = 0.3  # seconds of sleep before each timed block: the other engine's threads park
FLOP_PER_STEP = 2 * N * (2 * N_IN * N_HIDDEN + 3 * N_HIDDEN * N_OUT)


def blas_info() -> tuple[int, str]:
    """numpy's BLAS thread count and a one-line description of the library."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.cpu_count() or 1, "unknown (threadpoolctl not installed)"
    for pool in threadpool_info():
        if pool.get("user_api") == "blas" and "numpy" in pool.get("filepath", ""):
            desc = (
                f"{pool.get('internal_api')} {pool.get('version')}, "
                f"kernel {pool.get('architecture')}, {pool['num_threads']} threads"
            )
            return int(pool["num_threads"]), desc
    return os.cpu_count() or 1, "unknown (no BLAS pool found)"


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, N_IN)).astype(np.float32)
    y = rng.integers(0, N_OUT, N)
    return X, y


def ours_step_fn():
    X, y = data()
    model = Sequential(
        Linear(N_IN, N_HIDDEN, rng=1, dtype=np.float32),
        ReLU(),
        Linear(N_HIDDEN, N_OUT, rng=2, dtype=np.float32),
    )
    loss = SoftmaxCrossEntropy()
    opt = SGD(model.parameters(), lr=LR)

    def step() -> float:
        value = loss.forward(model.forward(X), y)
        model.backward(loss.backward(), input_grad=False)  # overwrites the gradients
        opt.step()
        return value

    return step, model


def torch_step_fn(threads: int):
    try:
        import torch
    except ImportError:
        return None, None
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    Xn, yn = data()
    X, y = torch.from_numpy(Xn), torch.from_numpy(yn)
    model = torch.nn.Sequential(
        torch.nn.Linear(N_IN, N_HIDDEN), torch.nn.ReLU(), torch.nn.Linear(N_HIDDEN, N_OUT)
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step() -> float:
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
        return float(loss.detach())

    return step, torch


def time_block(step, n: int) -> float:
    """Seconds per step over ``n`` steps, after garbage collection and a pause.

    The pause matters: after a call, OpenBLAS's and OpenMP's worker threads spin for a while
    before they sleep. Timing one engine while the other's threads still spin on the same
    cores measures the contention, not the engine (it made both 20x slower here).
    """
    gc.collect()
    time.sleep(SETTLE)
    step()  # one untimed step wakes this engine's threads
    start = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - start) / n


def matmul_gflops(fn, a, b, repeats: int = 30) -> float:
    for _ in range(5):
        fn(a, b)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(a, b)
        times.append(time.perf_counter() - start)
    return 2 * a.shape[0] * a.shape[1] * b.shape[1] / statistics.median(times) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--threads", type=int, help="BLAS/torch threads (default: numpy's current BLAS count)"
    )
    args = parser.parse_args()
    if args.threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(args.threads, user_api="blas")
    threads, blas = blas_info()
    ours, _ = ours_step_fn()
    theirs, torch = torch_step_fn(threads)

    for _ in range(WARMUP):
        ours()
        if theirs is not None:
            theirs()
    t_ours, t_torch = [], []
    start = time.perf_counter()
    for i in range(ROUNDS):
        if i >= MIN_ROUNDS and time.perf_counter() - start > BUDGET:
            break
        t_ours.append(time_block(ours, STEPS_PER_ROUND))
        if theirs is not None:
            t_torch.append(time_block(theirs, STEPS_PER_ROUND))
    ms_ours = 1e3 * statistics.median(t_ours)
    ms_torch = 1e3 * statistics.median(t_torch) if t_torch else None

    rng = np.random.default_rng(0)
    A = rng.standard_normal((N, N_IN)).astype(np.float32)
    B = rng.standard_normal((N_IN, N_HIDDEN)).astype(np.float32)
    np_gflops = matmul_gflops(np.matmul, A, B)
    torch_gflops = None
    if torch is not None:
        torch_gflops = matmul_gflops(torch.mm, torch.from_numpy(A), torch.from_numpy(B))

    def gflops(ms: float) -> str:
        return f"{FLOP_PER_STEP / (ms * 1e-3) / 1e9:.1f}"

    print(f"# One training step: {N_IN}-{N_HIDDEN}-{N_OUT} ReLU MLP, softmax cross-entropy,")
    print(f"# SGD, batch {N}, float32 ({FLOP_PER_STEP / 1e6:.1f} MFLOP per step in 5 matmuls)")
    print()
    print("| impl | median ms/step | ratio vs torch | GFLOP/s | best round ms/step |")
    print("| --- | ---: | ---: | ---: | ---: |")
    ratio = f"{ms_ours / ms_torch:.2f}" if ms_torch else "n/a"
    best_ours = 1e3 * min(t_ours)
    print(f"| backprop (numpy) | {ms_ours:.3f} | {ratio} | {gflops(ms_ours)} | {best_ours:.3f} |")
    if ms_torch is None:
        print("| torch (CPU) | skipped | skipped | skipped | skipped |")
    else:
        best = 1e3 * min(t_torch)
        print(
            f"| torch {torch.__version__} (CPU) | {ms_torch:.3f} | 1.00 | {gflops(ms_torch)} "
            f"| {best:.3f} |"
        )
    shape = f"{N}x{N_IN} @ {N_IN}x{N_HIDDEN}"
    print(f"| numpy matmul alone, {shape} float32 | | | {np_gflops:.1f} | |")
    if torch_gflops is not None:
        print(f"| torch.mm alone, {shape} float32 | | | {torch_gflops:.1f} | |")
    print()
    print("\n".join(describe()))
    print(f"- numpy BLAS: {blas}")
    print(f"- OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"- load average at the end (1, 5, 15 min): {load_average()} (other work slows both)")
    if torch is not None:
        print(f"- torch threads: {torch.get_num_threads()}")
    print(
        f"- timing: {len(t_ours)} interleaved rounds of {STEPS_PER_ROUND} steps each, after "
        f"{WARMUP} warm-up steps; median of the rounds"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()

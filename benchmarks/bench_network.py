"""One training step of a 784-256-10 ReLU network against its limit: its five matrix products.

A step is written as the book writes it: ``loss.forward(model.forward(X), y)``,
``model.backward(loss.backward())`` and an SGD update, on a batch of 256 float32 rows with
softmax cross-entropy. Its physical limit on this machine is the time of the step's five
matrix products alone, in numpy: ``X @ W1`` and ``H @ W2`` forward, ``H.T @ dY``,
``dY @ W2.T`` and ``X.T @ dH`` backward (the first layer's ``dX`` is not needed, and neither
we nor PyTorch compute it). PyTorch's step on the CPU is timed beside it.

Each measurement runs in its own process: numpy's OpenBLAS and PyTorch's OpenMP threads keep
spinning after each call and slow whichever library runs next in the same process. A run
times the three workers (our step, the limit, PyTorch's step) one after another, each in a
fresh interpreter, in an order that alternates from run to run; the table gives the median
over runs of each run's ratios.

Run: ``python benchmarks/bench_network.py [--runs 7] [--threads 1]``; PyTorch is optional
(its row says "skipped" without it).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

N, N_IN, N_HIDDEN, N_OUT = 256, 784, 256, 10
LR = 0.01
WARMUP, BLOCKS, STEPS_PER_BLOCK = 20, 7, 20
WORKERS = ("ours", "limit", "torch")


def data():
    import numpy as np

    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, N_IN)).astype(np.float32)
    y = rng.integers(0, N_OUT, N)
    return X, y


def ours() -> Callable[[], object]:
    """Our step, exactly as the book writes it."""
    import numpy as np

    from backprop.nn import Linear, ReLU, Sequential, SoftmaxCrossEntropy
    from backprop.optim import SGD

    X, y = data()
    model = Sequential(
        Linear(N_IN, N_HIDDEN, rng=1, dtype=np.float32),
        ReLU(),
        Linear(N_HIDDEN, N_OUT, rng=2, dtype=np.float32),
    )
    loss = SoftmaxCrossEntropy()
    opt = SGD(model.parameters(), lr=LR)

    def step() -> None:
        loss.forward(model.forward(X), y)
        model.backward(loss.backward())  # overwrites the gradients: no zero_grad needed
        opt.step()

    return step


def limit() -> Callable[[], object]:
    """The step's five matrix products alone, on arrays of the step's shapes and dtype."""
    import numpy as np

    X, _ = data()
    rng = np.random.default_rng(1)
    W1 = rng.standard_normal((N_IN, N_HIDDEN)).astype(np.float32)
    W2 = rng.standard_normal((N_HIDDEN, N_OUT)).astype(np.float32)
    H = np.maximum(X @ W1, 0)
    dY = rng.standard_normal((N, N_OUT)).astype(np.float32)
    dH = rng.standard_normal((N, N_HIDDEN)).astype(np.float32)

    def products() -> None:
        X @ W1  # forward, layer 1
        H @ W2  # forward, layer 2
        H.T @ dY  # dW2
        dY @ W2.T  # dH, before the ReLU
        X.T @ dH  # dW1

    return products


def torch_step(threads: int) -> Callable[[], object] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    Xn, yn = data()
    X, y = torch.from_numpy(Xn), torch.from_numpy(yn)
    model = torch.nn.Sequential(
        torch.nn.Linear(N_IN, N_HIDDEN), torch.nn.ReLU(), torch.nn.Linear(N_HIDDEN, N_OUT)
    )
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=LR)

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        loss_fn(model(X), y).backward()
        opt.step()

    return step


def seconds_per_call(fn: Callable[[], object], clock: Callable[[], float]) -> float:
    """The median over blocks of the time per call, after a warm-up."""
    for _ in range(WARMUP):
        fn()
    times = []
    for _ in range(BLOCKS):
        gc.collect()
        start = clock()
        for _ in range(STEPS_PER_BLOCK):
            fn()
        times.append((clock() - start) / STEPS_PER_BLOCK)
    return statistics.median(times)


def worker(name: str, threads: int) -> None:
    """Time one measurement in this process and print it as JSON (the driver reads it)."""
    fn = {"ours": ours, "limit": limit, "torch": lambda: torch_step(threads)}[name]()
    # With one thread, the process's CPU time is the work done, even on a loaded machine
    # (where wall time measures the scheduler); with more, spinning threads would inflate it.
    clock = time.process_time if threads == 1 else time.perf_counter
    result = {"ms": None if fn is None else 1e3 * seconds_per_call(fn, clock)}
    if name == "torch" and fn is not None:
        import torch

        result["version"] = torch.__version__
    if name == "ours":
        from threadpoolctl import threadpool_info

        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if blas:
            b = blas[0]
            result["blas"] = (
                f"{b.get('internal_api')} {b.get('version')}, kernel {b.get('architecture')}, "
                f"{b.get('num_threads')} threads"
            )
    print(json.dumps(result))


def run_worker(name: str, threads: int) -> dict:
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    out = subprocess.run(
        [sys.executable, __file__, "--worker", name, "--threads", str(threads)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure(runs: int, threads: int) -> tuple[dict[str, list[float]], dict]:
    """``runs`` rounds of the three workers, each in its own process, in alternating order."""
    times: dict[str, list[float]] = {name: [] for name in WORKERS}
    info: dict = {}
    for i in range(runs):
        order = WORKERS if i % 2 == 0 else WORKERS[::-1]
        for name in order:
            result = run_worker(name, threads)
            if result["ms"] is not None:
                times[name].append(result["ms"])
            info.update({k: v for k, v in result.items() if k != "ms"})
    return times, info


def print_table(times: dict[str, list[float]], info: dict, runs: int, threads: int) -> None:
    def ratios(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    def ms(name: str) -> str:
        return f"{statistics.median(times[name]):.2f}"

    has_torch = len(times["torch"]) == runs
    print(f"# One training step: {N_IN}-{N_HIDDEN}-{N_OUT} ReLU MLP, softmax cross-entropy,")
    clock = "CPU time of each process" if threads == 1 else "wall time"
    print(f"# SGD, batch {N}, float32, {threads} thread(s), {clock}, median of {runs} runs")
    print()
    print("| measurement | median ms | ratio to the limit | ratio to torch |")
    print("| --- | ---: | ---: | ---: |")
    vs_torch = f"{ratios('limit', 'torch'):.2f}" if has_torch else "n/a"
    print(f"| limit: the five matmuls alone (numpy) | {ms('limit')} | 1.00 | {vs_torch} |")
    vs_torch = f"{ratios('ours', 'torch'):.2f}" if has_torch else "n/a"
    print(f"| backprop step (numpy) | {ms('ours')} | {ratios('ours', 'limit'):.2f} | {vs_torch} |")
    if has_torch:
        version = info.get("version", "")
        print(
            f"| torch {version} step (CPU) | {ms('torch')} | {ratios('torch', 'limit'):.2f} "
            "| 1.00 |"
        )
    else:
        print("| torch step (CPU) | skipped | skipped | skipped |")
    print()
    from machine import describe, load_average  # benchmarks/machine.py (beside this script)

    print("\n".join(describe()))
    print(f"- numpy BLAS: {info.get('blas', 'unknown')}")
    print(f"- OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"- load average at the end (1, 5, 15 min): {load_average()} (other work slows all)")
    print(
        f"- each measurement in its own process: {WARMUP} warm-up calls, then the median of "
        f"{BLOCKS} blocks of {STEPS_PER_BLOCK}; ratios are per run, then the median over runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="rounds of the three processes")
    parser.add_argument("--threads", type=int, default=1, help="BLAS and torch threads")
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.threads)
        return
    times, info = measure(args.runs, args.threads)
    print_table(times, info, args.runs, args.threads)


if __name__ == "__main__":
    main()

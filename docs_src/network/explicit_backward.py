# A 3-layer sigmoid network without biases: forward and backward pass by hand.
import numpy as np


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


rng = np.random.default_rng(0)
N, n_in, n_1, n_2, n_out = 6, 3, 5, 4, 2
X = rng.standard_normal((N, n_in))  # a batch: one example per row
Y = rng.uniform(0, 1, (N, n_out))  # targets
W1 = rng.standard_normal((n_in, n_1))
W2 = rng.standard_normal((n_1, n_2))
W3 = rng.standard_normal((n_2, n_out))

# forward pass
Z1 = X @ W1  # (N, n_in) @ (n_in, n_1) -> (N, n_1)
A1 = sigmoid(Z1)  # (N, n_1)
Z2 = A1 @ W2  # (N, n_1) @ (n_1, n_2) -> (N, n_2)
A2 = sigmoid(Z2)  # (N, n_2)
Z3 = A2 @ W3  # (N, n_2) @ (n_2, n_out) -> (N, n_out)
A3 = sigmoid(Z3)  # (N, n_out)
L = np.mean((A3 - Y) ** 2)  # a number

# backward pass
dA3 = (A3 - Y) * (2 / A3.size)  # dL/dA3: (N, n_out)
delta3 = dA3 * A3 * (1 - A3)  # dL/dZ3 = dL/dA3 * s'(Z3): (N, n_out)
dW3 = A2.T @ delta3  # (n_2, N) @ (N, n_out) -> (n_2, n_out)
dA2 = delta3 @ W3.T  # (N, n_out) @ (n_out, n_2) -> (N, n_2)
delta2 = dA2 * A2 * (1 - A2)  # (N, n_2)
dW2 = A1.T @ delta2  # (n_1, N) @ (N, n_2) -> (n_1, n_2)
dA1 = delta2 @ W2.T  # (N, n_2) @ (n_2, n_1) -> (N, n_1)
delta1 = dA1 * A1 * (1 - A1)  # (N, n_1)
dW1 = X.T @ delta1  # (n_in, N) @ (N, n_1) -> (n_in, n_1)

print(f"L = {L:.6f}")
shapes = dict(X=X, Z1=Z1, A1=A1, Z2=Z2, A2=A2, Z3=Z3, A3=A3)
shapes.update(delta3=delta3, delta2=delta2, delta1=delta1)
for name, M in shapes.items():
    print(f"{name:>6} {M.shape}")

for name, W, dW in (("W1", W1, dW1), ("W2", W2, dW2), ("W3", W3, dW3)):
    norm = np.linalg.norm(dW)
    print(f"{name:>6} {W.shape}   d{name} {dW.shape}, |d{name}| = {norm:.6f}")

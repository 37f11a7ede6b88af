"""Batch normalisation of a batch X, shape (N, D): forward, and the backward
pass derived on the "Beyond the basics" page, in the page's symbols. Then two
checks."""

import numpy as np

from backprop.gradcheck import numeric_gradient, relative_error
from backprop.nn import BatchNorm1d


def batchnorm_forward(X, gamma, beta, eps=1e-5):
    mu = X.mean(axis=0)  # (D,)
    var = X.var(axis=0)  # (D,), divides by N
    sigma = np.sqrt(var + eps)  # (D,)
    X_hat = (X - mu) / sigma  # (N, D)
    Y = gamma * X_hat + beta  # (N, D)
    return Y, (X_hat, sigma, gamma)


def batchnorm_backward(dY, cache):
    X_hat, sigma, gamma = cache
    N = dY.shape[0]
    dbeta = dY.sum(axis=0)  # (D,)
    dgamma = (dY * X_hat).sum(axis=0)  # (D,)
    dX = (1 / N) * (gamma / sigma) * (N * dY - dbeta - X_hat * dgamma)  # (N, D)
    return dX, dgamma, dbeta


rng = np.random.default_rng(0)
N, D = 6, 4
X = rng.normal(2.0, 3.0, (N, D))
gamma, beta = rng.normal(size=D), rng.normal(size=D)
dY = rng.normal(size=(N, D))  # the upstream gradient of L = sum(Y * dY)

Y, cache = batchnorm_forward(X, gamma, beta)
dX, dgamma, dbeta = batchnorm_backward(dY, cache)


def L():
    return float(np.sum(batchnorm_forward(X, gamma, beta)[0] * dY))


# 1. against central differences (numeric_gradient nudges X, gamma and beta
# in place)
pairs = ("X", dX, X), ("gamma", dgamma, gamma), ("beta", dbeta, beta)
for name, analytic, array in pairs:
    err = relative_error(analytic, numeric_gradient(L, array)).max()
    print(f"d{name:<5} max relative error vs numeric: {err:.1e}")
    assert err < 1e-6

# 2. against backprop.nn.BatchNorm1d
layer = BatchNorm1d(D)
layer.gamma[...], layer.beta[...] = gamma, beta
assert np.allclose(layer.forward(X), Y)
assert np.allclose(layer.backward(dY), dX) and np.allclose(layer.dgamma, dgamma)
assert np.allclose(layer.dbeta, dbeta)
print("BatchNorm1d.backward gives the same dX, dgamma and dbeta")

"""Backprop from Scratch: derivatives, gradient descent and backpropagation, from scratch."""

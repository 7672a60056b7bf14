"""Softmax regression from scratch, in the style of d2l.ai's chapter.

Softmax, cross-entropy, accuracy and minibatch SGD written by hand; three
classes of points in four dimensions instead of images.
"""

import random

import numpy as np
import torch

rng = np.random.default_rng(0)
random.seed(0)

# Three classes, 150 points in 4-D, made with numpy
centers = np.array([[2.0, 0.0, 0.0, 1.0], [0.0, 2.0, 1.0, 0.0], [-1.0, -1.0, 2.0, 2.0]])
labels = np.repeat(np.arange(3), 50)
features = torch.tensor(centers[labels] + rng.normal(0, 1.0, size=(150, 4)), dtype=torch.float32)
labels = torch.tensor(labels)

num_inputs, num_outputs = 4, 3
W = torch.tensor(rng.normal(0, 0.01, size=(num_inputs, num_outputs)), dtype=torch.float32,
                 requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition  # broadcasting


def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)


def cross_entropy(y_hat, y):
    return -torch.log(y_hat[range(len(y_hat)), y])


def accuracy(y_hat, y):
    """The number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)  # the examples are read in random order
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


def sgd(params, lr, batch_size):
    """Minibatch stochastic gradient descent."""
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


X = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print(X.sum(0, keepdim=True), X.sum(1, keepdim=True))
X_prob = softmax(X)
print(X_prob, X_prob.sum(1))
y = torch.tensor([0, 2])
y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y], cross_entropy(y_hat, y), accuracy(y_hat, y) / len(y))

lr, batch_size, num_epochs = 0.1, 10, 5
for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = cross_entropy(net(X), y)  # noqa: E741 (d2l's name for the loss)
        l.sum().backward()
        sgd([W, b], lr, batch_size)
    with torch.no_grad():
        train_l = cross_entropy(net(features), labels)
        acc = accuracy(net(features), labels) / len(labels)
    print(f"epoch {epoch + 1}, loss {float(train_l.mean()):f}, accuracy {acc:.3f}")

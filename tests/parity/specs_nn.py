"""Specs of nn (layers with copied weights, activation and loss modules), optim
(SGD and Adam steps) and the autograd API (mg.grad, backward, retain_grad).

Where a spec runs backward itself, it returns the gradients as outputs (the
harness compares them like values, with a looser tolerance); the gradients of
its Arr inputs are compared as usual.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Arr, Case, Dtype, Spec, weights_for
from parity_strategies import FLOATS, arrays, reduce_cases, seeds, shapes, values

SPECS: list[Spec] = []


def _const(L, array, like):
    """`array` as a tensor of L with the dtype of the tensor `like`."""
    t = L.tensor(np.asarray(array))
    return t.to(like.dtype) if L.name == "torch" else t.astype(like.dtype)


def _backward(L, y) -> None:
    """y.backward with the same weights in both libraries."""
    y.backward(_const(L, weights_for(tuple(y.shape), 0, 0), y))


# ---- layers ----------------------------------------------------------------------------
@st.composite
def linear_cases(draw) -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    n_in, n_out = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    batch = draw(st.sampled_from([(3,), (), (2, 3), (0,)]))
    x_dtype = dtype if draw(st.sampled_from([1] * 9 + [0])) else np.float64  # rarely: mismatch
    x = draw(arrays((x_dtype,), shape=batch + (n_in,), flavors=("normal", "ties")))
    w = Arr(values(dtype, (n_out, n_in), "normal", draw(seeds)), grad=False)
    b = Arr(values(dtype, (n_out,), "normal", draw(seeds)), grad=False) if draw(
        st.booleans()) else None
    return Case((x, w, b), seed=draw(seeds))


def linear_layer(L, w, b):
    """nn.Linear holding copies of the weight w and the bias b (None: no bias)."""
    layer = L.nn.Linear(w.shape[1], w.shape[0], bias=b is not None, dtype=w.dtype)
    with L.t.no_grad():
        layer.weight.copy_(w)
        if b is not None:
            layer.bias.copy_(b)
    return layer


def linear(L, x, w, b):
    """Linear with the given weights; returns y and the weights' gradients."""
    layer = linear_layer(L, w, b)
    y = layer(x)
    _backward(L, y)
    grads = [layer.weight.grad] + ([layer.bias.grad] if b is not None else [])
    return [y.detach()] + grads


def mlp(L, x, w, b):
    """Sequential(Linear, Tanh, Linear, ReLU): names of the parameters, output, gradients."""
    n_out, n_in = w.shape
    model = L.nn.Sequential(L.nn.Linear(n_in, n_out, dtype=w.dtype), L.nn.Tanh(),
                            L.nn.Linear(n_out, 2, dtype=w.dtype), L.nn.ReLU())
    with L.t.no_grad():
        for i, p in enumerate(model.parameters()):
            shape = tuple(p.shape)
            p.copy_(_const(L, np.linspace(-1, 1, int(np.prod(shape))).reshape(shape) * (-1) ** i,
                           p))
    y = model(x)
    _backward(L, y)
    names = [name for name, _ in model.named_parameters()]
    return [names, list(model.state_dict()), y.detach()] + [p.grad for p in model.parameters()]


SPECS += [
    Spec("nn.Linear", linear, linear_cases(), grads_out=True),
    Spec("nn.Sequential", mlp, linear_cases(), grads_out=True),
]

_any_float = st.builds(lambda x, s: Case((x,), seed=s), arrays(FLOATS), seeds)
_dim = reduce_cases(FLOATS, tuples=False, none=False, keepdim=False)
SPECS += [
    Spec("nn.ReLU", lambda L, x: L.nn.ReLU()(x), _any_float),
    Spec("nn.Sigmoid", lambda L, x: L.nn.Sigmoid()(x), _any_float),
    Spec("nn.Tanh", lambda L, x: L.nn.Tanh()(x), _any_float),
    Spec("nn.Identity", lambda L, x: L.nn.Identity()(x), _any_float),
    Spec("nn.Softmax", lambda L, x, dim: L.nn.Softmax(dim=dim)(x), _dim, sums=True),
    Spec("nn.LogSoftmax", lambda L, x, dim: L.nn.LogSoftmax(dim=dim)(x), _dim, sums=True),
    Spec("nn.Flatten", lambda L, x: L.nn.Flatten()(x), _any_float),
]


# ---- optimizers ----------------------------------------------------------------------
@st.composite
def optim_cases(draw, adam: bool) -> Case:
    dtype = draw(st.sampled_from(FLOATS))
    shape = draw(st.sampled_from([(3,), (), (2, 2), (0,)]))
    p = Arr(values(dtype, shape, "normal", draw(seeds)), grad=False)
    steps = draw(st.integers(1, 4))
    flavor = draw(st.sampled_from(["normal"] * 5 + ["edges"]))
    grads = [Arr(values(dtype, shape, flavor, draw(seeds)), grad=False) for _ in range(steps)]
    lr = draw(st.sampled_from([0.1, 0.01, 1.0, -0.1] if not adam else [1e-3, 0.1, -1.0]))
    kw = {"lr": lr, "weight_decay": draw(st.sampled_from([0.0, 0.0, 0.1])),
          "maximize": draw(st.booleans())}
    if adam:
        kw["betas"] = draw(st.sampled_from([(0.9, 0.999), (0.5, 0.9), (0.0, 0.99)]))
        kw["eps"] = draw(st.sampled_from([1e-8, 1e-3]))
    else:
        kw["momentum"] = draw(st.sampled_from([0.0, 0.9, 0.5]))
        kw["dampening"] = draw(st.sampled_from([0.0, 0.0, 0.1]))
        kw["nesterov"] = draw(st.booleans())
    return Case((p, grads), kw, seed=draw(seeds))


def steps(L, p0, grads, optimizer, **settings):
    """p after each step of the optimizer, its gradients set by backward of sum(p * g)."""
    p = L.nn.Parameter(p0.clone())
    opt = getattr(L.optim, optimizer)([p], **settings)
    after = []
    for g in grads:
        opt.zero_grad()
        (p * g).sum().backward()
        opt.step()
        after.append(p.detach().clone())
    return after


SPECS += [
    Spec("optim.SGD", lambda L, p, g, **kw: steps(L, p, g, "SGD", **kw), optim_cases(False),
         tol=10),
    Spec("optim.Adam", lambda L, p, g, **kw: steps(L, p, g, "Adam", **kw), optim_cases(True),
         tol=100),
]


# ---- the autograd API ------------------------------------------------------------------
@st.composite
def two_floats(draw) -> Case:
    x = draw(arrays(FLOATS, flavors=("normal", "ties")))
    y = draw(arrays((x.value.dtype.type,), shape=x.value.shape, flavors=("normal",)))
    return Case((x, y), seed=draw(seeds))


def _grad_fn(L):
    return L.t.autograd.grad if L.name == "torch" else L.t.grad


def first(L, x, y):
    f = ((x * y).tanh() * x).sum()
    return _grad_fn(L)(f, [x, y])


def second(L, x, y):
    f = ((x * y).tanh() * x).sum()
    (gx,) = _grad_fn(L)(f, x, create_graph=True)
    return [gx.detach()] + list(_grad_fn(L)(gx.sum(), [x, y]))


def with_grad_outputs(L, x, y):
    z = x * y + x
    return _grad_fn(L)(z, x, grad_outputs=_const(L, weights_for(tuple(z.shape), 1, 0), z))


def unused(L, x, y):
    return _grad_fn(L)((x * 2).sum(), [x, y], allow_unused=True)


def twice(L, x, y):
    """Two backward passes through one graph: the gradients add up."""
    f = (x * y).sum()
    f.backward(retain_graph=True)
    f.backward()
    return f.detach()


def retained(L, x, y):
    z = x * y
    z.retain_grad()
    (z * z).sum().backward()
    return z.grad


SPECS += [
    Spec("mg.grad", first, two_floats(), grads_out=True),
    Spec("mg.grad(create_graph)", second, two_floats(), grads_out=True),
    Spec("mg.grad(grad_outputs)", with_grad_outputs, two_floats(), grads_out=True),
    Spec("mg.grad(allow_unused)", unused, two_floats()),
    Spec("Tensor.backward twice", twice, two_floats()),
    Spec("Tensor.retain_grad", retained, two_floats(), grads_out=True),
    Spec("Tensor.backward (no gradient)", lambda L, x, y: (x * y).backward(), two_floats()),
]


# ---- the Module API and nn.init ----------------------------------------------------------
def module_api(L, x, w, b):
    """train/eval, zero_grad, to(dtype)/double/float, load_state_dict(strict=False)."""
    n_out, n_in = w.shape
    model = L.nn.Sequential(L.nn.Linear(n_in, n_out, bias=b is not None), L.nn.ReLU())
    flags = [model.training, model.eval().training, model[1].training, model.train().training]
    model(x.detach().float()).sum().backward()
    model.zero_grad()
    cleared = [p.grad is None for p in model.parameters()]
    dtypes = [model.double()[0].weight.dtype, model.float()[0].weight.dtype,
              model.to(w.dtype)[0].weight.dtype]
    state = {"0.weight": w.detach(), "extra": w.detach()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    loaded = model[0].weight.detach().clone()
    return [flags, cleared, dtypes, list(missing), list(unexpected), loaded]


SPECS.append(Spec("nn.Module API", module_api, linear_cases()))

GAINS = st.sampled_from([("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None),
                         ("leaky_relu", None), ("leaky_relu", 0.2), ("selu", None),
                         ("conv2d", None), ("softmax", None)])


def _fresh(L, shape, dtype):
    return L.tensor(np.zeros(shape)).to(dtype) if L.name == "torch" else L.tensor(
        np.zeros(shape, dtype=np.dtype(dtype)))


_init_shapes = st.builds(lambda s, d, seed: Case((s, Dtype(d)), seed=seed),
                         st.sampled_from([(3, 2), (4,), (2, 3, 2)]), st.sampled_from(FLOATS),
                         seeds)
SPECS += [
    Spec("nn.init.calculate_gain", lambda L, g: L.nn.init.calculate_gain(*g),
         st.builds(lambda g: Case((g,)), GAINS)),
    Spec("nn.init.zeros_/ones_/constant_", lambda L, s, d: [
        L.nn.init.zeros_(_fresh(L, s, d)), L.nn.init.ones_(_fresh(L, s, d)),
        L.nn.init.constant_(_fresh(L, s, d), 0.5)], _init_shapes),
]
for _name in ("uniform_", "normal_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
              "kaiming_normal_"):
    SPECS.append(Spec(f"nn.init.{_name}",
                      lambda L, s, d, n=_name: getattr(L.nn.init, n)(_fresh(L, s, d)),
                      _init_shapes, values=False))


# ---- nn.Unflatten: an axis split into sizes that fit (one may be -1), or do not (both refuse)
@st.composite
def unflatten_cases(draw) -> Case:
    x = draw(arrays(FLOATS, shape=draw(shapes(min_dims=1, max_dims=3))))
    dim = draw(st.integers(-x.value.ndim, x.value.ndim - 1))
    n = x.value.shape[dim]
    first = draw(st.sampled_from([d for d in range(1, n + 1) if n % d == 0] or [1]))
    sizes = draw(st.sampled_from([(first, n // first if first else 0), (first, -1), (-1, first),
                                  (n + 1, 1), (first, 1, n // first if first else 0)]))
    return Case((x, dim, sizes), seed=draw(seeds))


SPECS.append(Spec("nn.Unflatten", lambda L, x, dim, sizes: L.nn.Unflatten(dim, sizes)(x),
                  unflatten_cases()))

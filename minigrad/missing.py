"""A clear AttributeError for PyTorch names minigrad does not have.

`mg.einsum` would otherwise get Python's "did you mean ...?" hint pointing at
some unrelated name. Each public module ends with
`__getattr__ = missing.module_getattr(__name__)`: Python calls it only for a
name the module does not define, so it costs nothing on the names that exist.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

PAGE = "docs/guide/pytorch.md"

# Common PyTorch names, per module, that minigrad does not (yet) have. Names that
# minigrad gains later are simply found first and never reach the check.
_TORCH_NAMES = {
    "minigrad": """
        bfloat16 complex64 complex128 cfloat view_as_real view_as_complex polar
        fft stft istft compile jit vmap set_num_threads get_num_threads
    """,
    "minigrad.linalg": """
        eig eigvals
    """,
    "minigrad.nn": """
        EmbeddingBag CTCLoss SyncBatchNorm AdaptiveLogSoftmaxWithLoss RNNBase Container
        LazyLinear LazyConv1d LazyConv2d LazyConv3d LPPool2d MaxUnpool2d FractionalMaxPool2d
    """,
    "minigrad.functional": """
        affine_grid grid_sample ctc_loss embedding_bag lp_pool2d max_unpool2d
        fractional_max_pool2d
    """,
    "minigrad.distributions": """
        Beta Binomial Dirichlet Exponential Gamma Independent Laplace LogNormal
        MultivariateNormal Poisson TransformedDistribution register_kl
    """,
    "minigrad.special": """
        airy_ai bessel_j0 bessel_j1 bessel_y0 bessel_y1 digamma erfcx erfinv gammainc
        gammaincc gammaln i0 i0e i1 i1e log_ndtr modified_bessel_i0 modified_bessel_i1
        modified_bessel_k0 modified_bessel_k1 multigammaln ndtri polygamma psi
        scaled_modified_bessel_k0 scaled_modified_bessel_k1 spherical_bessel_j0 zeta
    """,
}
_TORCH_NAMES["minigrad.nn.functional"] = _TORCH_NAMES["minigrad.functional"]
_KNOWN = {module: frozenset(names.split()) for module, names in _TORCH_NAMES.items()}
_TORCH_MODULE = {"minigrad": "torch", "minigrad.nn": "torch.nn", "minigrad.optim": "torch.optim",
                 "minigrad.linalg": "torch.linalg", "minigrad.special": "torch.special",
                 "minigrad.distributions": "torch.distributions",
                 "minigrad.functional": "torch.nn.functional",
                 "minigrad.nn.functional": "torch.nn.functional"}


def module_getattr(module: str) -> Callable[[str], NoReturn]:
    """The `__getattr__` for `module` (a module's `__name__`)."""
    known = _KNOWN.get(module, frozenset())

    def __getattr__(name: str) -> NoReturn:  # noqa: N807
        if name in known:
            # name=None: Python would otherwise add its own "did you mean" hint, made from
            # the module's names by spelling alone (bfloat16 -> float16: a different dtype)
            raise AttributeError(
                f"{module}.{name}: {_TORCH_MODULE[module]}.{name} is a PyTorch name that "
                f"minigrad does not have; the mapping of PyTorch's names to minigrad's "
                f"(and what is missing) is on {PAGE}", name=None,
            )
        # any other name: Python's own error (with its "did you mean" hint)
        raise AttributeError(f"module {module!r} has no attribute {name!r}", name=name,
                             obj=sys.modules.get(module))

    return __getattr__

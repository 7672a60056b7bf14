"""PyTorch's dtype names (`mg.float32`, `mg.long`, ...) and its tensor type strings.

minigrad's dtypes are numpy's, so each name is simply a numpy dtype: it works
wherever a `dtype=` is taken (`mg.zeros(2, dtype=mg.long)`, `x.to(mg.float64)`)
and compares equal to (and is the same object as) a tensor's `.dtype`:
`x.dtype == mg.float32`. `float`, `int` and `bool` shadow Python's builtins in
this module only, so nothing below uses the builtins.
"""

import numpy as np

float16 = half = np.dtype(np.float16)
float32 = float = np.dtype(np.float32)  # noqa: A001  (PyTorch's names)
float64 = double = np.dtype(np.float64)
int8 = np.dtype(np.int8)
uint8 = np.dtype(np.uint8)
int16 = short = np.dtype(np.int16)
int32 = int = np.dtype(np.int32)  # noqa: A001
int64 = long = np.dtype(np.int64)
bool = np.dtype(np.bool_)  # noqa: A001

# What x.type() answers, PyTorch's strings (code compares with them).
TYPE_NAMES = {
    float16: "torch.HalfTensor", float32: "torch.FloatTensor", float64: "torch.DoubleTensor",
    int8: "torch.CharTensor", uint8: "torch.ByteTensor", int16: "torch.ShortTensor",
    int32: "torch.IntTensor", int64: "torch.LongTensor", bool: "torch.BoolTensor",
}

__all__ = [
    "TYPE_NAMES", "bool", "double", "float", "float16", "float32", "float64", "half", "int",
    "int8", "int16", "int32", "int64", "long", "short", "uint8",
]

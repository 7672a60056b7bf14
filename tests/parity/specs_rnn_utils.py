"""Specs of nn.utils.rnn.pad_sequence (nn/utils/rnn.py): sequences of different
lengths (empty ones too) and trailing shapes (broadcast to the first one's, or
refused), every dtype (the result takes the first sequence's), both sides, both
layouts, padding values a dtype cannot hold, and the other inputs PyTorch refuses."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from parity_harness import Case, Spec
from parity_strategies import ALL, FLOATS, arrays, seeds, shapes


@st.composite
def pad_sequence_cases(draw) -> Case:
    trailing = draw(shapes(max_dims=2, max_side=3))
    dtype = draw(st.sampled_from(ALL))
    sequences = []
    for _ in range(draw(st.integers(1, 3))):
        shape = (draw(st.integers(0, 4)), *trailing)
        if draw(st.integers(0, 9)) == 0:  # another trailing shape: broadcast, or refused
            shape = (shape[0], *trailing, 2)
        if draw(st.integers(0, 19)) == 0:  # a 0-d "sequence": both refuse
            shape = ()
        kind = dtype
        if dtype in FLOATS and draw(st.booleans()):  # converted to the first one's dtype
            kind = draw(st.sampled_from(FLOATS))
        sequences.append(draw(arrays((kind,), shape=shape)))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["batch_first"] = draw(st.booleans())
    if draw(st.booleans()):
        kwargs["padding_side"] = draw(st.sampled_from(["left", "right", "right", "middle"]))
    if draw(st.booleans()):
        kwargs["padding_value"] = draw(st.sampled_from([-1.0, 0.5, 2.0, float(np.inf)]))
    return Case((sequences,), kwargs, seed=draw(seeds))


SPECS = [
    Spec("nn.utils.rnn.pad_sequence",
         lambda L, seqs, **kw: L.nn.utils.rnn.pad_sequence(seqs, **kw), pad_sequence_cases()),
]

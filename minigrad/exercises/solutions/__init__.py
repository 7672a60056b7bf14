"""Worked answers to the exercises. `python -m minigrad exercise start NAME` writes the
exercise itself: the answer's lines between `# ---- yours` and `# ---- end` are replaced
by `raise NotImplementedError`. Try first; then compare."""

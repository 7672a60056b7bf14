"""`mg.cuda`: what PyTorch code asks before choosing a device. minigrad runs on
the CPU only (numpy), so the answer is always no:

    device = "cuda" if mg.cuda.is_available() else "cpu"     # gives "cpu"
"""


def is_available() -> bool:
    """False: minigrad computes with numpy, on the CPU."""
    return False


def device_count() -> int:
    """0: there is no GPU to count."""
    return 0

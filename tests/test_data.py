"""minigrad.data: datasets, the DataLoader, toy generators and the shipped tables."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad import data
from minigrad.errors import ShapeError


def _ids_dataset(n: int) -> data.TensorDataset:
    """Sample i is (i as float32 row, i as int64 label): easy to track."""
    X = np.arange(n, dtype=np.float32).reshape(n, 1) * np.ones((1, 3), np.float32)
    return data.TensorDataset(X, np.arange(n, dtype=np.int64))


def _epoch_labels(loader: data.DataLoader) -> list[int]:
    return [int(v) for _, yb in loader for v in yb.numpy()]


# ---- DataLoader -------------------------------------------------------------

@given(n=st.integers(1, 40), batch=st.integers(1, 12), shuffle=st.booleans())
def test_every_sample_exactly_once_per_epoch(n, batch, shuffle):
    loader = data.DataLoader(_ids_dataset(n), batch_size=batch, shuffle=shuffle, seed=3)
    for _ in range(2):
        seen = _epoch_labels(loader)
        assert sorted(seen) == list(range(n))
        assert len(list(loader)) == len(loader) == -(-n // batch)


def test_no_shuffle_keeps_order_and_shapes():
    batches = list(data.DataLoader(_ids_dataset(10), batch_size=4))
    assert [yb.shape for _, yb in batches] == [(4,), (4,), (2,)]
    assert [xb.shape for xb, _ in batches] == [(4, 3), (4, 3), (2, 3)]
    assert batches[0][0].dtype == np.float32 and batches[0][1].dtype == np.int64
    assert _epoch_labels(data.DataLoader(_ids_dataset(10), batch_size=4)) == list(range(10))
    # The rows travel with their labels.
    for xb, yb in batches:
        np.testing.assert_array_equal(xb.numpy()[:, 0], yb.numpy().astype(np.float32))


def test_seeded_shuffle_is_reproducible_and_differs_between_epochs():
    a = data.DataLoader(_ids_dataset(30), batch_size=7, shuffle=True, seed=11)
    b = data.DataLoader(_ids_dataset(30), batch_size=7, shuffle=True, seed=11)
    first_a, second_a = _epoch_labels(a), _epoch_labels(a)
    assert first_a == _epoch_labels(b) and second_a == _epoch_labels(b)
    assert first_a != second_a  # a new order every epoch
    assert first_a != list(range(30))
    c = data.DataLoader(_ids_dataset(30), batch_size=7, shuffle=True,
                        generator=np.random.default_rng(11))
    assert _epoch_labels(c) == first_a


def test_shuffle_without_seed_follows_manual_seed():
    mg.manual_seed(5)
    first = _epoch_labels(data.DataLoader(_ids_dataset(20), batch_size=3, shuffle=True))
    mg.manual_seed(5)
    again = _epoch_labels(data.DataLoader(_ids_dataset(20), batch_size=3, shuffle=True))
    assert first == again


def test_drop_last():
    loader = data.DataLoader(_ids_dataset(10), batch_size=4, drop_last=True)
    sizes = [len(yb) for _, yb in loader]
    assert sizes == [4, 4] and len(loader) == 2
    shuffled = data.DataLoader(_ids_dataset(10), batch_size=4, shuffle=True, drop_last=True,
                               seed=0)
    labels = _epoch_labels(shuffled)
    assert len(labels) == 8 and len(set(labels)) == 8
    # Exactly divisible: nothing to drop.
    assert len(list(data.DataLoader(_ids_dataset(8), batch_size=4, drop_last=True))) == 2


class _Squares(data.Dataset):
    def __len__(self):
        return 5

    def __getitem__(self, i):
        return {"x": float(i), "y": i * i, "v": np.array([i, -i], np.float64)}


def test_generic_dataset_is_collated_field_by_field():
    batches = list(data.DataLoader(_Squares(), batch_size=2))
    first = batches[0]
    assert first["x"].dtype == np.float32 and first["y"].dtype == np.int64
    assert first["v"].dtype == np.float64 and first["v"].shape == (2, 2)
    assert batches[-1]["y"].tolist() == [16]
    assert first["v"].numpy().tolist() == [[0.0, 0.0], [1.0, -1.0]]


def test_batches_are_not_part_of_a_graph():
    X = mg.tensor(np.ones((4, 2)), requires_grad=True)
    xb, = next(iter(data.DataLoader(data.TensorDataset(X), batch_size=2)))
    assert not xb.requires_grad and xb.grad_fn is None


def test_loader_and_dataset_errors():
    with pytest.raises(ValueError, match="batch_size"):
        data.DataLoader(_ids_dataset(3), batch_size=0)
    # (PyTorch's BatchSampler: a ValueError for any batch_size that is not a positive int)
    with pytest.raises(ValueError, match="batch_size"):
        data.DataLoader(_ids_dataset(3), batch_size=2.5)
    with pytest.raises(ShapeError, match="size mismatch"):
        data.TensorDataset(np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(NotImplementedError, match="__len__"):
        len(data.Dataset())
    with pytest.raises(TypeError, match="collate"):
        data.default_collate(["a", "b"])


def test_tensor_dataset_copies_numpy_input():
    X = np.zeros((3, 2), np.float32)
    ds = data.TensorDataset(X, np.arange(3))
    X[0, 0] = 99.0
    assert ds[0][0].tolist() == [0.0, 0.0]


def test_random_split_partitions():
    parts = data.random_split(_ids_dataset(10), [0.7, 0.3], seed=0)
    assert [len(p) for p in parts] == [7, 3]
    labels = [int(p[i][1].item()) for p in parts for i in range(len(p))]
    assert sorted(labels) == list(range(10))
    with pytest.raises(ValueError, match="add up"):
        data.random_split(_ids_dataset(10), [3, 3])


def test_train_test_split_stratified():
    X, y = data.load_iris()
    Xtr, Xte, ytr, yte = data.train_test_split(X, y, test_size=0.2, seed=0, stratify=True)
    assert Xtr.shape == (120, 4) and Xte.shape == (30, 4)
    assert np.bincount(yte).tolist() == [10, 10, 10]
    # Every row lands in exactly one part.
    rows = np.concatenate([Xtr, Xte])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, X))


# ---- the shipped tables ------------------------------------------------------

def test_load_iris_values():
    X, y = data.load_iris()
    assert X.shape == (150, 4) and X.dtype == np.float64
    assert y.shape == (150,) and y.dtype == np.int64
    assert X[0].tolist() == [5.1, 3.5, 1.4, 0.2] and y[0] == 0
    assert X[-1].tolist() == [5.9, 3.0, 5.1, 1.8] and y[-1] == 2
    assert np.bincount(y).tolist() == [50, 50, 50]
    # Fisher's values for samples 35 and 38 (UCI's iris.numpy() has two typos there).
    assert X[34].tolist() == [4.9, 3.1, 1.5, 0.2] and X[37].tolist() == [4.9, 3.6, 1.4, 0.1]
    assert data.target_names("iris") == ("setosa", "versicolor", "virginica")
    assert data.feature_names("iris")[2] == "petal length (cm)"


def test_load_breast_cancer_values():
    X, y = data.load_breast_cancer()
    assert X.shape == (569, 30) and X.dtype == np.float64
    assert y.shape == (569,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [212, 357]  # 0 malignant, 1 benign
    assert X[0, :4].tolist() == [17.99, 10.38, 122.8, 1001.0] and y[0] == 0
    assert data.target_names("breast_cancer") == ("malignant", "benign")
    names = data.feature_names("breast_cancer")
    assert len(names) == 30 and names[0] == "mean radius" and names[-1] == "worst fractal dimension"


def test_loaders_return_fresh_copies():
    X, y = data.load_iris()
    X[0, 0] = -1.0
    y[0] = 7
    X2, y2 = data.load_iris()
    assert X2[0, 0] == 5.1 and y2[0] == 0


def test_unknown_dataset_name():
    with pytest.raises(ValueError, match="iris"):
        data.feature_names("mnist")


# ---- toy generators ----------------------------------------------------------

@pytest.mark.parametrize("make, classes", [
    (lambda: data.blobs(90, centers=3, std=0.5, seed=0), 3),
    (lambda: data.two_moons(101, noise=0.1, seed=0), 2),
    (lambda: data.spirals(99, classes=3, noise=0.1, seed=0), 3),
])
def test_classification_generators_shapes_and_seeds(make, classes):
    X, y = make()
    n = len(y)
    assert X.shape == (n, 2) and X.dtype == np.float32
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(classes))
    assert np.bincount(y).max() - np.bincount(y).min() <= 1
    X2, y2 = make()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


def test_two_moons_geometry_without_noise():
    X, y = data.two_moons(200, noise=0.0, seed=0)
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(top[:, 0], top[:, 1]), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.hypot(bottom[:, 0] - 1, bottom[:, 1] - 0.5), 1.0, atol=1e-6)


def test_blobs_given_centers():
    centers = np.array([[-5.0, 0.0], [5.0, 0.0]])
    X, y = data.blobs(400, centers=centers, std=0.1, seed=1)
    np.testing.assert_allclose(X[y == 0].mean(axis=0), [-5, 0], atol=0.05)
    np.testing.assert_allclose(X[y == 1].mean(axis=0), [5, 0], atol=0.05)


def test_coin_flips_mean_and_shape():
    flips = data.coin_flips(20000, p=0.3, seed=0)
    assert flips.shape == (20000,) and flips.dtype == np.float32
    assert set(np.unique(flips)) == {0.0, 1.0}
    assert abs(flips.mean() - 0.3) < 0.02
    assert data.coin_flips(5, p=1.0).tolist() == [1.0] * 5
    with pytest.raises(ValueError, match="probability"):
        data.coin_flips(5, p=1.5)


@pytest.mark.parametrize("gate, outputs", [
    ("AND", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("XOR", [0, 1, 1, 0]), ("NAND", [1, 1, 1, 0]),
])
def test_logic_gates(gate, outputs):
    X, y = data.logic_gate(gate)
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and X.dtype == np.float32
    assert y.tolist() == outputs and y.dtype == np.float32


def test_noisy_line_fits_its_slope():
    X, y = data.noisy_line(500, slope=-3.0, intercept=0.5, noise=0.05, seed=2)
    assert X.shape == (500, 1) and X.dtype == np.float32 and y.dtype == np.float32
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert abs(slope + 3.0) < 0.02 and abs(intercept - 0.5) < 0.02


def test_generator_argument_errors():
    with pytest.raises(ValueError, match="logic_gate"):
        data.logic_gate("XNOR")
    with pytest.raises(ValueError, match="noise"):
        data.two_moons(10, noise=-1)
    with pytest.raises(ValueError, match="n must be"):
        data.spirals(0)


def test_standardize_uses_training_statistics_only() -> None:
    train = np.array([[1.0, 5.0], [3.0, 5.0]])
    test = np.array([[2.0, 7.0]])
    train_s, test_s = data.standardize(train, test)
    # column 0: mean 2, std 1; column 1 is constant: centred, not divided by 0
    np.testing.assert_allclose(train_s, [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_allclose(test_s, [[0.0, 2.0]])
    assert train_s.dtype == np.float32 and not np.isnan(test_s).any()
    assert train[0, 0] == 1.0  # the inputs are not changed

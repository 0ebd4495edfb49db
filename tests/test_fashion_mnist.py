"""Tests of tplib.datasets.fashion_mnist: finding, reading and checking the IDX files."""

import gzip
import struct
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from tplib.datasets import FASHION_MNIST_CLASSES, DataFileError, fashion_mnist, load_fashion_mnist

DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")


STEMS = {
    "x_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte",
}


def idx_bytes(array):
    """Serialise a uint8 array as IDX: magic 0x08 << 8 | ndim, then big-endian dimensions."""
    header = struct.pack(">I", 0x0800 | array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def small_dataset(seed=0, n_train=6, n_test=4):
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test, dtype=np.uint8),
    }


def write_dataset(directory, arrays, compress=True, skip=()):
    """Write IDX files into directory (.gz when compress); returns {name: path}."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, array in arrays.items():
        if name in skip:
            continue
        content = idx_bytes(array)
        path = directory / (STEMS[name] + (".gz" if compress else ""))
        path.write_bytes(gzip.compress(content) if compress else content)
        paths[name] = path
    return paths


def assert_loaded(result, arrays):
    (x_train, y_train), (x_test, y_test) = result
    for name, got in zip(STEMS, (x_train, y_train, x_test, y_test)):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, arrays[name])


class FakeKeras:
    """Stands in for keras.datasets.fashion_mnist, so no test imports keras or uses the net."""

    def __init__(self, monkeypatch, result=None):
        self.calls = 0
        self.result = result
        module = types.ModuleType("keras.datasets.fashion_mnist")
        module.load_data = self.load_data
        datasets_module = types.ModuleType("keras.datasets")
        datasets_module.fashion_mnist = module
        keras = types.ModuleType("keras")
        keras.datasets = datasets_module
        for name, value in [("keras", keras), ("keras.datasets", datasets_module),
                            ("keras.datasets.fashion_mnist", module)]:
            monkeypatch.setitem(sys.modules, name, value)

    def load_data(self):
        self.calls += 1
        if self.result is None:
            raise ConnectionError("network access attempted")
        return self.result


@pytest.fixture
def places(tmp_path, monkeypatch):
    """Point every search location into tmp_path, and make any download attempt fail loudly."""
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(fashion_mnist, "_DEBIAN_DIR", tmp_path / "debian")
    return types.SimpleNamespace(
        keras=tmp_path / "keras_home" / "datasets" / "fashion-mnist",
        debian=tmp_path / "debian",
        env=tmp_path / "env",
        keras_stub=FakeKeras(monkeypatch),
    )


def test_class_names():
    assert FASHION_MNIST_CLASSES[0] == "T-shirt/top"
    assert FASHION_MNIST_CLASSES[9] == "Ankle boot"
    assert len(FASHION_MNIST_CLASSES) == 10


@pytest.mark.parametrize("compress", [True, False])
def test_loads_from_env_directory(places, monkeypatch, compress):
    arrays = small_dataset()
    write_dataset(places.env, arrays, compress=compress)
    monkeypatch.setenv("FASHION_MNIST_DIR", str(places.env))
    assert_loaded(load_fashion_mnist(), arrays)
    assert places.keras_stub.calls == 0


def test_loads_from_directory_argument_with_mixed_compression(places, tmp_path):
    arrays = small_dataset()
    write_dataset(tmp_path / "mine", {k: arrays[k] for k in ("x_train", "y_test")})
    write_dataset(tmp_path / "mine", {k: arrays[k] for k in ("y_train", "x_test")},
                  compress=False)
    assert_loaded(load_fashion_mnist(directory=tmp_path / "mine"), arrays)
    assert_loaded(load_fashion_mnist(directory=str(tmp_path / "mine")), arrays)


def test_gzip_without_gz_suffix_is_still_read(places, tmp_path):
    arrays = small_dataset()
    paths = write_dataset(tmp_path / "mine", arrays)
    for path in paths.values():
        path.rename(path.with_suffix(""))
    assert_loaded(load_fashion_mnist(directory=tmp_path / "mine"), arrays)


def test_returned_arrays_are_writable_and_independent(places):
    arrays = small_dataset()
    write_dataset(places.debian, arrays)
    (x_train, _), _ = load_fashion_mnist()
    x_train[:] = 0
    (x_again, _), _ = load_fashion_mnist()
    np.testing.assert_array_equal(x_again, arrays["x_train"])


def test_search_order_prefers_keras_cache_over_debian(places):
    keras_arrays, debian_arrays = small_dataset(seed=1), small_dataset(seed=2)
    write_dataset(places.keras, keras_arrays)
    write_dataset(places.debian, debian_arrays)
    assert_loaded(load_fashion_mnist(), keras_arrays)


def test_env_directory_wins_over_everything(places, monkeypatch):
    env_arrays = small_dataset(seed=3)
    write_dataset(places.keras, small_dataset(seed=1))
    write_dataset(places.env, env_arrays)
    monkeypatch.setenv("FASHION_MNIST_DIR", str(places.env))
    assert_loaded(load_fashion_mnist(), env_arrays)


def test_no_download_when_a_local_copy_exists(places):
    arrays = small_dataset()
    write_dataset(places.debian, arrays)
    assert_loaded(load_fashion_mnist(), arrays)
    assert places.keras_stub.calls == 0


def test_downloads_only_when_nothing_is_local(places):
    arrays = small_dataset()
    places.keras_stub.result = ((arrays["x_train"], arrays["y_train"]),
                                (arrays["x_test"], arrays["y_test"]))
    result = load_fashion_mnist()
    assert_loaded(result, arrays)
    assert result[0][0].flags.writeable
    assert places.keras_stub.calls == 1


def test_failed_download_says_how_to_get_the_data(places):
    with pytest.raises(FileNotFoundError, match="apt-get install dataset-fashion-mnist"):
        load_fashion_mnist()
    assert places.keras_stub.calls == 1


def test_incomplete_local_copy_is_reported_not_downloaded(places):
    write_dataset(places.keras, small_dataset(), skip=("x_test",))
    with pytest.raises(FileNotFoundError,
                       match=r"fashion-mnist lacks t10k-images-idx3-ubyte.*FASHION_MNIST_DIR"):
        load_fashion_mnist()
    assert places.keras_stub.calls == 0


def test_incomplete_keras_cache_is_skipped_with_a_warning_for_debian(places):
    arrays = small_dataset(seed=2)
    write_dataset(places.keras, small_dataset(seed=1), skip=("y_train",))
    write_dataset(places.debian, arrays)
    with pytest.warns(UserWarning, match="incomplete"):
        assert_loaded(load_fashion_mnist(), arrays)


def test_missing_file_names_the_file_and_the_remedy(places, tmp_path):
    write_dataset(tmp_path / "mine", small_dataset(), skip=("y_train",))
    with pytest.raises(FileNotFoundError,
                       match=r"train-labels-idx1-ubyte .*apt-get install dataset-fashion-mnist"):
        load_fashion_mnist(directory=tmp_path / "mine")


def test_env_directory_that_does_not_exist_is_reported(places, monkeypatch, tmp_path):
    write_dataset(places.debian, small_dataset())
    monkeypatch.setenv("FASHION_MNIST_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match=r"FASHION_MNIST_DIR .*nowhere is not a directory"):
        load_fashion_mnist()


def test_directory_argument_must_be_a_path(places):
    with pytest.raises(TypeError, match=r"directory must be a path or None, got 3"):
        load_fashion_mnist(directory=3)


def rewrite(path, transform):
    """Replace an IDX file (gz or raw) by transform(its uncompressed bytes)."""
    compress = path.suffix == ".gz"
    content = gzip.decompress(path.read_bytes()) if compress else path.read_bytes()
    content = transform(content)
    path.write_bytes(gzip.compress(content) if compress else content)


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("name, transform, match", [
    ("x_train", lambda c: struct.pack(">I", 2049) + c[4:],
     r"train-images-idx3-ubyte.*expected IDX magic number 2051, got 2049"),
    ("y_test", lambda c: struct.pack(">I", 2051) + c[4:],
     r"t10k-labels-idx1-ubyte.*expected IDX magic number 2049, got 2051"),
    ("x_train", lambda c: c[:-100],
     (r"train-images-idx3-ubyte.*truncated: the header promises 4704 bytes of data, "
      r"the file holds 4604")),
    ("y_train", lambda c: c[:5], r"train-labels-idx1-ubyte.*truncated: 5 bytes"),
    ("y_train", lambda c: c + b"\x00", r"train-labels-idx1-ubyte.*longer than its header"),
    ("x_test", lambda c: c[:8] + struct.pack(">II", 27, 28) + c[16:],
     r"t10k-images-idx3-ubyte.*expected 28x28 images, got 27x28"),
    ("y_test", lambda c: c[:-1] + b"\x0a", r"t10k-labels-idx1-ubyte.*labels must be in 0\.\.9"),
])
def test_corrupt_idx_files_are_named(places, tmp_path, compress, name, transform, match):
    paths = write_dataset(tmp_path / "mine", small_dataset(), compress=compress)
    rewrite(paths[name], transform)
    with pytest.raises(DataFileError, match=match) as info:
        load_fashion_mnist(directory=tmp_path / "mine")
    assert "apt-get install dataset-fashion-mnist" in str(info.value)


def test_mismatched_counts_are_reported(places, tmp_path):
    arrays = small_dataset()
    arrays["y_train"] = arrays["y_train"][:5]
    write_dataset(tmp_path / "mine", arrays)
    with pytest.raises(DataFileError,
                       match=r"train-images-idx3-ubyte.gz holds 6 images but .*"
                             r"train-labels-idx1-ubyte.gz holds 5 labels"):
        load_fashion_mnist(directory=tmp_path / "mine")


@pytest.mark.parametrize("damage, match", [
    (lambda gz: b"not a gzip file at all", r"cannot be read \(Not a gzipped file"),
    (lambda gz: gz[: len(gz) // 2], r"cannot be read \(Compressed file ended"),
    (lambda gz: gz[:-8] + bytes(8), r"cannot be read \(CRC check failed"),
])
def test_damaged_gzip_is_reported(places, tmp_path, damage, match):
    paths = write_dataset(tmp_path / "mine", small_dataset())
    paths["x_train"].write_bytes(damage(paths["x_train"].read_bytes()))
    with pytest.raises(DataFileError, match=r"train-images-idx3-ubyte\.gz: " + match):
        load_fashion_mnist(directory=tmp_path / "mine")


@pytest.mark.skipif(not DEBIAN_DIR.is_dir(),
                    reason="Debian's Fashion-MNIST is not installed "
                           "(sudo apt-get install dataset-fashion-mnist)")
def test_real_debian_data(places):
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist(directory=DEBIAN_DIR)
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    np.testing.assert_array_equal(np.bincount(y_train, minlength=10), np.full(10, 6000))
    np.testing.assert_array_equal(np.bincount(y_test, minlength=10), np.full(10, 1000))
    assert x_train.max() == 255 and x_train.min() == 0
    assert places.keras_stub.calls == 0


# ---------------------------------------------------------------------------------------------
# Bad input is refused by name (issue 12)


def test_empty_directory_string_is_refused(places):
    # Path("") is the working directory: a blank setting must not silently mean "here"
    with pytest.raises(ValueError, match="directory must not be empty"):
        load_fashion_mnist(directory="")


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("name", ["x_train", "y_test"])
def test_idx_files_with_no_items_are_refused(places, tmp_path, compress, name):
    arrays = small_dataset()
    arrays[name] = arrays[name][:0]
    write_dataset(tmp_path / "mine", arrays, compress=compress)
    with pytest.raises(DataFileError, match=rf"{STEMS[name]}.*holds no items"):
        load_fashion_mnist(directory=tmp_path / "mine")


@pytest.mark.parametrize("name, change, match", [
    ("x_train", lambda a: a[:, :27], r"x_train.*shape \(6, 27, 28\)"),
    ("y_test", lambda a: a[:3], r"4 images but 3 labels"),
    ("y_train", lambda a: a + 10, r"y_train.*labels must be in 0\.\.9"),
    ("x_test", lambda a: a.astype(np.float32), r"x_test.*uint8"),
])
def test_a_malformed_download_is_refused(places, name, change, match):
    arrays = small_dataset()
    arrays[name] = change(arrays[name])
    places.keras_stub.result = ((arrays["x_train"], arrays["y_train"]),
                                (arrays["x_test"], arrays["y_test"]))
    with pytest.raises(DataFileError, match=match):
        load_fashion_mnist()

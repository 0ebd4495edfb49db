"""Fashion-MNIST, read from the original IDX files (gzip-compressed or not), with validation.

The files are looked for where the reader put them (an argument, FASHION_MNIST_DIR), in Keras'
cache and in Debian's package; only when no copy exists does Keras download it. Every file is
checked (magic numbers, sizes, labels) before use, and a bad one is named with the remedy.
"""

import gzip
import os
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np

from .errors import DataFileError

__all__ = [
    "FASHION_MNIST_CLASSES",
    "load_fashion_mnist",
]

FASHION_MNIST_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
_IMAGES_MAGIC, _LABELS_MAGIC = 2051, 2049  # IDX: 0x08 = unsigned byte, then 3 or 1 dimensions
_IMAGE_SIDE = 28
# (images, labels) file stems of the train and test splits, as Zalando and Keras name them.
_SPLITS = (("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
           ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))
_DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
_HOW_TO_GET = ("To get the data, run `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), "
               "or set FASHION_MNIST_DIR to a directory holding the four IDX files "
               "(train-images-idx3-ubyte[.gz] and so on).")


def _keras_cache_dir():
    # Where keras.datasets.fashion_mnist.load_data() caches its download (KERAS_HOME moves it).
    keras_home = os.environ.get("KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras"))
    return Path(keras_home) / "datasets" / "fashion-mnist"


def _find(directory, stem):
    # The uncompressed file wins when both exist: it is the faster of the two to read.
    for path in (directory / stem, directory / f"{stem}.gz"):
        if path.is_file():
            return path
    return None


def _read_idx(path, magic):
    """Read one uint8 IDX file: images (n, 28, 28) for magic 2051, labels (n,) for 2049."""
    def fail(message):
        raise DataFileError(f"{path}: {message}. {_HOW_TO_GET}")

    try:
        content = path.read_bytes()
        # IDX files start with two zero bytes, gzip with 1f 8b: a mis-named file is still read.
        if path.suffix == ".gz" or content[:2] == b"\x1f\x8b":
            # One call over the whole file is the fastest way through zlib, and gzip checks the
            # CRC, so a corrupted download fails here rather than as odd-looking pixels.
            content = gzip.decompress(content)
    except (OSError, EOFError, zlib.error) as error:  # bad gzip stream, cut-off download, ...
        raise DataFileError(f"{path}: cannot be read ({error}). {_HOW_TO_GET}") from error
    header_size = 16 if magic == _IMAGES_MAGIC else 8
    if len(content) < header_size:
        fail(f"truncated: {len(content)} bytes, shorter than the {header_size}-byte IDX header")
    got_magic, count = struct.unpack_from(">II", content)
    if got_magic != magic:
        fail(f"expected IDX magic number {magic}, got {got_magic}; "
             "the file is corrupt or is not a Fashion-MNIST file")
    shape = (count,)
    if magic == _IMAGES_MAGIC:
        rows, cols = struct.unpack_from(">II", content, offset=8)
        if (rows, cols) != (_IMAGE_SIDE, _IMAGE_SIDE):
            fail(f"expected {_IMAGE_SIDE}x{_IMAGE_SIDE} images, got {rows}x{cols}")
        shape = (count, rows, cols)
    expected, n_data = int(np.prod(shape)), len(content) - header_size
    if n_data < expected:
        fail(f"truncated: the header promises {expected} bytes of data, the file holds {n_data}")
    if n_data > expected:
        fail(f"longer than its header says: {n_data} bytes of data, expected {expected}")
    if count == 0:
        fail("holds no items (its header counts 0)")
    # Copied out of the immutable bytes so callers get an ordinary, writable array.
    data = np.frombuffer(content, dtype=np.uint8, offset=header_size).reshape(shape).copy()
    if magic == _LABELS_MAGIC and data.size and data.max() >= len(FASHION_MNIST_CLASSES):
        fail(f"labels must be in 0..9, got {data.max()}")
    return data


def _load_directory(directory, origin):
    """Load and cross-check the four IDX files of one directory; origin names it in errors."""
    if not directory.is_dir():
        raise FileNotFoundError(f"{origin} {directory} is not a directory. {_HOW_TO_GET}")
    missing = [stem for split in _SPLITS for stem in split if _find(directory, stem) is None]
    if missing:
        raise FileNotFoundError(f"{origin} {directory} lacks {', '.join(missing)} "
                                f"(.gz or uncompressed). {_HOW_TO_GET}")
    splits = []
    for images_stem, labels_stem in _SPLITS:
        images_path, labels_path = _find(directory, images_stem), _find(directory, labels_stem)
        images = _read_idx(images_path, _IMAGES_MAGIC)
        labels = _read_idx(labels_path, _LABELS_MAGIC)
        if len(images) != len(labels):
            raise DataFileError(f"{images_path} holds {len(images)} images but {labels_path} "
                                f"holds {len(labels)} labels. {_HOW_TO_GET}")
        splits.append((images, labels))
    return tuple(splits)


def _download():
    # Imported here, never at module import: keras is slow to import and only needed when no
    # local copy exists. tplib/__init__.py has already selected the JAX backend.
    try:
        from keras.datasets import fashion_mnist
        (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    except Exception as error:  # no keras, no network, a failed download: all mean "no data"
        looked = ", ".join(str(d) for d in (_keras_cache_dir(), _DEBIAN_DIR))
        raise FileNotFoundError(f"Fashion-MNIST is not on this machine (looked in {looked}) "
                                f"and Keras could not download it ({error!r}). "
                                f"{_HOW_TO_GET}") from error
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    _check_downloaded(arrays)
    # Keras returns read-only views of its buffers; hand out ordinary arrays like the local path.
    x_train, y_train, x_test, y_test = (np.array(array, dtype=np.uint8)
                                        for array in arrays.values())
    return (x_train, y_train), (x_test, y_test)


def _check_downloaded(arrays):
    """Hold what Keras returned to the checks the IDX files get: uint8, shapes, labels 0..9."""
    def fail(message):
        raise DataFileError(f"Keras' Fashion-MNIST (cached in {_keras_cache_dir()}): {message}; "
                            f"delete that directory to download it again. {_HOW_TO_GET}")

    for name, array in arrays.items():
        array = np.asarray(array)
        if array.dtype != np.uint8:
            fail(f"{name} has dtype {array.dtype}, expected uint8")
        shape = (_IMAGE_SIDE, _IMAGE_SIDE) if name.startswith("x") else ()
        if array.ndim != 1 + len(shape) or array.shape[1:] != shape or not len(array):
            expected = "(n, 28, 28)" if shape else "(n,)"
            fail(f"{name} has shape {array.shape}, expected {expected} with n >= 1")
        if name.startswith("y") and array.max() >= len(FASHION_MNIST_CLASSES):
            fail(f"{name}: labels must be in 0..9, got {array.max()}")
    for split in ("train", "test"):
        n_images, n_labels = len(arrays[f"x_{split}"]), len(arrays[f"y_{split}"])
        if n_images != n_labels:
            fail(f"the {split} split has {n_images} images but {n_labels} labels")


def load_fashion_mnist(directory=None):
    """Fashion-MNIST as uint8 ((x_train (60000, 28, 28), y_train (60000,)), (x_test, y_test))."""
    if directory is not None:
        if not isinstance(directory, (str, os.PathLike)):
            raise TypeError(f"directory must be a path or None, "
                            f"got {directory!r} of type {type(directory).__name__}")
        if not os.fspath(directory).strip():
            raise ValueError("directory must not be empty: give the directory holding the four "
                             "IDX files, or None to search the usual places")
        return _load_directory(Path(directory), origin="directory")
    if os.environ.get("FASHION_MNIST_DIR"):
        # The reader chose this directory explicitly: use it or say why not, never fall back.
        return _load_directory(Path(os.environ["FASHION_MNIST_DIR"]), origin="FASHION_MNIST_DIR")
    incomplete = []
    for candidate in (_keras_cache_dir(), _DEBIAN_DIR):
        found = sum(_find(candidate, stem) is not None for split in _SPLITS for stem in split)
        if found == 4:
            if incomplete:
                warnings.warn(f"ignoring the incomplete Fashion-MNIST copy in {incomplete[0]}; "
                              f"using {candidate}", stacklevel=2)
            return _load_directory(candidate, origin="directory")
        if found:
            incomplete.append(candidate)
    if incomplete:
        # A half-present copy (say an interrupted download) is reported, not silently replaced
        # by a new download; this raises FileNotFoundError naming the missing files.
        return _load_directory(incomplete[0], origin="incomplete directory")
    return _download()

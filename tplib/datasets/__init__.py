"""The book's data: the course fonts (``fonts``) and Fashion-MNIST (``fashion_mnist``).

Every public name is re-exported here (``tplib.datasets.load_font`` ...). ``GLYPH_SHAPE``, the
(rows, columns) of one course glyph, is defined once, in ``fonts``; the figures and explorers
import it from here.
"""

from .errors import DataFileError
from .fashion_mnist import FASHION_MNIST_CLASSES, load_fashion_mnist
from .fonts import GLYPH_SHAPE, glyph_to_text, load_font, read_fonts

__all__ = [
    "FASHION_MNIST_CLASSES",
    "GLYPH_SHAPE",
    "DataFileError",
    "glyph_to_text",
    "load_fashion_mnist",
    "load_font",
    "read_fonts",
]

"""The error both data loaders raise for a file that exists but whose content is malformed."""

__all__ = ["DataFileError"]


class DataFileError(ValueError):
    """A data file exists but its content is malformed (bad header, size or values)."""

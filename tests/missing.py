"""What a test does when something it needs is missing: skip, or in CI (CI set) fail."""

import os

import pytest


def skip_or_fail(reason):
    """Skip with ``reason`` on a developer's machine; fail with it in CI, where nothing may be
    missing."""
    if os.environ.get("CI"):
        pytest.fail(reason + " (CI is set, so this is a failure, not a skip)")
    pytest.skip(reason)

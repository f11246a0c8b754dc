"""The whole suite keeps fairlint's cache (``fairlint.cache``) in a folder of its own, removed at the end:
runs in the tests and the commands they start never read or fill the user's cache."""

from __future__ import annotations

import os
import shutil
import tempfile

_FOLDER = tempfile.mkdtemp(prefix="fairlint-test-cache-")


def pytest_configure(config):
    os.environ.setdefault("FAIRLINT_CACHE_DIR", _FOLDER)


def pytest_unconfigure(config):
    shutil.rmtree(_FOLDER, ignore_errors=True)

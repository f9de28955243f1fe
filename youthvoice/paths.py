"""Where templates, static files, surveys, translations and migrations live.

In a checkout they sit at the repository root; an installed wheel carries them inside the
package under ``_data/`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPOSITORY_ROOT = PACKAGE_DIR.parent
BUNDLED_DIR = PACKAGE_DIR / "_data"


def resource_dir(name: str) -> Path:
    """The folder holding one kind of resource: templates, static, surveys, translations…"""
    bundled = BUNDLED_DIR / name
    return bundled if bundled.is_dir() else REPOSITORY_ROOT / name


def default_instance_dir() -> Path:
    """instance/ beside the checkout, or in the working directory for an installed wheel."""
    if BUNDLED_DIR.is_dir():
        return Path.cwd() / "instance"
    return REPOSITORY_ROOT / "instance"

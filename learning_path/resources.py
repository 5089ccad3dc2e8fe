"""Where the bundled curriculum and templates live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """The bundled ``curriculum`` or ``templates`` directory.

    A wheel carries them inside the package (``learning_path/_data/NAME``); a
    source checkout or an editable install has them at the project's top level.
    """
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name

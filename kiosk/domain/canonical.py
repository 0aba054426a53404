"""Canonical JSON: the one byte form used for AAD, HPKE info, signatures and journal hashes.

Keys sorted, no insignificant white space, UTF-8 kept as is, no floats (they have no
single canonical text form): the same value always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

Canonical = None | bool | int | str | Sequence["Canonical"] | Mapping[str, "Canonical"]


def _check(value: object, path: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise TypeError(f"canonical JSON refuses floats (at {path})")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"canonical JSON keys must be strings (at {path})")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    raise TypeError(f"canonical JSON cannot encode {type(value).__name__} (at {path})")


def canonical_json(value: Canonical) -> bytes:
    """Encode ``value`` as canonical JSON bytes.

    Raises:
        TypeError: for floats, non-string keys or types JSON does not know.
    """
    _check(value, "$")
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )

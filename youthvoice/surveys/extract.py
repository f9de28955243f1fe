"""Babel extractor for instrument files: survey text goes into the same catalogues as the UI.

babel.cfg maps surveys/*.yaml to this function. Answers are stored as codes, never as text,
so a check-in answered in Spanish compares with one in English.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import yaml

TRANSLATABLE_KEYS = frozenset(
    {
        "title",
        "discreet_title",
        "intro",
        "content_note",
        "opt_in",
        "text",
        "hint",
        "label",
        "low_label",
        "high_label",
        "not_applicable",
    }
)


def extract(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, function, message, comments) for every translatable string."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    if root is not None:
        yield from _walk(root)


def _walk(node: yaml.Node) -> Iterator[tuple[int, str | None, str, list[str]]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value in TRANSLATABLE_KEYS and isinstance(value, yaml.ScalarNode):
                yield value.start_mark.line + 1, None, value.value, []
            else:
                yield from _walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _walk(child)


def strings_of(data: object) -> list[str]:
    """The same strings from already-loaded data (for reading-level and catalogue checks)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in TRANSLATABLE_KEYS and isinstance(value, str):
                found.append(value)
            else:
                found += strings_of(value)
    elif isinstance(data, list):
        for child in data:
            found += strings_of(child)
    return found

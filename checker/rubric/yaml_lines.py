"""Find the line of a key path in a YAML text, for error messages (imported only on an error)."""

from __future__ import annotations

import yaml

KeyPath = tuple[str | int, ...]


def line_of(text: str, path: KeyPath) -> tuple[int, bool]:
    """The 1-based line of the deepest part of ``path`` found in ``text``, and whether all was found."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(text, Loader=loader)
    return _node_line(root, path) if root is not None else (1, False)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    """One step down a composed YAML tree: a mapping key, or a list item by its id or index."""
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == step), None)
    if isinstance(node, yaml.SequenceNode):
        for pos, item in enumerate(node.value):
            ident = None
            if isinstance(item, yaml.MappingNode):
                ident = next((v.value for k, v in item.value if k.value == "id"), None)
            if step in (ident, pos):
                return item
    return None


def _node_line(node: yaml.Node, path: KeyPath) -> tuple[int, bool]:
    """Walk a composed YAML tree along a key path (list items by id or index)."""
    line = node.start_mark.line + 1
    for step in path:
        child = _child(node, step)
        if child is None:
            return line, False
        if isinstance(node, yaml.MappingNode):
            key = next(k for k, v in node.value if v is child)
            line = key.start_mark.line + 1
        else:
            line = child.start_mark.line + 1
        node = child
    return line, True

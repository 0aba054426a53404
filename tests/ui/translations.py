"""Helpers for the translation tests: what the code asks to translate, what the .ts holds."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

UI_DIR = Path(__file__).resolve().parents[2] / "kiosk" / "ui"


@dataclass(frozen=True)
class Key:
    """What identifies a translatable string, as lupdate records it."""

    context: str
    source: str
    comment: str = ""


def _literal(node: ast.expr, where: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise AssertionError(f"{where}: lupdate only extracts string literals")


class _Collector(ast.NodeVisitor):
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.classes: list[str] = []
        self.keys: set[Key] = set()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        where = f"{self.filename}:{node.lineno}"
        if isinstance(func, ast.Attribute) and func.attr == "tr" and self.classes:
            args = [_literal(arg, where) for arg in node.args]
            self.keys.add(Key(self.classes[-1], *args))
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "translate"
            and isinstance(func.value, ast.Name)
            and func.value.id == "QCoreApplication"
        ):
            args = [_literal(arg, where) for arg in node.args]
            self.keys.add(Key(*args))
        self.generic_visit(node)


def keys_in_code(directory: Path = UI_DIR) -> set[Key]:
    """Returns every ``self.tr(...)`` and ``QCoreApplication.translate(...)`` in the UI code."""
    keys: set[Key] = set()
    for path in sorted(directory.rglob("*.py")):
        collector = _Collector(str(path))
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        keys |= collector.keys
    return keys


@dataclass(frozen=True)
class TsMessage:
    """One ``<message>`` of a .ts file."""

    key: Key
    translation: str
    kind: str  # the translation's type attribute: "" when finished


def messages_in_ts(path: Path) -> list[TsMessage]:
    """Parses a Qt Linguist .ts file."""
    root = ET.parse(path).getroot()  # noqa: S314 - our own file, not untrusted input
    messages: list[TsMessage] = []
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: message without <translation>"
            key = Key(
                name,
                message.findtext("source", default=""),
                message.findtext("comment", default=""),
            )
            messages.append(TsMessage(key, translation.text or "", translation.get("type", "")))
    return messages

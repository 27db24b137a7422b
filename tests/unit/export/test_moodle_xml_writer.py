"""Moodle XML is written by our own serializer (ElementTree's `indent` leaves a reference cycle per
call, which piled up to a gigabyte in a large export): it writes what ElementTree wrote, byte for
byte, for any tree the exporter builds, and a large export leaves no garbage cycles behind."""

from __future__ import annotations

import gc
import xml.etree.ElementTree as ET

from hypothesis import given, settings, strategies as st

from quizapp.export import moodle_xml
from quizapp.export.moodle_xml import Element, child, serialize

_TEXT = st.text(st.sampled_from(list("ab <>&\"'\n\r\t é微")), max_size=8)
_TAGS = st.sampled_from(["question", "text", "answer", "name"])
_ATTRIBUTES = st.dictionaries(st.sampled_from(["type", "format", "fraction"]), _TEXT, max_size=2)


@st.composite
def trees(draw, depth: int = 3):
    element = Element(draw(_TAGS), draw(_ATTRIBUTES))
    if depth and draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            element.children.append(draw(trees(depth - 1)))
    else:
        element.text = draw(st.none() | _TEXT)
    return element


def _as_elementtree(element: Element) -> ET.Element:
    mirror = ET.Element(element.tag, dict(element.attributes))
    mirror.text = element.text
    mirror.extend(_as_elementtree(sub) for sub in element.children)
    return mirror


@settings(max_examples=50, deadline=None)
@given(trees())
def test_serialize_writes_what_elementtree_indent_and_tostring_wrote(tree):
    mirror = _as_elementtree(tree)
    ET.indent(mirror, level=1)
    mirror.tail = None
    out: list[str] = []
    serialize(tree, 1, out)
    assert "".join(out) == ET.tostring(mirror, encoding="unicode")


def test_writing_questions_leaves_no_reference_cycles(drill_items):
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()  # as during an export
    try:
        "".join(moodle_xml.pieces(drill_items))
        left = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    assert left == 0


def test_child_appends_in_order():
    root = Element("quiz")
    first, second = child(root, "a"), child(root, "b", {"k": "v"})
    assert root.children == [first, second] and second.attributes == {"k": "v"}

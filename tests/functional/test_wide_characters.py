"""A Chinese label in a dropdown keeps every character where the list covers other widgets'
edges (Textual cut each painted line at them and turned a character across one into spaces)."""

from __future__ import annotations

from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from tests.functional.conftest import settle


async def test_the_family_dropdown_shows_each_label_whole_in_chinese(app_factory):
    app = app_factory(language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_drill()
        await settle(pilot)
        assert isinstance(app.focused, Select)
        await pilot.press("enter")  # the list opens over the difficulty row and the Start button
        await pilot.pause()
        overlay = app.screen.query_one(SelectOverlay).region
        painted = "\n".join(strip.text for strip in app.screen._compositor.render_strips()[overlay.y:overlay.bottom])
        for label in ("小型全连接网络，含矩阵和向量", "文章中的两层标量链", "单个神经元"):
            assert label in painted, painted

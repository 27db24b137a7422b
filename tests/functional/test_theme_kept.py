"""A theme chosen in the command palette is there again on the next start."""

from __future__ import annotations

from quizapp.settings import APP_THEMES, Settings
from tests.functional.conftest import settle


async def test_the_settings_theme_list_is_the_apps(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)):
        assert sorted(app.available_themes) == list(APP_THEMES)


async def test_palette_theme_survives_a_restart(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.search_themes()  # the palette's "Change theme"
        await settle(pilot)
        await pilot.press(*"nord")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
    assert Settings.load().theme == "nord"
    from quizapp.app import make_app

    again = make_app(cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"

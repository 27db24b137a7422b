"""Every key a screen offers does what it says, on every screen and in each way it is opened:
for each of our active bindings (the footer's, and the hidden ones), pressing its key runs its
action on the node that declares it, with its parameters. One app visits every screen at 80×24."""

from __future__ import annotations

import asyncio
import unicodedata

from textual import events
from textual.actions import parse
from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

from quizapp.screens.drill import DrillScreen
from quizapp.screens.home import HomeScreen
from solver.generate import problem_from_code
from tests.functional.conftest import DRILL_CODE, settle

# (how the screen is opened, keys its footer must offer in that state)
SCREENS = [
    ("home", lambda app: None, {"q"}),
    ("drill: choose a problem", lambda app: app.open_drill(), {"escape"}),
    ("drill: a code chosen in the app", lambda app: app.open_drill(code=DRILL_CODE), {"escape", "h", "s", "n"}),
    ("drill: `quizapp drill CODE`", lambda app: app.push_screen(DrillScreen(problem=problem_from_code(DRILL_CODE))),
     {"escape", "h", "s", "n"}),
    ("drill: the solution peek", lambda app: app.open_drill(code=DRILL_CODE), {"escape", "r"}),
    ("questions", lambda app: app.open_question_list(), {"escape", "slash"}),
    ("quiz", lambda app: app.open_quiz(), {"escape"}),
    ("review", lambda app: app.open_review(), {"escape"}),
    ("stats", lambda app: app.open_stats(), {"escape"}),
    ("settings", lambda app: app.open_settings(), {"escape", "ctrl+s"}),
    ("export", lambda app: app.open_export(), {"escape", "ctrl+s"}),
    ("own problem", lambda app: app.open_own_problem(), {"escape", "ctrl+s"}),
    ("mock interview", lambda app: app.open_interview(), {"escape"}),
]


async def _press_every_key(pilot, label: str, footer: set[str]) -> None:
    app = pilot.app
    active = app.screen.active_bindings
    shown = {key for key, binding in active.items() if binding.binding.show and binding.enabled}
    assert footer <= shown, (label, shown)
    for key, binding in active.items():
        if not binding.enabled or not binding.binding.id:
            continue  # disabled, or Textual's own (tab, copy): ours all have an id
        destination, name, params = parse(binding.binding.action)
        calls = []
        node = {"app": app, "screen": app.screen}.get(destination, binding.node)
        setattr(node, f"action_{name}", lambda *args, calls=calls: calls.append(args))
        try:
            await _press_until_called(pilot, key, calls)
        finally:
            delattr(node, f"action_{name}")
        assert calls == [tuple(params)], (label, key, binding.binding.action)


async def _press_until_called(pilot, key: str, calls: list) -> None:
    """The key goes in through the driver as Pilot's press sends it, but we wait only until its
    action has been called (or 2 s), not for the app to look idle after every one of ~150 keys."""
    try:  # the character Pilot's press gives the key ("?" for question_mark)
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    event = events.Key(key, character)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 2.0
    while not calls and loop.time() < deadline:
        await asyncio.sleep(0.001)


async def test_every_key_of_every_screen_runs_its_action(app_factory):
    app = app_factory(user_bank=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for label, open_screen, footer in SCREENS:
            open_screen(app)
            await settle(pilot)
            if label == "drill: the solution peek":
                await pilot.press("s")
                await settle(pilot)
            await _press_every_key(pilot, label, footer)
            if label == "drill: the solution peek":
                await pilot.press("r")  # asking before revealing the rest: y and n
                await pilot.pause()
                await _press_every_key(pilot, label + " (asking)", {"y", "n", "escape"})
                app.pop_screen()
            while not isinstance(app.screen, HomeScreen):
                app.pop_screen()
                await pilot.pause()

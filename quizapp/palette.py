"""Command palette (Ctrl+P): start a drill of any family, a review, stats, settings, export."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from quizapp.i18n import pick, text


class QuizCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        """(command text, help, callback) for everything the palette offers."""
        from solver.families import FAMILIES  # NumPy, never SymPy: fine once the palette opens

        app = self.app
        language = app.language
        commands: list[tuple[str, str, object]] = []
        for family in FAMILIES.values():
            first = family.options[0].default if family.options else ""
            prefix = f"{family.name}:{first}" if first else family.name
            label = f"drill: {family.name} {first}".rstrip()
            help_text = text("home.drill", language) + " · " + pick(family.summary_zh, family.summary_en, language)
            commands.append((label, help_text, partial(app.open_drill, family=prefix)))
        commands += [
            ("drill: my own problem", text("own.title", language), app.open_own_problem),
            ("review: start", text("home.review.help", language), app.open_review),
            ("quiz: interview questions", text("home.interview.help", language), app.open_question_list),
            ("interview: mock interview", text("home.mock.help", language), app.open_interview),
            ("export: anki", text("home.export.help", language), partial(app.open_export, "anki")),
            ("export: json", text("home.export.help", language), partial(app.open_export, "json")),
            *((f"export: {name}", text("home.export.help", language), partial(app.open_export, name))
              for name in ("markdown", "csv", "gift", "moodle-xml")),
            ("stats", text("home.stats.help", language), app.open_stats),
            ("settings", text("home.settings.help", language), app.open_settings),
        ]
        return commands

    async def discover(self) -> Hits:
        for label, help_text, callback in self._commands():
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        code = _problem_code(query)
        if code is not None:  # a full problem code typed in: drill exactly that problem
            yield Hit(1.0, f"drill: {code}", partial(self.app.open_drill, code=code), text=f"drill: {code}",
                      help=text("drill.code", self.app.language))
        matcher = self.matcher(query)
        for label, help_text, callback in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, text=label, help=help_text)


def _problem_code(query: str) -> str | None:
    """The canonical code when the query is a complete problem code (with its #seed), else None."""
    candidate = query.strip().removeprefix("drill:").strip()
    if "#" not in candidate:
        return None
    from solver.formats.codes import CodeError
    from solver.generate import read_code

    try:
        return str(read_code(candidate))
    except CodeError:
        return None

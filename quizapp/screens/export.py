"""Export screen: the choices of `quizapp export` as a form, run in a thread with a progress bar.

Everything after the form reuses the CLI's code: `quizapp.export.collect` picks the questions and
names the drills, `quizapp.export.export_set` generates and writes them, a chunk at a time, into
the file atomically. It reports progress through a callback, which moves the bar from the worker
thread (throttled to whole percents, so a 10,000-drill export does not flood the app with messages).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Header, Input, Label, ProgressBar, Select, SelectionList, Static

from quizapp.screens.base import BaseScreen
from quizapp.widgets import answer_input
from quizapp.widgets.footer import KeyFooter

FORMAT_NAMES = ("json", "markdown", "csv", "anki", "gift", "moodle-xml")
EXTENSIONS = {"json": ".json", "markdown": ".md", "csv": ".csv", "anki": ".apkg", "gift": ".gift",
              "moodle-xml": ".xml"}  # as quizapp.export.FORMATS says; kept here to paint without importing it


def default_path(format_name: str, last: str = "") -> str:
    """The file offered: the last one exported (with this format's extension), else
    quizapp-export.EXT in the folder the app was started from, as `quizapp export -o` writes."""
    if last:
        path = Path(last)
        return str(path.with_suffix(EXTENSIONS[format_name])) if path.suffix.lower() in EXTENSIONS.values() else last
    return str(start_folder() / f"quizapp-export{EXTENSIONS[format_name]}")


def start_folder() -> Path:
    """The folder quizapp was started from: where a relative export path lands."""
    return Path.cwd()


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("，", ",").split(",") if part.strip())


class ConfirmReplace(ModalScreen[bool]):
    """Asked before an existing file is replaced; dismisses with True to replace it."""

    BINDINGS = [Binding("escape", "keep", "Keep", id="export.keep")]
    DEFAULT_CSS = """
    ConfirmReplace { align: center middle; }
    ConfirmReplace > Vertical {
        width: 70; height: auto; border: round $warning; background: $surface; padding: 1 2;
    }
    ConfirmReplace Horizontal { height: auto; margin: 1 0 0 0; }
    ConfirmReplace Button { margin: 0 2 0 0; }
    """

    def __init__(self, question: str, replace: str, keep: str) -> None:
        super().__init__()
        self.question, self.replace_text, self.keep_text = question, replace, keep

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal():
                yield Button(self.replace_text, id="confirm-replace", variant="warning")
                yield Button(self.keep_text, id="confirm-keep", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-replace")

    def action_keep(self) -> None:
        self.dismiss(False)


class ExportScreen(BaseScreen):
    CSS_PATH = "export.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="export.back"),
        Binding("ctrl+s", "run", "Export", id="export.export"),
    ]

    def __init__(self, format_name: str = "json") -> None:
        super().__init__()
        format_name = format_name if format_name in FORMAT_NAMES else "json"
        # The form's state, kept so that a language change (which recomposes) loses nothing.
        self.form: dict = {"format": format_name, "path": None, "banks": None, "tags": "",
                           "types": "", "family": Select.NULL, "difficulty": 1, "count": "10", "seed": "0",
                           "answers": True, "lang": None}
        self.status = ""
        self.status_class = ""
        self.running = False

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        from solver.families import FAMILIES

        from quizapp.export.selection import QUESTION_TYPES

        form = self.form
        if form["path"] is None:
            form["path"] = default_path(form["format"], self.services.settings.export_path)
        banks = self.services.banks.banks
        chosen = form["banks"] if form["banks"] is not None else [bank.id for bank in banks]
        yield Header()
        with VerticalScroll(id="export-form"):
            yield Static(self.t("export.title"), classes="section-title", markup=False)
            with Horizontal(classes="export-row"):
                yield Label(self.t("export.format"), classes="export-label", markup=False)
                yield Select([(name, name) for name in FORMAT_NAMES], value=form["format"], allow_blank=False,
                             id="export-format")
            with Horizontal(classes="export-row"):
                yield Label(self.t("export.output"), classes="export-label", markup=False)
                yield answer_input(value=form["path"], id="export-path")
            yield Label(self._banks_heading(len(chosen), len(banks)), classes="export-heading", id="export-banks-heading",
                        markup=False)
            # A bank's title is the bank file's, not ours: shown as Text, never read as markup.
            yield SelectionList[str](*[(Text(f"{bank.id} · {self.pick(bank.title_zh, bank.title_en)}"), bank.id,
                                        bank.id in chosen) for bank in banks], id="export-banks")
            # At and below the fold at 80x24: mounted just after the first paint, so the screen opens at once.
            with Lazy(Vertical(id="export-more")):
                with Horizontal(classes="export-row"):
                    yield Label(self.t("export.tags"), classes="export-label", markup=False)
                    yield answer_input(value=form["tags"], placeholder=self.t("export.tags.placeholder"),
                                       id="export-tags")
                with Horizontal(classes="export-row"):
                    yield Label(self.t("export.types"), classes="export-label", markup=False)
                    yield answer_input(value=form["types"], id="export-types",
                                       placeholder=self.t("export.types.placeholder", types=" ".join(QUESTION_TYPES)))
                yield Label(self.t("export.drills"), classes="export-heading", markup=False)
                with Horizontal(classes="export-row"):
                    yield Label(self.t("export.family"), classes="export-label", markup=False)
                    yield Select([(name, name) for name in FAMILIES], value=form["family"],
                                 prompt=self.t("export.family.none"), id="export-family")
                with Horizontal(classes="export-row"):
                    yield Label(self.t("export.difficulty"), classes="export-label", markup=False)
                    yield Select([(f"d{d}", d) for d in (1, 2, 3)], value=form["difficulty"], allow_blank=False,
                                 id="export-difficulty")
                    yield Label(self.t("export.count"), classes="export-short-label", markup=False)
                    yield answer_input(value=form["count"], type="integer", id="export-count")
                    yield Label(self.t("export.seed"), classes="export-short-label", markup=False)
                    yield answer_input(value=form["seed"], type="integer", id="export-seed")
                with Horizontal(classes="export-row"):
                    yield Checkbox(self.t("export.answers"), value=form["answers"], id="export-answers")
                    yield Label(self.t("export.language"), classes="export-short-label", markup=False)
                    yield Select([(self.t(f"lang.{code}"), code) for code in ("zh", "en", "both")],
                                 value=form["lang"] or self.language, allow_blank=False, id="export-lang")
        with Horizontal(id="export-bar"):
            yield Button(self.t("export.run"), id="export-run", variant="primary", disabled=self.running)
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
        yield Static(self.status, id="export-status", classes=self.status_class, markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#export-format", Select).focus()

    def _banks_heading(self, chosen: int, total: int) -> str:
        if not chosen:
            return self.t("export.banks.none")
        return self.t("export.banks.all" if chosen == total else "export.banks", n=chosen, total=total)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        if event.selection_list.id == "export-banks":
            self.query_one("#export-banks-heading", Label).update(
                self._banks_heading(len(event.selection_list.selected), event.selection_list.option_count))

    def _remember(self) -> None:
        query = self.query_one
        self.form.update(
            format=query("#export-format", Select).value, path=query("#export-path", Input).value,
            banks=list(query("#export-banks", SelectionList).selected))
        if not self.query("#export-lang"):  # the lazy rows are not mounted yet: the form still holds them
            return
        self.form.update(
            tags=query("#export-tags", Input).value, types=query("#export-types", Input).value,
            family=query("#export-family", Select).value, difficulty=query("#export-difficulty", Select).value,
            count=query("#export-count", Input).value, seed=query("#export-seed", Input).value,
            answers=query("#export-answers", Checkbox).value, lang=query("#export-lang", Select).value)

    async def rebuild(self) -> None:
        self._remember()
        await super().rebuild()

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new format gives the output file that format's extension (if it had one of ours)."""
        if event.select.id != "export-format" or event.value not in EXTENSIONS:
            return
        box = self.query_one("#export-path", Input)
        path = Path(box.value.strip())
        if box.value.strip() and path.suffix.lower() in EXTENSIONS.values():
            box.value = str(path.with_suffix(EXTENSIONS[event.value]))

    # ---------------------------------------------------------------- running
    def _show(self, message: str, kind: str = "") -> None:
        self.status, self.status_class = message, kind
        status = self.query_one("#export-status", Static)
        status.set_classes(kind)
        status.update(message)

    def _request(self):
        """(Selection, path, format, lang, answers) from the form, or None after showing what is wrong."""
        from quizapp.export.selection import Selection

        self._remember()
        form = self.form
        numbers = {}
        for field in ("count", "seed"):
            try:
                numbers[field] = int(form[field])
                if numbers[field] < 0:
                    raise ValueError(field)
            except ValueError:
                self._show(self.t("export.bad_number", field=self.t(f"export.{field}")), "export-error")
                return None
        family = form["family"]
        families = (family,) if isinstance(family, str) and family else ()
        if not form["banks"] and not families:
            self._show(self.t("export.nothing"), "export-error")
            return None
        if not form["path"].strip():
            self._show(self.t("export.no_path"), "export-error")
            return None
        selection = Selection(banks=tuple(form["banks"]), tags=_split(form["tags"]), types=_split(form["types"]),
                              families=families, difficulty=form["difficulty"], count=numbers["count"],
                              seed=numbers["seed"])
        path = Path(form["path"].strip()).expanduser()
        return selection, path, form["format"], form["lang"], form["answers"]

    def action_run(self) -> None:
        if self.running:
            return
        request = self._request()
        if request is None:
            return
        from quizapp.export import planned_files

        selection, path, format_name, lang, answers = request
        existing = [target for target in planned_files(path, format_name, answers) if target.is_file()]
        if not existing:
            self._start(request, force=False)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(request, force=True)
            else:
                self._show(self.t("export.kept", path=existing[0]), "export-error")

        self.app.push_screen(ConfirmReplace(self.t("export.exists", path=existing[0]), self.t("export.replace"),
                                            self.t("export.keep")), answered)

    def _start(self, request, force: bool) -> None:
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        self.query_one("#export-progress", ProgressBar).update(total=100, progress=0)
        self._show(self.t("export.running"))
        self._export(request, force, self.services.banks.banks)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request, force: bool, banks) -> None:
        """In a thread: collect and write, moving the bar; the result goes back to the app thread."""
        from quizapp.errors import UserError
        from quizapp.export import collect, export_set

        selection, path, format_name, lang, answers = request
        shown = [-1]

        def tell(callback, *args) -> None:
            try:
                self.app.call_from_thread(callback, *args)
            except RuntimeError:  # the app closed while we were writing: nobody to tell
                pass

        def report(done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            if percent != shown[0]:
                shown[0] = percent
                tell(self._progress, percent)

        try:
            items = collect(selection, banks)  # the drills' codes: they are generated as they are written
            written = export_set(items, path, format_name, lang=lang, answers=answers, force=force,
                                 progress=report)
        except UserError as error:
            tell(self._finished, None, str(error))
        except Exception as error:  # a bug or an odd file system: a message, never a traceback
            tell(self._finished, None, f"{type(error).__name__}: {error}")
        else:
            tell(self._finished, (items, written), None)

    def _progress(self, percent: int) -> None:
        if self.is_attached:
            self.query_one("#export-progress", ProgressBar).update(progress=percent)

    def _finished(self, result, error: str | None) -> None:
        self.running = False
        if not self.is_attached:
            return
        self.query_one("#export-run", Button).disabled = False
        if error is not None:
            self._show(self.t("export.failed", error=error), "export-error")
            return
        items, written = result
        self.query_one("#export-progress", ProgressBar).update(progress=100)
        from quizapp.wording import count_of

        self._show(self.t("export.done", questions=len(items.questions), drills=len(items.drills),
                          question_count=count_of(len(items.questions), "question"),
                          drill_count=count_of(len(items.drills), "drill"),
                          paths=", ".join(str(path) for path in written)), "export-done")
        self._keep_path(str(Path(self.form["path"].strip()).expanduser().resolve()))

    def _keep_path(self, path: str) -> None:
        """Offer this file again the next time (a settings file to repair is left as it is)."""
        from dataclasses import replace

        settings = self.services.settings
        if settings.warnings or settings.export_path == path or len(path) > 1000 or not path.isprintable():
            return
        try:
            self.services.save_settings(replace(settings, export_path=path))
        except (OSError, ValueError) as error:
            self.log.error(f"the export path could not be kept: {error!r}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-run":
            event.stop()
            self.action_run()

    def action_back(self) -> None:
        self.app.pop_screen()

"""Every word the app itself shows, in Chinese and English, in one place.

The language setting is "zh", "en" or "both"; "both" shows the Chinese text, then the English
(see solver.bilingual, the one rule every layer follows). Content (questions, explanations,
mistakes) carries its own zh/en fields; `pick` chooses between such a pair the same way, so every
piece of text on screen and on the command line follows one setting.
"""

from __future__ import annotations

from solver.bilingual import LANGUAGES, Bilingual, pick

__all__ = ["LANGUAGES", "Bilingual", "pick", "text", "STRINGS", "VERDICT_WORDS", "TYPE_NAMES", "TYPE_TAGS",
           "RATING_WORDS", "PHASE_TITLES", "type_name", "type_tag", "words"]

STRINGS: dict[str, tuple[str, str]] = {
    # application and home
    "app.title": ("反向传播练习", "Backprop drills"),
    "home.heading": ("今天练什么？", "What shall we practise?"),
    "home.interview": ("面试题", "Interview questions"),
    "home.interview.help": ("概念题：作答、看要点、自评", "Concept questions: answer, compare, rate yourself"),
    "home.drill": ("反向传播演算", "Backprop drill"),
    "home.drill.help": ("一步一步算，逐步批改", "Work it out step by step, graded as you go"),
    "home.review": ("复习", "Review"),
    "home.review.help": ("到期的和新的卡片，概念和演算混合", "Due and new cards, concepts and drills mixed"),
    "home.review.due": ("{n} 张到期", "{n} due"),
    "home.review.new": ("{n} 张新卡", "{n} new"),
    "home.review.counting": ("正在统计…", "counting…"),
    "home.continue": ("继续", "Continue"),
    "home.continue.help": ("接着上次没做完的题", "the problem you left unfinished"),
    "home.mock": ("模拟面试", "Mock interview"),
    "home.mock.help": ("限时：概念题加一道白板推导，最后出报告", "Timed: concept questions, one whiteboard problem, a report"),
    "home.stats": ("统计", "Stats"),
    "home.stats.help": ("正确率、复习次数、常犯错误", "Accuracy, reviews, common mistakes"),
    "home.export": ("导出", "Export"),
    "home.export.help": ("导出题目到 Anki 或其他格式", "Export questions to Anki and other formats"),
    "home.settings": ("设置", "Settings"),
    "home.settings.help": ("语言、主题、每日新卡、难度、有效数字", "Language, theme, new cards, difficulty, significant figures"),
    "home.article": ("文章里的四道面试题", "The article's four interview questions"),
    "home.article.missing": ("题库尚未载入", "the question bank is not available"),
    # the progress store failing (the app keeps answers in memory) and recovering
    "store.retry": ("无法保存进度：{detail}。你的答案暂存在内存中，本次会话内每次作答都会重试保存。",
                    "Progress cannot be saved: {detail}. Your answers are kept in memory and saving is retried "
                    "with every answer this session."),
    "store.memory": ("无法使用进度数据库：{detail}。本次会话的答案只保存在内存中，退出后不会保留。",
                     "The progress database cannot be used: {detail}. This session's answers are kept in memory "
                     "only and will not be kept after you quit."),
    "store.saved": ("进度已重新保存（包括暂存在内存中的 {detail} 条）。",
                    "Progress is being saved again ({detail} kept in memory are now saved)."),
    "store.subtitle": ("进度未保存：答案暂存在内存中", "progress not saved: answers kept in memory"),
    # bindings
    "key.quit": ("退出", "Quit"),
    "key.back": ("返回", "Back"),
    "key.open": ("打开", "Open"),
    "key.down": ("下移", "Down"),
    "key.up": ("上移", "Up"),
    "key.palette": ("命令", "Commands"),
    "key.hint": ("提示", "Hint"),
    "key.solution": ("解答", "Solution"),
    "key.next": ("下一题", "Next"),
    "key.skip": ("跳过", "Skip"),
    "key.reveal": ("看答案", "Reveal"),
    "key.save": ("保存", "Save"),
    "key.start": ("开始", "Start"),
    "key.end": ("结束", "End"),
    "key.pass": ("不会", "Pass"),
    "key.grid": ("逐格输入", "Entry grid"),
    "key.close": ("关闭", "Close"),
    "key.leave": ("离开输入框", "Leave the box"),
    "key.submit_answer": ("提交回答", "Submit answer"),
    # drill
    "drill.title": ("反向传播演算", "Backprop drill"),
    "drill.family": ("题型", "Family"),
    "drill.difficulty": ("难度", "Difficulty"),
    "drill.code": ("题目代码", "Problem code"),
    "drill.code.placeholder": ("或输入代码，如 mlp:2-3-1:sigmoid:half_sse:d1#7", "or type a code, e.g. mlp:2-3-1:sigmoid:half_sse:d1#7"),
    "drill.start": ("开始", "Start"),
    "drill.given": ("已知", "Given"),
    "drill.network": ("网络", "Network"),
    "drill.steps": ("逐步作答，数值保留 {figures} 位有效数字（回车批改）",
                    "Answer each step to {figures} significant figures (Enter grades it)"),
    "drill.step.placeholder": ("数值、[..] 向量、[[..]] 矩阵或 undefined", "a number, [..] vector, [[..]] matrix or undefined"),
    "drill.symbolic.placeholder": ("用 z 写出表达式，如 sigmoid(z)*(1-sigmoid(z))", "an expression in z, e.g. sigmoid(z)*(1-sigmoid(z))"),
    "drill.hint": ("公式", "Formula"),
    "drill.network.task": ("算出正向、损失、反向和一步更新的每个值。",
                           "Work out every forward, loss, backward and update value."),
    "drill.keys": ("空框 h 提示 s 解答 n 下一题 · Esc 离开输入框 · Ctrl+G 逐格",
                   "empty box: h hint, s solution, n next · Esc leaves the box · Ctrl+G grid"),
    "drill.solution": ("完整解答", "Worked solution"),
    "drill.done": ("本题完成：{grade}", "Problem done: {grade}"),
    "drill.bad_code": ("代码有误：{error}", "Bad code: {error}"),
    "drill.grid": ("逐格输入", "entry grid"),
    "drill.revealed": ("已揭晓", "revealed"),
    # the hint ladder: each rung, and what it costs the skill's rating
    "drill.rung.1": ("公式", "the formula"),
    "drill.rung.2": ("代入数值的公式", "the formula with the numbers"),
    "drill.rung.3": ("这一步的值", "the value"),
    "drill.cost.1": ("评分最多“良好”", "rating at most Good"),
    "drill.cost.2": ("评分最多“困难”", "rating at most Hard"),
    "drill.cost.3": ("这一步算作未完成：评分“忘了”", "the step counts as not done: Again"),
    "drill.hint.shown": ("提示 {n}/3 · {rung}（{cost}）", "Hint {n}/3 · {rung} ({cost})"),
    "drill.hint.next": ("再按 h：{rung}（{cost}）", "h again: {rung} ({cost})"),
    "drill.retry": ("改一改再回车重答（不会显示正确值）；原样回车则保留这个答案继续，后面的步骤按它批改",
                    "edit and Enter to try again (the value is not given away); Enter on the same answer keeps "
                    "it and goes on, later steps graded from it"),
    "drill.try": ("第 {n} 次作答", "try {n}"),
    "drill.kept": ("保留了这个答案", "kept"),
    "drill.summary": ("{first}/{steps} 步一次做对 · {retried} 步重答后做对 · 提示 {hints} 级 · 评分：{rating}",
                      "{first}/{steps} steps right first try · {retried} at a later try · {hints} hint rungs · "
                      "rating: {rating}"),
    "drill.peek": ("只显示已作答的 {done}/{steps} 步。r 揭晓其余 {left} 步（它们算作未完成）",
                   "Showing the {done}/{steps} steps answered so far. r reveals the other {left} (they count as not done)"),
    "drill.peek.confirm": ("揭晓其余 {left} 步？本题将以“未完成”结束。y 确定，n 取消",
                           "Reveal the other {left} steps? The problem then ends as not done. y: yes, n: no"),
    "key.reveal_rest": ("揭晓其余", "Reveal the rest"),
    "key.yes": ("确定", "Yes"),
    "key.no": ("取消", "No"),
    "drill.resumed": ("接着上次做：{total} 步中已有 {n} 步的答案", "Picked up where you left off: {n} of {total} steps answered"),
    "grade.first_try": ("一次全对", "all right first time"),
    "grade.formula": ("一次全对（看过公式）", "all right first time, with a formula looked up"),
    "grade.retried": ("全对，有的步骤是重答才对", "all right, some steps at a later try"),
    "grade.carried_forward": ("带着前面的错误算对了", "right after an earlier slip"),
    "grade.hints": ("用了提示", "with hints"),
    "grade.wrong": ("有错", "with mistakes"),
    "verdict.correct": ("✓ 正确", "✓ correct"),
    "verdict.close": ("✓ 接近（在容差内）", "✓ close (within tolerance)"),
    "verdict.more_digits": ("… 请多保留几位", "… keep more digits"),
    "verdict.consistent": ("✓ 与你前面的答案一致", "✓ consistent with your earlier answer"),
    "verdict.wrong": ("✗ 错误", "✗ wrong"),
    "verdict.refused": ("? 不算作答，请再答", "? not counted, answer again"),
    "verdict.carried": ("（用你前面的值算，这一步本身是对的）", "(worked from your earlier value: this step itself is right)"),
    "mistake.named": ("⚑ 常见错误：{name}", "⚑ known mistake: {name}"),
    # quiz
    "quiz.title": ("面试题", "Interview questions"),
    "questions.answered": ("已答 {n} 题", "{n} answered"),
    "questions.record": ("[答过 {answers} 次，对 {right} 次]", "[answered {answers}×, {right} right]"),
    "questions.filter": ("筛选：题目里的词、编号、标签或题型", "Filter: words of the question, an id, a topic or a type"),
    "questions.none": ("没有符合筛选的题目", "No question matches the filter"),
    "key.filter": ("筛选", "Filter"),
    "quiz.answer.placeholder": ("写下你的回答", "Write your answer"),
    "quiz.open.placeholder": ("用自己的话写下回答（回车换行，Ctrl+S 提交）",
                              "Write your answer in your own words (Enter: new line, Ctrl+S: submit)"),
    "quiz.model": ("参考答案", "Model answer"),
    "quiz.points": ("要点", "Key points"),
    "quiz.covered": ("✓ 答到了", "✓ covered"),
    "quiz.missed": ("✗ 漏了", "✗ missed"),
    "quiz.rate": ("自评：1 忘了  2 困难  3 良好  4 轻松", "Rate: 1 again  2 hard  3 good  4 easy"),
    "quiz.rated": ("已记录：{rating}", "Saved: {rating}"),
    "quiz.choices": ("按数字键选择，多选题按回车提交", "Press a digit to choose; Enter submits a multiple choice"),
    "quiz.truefalse": ("t 对，f 错", "t true, f false"),
    "quiz.empty": ("没有题目", "No questions"),
    "quiz.note": ("注", "Note"),
    "quiz.position": ("第 {i}/{n} 题", "question {i}/{n}"),
    "quiz.true": ("对", "true"),
    "quiz.false": ("错", "false"),
    # review
    "review.title": ("复习", "Review"),
    "review.empty": ("今天没有到期的卡片，也没有新卡", "Nothing is due today, and no new cards"),
    "review.progress": ("第 {i}/{n} 张", "card {i}/{n}"),
    "review.summary": ("本次小结", "Session summary"),
    "review.score": ("得分 {right}/{total}", "score {right}/{total}"),
    "review.time": ("用时 {seconds} 秒", "time {seconds} s"),
    "review.mistakes": ("出现的错误：{names}", "mistakes: {names}"),
    "review.next_due": ("下一张到期：{when}", "next due: {when}"),
    "review.none_due": ("没有排期中的卡片", "no cards scheduled"),
    # stats
    "stats.title": ("统计", "Stats"),
    "stats.per_day": ("每天复习次数", "Reviews per day"),
    "stats.by_family": ("各题型正确率", "Accuracy by family"),
    "stats.empty": ("还没有记录", "Nothing recorded yet"),
    "stats.loading": ("正在统计……", "Counting…"),
    # settings
    "settings.title": ("设置", "Settings"),
    "settings.language": ("语言", "Language"),
    "settings.theme": ("主题", "Theme"),
    "settings.new_per_day": ("每日新卡上限", "New cards per day"),
    "settings.difficulty": ("默认难度", "Default difficulty"),
    "settings.figures": ("有效数字位数", "Significant figures"),
    "settings.saved": ("设置已保存", "Settings saved"),
    "settings.invalid": ("无效的值：{field}", "Invalid value: {field}"),
    "lang.zh": ("中文", "中文"),
    "lang.en": ("English", "English"),
    "lang.both": ("中英双语", "both"),
    # ---- export screen and "my own problem" (tuix branch: keep this block last) ----
    "key.own": ("自己的题", "My own problem"),
    "key.export": ("导出", "Export"),
    "own.title": ("自己的题", "My own problem"),
    "own.open": ("自己的题…", "My own problem…"),
    "own.network": ("网络（JSON/TOML）", "Network (JSON/TOML)"),
    "own.expression": ("表达式", "Expression"),
    "own.format": ("格式", "Format"),
    "own.format.auto": ("自动", "automatic"),
    "own.example": ("示例", "Example"),
    "own.network.placeholder": ("粘贴或输入网络：x、t、layers（W、b、activation）、loss、lr，"
                                "与 quizapp solve --network 的文件相同；按“示例”看格式",
                                "Paste or type a network: x, t, layers (W, b, activation), loss, lr, "
                                "as in a quizapp solve --network file; press Example to see one"),
    "own.expr": ("表达式", "Expression"),
    "own.at": ("取值", "Values"),
    "own.expression.help": ("例如 (x + y) * z，取值 x=-2, y=5, z=-4；可写 L = … 给输出命名",
                            "e.g. (x + y) * z at x=-2, y=5, z=-4; write L = … to name the output"),
    "own.start": ("开始演算 (Ctrl+S)", "Drill it (Ctrl+S)"),
    "own.network.empty": ("网络是空的：请粘贴或输入 JSON 或 TOML", "The network is empty: paste or type JSON or TOML"),
    "own.network.bad": ("网络有误：{error}", "The network has a problem: {error}"),
    "own.expr.empty": ("请输入表达式，例如 (x + y) * z", "Type an expression, e.g. (x + y) * z"),
    "own.at.empty": ("请给出每个变量的值，例如 x=-2, y=5, z=-4", "Give every variable a value, e.g. x=-2, y=5, z=-4"),
    "export.title": ("导出题目", "Export questions"),
    "export.format": ("格式", "Format"),
    "export.banks": ("题库（已选 {n}/{total} 个）", "Banks ({n} of {total} chosen)"),
    "export.banks.all": ("题库（{total} 个全选）", "Banks (all {total} chosen)"),
    "export.banks.none": ("题库（一个也没选：不含题库题目）", "Banks (none chosen: no bank questions)"),
    "export.tags": ("标签", "Tags"),
    "export.tags.placeholder": ("可选，逗号分隔，如 chain-rule", "optional, comma separated, e.g. chain-rule"),
    "export.types": ("题型", "Types"),
    "export.types.placeholder": ("可选，逗号分隔：{types}", "optional, comma separated: {types}"),
    "export.drills": ("生成的演算题", "Generated drills"),
    "export.family": ("题型", "Family"),
    "export.family.none": ("不要演算题", "no drills"),
    "export.difficulty": ("难度", "Difficulty"),
    "export.count": ("数量", "Count"),
    "export.seed": ("种子", "Seed"),
    "export.answers": ("包含答案和解答", "With answers and solutions"),
    "export.language": ("语言", "Language"),
    "export.output": ("输出文件", "Output file"),
    "export.run": ("导出", "Export"),
    "export.running": ("正在导出…", "Exporting…"),
    "export.done": ("已写入 {questions} 道题目和 {drills} 道演算题：{paths}",
                    "Wrote {question_count} and {drill_count} to {paths}"),
    "export.failed": ("没有导出：{error}", "Not exported: {error}"),
    "export.bad_number": ("{field} 必须是整数", "{field} must be a whole number"),
    "export.nothing": ("请选择题库或演算题型", "Choose some banks or a drill family"),
    "export.no_path": ("请填写输出文件", "Give an output file"),
    "export.exists": ("{path} 已存在。替换它吗？", "{path} already exists. Replace it?"),
    "export.replace": ("替换", "Replace"),
    "export.keep": ("保留原文件", "Keep it"),
    "export.kept": ("没有写入：{path} 已存在，保留原文件", "Nothing written: {path} exists and was kept"),
}


# ---- tables: the words for each value of a field, shown by the CLI, the screens and the exports ----

# A graded step's verdict in a word (the plain drill, `check`, summaries).
VERDICT_WORDS: dict[str, Bilingual] = {
    "correct": Bilingual("正确", "correct"),
    "close": Bilingual("接近", "close"),
    "consistent": Bilingual("与前面一致", "consistent"),
    "more_digits": Bilingual("请多保留几位", "keep more digits"),
    "wrong": Bilingual("错误", "wrong"),
    "refused": Bilingual("无法读取", "refused"),
    "revealed": Bilingual("看了答案", "revealed"),
    "skipped": Bilingual("跳过", "skipped"),
}

# A question's type in full, as a heading names it (the Markdown export).
TYPE_NAMES: dict[str, Bilingual] = {
    "open": Bilingual("简答", "open answer"),
    "single": Bilingual("单选", "single choice"),
    "multiple": Bilingual("多选", "multiple choice"),
    "truefalse": Bilingual("判断", "true or false"),
    "numeric": Bilingual("数值", "numeric"),
    "symbolic": Bilingual("公式", "formula"),
    "step": Bilingual("计算步骤", "drill step"),
}

# A question's type as a short tag in a list row (the question list, and what its filter matches).
TYPE_TAGS: dict[str, Bilingual] = {
    "open": Bilingual("问答", "open"),
    "single": Bilingual("单选", "single"),
    "multiple": Bilingual("多选", "multiple"),
    "truefalse": Bilingual("判断", "true/false"),
    "numeric": Bilingual("数值", "numeric"),
    "symbolic": Bilingual("公式", "formula"),
    "step": Bilingual("演算步", "step"),
}

# The four self-ratings of an open answer, by the key that gives them (FSRS: again/hard/good/easy).
RATING_WORDS: dict[int, Bilingual] = {
    1: Bilingual("忘了", "again"),
    2: Bilingual("困难", "hard"),
    3: Bilingual("良好", "good"),
    4: Bilingual("轻松", "easy"),
}

# The phases of a worked solution, in the order they come.
PHASE_TITLES: dict[str, Bilingual] = {
    "forward": Bilingual("正向传播", "forward pass"),
    "loss": Bilingual("损失", "loss"),
    "backward": Bilingual("反向传播", "backward pass"),
    "update": Bilingual("参数更新", "update"),
}


def type_name(kind: str) -> Bilingual:
    """A question type's name in full; a type we have no words for shows as itself."""
    return TYPE_NAMES.get(kind, Bilingual(kind, kind))


def type_tag(kind: str) -> Bilingual:
    """A question type's short tag; a type we have no words for shows as itself."""
    return TYPE_TAGS.get(kind, Bilingual(kind, kind))


def words(key: str) -> Bilingual:
    """An interface string as a Bilingual, for building a message from parts."""
    zh, en = STRINGS[key]
    return Bilingual(zh, en)


def text(key: str, language: str, separator: str = " / ", **values: object) -> str:
    """An interface string in the language setting. A Bilingual value fills the Chinese template
    with its Chinese and the English with its English: "已记录：3 良好 / Saved: 3 good", not each
    side carrying both."""
    phrase = words(key)
    return (phrase.format(**values) if values else phrase).pick(language, separator)

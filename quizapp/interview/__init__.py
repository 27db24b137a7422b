"""The mock interview: planning from a seed (plan), scoring and advice (report), its text (text).

Pure logic shared by the interview screen and `quizapp interview --plain`; no I/O, no UI.
"""

from quizapp.interview.plan import (DEFAULT_MINUTES, DEFAULT_QUESTIONS, WHITEBOARD_FAMILIES, InterviewPlan,
                                    PlanError, concept_pool, plan_interview)
from quizapp.interview.report import (ConceptAnswer, InterviewReport, ReviewItem, StepResult, TopicScore,
                                      build_report, step_names, steps_from_records)

__all__ = ["DEFAULT_MINUTES", "DEFAULT_QUESTIONS", "WHITEBOARD_FAMILIES", "ConceptAnswer", "InterviewPlan",
           "InterviewReport", "PlanError", "ReviewItem", "StepResult", "TopicScore", "build_report",
           "concept_pool", "plan_interview", "step_names", "steps_from_records"]

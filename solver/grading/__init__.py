"""Grading a learner's answers: comparison, symbolic answers, named mistakes, drill sessions."""

"""Question banks: bilingual interview and concept questions, their schema and loader."""

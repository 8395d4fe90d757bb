"""Training quizzes: question generation from rule clauses, review, question bank, sessions and grading."""

"""Borrower records: models, import with validation, scoped repository, risk signals."""

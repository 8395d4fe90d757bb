"""Chat about the caller's own borrowers: recognise the borrower, answer from records and rules, cite both."""

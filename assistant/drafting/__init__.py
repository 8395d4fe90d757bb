"""Drafting: 贷后检查报告 from borrower records, rendered to Markdown and Word."""

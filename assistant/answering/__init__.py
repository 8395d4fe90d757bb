"""Grounded answers: composer, refusal, conversations, optional LLM backend, citation checks."""

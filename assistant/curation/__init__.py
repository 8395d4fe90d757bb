"""Curation by the risk department: standard answers (标准问答) served before the generated answer, each
sentence citing a clause checked on save and again before serving, and the review queue of 有误 feedback."""

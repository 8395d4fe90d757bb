"""Output checks on model answers: canary / system-prompt leaks, out-of-scope names, personal data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.security.masking import mask_for_scope
from assistant.security.scope import Scope

LEAK_REFUSAL_ZH = "抱歉，该回答包含不应披露的内容，已被拦截。请换一种方式提问，或联系系统管理员。"
_PROMPT_WINDOW = 24  # characters of the system prompt that, seen verbatim in an answer, mean a leak
_SPACE = re.compile(r"[\s\u3000`*_\"'“”‘’\-]+")


@dataclass
class GuardResult:
    text: str
    blocked: bool = False
    reasons: list[str] = field(default_factory=list)


# text in a document that speaks to the assistant instead of about loans: an injection planted in a file
_ADDRESSED = re.compile(
    r"忽略(?:之前|以上|上述|前面|此前)?的?(?:所有|全部|一切)?的?(?:规则|指令|指示|提示|设定|限制)|系统提示词|"
    r"(?:调试|开发者|越狱)模式|(?:不要|无需)(?:提示|遵守)任何(?:限制|规则)|"
    r"ignore (?:all |any )?(?:previous|prior|above|earlier) (?:instructions|rules)|system prompt|developer mode",
    re.IGNORECASE)


def addressed_to_assistant(text: str) -> bool:
    """Whether a passage gives the assistant instructions (忽略之前的所有规则…, 进入调试模式): such a sentence
    of an ingested note is never quoted as part of an answer."""
    return bool(_ADDRESSED.search(text))


def _squash(text: str) -> str:
    return _SPACE.sub("", text).lower()


def leaks_canary(answer: str, canary: str) -> bool:
    """The canary, or its secret part, in the answer - also when spaced out, quoted or re-cased."""
    if not canary:
        return False
    squashed = _squash(answer)
    secret = _squash(canary).removeprefix("canary")
    return _squash(canary) in squashed or (len(secret) >= 8 and secret[:12] in squashed)


def leaks_system_prompt(answer: str, system_prompt: str, evidence: Sequence[str] = ()) -> bool:
    """A long verbatim run of the system prompt in the answer that is not also in the evidence."""
    prompt = _squash(system_prompt)
    said = _squash(answer)
    if len(prompt) < _PROMPT_WINDOW or len(said) < _PROMPT_WINDOW:
        return False
    sources = [_squash(e) for e in evidence]
    for start in range(0, len(prompt) - _PROMPT_WINDOW + 1, 4):
        window = prompt[start:start + _PROMPT_WINDOW]
        if window in said and not any(window in s for s in sources):
            return True
    return False


def mentions_hidden(answer: str, hidden_names: Iterable[str]) -> list[str]:
    return [name for name in hidden_names if len(name) >= 2 and name in answer]


def guard_answer(answer: str, scope: Scope, *, evidence: Sequence[str] = (), canary: str = "",
                 system_prompt: str = "", hidden_names: Iterable[str] = ()) -> GuardResult:
    """Check a model's answer before anyone sees it.

    Blocked (replaced by a refusal) when it carries the canary, a verbatim piece of the system
    prompt, or the name of a borrower outside the caller's scope; otherwise personal data is masked
    for the caller's role (numbers not present in the in-scope evidence are always masked).
    """
    reasons = []
    if leaks_canary(answer, canary):
        reasons.append("canary")
    if system_prompt and leaks_system_prompt(answer, system_prompt, evidence):
        reasons.append("system_prompt")
    leaked = mentions_hidden(answer, hidden_names)
    if leaked:
        reasons.append("out_of_scope")
    if reasons:
        return GuardResult(LEAK_REFUSAL_ZH, blocked=True, reasons=reasons)
    masked = mask_for_scope(answer, scope, evidence)
    return GuardResult(masked, reasons=["masked"] if masked != answer else [])

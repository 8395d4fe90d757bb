"""Checks on a question before anything is searched: empty, too long, binary or control characters."""

from __future__ import annotations

import unicodedata

from assistant.errors import TooLarge, UserError

_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def check_question(question: object, max_chars: int) -> str:
    """The question stripped of surrounding whitespace, or a UserError with a precise Chinese message."""
    if isinstance(question, (bytes, bytearray)):
        raise UserError("问题必须是文本，不能是二进制数据。")
    if not isinstance(question, str):
        raise UserError("问题必须是文本。")
    text = question.strip()
    if not text:
        raise UserError("问题不能为空，请输入要咨询的内容。")
    if len(text) > max_chars:
        raise TooLarge(f"问题过长：共 {len(text)} 个字符，最多允许 {max_chars} 个字符，请精简后再问。")
    for position, char in enumerate(text, start=1):
        if char == "\x00" or char == "\ufffd":
            raise UserError(f"问题中含有二进制数据（第 {position} 个字符），请只输入文字。")
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs", "Co"):
            raise UserError(f"问题中含有不可见的控制字符（第 {position} 个字符，U+{ord(char):04X}），请删除后再问。")
    if not any(unicodedata.category(char)[0] in "LN" for char in text):  # ？？？！！, ……, 👍
        raise UserError("问题中只有标点或符号，没有文字，请输入要咨询的内容。")
    return text

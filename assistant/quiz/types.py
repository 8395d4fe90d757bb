"""Quiz value types: one question item (the `quiz generate --json` shape) and a generated quiz."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

ItemType = Literal["single", "multiple", "true_false", "fill"]
ITEM_TYPES: tuple[ItemType, ...] = ("single", "multiple", "true_false", "fill")
TYPE_NAMES = {"single": "单选题", "multiple": "多选题", "true_false": "判断题", "fill": "填空题"}
BLANK = "（　　）"


@dataclass
class Citation:
    doc_title: str
    article: str
    quote: str


@dataclass
class Evidence:
    """What one shown statement claims against the clause: the original text and what the item shows."""

    original: str
    shown: str
    lead: str = ""
    true: bool = True
    key: str = ""  # the fact value the item tests ("90天")
    replacement: str = ""  # false statements: the value put in place of the key


@dataclass
class QuizItem:
    id: str
    type: ItemType
    stem: str
    options: dict[str, str]
    answer: str
    explanation: str
    citation: Citation
    topic: str
    difficulty: str  # 易 | 中 | 难
    evidence: list[Evidence] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # identities of the facts tested (no two items share one)
    chunk_id: str = ""
    source: str = "rule"  # rule | llm

    def as_json(self) -> dict:
        """The public shape of architecture.md (no internal evidence)."""
        return {"id": self.id, "type": self.type, "stem": self.stem, "options": dict(self.options),
                "answer": self.answer, "explanation": self.explanation, "citation": asdict(self.citation),
                "topic": self.topic, "difficulty": self.difficulty}

    def as_record(self) -> dict:
        """Everything, for the question bank."""
        return {**self.as_json(), "evidence": [asdict(e) for e in self.evidence], "facts": list(self.facts),
                "chunk_id": self.chunk_id, "source": self.source}

    @classmethod
    def from_record(cls, data: dict) -> "QuizItem":
        return cls(id=data["id"], type=data["type"], stem=data["stem"], options=dict(data.get("options") or {}),
                   answer=data["answer"], explanation=data.get("explanation", ""),
                   citation=Citation(**data["citation"]), topic=data.get("topic", ""),
                   difficulty=data.get("difficulty", "中"),
                   evidence=[Evidence(**e) for e in data.get("evidence", [])],
                   facts=list(data.get("facts", [])), chunk_id=data.get("chunk_id", ""),
                   source=data.get("source", "rule"))


@dataclass
class GeneratedQuiz:
    items: list[QuizItem]
    generated: int  # items built before the automatic check
    discarded: int  # items that failed the automatic check
    seed: int
    possible: int = 0  # how many items the source could give with these options

    def as_json(self) -> dict:
        return {"items": [item.as_json() for item in self.items],
                "meta": {"generated": self.generated, "discarded": self.discarded, "emitted": len(self.items),
                         "seed": self.seed}}

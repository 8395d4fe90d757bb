"""Text from page images: the OCR engines a scanned PDF page goes through when it has no text layer.

Two engines run offline here. RapidOCR (PP-OCR models in ONNX, shipped inside its wheel) and Tesseract
(Debian's `tesseract-ocr-chi-sim`). `evals/ocr/run.py` measures both on generated scans of the sample
rule book; the default, "auto", takes the measured winner when it is installed and the other otherwise.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import threading
from typing import Protocol

from assistant.knowledge.ocr_repair import repair_page

ENGINES = ("rapidocr", "tesseract")
PREFERENCE = ("rapidocr", "tesseract")  # by character accuracy on evals/ocr (see evals/README.md)
RENDER_DPI = 200


class OcrUnavailable(RuntimeError):
    """No OCR engine is installed (or the configured one is not)."""


class OcrEngine(Protocol):
    name: str

    def read(self, image) -> str:
        """The text of one page image (PIL.Image), lines in reading order joined by "\n"."""


_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


# the wide space after an article label is read as a comma or a stroke: “第二条，客户经理…”
_ARTICLE_NOISE = re.compile(r"^(第[零一二三四五六七八九十百千]+条)[，,、.·|]\s*")


def tidy_line(line: str) -> str:
    """OCR engines put spaces between Chinese characters that the page did not have, and read the space
    after 第X条 as punctuation."""
    return _ARTICLE_NOISE.sub(r"\1　", _CJK_GAP.sub("", line.strip()))


def page_text(lines: list[str]) -> str:
    """What every engine hands on for a page: its lines tidied, empty ones dropped, and the misreadings that
    cost answers repaired (assistant/knowledge/ocr_repair.py). Text layers never pass here."""
    return repair_page("\n".join(line for line in map(tidy_line, lines) if line))


class RapidOcr:
    """RapidOCR's detection + recognition; boxes are grouped into lines by their vertical overlap."""

    name = "rapidocr"
    _lock = threading.Lock()
    _engine = None

    @classmethod
    def available(cls) -> bool:
        try:
            import rapidocr_onnxruntime  # noqa: F401
        except ImportError:
            return False
        return True

    def _model(self):
        with self._lock:
            if RapidOcr._engine is None:
                from rapidocr_onnxruntime import RapidOCR

                RapidOcr._engine = RapidOCR()
            return RapidOcr._engine

    def read(self, image) -> str:
        import numpy as np

        boxes, _ = self._model()(np.asarray(image.convert("RGB")))
        return page_text(_lines_from_boxes(boxes or []))


def _lines_from_boxes(boxes) -> list[str]:
    """[[corners, text, score], ...] → text lines, top to bottom, each left to right."""
    placed = []
    for corners, text, _score in boxes:
        ys = [point[1] for point in corners]
        xs = [point[0] for point in corners]
        placed.append((min(ys), max(ys), min(xs), max(xs), text))
    placed.sort(key=lambda box: (box[0] + box[1]) / 2)
    rows: list[list[tuple]] = []
    for box in placed:
        middle = (box[0] + box[1]) / 2
        if rows and rows[-1][0][0] <= middle <= rows[-1][0][1]:
            rows[-1].append(box)
        else:
            rows.append([box])
    lines = []
    for row in rows:
        row.sort(key=lambda box: box[2])
        pieces = [row[0][4]]
        for previous, box in zip(row, row[1:]):
            height = previous[1] - previous[0]
            gap = box[2] - previous[3]
            pieces.append(("　" if gap > 0.5 * height else "") + box[4])
        lines.append("".join(pieces))
    return lines


class Tesseract:
    """The `tesseract` command with the simplified-Chinese model, one uniform block per page."""

    name = "tesseract"

    @classmethod
    def available(cls) -> bool:
        if shutil.which("tesseract") is None:
            return False
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
        return "chi_sim" in listed.stdout.split()

    def read(self, image) -> str:
        buffer = io.BytesIO()
        image.convert("L").save(buffer, format="PNG")
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6",
                               "--dpi", str(RENDER_DPI)],
                              input=buffer.getvalue(), capture_output=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-200:] or "tesseract failed")
        return page_text(done.stdout.decode("utf-8", "replace").splitlines())


_CLASSES = {"rapidocr": RapidOcr, "tesseract": Tesseract}


def engine_for(choice: str) -> OcrEngine:
    """The engine named by ASSISTANT_OCR_ENGINE: "auto", "rapidocr" or "tesseract"."""
    if choice == "auto":
        for name in PREFERENCE:
            if _CLASSES[name].available():
                return _CLASSES[name]()
        raise OcrUnavailable("未安装 OCR 引擎（rapidocr-onnxruntime 或 tesseract-ocr-chi-sim）")
    if choice not in _CLASSES:
        raise OcrUnavailable(f"未知的 OCR 引擎 {choice}（可选 auto、{'、'.join(ENGINES)}）")
    if not _CLASSES[choice].available():
        raise OcrUnavailable(f"OCR 引擎 {choice} 未安装")
    return _CLASSES[choice]()

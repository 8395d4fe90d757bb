"""Generated scans: a markdown rule book rendered to A4 page images with scanner noise, saved as an
image-only PDF (no text layer), together with the text each page shows (the ground truth).

The noise is what a desk scanner adds to a printed 红头文件: a slight skew, blur from the optics, grain,
dust specks, a grey background and JPEG compression. `seed` makes a set reproducible.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from pathlib import Path

DPI = 200
PAGE_PX = (int(8.27 * DPI), int(11.69 * DPI))  # A4
MARGIN_PX = int(0.9 * DPI)
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)


@dataclass(frozen=True)
class Noise:
    skew_degrees: float = 0.6  # at most, either way
    blur_radius: float = 0.7
    grain_sigma: float = 12.0
    specks_per_page: int = 120
    background: int = 238  # paper grey, 255 is white
    jpeg_quality: int = 60

    @classmethod
    def clean(cls) -> Noise:
        return cls(skew_degrees=0, blur_radius=0, grain_sigma=0, specks_per_page=0, background=255,
                   jpeg_quality=95)


@dataclass(frozen=True)
class ScannedBook:
    pdf: bytes
    pages: list[str]  # the text each page shows, lines joined by "\n"


def font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError("no CJK font found (install fonts-wqy-microhei)")


def book_lines(markdown: str) -> list[str]:
    """The lines a printed copy shows: front matter dropped, heading marks removed, blank lines kept once."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    lines: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"^#+\s*", "", raw).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines


def _wrap(line: str, font, width: int) -> list[str]:
    if not line:
        return [""]
    out, current = [], ""
    for char in line:
        if font.getlength(current + char) > width:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return out


def render_pages(lines: list[str], *, font_size_pt: float = 12) -> list[list[str]]:
    """Lines wrapped to the text width and split into pages."""
    from PIL import ImageFont

    font = ImageFont.truetype(font_path(), int(font_size_pt / 72 * DPI))
    width = PAGE_PX[0] - 2 * MARGIN_PX
    line_height = int(font.size * 1.6)
    per_page = (PAGE_PX[1] - 2 * MARGIN_PX) // line_height
    wrapped = [piece for line in lines for piece in _wrap(line, font, width)]
    pages = [wrapped[i:i + per_page] for i in range(0, len(wrapped), per_page)]
    return [page for page in pages if any(page)]


def page_image(page: list[str], noise: Noise, rng: random.Random, *, font_size_pt: float = 12):
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(font_path(), int(font_size_pt / 72 * DPI))
    line_height = int(font.size * 1.6)
    image = Image.new("L", PAGE_PX, 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(page):
        draw.text((MARGIN_PX, MARGIN_PX + i * line_height), line, font=font, fill=20)
    if noise.skew_degrees:
        image = image.rotate(rng.uniform(-noise.skew_degrees, noise.skew_degrees), resample=Image.BICUBIC,
                             fillcolor=255)
    if noise.blur_radius:
        image = image.filter(ImageFilter.GaussianBlur(noise.blur_radius))
    pixels = np.asarray(image, dtype=np.float32) * (noise.background / 255)
    if noise.grain_sigma:
        pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, noise.grain_sigma, pixels.shape)
    for _ in range(noise.specks_per_page):
        x, y = rng.randrange(PAGE_PX[0] - 4), rng.randrange(PAGE_PX[1] - 4)
        size = rng.choice((1, 2, 2, 3))
        pixels[y:y + size, x:x + size] = rng.randrange(0, 90)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=noise.jpeg_quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def scan_book(markdown: str, *, noise: Noise | None = None, seed: int = 7, max_pages: int | None = None,
              ) -> ScannedBook:
    """An image-only PDF of the rule book and the text of each page."""
    noise = noise or Noise()
    rng = random.Random(seed)
    pages = render_pages(book_lines(markdown))[:max_pages]
    images = [page_image(page, noise, rng) for page in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return ScannedBook(pdf=buffer.getvalue(), pages=["\n".join(page) for page in pages])


def comparable(text: str) -> str:
    """Text reduced to what character accuracy is measured on: no whitespace, full-width punctuation."""
    table = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})
    return re.sub(r"\s+", "", text).translate(table)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def character_accuracy(truth: str, read: str) -> float:
    """1 − edit distance / length of the truth, on comparable text (the usual OCR character accuracy)."""
    truth, read = comparable(truth), comparable(read)
    if not truth:
        return 1.0 if not read else 0.0
    return max(0.0, 1 - edit_distance(truth, read) / len(truth))

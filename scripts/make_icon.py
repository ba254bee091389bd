"""Draws the application icon: a school roof over three rising bars on a deep-blue rounded square.

Writes shnor_desktop/resources/icons/shnor.png (256 px), shnor.ico (16…256 px) and shnor.svg.
Run: .venv/bin/python scripts/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "shnor_desktop" / "resources" / "icons"
BLUE = (31, 78, 140, 255)
WHITE = (255, 255, 255, 255)
GOLD = (245, 183, 49, 255)
SIZES = (16, 24, 32, 48, 64, 128, 256)

# the mark in a 64-unit square: roof (a triangle), three bars rising left to right
ROOF = [(12, 27), (32, 11), (52, 27)]
BARS = [(17, 40, 24, 52), (28.5, 33, 35.5, 52), (40, 26, 47, 52)]
BASE = (14, 52, 50, 55)


def draw(size: int) -> Image.Image:
    scale = 4  # drawn large and reduced: smooth edges at every size
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 64
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=12 * unit, fill=BLUE)

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (x0 * unit, y0 * unit, x1 * unit, y1 * unit)

    if size >= 24:
        pen.polygon([(x * unit, y * unit) for x, y in ROOF], fill=GOLD)
    for index, bar in enumerate(BARS):
        pen.rectangle(box(*bar), fill=WHITE if index < 2 or size < 24 else GOLD)
    pen.rectangle(box(*BASE), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def svg() -> str:
    roof = " ".join(f"{x},{y}" for x, y in ROOF)
    colours = ["#fff", "#fff", "#f5b731"]
    bars = "".join(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{colour}"/>'
                   for colour, (x0, y0, x1, y1) in zip(colours, BARS, strict=True))
    x0, y0, x1, y1 = BASE
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
            '<rect width="64" height="64" rx="12" fill="#1f4e8c"/>'
            f'<polygon points="{roof}" fill="#f5b731"/>{bars}'
            f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="#fff"/></svg>\n')


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    images = [draw(size) for size in SIZES]
    images[-1].save(OUT / "shnor.png")
    images[-1].save(OUT / "shnor.ico", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    (OUT / "shnor.svg").write_text(svg(), encoding="utf-8")
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()

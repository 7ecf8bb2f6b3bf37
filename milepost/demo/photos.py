"""Illustrations standing in for readers' photos in the demo, drawn with Pillow.

No photos can be downloaded where the demo is loaded, so each story gets a simple landscape:
a road at sunrise, hills, a track, a finish line, a forest trail or a lake. Everything random
comes from a seeded generator, so the same story always gets the same JPEG bytes.
"""

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 1067
# ImageDraw does not anti-alias, so scenes are drawn at twice the size and shrunk.
SCALE = 2
W, H = WIDTH * SCALE, HEIGHT * SCALE

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    sky_top: RGB
    sky_horizon: RGB
    sun: RGB
    far: RGB
    near: RGB
    ground: RGB
    accent: RGB


PALETTES = {
    "sunrise": Palette(
        sky_top=(46, 62, 120),
        sky_horizon=(252, 178, 116),
        sun=(255, 236, 180),
        far=(150, 118, 150),
        near=(84, 86, 122),
        ground=(58, 64, 86),
        accent=(244, 238, 226),
    ),
    "morning": Palette(
        sky_top=(96, 156, 214),
        sky_horizon=(236, 232, 200),
        sun=(255, 250, 222),
        far=(136, 176, 160),
        near=(76, 132, 96),
        ground=(92, 120, 74),
        accent=(250, 250, 244),
    ),
    "dusk": Palette(
        sky_top=(44, 36, 92),
        sky_horizon=(236, 128, 130),
        sun=(255, 206, 160),
        far=(112, 76, 124),
        near=(64, 48, 88),
        ground=(48, 40, 66),
        accent=(250, 226, 210),
    ),
    "autumn": Palette(
        sky_top=(70, 130, 150),
        sky_horizon=(246, 214, 150),
        sun=(255, 240, 200),
        far=(196, 128, 74),
        near=(150, 72, 40),
        ground=(112, 84, 52),
        accent=(252, 244, 226),
    ),
    "winter": Palette(
        sky_top=(120, 158, 200),
        sky_horizon=(232, 238, 244),
        sun=(255, 255, 246),
        far=(164, 182, 204),
        near=(108, 130, 160),
        ground=(236, 240, 246),
        accent=(60, 72, 96),
    ),
    "summer": Palette(
        sky_top=(40, 120, 200),
        sky_horizon=(196, 228, 244),
        sun=(255, 252, 230),
        far=(110, 168, 120),
        near=(54, 118, 70),
        ground=(92, 146, 66),
        accent=(255, 255, 255),
    ),
}


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _gradient(top: RGB, bottom: RGB, size: tuple[int, int]) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    column.putdata([_mix(top, bottom, i / 255) for i in range(256)])
    # Smooth down the column, then copied across: far cheaper than a smooth 2D resize.
    column = column.resize((1, size[1]), Image.Resampling.BILINEAR)
    return column.resize(size, Image.Resampling.NEAREST)


def _sun(canvas: Image.Image, palette: Palette, centre: tuple[int, int], radius: int) -> None:
    # The glow is blurred at a small size and scaled up: blurring the full canvas is slow.
    small = 8
    glow = Image.new("L", (W // small, H // small), 0)
    x, y, r = centre[0] // small, centre[1] // small, radius * 3 // small
    ImageDraw.Draw(glow).ellipse((x - r, y - r, x + r, y + r), fill=150)
    glow = glow.filter(ImageFilter.GaussianBlur(r / 1.5)).resize((W, H), Image.Resampling.BILINEAR)
    canvas.paste(palette.sun, mask=glow)
    cx, cy = centre
    ImageDraw.Draw(canvas).ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), palette.sun
    )


def _ridge(rng: random.Random, base: int, amplitude: int) -> list[tuple[int, int]]:
    waves = [
        (rng.uniform(0.6, 1.0) / n, rng.uniform(1.0, 2.2) * n, rng.uniform(0, math.tau))
        for n in (1, 2, 4)
    ]
    points = []
    for x in range(0, W + 16, 16):
        t = x / W * math.pi
        height = sum(weight * math.sin(freq * t + phase) for weight, freq, phase in waves)
        points.append((x, round(base - amplitude * height)))
    return [(0, H), *points, (W, H)]


def _hills(draw: ImageDraw.ImageDraw, rng, palette: Palette, horizon: int, layers: int) -> None:
    for layer in range(layers):
        depth = layer / max(layers - 1, 1)
        colour = _mix(_mix(palette.far, palette.sky_horizon, 0.35), palette.near, depth)
        base = horizon - round(H * 0.06 * (1 - depth)) + round(H * 0.03 * depth)
        draw.polygon(_ridge(rng, base, round(H * 0.05 + H * 0.03 * (1 - depth))), colour)


def _ground(canvas: Image.Image, palette: Palette, horizon: int) -> None:
    # Paler towards the horizon, as distant land is seen through more air.
    far = _mix(palette.ground, palette.sky_horizon, 0.3)
    canvas.paste(_gradient(far, palette.ground, (W, H - horizon)), (0, horizon))


def _road(draw: ImageDraw.ImageDraw, palette: Palette, horizon: int, vanish_x: int) -> None:
    asphalt = _mix((62, 62, 68), palette.sky_top, 0.15)
    draw.polygon(
        [(vanish_x - 6, horizon), (vanish_x + 6, horizon), (W * 0.86, H), (W * 0.14, H)], asphalt
    )
    # Dashes shrink towards the horizon so the road seems to run away from the viewer.
    y, length = float(H), H * 0.09
    while y - length > horizon + 4:
        t0, t1 = (y - horizon) / (H - horizon), (y - length - horizon) / (H - horizon)
        x0, x1 = vanish_x + (W / 2 - vanish_x) * t0, vanish_x + (W / 2 - vanish_x) * t1
        draw.polygon(
            [
                (x0 - 14 * t0, y),
                (x0 + 14 * t0, y),
                (x1 + 14 * t1, y - length),
                (x1 - 14 * t1, y - length),
            ],
            palette.accent,
        )
        y -= length * 1.9
        length *= 0.62


def _scene_road(canvas, draw, rng, palette) -> None:
    horizon = round(H * 0.58)
    _sun(canvas, palette, (round(W * rng.uniform(0.35, 0.65)), horizon - 40), round(H * 0.07))
    _hills(draw, rng, palette, horizon, 2)
    _ground(canvas, palette, horizon)
    _road(draw, palette, horizon, round(W * rng.uniform(0.45, 0.55)))


def _scene_hills(canvas, draw, rng, palette) -> None:
    horizon = round(H * 0.5)
    _sun(canvas, palette, (round(W * rng.uniform(0.15, 0.85)), round(H * 0.28)), round(H * 0.06))
    _hills(draw, rng, palette, horizon, 3)
    for layer in range(2):
        colour = _mix(palette.near, palette.ground, 0.5 + 0.5 * layer)
        draw.polygon(_ridge(rng, round(H * (0.68 + 0.12 * layer)), round(H * 0.04)), colour)


def _scene_track(canvas, draw, rng, palette) -> None:
    horizon = round(H * 0.42)
    _sun(canvas, palette, (round(W * rng.uniform(0.6, 0.85)), round(H * 0.2)), round(H * 0.05))
    _hills(draw, rng, palette, horizon, 2)
    _ground(canvas, palette, horizon)
    clay, infield = (190, 84, 64), _mix(palette.near, (70, 140, 70), 0.6)
    box = (W * -0.1, H * 0.5, W * 1.1, H * 1.35)
    draw.ellipse(box, clay)
    lanes = 6
    for lane in range(lanes + 1):
        inset_x, inset_y = lane * W * 0.035, lane * H * 0.03
        inner = (box[0] + inset_x, box[1] + inset_y, box[2] - inset_x, box[3] - inset_y)
        draw.ellipse(inner, outline=palette.accent, width=6)
    inset_x, inset_y = (lanes + 0.3) * W * 0.035, (lanes + 0.3) * H * 0.03
    draw.ellipse((box[0] + inset_x, box[1] + inset_y, box[2] - inset_x, box[3] - inset_y), infield)


def _scene_finish(canvas, draw, rng, palette) -> None:
    _scene_road(canvas, draw, rng, palette)
    top, bottom = round(H * 0.2), round(H * 0.32)
    left, right = round(W * 0.12), round(W * 0.88)
    for x in (left, right):
        draw.rectangle((x - 14, top, x + 14, H), (70, 70, 76))
    draw.rectangle((left, top, right, bottom), palette.accent)
    square = (bottom - top) // 4
    for row in (0, 3):
        for column, x in enumerate(range(left, right, square)):
            if column % 2 == 0:
                y = top + row * square
                draw.rectangle((x, y, min(x + square, right), y + square), (30, 30, 34))
    font = ImageFont.load_default(size=square * 1.9)
    draw.text(((left + right) / 2, (top + bottom) / 2), "FINISH", (30, 30, 34), font, "mm")


def _tree(draw: ImageDraw.ImageDraw, x: float, base: float, size: float, colour: RGB) -> None:
    draw.rectangle((x - size * 0.06, base - size * 0.2, x + size * 0.06, base), (70, 52, 40))
    for tier in range(3):
        y = base - size * (0.15 + 0.28 * tier)
        half = size * (0.34 - 0.08 * tier)
        draw.polygon([(x - half, y), (x + half, y), (x, y - size * 0.45)], colour)


def _scene_trail(canvas, draw, rng, palette) -> None:
    horizon = round(H * 0.48)
    _sun(canvas, palette, (round(W * rng.uniform(0.2, 0.8)), round(H * 0.22)), round(H * 0.05))
    _hills(draw, rng, palette, horizon, 3)
    _ground(canvas, palette, horizon)
    dirt = _mix(palette.ground, (222, 192, 148), 0.7)
    # The path snakes from the bottom edge to a point on the horizon, narrowing as it goes.
    swing, phase = W * rng.uniform(0.12, 0.2), rng.uniform(0, math.tau)
    left, right = [], []
    for step in range(41):
        t = step / 40
        y = H - (H - horizon) * t
        x = W / 2 + swing * math.sin(phase + t * 2.5 * math.pi) * (1 - t)
        half = W * 0.16 * (1 - t) ** 1.4 + 4
        left.append((x - half, y))
        right.append((x + half, y))
    draw.polygon(left + right[::-1], dirt)
    trees = sorted((rng.uniform(horizon + 10, H), rng.uniform(0, 1)) for _ in range(26))
    for base, side in trees:
        t = (base - horizon) / (H - horizon)
        size = H * (0.08 + 0.4 * t)
        x = W * (0.02 + 0.26 * side) if side < 0.5 else W * (0.72 + 0.26 * side)
        _tree(draw, x, base, size, _mix(palette.near, (30, 60, 40), 0.3 + 0.5 * t))


def _scene_lake(canvas, draw, rng, palette) -> None:
    horizon = round(H * 0.55)
    sun_x = round(W * rng.uniform(0.3, 0.7))
    _sun(canvas, palette, (sun_x, round(H * 0.3)), round(H * 0.05))
    _hills(draw, rng, palette, horizon, 2)
    # Water mirrors the sky: lightest at the far shore, darkening towards the viewer.
    near_water = _mix(palette.sky_top, palette.near, 0.4)
    canvas.paste(_gradient(palette.sky_horizon, near_water, (W, H - horizon)), (0, horizon))
    draw.rectangle((0, horizon - 3, W, horizon + 3), _mix(palette.near, palette.ground, 0.5))
    for _ in range(60):
        y = rng.uniform(horizon + 20, H)
        t = (y - horizon) / (H - horizon)
        x, length = rng.uniform(-100, W), W * rng.uniform(0.03, 0.12) * (0.3 + t)
        draw.line(
            (x, y, x + length, y), _mix(palette.sky_horizon, near_water, t * 0.6), round(2 + 6 * t)
        )
    # The sun's reflection: a broken column of light straight below it.
    glint = _mix(palette.sun, palette.sky_horizon, 0.2)
    for step in range(24):
        y = horizon + 12 + step * (H - horizon) / 24
        half = W * 0.02 * (1 + step / 8) * rng.uniform(0.5, 1.2)
        draw.line((sun_x - half, y, sun_x + half, y), glint, round(4 + step / 3))


SCENES: dict[str, Callable] = {
    "road": _scene_road,
    "hills": _scene_hills,
    "track": _scene_track,
    "finish": _scene_finish,
    "trail": _scene_trail,
    "lake": _scene_lake,
}


def illustration_render(*, scene: str, palette: str, seed: int) -> bytes:
    """A 1600x1067 JPEG of the scene in the palette; the same arguments give the same bytes."""
    colours = PALETTES[palette]
    rng = random.Random(seed)
    # The sky fades down to the lowest horizon any scene uses; the ground covers the rest.
    canvas = Image.new("RGB", (W, H), colours.sky_horizon)
    canvas.paste(_gradient(colours.sky_top, colours.sky_horizon, (W, round(H * 0.6))))
    SCENES[scene](canvas, ImageDraw.Draw(canvas), rng, colours)
    output = io.BytesIO()
    canvas.reduce(SCALE).save(output, "JPEG", quality=86)
    return output.getvalue()

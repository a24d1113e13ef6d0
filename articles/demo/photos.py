"""Demo photos drawn with Pillow: calm coastal scenes, the same picture every time for a seed.

Shapes are drawn at twice the size and then halved, which smooths their edges for the price of
a few milliseconds; gradients, glows and clouds are drawn small and enlarged, which is cheaper
than blurring at full size and just as soft.
"""

import io
import math
import random
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[int, int, int]

PHOTO_SIZE = (1600, 900)
AVATAR_SIZE = (480, 480)
SUPERSAMPLE = 2
SOFT = 8  # soft layers (sky, clouds, beams) are drawn this many times smaller
WHITE: Colour = (255, 255, 255)
BLACK: Colour = (0, 0, 0)


@dataclass(frozen=True)
class Palette:
    """The colours of one scene, as hex strings so the data stays readable."""

    sky_top: str
    sky_horizon: str
    sun: str
    sea_far: str
    sea_near: str
    land: str
    accent: str
    cloud: str = "#ffffff"
    is_night: bool = False  # a moon and stars instead of a sun
    lights_on: bool = False  # lit windows, lamps and a lighthouse beam


@dataclass(frozen=True)
class Scene:
    """What a picture holds. Positions are fractions of the frame, so any size works."""

    palette: Palette
    sun: tuple[float, float] | None = (0.72, 0.3)  # None hides it behind cloud
    horizon: float = 0.62
    clouds: int = 3
    hills: bool = True
    headland: Literal["", "left", "right"] = ""  # a dark promontory on that side
    skyline: bool = False
    lighthouse: bool = False
    cranes: int = 0
    floodlights: bool = False
    pier: bool = False
    boats: int = 0
    birds: int = 0
    is_choppy: bool = False  # a rough sea, for storms


def rgb(value: str) -> Colour:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """The colour `t` of the way from `a` to `b`."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def photo_jpeg(scene: Scene, *, seed: int, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """The scene as JPEG bytes, ready for `ImageField.save()`."""
    return _jpeg(draw_scene(scene, seed=seed, size=size))


def avatar_jpeg(*, background: str, figure: str, seed: int) -> bytes:
    """A duotone head-and-shoulders portrait on a soft backdrop, as JPEG bytes."""
    return _jpeg(draw_avatar(background=background, figure=figure, seed=seed))


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, progressive=True)
    return buffer.getvalue()


def draw_scene(scene: Scene, *, seed: int, size: tuple[int, int] = PHOTO_SIZE) -> Image.Image:
    """The scene as a picture; the seed places the clouds, boats and buildings."""
    rng = random.Random(seed)
    canvas = _Canvas(scene, rng, (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE))
    canvas.draw()
    image = canvas.image.reduce(SUPERSAMPLE)
    return _vignette(image)


class _Canvas:
    """One picture being drawn, back to front: sky, land, water, then what floats on it."""

    def __init__(self, scene: Scene, rng: random.Random, size: tuple[int, int]):
        self.scene = scene
        self.rng = rng
        self.width, self.height = size
        self.horizon = round(self.height * scene.horizon)
        palette = scene.palette
        self.sky_top = rgb(palette.sky_top)
        self.sky_horizon = rgb(palette.sky_horizon)
        self.sun = rgb(palette.sun)
        self.sea_far = rgb(palette.sea_far)
        self.sea_near = rgb(palette.sea_near)
        self.land = rgb(palette.land)
        self.accent = rgb(palette.accent)
        self.cloud = rgb(palette.cloud)
        self.lamp = mix(self.sun, (255, 214, 140), 0.6)
        self.image = Image.new("RGB", size, self.sky_horizon)
        self.pen = ImageDraw.Draw(self.image)
        self.cloud_cover = Image.new("L", (1, 1), 0)
        self.headland_top: list[tuple[float, float]] = []

    def draw(self) -> None:
        scene = self.scene
        self.sky()
        if scene.palette.is_night:
            self.stars()
        if scene.sun:
            self.sun_disc()
        if scene.hills:
            self.hills()
        if scene.headland:
            self.headland()
        if scene.skyline:
            self.skyline()
        if scene.cranes:
            self.cranes()
        if scene.floodlights:
            self.floodlights()
        if scene.lighthouse:
            self.lighthouse()
        self.sea()
        if scene.pier:
            self.pier()
        for depth in sorted(self.rng.uniform(0.08, 0.7) for _ in range(scene.boats)):
            self.boat(depth)
        if scene.birds:
            self.birds()

    def px(self, fraction: float) -> int:
        """A length given as a fraction of the height, so shapes scale with the frame."""
        return max(1, round(self.height * fraction))

    def sky(self) -> None:
        """The gradient, the sun's glow and the clouds: all soft, so drawn small and enlarged."""
        small = (self.width // SOFT, self.horizon // SOFT)
        sky = _gradient(small, self.sky_top, self.sky_horizon, ease=1.7)
        if self.scene.sun:
            x, y = self.scene.sun
            radius = self.px(0.35 if self.scene.palette.is_night else 0.75) // SOFT
            centre = (x * self.width / SOFT, y * self.height / SOFT)
            _paste_glow(sky, centre, radius, self.sun, strength=0.55)
        self.cloud_cover = self._cloud_cover(small)
        sky.paste(self.cloud, (0, 0), self.cloud_cover)
        self.image.paste(sky.resize((self.width, self.horizon), Image.Resampling.BICUBIC))

    def stars(self) -> None:
        for _ in range(220):
            x = self.rng.uniform(0, self.width)
            y = self.horizon * self.rng.random() ** 1.6
            cover = self.cloud_cover
            spot = (min(int(x) // SOFT, cover.width - 1), min(int(y) // SOFT, cover.height - 1))
            if cover.getpixel(spot) > 40:
                continue
            r = self.rng.choice((1, 1, 1, 2, 2, 3))
            shade = mix(self.sky_top, WHITE, self.rng.uniform(0.35, 0.95))
            self.pen.ellipse((x - r, y - r, x + r, y + r), fill=shade)

    def sun_disc(self) -> None:
        x, y = self.scene.sun
        cx, cy = x * self.width, y * self.height
        r = self.px(0.045 if self.scene.palette.is_night else 0.075)
        self.pen.ellipse((cx - r, cy - r, cx + r, cy + r), fill=mix(self.sun, WHITE, 0.35))

    def _cloud_cover(self, small: tuple[int, int]) -> Image.Image:
        mask = Image.new("L", small, 0)
        pen = ImageDraw.Draw(mask)
        for _ in range(self.scene.clouds):
            cx = self.rng.uniform(-0.1, 1.1) * small[0]
            cy = self.rng.uniform(0.12, 0.75) * small[1]
            span = self.rng.uniform(0.12, 0.28) * small[0]
            for _ in range(9):
                dx = self.rng.uniform(-0.5, 0.5) * span
                rx = self.rng.uniform(0.12, 0.3) * span
                ry = rx * self.rng.uniform(0.3, 0.55)
                lift = (1 - abs(dx) / span) * ry * 0.8
                pen.ellipse(
                    (cx + dx - rx, cy - ry - lift, cx + dx + rx, cy + ry * 0.4),
                    fill=self.rng.randint(150, 230),
                )
        return mask.filter(ImageFilter.GaussianBlur(3))

    def hills(self) -> None:
        colour = mix(self.land, self.sky_horizon, 0.62)
        self.pen.polygon(self._ridge(0.09, 0.05), fill=colour)
        colour = mix(self.land, self.sky_horizon, 0.42)
        self.pen.polygon(self._ridge(0.045, 0.03), fill=colour)

    def _ridge(self, height: float, wobble: float) -> list[tuple[float, float]]:
        waves = [
            (self.rng.uniform(1, 3.5), self.rng.uniform(0, math.tau), 1.0),
            (self.rng.uniform(4, 9), self.rng.uniform(0, math.tau), 0.35),
            (self.rng.uniform(12, 20), self.rng.uniform(0, math.tau), 0.08),
        ]
        points = [(0.0, float(self.horizon))]
        for step in range(121):
            t = step / 120
            lift = sum(
                weight * math.sin(freq * t * math.tau / 3 + phase) for freq, phase, weight in waves
            )
            y = self.horizon - self.px(height) - lift * self.px(wobble)
            points.append((t * self.width, min(y, self.horizon)))
        points.append((float(self.width), float(self.horizon)))
        return points

    def headland(self) -> None:
        left = self.scene.headland == "left"
        reach = self.rng.uniform(0.26, 0.36) * self.width
        top = self.px(self.rng.uniform(0.16, 0.22))
        points = []
        for step in range(61):
            t = step / 60
            # A steep cliff face near the sea, a rolling top further back.
            rise = (1 - t) ** 0.35 if t > 0.15 else 1 - 0.05 * math.sin(t * 40)
            bumps = 0.04 * math.sin(t * 11 + self.rng.random())
            x = t * reach
            points.append((x if left else self.width - x, self.horizon - top * (rise + bumps) + 1))
        edge = 0 if left else self.width
        points += [(reach if left else self.width - reach, self.horizon), (edge, self.horizon)]
        self.pen.polygon(points, fill=self.land)
        self.headland_top = points

    def skyline(self) -> None:
        start = self.rng.uniform(0.05, 0.2) if self.scene.headland != "left" else 0.3
        end = self.rng.uniform(0.55, 0.7) if self.scene.headland != "right" else 0.66
        x = start * self.width
        base = self.horizon + 1
        body = mix(self.land, self.sky_horizon, 0.28)
        while x < end * self.width:
            width = self.px(self.rng.uniform(0.03, 0.075))
            height = self.px(self.rng.uniform(0.035, 0.15))
            shade = mix(body, self.sky_top, self.rng.uniform(0.0, 0.18))
            self.pen.rectangle((x, base - height, x + width, base), fill=shade)
            roof = self.rng.random()
            if roof < 0.3:
                peak = self.px(self.rng.uniform(0.02, 0.04))
                self.pen.polygon(
                    [
                        (x, base - height),
                        (x + width / 2, base - height - peak),
                        (x + width, base - height),
                    ],
                    fill=shade,
                )
            elif roof < 0.38:
                spire = self.px(self.rng.uniform(0.06, 0.1))
                mid = x + width / 2
                self.pen.polygon(
                    [
                        (mid - width * 0.12, base - height),
                        (mid, base - height - spire),
                        (mid + width * 0.12, base - height),
                    ],
                    fill=shade,
                )
            self._windows(x, base - height, width, height, shade)
            x += width + self.px(self.rng.uniform(0.0, 0.012))

    def _windows(self, x: float, top: float, width: int, height: int, wall: Colour) -> None:
        size = self.px(0.008)
        gap = size * 2
        lit = self.lamp if self.scene.palette.lights_on else mix(wall, self.sky_horizon, 0.3)
        chance = 0.45 if self.scene.palette.lights_on else 0.25
        row = top + gap
        while row + size < top + height - gap:
            column = x + gap
            while column + size < x + width - gap / 2:
                if self.rng.random() < chance:
                    self.pen.rectangle((column, row, column + size, row + size * 1.4), fill=lit)
                column += gap
            row += gap * 1.3

    def cranes(self) -> None:
        colour = mix(self.accent, self.land, 0.35)
        base = self.horizon + 1
        x = self.rng.uniform(0.58, 0.66) * self.width
        line = self.px(0.006)
        for _ in range(self.scene.cranes):
            height = self.px(self.rng.uniform(0.2, 0.26))
            leg = self.px(0.05)
            beam = base - height * 0.62
            for offset in (0, leg):
                self.pen.line(
                    (x + offset, base, x + offset, base - height * 0.7), fill=colour, width=line
                )
            self.pen.line(
                (x - self.px(0.005), beam, x + leg + self.px(0.005), beam), fill=colour, width=line
            )
            self.pen.line(
                (x, base - height * 0.35, x + leg, beam), fill=colour, width=line // 2 + 1
            )
            apex = (x + leg * 0.5, base - height)
            self.pen.line(
                (x, base - height * 0.7, *apex, x + leg, base - height * 0.7),
                fill=colour,
                width=line,
            )
            # The boom reaches out over the water, held by stays from the apex.
            boom_start, boom_end = x - self.px(0.09), x + leg + self.px(0.05)
            boom_y = base - height * 0.72
            self.pen.line((boom_start, boom_y, boom_end, boom_y), fill=colour, width=line)
            self.pen.line((*apex, boom_start, boom_y), fill=colour, width=line // 2 + 1)
            self.pen.line((*apex, boom_end, boom_y), fill=colour, width=line // 2 + 1)
            self.pen.rectangle(
                (x - self.px(0.01), boom_y, x + self.px(0.012), boom_y + self.px(0.02)), fill=colour
            )
            x += self.px(self.rng.uniform(0.2, 0.26))

    def floodlights(self) -> None:
        base = self.horizon + 1
        left, right = self.rng.uniform(0.18, 0.26), self.rng.uniform(0.6, 0.7)
        stand = mix(self.land, self.sky_horizon, 0.15)
        left_x, right_x = left * self.width, right * self.width
        rise = self.px(0.055)
        self.pen.polygon(
            [
                (left_x, base),
                (left_x + self.px(0.04), base - rise),
                (right_x - self.px(0.04), base - rise),
                (right_x, base),
            ],
            fill=stand,
        )
        for x in (left_x + self.px(0.02), right_x - self.px(0.02)):
            top = base - self.px(0.27)
            self.pen.line((x, base - rise, x, top), fill=stand, width=self.px(0.006))
            _paste_glow(self.image, (x, top), self.px(0.22), self.lamp, strength=0.6)
            head = self.px(0.018)
            self.pen.rectangle(
                (x - head, top - head * 0.8, x + head, top), fill=mix(self.lamp, WHITE, 0.6)
            )

    def lighthouse(self) -> None:
        if self.scene.headland:
            # Stand it where the cliff starts to fall towards the sea.
            top = self.headland_top[len(self.headland_top) * 3 // 5]
            x, base = top[0], top[1] + self.px(0.01)
        else:
            x, base = self.rng.uniform(0.78, 0.88) * self.width, self.horizon + 1
        height, bottom, waist = self.px(0.19), self.px(0.026), self.px(0.017)
        wall = mix(WHITE, self.sky_horizon, 0.25)
        stripe = mix(self.accent, self.land, 0.15)
        bands = 5
        for band in range(bands):
            y0 = base - height * band / bands
            y1 = base - height * (band + 1) / bands
            w0 = bottom + (waist - bottom) * band / bands
            w1 = bottom + (waist - bottom) * (band + 1) / bands
            self.pen.polygon(
                [(x - w0, y0), (x - w1, y1), (x + w1, y1), (x + w0, y0)],
                fill=stripe if band % 2 else wall,
            )
        top = base - height
        gallery = self.px(0.006)
        self.pen.rectangle((x - waist * 1.35, top - gallery, x + waist * 1.35, top), fill=self.land)
        lantern = self.px(0.026)
        lamp = (
            mix(self.lamp, WHITE, 0.5)
            if self.scene.palette.lights_on
            else mix(wall, self.sky_horizon, 0.4)
        )
        self.pen.rectangle(
            (x - waist * 0.8, top - gallery - lantern, x + waist * 0.8, top - gallery), fill=lamp
        )
        roof = top - gallery - lantern
        self.pen.polygon(
            [(x - waist, roof), (x, roof - self.px(0.02)), (x + waist, roof)], fill=self.land
        )
        if self.scene.palette.lights_on:
            self._beam((x, roof + lantern / 2))

    def _beam(self, origin: tuple[float, float]) -> None:
        # The beam sweeps across the frame towards its wider side, fading as it goes.
        reach = round(self.width * 0.6)
        spread = self.px(0.16) // SOFT
        small = (reach // SOFT, spread * 2)
        mask = Image.new("L", small, 0)
        ImageDraw.Draw(mask).polygon(
            [(0, spread), (small[0], spread * 0.4), (small[0], spread * 1.4)], fill=150
        )
        fade = Image.linear_gradient("L").rotate(-90).resize(small)  # opaque at the lamp
        fade = fade.point(lambda v: round(255 * (v / 255) ** 0.6))
        mask = Image.composite(mask, Image.new("L", small, 0), fade)
        mask = mask.filter(ImageFilter.GaussianBlur(3)).resize(
            (reach, spread * 2 * SOFT), Image.Resampling.BICUBIC
        )
        if origin[0] > self.width / 2:
            mask = mask.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            left = round(origin[0]) - reach
        else:
            left = round(origin[0])
        self.image.paste(self.lamp, (left, round(origin[1]) - spread * SOFT), mask)
        _paste_glow(self.image, origin, self.px(0.08), self.lamp, strength=0.8)

    def sea(self) -> None:
        depth = self.height - self.horizon
        water = _gradient((self.width, depth), self.sea_far, self.sea_near, ease=0.8)
        # Whatever stands on the horizon is mirrored, faintly, in the water below it.
        mirrored = self.image.crop((0, self.horizon - depth, self.width, self.horizon))
        mirrored = mirrored.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        water = Image.blend(water, mirrored, 0.22)
        self.image.paste(water, (0, self.horizon))
        if self.scene.sun:
            self._sun_path()
        self._ripples()

    def _sun_path(self) -> None:
        x = self.scene.sun[0] * self.width
        if not 0 <= x <= self.width:
            return
        # Only the band of water under the sun can catch its light, so draw just that.
        band = self.px(0.4)
        left = round(x) - band // 2
        mask = Image.new("L", (band, self.height - self.horizon), 0)
        pen = ImageDraw.Draw(mask)
        y = 2.0
        while y < mask.height:
            t = y / mask.height
            spread = self.px(0.05 + 0.2 * t) * self.rng.uniform(0.3, 1.0)
            centre = band / 2 + self.rng.uniform(-1, 1) * spread * 0.4
            thickness = max(2, round(self.px(0.004) * (1 + 2 * t)))
            pen.line(
                (centre - spread / 2, y, centre + spread / 2, y),
                fill=round(200 * (1 - t) ** 1.3),
                width=thickness,
            )
            y += thickness * self.rng.uniform(1.6, 3.2)
        self.image.paste(mix(self.sun, WHITE, 0.3), (left, self.horizon), mask)

    def _ripples(self) -> None:
        depth = self.height - self.horizon
        for _ in range(700 if self.scene.is_choppy else 300):
            t = self.rng.random() ** 1.5
            y = self.horizon + 3 + t * depth
            length = self.px(0.01 + 0.07 * t) * self.rng.uniform(0.4, 1.2)
            x = self.rng.uniform(-0.05, 1.05) * self.width
            local = mix(self.sea_far, self.sea_near, t)
            lighter = self.rng.random() < 0.6
            strength = (0.25 if lighter else 0.12) * (1.6 if self.scene.is_choppy else 1)
            colour = mix(local, self.sky_horizon if lighter else BLACK, strength)
            width = max(1, round(self.px(0.0015) * (1 + 3 * t)))
            self.pen.line((x, y, x + length, y), fill=colour, width=width)

    def pier(self) -> None:
        left = self.scene.headland != "left"
        y = self.horizon + self.px(0.12)
        reach = self.rng.uniform(0.32, 0.45) * self.width
        deck = self.px(0.014)
        colour = mix(self.land, BLACK, 0.25)
        x0, x1 = (0, reach) if left else (self.width - reach, self.width)
        post_depth = self.px(0.05)
        x = x0 + self.px(0.01)
        while x < x1:
            self.pen.line((x, y, x, y + post_depth), fill=colour, width=self.px(0.006))
            # Each post's reflection wobbles a little below it.
            shadow = mix(mix(self.sea_far, self.sea_near, 0.2), BLACK, 0.25)
            self.pen.line(
                (x, y + post_depth + 2, x + self.rng.uniform(-3, 3), y + post_depth * 1.6),
                fill=shadow,
                width=self.px(0.004),
            )
            x += self.px(0.05)
        self.pen.rectangle((x0, y - deck, x1, y), fill=colour)
        lamp_x = x1 - self.px(0.04) if left else x0 + self.px(0.04)
        self.pen.line(
            (lamp_x, y - deck, lamp_x, y - self.px(0.08)), fill=colour, width=self.px(0.004)
        )
        lamp = self.lamp if self.scene.palette.lights_on else colour
        r = self.px(0.007)
        top = y - self.px(0.08)
        self.pen.ellipse((lamp_x - r, top - r, lamp_x + r, top + r), fill=lamp)
        if self.scene.palette.lights_on:
            _paste_glow(self.image, (lamp_x, top), self.px(0.06), self.lamp, strength=0.7)

    def boat(self, depth: float) -> None:
        y = self.horizon + depth * (self.height - self.horizon)
        scale = 0.35 + 1.4 * depth
        x = self.rng.uniform(0.08, 0.92) * self.width
        length = self.px(0.11) * scale
        hull_height = self.px(0.022) * scale
        hull = mix(self.accent, BLACK, self.rng.uniform(0.0, 0.45))
        self.pen.polygon(
            [
                (x - length / 2, y - hull_height),
                (x + length / 2, y - hull_height * 1.15),
                (x + length * 0.38, y),
                (x - length * 0.42, y),
            ],
            fill=hull,
        )
        shadow = mix(mix(self.sea_far, self.sea_near, depth), hull, 0.3)
        self.pen.polygon(
            [
                (x - length * 0.42, y + 1),
                (x + length * 0.38, y + 1),
                (x + length * 0.3, y + hull_height * 0.5),
                (x - length * 0.35, y + hull_height * 0.5),
            ],
            fill=shadow,
        )
        deck = y - hull_height
        if self.rng.random() < 0.6:
            mast = self.px(0.13) * scale
            self.pen.line(
                (x, deck, x, deck - mast),
                fill=mix(hull, BLACK, 0.3),
                width=max(2, round(scale * 3)),
            )
            sail = mix(WHITE, self.sky_horizon, self.rng.uniform(0.1, 0.35))
            self.pen.polygon(
                [(x + 2, deck - mast), (x + 2, deck - 3), (x + length * 0.4, deck - 3)], fill=sail
            )
            self.pen.polygon(
                [(x - 2, deck - mast * 0.85), (x - 2, deck - 3), (x - length * 0.28, deck - 3)],
                fill=mix(sail, self.sky_horizon, 0.25),
            )
        else:
            cabin = mix(WHITE, self.sky_horizon, 0.2)
            self.pen.rectangle(
                (x - length * 0.2, deck - hull_height * 1.2, x + length * 0.1, deck), fill=cabin
            )
            if self.scene.palette.lights_on:
                self.pen.rectangle(
                    (
                        x - length * 0.15,
                        deck - hull_height * 0.9,
                        x + length * 0.05,
                        deck - hull_height * 0.5,
                    ),
                    fill=self.lamp,
                )

    def birds(self) -> None:
        colour = mix(self.sky_top, BLACK, 0.45)
        cx, cy = self.rng.uniform(0.2, 0.6) * self.width, self.rng.uniform(0.12, 0.3) * self.height
        for _ in range(self.scene.birds):
            x = cx + self.rng.uniform(-0.12, 0.12) * self.width
            y = cy + self.rng.uniform(-0.06, 0.06) * self.height
            span = self.px(self.rng.uniform(0.012, 0.022))
            width = max(2, self.px(0.0025))
            self.pen.arc(
                (x - span, y - span / 2, x, y + span / 2), 200, 320, fill=colour, width=width
            )
            self.pen.arc(
                (x, y - span / 2, x + span, y + span / 2), 220, 340, fill=colour, width=width
            )


def draw_avatar(*, background: str, figure: str, seed: int) -> Image.Image:
    """A duotone head and shoulders: clothes and hair in `figure`, the face a paler tint."""
    rng = random.Random(seed)
    size = AVATAR_SIZE[0] * SUPERSAMPLE
    back, clothes = rgb(background), rgb(figure)
    face = mix(clothes, back, 0.6)
    hair = mix(clothes, BLACK, 0.25)
    image = _gradient((size, size), mix(back, WHITE, 0.3), back, ease=1.0)
    _paste_glow(image, (size * rng.uniform(0.3, 0.7), size * 0.3), size // 2, WHITE, strength=0.3)
    pen = ImageDraw.Draw(image)

    def box(cx: float, cy: float, rx: float, ry: float) -> tuple[float, float, float, float]:
        return (size * (cx - rx), size * (cy - ry), size * (cx + rx), size * (cy + ry))

    x = 0.5 + rng.uniform(-0.03, 0.03)
    has_long_hair = rng.random() < 0.5
    if has_long_hair:
        pen.rounded_rectangle(box(x, 0.52, 0.18, 0.2), radius=size * 0.08, fill=hair)
    pen.ellipse(box(x, 1.02, 0.37, 0.3), fill=clothes)
    pen.rectangle(box(x, 0.66, 0.06, 0.08), fill=face)
    pen.polygon(
        [
            (size * (x - 0.075), size * 0.73),
            (size * x, size * 0.83),
            (size * (x + 0.075), size * 0.73),
        ],
        fill=face,
    )
    # Hair first, then the face over it, leaves a crescent of hair framing the face.
    pen.ellipse(box(x, 0.41, 0.16, 0.195), fill=hair)
    pen.ellipse(box(x + rng.uniform(-0.01, 0.01), 0.455, 0.138, 0.17), fill=face)
    return image.reduce(SUPERSAMPLE)


def _gradient(size: tuple[int, int], top: Colour, bottom: Colour, *, ease: float) -> Image.Image:
    """A vertical blend from `top` to `bottom`; an `ease` above 1 holds the top colour longer."""
    # One column is computed, then stretched sideways, which costs next to nothing.
    ramp = Image.linear_gradient("L").resize((1, size[1]), Image.Resampling.BILINEAR)
    ramp = ramp.point(lambda v: round(255 * (v / 255) ** ease))
    channels = [
        ramp.point(lambda v, a=a, b=b: round(a + (b - a) * v / 255))
        for a, b in zip(top, bottom, strict=True)
    ]
    return Image.merge("RGB", channels).resize(size, Image.Resampling.NEAREST)


def _paste_glow(
    image: Image.Image, centre: tuple[float, float], radius: int, colour: Colour, *, strength: float
) -> None:
    """A soft round light around `centre`, brightest in the middle."""
    # Pillow's radial gradient reaches 181 at the middle of each edge and 255 in the corners.
    falloff = Image.radial_gradient("L").point(
        lambda v: round(255 * strength * max(0, 1 - v / 181) ** 2)
    )
    radius = max(1, radius)
    mask = falloff.resize((radius * 2, radius * 2), Image.Resampling.BILINEAR)
    image.paste(colour, (round(centre[0] - radius), round(centre[1] - radius)), mask)


def _vignette(image: Image.Image) -> Image.Image:
    """Darken the corners a touch, as a lens does."""
    falloff = Image.radial_gradient("L").point(lambda v: round(min(255, max(0, v - 120) * 0.45)))
    mask = falloff.resize(image.size, Image.Resampling.BILINEAR)
    image.paste(BLACK, (0, 0), mask)
    return image

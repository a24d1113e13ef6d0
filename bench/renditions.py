"""How fast the full rendition set is made, and how much memory it takes.

    .venv/bin/python bench/renditions.py [--count 200] [--size 4000x3000]

Generates `count` camera-sized JPEGs in memory (noise over gradients, so they compress like
photos rather than flat colour), then times `render()` making every crop, width and format
for each, and reports images per second and the peak memory of the process.
"""

import argparse
import io
import multiprocessing
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from articles.images.renditions import FORMATS, render  # noqa: E402


def camera_jpeg(size: tuple[int, int], seed: int) -> bytes:
    width, height = size
    # Soft noise drawn small and enlarged for tone, shapes for edges, then a light grain at
    # full size: compresses about as a camera photo does (2 to 3 MB at quality 90).
    noise = Image.effect_noise((width // 16, height // 16), 40 + seed % 30).convert("RGB")
    base = Image.linear_gradient("L").resize((width // 16, height // 16)).convert("RGB")
    picture = Image.blend(base, noise, 0.4).resize(size, Image.Resampling.BICUBIC)
    pen = ImageDraw.Draw(picture)
    for n in range(12):
        x, y = (seed * 7919 + n * 613) % width, (seed * 104729 + n * 431) % height
        pen.ellipse((x, y, x + width // 6, y + height // 6), fill=(40 * n % 255, 90, 160))
    grain = Image.effect_noise(size, 12).convert("RGB")
    picture = Image.blend(picture, grain, 0.08).filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--size", default="4000x3000")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))

    print(f"Generating {args.count} JPEGs of {size[0]}x{size[1]}…", flush=True)
    # A handful of distinct sources, drawn in a child process so that drawing them does not
    # raise this process's peak memory: the figure is rendering's alone.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        sources = pool.starmap(camera_jpeg, [(size, seed) for seed in range(min(args.count, 8))])
    source_kb = sum(len(s) for s in sources) / len(sources) / 1024
    baseline = peak_rss_mb()

    files = total_bytes = 0
    started = time.perf_counter()
    for n in range(args.count):
        for item in render(sources[n % len(sources)], focal=(0.3 + (n % 5) / 10, 0.5)):
            files += 1
            total_bytes += len(item.data)
    elapsed = time.perf_counter() - started

    print(f"source:            {size[0]}x{size[1]} JPEG, {source_kb:.0f} KiB on average")
    print(f"formats:           {', '.join(FORMATS)}")
    print(f"images:            {args.count} ({files} renditions, {files / args.count:.0f} each)")
    print(f"time:              {elapsed:.1f} s")
    print(f"images per second: {args.count / elapsed:.2f}")
    print(f"renditions/second: {files / elapsed:.1f}")
    print(f"output:            {total_bytes / args.count / 1024:.0f} KiB per image")
    print(f"peak memory:       {peak_rss_mb():.0f} MiB (before rendering: {baseline:.0f} MiB)")


if __name__ == "__main__":
    main()

"""A photo as a phone takes it, for the browser tests and bench/field_capture.py: 12 MP (4000 × 3000 stored
pixels) with sensor-like noise so it weighs what a phone photo weighs (3–6 MB as JPEG), stored sideways with
EXIF orientation 6 (the phone was held upright: shown turned 90° clockwise, so 3000 wide × 4000 high), and GPS
in its EXIF. A red block in the stored top-left corner lands top-right once the photo is upright."""

import io

import numpy as np
from PIL import Image

ORIENTATION, GPS_IFD = 0x0112, 0x8825
WIDTH, HEIGHT = 4000, 3000
MARK = 400   # side of the red block, in stored pixels


def phone_photo(seed: int = 7, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    # A smooth scene (sky to ground, some light) under per-pixel noise: detail a JPEG cannot throw away.
    base = np.stack([90 + 80 * (y / height) + 30 * np.sin(x / 170),
                     120 + 50 * np.cos(y / 230) + 20 * np.sin((x + y) / 310),
                     150 - 70 * (y / height) + 25 * np.cos(x / 260)], axis=-1)
    noisy = base + rng.normal(0, 9, size=(height, width, 3)).astype(np.float32)
    noisy[:MARK, :MARK] = (220, 30, 30)
    pixels = np.clip(noisy, 0, 255).astype(np.uint8)
    image = Image.fromarray(pixels, "RGB")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "TestPhone"          # Make
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 50.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92, exif=exif)
    return out.getvalue()


def is_upright_without_gps(data: bytes, long_side: int) -> tuple[bool, str]:
    """Whether a stored photo is the phone photo turned upright (portrait, red block top-right), at most
    `long_side` px long, and without GPS; with what was found, for the assertion message."""
    with Image.open(io.BytesIO(data)) as img:
        width, height = img.size
        exif = img.getexif()
        has_gps = bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif
        orientation = exif.get(ORIENTATION, 1)
        rgb = img.convert("RGB")
        corner = rgb.getpixel((width - 5, 5))
        other = rgb.getpixel((5, 5))
    red = corner[0] > 180 and corner[1] < 90 and other[0] < 180
    found = f"{width}×{height}, orientation {orientation}, GPS {has_gps}, top-right {corner}, top-left {other}"
    ok = height > width and max(width, height) <= long_side and red and not has_gps and orientation in (1, None)
    return ok, found

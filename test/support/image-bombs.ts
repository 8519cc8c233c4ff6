// Decompression bombs' openings, for the tests and the upload benchmark:
// headers that declare more pixels than their bytes could ever hold.

/** A valid PNG header declaring width x height (8-bit RGBA), followed by `scrap` bytes of nothing. */
export function pngBomb(width: number, height: number, interlace = 0, scrap = 24): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(33 + scrap);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(out.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  out[24] = 8; // bit depth
  out[25] = 6; // RGBA
  out[28] = interlace;
  return out;
}

/** A JPEG that declares width x height in its frame header and has nothing else. */
export function jpegBomb(width: number, height: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xc0,
    0,
    17,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
    0xff,
    0xd9,
  ]);
}

import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { encodePng } from "./decode.ts";
import { ImageHeaderError, readImageHeader } from "./image-header.ts";

/** A PNG that is nothing but a header declaring width x height: what a decompression bomb starts with. */
function pngHeaderOnly(width: number, height: number, interlace = 0): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes[24] = 8; // depth
  bytes[25] = 6; // RGBA
  bytes[28] = interlace;
  return bytes;
}

describe("readImageHeader", () => {
  it("reads a real PNG's size and depth without decoding it", () => {
    const png = encodePng(48, 32, new Uint8Array(48 * 32 * 4).fill(128));
    expect(readImageHeader(png, "image/png")).toEqual({ type: "image/png", width: 48, height: 32, bitDepth: 8, isInterlaced: false });
  });

  it("reads what a bomb declares: 30000x30000, interlaced", () => {
    expect(readImageHeader(pngHeaderOnly(30_000, 30_000, 1), "image/png")).toEqual({ type: "image/png", width: 30_000, height: 30_000, bitDepth: 8, isInterlaced: true });
  });

  it("reads a real JPEG's frame header", () => {
    const { data } = jpeg.encode({ width: 40, height: 24, data: Buffer.alloc(40 * 24 * 4, 200) }, 80);
    expect(readImageHeader(new Uint8Array(data), "image/jpeg")).toEqual({ type: "image/jpeg", width: 40, height: 24, bitDepth: 8, isInterlaced: false });
  });

  it("refuses truncated and broken headers", () => {
    expect(() => readImageHeader(pngHeaderOnly(10, 10).slice(0, 20), "image/png")).toThrow(ImageHeaderError);
    expect(() => readImageHeader(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]), "image/jpeg")).toThrow(ImageHeaderError);
    expect(() => readImageHeader(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0, 2]), "image/jpeg")).toThrow(ImageHeaderError);
  });
});

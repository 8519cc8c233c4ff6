import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { encodePng } from "./decode.ts";
import { ImageHeaderError, readImageHeader } from "./image-header.ts";
import { pngBomb } from "../../test/support/image-bombs.ts";

/** A PNG that is nothing but a header declaring width x height: what a decompression bomb starts with. */
const pngHeaderOnly = (width: number, height: number, interlace = 0) => pngBomb(width, height, interlace, 0);

describe("readImageHeader", () => {
  it("reads a real PNG's size and depth without decoding it", () => {
    const png = encodePng(48, 32, new Uint8Array(48 * 32 * 4).fill(128));
    expect(readImageHeader(png, "image/png")).toEqual({ type: "image/png", width: 48, height: 32, bitDepth: 8, isInterlaced: false });
  });

  it("reads what a bomb declares: 30000x30000, interlaced", () => {
    expect(readImageHeader(pngHeaderOnly(30_000, 30_000, 1), "image/png")).toEqual({
      type: "image/png",
      width: 30_000,
      height: 30_000,
      bitDepth: 8,
      isInterlaced: true,
    });
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

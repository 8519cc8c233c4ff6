import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { chooseBackend } from "./inference.ts";
import { BACKENDS, backendOrder, isSoftwareRenderer } from "./inference-backends.ts";
import { WASM_FILES_DIR } from "./model-dir.ts";

describe("chooseBackend in Node", () => {
  it("starts wasm from the app's own files without taking over the process's error handlers", async () => {
    const before = { exceptions: process.listeners("uncaughtException").length, rejections: process.listeners("unhandledRejection").length };
    expect(await chooseBackend(["wasm"], WASM_FILES_DIR)).toBe("wasm");
    // Emscripten's handlers rethrow every crash from inside 30 kB of minified source.
    expect({ exceptions: process.listeners("uncaughtException").length, rejections: process.listeners("unhandledRejection").length }).toEqual(before);
    await tf.setBackend("cpu");
  });
});

describe("backendOrder", () => {
  const swiftShader = "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)";

  it("tries a WebGL drawn in software after wasm, before plain JavaScript", () => {
    expect(backendOrder(BACKENDS, swiftShader)).toEqual(["wasm", "webgl", "cpu"]);
    expect(backendOrder(BACKENDS, "llvmpipe (LLVM 15.0.6, 256 bits)")).toEqual(["wasm", "webgl", "cpu"]);
    expect(backendOrder(["webgl", "cpu", "wasm"], "Microsoft Basic Render Driver")).toEqual(["cpu", "wasm", "webgl"]);
  });

  it("keeps the order for a GPU, an unknown renderer, or a list that pins WebGL", () => {
    expect(backendOrder(BACKENDS, "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)")).toEqual([...BACKENDS]);
    expect(backendOrder(BACKENDS, null)).toEqual([...BACKENDS]);
    expect(backendOrder(["webgl"], swiftShader)).toEqual(["webgl"]);
    expect(backendOrder(["wasm", "webgl"], swiftShader)).toEqual(["wasm", "webgl"]);
  });

  it("knows the software renderers by name", () => {
    expect(["Google SwiftShader", "softpipe", "Software Rasterizer"].every(isSoftwareRenderer)).toBe(true);
    expect(["Apple M2", "Mali-G78", "Intel(R) UHD Graphics 620"].some(isSoftwareRenderer)).toBe(false);
  });
});

import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { chooseBackend } from "./inference.ts";
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

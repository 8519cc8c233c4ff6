import { expect, test } from "@playwright/test";
import { signInAs } from "./support/accounts";
import { expectedBackend } from "./support/backend";

test("an engineer runs the shipped model in the browser, off the main thread, and sees its answer", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/models");
  await page.getByRole("link", { name: "v1", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Model v1" })).toBeVisible();
  // WebGL drawn on the CPU (headless Chromium here: SwiftShader) is slower than wasm by far: wasm is chosen over it.
  const backend = await expectedBackend(page);
  await expect(page.getByRole("status").filter({ hasText: new RegExp(`^Ready on ${backend}`) })).toBeVisible({ timeout: 30_000 });

  await page.getByLabel("Unit").selectOption("crack");
  await page.getByRole("button", { name: "Predict on a new photo" }).click();
  await expect(page.getByTestId("decision")).toHaveText(/^(ok|scratch|crack|dent)$/);
  await expect(page.getByTestId("backend")).toHaveText(backend);
  await expect(page.getByLabel("Synthetic photo: crack")).toBeVisible();
});

test("the wasm backend starts from files the app serves itself", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/models/v1?backend=wasm");
  await expect(page.getByRole("status").filter({ hasText: /^Ready on wasm/ })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Predict on a new photo" }).click();
  await expect(page.getByTestId("backend")).toHaveText("wasm");
});

test("a version without model files has its own page that says so, with its evidence", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  const response = await page.goto("/models/v0-history");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Model v0-history" })).toBeVisible();
  await expect(page.getByText("No artifact: this version has no model files")).toBeVisible();
  await expect(page.getByTestId("predictions")).toHaveText(/^[1-9]\d*$/);
  expect((await page.goto("/models/no-such-version"))?.status()).toBe(404);
});

test("a camera model runs on a whole 1920x1080 photo in the browser, with its own classes", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/models/v3?backend=wasm");
  await expect(page.getByRole("heading", { name: "Model v3" })).toBeVisible();
  await expect(page.getByText(/a camera model: the whole 1920×1080 photo in colour/)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /^Ready on wasm/ })).toBeVisible({ timeout: 60_000 });
  await page.getByLabel("Unit").selectOption("oil");
  await page.getByRole("button", { name: "Predict on a new photo" }).click();
  await expect(page.getByTestId("decision")).toHaveText(/^(ok|scratch|crack|dent|chip|oil|stain)$/, { timeout: 30_000 });
  await expect(page.getByTestId("backend")).toHaveText("wasm");
  const photo = page.getByLabel("Synthetic photo: oil");
  expect(await photo.evaluate((canvas: HTMLCanvasElement) => [canvas.width, canvas.height])).toEqual([1920, 1080]);
  await expect(page.getByText("P(stain)")).toBeVisible();
});

test("the benchmark runs the worker on encoded photos, as inspection does, and counts the page's long tasks", async ({ page }) => {
  await signInAs(page, "ENGINEER");
  await page.goto("/models/v1?backend=wasm");
  await expect(page.getByRole("status").filter({ hasText: /^Ready on wasm/ })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Benchmark 50 photos" }).click();
  await expect(page.getByTestId("bench-photos")).toHaveText("50", { timeout: 60_000 });
  await expect(page.getByTestId("bench-backend")).toHaveText("wasm");
  await expect(page.getByTestId("bench-p50")).toHaveText(/^\d+\.\d ms$/);
  await expect(page.getByTestId("bench-roundtrip")).toHaveText(/^\d+\.\d ms$/);
  await expect(page.getByTestId("bench-long-tasks")).toHaveText(/^\d+$/);
});

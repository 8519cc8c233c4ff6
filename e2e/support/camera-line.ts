import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { encodePng } from "../../lib/captures/decode";
import type { CameraPhoto } from "../../lib/synth";
import { signInAs, withDatabase } from "./accounts";

/** A line with a camera, as an admin sets one up: its station, a camera token, and a way to post 1920x1080 photos as the camera would. */
export interface CameraLine {
  camera: BrowserContext;
  /** Posts the photo as a PNG; resolves to the capture's id. */
  post: (photo: CameraPhoto, externalId: string) => Promise<string>;
}

export async function cameraLine(page: Page, browser: Browser, baseURL: string, station: { slug: string; name: string }): Promise<CameraLine> {
  await signInAs(page, "ADMIN");
  const created = await page.request.post("/api/stations", { data: station, headers: { origin: baseURL } });
  expect(created.status(), await created.text()).toBe(201);
  const tokenAnswer = await page.request.post(`/api/stations/${station.slug}/tokens`, { data: { name: "line camera" }, headers: { origin: baseURL } });
  const { token } = (await tokenAnswer.json()) as { token: string };
  const camera = await browser.newContext({ baseURL });
  return {
    camera,
    post: async (photo, externalId) => {
      const posted = await camera.request.post(`/api/captures?externalId=${externalId}`, {
        data: Buffer.from(encodePng(photo.width, photo.height, photo.rgba)),
        headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
      });
      expect(posted.status(), await posted.text()).toBe(201);
      return ((await posted.json()) as { capture: { id: string } }).capture.id;
    },
  };
}

/** Puts the station at a level with a shipped version as its active model, as the ladder would have. */
export async function runModel(slug: string, level: "SHADOW" | "AI_ASSIST", version: string): Promise<void> {
  await withDatabase((db) =>
    db.query(
      `UPDATE station_automation SET level = $2, active_model_id = (SELECT id FROM model_versions WHERE version = $3)
        WHERE station_id = (SELECT id FROM stations WHERE slug = $1)`,
      [slug, level, version],
    ),
  );
}

/** Leaves no active model behind: the run's other specs read every station's active model (the dashboard's scope). */
export async function stopModel(slug: string): Promise<void> {
  await withDatabase((db) =>
    db.query(`UPDATE station_automation SET level = 'HUMAN_ONLY', active_model_id = NULL WHERE station_id = (SELECT id FROM stations WHERE slug = $1)`, [slug]),
  );
}

// `npm run simulate -- --station S --scenario normal|lighting-shift --units N`
// Drives the running app's HTTP API as a camera and an inspector would (see
// tools/simulate): synthetic photos posted with a station token, the station's
// models run on each photo in Node, predictions and verdicts posted. Drift
// alerts then open (or not) exactly as they would on the line.
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { dataDir } from "../lib/db/data-dir.ts";
import { readDemoCredentials } from "../lib/demo/index.ts";
import { DefectModel } from "../lib/model/inference.ts";
import type { InspectionRegion } from "../lib/model/region.ts";
import { loadDefectModel, modelDir } from "../lib/model/training/artifacts.ts";
import { simulate } from "../tools/simulate/simulate.ts";
import { isPresetName } from "../lib/synth/presets.ts";

const { values: args } = parseArgs({
  options: {
    station: { type: "string" },
    scenario: { type: "string", default: "normal" },
    units: { type: "string", default: "200" },
    "base-url": { type: "string", default: process.env.UNDERSTUDY_URL ?? "http://localhost:3000" },
    "error-rate": { type: "string", default: "0.02" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    token: { type: "string", default: process.env.UNDERSTUDY_STATION_TOKEN },
    inspector: { type: "string", default: process.env.UNDERSTUDY_INSPECTOR },
    admin: { type: "string", default: process.env.UNDERSTUDY_ADMIN },
  },
});

const fail = (message: string): never => {
  console.error(`[simulate] ${message}`);
  process.exit(1);
};
const baseUrl = (args["base-url"] as string).replace(/\/$/, "");
const station = args.station ?? fail("--station <slug> is required");
const scenarioArg = args.scenario ?? "normal";
const scenario = isPresetName(scenarioArg) ? scenarioArg : fail(`--scenario must be normal or lighting-shift, not ${scenarioArg}`);
const units = Number(args.units);
const errorRate = Number(args["error-rate"]);
if (!Number.isInteger(units) || units < 1) fail("--units must be a positive whole number");
if (!(errorRate >= 0 && errorRate <= 1)) fail("--error-rate must be between 0 and 1");

/** "email:password", or the demo account of the role from .data/demo-credentials.json. */
function account(given: string | undefined, role: string): { email: string; password: string } {
  if (given) {
    const at = given.indexOf(":");
    if (at < 0) fail(`accounts are given as email:password`);
    return { email: given.slice(0, at), password: given.slice(at + 1) };
  }
  const demo = readDemoCredentials(dataDir())?.find((c) => c.role === role);
  return demo ?? fail(`no ${role.toLowerCase()} account: pass --${role.toLowerCase()} email:password`);
}

async function signIn(who: { email: string; password: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify(who),
  });
  if (!response.ok) fail(`sign-in as ${who.email} failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

const inspectorCookie = await signIn(account(args.inspector, "INSPECTOR"));
let token = args.token;
if (!token) {
  const adminCookie = await signIn(account(args.admin, "ADMIN"));
  const response = await fetch(`${baseUrl}/api/stations/${station}/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: adminCookie, origin: baseUrl },
    body: JSON.stringify({ name: `simulate ${new Date().toISOString()}` }),
  });
  if (!response.ok) fail(`creating a station token failed: ${response.status} ${await response.text()}`);
  token = ((await response.json()) as { token: string }).token;
}

const listed = await fetch(`${baseUrl}/api/stations`, { headers: { cookie: inspectorCookie } });
const stations = (await listed.json()) as {
  stations: { slug: string; activeModel: string | null; candidateModel: string | null; region: InspectionRegion | null }[];
};
const target = stations.stations.find((s) => s.slug === station) ?? fail(`no station ${station}`);
await tf.setBackend("cpu");
const models = new Map<string, DefectModel>();
for (const version of [target.activeModel, target.candidateModel]) {
  if (version) models.set(version, await loadDefectModel(modelDir(version)));
}
console.log(`[simulate] ${units} units of ${scenario} lighting on ${station} (models: ${[...models.keys()].join(", ") || "none"}) at ${baseUrl}`);
const report = await simulate({
  baseUrl,
  station,
  scenario,
  units,
  token,
  inspectorCookie,
  models,
  region: target.region,
  errorRate,
  seed: Number(args.seed),
  onProgress: (done) => {
    if (done % 100 === 0 || done === units) console.log(`[simulate] ${done}/${units}`);
  },
});
console.log(`[simulate] ${JSON.stringify(report)}`);

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HttpProblem, parseJsonBody, problemResponse } from "./problem.ts";
import { depthOf, MAX_JSON_DEPTH } from "./problem.ts";

const schema = z.object({ reason: z.string().min(3) }).strict();
const post = (body: string) => new Request("http://test/x", { method: "POST", body });

describe("parseJsonBody", () => {
  it("returns the parsed body", async () => {
    await expect(parseJsonBody(post('{"reason":"why not"}'), schema)).resolves.toEqual({ reason: "why not" });
  });

  it("answers 400 to a body that is not JSON", async () => {
    await expect(parseJsonBody(post("{nope"), schema)).rejects.toMatchObject({ status: 400, detail: "The body is not valid JSON." });
  });

  it("says a reason that is too short in words a manager reads, not the schema's", async () => {
    const { OPERATIONS } = await import("../api/operations.ts");
    const body = JSON.stringify({ toLevel: "AI_ASSIST", reason: "x" });
    const error = (await parseJsonBody(post(body), OPERATIONS.requestPromotion.body).catch((e: unknown) => e)) as HttpProblem;
    expect(error.detail).toBe("Give a reason of at least 3 characters: it goes into the audit trail.");
    const missing = (await parseJsonBody(post('{"toLevel":"AI_ASSIST"}'), OPERATIONS.requestPromotion.body).catch((e: unknown) => e)) as HttpProblem;
    expect(missing.detail).toBe("Give a reason: it goes into the audit trail.");
  });

  it("answers 422 naming the field that is wrong", async () => {
    const error = (await parseJsonBody(post('{"reason":"x"}'), schema).catch((e: unknown) => e)) as HttpProblem;
    expect(error.status).toBe(422);
    expect(error.detail).toMatch(/^reason: /);
  });
});

describe("problemResponse", () => {
  it("answers application/problem+json with status, title and detail", async () => {
    const response = problemResponse(new HttpProblem(409, "Conflict", "Taken."));
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({ type: "about:blank", title: "Conflict", status: 409, detail: "Taken." });
  });
});

describe("depthOf", () => {
  it("counts nesting without recursion, and stops counting past the limit", () => {
    expect(depthOf(1)).toBe(0);
    expect(depthOf({ a: [1, { b: 2 }] })).toBe(3);
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) as unknown;
    expect(depthOf(deep)).toBe(MAX_JSON_DEPTH + 1);
  });
});

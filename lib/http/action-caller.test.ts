import { beforeEach, describe, expect, it, vi } from "vitest";
import { OPERATIONS } from "../api/index.ts";
import type { CurrentUser } from "../auth/index.ts";

// A page's server action checks its caller as the operation's /api route does:
// the same roles, the same one-time-password rule, the same parameter formats
// and the same body schema, with the refusal's text to show.

const signedIn = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../auth/session.ts", () => ({ currentUser: async () => signedIn.user }));
const theDb = vi.hoisted(() => ({ name: "the app's database" }));
vi.mock("../db/client.ts", () => ({ db: () => theDb }));
const { actionCaller, operationAction, operationAnswer } = await import("./operation.ts");
const { notFound } = await import("./problem.ts");

const person = (role: CurrentUser["role"], extra: Partial<CurrentUser> = {}): CurrentUser => ({
  id: "u1",
  name: "Eve",
  email: "eve@line.local",
  role,
  ...extra,
});

describe("actionCaller", () => {
  beforeEach(() => {
    signedIn.user = null;
  });

  it("refuses nobody signed in, a one-time password and a role the operation does not list", async () => {
    expect(await actionCaller(OPERATIONS.startTrainingRun, { params: { station: "line-1" }, body: {} })).toEqual({ problem: "Sign in first." });
    signedIn.user = person("ENGINEER", { mustChangePassword: true });
    expect(await actionCaller(OPERATIONS.startTrainingRun, { params: { station: "line-1" }, body: {} })).toEqual({
      problem: "This account signed in with a one-time password: choose a new one at /account first.",
    });
    signedIn.user = person("INSPECTOR");
    expect(await actionCaller(OPERATIONS.startTrainingRun, { params: { station: "line-1" }, body: {} })).toEqual({ problem: "Your role does not allow this." });
  });

  it("checks the path parameters' formats and the body as the route does, and gives the body with its defaults", async () => {
    signedIn.user = person("MANAGER");
    expect(await actionCaller(OPERATIONS.decidePromotion, { params: { id: "not-a-uuid" }, body: { decision: "reject", reason: "not yet" } })).toMatchObject({
      problem: expect.stringContaining("is not a UUID"),
    });
    signedIn.user = person("ENGINEER");
    expect(await actionCaller(OPERATIONS.cancelTrainingRun, { params: { id: "7f1f0c52-8c1e-4c1a-9d0e-3a1b2c3d4e5f" } })).toMatchObject({
      problem: expect.stringMatching(/^body: /),
    });
    expect(await actionCaller(OPERATIONS.startTrainingRun, { params: { station: "line-1" }, body: { epochs: 0 } })).toMatchObject({
      problem: expect.stringMatching(/^epochs: /),
    });
    const caller = await actionCaller(OPERATIONS.startTrainingRun, { params: { station: "line-1" }, body: { folds: 3 } });
    expect(caller).toMatchObject({ user: { role: "ENGINEER" }, body: { folds: 3, epochs: 8, holdout: 0.3, earlyStop: true } });
  });

  it("is for a person's operations only", async () => {
    await expect(actionCaller(OPERATIONS.postCapture)).rejects.toThrow("is not a person's operation");
  });
});

describe("operationAction", () => {
  beforeEach(() => {
    signedIn.user = null;
  });

  it("does not make the change for a caller the operation refuses, and says why", async () => {
    const change = vi.fn(async () => ({ ok: true as const }));
    signedIn.user = person("ENGINEER");
    expect(await operationAction(OPERATIONS.demoteStation, { params: { station: "line-1" }, body: { reason: "rollback" } }, change)).toBe(
      "Your role does not allow this.",
    );
    signedIn.user = person("MANAGER");
    expect(await operationAction(OPERATIONS.demoteStation, { params: { station: "line-1" }, body: { reason: "" } }, change)).toMatch(/^Give a reason/);
    expect(change).not.toHaveBeenCalled();
  });

  it("makes the change with the database, the person and the checked body, and answers null or the refusal's detail", async () => {
    signedIn.user = person("MANAGER");
    const input = { params: { station: "line-1" }, body: { reason: "rollback" } };
    const change = vi.fn(async () => ({ ok: true as const }));
    expect(await operationAction(OPERATIONS.demoteStation, input, change)).toBeNull();
    expect(change).toHaveBeenCalledWith({ db: theDb, user: signedIn.user, body: { reason: "rollback" } });
    const refused = async () => ({ ok: false as const, detail: "The station already runs with humans only." });
    expect(await operationAction(OPERATIONS.demoteStation, input, refused)).toBe("The station already runs with humans only.");
  });
});

describe("operationAnswer", () => {
  const input = { params: { id: "u2" }, body: { reason: "forgot it" } };

  it("answers what the change gives the page, a refusal as its detail alone, and a thrown problem as its detail", async () => {
    signedIn.user = person("ADMIN");
    expect(await operationAnswer(OPERATIONS.resetAccountPassword, input, async () => ({ ok: true, oneTimePassword: "K7QW" }))).toEqual({
      ok: true,
      oneTimePassword: "K7QW",
    });
    const refusal = { ok: false as const, kind: "conflict", reason: "last-admin", detail: "The last admin stays." };
    expect(await operationAnswer(OPERATIONS.resetAccountPassword, input, async () => refusal)).toEqual({ ok: false, detail: "The last admin stays." });
    const thrown = async (): Promise<{ ok: true }> => {
      throw notFound("No account u2.");
    };
    expect(await operationAnswer(OPERATIONS.resetAccountPassword, input, thrown)).toEqual({ ok: false, detail: "No account u2." });
  });

  it("lets any other error through, to the app's error boundary", async () => {
    signedIn.user = person("ADMIN");
    const broken = async (): Promise<{ ok: true }> => {
      throw new Error("connection lost");
    };
    await expect(operationAnswer(OPERATIONS.resetAccountPassword, input, broken)).rejects.toThrow("connection lost");
  });
});

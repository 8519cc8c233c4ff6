import crypto from "node:crypto";
import { z } from "zod";
import { appendAudit, SYSTEM_ACTOR, type Actor } from "../audit/index.ts";
import type { Db, DbOrTx } from "../db/index.ts";
import { refuse, type Refusal } from "../refusals/index.ts";

// Station machine tokens: a camera's credential for POST /api/captures. The
// token is 32 random bytes shown once; the database keeps only its SHA-256,
// so a leaked table gives no working token. Each is scoped to one station.

const PREFIX = "ust_";

export const newTokenSchema = z.object({ name: z.string().trim().min(1).max(80) }).strict();

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export interface TokenSummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const summary = { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** Creates a token for the station (audited as TOKEN_CREATED); the only time its secret is returned. */
export async function createStationToken(
  db: DbOrTx,
  stationId: string,
  name: string,
  createdById: string | null,
): Promise<{ token: string; summary: TokenSummary }> {
  const token = `${PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
  const row = await db.stationToken.create({ data: { stationId, name, tokenHash: hashToken(token), createdById }, select: summary });
  const actor: Actor = createdById ? { kind: "USER", id: createdById } : SYSTEM_ACTOR;
  await appendAudit(db, {
    stationId,
    actor,
    action: "TOKEN_CREATED",
    reason: `camera token "${name}"`,
    evidence: { tokenId: row.id, name },
    at: row.createdAt,
  });
  return { token, summary: row };
}

export function listStationTokens(db: DbOrTx, stationId: string): Promise<TokenSummary[]> {
  return db.stationToken.findMany({ where: { stationId }, orderBy: { createdAt: "desc" }, select: summary });
}

/** Revokes a token of the station (audited as TOKEN_REVOKED); false when there is no such token. Revoking twice keeps the first time. */
export async function revokeStationToken(db: DbOrTx, stationId: string, tokenId: string, by: Actor = SYSTEM_ACTOR): Promise<boolean> {
  const token = await db.stationToken.findFirst({ where: { id: tokenId, stationId }, select: { revokedAt: true, name: true } });
  if (!token) return false;
  if (!token.revokedAt) {
    const at = new Date();
    await db.stationToken.update({ where: { id: tokenId }, data: { revokedAt: at } });
    await appendAudit(db, {
      stationId,
      actor: by,
      action: "TOKEN_REVOKED",
      reason: `camera token "${token.name}"`,
      evidence: { tokenId, name: token.name },
      at,
    });
  }
  return true;
}

/** The station a bearer token may post captures to, or null for a missing, unknown or revoked token. */
export async function stationForToken(db: DbOrTx, authorization: string | null): Promise<{ id: string; slug: string; tokenId: string } | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match?.[1]?.startsWith(PREFIX)) return null;
  const row = await db.stationToken.findUnique({
    where: { tokenHash: hashToken(match[1]) },
    select: { id: true, revokedAt: true, station: { select: { id: true, slug: true } } },
  });
  if (!row || row.revokedAt) return null;
  // Last use to the minute is enough, and spares a write per photo.
  await db.$executeRaw`UPDATE station_tokens SET last_used_at = now() WHERE id = ${row.id}::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
  return { ...row.station, tokenId: row.id };
}

/**
 * An administrator revokes a token of the station named `slug`: what the
 * API's route and the admin page's action both do, refused in the same words.
 */
export async function revokeTokenAt(db: Db, slug: string, tokenId: string, by: Actor): Promise<{ ok: true } | Refusal<"no-station" | "no-token">> {
  const station = await db.station.findUnique({ where: { slug }, select: { id: true } });
  if (!station) return refuse("not-found", "no-station", `No station ${JSON.stringify(slug)}.`);
  const revoked = await db.$transaction((tx) => revokeStationToken(tx, station.id, tokenId, by));
  return revoked ? { ok: true } : refuse("not-found", "no-token", `No token ${tokenId} on station ${slug}.`);
}

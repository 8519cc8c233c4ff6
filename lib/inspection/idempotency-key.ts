import { z } from "zod";

/** The key a client gives each write so that its retries are recognised (verdicts, predictions). */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "use 8-128 letters, digits, - or _");

// What the inspection station's browser code imports: the outbox that keeps
// verdicts and predictions until the server has them, and the keys they carry.
export { Outbox, backoffMs, isRetryable, type OutboxItem, type OutboxState } from "./outbox.ts";
export { newIdempotencyKey, predictionIdempotencyKey } from "./idempotency-key.ts";

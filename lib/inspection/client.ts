// What the inspection station's browser code imports: the outbox that keeps
// verdicts and predictions until the server has them.
export { Outbox, backoffMs, isRetryable, type OutboxItem, type OutboxState } from "./outbox.ts";

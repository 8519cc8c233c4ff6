/**
 * The browser's outbox: every verdict and prediction is written to IndexedDB
 * first and sent from there, retried with backoff until the server answers, so
 * nothing is lost to a reload, a dropped network or a server restart. The
 * server stores each item once by its idempotency key, so resending is safe.
 * Browser-only (IndexedDB, fetch); no React.
 */

export interface OutboxItem {
  /** The idempotency key: also the item's key here. */
  key: string;
  kind: "verdict" | "prediction";
  url: string;
  body: unknown;
  /** Not sent before this time (ms since epoch): the undo window of a verdict. */
  notBefore: number;
  attempts: number;
  nextAttemptAt: number;
}

export interface OutboxState {
  pending: number;
  /** Of those, the person's own verdicts (the rest are the model's predictions, which are not theirs to worry about). */
  pendingVerdicts: number;
  /** Items the server refused (4xx): not retried, shown to the person. */
  refused: { kind: OutboxItem["kind"]; detail: string }[];
  isOnline: boolean;
  lastError: string | null;
}

const STORE = "items";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

/** Retry delay after `attempts` failures: 0.5 s doubling to at most 15 s. */
export function backoffMs(attempts: number): number {
  return Math.min(15_000, 500 * 2 ** Math.max(0, attempts - 1));
}

/** Whether an HTTP status means "try again later" rather than "never". */
export function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export class Outbox {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private isSending = false;
  private state: OutboxState = { pending: 0, pendingVerdicts: 0, refused: [], isOnline: true, lastError: null };

  private constructor(
    private readonly db: IDBDatabase,
    private readonly onChange: (state: OutboxState) => void,
  ) {}

  static async open(name: string, onChange: (state: OutboxState) => void): Promise<Outbox> {
    const open = indexedDB.open(name, 2);
    open.onupgradeneeded = (event) => {
      // Version 2 counts verdicts by an index on kind, without reading every item.
      const store = event.oldVersion < 1 ? open.result.createObjectStore(STORE, { keyPath: "key" }) : (open.transaction as IDBTransaction).objectStore(STORE);
      if (!store.indexNames.contains("kind")) store.createIndex("kind", "kind");
    };
    const outbox = new Outbox(await request(open), onChange);
    await outbox.refresh();
    return outbox;
  }

  private async refresh(): Promise<void> {
    const store = this.db.transaction(STORE).objectStore(STORE);
    const [pending, pendingVerdicts] = await Promise.all([request(store.count()), request(store.index("kind").count("verdict"))]);
    this.state = { ...this.state, pending, pendingVerdicts };
    this.onChange(this.state);
  }

  async add(item: Omit<OutboxItem, "attempts" | "nextAttemptAt">): Promise<void> {
    const full: OutboxItem = { ...item, attempts: 0, nextAttemptAt: item.notBefore };
    await request(this.db.transaction(STORE, "readwrite").objectStore(STORE).put(full));
    await this.refresh();
    this.kick();
  }

  /** Takes an item back if it has not been sent yet (undo). */
  async remove(key: string): Promise<boolean> {
    const store = this.db.transaction(STORE, "readwrite").objectStore(STORE);
    const item = (await request(store.get(key))) as OutboxItem | undefined;
    if (!item) return false;
    await request(store.delete(key));
    await this.refresh();
    return true;
  }

  /** Units whose verdicts still wait here: not to be shown again after a reload. */
  async pendingVerdictUnits(): Promise<string[]> {
    const items = (await request(this.db.transaction(STORE).objectStore(STORE).getAll())) as OutboxItem[];
    return items.filter((item) => item.kind === "verdict").map((item) => (item.body as { captureId: string }).captureId);
  }

  start(): void {
    this.kick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.db.close();
  }

  private kick(delay = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sendDue(), delay);
  }

  private async sendDue(): Promise<void> {
    if (this.isSending) return;
    this.isSending = true;
    let nextWake = 1_000;
    try {
      const items = (await request(this.db.transaction(STORE).objectStore(STORE).getAll())) as OutboxItem[];
      const now = Date.now();
      for (const item of items.sort((a, b) => a.notBefore - b.notBefore)) {
        if (item.nextAttemptAt > now) {
          nextWake = Math.min(nextWake, item.nextAttemptAt - now);
          continue;
        }
        await this.send(item);
      }
    } finally {
      this.isSending = false;
      await this.refresh();
      this.kick(Math.max(50, nextWake));
    }
  }

  private async send(item: OutboxItem): Promise<void> {
    let status = 0;
    let detail = "";
    try {
      const response = await fetch(item.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(item.body) });
      status = response.status;
      if (!response.ok) detail = ((await response.json().catch(() => null)) as { detail?: string } | null)?.detail ?? `HTTP ${status}`;
    } catch (error) {
      detail = (error as Error).message;
    }
    const store = this.db.transaction(STORE, "readwrite").objectStore(STORE);
    if (status >= 200 && status < 300) {
      await request(store.delete(item.key));
      this.state = { ...this.state, isOnline: true, lastError: null };
    } else if (status !== 0 && !isRetryable(status)) {
      await request(store.delete(item.key));
      this.state = { ...this.state, isOnline: true, refused: [...this.state.refused, { kind: item.kind, detail }] };
    } else {
      const attempts = item.attempts + 1;
      await request(store.put({ ...item, attempts, nextAttemptAt: Date.now() + backoffMs(attempts) }));
      this.state = { ...this.state, isOnline: status !== 0, lastError: detail };
    }
  }
}

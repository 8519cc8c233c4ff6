import os from "node:os";
import { Worker } from "node:worker_threads";
import type { CameraPhoto } from "../../synth/index.ts";
import { type CameraFrame, type CameraSetOptions } from "./camera-data.ts";

// Making a synthetic camera photo costs about as much as training on its
// crops (a third of a second each, bench:camera-photos), and the trainer uses one core. A pool
// of worker threads makes the photos on the other cores, ahead of need: the
// next mining round's photos while this round trains.

/** What a worker needs to make one photo: CameraSetOptions that cross a thread (no labelAt function). */
export type FrameOptions = Omit<CameraSetOptions, "labelAt" | "cropsPerPhoto">;

export interface FrameJob {
  /** A frame to train on (preprocessed, its mask at the frame's scale), or the whole photo (what evaluation scores as the browser does). */
  kind: "frame" | "photo";
  seed: number;
  index: number;
  options: FrameOptions;
}

export type FrameReply = { camera: CameraFrame } | { photo: CameraPhoto } | { error: string };

interface Pending extends FrameJob {
  resolve: (made: CameraFrame | CameraPhoto) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL("./camera-frame-worker.mjs", import.meta.url);

/** Frames in flight or waiting per stream, by default: about 0.7 GB of frames. */
export const DEFAULT_AHEAD = 256;
/** Whole photos in flight or waiting per stream, by default: about 0.3 GB (10 MB a photo with its mask). */
export const PHOTOS_AHEAD = 32;

export class CameraFramePool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private failure: Error | null = null;

  constructor(readonly size: number = Math.max(1, os.availableParallelism())) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL);
      worker.unref();
      worker.on("message", (reply: FrameReply) => this.settle(worker, reply));
      worker.on("error", (error) => this.fail(worker, error));
      worker.on("exit", (code) => this.fail(worker, new Error(`a camera frame worker exited with code ${code}`)));
      this.idle.push(worker);
    }
  }

  /**
   * The frames of the synthetic set (seed, count) in order, made from now on
   * by the pool, at most `ahead` beyond the last one read: start a stream
   * before other work and read it after.
   */
  frames(seed: number, count: number, options: FrameOptions = {}, ahead: number = DEFAULT_AHEAD): AsyncGenerator<CameraFrame> {
    return this.stream<CameraFrame>("frame", seed, count, options, ahead);
  }

  /** The whole photos of the synthetic set (seed, count) in order, as frames() makes frames: what a report scores. */
  photos(seed: number, count: number, options: FrameOptions = {}, ahead: number = PHOTOS_AHEAD): AsyncGenerator<CameraPhoto> {
    return this.stream<CameraPhoto>("photo", seed, count, options, ahead);
  }

  private stream<T extends CameraFrame | CameraPhoto>(
    kind: FrameJob["kind"],
    seed: number,
    count: number,
    options: FrameOptions,
    ahead: number,
  ): AsyncGenerator<T> {
    const made: (Promise<T> | undefined)[] = [];
    let asked = 0;
    let read = 0;
    const askMore = () => {
      for (; asked < count && asked - read < ahead; asked++) {
        const one = this.make({ kind, seed, index: asked, options }) as Promise<T>;
        // Read later, in order; a failure meanwhile is not unhandled.
        one.catch(() => {});
        made[asked] = one;
      }
    };
    ahead = Math.max(1, ahead);
    askMore();
    return (async function* () {
      for (; read < count;) {
        const one = await (made[read] as Promise<T>);
        made[read++] = undefined;
        askMore();
        yield one;
      }
    })();
  }

  async close(): Promise<void> {
    this.failure ??= new Error("the camera frame pool is closed");
    for (const job of this.queue.splice(0)) job.reject(this.failure);
    const workers = [...this.idle, ...this.busy.keys()];
    for (const job of this.busy.values()) job.reject(this.failure);
    this.busy.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.removeAllListeners("exit").terminate()));
  }

  private make(job: FrameJob): Promise<CameraFrame | CameraPhoto> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ ...job, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as Pending;
      this.busy.set(worker, job);
      // A busy worker keeps the process alive until its frame is back; an idle one does not.
      worker.ref();
      worker.postMessage({ kind: job.kind, seed: job.seed, index: job.index, options: job.options } satisfies FrameJob);
    }
  }

  private settle(worker: Worker, reply: FrameReply): void {
    const job = this.busy.get(worker);
    this.busy.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if ("error" in reply) job?.reject(new Error(`camera ${job.kind} ${job.seed}/${job.index}: ${reply.error}`));
    else job?.resolve("camera" in reply ? reply.camera : reply.photo);
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    this.failure ??= error;
    this.busy.get(worker)?.reject(error);
    this.busy.delete(worker);
    for (const job of this.queue.splice(0)) job.reject(error);
  }
}

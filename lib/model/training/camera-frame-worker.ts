import { parentPort } from "node:worker_threads";
import { cameraFrameOf, cameraPhotoAt } from "./camera-data.ts";
import type { FrameJob, FrameReply } from "./camera-frames.ts";

// One thread of a CameraFramePool: makes the photo it is asked for and sends
// back its frame or the photo itself, the arrays moved rather than copied.

const port = parentPort;
if (!port) throw new Error("camera-frame-worker.ts runs as a worker thread (CameraFramePool)");

port.on("message", ({ kind, seed, index, options }: FrameJob) => {
  let reply: FrameReply;
  let moved: ArrayBuffer[];
  try {
    const photo = cameraPhotoAt(seed, index, options);
    if (kind === "photo") {
      reply = { photo };
      moved = [photo.rgba.buffer, photo.mask.buffer] as ArrayBuffer[];
    } else {
      const camera = cameraFrameOf(photo);
      reply = { camera };
      moved = [camera.frame.input.buffer, ...(camera.mask ? [camera.mask.buffer] : [])] as ArrayBuffer[];
    }
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FrameReply);
    return;
  }
  // Every array moved owns its buffer (the photo's and the frame's are allocated for it): moving them leaves nothing shared behind.
  port.postMessage(reply, moved);
});

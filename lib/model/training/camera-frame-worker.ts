import { parentPort } from "node:worker_threads";
import { cameraFrameOf, cameraPhotoAt } from "./camera-data.ts";
import type { FrameJob, FrameReply } from "./camera-frames.ts";

// One thread of a CameraFramePool: makes the photo it is asked for and sends
// back its frame, the arrays moved rather than copied.

const port = parentPort;
if (!port) throw new Error("camera-frame-worker.ts runs as a worker thread (CameraFramePool)");

port.on("message", ({ seed, index, options }: FrameJob) => {
  let reply: FrameReply;
  try {
    reply = { camera: cameraFrameOf(cameraPhotoAt(seed, index, options)) };
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies FrameReply);
    return;
  }
  const { frame, mask } = reply.camera;
  // Both arrays own their buffers (preprocessFrame, frameMask allocate them): moving them leaves nothing shared behind.
  const moved = [frame.input.buffer, ...(mask ? [mask.buffer] : [])] as ArrayBuffer[];
  port.postMessage(reply, moved);
});

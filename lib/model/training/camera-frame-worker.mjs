// A CameraFramePool thread (camera-frames.ts). Node's worker threads do not
// inherit tsx's loader from the command that started them: register it here,
// then run the TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./camera-frame-worker.ts");

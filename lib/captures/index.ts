// Captures: the photos of units sent by the line, and where their bytes are
// stored (local disk by default, S3-compatible object storage when configured).
export {
  LocalDiskStore,
  S3Store,
  captureStoreFromEnv,
  assertStorageKey,
  InvalidStorageKeyError,
  type CaptureStore,
  type S3StoreOptions,
} from "./storage.ts";

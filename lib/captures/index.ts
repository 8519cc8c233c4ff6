// Captures: the photos of units sent by the line, and where their bytes are
// stored (local disk by default, S3-compatible object storage when configured).
import "server-only";

export {
  decodeImage,
  encodePng,
  sniffImageType,
  checkedImageHeader,
  ImageTooLargeError,
  MAX_PIXELS,
  UnreadableImageError,
  type DecodedImage,
  type ImageType,
} from "./decode.ts";
export { validatePhoto, insertCapture, MAX_PHOTO_BYTES, putCapturePhoto, storageKeyFor, type ValidatedPhoto, type NewCapture } from "./store-capture.ts";
export { capturePhoto, type CapturePhoto } from "./photo.ts";
export { leaseNextUnits, releaseLeases, DEFAULT_LEASE_SECONDS, type LeasedUnit } from "./queue.ts";
export { importFolder, type ImportResult, type ImportProblem } from "./import-folder.ts";
export {
  LocalDiskStore,
  S3Store,
  captureStoreFromEnv,
  appCaptureStore,
  assertStorageKey,
  InvalidStorageKeyError,
  type CaptureStore,
  type S3StoreOptions,
} from "./storage.ts";
export {
  expiredPhotoCounts,
  photoRetentionDays,
  removeExpiredPhotos,
  RETENTION_BATCH,
  startPhotoRetention,
  type RetentionOptions,
  type RetentionResult,
} from "./retention.ts";

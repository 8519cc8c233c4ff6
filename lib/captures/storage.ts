import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

/**
 * Where capture photos live. Keys are relative, slash-separated and made of
 * safe characters only, so no key can escape the store.
 */
export interface CaptureStore {
  readonly kind: "local" | "s3";
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Uint8Array | null>;
  delete(key: string): Promise<void>;
}

export class InvalidStorageKeyError extends Error {
  override readonly name = "InvalidStorageKeyError";
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertStorageKey(key: string): void {
  const segments = key.split("/");
  const isValid = key.length <= 512 && segments.length <= 8 && segments.every((s) => SEGMENT.test(s) && !s.includes(".."));
  if (!isValid) throw new InvalidStorageKeyError(`Invalid storage key: ${JSON.stringify(key)}`);
}

/** Photos as files under a directory (by default .data/captures). */
export class LocalDiskStore implements CaptureStore {
  readonly kind = "local";
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Write beside and rename, so a reader never sees half a photo; a name of its
    // own per write, so two writes of one photo at once never share a temporary file.
    const temporary = `${file}.${crypto.randomUUID()}.tmp`;
    await fs.writeFile(temporary, bytes);
    await fs.rename(temporary, file);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await fs.readFile(this.pathOf(key)));
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

export interface S3StoreOptions {
  bucket: string;
  prefix?: string;
  region?: string;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/** Photos in an S3-compatible object store (AWS S3, MinIO, Ceph, R2, ...). */
export class S3Store implements CaptureStore {
  readonly kind = "s3";
  private readonly client: S3Client;
  constructor(
    private readonly options: S3StoreOptions,
    client?: S3Client,
  ) {
    this.client =
      client ??
      new S3Client({
        region: options.region ?? "us-east-1",
        endpoint: options.endpoint,
        forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      });
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return this.options.prefix ? `${this.options.prefix.replace(/\/+$/, "")}/${key}` : key;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key), Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return object.Body ? await object.Body.transformToByteArray() : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }
}

/**
 * The store the environment asks for: S3 when CAPTURE_S3_BUCKET is set
 * (with optional CAPTURE_S3_PREFIX, CAPTURE_S3_ENDPOINT, AWS_REGION and the
 * usual AWS credential variables), else local disk under the data directory.
 */
let appStore: CaptureStore | undefined;

/** The app's store (from the environment and the data directory), made once per process. */
export function appCaptureStore(dataDir: string): CaptureStore {
  appStore ??= captureStoreFromEnv(process.env, dataDir);
  return appStore;
}

export function captureStoreFromEnv(env: Record<string, string | undefined>, dataDir: string): CaptureStore {
  if (env.CAPTURE_S3_BUCKET) {
    return new S3Store({
      bucket: env.CAPTURE_S3_BUCKET,
      prefix: env.CAPTURE_S3_PREFIX,
      region: env.AWS_REGION,
      endpoint: env.CAPTURE_S3_ENDPOINT,
    });
  }
  return new LocalDiskStore(path.join(dataDir, "captures"));
}

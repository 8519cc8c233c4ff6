import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { ConfigError } from "./config-error.ts";

export type Db = PrismaClient;
/** The client, or the client of an open transaction. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;

export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
}

const globalForPrisma = globalThis as unknown as { understudyPrisma?: PrismaClient };

/** The app's client, on DATABASE_URL (set by `npm start` when it runs the embedded server). */
export function db(): PrismaClient {
  if (!globalForPrisma.understudyPrisma) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new ConfigError("DATABASE_URL is not set: start the app with `npm start`, which provides it, or `npm run serve` with it set.");
    globalForPrisma.understudyPrisma = createPrismaClient(url);
  }
  return globalForPrisma.understudyPrisma;
}

/** Whether a write failed on a unique index (Prisma's P2002): a duplicate, or a repeat of a write already stored. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

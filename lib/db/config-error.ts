/**
 * A failure of configuration or environment that the person starting the app
 * can fix. Its message is one plain sentence, shown without a stack trace.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Turns a low-level connection error into a sentence naming the server. */
export function describeConnectionError(url: string, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  let where = "the database";
  try {
    const parsed = new URL(url);
    where = `PostgreSQL at ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    where = "the database (DATABASE_URL is not a valid URL)";
  }
  switch (code) {
    case "ECONNREFUSED":
      return `Cannot reach ${where}: nothing is listening there. Start the server or fix DATABASE_URL.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot reach ${where}: the host name does not resolve. Fix DATABASE_URL.`;
    case "ETIMEDOUT":
      return `Cannot reach ${where}: the connection timed out. Check the network or DATABASE_URL.`;
    case "28P01":
    case "28000":
      return `Cannot sign in to ${where}: the user name or password in DATABASE_URL is wrong.`;
    case "3D000":
      return `Cannot open ${where}: that database does not exist. Create it or fix DATABASE_URL.`;
    default:
      return `Cannot reach ${where}: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "../db/index.ts";
import { MIN_PASSWORD_LENGTH } from "./accounts.ts";
import { EXPIRED_ONE_TIME_PASSWORD, isOneTimePasswordExpired } from "./one-time-password.ts";
import { signInRules } from "./rate-limit.ts";

/** What a disabled account is told at sign-in. */
export const DISABLED_ACCOUNT = "This account is disabled; ask an admin.";

function createAuth() {
  const port = process.env.PORT ?? "3000";
  const baseURL = process.env.BETTER_AUTH_URL ?? `http://localhost:${port}`;
  return betterAuth({
    appName: "Understudy",
    baseURL,
    trustedOrigins: [baseURL, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
    // `npm start` provides one kept in .data/; production sets BETTER_AUTH_SECRET.
    secret: process.env.BETTER_AUTH_SECRET,
    database: prismaAdapter(db(), { provider: "postgresql" }),
    // Accounts are made by an admin (or the demo seed), never by strangers.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    user: {
      additionalFields: {
        role: { type: "string", required: true, defaultValue: "INSPECTOR", input: false },
        mustChangePassword: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    databaseHooks: {
      session: {
        create: {
          // Every way in (the sign-in page, the HTTP endpoint, a password change's new session) goes through here.
          before: async (session, context) => {
            const user = await db().user.findUnique({
              where: { id: session.userId },
              select: { disabledAt: true, mustChangePassword: true, passwordResetAt: true },
            });
            if (!user || user.disabledAt) throw new APIError("FORBIDDEN", { message: DISABLED_ACCOUNT });
            // Choosing one's own password in a session the one-time password opened in time is not signing in with it.
            if (context?.path !== "/change-password" && isOneTimePasswordExpired(user, new Date()))
              throw new APIError("FORBIDDEN", { message: EXPIRED_ONE_TIME_PASSWORD });
          },
        },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    rateLimit: {
      enabled: process.env.NODE_ENV === "production",
      window: 60,
      max: 300,
      // The sign-in page goes through lib/auth/sign-in.ts, whose limits are kept in the database; this guards the HTTP endpoint.
      customRules: { "/sign-in/email": { window: 60, max: signInRules().address.limit } },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { understudyAuth?: Auth };

/** better-auth, built on first use so that importing it needs no environment. */
export function auth(): Auth {
  globalForAuth.understudyAuth ??= createAuth();
  return globalForAuth.understudyAuth;
}

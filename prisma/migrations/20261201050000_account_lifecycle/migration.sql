-- An account's life after an admin made it (lib/auth/lifecycle.ts): disabled,
-- and a one-time password that must be replaced before anything else.
ALTER TABLE "users" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
ALTER TABLE "users" ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT false;

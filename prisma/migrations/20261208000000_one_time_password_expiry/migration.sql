-- A one-time password an admin's reset hands out lasts 72 hours: one never
-- used is not a way into the account forever. The moment of the reset is kept
-- with the account (lib/auth/auth.ts refuses sign-in with it after that).
ALTER TABLE "users" ADD COLUMN "password_reset_at" TIMESTAMPTZ(3);

-- Resets from before this migration count from the account's last change.
UPDATE "users" SET "password_reset_at" = "updated_at" WHERE "must_change_password";

// Accounts, sessions and roles: who is signed in and what their role lets them
// open. Sign-in itself is better-auth's (lib/auth/auth.ts); every page and API
// route checks the role on the server through lib/auth/session.ts, which needs a
// request and so is imported directly by app/ rather than re-exported here.
export { ROLES, PLACES, isRole, homeFor, placeFor, placesFor, type Role, type Place } from "./roles.ts";
export { createAccount, listAccounts, newAccountSchema, type NewAccount, type AccountSummary } from "./accounts.ts";

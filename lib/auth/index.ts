// Accounts, sessions and roles: who is signed in and what their role lets them
// open. Sign-in itself is better-auth's (lib/auth/auth.ts); every page and API
// route checks the role on the server through currentUser / requirePlace,
// which need a request. Client components import lib/auth/client.ts.
import "server-only";

export { ROLES, PLACES, isRole, homeFor, placeFor, placesFor, type Role, type Place } from "./roles.ts";
export { createAccount, listAccounts, newAccountSchema, type NewAccount, type AccountSummary } from "./accounts.ts";
export { currentUser, requirePlace, type CurrentUser } from "./session.ts";
export { auth } from "./auth.ts";
export { MIN_PASSWORD_LENGTH } from "./accounts.ts";
export { changeAccountRole, liftAccountSignInHolds, resetAccountPassword, setAccountDisabled, type AccountChange } from "./lifecycle.ts";
export { changeOwnPassword, recordOwnPasswordChange } from "./own-password.ts";
export { landingAfterSignIn } from "./landing.ts";
export { signInWithLimits } from "./sign-in.ts";
export { signInHolds, countFailedSignIn, signInRefusal } from "./sign-in-backoff.ts";
export { checkedPasswordChange, checkedProfileUpdate } from "./own-account.ts";

// What client components may import from auth: roles and where each may go,
// with nothing that reaches the database or the request.
export { ROLES, PLACES, isRole, homeFor, placeFor, placesFor, type Role, type Place } from "./roles.ts";
export { ONE_TIME_PASSWORD_HOURS } from "./one-time-password.ts";

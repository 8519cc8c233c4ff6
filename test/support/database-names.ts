/** The migrated database each integration test file copies its own from. */
export const TEMPLATE_DATABASE = "understudy_test_template";

/** The role route handlers and auth run as in integration tests, as the app server does (lib/postgres/roles.ts). */
export const TEST_APP_ROLE = "understudy_app_tests";
export const TEST_APP_PASSWORD = "understudy-app-tests-password";

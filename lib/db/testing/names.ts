/** The migrated database each integration test file copies its own from. */
export const TEMPLATE_DATABASE = "understudy_test_template";

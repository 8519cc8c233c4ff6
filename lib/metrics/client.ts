// What code bundled for the browser (the model's Web Worker scores photos
// with lib/model/evaluation.ts) may use of metrics: pure statistics, nothing
// that reaches the database.
export { wilsonInterval, Z_95, type Proportion } from "./wilson.ts";

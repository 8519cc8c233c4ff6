// The demo: the stations, people, photos and history `npm start` seeds on a
// first run (seedDemo), the history generator benches and `npm run seed`
// use (seedHistory), and the demo's sign-in credentials.
import "server-only";

export { DEMO_STATIONS, demoLevel, formatCredentials, readDemoCredentials, saveDemoCredentials, seedDemo, type DemoCredential } from "./seed-demo.ts";
export { HistoryError, seedHistory } from "./seed-history.ts";

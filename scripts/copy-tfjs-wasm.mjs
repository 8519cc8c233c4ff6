// Serves tfjs's WebAssembly backend from the app itself (public/tfjs-wasm/),
// copied from node_modules at install so the files always match the package.
import fs from "node:fs";
import path from "node:path";

const from = path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist");
const to = path.resolve("public/tfjs-wasm");
fs.mkdirSync(to, { recursive: true });
for (const file of fs.readdirSync(from).filter((name) => name.endsWith(".wasm"))) {
  fs.copyFileSync(path.join(from, file), path.join(to, file));
}

// `npm run bench`: every benchmark in turn (token path, authorization-code round trip, clients list,
// secret creation, first-load JavaScript). Each starts its own portal (production build, own
// database under data/) and prints its figures.
import { spawnSync } from "node:child_process";
import path from "node:path";

for (const script of ["token.mjs", "authorize.mjs", "clients-list.mjs", "secret-create.mjs", "first-load.mjs"]) {
  console.log(`\n━━ bench/${script}`);
  const result = spawnSync(process.execPath, [path.join(import.meta.dirname, script)], { stdio: "inherit" });
  if (result.status !== 0) process.exitCode = 1;
}

// `npm start`: install, generate, migrate, seed the first admin, build, serve. Each step is
// skipped when it is already up to date.
import { ensureAuthSecret, ensureBuild, ensureDependencies, ensurePrismaClient, migrate, seed, spawnServer } from "./lib/setup.mjs";

ensureDependencies();
ensurePrismaClient();
const env = { ...process.env, AUTH_SECRET: ensureAuthSecret(), NEXT_TELEMETRY_DISABLED: "1" };
migrate(env);
seed(env);
await ensureBuild();

const port = process.env.PORT || "3000";

const server = spawnServer(port, { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

// A throwaway PostgreSQL server for tests and for making migrations: Debian's PostgreSQL binaries,
// `initdb` in a temporary folder, a free local port, trust authentication on 127.0.0.1 only, no
// fsync (the data is thrown away). Stopped and deleted by `stop()` and, as a safety net, when the
// process exits (also on Ctrl-C / SIGTERM). Plain Node: runs before any install.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PG_ROOT = "/usr/lib/postgresql";

/** The bin folder of the newest installed PostgreSQL (Debian layout), or null. */
export function findPostgresBin() {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  if (!fs.existsSync(PG_ROOT)) return null;
  const versions = fs
    .readdirSync(PG_ROOT)
    .filter((v) => fs.existsSync(path.join(PG_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(PG_ROOT, versions[0], "bin") : null;
}

/** Installs Debian's PostgreSQL when it is missing (root only). Returns the bin folder. */
export function ensurePostgresInstalled(log = console.log) {
  const found = findPostgresBin();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error("PostgreSQL is not installed. Install Debian's postgresql (apt-get install -y postgresql) or set POSTGRES_BIN.");
  }
  log("Installing Debian's PostgreSQL for the PostgreSQL tests…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "postgresql"],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL was installed but no initdb was found under ${PG_ROOT}`);
  return bin;
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user. */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/**
 * Starts a fresh PostgreSQL server. Returns its base URL (database `postgres`, user `portal`, no
 * password) and `stop()`, which stops the server and deletes its folder. For outage tests,
 * `halt(mode)` stops it and keeps its data (`immediate`: as a crash), `start()` starts it again on
 * the same port, and `pids()` lists its processes (the postmaster first). `durable`: a commit is
 * acknowledged only once its log record is written (synchronous_commit=on), so an acknowledged
 * write survives a crash of the server (not of the machine: fsync stays off).
 * @param {{ log?: (message: string) => void, durable?: boolean }} [options]
 */
export async function startPostgres({ log = () => {}, durable = false } = {}) {
  const bin = ensurePostgresInstalled(log);
  const user = runAs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-"));
  if (user.uid !== undefined) fs.chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, "data");
  const pg = (tool, args) => {
    const result = spawnSync(path.join(bin, tool), args, { cwd: dir, encoding: "utf8", ...user });
    if (result.status !== 0) {
      throw new Error(`${tool} failed (exit ${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
    }
  };

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    if (fs.existsSync(path.join(data, "postmaster.pid"))) {
      spawnSync(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], { cwd: dir, stdio: "ignore", ...user });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }

  try {
    pg("initdb", ["-D", data, "-U", "portal", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      "-c fsync=off",
      `-c synchronous_commit=${durable ? "on" : "off"}`,
      "-c full_page_writes=off",
      "-c max_connections=200",
    ].join(" ");
    const start = () => pg("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
    start();
    const url = `postgresql://portal@127.0.0.1:${port}/postgres`;
    log(`PostgreSQL ${path.basename(path.dirname(bin))} on 127.0.0.1:${port} (throwaway, ${dir})`);
    const halt = (mode = "immediate") => pg("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]);
    const pids = () => {
      const postmaster = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      const children = spawnSync("pgrep", ["-P", String(postmaster)], { encoding: "utf8" })
        .stdout.split("\n")
        .filter(Boolean)
        .map(Number);
      return [postmaster, ...children];
    };
    return { url, port, dir, stop, halt, start, pids };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The URL of another database on the same server. @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

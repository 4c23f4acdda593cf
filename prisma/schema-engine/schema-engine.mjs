#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary.
//
// The Prisma CLI (`migrate dev|deploy|status|diff|reset|resolve`, `db push|pull|execute`) spawns
// the binary named by PRISMA_SCHEMA_ENGINE_BINARY (set in prisma.config.ts) and talks to it over
// the native binary's interface:
//
//   schema-engine [--datamodels <file>]... [--datasource <json>] [--enabled-preview-features a,b]
//                 [--extension-types <json>]
//       JSON-RPC 2.0 server: one request per line on stdin, one response per line on stdout,
//       JSON log lines on stderr, exit 0 when stdin closes.
//   schema-engine --datasource <json> cli can-connect-to-database|create-database|drop-database
//       One-shot command: JSON log lines on stderr, exit 0 on success, exit 1 with an ERROR line
//       carrying `error_code` + `message` on failure.
//   schema-engine --version
//
// The work itself is done by Prisma's WebAssembly build of the very same engine
// (@prisma/schema-engine-wasm, pinned to the engine version of the installed `prisma`), which
// reaches the database through a Prisma driver adapter (better-sqlite3 for `file:` URLs, pg for
// `postgres(ql)://`). See docs/decisions/001-offline-prisma-migrations.md.
//
// stdout is reserved for the protocol: anything else that tries to write there is sent to stderr.

import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";

import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";

import { databaseKind, resolveDatabaseUrl, sqliteFilePath } from "../../lib/db/database-url.mjs";

const protocolWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

const require = createRequire(import.meta.url);
const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");

// --- logging (the native binary logs JSON lines to stderr; the CLI parses them) -------------------

function log(level, fields, target = "schema_engine") {
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target })}\n`);
}

/** A failure that carries a Prisma error code, like the engine's user-facing errors. */
class UserFacingError extends Error {
  constructor(code, message, meta = {}) {
    super(message);
    this.code = code;
    this.meta = meta;
  }
}

// --- command line -------------------------------------------------------------------------------

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--datamodels" || arg === "-d") args.datamodels.push(argv[++i]);
    else if (arg === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (arg === "--enabled-preview-features")
      i++; // the Wasm engine reads them from the schema itself
    else if (arg === "--extension-types")
      i++; // PostgreSQL extension types: not supported by the Wasm engine
    else if (arg === "--version" || arg === "-V") args.version = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "cli") {
      args.cli = argv[++i];
      break;
    } else throw new Error(`Unexpected argument: ${arg}`);
  }
  return args;
}

/** Relative SQLite paths are resolved against the CLI's working directory (the config's directory). */
function normalizeUrl(url) {
  if (!url) return url;
  if (!url.startsWith("file:")) return url;
  return resolveDatabaseUrl({ DATABASE_URL: url.replace(/\?.*$/, "") }, process.cwd());
}

// --- the WebAssembly engine ---------------------------------------------------------------------

/** Loads @prisma/schema-engine-wasm by hand: its entry point imports the .wasm as an ES module, which Node 20 cannot do. */
async function loadWasmEngine() {
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import(gluePath);
  const bytes = fs.readFileSync(gluePath.replace(/\.js$/, ".wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

/** The engine's git hash, e.g. 0edf323e…, from the package version `7.10.0-4.<hash>`. */
function engineGitHash() {
  const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(glue), "package.json"), "utf8"));
  return pkg.version.split(".").at(-1);
}

// The engine reports the reason of a Rust panic here before trapping.
let lastPanicMessage;
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (lastPanicMessage = message) };

// --- driver adapters ----------------------------------------------------------------------------

/** pg connection settings from a URL, as separate fields (a `connectionString` would override `database`). */
function pgConfig(url) {
  const u = new URL(url);
  const params = u.searchParams;
  const sslmode = params.get("sslmode");
  return {
    config: {
      host: params.get("host") || decodeURIComponent(u.hostname) || "localhost",
      port: Number(u.port || params.get("port") || 5432),
      user: decodeURIComponent(u.username) || undefined,
      password: decodeURIComponent(u.password) || undefined,
      database: decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres",
      ssl: sslmode === "require" || sslmode === "verify-full" ? { rejectUnauthorized: sslmode === "verify-full" } : undefined,
    },
    schema: params.get("schema") || "public",
  };
}

// PostgreSQL's internal one-byte `"char"` type (pg_class.relkind, pg_constraint.contype, ...), which
// the engine's introspection queries read, is unknown to the pg adapter. Its text form is a string.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

async function createPgFactory(url, shadowDatabaseUrl) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;

  // Every pool the adapter creates (including the throwaway shadow database's) uses this client class.
  class Client extends pg.Client {
    query(config, values, callback) {
      const fix = (result) => {
        for (const field of result?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
        return result;
      };
      if (typeof values === "function") [values, callback] = [undefined, values];
      if (typeof callback === "function") return super.query(config, values, (err, result) => callback(err, err ? result : fix(result)));
      const ret = super.query(config, values);
      return typeof ret?.then === "function" ? ret.then(fix) : ret;
    }
  }

  const main = pgConfig(url);
  const factory = new PrismaPg({ ...main.config, Client }, { schema: main.schema });

  if (shadowDatabaseUrl) {
    // An explicitly configured shadow database. The engine may connect to the shadow database
    // several times per command and expects it empty every time, so we reset its schema on each
    // connection (as the native engine resets a configured shadow database).
    const shadow = pgConfig(shadowDatabaseUrl);
    const sameDatabase = ["host", "port", "database"].every((key) => shadow.config[key] === main.config[key]);
    if (sameDatabase) {
      throw new Error("The shadow database you configured appears to be the same as the main database. Please specify another shadow database.");
    }
    const shadowFactory = new PrismaPg({ ...shadow.config, Client }, { schema: shadow.schema });
    factory.connectToShadowDb = async () => {
      const adapter = await shadowFactory.connect();
      await adapter.executeScript(`DROP SCHEMA IF EXISTS ${quoteIdent(shadow.schema)} CASCADE`);
      await adapter.executeScript(`CREATE SCHEMA ${quoteIdent(shadow.schema)}`);
      return adapter;
    };
    return factory;
  }

  // Otherwise a temporary database next to the main one, like the native engine does. (The
  // adapter's own version drops it while its pool is still connected, which PostgreSQL refuses.)
  factory.connectToShadowDb = async () => {
    const database = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    const admin = await factory.connect();
    await admin.executeScript(`CREATE DATABASE ${quoteIdent(database)}`);
    const shadow = await new PrismaPg({ ...main.config, Client, database }, { schema: main.schema }).connect();
    await shadow.executeScript(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(main.schema)}`);
    const closeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await closeShadow();
      try {
        await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
      } finally {
        await admin.dispose();
      }
    };
    return shadow;
  };
  return factory;
}

async function createSqliteFactory(url) {
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  // The shadow database is a fresh private in-memory database on every connection (the engine
  // connects to it several times per command and expects it empty), so a configured
  // shadowDatabaseUrl is not used for SQLite.
  return new PrismaBetterSqlite3({ url: sqliteFilePath(url) }, { shadowDatabaseUrl: ":memory:" });
}

const MIGRATIONS_TABLE_COLUMNS = ["id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count"];

/**
 * Adjusts a driver adapter (connection) to what the Wasm engine needs:
 *
 * - Missing `_prisma_migrations` table. The native engine treats "no such table" when it reads the
 *   migrations table as "migrations not initialised yet"; the Wasm build of this version turns the
 *   adapter's TableDoesNotExist into error P1014 instead, so `migrate dev`/`status` fail on a fresh
 *   database. We answer that one read with an empty result set (no migration applied yet) and let
 *   the engine create the table itself when it applies the first migration. `state` remembers it so
 *   that diagnoseMigrationHistory can still report `hasMigrationsTable: false`.
 * - Multi-statement scripts on SQLite. When the engine replays the migrations into the shadow
 *   database (migrate dev, migrate diff --from-migrations) it sends each whole migration.sql through
 *   executeRaw, and better-sqlite3 refuses to prepare more than one statement (which surfaced as
 *   P3006). Such a parameterless script is handed to executeScript (better-sqlite3's `exec`)
 *   instead. Nothing has run when prepare() refuses, so the retry cannot apply anything twice.
 * - Multi-statement scripts on PostgreSQL. The pg adapter's executeScript splits the script on
 *   every `;` (which breaks `$$` function bodies and string literals); we send it as one
 *   simple-protocol query instead, as the native engine does (one implicit transaction).
 */
function adjustAdapter(adapter, state) {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    try {
      return await queryRaw(adapter.provider === "sqlite" ? quoteIndexNameLiteral(query) : query);
    } catch (error) {
      const isMigrationsTableRead = /^\s*SELECT\b/i.test(query.sql) && query.sql.includes("_prisma_migrations");
      if (error?.cause?.kind !== "TableDoesNotExist" || !isMigrationsTableRead) throw error;
      state.migrationsTableMissing = true;
      return {
        columnNames: MIGRATIONS_TABLE_COLUMNS,
        columnTypes: MIGRATIONS_TABLE_COLUMNS.map(() => ColumnTypeEnum.Text),
        rows: [],
      };
    }
  };

  if (adapter.provider === "sqlite") {
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        if (query.args.length > 0 || !/contains more than one statement/.test(error?.message)) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
  }

  if (adapter.provider === "postgres" && typeof adapter.underlyingDriver === "function") {
    adapter.executeScript = async (script) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (error) {
        adapter.onError(error); // rethrows as a DriverAdapterError the engine understands
      }
    };
  }

  // Remember why the last migration script failed: its database error code goes into P3018.
  const executeScript = adapter.executeScript.bind(adapter);
  adapter.executeScript = async (script) => {
    try {
      return await executeScript(script);
    } catch (error) {
      state.lastScriptError = error;
      throw error;
    }
  };
  return adapter;
}

/**
 * Partial indexes on SQLite. To read a partial index's WHERE clause, the engine asks
 * `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = "<index>"`: a double-quoted
 * string, which SQLite reads as a column name when it is built without double-quoted string
 * literals, as better-sqlite3 is ("column not found"). That one query gets the name as a parameter.
 */
const INDEX_SQL_QUERY = /^(SELECT sql FROM sqlite_master WHERE type = 'index' AND name = )"((?:[^"]|"")*)";?\s*$/;
function quoteIndexNameLiteral(query) {
  const match = INDEX_SQL_QUERY.exec(query.sql);
  if (!match || query.args.length > 0) return query;
  return { ...query, sql: `${match[1]}?`, args: [match[2].replaceAll('""', '"')], argTypes: [{ scalarType: "string", arity: "scalar" }] };
}

async function createAdapterFactory(url, shadowDatabaseUrl, state) {
  const kind = databaseKind(url);
  const base = kind === "sqlite" ? await createSqliteFactory(url) : await createPgFactory(url, shadowDatabaseUrl);
  return bindMigrationAwareSqlAdapterFactory({
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => track(adjustAdapter(await base.connect(), state), state.openAdapters),
    connectToShadowDb: async () => track(adjustAdapter(await base.connectToShadowDb(), {}), state.openAdapters),
  });
}

/**
 * Freeing the Wasm engine does not dispose the adapters it holds, so we close them ourselves on exit
 * (for SQLite that also removes the `-journal` file left by the engine's exclusive lock).
 */
function track(adapter, openAdapters) {
  const dispose = adapter.dispose.bind(adapter);
  let disposing;
  adapter.dispose = () => {
    openAdapters.delete(adapter);
    return (disposing ??= dispose());
  };
  openAdapters.add(adapter);
  return adapter;
}

// --- database lifecycle (not part of the Wasm engine; used by `cli ...` and createDatabase) -----

function pgError(error, config) {
  const address = `${config.host}:${config.port}`;
  if (error.code === "3D000") return new UserFacingError("P1003", `Database \`${config.database}\` does not exist on the database server at \`${address}\`.`);
  if (error.code === "28P01" || error.code === "28000")
    return new UserFacingError(
      "P1000",
      `Authentication failed against database server, the provided database credentials for \`${config.user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
    );
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT"].includes(error.code))
    return new UserFacingError(
      "P1001",
      `Can't reach database server at \`${config.host}:${config.port}\`\n\nPlease make sure your database server is running at \`${config.host}:${config.port}\`.`,
    );
  return error;
}

async function withPgClient(config, fn) {
  const pg = (await import("pg")).default;
  const client = new pg.Client(config);
  try {
    await client.connect();
    return await fn(client);
  } catch (error) {
    throw pgError(error, config);
  } finally {
    await client.end().catch(() => {});
  }
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

const databaseCommands = {
  sqlite: {
    async canConnect(url) {
      const file = sqliteFilePath(url);
      try {
        fs.statSync(file);
      } catch (error) {
        if (error.code === "ENOENT") throw new UserFacingError("P1003", `Database \`${path.basename(file)}\` does not exist`);
        throw new Error(`Failed to open SQLite database.\n${error.message}`);
      }
    },
    async create(url) {
      const file = sqliteFilePath(url);
      if (!fs.existsSync(file)) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const { default: Database } = await import("better-sqlite3");
        new Database(file).close();
      }
      return file;
    },
    async drop(url) {
      fs.rmSync(sqliteFilePath(url));
    },
  },
  postgresql: {
    async canConnect(url) {
      await withPgClient(pgConfig(url).config, (client) => client.query("SELECT 1"));
    },
    async create(url) {
      const { config, schema } = pgConfig(url);
      await withPgClient({ ...config, database: "postgres" }, async (client) => {
        try {
          await client.query(`CREATE DATABASE ${quoteIdent(config.database)}`);
        } catch (error) {
          if (error.code !== "42P04") throw error; // already exists
        }
      });
      await withPgClient(config, (client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`));
      return config.database;
    },
    async drop(url) {
      const { config } = pgConfig(url);
      await withPgClient({ ...config, database: "postgres" }, (client) => client.query(`DROP DATABASE ${quoteIdent(config.database)}`));
    },
  },
};

const databaseCommandsFor = (url) => databaseCommands[databaseKind(url)];

/** `schema-engine cli <command>`: mirrors the native binary's messages and exit codes. */
async function runCliCommand(command, url) {
  log("INFO", { message: "Starting schema engine CLI", git_hash: engineGitHash() });
  try {
    if (!url) throw new UserFacingError("P1012", "The datasource URL is missing.");
    const db = databaseCommandsFor(url);
    let message;
    if (command === "can-connect-to-database") {
      await db.canConnect(url);
      message = "Connection successful";
    } else if (command === "create-database") {
      message = `Database '${await db.create(url)}' was successfully created.`;
    } else if (command === "drop-database") {
      await db.drop(url);
      message = "The database was successfully dropped.";
    } else throw new Error(`Unknown cli command: ${command}`);
    log("INFO", { message }, "schema_engine::commands");
    return 0;
  } catch (error) {
    log("ERROR", { is_panic: false, error_code: error.code?.startsWith?.("P") ? error.code : "", message: error.message }, "schema_engine::logger");
    return 1;
  }
}

/**
 * The native engine reports a migration script that fails on the main database as P3018
 * (ApplyMigrationError: migration name, database error code, database error). The Wasm build of
 * this version returns the bare database error instead, with the migration's name only in its span
 * trace; rebuild the native error from it so that `migrate deploy` fails with P3018 as usual.
 */
function toApplyMigrationError(error, scriptError) {
  const migrationName = /apply_script\s+with migration_name="([^"]+)"/.exec(error?.message ?? "")?.[1];
  if (error?.code || !migrationName) return error;
  const cause = scriptError?.cause ?? {};
  const databaseErrorCode = String(cause.extendedCode ?? cause.originalCode ?? cause.code ?? "none");
  const databaseError = cause.originalMessage ?? cause.message ?? error.message.split("\n   0: ")[0];
  return new UserFacingError(
    "P3018",
    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
      "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve" +
      `\n\nMigration name: ${migrationName}\n\nDatabase error code: ${databaseErrorCode}\n\nDatabase error:\n${databaseError}\n`,
    { migration_name: migrationName, database_error_code: databaseErrorCode, database_error: databaseError },
  );
}

// --- JSON-RPC server ----------------------------------------------------------------------------

const toNull = (value) => (value === undefined ? null : value);

async function runRpcServer(args) {
  const wasm = await loadWasmEngine();
  const url = normalizeUrl(args.datasource?.url) ?? resolveDatabaseUrl(process.env, PROJECT_ROOT);
  const shadowDatabaseUrl = args.datasource?.shadowDatabaseUrl;
  const state = { migrationsTableMissing: false, openAdapters: new Set() };
  const datamodels = args.datamodels.length ? args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]) : undefined;

  let factory;
  let engine;
  async function getEngine() {
    if (!engine) {
      factory = await createAdapterFactory(url, shadowDatabaseUrl, state);
      // Engine logs are tracing JSON lines, the same format the native binary writes to stderr.
      const onLog = (line) => process.stderr.write(String(line).endsWith("\n") ? String(line) : `${line}\n`);
      engine = await wasm.SchemaEngine.new({ datamodels }, onLog, factory);
    }
    return engine;
  }

  // Requests the engine sends to the CLI (only `print`, used by `migrate diff`).
  let nextOutgoingId = 1;
  const pendingOutgoing = new Map();
  let stdinClosed = false;
  function callCli(method, params) {
    const id = `shim-${nextOutgoingId++}`;
    if (stdinClosed) return Promise.resolve(null); // nobody left to answer
    return new Promise((resolve) => {
      pendingOutgoing.set(id, resolve);
      protocolWrite(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  const methods = {
    async applyMigrations(p) {
      return (await getEngine()).applyMigrations(p);
    },
    async createMigration(p) {
      return (await getEngine()).createMigration(p);
    },
    async dbExecute(p) {
      await (await getEngine()).dbExecute(p);
      return {};
    },
    async devDiagnostic(p) {
      return (await getEngine()).devDiagnostic(p);
    },
    async diagnoseMigrationHistory(p) {
      const result = await (await getEngine()).diagnoseMigrationHistory(p);
      if (state.migrationsTableMissing) result.hasMigrationsTable = false;
      return result;
    },
    async ensureConnectionValidity(p) {
      return (await getEngine()).ensureConnectionValidity(p);
    },
    async evaluateDataLoss(p) {
      return (await getEngine()).evaluateDataLoss(p);
    },
    async getDatabaseVersion(p) {
      return (await getEngine()).version(toNull(p));
    },
    async introspect(p) {
      return (await getEngine()).introspect({ ...p, namespaces: toNull(p.namespaces) });
    },
    async introspectSql(p) {
      return (await getEngine()).introspectSql(p);
    },
    async markMigrationApplied(p) {
      return (await getEngine()).markMigrationApplied(p);
    },
    async markMigrationRolledBack(p) {
      return (await getEngine()).markMigrationRolledBack(p);
    },
    async reset(p) {
      await (await getEngine()).reset(p);
      return {};
    },
    async schemaPush(p) {
      return (await getEngine()).schemaPush(p);
    },
    async debugPanic() {
      return (await getEngine()).debugPanic();
    },
    async diff(p) {
      // The native engine prints the diff through the CLI (so that `--output` can capture it).
      const { exitCode, stdout } = await (await getEngine()).diff(p);
      if (stdout) await callCli("print", { content: stdout.endsWith("\n") ? stdout.slice(0, -1) : stdout });
      return { exitCode, stdout: null };
    },
    async createDatabase(p) {
      const target = p?.datasource?.tag === "ConnectionString" ? normalizeUrl(p.datasource.url) : url;
      return { databaseName: await databaseCommandsFor(target).create(target) };
    },
    async getDatabaseDescription() {
      throw new Error("getDatabaseDescription is not supported by the WebAssembly schema engine.");
    },
  };

  /** Engine/adapter failure → the `error` member of a JSON-RPC response, as the native binary sends it. */
  function rpcError(error) {
    // A JavaScript exception inside the adapter reaches us as "External error id#N"; put the
    // original message back in its place.
    const message = String(error?.message ?? error).replace(/External error id#(\d+)/g, (text, id) => {
      const original = factory?.errorRegistry.consumeError(Number(id))?.error;
      return original ? String(original.message ?? original) : text;
    });
    const data = { is_panic: false, message, backtrace: null };
    // User-facing engine errors carry their Prisma code (P1xxx, P3xxx...); the CLI prints it.
    if (typeof error?.code === "string" && /^P\d{4}$/.test(error.code)) {
      Object.assign(data, { error_code: error.code, meta: error.meta ?? null });
    }
    return { code: 4466, message: "An error happened. Check the data field for details.", data };
  }

  let panic;
  async function handle(request) {
    const { id, method, params } = request;
    const respond = (body) => id !== undefined && protocolWrite(`${JSON.stringify({ jsonrpc: "2.0", ...body, id })}\n`);
    if (!Object.hasOwn(methods, method)) return respond({ error: { code: -32601, message: `Method not found: ${method}` } });
    state.migrationsTableMissing = false;
    state.lastScriptError = undefined;
    try {
      if (panic) throw panic;
      respond({ result: toNull(await methods[method](params)) });
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError || panic) {
        // A Rust panic: the Wasm instance is unusable from now on. The native binary logs the panic
        // and exits with 101 at once; the CLI then waits forever for the stopped process's "exit"
        // event and quits silently with status 0. So we also answer the request with an `is_panic`
        // error (which the CLI reports as a panic) and exit with 101 once the CLI lets us go.
        panic ??= { is_panic: true, message: lastPanicMessage ?? error.message, backtrace: error.stack ?? null };
        log("ERROR", panic);
        return respond({ error: { code: 4466, message: `Error in Schema engine.\nReason: ${panic.message}`, data: panic } });
      }
      respond({ error: rpcError(toApplyMigrationError(error, state.lastScriptError)) });
    }
  }

  // Requests are handled one at a time, in order (the engine is not re-entrant).
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      protocolWrite(`${JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } })}\n`);
      return;
    }
    if (message.method === undefined) {
      // The CLI's answer to one of our own requests.
      pendingOutgoing.get(message.id)?.(message.result);
      pendingOutgoing.delete(message.id);
      return;
    }
    queue = queue.then(() => handle(message));
  });
  // The CLI closes stdin when it is done, and sends SIGTERM right after: finish the request in
  // flight, close the database connections, exit 0.
  let shuttingDown;
  const shutdown = () =>
    (shuttingDown ??= (async () => {
      stdinClosed = true;
      for (const resolve of pendingOutgoing.values()) resolve(null);
      await queue;
      await Promise.allSettled([...state.openAdapters].map((adapter) => adapter.dispose()));
      engine?.free();
      protocolWrite("", () => process.exit(panic ? 101 : 0));
    })());
  lines.on("close", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

// --- main ---------------------------------------------------------------------------------------

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  protocolWrite(`schema-engine-cli ${engineGitHash()}\n`);
} else if (args.help) {
  protocolWrite("Usage: schema-engine [--datamodels <file>]... [--datasource <json>] [cli <command>]\n");
} else if (args.cli) {
  const url = normalizeUrl(args.datasource?.url);
  process.exitCode = await runCliCommand(args.cli, url);
} else {
  await runRpcServer(args);
}

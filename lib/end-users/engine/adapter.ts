import "server-only";
import type { Adapter, AdapterPayload } from "oidc-provider";
import { prisma } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

// oidc-provider's storage (its Adapter interface) on the portal's database: one OidcRecord row per
// (kind, id) — Session, Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant… — on
// SQLite and PostgreSQL alike. Clients are not stored here: the engine reads them from the portal's
// own client records (./clients.ts). Expired rows are dropped at most once a minute by the writes.

/** How often the writes sweep expired rows. */
const SWEEP_INTERVAL_MS = 60_000;
let lastSweep = 0;

async function sweepExpired(now: number) {
  if (now - lastSweep < SWEEP_INTERVAL_MS) return;
  lastSweep = now;
  await prisma.oidcRecord.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
}

/** The engine's payloads are JSON objects; Prisma's Json type wants its own spelling of them. */
const asJson = (payload: AdapterPayload) => payload as unknown as Prisma.InputJsonValue;

function live(row: { payload: Prisma.JsonValue; expiresAt: Date | null; consumedAt: Date | null } | null): AdapterPayload | undefined {
  if (!row || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return undefined;
  const payload = row.payload as unknown as AdapterPayload;
  return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
}

/** The adapter for one kind of the engine's records (oidc-provider constructs one per model name). */
export class DatabaseAdapter implements Adapter {
  constructor(private readonly kind: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const now = Date.now();
    const columns = {
      payload: asJson(payload),
      grantId: payload.grantId ?? null,
      uid: payload.uid ?? null,
      accountId: payload.accountId ?? null,
      clientId: payload.clientId ?? null,
      expiresAt: expiresIn ? new Date(now + expiresIn * 1000) : null,
    };
    await prisma.oidcRecord.upsert({ where: { kind_id: { kind: this.kind, id } }, create: { kind: this.kind, id, ...columns }, update: columns });
    await sweepExpired(now);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return live(await prisma.oidcRecord.findUnique({ where: { kind_id: { kind: this.kind, id } } }));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return live(await prisma.oidcRecord.findFirst({ where: { kind: this.kind, uid } }));
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    return undefined; // no device flow
  }

  async consume(id: string): Promise<void> {
    await prisma.oidcRecord.updateMany({ where: { kind: this.kind, id, consumedAt: null }, data: { consumedAt: new Date() } });
  }

  async destroy(id: string): Promise<void> {
    await prisma.oidcRecord.deleteMany({ where: { kind: this.kind, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await prisma.oidcRecord.deleteMany({ where: { grantId } });
  }
}

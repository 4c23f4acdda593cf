import "server-only";
import { can, type Principal } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db/prisma";

// The dashboard's getting-started walkthrough for a new team member. Each step is read from what
// really happened — the admin's own audit events, the client's lastTokenAt (written by the token
// endpoint) — never from a click on "done"; OnboardingProgress keeps only what leaves no other
// trace (the "I have stored it" confirmation, having seen the token call in the audit log,
// dismissal). Resumable: everything is in the database, so it picks up where it stopped. Its two
// writes from the portal (dismiss, "I have stored it") are lib/onboarding/service.ts.

/**
 * Who is shown the walkthrough: those who may do every step (create a profile context and a client,
 * read the audit log) — Owners and Editors with the whole portal in reach. An Auditor creates
 * nothing and an Editor bound to one context cannot create a profile context: they see the
 * needs-attention panel, not a guide they could not follow.
 */
export function canFollowWalkthrough(principal: Principal): boolean {
  return can(principal, "profiles.write") && can(principal, "clients.write") && can(principal, "audit.read");
}

export type StepKey = "context" | "client" | "secret" | "token" | "audit";
export type Step = { key: StepKey; title: string; done: boolean };

export type Walkthrough = {
  dismissed: boolean;
  steps: Step[];
  /** The ClientCredentials client the walkthrough follows, once there is one. */
  client: { id: string; clientId: string; lastTokenAt: Date | null } | null;
  complete: boolean;
};

/** The admin's newest ClientCredentials client that still exists (created by them in the portal). */
async function walkthroughClient(adminId: string, chosen: string | null) {
  if (chosen) {
    const client = await prisma.client.findFirst({ where: { id: chosen, flow: "ClientCredentials" }, select: { id: true, clientId: true, lastTokenAt: true } });
    if (client) return client;
  }
  const created = await prisma.auditEvent.findMany({
    where: { actorType: "admin", actorId: adminId, action: "client.created", targetType: "client" },
    orderBy: { at: "desc" },
    take: 20,
    select: { targetId: true },
  });
  if (!created.length) return null;
  const clients = await prisma.client.findMany({
    where: { id: { in: created.map((c) => c.targetId) }, flow: "ClientCredentials" },
    select: { id: true, clientId: true, lastTokenAt: true },
  });
  return created.map((c) => clients.find((x) => x.id === c.targetId)).find((c) => c !== undefined) ?? null;
}

export async function walkthroughFor(adminId: string): Promise<Walkthrough> {
  const progress = await prisma.onboardingProgress.findUnique({ where: { adminId } });
  const [context, client] = await Promise.all([
    prisma.auditEvent.findFirst({
      where: { actorType: "admin", actorId: adminId, action: { in: ["profileContext.created", "profileContext.imported"] } },
      select: { id: true },
    }),
    walkthroughClient(adminId, progress?.clientInternalId ?? null),
  ]);
  const following = client && progress?.clientInternalId === client.id;
  const tokenDone = Boolean(client?.lastTokenAt);
  const steps: Step[] = [
    { key: "context", title: "Create a profile context", done: Boolean(context) },
    { key: "client", title: "Create a ClientCredentials client", done: Boolean(client) },
    // A token proves the secret was stored somewhere, even without the dialog's confirmation.
    { key: "secret", title: "Store its secret", done: Boolean(client && ((following && progress?.secretStoredAt) || tokenDone)) },
    { key: "token", title: "Run the curl command to get a token", done: tokenDone },
    { key: "audit", title: "See the token call in the audit log", done: Boolean(following && progress?.auditSeenAt && tokenDone) },
  ];
  return { dismissed: Boolean(progress?.dismissedAt), steps, client, complete: steps.every((s) => s.done) };
}

/** The audit log showed `events`: when one is the token call of the followed client, that step is done. */
export async function recordAuditSeen(adminId: string, events: { action: string; targetId: string }[]) {
  const tokenCalls = new Set(events.filter((e) => e.action === "token.issued").map((e) => e.targetId));
  if (!tokenCalls.size) return;
  const progress = await prisma.onboardingProgress.findUnique({ where: { adminId }, select: { clientInternalId: true, auditSeenAt: true } });
  const client = await walkthroughClient(adminId, progress?.clientInternalId ?? null);
  if (!client || !tokenCalls.has(client.id) || (progress?.auditSeenAt && progress.clientInternalId === client.id)) return;
  const data = { clientInternalId: client.id, auditSeenAt: new Date() };
  await prisma.onboardingProgress.upsert({ where: { adminId }, create: { adminId, ...data }, update: data });
}

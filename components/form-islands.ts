"use client";

import { island } from "@/components/ui/island";

// The forms a page opens with: server-rendered, hydrated at the first interaction, so react-hook-form
// is not on the page's first load (components/ui/island.tsx, docs/decisions/015). Pages import them
// from here; components/ui/first-load.test.ts fails when a page imports a form module directly.
export const ClientForm = island(() => import("@/components/clients/client-form").then((m) => m.ClientForm));
export const ScopeForm = island(() => import("@/components/scopes/scope-form").then((m) => m.ScopeForm));
export const ProviderForm = island(() => import("@/components/providers/provider-form").then((m) => m.ProviderForm));
export const MailSettingsForm = island(() => import("@/components/mail/mail-settings-form").then((m) => m.MailSettingsForm));
export const AuditRetentionForm = island(() => import("@/components/audit/audit-retention-form").then((m) => m.AuditRetentionForm));

import type { Tone } from "@/components/ui/badge";
import type { ChangeKind, ChangeStatus } from "@/lib/change-requests/schema";

// How the requests pages name a change request's kind and status (docs/decisions/030).

export const KIND_LABELS: Record<ChangeKind, string> = {
  create: "Create client",
  update: "Edit client",
  disable: "Disable client",
  enable: "Enable client",
  delete: "Delete client",
  newSecret: "New secret",
  rotate: "Rotate secret",
};

export const STATUS_LABELS: Record<ChangeStatus, string> = {
  open: "Open",
  approved: "Approved",
  rejected: "Rejected",
  stale: "Stale",
  withdrawn: "Withdrawn",
};

export const STATUS_TONES: Record<ChangeStatus, Tone> = { open: "indigo", approved: "green", rejected: "red", stale: "amber", withdrawn: "gray" };

export const kindLabel = (kind: string) => KIND_LABELS[kind as ChangeKind] ?? kind;
export const statusLabel = (status: string) => STATUS_LABELS[status as ChangeStatus] ?? status;
export const statusTone = (status: string): Tone => STATUS_TONES[status as ChangeStatus] ?? "gray";

// What a client action answers when its change became a change request instead (four-eyes,
// docs/decisions/030). Plain types: the forms import them.

export type Proposed = { proposed: { requestId: string; message: string } };

export function isProposed(data: unknown): data is Proposed {
  return typeof data === "object" && data !== null && "proposed" in data;
}

/** The refusal of an author's own approval (the service's), which the request's page shows its author beside Withdraw. */
export const SELF_APPROVAL_REFUSAL = "You proposed this change: someone else must approve it.";

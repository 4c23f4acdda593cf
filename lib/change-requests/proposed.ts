// What a client action answers when its change became a change request instead (four-eyes,
// docs/decisions/030). Plain types: the forms import them.

export type Proposed = { proposed: { requestId: string; message: string } };

export function isProposed(data: unknown): data is Proposed {
  return typeof data === "object" && data !== null && "proposed" in data;
}

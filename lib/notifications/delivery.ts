// The contract between the outbox worker (./worker.ts) and the kinds of message (./kinds.ts).

/** One message as its deliver function receives it. */
export type Delivery = {
  id: string;
  /** The stored payload (without its sealed part). */
  payload: Record<string, unknown>;
  /** The sealed values, opened. */
  sealed: Record<string, string>;
  /** Which attempt this is (1 = the first). */
  attempt: number;
  now: Date;
};

/** Delivered (void), or deliberately not sent, with the reason (say, the link was revoked meanwhile). */
export type DeliveryResult = void | { skipped: string };

/** Delivers one message; throws to have it retried later. */
export type Deliver = (delivery: Delivery) => Promise<DeliveryResult>;

/** A failure that no retry will fix (a malformed payload): the message is given up at once. */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndeliverableError";
  }
}

import { Badge, type Tone } from "@/components/ui/badge";
import { daysLeft, expiryWarning, type ExpiryWarning } from "@/lib/secrets/policy";
import { exactInstant } from "@/lib/validation/format-instant";

const TONES: Record<ExpiryWarning, Tone> = { 30: "indigo", 7: "amber", 1: "red" };

/**
 * How soon something expires, as a badge: the days left in the colour of its 30/7/1-day warning
 * (lib/secrets/policy.ts), the exact RFC 3339 instant in its title. Nothing when it is further off.
 */
export function ExpiryBadge({ at, now = new Date(), what }: { at: Date | string | null; now?: Date; what?: string }) {
  const date = typeof at === "string" ? new Date(at) : at;
  const warning = expiryWarning(date, now);
  if (!date || warning === null) return null;
  const left = daysLeft(date, now)!;
  const text = `${left} day${left === 1 ? "" : "s"} left`;
  return (
    <span
      title={`${what ? `${what} expires ` : "Expires "}${exactInstant(date)}`}
      data-testid="expiry-badge"
      data-warning={warning}
      className="whitespace-nowrap"
    >
      <Badge tone={TONES[warning]}>{what ? `${what}: ${text}` : text}</Badge>
    </span>
  );
}

/** A live secret that breaks its profile's secret policy (breaksPolicy). */
export function PolicyBadge({ maxDays, expiresAt }: { maxDays: number; expiresAt: Date | string | null }) {
  const date = typeof expiresAt === "string" ? new Date(expiresAt) : expiresAt;
  return (
    <span
      title={`The profile allows secrets of at most ${maxDays} days; this one ${date ? `expires ${exactInstant(date)}` : "never expires"}. Add a new secret, move callers to it, then revoke this one.`}
      data-testid="policy-badge"
      className="whitespace-nowrap"
    >
      <Badge tone="red">breaks policy</Badge>
    </span>
  );
}

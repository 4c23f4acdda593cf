// When an identity provider's sign-in counts as the portal's second factor (docs/decisions/017):
// only for a provider whose trust_amr_multi_factor setting is on, and only when the ID token's `amr`
// claim (OpenID Connect Core §2, values registered by RFC 8176) shows more than one factor — either
// "mfa" itself, or methods from two different kinds of factor (something known, held, or been).
// Methods that prove no factor of their own (user presence, risk, location, channels) never count.

type FactorKind = "knowledge" | "possession" | "inherence";

/** RFC 8176 §2: each authentication method that is a factor, by its kind. */
const FACTOR_KINDS: Readonly<Record<string, FactorKind>> = {
  pwd: "knowledge",
  pin: "knowledge",
  kba: "knowledge",
  hwk: "possession",
  swk: "possession",
  otp: "possession",
  sms: "possession",
  tel: "possession",
  sc: "possession",
  pop: "possession",
  fpt: "inherence",
  face: "inherence",
  iris: "inherence",
  retina: "inherence",
  vbm: "inherence",
};

/** The amr values that count by themselves (RFC 8176 §2 "mfa": multiple-factor authentication). */
const MULTI_FACTOR = "mfa";

/** Whether an `amr` claim, as a provider sent it, shows a multi-factor sign-in. Anything malformed: no. */
export function amrShowsMultiFactor(amr: unknown): boolean {
  if (!Array.isArray(amr) || !amr.every((value) => typeof value === "string")) return false;
  if (amr.includes(MULTI_FACTOR)) return true;
  const kinds = new Set(amr.map((value) => FACTOR_KINDS[value]).filter(Boolean));
  return kinds.size >= 2;
}

import "server-only";
import QRCode from "qrcode";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { pendingTotpEnrolment } from "./service";
import { currentChallenge } from "./sign-in";

/** An authenticator-app enrolment as the dialog shows it: the key, its URI and a QR code of the URI. */
export type TotpEnrolment = { factorId: string; secret: string; uri: string; qrCode: string };

/** The QR code of an otpauth:// URI as an SVG data URL (drawn on the server: no script in the browser). */
async function qrCodeOf(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

export async function totpEnrolmentFor(tx: Tx, admin: { id: string; email: string }): Promise<TotpEnrolment> {
  const enrolment = await pendingTotpEnrolment(tx, admin);
  return { ...enrolment, qrCode: await qrCodeOf(enrolment.uri) };
}

/** /mfa for an admin who must enrol: the key to add to an app (the same until confirmed). */
export async function signInEnrolment(): Promise<TotpEnrolment | null> {
  const challenge = await currentChallenge();
  if (!challenge) return null;
  const admin = await prisma.adminUser.findUnique({ where: { id: challenge.adminId }, select: { id: true, email: true } });
  return admin ? prisma.$transaction((tx) => totpEnrolmentFor(tx as unknown as Tx, admin)) : null;
}

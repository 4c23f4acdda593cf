import "server-only";
import { DecryptionError, decryptString, encrypt } from "@/lib/crypto/encryption";
import { changeEpochCache } from "@/lib/db/change-epoch";
import type { Tx } from "@/lib/db/client";
import { prisma } from "@/lib/db/prisma";
import { logEvent } from "@/lib/log";
import type { MailSecurity } from "./vocabulary";

// The mail setting an Owner saved at /settings/mail (one row, id 1), as the mailer needs it: the
// password opened. Read through the change-epoch cache (lib/db/change-epoch.ts), so a mail does not
// read the database and a save on one instance is seen by the others (docs/decisions/027).

export const MAIL_SETTING_ID = 1;

const aad = `mail-setting:${MAIL_SETTING_ID}:password`;

/** Seals the SMTP password for the passwordEncrypted column. */
export function sealMailPassword(password: string): string {
  return encrypt(password, aad);
}

export type StoredMail = {
  host: string;
  port: number;
  security: MailSecurity;
  username: string;
  /** The opened password; null when none is set or it cannot be opened (see passwordUnreadable). */
  password: string | null;
  /** The stored password was sealed with a key the portal no longer has: replace it. */
  passwordUnreadable: boolean;
  from: string;
};

async function load(db: Tx | typeof prisma): Promise<StoredMail | null> {
  const row = await db.mailSetting.findUnique({ where: { id: MAIL_SETTING_ID }, omit: { passwordEncrypted: false } });
  if (!row) return null;
  let password: string | null = null;
  let passwordUnreadable = false;
  if (row.passwordEncrypted) {
    try {
      password = decryptString(row.passwordEncrypted, aad);
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      passwordUnreadable = true;
      logEvent("warn", "the stored SMTP password cannot be opened (PORTAL_ENCRYPTION_KEY changed?): replace it at /settings/mail");
    }
  }
  return {
    host: row.host,
    port: row.port,
    security: row.security as MailSecurity,
    username: row.username,
    password,
    passwordUnreadable,
    from: row.fromAddress,
  };
}

const cache = changeEpochCache<StoredMail | null>("mail-setting", 1);

/** The saved mail setting, or null. With `tx`: read in that transaction, past the cache. */
export function storedMail(tx?: Tx): Promise<StoredMail | null> {
  return tx ? load(tx) : cache("mail", () => load(prisma));
}

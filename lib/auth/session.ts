import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/prisma";
import { auth } from "./auth";

export type CurrentAdmin = { id: string; email: string; name: string };

/**
 * The signed-in admin, read from the session and checked against the database (a deleted admin's
 * token stops working at once). Null when nobody is signed in. Cached per request.
 */
export const currentAdmin = cache(async (): Promise<CurrentAdmin | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return prisma.adminUser.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
});

/** For pages: the signed-in admin, or a redirect to the sign-in page. */
export async function requireAdmin(): Promise<CurrentAdmin> {
  const admin = await currentAdmin();
  if (!admin) redirect("/sign-in");
  return admin;
}

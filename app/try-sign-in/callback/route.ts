import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { adminRoute } from "@/lib/actions/admin-route";
import { finishTrial, TRIAL_CALLBACK_PATH, TRIAL_COOKIE } from "@/lib/clients/trial";
import { portalOrigin } from "@/lib/http/origin";

export const dynamic = "force-dynamic";

/** The redirect URI of "Try sign-in": the code exchanged and the result kept; the admin sees it on the client's try page. */
export const GET = adminRoute("clients.write", async (request, { admin, plain }) => {
  const jar = await cookies();
  const cookie = jar.get(TRIAL_COOKIE)?.value;
  const done = await finishTrial(admin.id, cookie, new URL(request.url));
  jar.delete({ name: TRIAL_COOKIE, path: TRIAL_CALLBACK_PATH });
  if (!done) return plain(400, "This try expired or was started in another browser. Start it again from the client's page.");
  return NextResponse.redirect(new URL(`/clients/${done.clientInternalId}/try/${done.trialId}`, await portalOrigin()), 303);
});

import { NextResponse } from "next/server";
import { adminRoute } from "@/lib/actions/admin-route";
import { ActionError } from "@/lib/actions/result";
import { startTrial, TRIAL_CALLBACK_PATH, TRIAL_COOKIE } from "@/lib/clients/trial";

/** "Try sign-in" on a client's page (a form POST): starts the try and sends the browser to the portal's authorization endpoint. */
export const POST = adminRoute("clients.write", async (request, { admin, run, plain }) => {
  const id = new URL(request.url).pathname.split("/").at(-2) ?? "";
  let started: Awaited<ReturnType<typeof startTrial>>;
  try {
    started = await run((ctx) => startTrial(ctx, admin.id, decodeURIComponent(id)));
  } catch (error) {
    if (error instanceof ActionError) return plain(409, error.message);
    throw error;
  }
  const response = NextResponse.redirect(started.url, 303);
  response.cookies.set(TRIAL_COOKIE, started.cookie, {
    httpOnly: true,
    sameSite: "lax",
    secure: started.url.startsWith("https:"),
    path: TRIAL_CALLBACK_PATH,
    maxAge: 600,
  });
  response.headers.set("cache-control", "no-store");
  return response;
});

import type { FormNotice } from "@/components/ui/use-action-form";
import { changeRequestPath } from "@/lib/change-requests/links";
import type { Proposed } from "@/lib/change-requests/proposed";

/** What a form says when its change became a change request (docs/decisions/030): the message, and a link to the request. */
export function proposedNotice({ proposed }: Proposed): NonNullable<FormNotice> {
  return { text: proposed.message, tone: "success", link: { href: changeRequestPath(proposed.requestId), label: "See the request waiting for approval" } };
}

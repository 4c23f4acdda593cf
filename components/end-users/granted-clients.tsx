import { Link } from "@/components/ui/link";
import type { GrantedClient } from "@/lib/end-users/queries";

const link = "text-indigo-700 hover:underline dark:text-indigo-300";

/** A client a person granted: its display name linked to its page, or its client_id when it is gone. */
export function GrantedClientName({ client }: { client: GrantedClient }) {
  if (!client.id) {
    return (
      <span className="font-mono" title="This client no longer exists">
        {client.clientId}
      </span>
    );
  }
  return (
    <Link href={`/clients/${client.id}`} className={link}>
      {client.displayName || client.clientId}
    </Link>
  );
}

import { CopyButton } from "@/components/ui/copy-button";
import { portalOrigin } from "@/lib/http/origin";
import { defaultScopeNames, tokenCurlCommands } from "@/lib/oauth/token-curl";

type Props = {
  client: { id: string; clientId: string; flow: string; tokenEndpointAuthMethod: string };
};

function Command({ id, label, command, copyLabel }: { id: string; label: string; command: string; copyLabel: string }) {
  return (
    <div className="mt-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <p id={id} className="text-sm font-medium">
          {label}
        </p>
        <CopyButton value={command} label={copyLabel} />
      </div>
      <pre
        tabIndex={0}
        aria-labelledby={id}
        className="mt-2 max-w-full overflow-x-auto whitespace-pre-wrap break-all rounded-lg bg-slate-900 p-4 font-mono text-xs leading-relaxed text-slate-100 focus:outline-2 focus:outline-offset-2 focus:outline-indigo-500 dark:bg-slate-950"
      >
        <code>{command}</code>
      </pre>
    </div>
  );
}

/**
 * "Try it": curl commands for a ClientCredentials client's token call and for the admin API.
 * The secret is a shell variable, never its value.
 */
export async function TokenCurl({ client }: Props) {
  if (client.flow !== "ClientCredentials" || client.tokenEndpointAuthMethod === "none") return null;
  const scopes = await defaultScopeNames(client.id);
  const commands = tokenCurlCommands({
    issuer: await portalOrigin(),
    clientId: client.clientId,
    tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
    scopes,
  });

  return (
    <section aria-labelledby="token-curl-heading" className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="token-curl-heading" className="text-lg font-semibold">
        Get a token
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Authenticates with <span className="font-mono">{client.tokenEndpointAuthMethod}</span>. Set <code className="font-mono">CLIENT_SECRET</code> to one of
        the client&apos;s secrets first; it is never shown here.
        {scopes.length > 0 ? " Leave out scope to get every allowed scope." : " The client has no allowed scopes yet; its tokens carry none."}
      </p>
      <Command id="token-curl-token" label="1. Request an access token" command={commands.token} copyLabel="Copy token command" />
      <Command id="token-curl-api" label="2. Put its access_token in ACCESS_TOKEN and call the admin API" command={commands.api} copyLabel="Copy API command" />
    </section>
  );
}

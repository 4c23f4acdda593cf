// Stand-ins for Next.js's request APIs in integration tests: a cookie jar for `cookies()` and the
// target of a `redirect()` an action throws.

type Jar = Map<string, string>;

/** A cookie jar shaped like next/headers' `cookies()` (get, getAll, set, delete). */
export function cookieJar(jar: Jar = new Map()) {
  return {
    jar,
    store: {
      get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      set: (name: string, value: string) => void jar.set(name, value),
      delete: (name: string) => void jar.delete(name),
      has: (name: string) => jar.has(name),
    },
  };
}

/** Where a Next.js redirect() sends the browser, from the error it throws; fails when `run` does not redirect. */
export async function redirectOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2]!;
    throw error;
  }
  throw new Error("expected a redirect");
}

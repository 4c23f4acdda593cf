import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENT_DEFAULTS } from "@/lib/clients/model";
import { parseUsercubeDate, parseUsercubeXml, serializeUsercubeXml, type UsercubeExport } from "./usercube-xml";

const example = readFileSync(path.join(__dirname, "fixtures/usercube-example.xml"), "utf8");
const JOB_HASH = "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=";
const wrap = (body: string) => `<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">${body}</ConfigurationFile>`;

describe("parseUsercubeXml on the seed examples", () => {
  it("reads both OpenIdClient declarations and the ProfileContext, in document order", () => {
    const { document, problems, warnings } = parseUsercubeXml(example);
    expect(problems).toEqual([]);
    expect(document?.profileContexts).toEqual([
      expect.objectContaining({ id: -2, category: "Department", d0: "Marketing", path: "/ConfigurationFile/ProfileContext[1]" }),
    ]);
    expect(document?.clients.map((c) => [c.clientId, c.settings])).toEqual([
      ["Job", { displayName: "ClientId for Jobs", profile: "Administrator" }],
      [
        "RoleOfficerByCategory",
        { displayName: "Role officer (Marketing)", profile: "RoleOfficerByCategory", profileContextId: -2, expiresAt: new Date("2030-12-31T00:00:00Z") },
      ],
    ]);
    expect(document?.clients[0]?.secrets).toEqual([expect.objectContaining({ hash: JOB_HASH, revokedAt: null })]);
    // "secret" is a well-known weak value: imported, with a warning at its attribute.
    expect(warnings).toEqual([{ path: "/ConfigurationFile/OpenIdClient[1]/@HashedSecret", message: expect.stringContaining("weak") }]);
  });

  it("reads the issue's bare one-element example", () => {
    const { document, problems } = parseUsercubeXml(
      `<OpenIdClient Identifier="Job" HashedSecret="${JOB_HASH}" DisplayName_L1="ClientId for Jobs" Profile="Administrator" />`,
    );
    expect(problems).toEqual([]);
    expect(document?.clients[0]).toMatchObject({ clientId: "Job", path: "/OpenIdClient[1]" });
  });
});

describe("parseUsercubeXml error paths", () => {
  const problemsOf = (xml: string) => parseUsercubeXml(xml).problems;

  it("refuses an empty document, a DOCTYPE, malformed XML and a document without managed elements", () => {
    expect(problemsOf("  ")).toEqual([{ path: "(document)", message: "The document is empty." }]);
    expect(problemsOf(`<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`)[0]?.message).toMatch(/DOCTYPE/);
    expect(problemsOf(`<ConfigurationFile><OpenIdClient Identifier="a"></ConfigurationFile>`)[0]).toMatchObject({
      path: expect.stringMatching(/^line 1, column \d+$/),
      message: expect.stringMatching(/^Not well-formed XML/),
    });
    expect(problemsOf(wrap(`<Connector Identifier="AD" />`))).toEqual([
      { path: "(document)", message: expect.stringContaining("no ProfileContext or OpenIdClient") },
    ]);
    expect(problemsOf("x".repeat(5 * 1024 * 1024 + 1))[0]?.message).toMatch(/larger than/);
  });

  it("refuses what the parser's own guards stop (deep nesting, prototype names) as a problem, never a throw", () => {
    const deep = `${"<a>".repeat(200_000)}${"</a>".repeat(200_000)}`;
    expect(problemsOf(deep)).toEqual([{ path: "(document)", message: "The document nests elements more than 100 levels deep." }]);
    for (const name of ["__proto__", "constructor", "prototype"]) {
      expect(problemsOf(wrap(`<OpenIdClient ${name}="x" Identifier="a" />`))).toEqual([
        { path: "(document)", message: `"${name}" is not allowed as an element or attribute name.` },
      ]);
      expect(problemsOf(wrap(`<${name} />`))[0]?.message).toContain(`"${name}" is not allowed`);
    }
    // Usercube's own files nest two levels; a hundred still parse.
    expect(problemsOf(`${"<a>".repeat(99)}<OpenIdClient Identifier="a" />${"</a>".repeat(99)}`)[0]?.message).not.toMatch(/nests/);
  });

  it("reports every bad attribute at its own XPath, not only the first", () => {
    const problems = problemsOf(
      wrap(
        `<ProfileContext Id="-1" Category="" D0="x" Colour="red" />` +
          `<ProfileContext Category="c" />` +
          `<OpenIdClient Identifier="a b" HashedSecret="secret" DisplayName_L1="" Profile="1x" ContextId="five" ExpirationDate="2027-02-30" />` +
          `<OpenIdClient DisplayName_L1="x" />`,
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      "/ConfigurationFile/ProfileContext[1]/@Colour",
      "/ConfigurationFile/ProfileContext[1]/@Id",
      "/ConfigurationFile/ProfileContext[1]/@Category",
      "/ConfigurationFile/ProfileContext[2]/@Id",
      "/ConfigurationFile/ProfileContext[2]/@D0",
      "/ConfigurationFile/OpenIdClient[1]/@Identifier",
      "/ConfigurationFile/OpenIdClient[1]/@DisplayName_L1",
      "/ConfigurationFile/OpenIdClient[1]/@Profile",
      "/ConfigurationFile/OpenIdClient[1]/@ContextId",
      "/ConfigurationFile/OpenIdClient[1]/@ExpirationDate",
      "/ConfigurationFile/OpenIdClient[1]/@HashedSecret",
      "/ConfigurationFile/OpenIdClient[2]/@Identifier",
    ]);
    expect(problems.find((p) => p.path.endsWith("ProfileContext[1]/@Id"))?.message).toBe("A profile context Id must be -2 or lower.");
    expect(problems.find((p) => p.path.endsWith("@HashedSecret"))?.message).toMatch(/base64 SHA-256/);
  });

  it("refuses a client or a context declared twice, naming the first", () => {
    const problems = problemsOf(
      wrap(
        `<ProfileContext Id="-2" Category="a" D0="b" /><ProfileContext Id="-2" Category="c" D0="d" /><OpenIdClient Identifier="Job" /><OpenIdClient Identifier="Job" />`,
      ),
    );
    expect(problems).toEqual([
      { path: "/ConfigurationFile/ProfileContext[2]/@Id", message: "Profile context -2 is already declared at /ConfigurationFile/ProfileContext[1]." },
      { path: "/ConfigurationFile/OpenIdClient[2]/@Identifier", message: '"Job" is already declared at /ConfigurationFile/OpenIdClient[1].' },
    ]);
  });

  it("warns about what it ignores: other elements and other display-name languages", () => {
    const { problems, warnings } = parseUsercubeXml(wrap(`<Connector Identifier="AD" /><OpenIdClient Identifier="Job" DisplayName_L2="Jobs" />`));
    expect(problems).toEqual([]);
    expect(warnings.map((w) => w.path)).toEqual(["/ConfigurationFile/Connector[1]", "/ConfigurationFile/OpenIdClient[1]/@DisplayName_L2"]);
  });
});

describe("Usercube dates", () => {
  it("reads a date, a date-time (UTC unless an offset is given) and refuses nonsense", () => {
    expect(parseUsercubeDate("2027-01-31")?.toISOString()).toBe("2027-01-31T00:00:00.000Z");
    expect(parseUsercubeDate("2027-01-31T12:30:00")?.toISOString()).toBe("2027-01-31T12:30:00.000Z");
    expect(parseUsercubeDate("2027-01-31T12:30:00+02:00")?.toISOString()).toBe("2027-01-31T10:30:00.000Z");
    expect(parseUsercubeDate("2027-02-30")).toBeNull();
    expect(parseUsercubeDate("31/01/2027")).toBeNull();
  });
});

describe("serializeUsercubeXml", () => {
  it("round-trips: what it writes parses back to the same contexts and clients", () => {
    const data: UsercubeExport = {
      profileContexts: [{ id: -3, category: 'Site & "Region"', d0: "<Paris>" }],
      clients: [
        {
          clientId: "Job",
          hashedSecret: JOB_HASH,
          settings: { ...CLIENT_DEFAULTS, displayName: "Jobs\nnightly", profile: "Administrator", profileContextId: null, expiresAt: null },
        },
        {
          clientId: "officer",
          hashedSecret: null,
          settings: { ...CLIENT_DEFAULTS, displayName: "Officer", profile: "RoleOfficer", profileContextId: -3, expiresAt: new Date("2030-01-01T10:00:00Z") },
        },
      ],
    };
    const xml = serializeUsercubeXml(data);
    const { document, problems } = parseUsercubeXml(xml);
    expect(problems).toEqual([]);
    expect(document?.profileContexts.map(({ id, category, d0 }) => ({ id, category, d0 }))).toEqual(data.profileContexts);
    expect(
      document?.clients.map((c) => ({
        clientId: c.clientId,
        hashedSecret: c.secrets[0]?.hash ?? null,
        displayName: c.settings.displayName,
        profile: c.settings.profile,
        profileContextId: c.settings.profileContextId ?? null,
        expiresAt: c.settings.expiresAt ?? null,
      })),
    ).toEqual(
      data.clients.map(({ clientId, hashedSecret, settings: s }) => ({
        clientId,
        hashedSecret,
        displayName: s.displayName,
        profile: s.profile,
        profileContextId: s.profileContextId,
        expiresAt: s.expiresAt,
      })),
    );
    expect(serializeUsercubeXml({ profileContexts: [], clients: [] })).toContain('<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">');
  });
});

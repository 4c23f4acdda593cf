// The date picker shows the browser's own format (Chromium: its locale's, e.g. 12/06/2026, 03:42 PM);
// the field repeats the chosen instant under it in the portal's one format, tied to the input.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DateTimeField } from "./date-time-field";

const render = (value: string) =>
  renderToStaticMarkup(createElement(DateTimeField, { label: "Expires", name: "expiresAt", id: "expires", value, onChange: () => {} }));

describe("DateTimeField", () => {
  it("states the chosen instant in the portal's format, described by the input", () => {
    const html = render("2026-12-06T15:42:00.000Z");
    expect(html).toContain('value="2026-12-06T15:42"');
    expect(html).toContain(">6 Dec 2026, 15:42 UTC</p>");
    expect(html).toMatch(/aria-describedby="expires-chosen"/);
  });

  it("says nothing more when no date is chosen", () => {
    const html = render("");
    expect(html).not.toContain("UTC</p>");
    expect(html).not.toContain("expires-chosen");
  });
});

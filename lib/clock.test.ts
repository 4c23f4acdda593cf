import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createClock, parseClockOffset, TEST_CLOCK_VARIABLE } from "./clock";

const DAY = 24 * 60 * 60 * 1000;

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "clock-"));
  file = path.join(dir, "clock");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes the file the way the e2e helper does: a new file renamed over the old one. */
function writeOffset(text: string) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

const clockOn = (log = vi.fn()) => ({ clock: createClock({ [TEST_CLOCK_VARIABLE]: file, NODE_ENV: "production" }, log), log });

describe("the clock", () => {
  it("is the system clock when the variable is unset, and never looks at a file", () => {
    const stat = vi.spyOn(fs, "statSync");
    const log = vi.fn();
    const clock = createClock({}, log);
    const before = Date.now();
    const at = clock().getTime();
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(stat).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    stat.mockRestore();
  });

  it("adds the file's offset to the real time, and says so loudly when it starts", () => {
    writeOffset(String(8 * DAY));
    const { clock, log } = clockOn();
    const before = Date.now();
    const at = clock().getTime();
    expect(at - before).toBeGreaterThanOrEqual(8 * DAY);
    expect(at - Date.now()).toBeLessThanOrEqual(8 * DAY);
    expect(log).toHaveBeenCalledWith("warn", expect.stringContaining("TEST CLOCK ON"), expect.objectContaining({ variable: TEST_CLOCK_VARIABLE }));
    expect(log).toHaveBeenCalledWith("warn", "test clock offset", expect.objectContaining({ offsetMs: 8 * DAY }));
  });

  it("sees a change of the file on the next call, and reads it only when it changed", () => {
    writeOffset("0");
    const { clock } = clockOn();
    expect(clock().getTime() - Date.now()).toBeLessThan(1000);
    writeOffset(String(30 * DAY));
    expect(clock().getTime() - Date.now()).toBeGreaterThan(29 * DAY);
    const read = vi.spyOn(fs, "readFileSync");
    for (let i = 0; i < 5; i++) expect(clock().getTime() - Date.now()).toBeGreaterThan(29 * DAY);
    expect(read).not.toHaveBeenCalled();
    read.mockRestore();
    writeOffset("0");
    expect(clock().getTime() - Date.now()).toBeLessThan(1000);
  });

  it("logs the offset when it changes, not each time the file is written", () => {
    writeOffset("0");
    const { clock, log } = clockOn();
    clock();
    writeOffset("0");
    clock();
    expect(log.mock.calls.filter(([, msg]) => msg === "test clock offset")).toEqual([["warn", "test clock offset", { offsetMs: 0, file }]]);
    writeOffset(String(DAY));
    clock();
    expect(log).toHaveBeenLastCalledWith("warn", "test clock offset", { offsetMs: DAY, file });
  });

  it("sees a file written in place, and no offset while the file is missing", () => {
    const { clock } = clockOn();
    expect(clock().getTime() - Date.now()).toBeLessThan(1000);
    fs.writeFileSync(file, String(2 * DAY));
    expect(clock().getTime() - Date.now()).toBeGreaterThan(DAY);
    fs.writeFileSync(file, String(3 * DAY + 1));
    expect(clock().getTime() - Date.now()).toBeGreaterThan(2 * DAY + 1000);
    fs.rmSync(file);
    expect(clock().getTime() - Date.now()).toBeLessThan(1000);
  });

  it("refuses a file that is not a whole number of milliseconds from 0 to ten years: no offset, an error line", () => {
    writeOffset(String(DAY));
    const { clock, log } = clockOn();
    expect(clock().getTime() - Date.now()).toBeGreaterThan(DAY - 1000);
    for (const bad of ["-86400000", "1.5", "8 days", "", "1e9", String(11 * 366 * DAY)]) {
      writeOffset(bad);
      log.mockClear();
      expect(clock().getTime() - Date.now(), bad).toBeLessThan(1000);
      expect(log).toHaveBeenCalledWith("error", expect.stringContaining("test clock file refused"), { file });
    }
  });
});

describe("parseClockOffset", () => {
  it("takes a whole number of milliseconds, surrounding whitespace allowed", () => {
    expect(parseClockOffset("0")).toBe(0);
    expect(parseClockOffset(" 691200000\n")).toBe(691_200_000);
    expect(parseClockOffset("-1")).toBeNull();
    expect(parseClockOffset("0x10")).toBeNull();
  });
});

// `node scripts/check-commits.mjs [base]`: the commits on HEAD that `base` (default: main) lacks
// keep the house's form: a subject of at most 72 characters, the detail in the body after a blank
// line (git joins a first paragraph of several lines into one subject, so this catches a missing
// blank line too). Run it before handing a branch over; older history is left as it is.
import { execFileSync } from "node:child_process";

const MAX = 72;
const base = process.argv[2] ?? "main";
const log = execFileSync("git", ["log", "--no-merges", "--format=%h%x09%s", `${base}..HEAD`], { encoding: "utf8" });
const commits = log
  .split("\n")
  .filter(Boolean)
  .map((line) => line.split("\t"));
const long = commits.filter(([, subject]) => subject.length > MAX);

for (const [hash, subject] of long) console.error(`✖ ${hash}: a subject of ${subject.length} characters (at most ${MAX}): ${subject}`);
console.log(`${commits.length} commit${commits.length === 1 ? "" : "s"} since ${base}, ${long.length} with a subject over ${MAX} characters.`);
process.exit(long.length ? 1 : 0);

import { describe, expect, it } from "vitest";
import { gitPath, LineSplitter, PatchParser, type CommitInfo, type PatchEvents } from "../../src/scan/git-log.js";
import { logArguments, repositoryUri } from "../../src/scan/history.js";

type Event = readonly unknown[];

function parse(output: string, maxLine = 1024): Event[] {
  const events: Event[] = [];
  const sink: PatchEvents = {
    commit: (info: CommitInfo) => events.push(["commit", info.sha, info.parents, info.subject]),
    file: (name, binary) => events.push(["file", name, binary]),
    added: (line, text) => events.push(["+", line, text]),
    removed: (text) => events.push(["-", text]),
    fileEnd: () => events.push(["fileEnd"]),
    commitEnd: () => events.push(["commitEnd"]),
  };
  const parser = new PatchParser(sink);
  const splitter = new LineSplitter(maxLine, parser.line);
  // Split the output at awkward places, as a pipe does.
  const bytes = Buffer.from(output, "utf8");
  for (let i = 0; i < bytes.length; i += 7) splitter.push(bytes.subarray(i, i + 7));
  splitter.end();
  parser.end();
  return events;
}

const header = (sha: string, parents: string, subject: string): string => `\u0000${sha} ${parents}\u00002024-05-01T10:00:00+02:00\u0000${subject}\n\n`;

describe("the git log -p parser", () => {
  it("reports commits, files and the added and removed lines with their new line numbers", () => {
    const out =
      header("c1", "", "first") +
      "diff --git a/src/a.ts b/src/a.ts\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/src/a.ts\n@@ -0,0 +1,2 @@\n+one\n+two\n" +
      header("c2", "c1", "second") +
      "diff --git a/src/a.ts b/src/a.ts\nindex 1111111..2222222 100644\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -2 +2 @@\n-two\n+TWO\n@@ -5,0 +6,2 @@\n+six\n+seven\n";
    expect(parse(out)).toEqual([
      ["commit", "c1", [], "first"],
      ["file", "src/a.ts", false],
      ["+", 1, "one"],
      ["+", 2, "two"],
      ["fileEnd"],
      ["commitEnd"],
      ["commit", "c2", ["c1"], "second"],
      ["file", "src/a.ts", false],
      ["-", "two"],
      ["+", 2, "TWO"],
      ["+", 6, "six"],
      ["+", 7, "seven"],
      ["fileEnd"],
      ["commitEnd"],
    ]);
  });

  it("reads content that looks like a header as content, by the hunk's counts", () => {
    const out =
      header("c1", "p", "tricky") +
      "diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1,2 +1,3 @@\n--- a/other\n-diff --git a/y b/y\n++++ b/z\n+@@ -1 +1 @@\n+\u0000not a commit\n\\ No newline at end of file\n";
    expect(parse(out)).toEqual([
      ["commit", "c1", ["p"], "tricky"],
      ["file", "x.ts", false],
      ["-", "-- a/other"],
      ["-", "diff --git a/y b/y"],
      ["+", 1, "+++ b/z"],
      ["+", 2, "@@ -1 +1 @@"],
      ["+", 3, "\u0000not a commit"],
      ["fileEnd"],
      ["commitEnd"],
    ]);
  });

  it("names deleted, renamed, quoted and binary files; a rename without changes has no events", () => {
    const out =
      header("c1", "p", "files") +
      "diff --git a/gone.json b/gone.json\ndeleted file mode 100644\nindex 1..0\n--- a/gone.json\n+++ /dev/null\n@@ -1 +0,0 @@\n-{}\n" +
      "diff --git a/old.ts b/new.ts\nsimilarity index 100%\nrename from old.ts\nrename to new.ts\n" +
      'diff --git "a/t\\303\\251st \\"q\\".ts" "b/t\\303\\251st \\"q\\".ts"\n--- "a/t\\303\\251st \\"q\\".ts"\n+++ "b/t\\303\\251st \\"q\\".ts"\n@@ -0,0 +1 @@\n+x\n' +
      "diff --git a/img one.json b/img one.json\nnew file mode 100644\nindex 0..1\nBinary files /dev/null and b/img one.json differ\n" +
      "diff --git a/a.ts b/b.ts\nsimilarity index 90%\nrename from a.ts\nrename to b.ts\n--- a/a.ts\n+++ b/b.ts\n@@ -3 +3 @@\n-old\n+new\n";
    expect(parse(out)).toEqual([
      ["commit", "c1", ["p"], "files"],
      ["file", "gone.json", false],
      ["-", "{}"],
      ["fileEnd"],
      ["file", 'tést "q".ts', false],
      ["+", 1, "x"],
      ["fileEnd"],
      ["file", "img one.json", true],
      ["fileEnd"],
      ["file", "b.ts", false],
      ["-", "old"],
      ["+", 3, "new"],
      ["fileEnd"],
      ["commitEnd"],
    ]);
  });

  it("keeps a commit without changes (a merge, an empty commit) and a subject with anything in it", () => {
    const out = header("m", "a b", "Merge: x\u0000y") + header("n", "m", "");
    expect(parse(out)).toEqual([
      ["commit", "m", ["a", "b"], "Merge: x y"],
      ["commitEnd"],
      ["commit", "n", ["m"], ""],
      ["commitEnd"],
    ]);
  });

  it("passes a line over the cap on as too long, without its text, and keeps counting", () => {
    const long = "x".repeat(5000);
    const out = header("c1", "p", "min") + `diff --git a/app.js b/app.js\n--- a/app.js\n+++ b/app.js\n@@ -1 +1,2 @@\n-${long}\n+${long}\n+short\r\n`;
    expect(parse(out, 100)).toEqual([
      ["commit", "c1", ["p"], "min"],
      ["file", "app.js", false],
      ["-", undefined],
      ["+", 1, undefined],
      ["+", 2, "short"],
      ["fileEnd"],
      ["commitEnd"],
    ]);
  });
});

describe("git plumbing", () => {
  it("unquotes C-style paths and knows /dev/null", () => {
    expect(gitPath("/dev/null")).toBeUndefined();
    expect(gitPath('"b/a\\tb\\\\c.ts"')).toBe("b/a\tb\\c.ts");
    expect(gitPath("b/plain name.ts")).toBe("b/plain name.ts");
  });

  it("never puts a user's revision where git would read an option", () => {
    const args = logArguments({ revisions: ["main..feature"], all: false, since: undefined, paths: ["src"] });
    expect(args.slice(args.indexOf("--end-of-options"))).toEqual(["--end-of-options", "main..feature", "--", "src"]);
    expect(args).toContain("--diff-merges=first-parent");
    expect(args).toContain("--unified=0");
  });

  it("names the repository without credentials", () => {
    expect(repositoryUri("https://user:tok3n@github.com/org/repo.git", "/r")).toBe("https://github.com/org/repo.git");
    expect(repositoryUri("git@github.com:org/repo.git", "/r")).toBe("ssh://github.com/org/repo.git");
    expect(repositoryUri("", "/work/repo")).toBe("file:///work/repo");
  });
});

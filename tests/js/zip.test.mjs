import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { crc32, zipFiles } from "../../static/js/shared/zip.js";

test("crc32 is the standard checksum", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

test("the archive opens with Python's zipfile and holds the files byte for byte", () => {
  const files = [
    { name: "step-00.png", bytes: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) },
    { name: "step-01.png", bytes: new TextEncoder().encode("second file") },
  ];
  const dir = mkdtempSync(join(tmpdir(), "zip-"));
  const path = join(dir, "steps.zip");
  writeFileSync(path, zipFiles(files));
  const script = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; "
    + "print(';'.join(f'{i.filename}={z.read(i).hex()}' for i in z.infolist()))";
  const listed = execFileSync("python3", ["-c", script, path]).toString().trim();
  assert.equal(listed, "step-00.png=89504e47010203;step-01.png=7365636f6e642066696c65");
});

// `npm run build`: bundles src/widget.js into ../autograd_lab/widgets/static/widget.js, with
// a first line naming the SHA-256 of the sources it was built from (src/*.js and
// package-lock.json), which a Python test compares with the sources in the repository: a
// bundle not rebuilt after an edit fails it.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const hash = createHash("sha256");
const sources = readdirSync("src").filter((f) => f.endsWith(".js")).sort();
for (const name of sources) hash.update(readFileSync(`src/${name}`));
hash.update(readFileSync("package-lock.json"));

await build({
  entryPoints: ["src/widget.js"],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "eof",
  banner: { js: `// autograd_lab widgets, built from sources sha256:${hash.digest("hex")}` },
  outfile: "../autograd_lab/widgets/static/widget.js",
});

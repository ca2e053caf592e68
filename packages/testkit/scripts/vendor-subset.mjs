// A provider's published description or fixtures cut down to the objects a connector uses, for its
// `spec/`. A connector's own script (run by hand, never by tests) calls it with its list of objects and a
// note of where they come from; the upstream file is given on that script's command line, so nothing
// points at one machine's paths. The subset keeps the upstream layout (the objects under the same keys).
//
//   import { vendorSubset } from '@backspace/testkit/vendor-subset';
//   vendorSubset({ source: 'acme/openapi, openapi.json, commit …, MIT', under: 'components.schemas',
//     objects: ['item', 'deleted_item'], output: new URL('../spec/acme.subset.json', import.meta.url) });
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

/**
 * Reads the JSON file `upstream` (default: the first command-line argument), keeps the named `objects` of
 * the one at the dotted path `under` (`resources`, `components.schemas`) and writes `{ source, <under>:
 * the kept objects }` to `output` (a path or a file URL). An object the file lacks is an error.
 */
export function vendorSubset({ source, under, objects, output }, upstream = process.argv[2]) {
  if (!upstream) {
    console.error(`usage: node ${relative(process.cwd(), process.argv[1])} <path to the published file> (${source})`);
    process.exit(2);
  }
  const keys = under.split('.');
  const all = keys.reduce((value, key) => value?.[key], JSON.parse(readFileSync(resolve(upstream), 'utf8')));
  const missing = objects.filter((name) => !all?.[name]);
  if (missing.length > 0) throw new Error(`objects not under ${under} in ${upstream}: ${missing.join(', ')}`);
  const kept = keys.reduceRight((inner, key) => ({ [key]: inner }), Object.fromEntries(objects.map((name) => [name, all[name]])));
  writeFileSync(output, `${JSON.stringify({ source, ...kept }, null, 2)}\n`);
  console.log(`wrote ${objects.length} objects`);
}

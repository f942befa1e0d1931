// Emits declarations for CommonJS consumers: every dist/types/**/*.d.ts gets a .d.cts twin whose
// relative imports point at .cjs, so `require` under node16 resolution sees CJS types, not ESM ones
// ("masquerading as ESM").
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const root = new URL('../dist/types/', import.meta.url).pathname
let count = 0
async function walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await walk(path)
    else if (entry.name.endsWith('.d.ts')) {
      const text = await readFile(path, 'utf8')
      const cts = text
        .replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+?)\.js\2/g, '$1$2$3.cjs$2')
        // @stomp/stompjs ships ESM-only types (its package is "type": "module"); a CJS declaration
        // may still refer to them as types with an explicit resolution mode.
        .replace(
          /^import (?:type )?\{([^}]*)\} from '@stomp\/stompjs';?$/gm,
          (_, names) =>
            `import type {${names.replace(/\btype\s+/g, '')}} from '@stomp/stompjs' with { 'resolution-mode': 'import' };`,
        )
      await writeFile(path.replace(/\.d\.ts$/, '.d.cts'), cts)
      count++
    }
  }
}
await walk(root)
console.log(`build-types: ${count} .d.cts files written`)

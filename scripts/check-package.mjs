// Checks the package as it will be published: packs it, runs publint on the tarball's contents,
// then installs it into a scratch consumer and proves every entry resolves through `exports`, by
// `import` and by `require`, with its declarations, and that the React entries keep 'use client'.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const scratch = join(root, '.pack-check')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...opts,
  })?.toString() ?? ''

rmSync(scratch, { recursive: true, force: true })
const target = join(scratch, 'node_modules', pkg.name)
mkdirSync(target, { recursive: true })
const [{ filename, files }] = JSON.parse(
  run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch]),
)
run('tar', ['-xzf', join(scratch, filename), '-C', target, '--strip-components=1'])
console.log(`packed ${filename}: ${files.length} files`)

const leaked = files.filter((f) => /(^|\/)(test|stories|bench|demo|src)\//.test(f.path))
if (leaked.length) throw new Error(`the tarball ships sources or tests: ${leaked[0].path}`)

// publint exits non-zero on errors; warnings are printed and fail too (strict).
run(join(root, 'node_modules/.bin/publint'), ['--strict', target], { stdio: 'inherit' })

// Every subpath in exports, imported (ESM) and required (CJS) by name.
const expected = {
  '.': [
    'createStompSession',
    'StompProvider',
    'useSubscription',
    'usePublish',
    'useConnectionState',
    'useStompSession',
    'useStompStore',
  ],
  './testing': ['createMemoryBroker'],
  './broker': ['startStompBroker'],
  './chat': ['ChatRoom', 'ConnectionStatus'],
}
const entries = Object.keys(pkg.exports).filter(
  (k) => k !== './package.json' && !k.endsWith('.css'),
)
const specifier = (sub) => (sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`)
const req = createRequire(join(scratch, 'consumer.cjs'))
for (const sub of entries) {
  const spec = specifier(sub)
  const esm = await import(
    req
      .resolve(spec)
      .replace(/\.cjs$/, '.js')
      .replace('/dist/cjs/', '/dist/esm/')
  )
  const cjs = req(spec)
  for (const name of expected[sub] ?? []) {
    if (typeof esm[name] !== 'function') throw new Error(`import('${spec}') has no ${name}`)
    if (typeof cjs[name] !== 'function') throw new Error(`require('${spec}') has no ${name}`)
  }
  console.log(`${spec}: import and require OK (${Object.keys(esm).length} exports)`)
}
for (const file of ['dist/esm/index.js', 'dist/cjs/index.cjs']) {
  const first = readFileSync(join(target, file), 'utf8').split('\n')[0]
  if (!/^['"]use client['"]/.test(first))
    throw new Error(`${file} does not start with 'use client'`)
}

// Types as a consumer sees them, under node16 resolution, from ESM and from CJS.
const lines = entries.map((sub, i) => `import * as e${i} from '${specifier(sub)}'\nvoid e${i}`)
writeFileSync(join(scratch, 'consumer.mts'), `${lines.join('\n')}\n`)
writeFileSync(
  join(scratch, 'consumer.cts'),
  `${entries.map((sub, i) => `import e${i} = require('${specifier(sub)}')\nvoid e${i}`).join('\n')}\n`,
)
writeFileSync(
  join(scratch, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
      typeRoots: [join(root, 'node_modules/@types')],
      lib: ['ES2022', 'DOM'],
    },
    files: ['consumer.mts', 'consumer.cts'],
  }),
)
run(join(root, 'node_modules/.bin/tsc'), ['-p', join(scratch, 'tsconfig.json')], {
  stdio: 'inherit',
})
console.log('types resolve for import and require under node16')
rmSync(scratch, { recursive: true, force: true })
console.log('check-package: OK')

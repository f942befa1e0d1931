// Min+gz sizes of the package entries, measured the same way for us and for react-stomp-hooks:
// esbuild --minify (ESM, browser), gzip -9, react and react-dom external.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)
const esbuild = require('esbuild')
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const reactExternal = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client']

// Budgets in bytes (1 KB = 1,000 bytes). `ceiling` is what CI enforces; when it is looser than the
// target the target is reported as missed.
export const budgets = {
  // The main entry misses its 12 KB target (16.7 KB measured 2026-12-03): CI enforces that figure
  // plus 3 % so it cannot grow, and the report says "missed" until the target is reached.
  main: { target: 12_000, ceiling: 17_190 },
  chat: { target: 30_000, ceiling: 30_000 },
}

async function bundle(entry, { external = reactExternal, plugins = [] } = {}) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    plugins,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  const code = result.outputFiles[0].contents
  return {
    min: code.byteLength,
    gz: gzipSync(code, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs).map((p) => resolve(root, p)),
    metafile: result.metafile,
  }
}

// Marks every module the main entry already ships as external, so the chat figure is what
// importing the chat entry adds on top of the main entry.
const externalize = (paths) => ({
  name: 'externalize-main',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.skip) return undefined
      const r = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { skip: true },
      })
      if (r.errors.length === 0 && paths.has(r.path)) return { path: args.path, external: true }
      return undefined
    })
  },
})

export async function measureSizes() {
  const main = await bundle(join(root, 'src/index.ts'))
  const chatEntry = join(root, 'src/components/chat/index.ts')
  const chat = await bundle(chatEntry, {
    external: [...reactExternal, '@stomp/stompjs', 'zustand', 'zustand/*'],
    plugins: [externalize(new Set(main.inputs))],
  })
  const stompjs = await bundle(require.resolve('@stomp/stompjs').replace(/\.cjs$/, '.js'))
  const hooksEntry = join(root, 'node_modules/react-stomp-hooks/dist/index.js')
  const hooks = existsSync(hooksEntry) ? await bundle(hooksEntry) : undefined
  // Largest inputs of the main entry, for whoever has to trim it next.
  const top = Object.entries(main.metafile.outputs)
    .flatMap(([, o]) => Object.entries(o.inputs))
    .map(([path, { bytesInOutput }]) => ({ path, min: bytesInOutput }))
    .sort((a, b) => b.min - a.min)
    .slice(0, 12)
  const check = (name, gz) => {
    const { target, ceiling } = budgets[name]
    return { gz, target, ceiling, met: gz <= target, withinCeiling: gz <= ceiling }
  }
  return {
    unit: 'bytes (min+gz: esbuild minify, gzip -9)',
    main: { min: main.min, gz: main.gz, includes: '@stomp/stompjs, zustand; react external' },
    chat: {
      min: chat.min,
      gz: chat.gz,
      includes:
        'only what the chat entry adds: main-entry modules, stompjs, zustand, react external',
    },
    stompjs: { min: stompjs.min, gz: stompjs.gz },
    reactStompHooks: hooks && {
      min: hooks.min,
      gz: hooks.gz,
      includes: 'its deps; react external',
    },
    budgets: { main: check('main', main.gz), chat: check('chat', chat.gz) },
    mainTopInputs: top,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureSizes(), null, 2))
}

// Min+gz sizes of the package entries, measured the same way for us and for react-stomp-hooks:
// esbuild --minify (ESM, browser), gzip -9, react and react-dom external.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)
const esbuild = require('esbuild')
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const reactExternal = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client']

// Budgets in bytes (1 KB = 1,000 bytes). `ceiling` is what CI enforces; when it is looser than the
// target the target is reported as missed.
export const budgets = {
  // The main entry misses its 12 KB target: 15.55 KB with createStompKit, 14.29 KB after the size
  // pass (closures instead of classes, the tap's event building in the lazy chunk, shorter texts;
  // 2026-12-03). @stomp/stompjs and zustand alone are 5.97 KB of it. CI enforces that figure plus
  // 3 % so it cannot grow unnoticed, and the report says "missed" until the target is reached.
  main: { target: 12_000, ceiling: 14_700 },
  chat: { target: 30_000, ceiling: 30_000 },
}

async function bundle(entry, { external = reactExternal, plugins = [] } = {}) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    // Splitting keeps dynamic imports (the frame tap's parser) out of the entry chunk: what loads
    // on first use is not what every page pays for.
    splitting: true,
    outdir: '/tmp/stomp-kit-size',
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
  // The entry chunk plus the chunks it imports statically; lazy chunks are reported apart.
  const outputs = result.metafile.outputs
  const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint)
  const eager = new Set()
  const visit = (k) => {
    if (eager.has(k)) return
    eager.add(k)
    for (const i of outputs[k].imports)
      if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path)
  }
  visit(entryOut)
  const bytes = (keys) => {
    const files = result.outputFiles.filter((f) => keys.has(relative(process.cwd(), f.path)))
    const code = Buffer.concat(files.map((f) => f.contents))
    return {
      min: code.byteLength,
      gz: files.reduce((a, f) => a + gzipSync(f.contents, { level: 9 }).byteLength, 0),
    }
  }
  const lazyKeys = new Set(Object.keys(outputs).filter((k) => !eager.has(k)))
  const inputsOf = (keys) =>
    [...keys].flatMap((k) => Object.keys(outputs[k].inputs)).map((p) => resolve(process.cwd(), p))
  return {
    ...bytes(eager),
    lazy: bytes(lazyKeys),
    inputs: inputsOf(new Set(Object.keys(outputs))),
    eagerInputs: Object.fromEntries(
      [...eager]
        .flatMap((k) => Object.entries(outputs[k].inputs))
        .map(([p, v]) => [p, v.bytesInOutput]),
    ),
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
  const top = Object.entries(main.eagerInputs)
    .map(([path, min]) => ({ path, min }))
    .sort((a, b) => b.min - a.min)
    .slice(0, 12)
  const check = (name, gz) => {
    const { target, ceiling } = budgets[name]
    return { gz, target, ceiling, met: gz <= target, withinCeiling: gz <= ceiling }
  }
  return {
    unit: 'bytes (min+gz: esbuild minify, gzip -9)',
    main: {
      min: main.min,
      gz: main.gz,
      includes: '@stomp/stompjs, zustand; react external',
      lazyOnFirstFrameListener: main.lazy,
    },
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

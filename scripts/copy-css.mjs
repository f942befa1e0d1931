// Stylesheets ship as plain files (react-stomp-kit/chat.css): the JS entries never import CSS, so
// apps choose when and whether to load them and SSR needs no CSS loader.
import { copyFile } from 'node:fs/promises'

await copyFile(
  new URL('../src/components/chat/chat.css', import.meta.url),
  new URL('../dist/chat.css', import.meta.url),
)
console.log('copy-css: dist/chat.css written')

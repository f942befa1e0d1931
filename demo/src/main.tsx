import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '../../src/components/chat/chat.css'
import './demo.css'
import { App } from './App.js'

const config = (await (await fetch('/api/config')).json()) as { url: string; embedded: boolean }
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App url={config.url} embedded={config.embedded} />
  </StrictMode>,
)

/** A STOMP frame. Headers keep their order and repeats; the first value of a name wins on lookup. */
export interface Frame {
  command: string
  headers: [string, string][]
  body: Uint8Array
}

export function header(frame: Frame, name: string): string | undefined {
  for (const [k, v] of frame.headers) if (k === name) return v
  return undefined
}

/** Headers as a record, first value winning (STOMP 1.2 §Repeated Header Entries). */
export function headerRecord(frame: Frame): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of frame.headers) if (!(k in out)) out[k] = v
  return out
}

// CONNECT and CONNECTED are never escaped, for 1.0 compatibility (STOMP 1.2 §Value Encoding).
export const unescapedCommands = new Set(['CONNECT', 'CONNECTED'])

export function escapeHeader(value: string): string {
  return value.replace(/[\\\r\n:]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\c',
  )
}

/** Undoes header escaping; an undefined escape such as `\t` is a protocol error (throws). */
export function unescapeHeader(value: string): string {
  if (!value.includes('\\')) return value
  return value.replace(/\\(.?)/g, (_, c: string) => {
    if (c === 'n') return '\n'
    if (c === 'r') return '\r'
    if (c === 'c') return ':'
    if (c === '\\') return '\\'
    throw new Error(`undefined header escape "\\${c}"`)
  })
}

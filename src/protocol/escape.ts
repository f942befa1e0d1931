import type { StompVersion } from './frame.js'

/**
 * Header escaping as defined per version: 1.2 escapes CR, LF, colon and backslash; 1.1 has no CR
 * escape; 1.0 has none. CONNECT and CONNECTED are never escaped, whatever the version, so that a
 * 1.0 peer can read them before the version is negotiated.
 * https://stomp.github.io/stomp-specification-1.2.html#Value_Encoding
 */
export type EscapeMode = 'stomp12' | 'stomp11' | 'none'

export function escapeModeFor(version: StompVersion, command: string): EscapeMode {
  if (command === 'CONNECT' || command === 'CONNECTED' || command === 'STOMP') return 'none'
  return version === '1.2' ? 'stomp12' : version === '1.1' ? 'stomp11' : 'none'
}

const NEEDS_ESCAPE_12 = /[\r\n:\\]/
const NEEDS_ESCAPE_11 = /[\n:\\]/

export function escapeHeader(value: string, mode: EscapeMode = 'stomp12'): string {
  if (mode === 'none') return value
  if (mode === 'stomp12') {
    if (!NEEDS_ESCAPE_12.test(value)) return value
    return value.replace(/[\r\n:\\]/g, (c) =>
      c === '\\' ? '\\\\' : c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\c',
    )
  }
  if (!NEEDS_ESCAPE_11.test(value)) return value
  return value.replace(/[\n:\\]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\c'))
}

/** Thrown by `unescapeHeader` for a backslash sequence the version does not define. */
export class HeaderEscapeError extends Error {
  override readonly name = 'HeaderEscapeError'
}

export function unescapeHeader(value: string, mode: EscapeMode = 'stomp12'): string {
  if (mode === 'none') return value
  let slash = value.indexOf('\\')
  if (slash === -1) return value
  let out = ''
  let from = 0
  while (slash !== -1) {
    out += value.slice(from, slash)
    const next = value[slash + 1]
    if (next === '\\') out += '\\'
    else if (next === 'n') out += '\n'
    else if (next === 'c') out += ':'
    else if (next === 'r' && mode === 'stomp12') out += '\r'
    else {
      // The spec makes an undefined escape a fatal protocol error rather than passing it through,
      // so that both sides agree on every header value.
      const seq = next === undefined ? '\\ at the end' : `\\${next}`
      throw new HeaderEscapeError(
        `Undefined escape sequence ${JSON.stringify(seq)} in header ${JSON.stringify(value)}: STOMP ${mode === 'stomp12' ? '1.2' : '1.1'} defines only \\\\, \\n, \\c${mode === 'stomp12' ? ' and \\r' : ''}. Escape a literal backslash as \\\\.`,
      )
    }
    from = slash + 2
    slash = value.indexOf('\\', from)
  }
  return out + value.slice(from)
}

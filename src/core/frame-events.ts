import { createFrameParser, type FrameParser } from '../protocol/parser.js'
// Types only: a value import from frame-tap would make the bundler split it into a chunk shared
// with the main entry; the sink and the redactor come in as arguments instead.
import type { Direction, Feed, FrameEvent } from './frame-tap.js'

const PREVIEW = 1000
const text = new TextDecoder()

/**
 * The lazy half of the frame tap: one parser per direction, started with the first chunk seen
 * while someone listens (a frame split across that moment is skipped).
 */
export function createFeed(
  emit: (event: FrameEvent) => void,
  redact: (headers: readonly (readonly [string, string])[]) => Record<string, string>,
): Feed {
  const parsers: Partial<Record<Direction, FrameParser>> = {}
  const parser = (direction: Direction): FrameParser =>
    createFrameParser({
      onFrame: (frame) =>
        emit({
          type: 'frame',
          direction,
          command: frame.command,
          headers: redact(frame.headers),
          bodyPreview: text.decode(frame.body.subarray(0, PREVIEW * 4)).slice(0, PREVIEW),
          size: frame.body.byteLength,
          at: Date.now(),
        }),
      onHeartbeat: () => emit({ type: 'heartbeat', direction, at: Date.now() }),
      // The tap only observes: a stream it cannot parse is stompjs's to reject, not ours.
      onError: () => {},
      // No limits: the broker's frame limits are not the observer's, and a parser that stopped at
      // one large frame would blind the tap for the rest of the socket.
      limits: { maxFrameSize: Infinity, maxHeaders: Infinity, maxHeaderLength: Infinity },
    })
  return (direction, data) => {
    const chunk =
      typeof data === 'string' || data instanceof Uint8Array || data instanceof ArrayBuffer
        ? data
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : undefined
    if (chunk === undefined) return
    parsers[direction] ??= parser(direction)
    parsers[direction].push(chunk)
  }
}

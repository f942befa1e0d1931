export {
  type EscapeMode,
  escapeHeader,
  escapeModeFor,
  HeaderEscapeError,
  unescapeHeader,
} from './escape.js'
export {
  createFrame,
  decodeUtf8,
  decodeUtf8Strict,
  encodeUtf8,
  headerRecord,
  headerValue,
  type StompFrame,
  type StompHeader,
  type StompVersion,
} from './frame.js'
export { DEFAULT_FRAME_LIMITS, type FrameLimits } from './limits.js'
export {
  createFrameParser,
  FrameParseError,
  type FrameParseErrorCode,
  type FrameParser,
  type FrameParserOptions,
} from './parser.js'
export {
  encodeFrame,
  HEARTBEAT,
  serializeFrame,
  serializeHead,
  withContentLength,
} from './serializer.js'

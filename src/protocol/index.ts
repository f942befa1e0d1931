export { escapeHeader, type Frame, header, headerRecord, unescapeHeader } from './frame.js'
export { createFrameParser, defaultLimits, type FrameParser, type ParserLimits } from './parser.js'
export { frameToWire, serializeFrame, textBody } from './serializer.js'

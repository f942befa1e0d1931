export { ChatRoom } from './ChatRoom.js'
export {
  type ConnectionBannerState,
  ConnectionStatus,
  type ConnectionStatusProps,
  useOnline,
} from './ConnectionStatus.js'
export { type ChatLabels, enLabels, koLabels } from './labels.js'
export { isSafeHref, linkify, type TextPart } from './linkify.js'
export type {
  ChatEntry,
  ChatHistoryPage,
  ChatMessage,
  ChatRoomProps,
  ChatUser,
  HistoryLoader,
  SendStatus,
  TypingEvent,
} from './types.js'
export { parseChatMessage } from './wire.js'

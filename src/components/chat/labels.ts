/** Every string ChatRoom shows or announces. Functions take counts and names so plurals fit. */
export interface ChatLabels {
  messageList: (room: string) => string
  composerPlaceholder: string
  composer: string
  send: string
  retry: string
  delete: string
  notSent: string
  sending: string
  newMessages: (count: number) => string
  unread: string
  beginning: string
  loadingOlder: string
  historyFailed: string
  connecting: string
  reconnecting: (attempt: number) => string
  offline: string
  disconnected: string
  failed: (reason: string) => string
  authFailed: string
  typing: (names: readonly string[]) => string
  charactersLeft: (left: number) => string
  you: string
  today: string
  yesterday: string
  showMore: string
  showLess: string
}

export const enLabels: ChatLabels = {
  messageList: (room) => `Messages in ${room}`,
  composerPlaceholder: 'Write a message…',
  composer: 'Message',
  send: 'Send',
  retry: 'Retry',
  delete: 'Delete',
  notSent: 'not sent',
  sending: 'sending',
  newMessages: (n) => (n === 1 ? '1 new message' : `${n} new messages`),
  unread: 'Unread messages',
  beginning: 'Beginning of the conversation',
  loadingOlder: 'Loading older messages…',
  historyFailed: 'Could not load older messages.',
  connecting: 'Connecting…',
  reconnecting: (attempt) => `Connection lost. Reconnecting (attempt ${attempt})…`,
  offline: 'You are offline. Messages will be sent when you are back online.',
  disconnected: 'Disconnected.',
  failed: (reason) => `Connection failed: ${reason}`,
  authFailed: 'Sign-in was refused by the server. Check your credentials.',
  typing: (names) =>
    names.length === 1
      ? `${names[0]} is typing…`
      : names.length === 2
        ? `${names[0]} and ${names[1]} are typing…`
        : `${names[0]} and ${names.length - 1} others are typing…`,
  charactersLeft: (left) => (left === 1 ? '1 character left' : `${left} characters left`),
  you: 'You',
  today: 'Today',
  yesterday: 'Yesterday',
  showMore: 'Show more',
  showLess: 'Show less',
}

export const koLabels: ChatLabels = {
  messageList: (room) => `${room} 메시지`,
  composerPlaceholder: '메시지를 입력하세요…',
  composer: '메시지',
  send: '보내기',
  retry: '다시 보내기',
  delete: '삭제',
  notSent: '전송 실패',
  sending: '보내는 중',
  newMessages: (n) => `새 메시지 ${n}개`,
  unread: '읽지 않은 메시지',
  beginning: '대화의 시작입니다',
  loadingOlder: '이전 메시지를 불러오는 중…',
  historyFailed: '이전 메시지를 불러오지 못했습니다.',
  connecting: '연결 중…',
  reconnecting: (attempt) => `연결이 끊어졌습니다. 다시 연결하는 중 (${attempt}번째 시도)…`,
  offline: '오프라인 상태입니다. 다시 연결되면 메시지를 보냅니다.',
  disconnected: '연결이 종료되었습니다.',
  failed: (reason) => `연결 실패: ${reason}`,
  authFailed: '서버가 로그인을 거부했습니다. 계정 정보를 확인하세요.',
  typing: (names) =>
    names.length === 1
      ? `${names[0]}님이 입력 중…`
      : names.length === 2
        ? `${names[0]}님과 ${names[1]}님이 입력 중…`
        : `${names[0]}님 외 ${names.length - 1}명이 입력 중…`,
  charactersLeft: (left) => `${left}자 남음`,
  you: '나',
  today: '오늘',
  yesterday: '어제',
  showMore: '더 보기',
  showLess: '접기',
}

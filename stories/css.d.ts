// Side-effect CSS imports (Vite handles them).
declare module '*.css'

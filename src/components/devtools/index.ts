export { StompDevtools, type StompDevtoolsProps } from './StompDevtools.js'

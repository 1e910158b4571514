export { type GoProgram, goProgram } from './go-programs.js'
export { JsonLinesChild, type JsonLinesChildOptions } from './json-lines-child.js'

/**
 * Reads one line of a probe as bash would split it into the commands of a list, to tell
 * whether a command that exited non-zero without bash's ERR trap was a step of an `&&`
 * list (`mkdir -p /mnt/r && mount ... && true`: a failure the probe did not check) or a
 * condition (`if`, `while`, `||`, `!`, a test such as `[ -f x ] && ...`). Pure.
 */

export interface ListElement {
  /** The command's text as written. */
  text: string
  /** The operator after it: `&&`, `||`, `|`, `|&`, `;`, `&`, or '' at the end of the line. */
  operator: string
}

/** Splits a line at the list and pipeline operators outside quotes, `$(...)` and `` `...` ``. */
export function splitList(line: string): ListElement[] {
  const elements: ListElement[] = []
  let start = 0
  let depth = 0
  let quote: "'" | '"' | '`' | undefined
  const push = (end: number, operator: string): void => {
    elements.push({ text: line.slice(start, end).trim(), operator })
  }
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === '\\' && quote !== "'") i++
      else if (c === quote) quote = undefined
      continue
    }
    if (c === '\\') {
      i++
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c
    } else if (c === '(') {
      depth++
    } else if (c === ')') {
      depth = Math.max(0, depth - 1)
    } else if (depth > 0) {
      continue
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      push(i, '')
      return elements.filter((e) => e.text !== '' || e.operator !== '')
    } else if (c === '&' || c === '|' || c === ';') {
      const two = line.slice(i, i + 2)
      // `2>&1`, `&>file` and `>|file` are redirections, not operators.
      if ((c === '&' || c === '|') && (line[i - 1] === '>' || line[i - 1] === '<')) continue
      if (c === '&' && line[i + 1] === '>') continue
      const operator = ['&&', '||', '|&', ';;'].includes(two) ? two : c
      push(i, operator)
      i += operator.length - 1
      start = i + 1
    }
  }
  push(line.length, '')
  return elements.filter((e) => e.text !== '' || e.operator !== '')
}

const CONDITION_KEYWORDS = new Set(['if', 'elif', 'while', 'until'])
const LEADING_KEYWORDS = /^(?:(?:then|do|else|\{|\()\s+)+/
/** Commands whose status is a condition by nature. */
const TESTS = new Set(['[', '[[', 'test', 'true', 'false', ':', '((', 'let'])

const squash = (text: string): string => text.replace(/\s+/g, '')

/**
 * True when `command` (as bash showed it) stands on `line` as a non-final command of an
 * `&&` list, outside any condition: its failure ended the list, and nothing checked it.
 */
export function isUncheckedAndFailure(line: string, command: string): boolean {
  const firstWord = line.trim().split(/\s+/)[0] ?? ''
  if (CONDITION_KEYWORDS.has(firstWord)) return false
  const commandWord = command.trim().split(/\s+/)[0] ?? ''
  if (TESTS.has(commandWord) || commandWord.startsWith('((')) return false
  const want = squash(command)
  const elements = splitList(line)
  for (const element of elements) {
    const text = element.text.replace(LEADING_KEYWORDS, '')
    if (text.startsWith('!')) continue
    if (squash(text) !== want) continue
    return element.operator === '&&'
  }
  return false
}

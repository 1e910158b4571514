// @ts-check
/**
 * Finding and making elements. Everything shown comes from the network, so elements are built
 * with createElement and textContent only: nothing here ever parses markup.
 */

/**
 * The element with this data-testid; a missing one is a bug in the page, not a state to handle.
 * @param {string} testid
 * @returns {HTMLElement}
 */
export function $(testid) {
  const found = document.querySelector(`[data-testid="${testid}"]`)
  if (!(found instanceof HTMLElement)) throw new Error(`the page has no ${testid}`)
  return found
}

/**
 * The elements matching a selector that are of one kind.
 * @template {Element} T
 * @param {string} selector
 * @param {{ new (): T; prototype: T }} kind
 * @returns {T[]}
 */
export function all(selector, kind) {
  /** @type {T[]} */
  const found = []
  for (const element of document.querySelectorAll(selector)) {
    if (element instanceof kind) found.push(element)
  }
  return found
}

/**
 * `tag.class` with optional text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string | number} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = String(text)
  return node
}

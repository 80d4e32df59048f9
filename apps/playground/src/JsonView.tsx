/**
 * A JSON value, pretty-printed, with its keys, strings and numbers told apart by colour.
 */
import type { ReactNode } from "react"

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g

const highlight = (text: string): Array<ReactNode> => {
  const nodes: Array<ReactNode> = []
  let last = 0
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index
    if (index > last) nodes.push(text.slice(last, index))
    const [whole, string, colon, literal, number] = match
    if (string !== undefined) {
      nodes.push(<span key={index} className={colon === undefined ? "json-string" : "json-key"}>{string}</span>)
      if (colon !== undefined) nodes.push(colon)
    } else if (literal !== undefined) {
      nodes.push(<span key={index} className="json-literal">{literal}</span>)
    } else if (number !== undefined) {
      nodes.push(<span key={index} className="json-number">{number}</span>)
    } else {
      nodes.push(whole)
    }
    last = index + whole.length
  }
  if (last < text.length) nodes.push(text.slice(last))
  return nodes
}

export const JsonView = ({ value }: { readonly value: unknown }) => (
  <pre
    className="json"
    data-testid="json"
  >{highlight(value === undefined ? "(nothing)" : JSON.stringify(value, null, 2))}</pre>
)

/**
 * A form generated from a JSON Schema: one input per field (text, number, select, checkbox, comma-separated list,
 * JSON text), fieldsets for objects, item lists with add / remove for arrays of objects, a variant picker for unions.
 * Validation messages from the server are shown under the fields they name.
 */
import type { ReactNode } from "react"
import {
  constraintsOf,
  type Definitions,
  emptyDraft,
  type Field,
  fieldOf,
  type JsonSchema,
  pathKey,
  setIn,
  variantDraft,
  variantOf
} from "./schema.ts"

/** Validation messages by field key (`body.profiles.0.source`). */
export type Errors = ReadonlyMap<string, ReadonlyArray<string>>

interface FieldProps {
  readonly schema: JsonSchema
  readonly definitions: Definitions
  readonly draft: unknown
  readonly path: ReadonlyArray<string | number>
  readonly label: string
  readonly required: boolean
  readonly errors: Errors
  readonly onChange: (path: ReadonlyArray<string | number>, value: unknown) => void
}

const Messages = ({ errors, path }: { readonly errors: Errors; readonly path: ReadonlyArray<string | number> }) => {
  const messages = errors.get(pathKey(path))
  if (messages === undefined || messages.length === 0) return null
  return (
    <ul className="field-errors" data-testid="field-error" data-field={pathKey(path)}>
      {messages.map((message, i) => <li key={i}>{message}</li>)}
    </ul>
  )
}

const Label = (
  { hint, label, name, required }: {
    readonly label: string
    readonly required: boolean
    readonly name: string
    readonly hint?: string | undefined
  }
) => (
  <label className="field-label" htmlFor={name}>
    <span className="field-name">{label}</span>
    {required ? <span className="required" title="required">*</span> : <span className="optional">optional</span>}
    {hint === undefined ? null : <span className="hint">{hint}</span>}
  </label>
)

const asText = (draft: unknown): string =>
  draft === undefined || draft === null ? "" : typeof draft === "string" ? draft : String(draft)

const asJsonText = (draft: unknown): string =>
  typeof draft === "string" ? draft : draft === undefined ? "" : JSON.stringify(draft, null, 2)

const Plain = (props: FieldProps & { readonly field: Field }) => {
  const { draft, errors, field, label, onChange, path, required } = props
  const name = pathKey(path)
  const invalid = errors.has(name)
  const common = { id: name, name, "aria-invalid": invalid, className: invalid ? "invalid" : undefined }
  let input: ReactNode
  switch (field.kind) {
    case "enum":
      input = (
        <select
          {...common}
          value={asText(draft)}
          onChange={(event) => onChange(path, event.target.value || undefined)}
        >
          {required && draft !== undefined && draft !== ""
            ? null
            : <option value="">{required ? "choose" : "-"}</option>}
          {field.options.map((option) => <option key={String(option)} value={String(option)}>{String(option)}</option>)}
        </select>
      )
      break
    case "boolean":
      input = (
        <select
          {...common}
          value={draft === undefined ? "" : String(draft)}
          onChange={(event) => onChange(path, event.target.value === "" ? undefined : event.target.value === "true")}
        >
          <option value="">-</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      )
      break
    case "list":
      input = (
        <input
          {...common}
          type="text"
          placeholder="comma-separated"
          value={Array.isArray(draft) ? draft.join(", ") : asText(draft)}
          onChange={(event) => onChange(path, event.target.value)}
        />
      )
      break
    case "json":
      input = (
        <textarea
          {...common}
          rows={3}
          placeholder="JSON"
          value={asJsonText(draft)}
          onChange={(event) => onChange(path, event.target.value)}
        />
      )
      break
    default:
      input = (
        <input
          {...common}
          type="text"
          inputMode={field.kind === "number" ? "decimal" : undefined}
          value={asText(draft)}
          onChange={(event) => onChange(path, event.target.value)}
        />
      )
  }
  const hint = field.kind === "list"
    ? "list"
    : field.kind === "json"
    ? "JSON"
    : field.kind === "number"
    ? constraintsOf(field.schema) ?? "number"
    : constraintsOf(field.schema)
  return (
    <div className="field">
      <Label label={label} name={name} required={required} hint={hint} />
      {input}
      <Messages errors={errors} path={path} />
    </div>
  )
}

const ObjectFields = (props: FieldProps & { readonly field: Extract<Field, { kind: "object" }> }) => {
  const { definitions, draft, errors, field, onChange, path } = props
  const record = typeof draft === "object" && draft !== null && !Array.isArray(draft)
    ? draft as Record<string, unknown>
    : {}
  const hasErrorsUnder = (name: string) => {
    const prefix = pathKey([...path, name])
    return [...errors.keys()].some((key) => key === prefix || key.startsWith(`${prefix}.`))
  }
  const shown = field.properties.filter((property) =>
    property.required || record[property.name] !== undefined || hasErrorsUnder(property.name)
  )
  const more = field.properties.filter((property) => !shown.includes(property))
  const render = (property: (typeof field.properties)[number]) => (
    <SchemaField
      key={property.name}
      schema={property.schema}
      definitions={definitions}
      draft={record[property.name]}
      path={[...path, property.name]}
      label={property.name}
      required={property.required}
      errors={errors}
      onChange={onChange}
    />
  )
  return (
    <div className="object-fields">
      {shown.map(render)}
      {more.length === 0 ? null : (
        <details className="more-fields">
          <summary>{more.length} more optional field{more.length === 1 ? "" : "s"}</summary>
          {more.map(render)}
        </details>
      )}
    </div>
  )
}

/** One field of a schema, whatever its kind. */
export const SchemaField = (props: FieldProps) => {
  const { definitions, draft, errors, label, onChange, path, required, schema } = props
  const field = fieldOf(schema, definitions)
  switch (field.kind) {
    case "object":
      return (
        <fieldset className="nested">
          <legend>
            {label}
            {required ? null : <span className="optional">optional</span>}
          </legend>
          <Messages errors={errors} path={path} />
          <ObjectFields {...props} field={field} />
        </fieldset>
      )
    case "array": {
      const items = Array.isArray(draft) ? draft : []
      return (
        <fieldset className="nested">
          <legend>
            {label} <span className="hint">list</span>
            {required ? null : <span className="optional">optional</span>}
          </legend>
          <Messages errors={errors} path={path} />
          {items.map((item, i) => (
            <div className="array-item" key={i}>
              <SchemaField
                schema={field.item}
                definitions={definitions}
                draft={item}
                path={[...path, i]}
                label={`${label}[${i}]`}
                required={true}
                errors={errors}
                onChange={onChange}
              />
              <button
                type="button"
                className="link"
                disabled={items.length <= field.minItems}
                onClick={() => onChange(path, items.filter((_, j) => j !== i))}
              >
                remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="link"
            onClick={() => onChange(path, [...items, emptyDraft(field.item, definitions)])}
          >
            + add {label}
          </button>
        </fieldset>
      )
    }
    case "union": {
      const index = draft === undefined ? -1 : variantOf(field, draft, definitions)
      const variant = index === -1 ? undefined : field.variants[index]
      const name = `${pathKey(path)}#variant`
      return (
        <fieldset className="nested">
          <legend>
            {label}
            {required ? null : <span className="optional">optional</span>}
          </legend>
          <div className="field">
            <label className="field-label" htmlFor={name}>
              <span className="field-name">variant</span>
            </label>
            <select
              id={name}
              value={index}
              onChange={(event) => {
                const chosen = field.variants[Number(event.target.value)]
                onChange(path, chosen === undefined ? undefined : variantDraft(chosen.schema, definitions))
              }}
            >
              {required ? null : <option value={-1}>-</option>}
              {field.variants.map((option, i) => <option key={i} value={i}>{option.label}</option>)}
            </select>
          </div>
          <Messages errors={errors} path={path} />
          {variant === undefined ? null : (() => {
            const inner = fieldOf(variant.schema, definitions)
            return inner.kind === "object"
              ? <ObjectFields {...props} schema={variant.schema} field={inner} />
              : <SchemaField {...props} schema={variant.schema} label={variant.label} required={true} />
          })()}
        </fieldset>
      )
    }
    default:
      return <Plain {...props} field={field} />
  }
}

/** A whole part (path parameters, query, body, a payload) as a form. */
export const SchemaForm = (
  props: Omit<FieldProps, "onChange" | "label" | "required"> & {
    readonly onChange: (draft: unknown) => void
  }
) => {
  const { definitions, draft, errors, onChange, path, schema } = props
  const field = fieldOf(schema, definitions)
  const change = (at: ReadonlyArray<string | number>, value: unknown) =>
    onChange(setIn(draft, at.slice(path.length), value))
  if (field.kind === "object") {
    return (
      <div className="schema-form">
        <Messages errors={errors} path={path} />
        <ObjectFields
          schema={schema}
          definitions={definitions}
          draft={draft}
          path={path}
          label=""
          required={true}
          errors={errors}
          onChange={change}
          field={field}
        />
      </div>
    )
  }
  return (
    <div className="schema-form">
      <SchemaField
        schema={schema}
        definitions={definitions}
        draft={draft}
        path={path}
        label={String(path.at(-1) ?? "value")}
        required={true}
        errors={errors}
        onChange={change}
      />
    </div>
  )
}

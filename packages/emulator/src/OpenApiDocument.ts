/**
 * The OpenAPI 3.1 document of the emulated API, derived from the endpoint declarations: one operation per
 * endpoint, with its path and query parameters, request body and success body as JSON Schema of their wire
 * (encoded) form, and the family's error envelope.
 *
 * @since 0.1.0
 */
import { Auth, type Endpoint } from "@capillary-effect/core"
import { Schema } from "effect"

type JsonObject = Record<string, unknown>

const wireSchema = (schema: Endpoint.Codec<unknown>): JsonObject => {
  const document = Schema.toJsonSchemaDocument(Schema.toEncoded(schema)) as unknown as {
    readonly schema: JsonObject
    readonly definitions?: Record<string, JsonObject>
  }
  // Definitions are inlined under $defs so each operation's schema stands alone.
  return document.definitions !== undefined && Object.keys(document.definitions).length > 0
    ? { ...document.schema, $defs: document.definitions }
    : document.schema
}

const parameters = (schema: Endpoint.Codec<unknown> | undefined, location: "path" | "query") => {
  if (schema === undefined) return []
  const object = wireSchema(schema) as {
    readonly properties?: Record<string, JsonObject>
    readonly required?: ReadonlyArray<string>
  }
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (object.required ?? []).includes(name),
    schema: property
  }))
}

const errorEnvelope: Record<Endpoint.Any["family"], JsonObject> = {
  "v1.1": {
    type: "object",
    description: "v1.1 failure: sent with HTTP 200 for business errors; the code is in response.status",
    properties: { response: { type: "object", properties: { status: { type: "object" } } } }
  },
  v2: {
    type: "object",
    properties: {
      errors: {
        type: "array",
        items: {
          type: "object",
          properties: { status: { type: "boolean" }, code: { type: "integer" }, message: { type: "string" } }
        }
      },
      warnings: { type: "array" }
    }
  },
  v3: { type: "object", properties: { data: { type: "null" }, errors: { type: "array" } } },
  api_gateway: {
    type: "object",
    properties: {
      status: {
        type: "object",
        properties: { success: { const: false }, code: { type: "integer" }, message: { type: "string" } }
      }
    }
  }
}

/**
 * Builds the document.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (endpoints: ReadonlyArray<Endpoint.Any>, serverUrl?: string): JsonObject => {
  const paths: Record<string, Record<string, JsonObject>> = {}
  for (const endpoint of endpoints) {
    const operation: JsonObject = {
      operationId: endpoint.id,
      summary: endpoint.summary,
      tags: [endpoint.section],
      parameters: [...parameters(endpoint.params, "path"), ...parameters(endpoint.query, "query")],
      responses: {
        "200": { description: "Success", content: { "application/json": { schema: wireSchema(endpoint.success) } } },
        "4XX": {
          description: "Capillary error envelope",
          content: { "application/json": { schema: errorEnvelope[endpoint.family] } }
        },
        "501": { description: "Not modelled by the emulator yet" }
      },
      "x-capillary-family": endpoint.family,
      "x-capillary-idempotency": endpoint.idempotency._tag,
      "x-capillary-reversibility": endpoint.reversibility._tag
    }
    if (endpoint.body !== undefined) {
      const mediaType = endpoint.bodyFormat === "multipart" ? "multipart/form-data" : "application/json"
      operation.requestBody = { required: true, content: { [mediaType]: { schema: wireSchema(endpoint.body) } } }
    }
    if (endpoint.id !== Auth.generateToken.id) {
      operation.security = [{ basic: [] }, { oauthToken: [] }]
    }
    const methods = (paths[endpoint.path] ??= {})
    const method = endpoint.method.toLowerCase()
    const existing = methods[method]
    // OpenAPI has one operation per path and method: endpoints selected by fixed query parameters are listed
    // on it as variants.
    if (existing === undefined) methods[method] = operation
    else {
      const variants = (existing["x-capillary-variants"] ?? []) as Array<unknown>
      existing["x-capillary-variants"] = [...variants, { when: endpoint.variant ?? {}, ...operation }]
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Capillary API (capillary-effect emulator)",
      version: "0.1.0",
      description: "The endpoints the emulator routes, derived from the SDK's endpoint declarations."
    },
    ...(serverUrl === undefined ? {} : { servers: [{ url: serverUrl }] }),
    paths,
    components: {
      securitySchemes: {
        basic: { type: "http", scheme: "basic", description: "till username : md5(password), base64" },
        oauthToken: { type: "apiKey", in: "header", name: Auth.tokenHeader }
      }
    }
  }
}

/**
 * ParamSpec derivation: a demo's zod params schema → the flat list of ParamSpec that
 * forms and CLIs show (`/api/demos`). Goes through zod's JSON Schema export, so any
 * schema zod can describe works; what a form can't offer (nested objects, unions) is
 * shown as a plain string field and still validated by the schema on the server.
 */
import { z } from 'zod';
import type { JsonValue, ParamSpec } from '../../demos/protocol.ts';

interface JsonSchemaProp {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchemaProp;
  anyOf?: JsonSchemaProp[];
}

function kindOf(prop: JsonSchemaProp): ParamSpec['kind'] {
  if (prop.enum || prop.const !== undefined) return 'enum';
  const type = Array.isArray(prop.type) ? prop.type.find((item) => item !== 'null') : prop.type;
  switch (type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    default:
      return 'string';
  }
}

/** paramSpecsOf lists a params schema's fields in declaration order. */
export function paramSpecsOf(schema: z.ZodObject): ParamSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchemaProp> };
  return Object.entries(json.properties ?? {}).map(([name, raw]) => {
    // `x.optional().default()` and nullable fields come out as anyOf; use the first real branch.
    const prop = raw.anyOf ? { ...raw.anyOf.find((branch) => branch.type !== 'null'), ...raw, anyOf: undefined } : raw;
    const spec: ParamSpec = { name, kind: kindOf(prop) };
    if (prop.description) spec.description = prop.description;
    if (prop.default !== undefined) spec.default = prop.default as JsonValue;
    const min = prop.minimum ?? prop.exclusiveMinimum ?? prop.minItems;
    const max = prop.maximum ?? prop.exclusiveMaximum ?? prop.maxItems;
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
    if (prop.enum) spec.choices = prop.enum.map(String);
    else if (prop.const !== undefined) spec.choices = [String(prop.const)];
    return spec;
  });
}

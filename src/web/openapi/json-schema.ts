import { z } from 'zod';

/** A JSON Schema as the OpenAPI document holds it. */
export type JsonSchema = Record<string, unknown>;

/**
 * How a schema is read: a request as the route takes it (`input`: defaults make fields optional), or an answer
 * as the server writes it (`output`). Answers are described open (`input`: no `additionalProperties: false`),
 * so that a field added later breaks no client's validation.
 */
export type SchemaSide = 'input' | 'output';

/** Schemas the document names in `components.schemas` and refers to by `$ref` wherever they occur. */
export class ComponentNames {
  private readonly names = new Map<object, string>();

  add(name: string, schema: z.ZodType): this {
    this.names.set(schema, name);
    return this;
  }

  nameOf(schema: object): string | undefined {
    return this.names.get(schema);
  }
}

export const componentRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** An integer the model does not bound says so by having no bounds (zod writes JavaScript's safe range). */
function withoutSafeIntegerBounds(json: JsonSchema): void {
  if (json.minimum !== Number.MIN_SAFE_INTEGER || json.maximum !== Number.MAX_SAFE_INTEGER) return;
  delete json.minimum;
  delete json.maximum;
}

/** The JSON Schema of a zod schema (zod 4's `toJSONSchema`), with named components as references. */
export function jsonSchemaOf(schema: z.ZodType, side: SchemaSide, components?: ComponentNames): JsonSchema {
  const component = components?.nameOf(schema);
  if (component) return componentRef(component);
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io: side,
    override: ({ zodSchema, jsonSchema, path }) => {
      withoutSafeIntegerBounds(jsonSchema);
      const name = path.length > 0 ? components?.nameOf(zodSchema) : undefined;
      if (!name) return;
      for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
      Object.assign(jsonSchema, componentRef(name));
    },
  });
  return json;
}

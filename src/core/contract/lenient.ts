// A client's reading of a response document. The schemas are strict (v.strictObject): the server's
// answers are tested against them, so a route cannot answer a member the contract does not declare.
// A client (the command line, the mirror) must not be that strict: a later server may add a member to
// a v1 document, a compatible change. `lenient(schema)` is the same schema with every strict object made
// a plain one (valibot's v.object, which drops the members it does not declare), through arrays,
// optionals, unions, records, tuples and pipes, the shared schemas (findings, summaries) included. A
// missing or mistyped member is refused as before. Derived once per schema.
import * as v from 'valibot';

/** A schema seen as the plain record it is at run time (type, entries, item, wrapped, options…). */
type Node = v.GenericSchema & { readonly [k: string]: any };

const derived = new WeakMap<v.GenericSchema, v.GenericSchema>();

/** The schema accepting, and dropping, members it does not declare; everything else as strict as it was. */
export function lenient<S extends v.GenericSchema>(schema: S): v.GenericSchema<v.InferInput<S>, v.InferOutput<S>> {
  let out = derived.get(schema);
  if (!out) {
    out = derive(schema as Node);
    derived.set(schema, out);
  }
  return out as v.GenericSchema<v.InferInput<S>, v.InferOutput<S>>;
}

const each = (entries: v.ObjectEntries): v.ObjectEntries => Object.fromEntries(Object.entries(entries).map(([k, s]) => [k, lenient(s)]));
const pipe = v.pipe as unknown as (schema: v.GenericSchema, ...items: unknown[]) => v.GenericSchema;

function derive(s: Node): v.GenericSchema {
  // A piped schema carries its base first, then its actions (regex, description…), kept as they are.
  if (Array.isArray(s.pipe)) {
    const [base, ...actions] = s.pipe as [Node, ...unknown[]];
    const read = lenient(base);
    return read === base ? s : pipe(read, ...actions);
  }
  switch (s.type) {
    case 'strict_object':
    case 'object':
      return v.object(each(s.entries), s.message);
    case 'loose_object':
      return v.looseObject(each(s.entries), s.message);
    case 'array':
      return v.array(lenient(s.item), s.message);
    case 'optional':
      return v.optional(lenient(s.wrapped), s.default);
    case 'exact_optional':
      return v.exactOptional(lenient(s.wrapped), s.default);
    case 'nullable':
      return v.nullable(lenient(s.wrapped), s.default);
    case 'nullish':
      return v.nullish(lenient(s.wrapped), s.default);
    case 'union':
      return v.union((s.options as Node[]).map((o) => lenient(o)), s.message);
    case 'variant':
      return v.variant(s.key, (s.options as Node[]).map((o) => lenient(o)) as never, s.message);
    case 'tuple':
      return v.tuple((s.items as Node[]).map((i) => lenient(i)), s.message);
    case 'record':
      return v.record(s.key, lenient(s.value), s.message);
    case 'lazy':
      return v.lazy((input) => lenient(s.getter(input)));
    default:
      // Leaves (string, number, picklist, literal…) have no members to add.
      return s;
  }
}

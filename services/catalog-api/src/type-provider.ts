import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyTypeProvider } from 'fastify';

/**
 * @fastify/type-provider-typebox 6 infers types with `typebox` 1.x, which turns the
 * contracts' @sinclair/typebox 0.34 literal unions (codec, preset, ...) into `never`.
 * This is the same provider, typed by the TypeBox the schemas are written with.
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

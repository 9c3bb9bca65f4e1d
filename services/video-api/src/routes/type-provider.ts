import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyTypeProvider, RawServerDefault } from 'fastify';

/**
 * Types route handlers from the contracts' TypeBox schemas. @fastify/type-provider-typebox
 * 6 infers with `typebox` 1.x, not with the @sinclair/typebox 0.34 the contracts use
 * (a union built from an array infers as `never` there), so this is its four-line core.
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

export type TypedPlugin<Options extends object = Record<never, never>> = FastifyPluginAsync<Options, RawServerDefault, TypeBoxTypeProvider>;

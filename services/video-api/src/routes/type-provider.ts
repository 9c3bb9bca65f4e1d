import type { FastifyPluginAsync, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

// @fastify/type-provider-typebox 5.x types routes with @sinclair/typebox 0.34, the
// TypeBox the contracts are written in (6.x moved to the `typebox` 1.x package).
export type { TypeBoxTypeProvider };

export type TypedPlugin<Options extends object = Record<never, never>> = FastifyPluginAsync<Options, RawServerDefault, TypeBoxTypeProvider>;

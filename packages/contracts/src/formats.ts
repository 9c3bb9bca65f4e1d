import { FormatRegistry } from '@sinclair/typebox';

// TypeBox's own compiler knows no string formats; fastify's Ajv does. Registering
// the few we use keeps both validators in agreement for the same schema.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const formats: Record<string, (value: string) => boolean> = {
  uuid: (value) => UUID.test(value),
  'date-time': (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value),
  uri: (value) => URL.canParse(value),
};

for (const [name, check] of Object.entries(formats)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
}

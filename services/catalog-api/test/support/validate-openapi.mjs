// Validates the OpenAPI document read from stdin with @apidevtools/swagger-parser.
// Runs in plain Node (not jest): swagger-parser requires an ESM-only package, which
// Node 20 loads and jest's CommonJS loader cannot.
import SwaggerParser from '@apidevtools/swagger-parser';

let text = '';
for await (const chunk of process.stdin) text += chunk;
try {
  const api = await SwaggerParser.validate(JSON.parse(text));
  console.log(`valid OpenAPI ${api.openapi ?? api.swagger}`);
} catch (err) {
  console.log(`invalid: ${err.message}`);
  process.exit(2);
}

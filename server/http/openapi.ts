import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

/** One registry filled by the same route definitions that validate requests. */
export const openApiRegistry = new OpenAPIRegistry();

openApiRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

export function openApiDocument() {
  return new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: '职称评审系统 API',
      version: '0.1.0',
      description:
        'Professional-title declaration, review and live meetings. Errors: { error: { code, message, details: [{ path, message }] } }.',
    },
    servers: [{ url: '/' }],
  });
}

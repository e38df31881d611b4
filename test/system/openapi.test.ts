import { expect } from 'chai';
import type { Express } from 'express';
import { api } from '../helpers/api';
import { server } from '../helpers/setup';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  matchers?: unknown[];
}

/** Every method+path Express really serves under /api, read from the router itself. */
function expressRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, prefix === '' ? '/api' : prefix);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out.filter((r) => r.includes(' /api/'));
}

describe('GET /api/openapi.json', () => {
  it('describes every route the server serves, with its method', async () => {
    const res = await api().get('/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.equal('3.1.0');
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(res.body.paths as Record<string, Record<string, unknown>>)) {
      for (const m of Object.keys(ops)) documented.add(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const app = server().app;
    const served = expressRoutes(app).filter((r) => r !== 'GET /api/openapi.json');
    expect(served.length).to.be.greaterThan(20);
    const missing = served.filter((r) => !documented.has(r));
    expect(missing, `undocumented routes: ${missing.join(', ')}`).to.deep.equal([]);
  });

  it('documents request schemas and who may call', async () => {
    const res = await api().get('/openapi.json');
    const create = res.body.paths['/api/orgs'].post;
    expect(create.requestBody.content['application/json'].schema.properties).to.have.property('parentId');
    expect(create.description).to.equal('Needs: org:create');
    expect(res.body.paths['/api/auth/login'].post.security).to.deep.equal([]);
  });
});

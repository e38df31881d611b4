import { expect } from 'chai';
import { api } from '../helpers/api';

describe('GET /api/health', () => {
  it('reports the database and Redis as up', async () => {
    const res = await api().get('/health');
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('ok');
    expect(res.body.database).to.include({ ok: true, dialect: 'mysql' });
    expect(res.body.redis).to.include({ ok: true, mode: 'redis' });
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await api().get('/no-such-thing');
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('not_found');
  });
});

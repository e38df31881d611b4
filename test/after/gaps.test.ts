import { expect } from 'chai';
import { api, errorOf } from '../helpers/api';
import { buildOrg, newIdNumber, rootAdmin, tokenFor } from '../helpers/factories';
import { buildChain, readyDraft } from '../declarations/fixtures';
import { must } from './fixtures';
import ExcelJS from 'exceljs';
import { server } from '../helpers/setup';

async function sheetRows(token: string, path: string) {
  const res = await fetch(`${server().url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).to.equal(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.worksheets[0];
  return Array.from({ length: ws.rowCount - 1 }, (_x, i) => ((ws.getRow(i + 2).values as unknown[]) ?? []).slice(1).map((v) => String(v ?? '')));
}

describe('after the meeting: the gaps of the audit', function () {
  this.timeout(180_000);

  it('GET /blacklist lists the office’s own subtree: what it recorded and what concerns its declarations', async () => {
    const c = await buildChain();
    const otherCity = await buildOrg({ name: `另一市职改办${Date.now()}` });
    const cityToken = await tokenFor(c.city.admin);
    const otherToken = await tokenFor(otherCity.admin);
    const provinceToken = await tokenFor(await rootAdmin());
    const mine = must(await api(cityToken).post('/blacklist', { idNumber: newIdNumber(), name: '本市人员', years: 1, reason: '材料造假' }), 'city adds').body;
    const theirs = must(await api(otherToken).post('/blacklist', { idNumber: newIdNumber(), name: '外市人员', years: 1, reason: '材料造假' }), 'other adds').body;
    // The province office records one about a declaration made in the city's subtree.
    const d = await readyDraft(c.employer);
    const byProvince = must(
      await api(provinceToken).post('/blacklist', { idNumber: d.account.idNumber, name: d.account.name, years: 3, reason: '省级核查：论文造假', declarationId: d.id }),
      'province adds',
    ).body;
    const ids = async (token: string) => must(await api(token).get('/blacklist?pageSize=200'), 'list').body.items.map((e: any) => e.id) as number[];
    const city = await ids(cityToken);
    expect(city).to.include.members([mine.id, byProvince.id]);
    expect(city).to.not.include(theirs.id);
    const other = await ids(otherToken);
    expect(other).to.include(theirs.id);
    expect(other).to.not.include.members([mine.id]);
    expect(other).to.not.include(byProvince.id);
    expect(await ids(provinceToken)).to.include.members([mine.id, theirs.id, byProvince.id]);
    // The export holds the same entries as the list, no more.
    const cityList = must(await api(cityToken).get('/blacklist?pageSize=200'), 'list').body;
    const exported = await sheetRows(cityToken, '/blacklist/export');
    expect(exported).to.have.length(cityList.total);
    expect(exported.map((r) => r[1])).to.deep.equal(cityList.items.map((e: any) => e.name));
    // Outside the subtree an entry cannot be lifted either (unchanged), and it still blocks everywhere.
    const lift = await api(otherToken).post(`/blacklist/${mine.id}/lift`, { reason: '外市解除' });
    expect(lift.status).to.equal(403);
    expect(errorOf(lift).code).to.equal('forbidden');
    const submit = await api(d.token).post(`/declarations/${d.id}/submit`);
    expect(errorOf(submit).code).to.equal('blacklisted');
  });
});

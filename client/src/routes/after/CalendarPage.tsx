import { For, Show, createSignal } from 'solid-js';
import { createAsync, useSearchParams } from '@solidjs/router';
import { Badge } from '../../components/Badge';
import { FormError, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { t } from '../../i18n';
import { useRunner } from '../../lib/useRunner';
import { deleteCalendarDay, getCalendar, getSettings, saveSettings, setCalendarDay } from '../../stores/after';
import { session } from '../../stores/session';
import { toast } from '../../stores/toasts';
import { ExportButton, one, PickField } from './common';

/**
 * 节假日设置: the public holidays and adjusted workdays (调休) the working-day count of a publicity
 * uses, and the area's settings (minimum publicity, blacklist periods). The province office edits
 * them; everyone else reads.
 */
export default function CalendarPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = () => Number(one(params.year)) || thisYear;
  const days = createAsync(() => getCalendar(year()));
  const settings = createAsync(() => getSettings());
  const canEdit = () => session.org?.kind === 'office' && session.org?.level === 'province' && (session.account?.role === 'admin' || session.account?.role === 'staff');
  const canSettings = () => canEdit() && session.account?.role === 'admin';
  const [day, setDay] = createSignal('');
  const [kind, setKind] = createSignal<'holiday' | 'workday'>('holiday');
  const [name, setName] = createSignal('');
  const add = useRunner(setCalendarDay);
  const drop = useRunner(deleteCalendarDay);
  const save = useRunner(saveSettings);
  const [minDays, setMinDays] = createSignal('');
  const [years, setYears] = createSignal('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await add.run({ day: day(), kind: kind(), name: name().trim() });
    if (res.ok) {
      toast.success(t('common.saved'));
      setDay('');
    }
  };
  const saveAll = async (e: Event) => {
    e.preventDefault();
    const body = {
      ...(minDays() ? { publicityMinWorkingDays: Number(minDays()) } : {}),
      ...(years() ? { blacklistYears: years().split(/[,，\s]+/).filter(Boolean).map(Number) } : {}),
    };
    const res = await save.run(body);
    if (res.ok) toast.success(t('common.saved'));
  };

  return (
    <div class="after-page">
      <PageHeader title={t('after.calendar')}>
        <ExportButton path="/calendar/export" query={{ year: year() }} />
      </PageHeader>
      <div class="filters card">
        <select aria-label={t('after.year')} value={String(year())} onChange={(e) => setParams({ year: e.currentTarget.value })}>
          <For each={[-1, 0, 1].map((d) => thisYear + d)}>{(y) => <option value={String(y)}>{t('after.yearN', { n: y })}</option>}</For>
        </select>
        <span class="muted">{t('after.calendarHint')}</span>
      </div>
      <Show when={canEdit()}>
        <form class="card inline-form" onSubmit={submit}>
          <TextField label={t('after.day')} type="date" value={day()} onValue={setDay} name="day" required error={add.fields().day} />
          <PickField label={t('after.dayKind')} value={kind()} onValue={setKind} options={[{ value: 'holiday', label: t('after.dayKind.holiday') }, { value: 'workday', label: t('after.dayKind.workday') }]} />
          <TextField label={t('after.dayName')} value={name()} onValue={setName} name="dayName" required placeholder="春节" error={add.fields().name} />
          <button type="submit" class="primary" disabled={add.pending() || !day() || !name().trim()}>
            {t('common.save')}
          </button>
          <FormError message={add.formMessage()} />
        </form>
      </Show>
      <section class="card">
        <Show when={days()?.items.length} fallback={<p class="muted">{t('after.noDays', { year: year() })}</p>}>
          <ul class="day-list">
            <For each={days()!.items}>
              {(d) => (
                <li>
                  <span class="mono">{d.day}</span>
                  <Badge tone={d.kind === 'holiday' ? 'bad' : 'info'}>{d.kind === 'holiday' ? t('after.dayKind.holiday') : t('after.dayKind.workday')}</Badge>
                  <span>{d.name}</span>
                  <Show when={canEdit()}>
                    <button type="button" class="small danger-text" onClick={async () => { const r = await drop.run(d.id); if (!r.ok) toast.failure(r.error); }}>
                      {t('after.remove')}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <section class="card">
        <h2>{t('after.settings')}</h2>
        <dl class="facts">
          <dt>{t('after.minWorkingDays')}</dt>
          <dd>{settings()?.publicityMinWorkingDays}</dd>
          <dt>{t('after.blacklistYears')}</dt>
          <dd>{settings()?.blacklistYears.join('、')}</dd>
        </dl>
        <Show when={canSettings()}>
          <form class="inline-form" onSubmit={saveAll}>
            <TextField label={t('after.minWorkingDays')} type="number" min={5} value={minDays()} onValue={setMinDays} name="minDays" placeholder={String(settings()?.publicityMinWorkingDays ?? 5)} error={save.fields().publicityMinWorkingDays} />
            <TextField label={t('after.blacklistYears')} value={years()} onValue={setYears} name="blacklistYears" placeholder={settings()?.blacklistYears.join(',')} error={save.fields().blacklistYears} />
            <button type="submit" class="primary" disabled={save.pending()}>
              {t('common.save')}
            </button>
            <FormError message={save.formMessage()} />
          </form>
        </Show>
      </section>
    </div>
  );
}

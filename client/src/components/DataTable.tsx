import { For, Show, type JSX } from 'solid-js';
import { t } from '../i18n';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => JSX.Element;
  class?: string;
  /** The column that titles a card on a phone. */
  primary?: boolean;
}

/**
 * A dense table on a desk; on a phone each row becomes a card whose cells carry their column name
 * (CSS reads `data-label`).
 */
export function DataTable<T>(props: { columns: Column<T>[]; rows: readonly T[]; rowKey: (row: T) => string | number; empty?: string; caption?: string }) {
  return (
    <div class="table-wrap">
      <table class="data-table">
        <Show when={props.caption}>
          <caption class="sr-only">{props.caption}</caption>
        </Show>
        <thead>
          <tr>
            <For each={props.columns}>{(c) => <th class={c.class}>{c.header}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows} fallback={<tr class="empty"><td colSpan={props.columns.length}>{props.empty ?? t('common.empty')}</td></tr>}>
            {(row) => (
              <tr data-key={String(props.rowKey(row))}>
                <For each={props.columns}>
                  {(c) => (
                    <td class={c.class} classList={{ primary: !!c.primary }} data-label={c.header}>
                      {c.cell(row)}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

export function Pager(props: { page: number; pageSize: number; total: number; onPage: (p: number) => void; onPageSize?: (n: number) => void }) {
  const pages = () => Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav class="pager" aria-label="pagination">
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        {t('common.prev')}
      </button>
      <span class="pager-info">{t('common.page', { page: props.page, pages: pages(), total: props.total })}</span>
      <button type="button" disabled={props.page >= pages()} onClick={() => props.onPage(props.page + 1)}>
        {t('common.next')}
      </button>
      <Show when={props.onPageSize}>
        <select aria-label="page size" value={String(props.pageSize)} onChange={(e) => props.onPageSize!(Number(e.currentTarget.value))}>
          <For each={[20, 50, 100]}>{(n) => <option value={String(n)}>{t('common.pageSize', { n })}</option>}</For>
        </select>
      </Show>
    </nav>
  );
}

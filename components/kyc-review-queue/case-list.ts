/** The list: status filter, search, sort, the table of cases and paging. */
import { html, nothing } from 'lit';
import type { CaseItem, CaseStatus, SortOrder } from '../review-client/types.js';
import type { QueueContext } from './context.js';
import { formatDateTime, fullName, minutesSince } from './format.js';
import { CASE_STATUSES } from './types.js';

export class CaseList {
  private searchTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly ctx: QueueContext) {}

  /** Stops a pending search (the element left the page). */
  stop() {
    clearTimeout(this.searchTimer);
  }

  private query(change: { status?: CaseStatus | ''; q?: string; sort?: SortOrder }) {
    this.ctx.keyboard.activeIndex = -1;
    void this.ctx.client.queue.setQuery(change);
  }

  private readonly onStatusChange = (event: Event) =>
    this.query({ status: (event.currentTarget as HTMLSelectElement).value as CaseStatus | '' });

  private readonly onSortChange = (event: Event) =>
    this.query({ sort: (event.currentTarget as HTMLSelectElement).value as SortOrder });

  private readonly onSearchInput = (event: Event) => {
    const q = (event.currentTarget as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.query({ q }), 250);
  };

  private readonly onSearchSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    clearTimeout(this.searchTimer);
    const form = event.currentTarget as HTMLFormElement;
    this.query({ q: (form.elements.namedItem('q') as HTMLInputElement).value });
  };

  render() {
    const { s, dialogs } = this.ctx;
    const state = this.ctx.client.state;
    const { query, items, listState } = state;
    const sortLabel = query.sort === 'submittedAt' ? 'ascending' : 'descending';
    return html`<section part="list" class="list" aria-labelledby="list-heading">
      <header part="toolbar" class="toolbar">
        <div class="title">
          <h2 id="list-heading">${s.heading}</h2>
          <p part="count" class="count">${state.waitingCount === null ? nothing : s.waiting(state.waitingCount)}</p>
        </div>
        <form class="filters" role="search" @submit=${this.onSearchSubmit}>
          <label
            >${s.statusFilter}
            <select name="status" @change=${this.onStatusChange}>
              ${CASE_STATUSES.map(
                (status) => html`<option value=${status} ?selected=${status === query.status}>${s.status[status]}</option>`,
              )}
              <option value="" ?selected=${query.status === ''}>${s.allStatuses}</option>
            </select></label
          >
          <label
            >${s.search}
            <input type="search" name="q" autocomplete="off" .value=${query.q} @input=${this.onSearchInput}
          /></label>
          <label
            >${s.sort}
            <select name="sort" @change=${this.onSortChange}>
              <option value="submittedAt" ?selected=${query.sort === 'submittedAt'}>${s.oldestFirst}</option>
              <option value="-submittedAt" ?selected=${query.sort === '-submittedAt'}>${s.newestFirst}</option>
            </select></label
          >
        </form>
        <button part="button" class="help-button" type="button" aria-haspopup="dialog" @click=${() => dialogs.open('help')}>
          ${s.shortcuts} <kbd>?</kbd>
        </button>
      </header>
      <table part="table" role="table" aria-labelledby="list-heading" aria-busy=${listState === 'loading'}>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${s.colApplicant}</th>
            <th role="columnheader" scope="col">${s.colDocument}</th>
            <th role="columnheader" scope="col">${s.colStatus}</th>
            <th role="columnheader" scope="col" aria-sort=${sortLabel}>${s.colSubmitted}</th>
            <th role="columnheader" scope="col">${s.colWaited}</th>
            <th role="columnheader" scope="col">${s.colAssignee}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${items.map((item, index) => this.renderRow(item, index))}
        </tbody>
      </table>
      ${listState === 'loading' && !items.length ? html`<p class="empty">${s.loading}</p>` : nothing}
      ${listState === 'ready' && !items.length ? html`<p class="empty">${s.empty}</p>` : nothing}
      <footer class="list-footer">
        ${items.length ? html`<p class="shown">${s.shown(items.length, Math.max(state.total, items.length))}</p>` : nothing}
        ${state.nextCursor
          ? html`<button
              part="button load-more"
              type="button"
              ?disabled=${listState === 'loading'}
              @click=${() => this.ctx.client.queue.loadMore()}
            >
              ${s.loadMore}
            </button>`
          : nothing}
      </footer>
    </section>`;
  }

  private renderRow(item: CaseItem, index: number) {
    const { s, locale } = this.ctx;
    const name = fullName(item.applicant);
    const isNew = this.ctx.client.state.newIds.has(item.id);
    const waited = item.status === 'pending_review' && item.submittedAt;
    const active = index === this.ctx.keyboard.activeIndex;
    return html`<tr part="row" role="row" class=${`${active ? 'active' : ''} ${isNew ? 'new' : ''}`}>
      <th role="rowheader" scope="row">
        <a href=${this.ctx.router.casePath(item.id)} data-case-id=${item.id} data-index=${index}>${name}</a>
        ${isNew ? html`<span part="new-badge" class="badge new-badge">${s.newBadge}</span>` : nothing}
      </th>
      <td role="cell" data-label=${s.colDocument}>${item.documentType ? s.documentTypes[item.documentType] : '—'}</td>
      <td role="cell" data-label=${s.colStatus}>
        <span part="status" class=${`status status-${item.status}`}>${s.status[item.status] ?? item.status}</span>
      </td>
      <td role="cell" data-label=${s.colSubmitted}>
        ${item.submittedAt ? html`<time datetime=${item.submittedAt}>${formatDateTime(item.submittedAt, locale)}</time>` : '—'}
      </td>
      <td role="cell" data-label=${s.colWaited}>${waited ? s.duration(minutesSince(item.submittedAt, this.ctx.now)) : '—'}</td>
      <td role="cell" data-label=${s.colAssignee}>${item.assignee ?? s.unassigned}</td>
    </tr>`;
  }
}

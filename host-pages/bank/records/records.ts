/** "The bank's customer records": reads the bank's own server (bff/demo/bank.ts) every 2 s and renders the table. */
interface BankRecord {
  customerId: string;
  status: string;
  outcome: string | null;
  reason: string | null;
  signatureVerified: boolean;
  updatedAt: string;
}

const body = document.querySelector<HTMLTableSectionElement>('#records-body')!;
const statusLine = document.querySelector<HTMLElement>('#records-status')!;
const STATUS_WORDS: Record<string, string> = {
  'check started': 'check started',
  in_progress: 'in progress',
  pending_review: 'pending review',
  approved: 'approved',
  rejected: 'rejected',
  resubmission_requested: 'resubmission requested',
};

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

async function refresh(): Promise<void> {
  try {
    const answer = await fetch('/bank/api/records', { cache: 'no-store' });
    if (!answer.ok) throw new Error(String(answer.status));
    const { items } = (await answer.json()) as { items: BankRecord[] };
    const rows = items.map((record) => {
      const tr = document.createElement('tr');
      tr.dataset.customer = record.customerId;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = record.customerId;
      tr.append(
        th,
        cell(STATUS_WORDS[record.status] ?? record.status),
        cell(record.reason ?? ''),
        cell(record.signatureVerified ? 'signature verified' : 'no webhook yet', record.signatureVerified ? 'verified' : undefined),
        cell(new Date(record.updatedAt).toLocaleString()),
      );
      return tr;
    });
    body.replaceChildren(...rows);
    statusLine.textContent = items.length ? '' : 'No customers yet: open an account on the sign-up page.';
  } catch {
    statusLine.textContent = 'The records could not be loaded; trying again.';
  }
}

void refresh();
setInterval(() => void refresh(), 2000);
export {};

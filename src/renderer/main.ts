// The drop window: drop photos, see each one's stage. The full window (history, settings, first
// run) grows from here.
import { api } from './api';

const zone = document.querySelector<HTMLElement>('#drop-zone')!;
const list = document.querySelector<HTMLUListElement>('#jobs')!;
const rows = new Map<string, HTMLLIElement>();

const STAGE_TEXT: Record<string, string> = {
  queued: 'Queued',
  optimising: 'Optimising…',
  uploading: 'Uploading…',
  sharing: 'Making the link…',
  verifying: 'Checking the link opens…',
  done: 'Ready: DM text copied',
  failed: 'Failed',
};

api.onProgress((event) => {
  let row = rows.get(event.jobId);
  if (!row) {
    row = document.createElement('li');
    rows.set(event.jobId, row);
    list.prepend(row);
  }
  const pct = event.stage === 'uploading' && event.total ? ` ${Math.round(((event.sent ?? 0) / event.total) * 100)}%` : '';
  row.textContent = `${event.file.split(/[\\/]/).pop()}: ${STAGE_TEXT[event.stage] ?? event.stage}${pct}`;
  row.dataset.stage = event.stage;
});

zone.addEventListener('dragover', (event) => {
  event.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (event) => {
  event.preventDefault();
  zone.classList.remove('over');
  const paths = [...(event.dataTransfer?.files ?? [])].map((file) => api.pathForFile(file)).filter(Boolean);
  if (paths.length) void api.shareFiles({ paths });
});

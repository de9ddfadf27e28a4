// Bringing your own app (OAuth client) to a provider, for a copy of DM Drop built without its own:
// the exact steps in the provider's console, the redirect URI to register, boxes for the key / id /
// secret, and "Check and connect", which asks the provider whether it knows them (main answers with
// a plain sentence when it does not), saves them and opens the consent page. Everything it says
// comes from the provider's descriptor through the guide channel; it is a modal dialog over
// whichever view opened it (first run, Settings, a failed connect).
import type { AccountItem, ClientGuide } from '../../shared/ipc-contract';
import type { ProviderId } from '../../shared/settings-schema';
import { api } from '../api';
import { h, replaceChildren } from '../dom';

export interface ClientGuideOptions {
  notify(text: string): void;
  /** The account connected through the guide: the opener redraws with these. */
  connected(accounts: AccountItem[]): void;
}

function dialogElement(): HTMLDialogElement {
  const existing = document.querySelector<HTMLDialogElement>('#client-guide');
  if (existing) return existing;
  const dialog = h('dialog', { id: 'client-guide', 'aria-labelledby': 'client-guide-title' });
  document.body.append(dialog);
  return dialog;
}

/** Opens the guide for one provider; resolves once it is drawn. */
export async function openClientGuide(provider: ProviderId, options: ClientGuideOptions): Promise<void> {
  const answer = await api.clientGuide({ provider });
  if (!answer.ok) return options.notify(answer.error.message);
  const dialog = dialogElement();
  draw(dialog, answer.guide, options);
  if (!dialog.open) dialog.showModal();
  dialog.querySelector<HTMLInputElement>('input:not([readonly])')?.focus();
}

function intro(guide: ClientGuide): string {
  if (guide.source === 'environment') return `DM Drop was started with a ${guide.name} app in its environment, which is used instead of what is saved here.`;
  if (guide.source === 'settings') return `DM Drop connects to ${guide.name} with your own app, saved below.`;
  if (guide.builtIn) return `This copy of DM Drop has its own ${guide.name} app, so “Connect ${guide.name}” needs nothing else. To use an app of your own instead, follow these steps.`;
  return `This copy of DM Drop was built without a ${guide.name} app of its own, so ${guide.name} needs one of yours. It takes a few minutes, once:`;
}

function draw(dialog: HTMLDialogElement, guide: ClientGuide, options: ClientGuideOptions) {
  const error = h('p', { id: 'client-guide-error', class: 'error', role: 'alert' });
  const status = h('p', { id: 'client-guide-status', role: 'status' });
  const inputs = guide.fields.map((f) => ({
    field: f,
    input: h('input', { id: `client-${f.key}`, name: f.key, type: 'text', value: f.value ?? '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `client-${f.key}-hint` }),
  }));
  const submit = h('button', { type: 'submit', class: 'primary', id: 'client-guide-connect' }, 'Check and connect');
  const close = () => dialog.close();

  async function checkAndConnect(values: Record<string, string>) {
    error.textContent = '';
    submit.disabled = true;
    status.textContent = `Checking with ${guide.name}…`;
    try {
      const saved = await api.saveClient({ provider: guide.provider, values });
      if (!saved.ok) {
        status.textContent = '';
        error.textContent = saved.error.message;
        return;
      }
      status.textContent = `${guide.name} knows your app. Finish in the browser: allow DM Drop on ${guide.name}’s page that just opened.`;
      const connected = await api.connectAccount({ provider: guide.provider });
      if (!connected.ok) {
        status.textContent = '';
        error.textContent = connected.error.message;
        return;
      }
      close();
      options.notify(`${guide.name} is connected.`);
      options.connected(connected.accounts);
    } finally {
      submit.disabled = false;
    }
  }

  const form = h(
    'form',
    {
      id: 'client-guide-form',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault();
        void checkAndConnect(Object.fromEntries(inputs.map(({ field, input }) => [field.key, input.value])));
      },
    },
    ...inputs.map(({ field, input }) =>
      h('div', { class: 'field' }, h('label', { for: input.id }, `${guide.name} ${field.label}`), input, h('small', { id: `client-${field.key}-hint` }, capitalise(field.hint))),
    ),
    error,
    status,
    h(
      'div',
      { class: 'choices' },
      submit,
      guide.source === 'settings'
        ? h('button', { type: 'button', id: 'client-guide-remove', onclick: () => void removeOwn() }, guide.builtIn ? 'Use DM Drop’s own app again' : 'Remove my app')
        : false,
      h('button', { type: 'button', onclick: close }, 'Cancel'),
    ),
  );

  async function removeOwn() {
    const cleared = await api.saveClient({ provider: guide.provider, values: {} });
    if (!cleared.ok) return void (error.textContent = cleared.error.message);
    draw(dialog, cleared.guide, options);
    const listed = await api.listAccounts();
    if (listed.ok) options.connected(listed.accounts);
  }

  const redirect = h('input', { id: 'client-guide-redirect', type: 'text', readonly: true, value: guide.redirectUri, 'aria-describedby': 'client-guide-redirect-hint' });
  replaceChildren(
    dialog,
    h('h2', { id: 'client-guide-title' }, `Connect ${guide.name} with your own app`),
    h('p', {}, intro(guide)),
    h(
      'ol',
      { id: 'client-guide-steps' },
      ...guide.steps.map((step) =>
        h('li', {}, step.text, step.link ? ' ' : false, step.link ? h('button', { type: 'button', onclick: () => void openLink(step.link!, options) }, `Open ${new URL(step.link).hostname}`) : false),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'client-guide-redirect' }, guide.registerRedirect ? 'Redirect URI to register (exactly this)' : 'Redirect URI (nothing to register)'),
      redirect,
      h(
        'small',
        { id: 'client-guide-redirect-hint' },
        guide.registerRedirect
          ? `${guide.name} accepts only redirect URIs registered character for character.`
          : `${guide.name} accepts any loopback address for Desktop app clients.`,
      ),
    ),
    form,
  );
}

async function openLink(url: string, options: ClientGuideOptions) {
  const opened = await api.openLink({ url });
  if (!opened.ok) options.notify(opened.error.message);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "Connect <provider>" everywhere: with an app (built in, or the person's) it is the consent page
 * at once; without one, or when connecting says there is none, the guide opens.
 */
export async function connectOrGuide(account: AccountItem, options: ClientGuideOptions): Promise<void> {
  if (account.client === 'none') return openClientGuide(account.id, options);
  const answer = await api.connectAccount({ provider: account.id });
  if (answer.ok) return options.connected(answer.accounts);
  if (answer.error.code === 'NOT_CONNECTED' || answer.error.code === 'OAUTH_CLIENT_INVALID') return openClientGuide(account.id, options);
  options.notify(answer.error.message);
}

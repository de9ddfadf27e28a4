// A tiny element builder: enough for this window without a framework (nothing to eval, nothing
// to download at runtime, which the strict CSP would refuse anyway).
type Child = Node | string | false | undefined | null;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== false && child !== undefined && child !== null) el.append(child);
  return el;
}

export function replaceChildren(parent: Element, ...children: Child[]) {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== false && c !== undefined && c !== null));
}

export function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

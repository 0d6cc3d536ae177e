/**
 * Rendered pages (or other results, such as figures) of this process, reused while the data has not changed
 * (the store's change token covers writes by every process). Bounded: the least recently used goes first.
 */
export class PageCache<T = string> {
  private readonly pages = new Map<string, { token: string; html: T }>();

  constructor(private readonly limit = 2000) {}

  async get(key: string, token: string, render: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = this.pages.get(key);
    if (hit && hit.token === token) {
      this.pages.delete(key);
      this.pages.set(key, hit);
      return hit.html;
    }
    const html = await render();
    if (html === undefined) return undefined;
    this.pages.delete(key);
    this.pages.set(key, { token, html });
    if (this.pages.size > this.limit) this.pages.delete(this.pages.keys().next().value!);
    return html;
  }
}

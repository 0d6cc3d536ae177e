// Progressive enhancement of the record form; everything works without it.
// 1. The issue filter: shows only the issues whose labels (in any language) or aliases contain the words typed.
// 2. Company names: offers known companies as the user types, found by the company-name matcher.
(() => {
  const fold = (text) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();

  const filterBox = document.querySelector('[data-term-filter]');
  if (filterBox) {
    filterBox.hidden = false;
    const input = filterBox.querySelector('input');
    const items = [...document.querySelectorAll('.issues-picker [data-terms]')];
    input.addEventListener('input', () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      for (const item of items) {
        const terms = fold(item.dataset.terms);
        const checked = item.querySelector('input').checked;
        item.hidden = !checked && !words.every((word) => terms.includes(word));
      }
    });
  }

  const list = document.getElementById('company-suggestions');
  let timer;
  let controller;
  for (const input of document.querySelectorAll('[data-company-lookup]')) {
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2 || !list) return;
      // Only companies that score at least the page's floor are offered: a name like none gets no list.
      const floor = Number(input.dataset.companyLookup) || 0.2;
      timer = setTimeout(async () => {
        controller?.abort();
        controller = new AbortController();
        try {
          // The matcher finds known companies by any of their names, in any script, and by near spellings.
          const response = await fetch('/api/v1/match', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ names: [{ name: query }], threshold: floor, limit: 10 }),
            signal: controller.signal,
          });
          if (!response.ok) return;
          const { results } = await response.json();
          list.replaceChildren(
            ...(results[0]?.matches ?? [])
              .filter((company) => company.score >= floor)
              .map((company) => {
                const option = document.createElement('option');
                option.value = company.name;
                return option;
              }),
          );
        } catch {
          // A failed lookup leaves the field as a plain text input.
        }
      }, 200);
    });
  }
})();
